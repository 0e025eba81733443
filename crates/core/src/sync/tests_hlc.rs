//! Two connections to one data folder (the app's database worker and a background sync): a
//! write on one comes after every clock the other applied, so a newer local edit is never taken
//! for an older one.

#![allow(clippy::unwrap_used)]

use crate::Store;
use crate::store::hlc;

#[test]
fn a_write_comes_after_clocks_applied_by_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let (mut worker, _) = Store::open(&path).unwrap();
    let (mut sync, _) = Store::open(&path).unwrap();
    worker.write(None, |_| Ok(())).unwrap();
    // The sync connection applies a change stamped an hour ahead of this machine's clock.
    let ahead = hlc::from_ms(worker.now_ms() + 3_600_000);
    sync.apply_pulled(|tx| tx.observe_hlc(ahead)).unwrap();
    let used = worker.write(None, |tx| Ok(tx.hlc())).unwrap();
    assert!(used > ahead, "{used} after {ahead}");
}
