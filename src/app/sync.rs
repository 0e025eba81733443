//! The background sync (issue 16, item 5): when this data folder syncs with a hub, a named
//! thread opens its own connection to the data folder's database and runs
//! [`rpma_core::sync::sync_once`] every `SYNC_INTERVAL_SECONDS` (300 by default) and when asked
//! ("Synchroniser maintenant"), retrying a round the hub failed (unreachable, server error)
//! `SYNC_RETRY_ATTEMPTS` times with an exponential backoff from `SYNC_RETRY_DELAY_SECONDS`. Neither the UI thread nor the database
//! worker ever waits on the network: the thread reports over a channel, read once per frame.
//! Another thread listens to the hub (LISTEN/NOTIFY): another terminal's push starts a round at
//! once, so its changes show here within seconds.
//! It also re-reads the local sync state (pending changes) every few seconds — a local save is
//! sent 30 s later rather than at the next interval — and runs the
//! admin's hub calls (join code, terminals, revoke). After a round that applied other terminals'
//! changes, the screens that only show data are reloaded.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use rpma_core::Session;
use rpma_core::sync::admin::{self, HubTerminal};
use rpma_core::sync::{self, SyncError, SyncReport, SyncStatus};
use rpma_core::{Store, format};

use super::{App, Phase};
use crate::ui::screen::Broadcast;
use crate::ui::status_bar::{SyncBadge, SyncTone};
use crate::ui::sync_state::{SyncRequest, SyncView};

/// Seconds between two rounds (the seeds' value).
pub const DEFAULT_INTERVAL_S: u64 = 300;
/// Tries of a failed round before waiting for the next interval.
pub const DEFAULT_RETRY_ATTEMPTS: u32 = 3;
/// First wait before retrying (doubled after each failure).
pub const DEFAULT_RETRY_DELAY_S: u64 = 5;
/// The local state (pending changes) is read again this often.
const STATUS_EVERY: Duration = Duration::from_millis(500);
/// A local save is sent this long after it is seen (saves in a row go together), so that another
/// online terminal has it within 2 s: seen within [`STATUS_EVERY`], sent after this, and the
/// other terminal's listener pulls at once.
const AFTER_SAVE: Duration = Duration::from_secs(1);

/// Test hook (feature `test-hooks`): how long a local save waits before it is sent, instead of
/// [`AFTER_SAVE`] (0: the normal delay). For the kittests that look at a change while it waits.
#[cfg(feature = "test-hooks")]
static HOLD_SAVES_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Test hook: local saves wait `hold` before they are sent (every sync thread of this process).
#[cfg(feature = "test-hooks")]
pub fn hold_saves_for_tests(hold: Duration) {
    HOLD_SAVES_MS.store(
        u64::try_from(hold.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// How long a local save waits before it is sent.
fn after_save() -> Duration {
    #[cfg(feature = "test-hooks")]
    {
        let ms = HOLD_SAVES_MS.load(Ordering::Relaxed);
        if ms > 0 {
            return Duration::from_millis(ms);
        }
    }
    AFTER_SAVE
}
/// The listening thread checks whether it should stop this often.
const LISTEN_SLICE: Duration = Duration::from_secs(2);
/// A lost listening connection is made again after this long.
const RELISTEN_AFTER: Duration = Duration::from_secs(30);

/// When the thread syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Timing {
    interval: Duration,
    attempts: u32,
    delay: Duration,
}

impl Timing {
    fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The seeds' values, overridden by the variables `get` knows (bad values are ignored).
    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str, default: u64| {
            get(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(default)
        };
        Self {
            interval: Duration::from_secs(var("SYNC_INTERVAL_SECONDS", DEFAULT_INTERVAL_S).max(1)),
            attempts: u32::try_from(var(
                "SYNC_RETRY_ATTEMPTS",
                u64::from(DEFAULT_RETRY_ATTEMPTS),
            ))
            .unwrap_or(DEFAULT_RETRY_ATTEMPTS)
            .max(1),
            delay: Duration::from_secs(var("SYNC_RETRY_DELAY_SECONDS", DEFAULT_RETRY_DELAY_S)),
        }
    }
}

/// Work for the thread.
#[derive(Debug)]
enum Cmd {
    Now,
    JoinCode(Box<Session>),
    Terminals(Box<Session>),
    Revoke(Box<Session>, String),
    FetchPhoto(String),
}

/// What the thread reports.
#[derive(Debug)]
enum Msg {
    Status(Box<SyncStatus>),
    Running,
    Round(Result<SyncReport, SyncError>),
    JoinCode(Result<Option<String>, SyncError>),
    Terminals(Result<Vec<HubTerminal>, SyncError>),
    Revoked(Result<(), SyncError>),
    /// A photo asked for is here (or could not be fetched).
    PhotoFetched(bool),
    /// The thread stopped (its database could not be opened, or the folder does not sync).
    Stopped(Option<SyncError>),
}

/// The app's side of the sync thread.
#[derive(Debug, Default)]
pub(super) struct SyncRunner {
    started: bool,
    tx: Option<Sender<Cmd>>,
    rx: Option<Receiver<Msg>>,
    /// What the screens see.
    pub(super) view: SyncView,
}

impl SyncRunner {
    /// Starts the thread on `db` (once).
    fn start(&mut self, db: PathBuf, ctx: &egui::Context) {
        self.started = true;
        let (tx, cmds) = mpsc::channel();
        let (out, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let timing = Timing::from_env();
        let again = tx.clone();
        let repaint = ctx.clone();
        let spawned = crate::tasks::thread::spawn_then(
            "rpma-sync",
            move || {
                let wake = move || ctx.request_repaint();
                run(&db, &cmds, &out, &wake, timing, again);
            },
            // A panic is logged; the app sees the thread's channel closed.
            move |_| repaint.request_repaint(),
        );
        match spawned {
            Ok(_) => {
                self.tx = Some(tx);
                self.rx = Some(rx);
            }
            Err(e) => tracing::error!("cannot start the sync thread: {e}"),
        }
    }

    /// Reads the thread's reports; returns true when a round applied other terminals' changes.
    fn poll(&mut self) -> bool {
        let mut applied = false;
        let Some(rx) = &self.rx else {
            return false;
        };
        let mut stopped = false;
        while let Ok(msg) = rx.try_recv() {
            let v = &mut self.view;
            match msg {
                Msg::Status(s) => v.status = Some(*s),
                Msg::Running => v.running = true,
                Msg::Round(r) => {
                    v.running = false;
                    match r {
                        Ok(rep) => {
                            v.error = None;
                            applied |= rep.applied > 0;
                            if rep.files_fetched > 0 {
                                v.photos_generation += 1;
                            }
                        }
                        Err(e) => v.error = Some(Arc::new(e)),
                    }
                }
                Msg::JoinCode(r) => {
                    v.admin_busy = false;
                    match r {
                        Ok(code) => v.join_code = code,
                        Err(e) => v.admin_error = Some(Arc::new(e)),
                    }
                }
                Msg::Terminals(r) => {
                    v.admin_busy = false;
                    match r {
                        Ok(list) => v.terminals = Some(list),
                        Err(e) => v.admin_error = Some(Arc::new(e)),
                    }
                }
                Msg::Revoked(r) => {
                    v.admin_busy = false;
                    if let Err(e) = r {
                        v.admin_error = Some(Arc::new(e));
                    }
                }
                Msg::PhotoFetched(got) => {
                    if got {
                        v.photos_generation += 1;
                    }
                }
                Msg::Stopped(e) => {
                    v.running = false;
                    if let Some(e) = e {
                        v.error = Some(Arc::new(e));
                    }
                    stopped = true;
                }
            }
        }
        if stopped {
            self.tx = None;
            self.rx = None;
        }
        applied
    }

    fn send(&mut self, cmd: Cmd) {
        let Some(tx) = &self.tx else {
            return;
        };
        match &cmd {
            Cmd::Now => self.view.running = true,
            Cmd::FetchPhoto(_) => {}
            _ => {
                self.view.admin_busy = true;
                self.view.admin_error = None;
            }
        }
        if tx.send(cmd).is_err() {
            self.view.running = false;
            self.view.admin_busy = false;
        }
    }

    /// Stopped, never started, or running for a syncing folder (see [`App::sync_settled`]).
    pub(super) fn settled(&self) -> bool {
        self.rx.is_none() || self.view.configured()
    }

    /// What the status bar shows; None while the state is unknown.
    pub(super) fn badge(&self, lang: rpma_core::Lang, tz: format::Tz) -> Option<SyncBadge> {
        let v = &self.view;
        let s = v.status.as_ref()?;
        let server = s.server.clone()?;
        let last = s.last_sync.map_or_else(
            || lang.tr("status-sync-never"),
            |ms| format::format_datetime(ms, tz, lang),
        );
        let n = |k: &str| {
            lang.tr_args(
                k,
                &[
                    ("n", rpma_core::i18n::Arg::from(s.pending)),
                    ("time", last.as_str().into()),
                ],
            )
        };
        let (text, tone) = if v.running {
            (lang.tr("status-sync-running"), SyncTone::Busy)
        } else if v.error.is_some() {
            let key = if v.offline() {
                "status-sync-offline"
            } else {
                "status-sync-error"
            };
            (lang.tr(key), SyncTone::Error)
        } else if s.pending > 0 {
            (n("status-sync-pending"), SyncTone::Warn)
        } else {
            (n("status-sync-done"), SyncTone::Ok)
        };
        let mut hover = lang.tr_args(
            "status-sync-hover",
            &[
                ("server", server.as_str().into()),
                ("time", last.as_str().into()),
            ],
        );
        if let Some(e) = &v.error {
            hover = format!("{hover}\n{}", e.message(lang));
        }
        Some(SyncBadge { text, hover, tone })
    }
}

/// The thread: its own store, rounds on a timer or when asked, the local state every few
/// seconds, admin calls.
fn run(
    db: &std::path::Path,
    cmds: &Receiver<Cmd>,
    out: &Sender<Msg>,
    wake: &dyn Fn(),
    t: Timing,
    again: Sender<Cmd>,
) {
    let send = |m: Msg| {
        let _ = out.send(m);
        wake();
    };
    let mut store = match Store::open(db) {
        Ok((s, _)) => s,
        Err(e) => {
            tracing::error!("sync: cannot open the database: {e}");
            send(Msg::Stopped(Some(SyncError::Core(e))));
            return;
        }
    };
    let mut last_status: Option<SyncStatus> = None;
    let mut read_status = |store: &Store| match sync::status(store) {
        Ok(s) => {
            if last_status.as_ref() != Some(&s) {
                last_status = Some(s.clone());
                send(Msg::Status(Box::new(s.clone())));
            }
            Some(s)
        }
        Err(e) => {
            tracing::warn!("sync: state unreadable: {e}");
            None
        }
    };
    let Some(first) = read_status(&store) else {
        send(Msg::Stopped(None));
        return;
    };
    if first.server.is_none() {
        // This folder does not sync (setting it up needs the app closed: `rpma sync …`).
        send(Msg::Stopped(None));
        return;
    }
    // Other terminals' pushes start a round at once (LISTEN/NOTIFY), until this thread ends.
    let _listening = match sync::listen::Credentials::of(&store) {
        Ok(Some(creds)) => Some(listen(creds, again)),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!("sync: cannot listen for other terminals: {e}");
            None
        }
    };
    let mut seen_pending = first.pending;
    let mut queued: VecDeque<Cmd> = VecDeque::new();
    let mut next_round = Instant::now();
    loop {
        let cmd = if let Some(c) = queued.pop_front() {
            Some(c)
        } else {
            let wait = next_round
                .saturating_duration_since(Instant::now())
                .min(STATUS_EVERY);
            match cmds.recv_timeout(wait) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        match cmd {
            Some(Cmd::Now) => {
                round(&mut store, cmds, &mut queued, &send, t);
                next_round = Instant::now() + t.interval;
            }
            Some(Cmd::JoinCode(u)) => send(Msg::JoinCode(admin::join_code(&store, &u))),
            Some(Cmd::Terminals(u)) => send(Msg::Terminals(admin::terminals(&store, &u))),
            Some(Cmd::Revoke(u, id)) => {
                send(Msg::Revoked(admin::revoke(&mut store, &u, &id)));
                send(Msg::Terminals(admin::terminals(&store, &u)));
            }
            Some(Cmd::FetchPhoto(sha)) => {
                let got = sync::blobs::fetch_photo(&mut store, &sha).unwrap_or_else(|e| {
                    tracing::warn!("sync: photo {sha} not fetched: {e}");
                    false
                });
                send(Msg::PhotoFetched(got));
            }
            None if Instant::now() >= next_round => {
                round(&mut store, cmds, &mut queued, &send, t);
                next_round = Instant::now() + t.interval;
            }
            None => {}
        }
        if let Some(st) = read_status(&store) {
            if st.pending > seen_pending {
                // A local save: sent shortly after, not only at the next interval.
                next_round = next_round.min(Instant::now() + after_save());
            }
            seen_pending = st.pending;
        }
    }
}

/// Ends the listening thread when dropped.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Listens on a thread of its own for other terminals' pushes and asks the runner for a round
/// each time; a lost connection is made again after [`RELISTEN_AFTER`].
fn listen(creds: sync::listen::Credentials, again: Sender<Cmd>) -> StopOnDrop {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let spawned = crate::tasks::thread::spawn_then(
        "rpma-sync-listen",
        move || {
            while !flag.load(Ordering::Relaxed) {
                match sync::listen::Listener::start(&creds) {
                    Ok(mut l) => {
                        while !flag.load(Ordering::Relaxed) {
                            match l.wait(LISTEN_SLICE) {
                                Ok(true) => {
                                    if again.send(Cmd::Now).is_err() {
                                        return;
                                    }
                                }
                                Ok(false) => {}
                                Err(e) => {
                                    tracing::debug!("sync: listening stopped: {e}");
                                    break;
                                }
                            }
                        }
                    }
                    Err(e) => tracing::debug!("sync: cannot listen: {e}"),
                }
                let until = Instant::now() + RELISTEN_AFTER;
                while !flag.load(Ordering::Relaxed) && Instant::now() < until {
                    std::thread::sleep(LISTEN_SLICE);
                }
            }
        },
        // A panic is logged; rounds still run on their timer.
        drop,
    );
    if let Err(e) = spawned {
        tracing::warn!("sync: cannot start the listening thread: {e}");
    }
    StopOnDrop(stop)
}

/// One round with its retries; commands that arrive meanwhile wait in `queued` ("now" cuts a
/// backoff short).
fn round(
    store: &mut Store,
    cmds: &Receiver<Cmd>,
    queued: &mut VecDeque<Cmd>,
    send: &dyn Fn(Msg),
    t: Timing,
) {
    send(Msg::Running);
    let mut delay = t.delay;
    let mut attempt = 1;
    loop {
        let r = sync::sync_once(store);
        match &r {
            Ok(rep) => tracing::info!(
                pushed = rep.pushed,
                pulled = rep.pulled,
                applied = rep.applied,
                "sync round done"
            ),
            Err(e) => tracing::warn!(attempt, "sync round failed: {e}"),
        }
        // Only the hub being unreachable or failing is worth a retry; a refusal (revoked,
        // another protocol, no hub) stays until someone acts.
        let transient = matches!(r, Err(SyncError::Hub(_)));
        if !transient || attempt >= t.attempts {
            send(Msg::Round(r));
            return;
        }
        attempt += 1;
        match cmds.recv_timeout(delay) {
            Ok(Cmd::Now) | Err(RecvTimeoutError::Timeout) => {}
            Ok(other) => queued.push_back(other),
            Err(RecvTimeoutError::Disconnected) => {
                send(Msg::Round(r));
                return;
            }
        }
        delay = delay.saturating_mul(2);
    }
}

impl App {
    /// Once per frame: starts the thread once the database is open, reads its reports, reloads
    /// the data screens after applied changes, and publishes the view for the screens.
    pub(super) fn sync_frame(&mut self, ctx: &egui::Context) {
        match self.phase {
            Phase::Login | Phase::SignedIn | Phase::Locked => {
                let idle = !self.sync.started && !self.parts.jobs.is_detached();
                let root = self.parts.jobs.data_root().filter(|_| idle);
                if let Some(root) = root {
                    let db = root.join(rpma_core::datadir::DB_FILE);
                    self.sync.start(db, ctx);
                }
            }
            // Another database may be switched in: the thread stops with its channel.
            Phase::Recovery | Phase::Fatal(_) if self.sync.started => {
                self.sync = SyncRunner::default();
            }
            _ => {}
        }
        if self.sync.poll() {
            self.reload_data_screens();
        }
        self.sync.view.publish(ctx);
    }

    /// A screen asked the sync for work.
    pub(super) fn sync_request(&mut self, req: SyncRequest) {
        let user = self.parts.user.clone().map(Box::new);
        let cmd = match (req, user) {
            (SyncRequest::Now, _) => Cmd::Now,
            (SyncRequest::FetchPhoto(sha), _) => Cmd::FetchPhoto(sha),
            (SyncRequest::JoinCode, Some(u)) => Cmd::JoinCode(u),
            (SyncRequest::Terminals, Some(u)) => Cmd::Terminals(u),
            (SyncRequest::Revoke(id), Some(u)) => Cmd::Revoke(u, id),
            (_, None) => return,
        };
        self.sync.send(cmd);
    }

    /// Other terminals' changes were applied: the screens that only show data read it again
    /// (forms with a draft are left alone; they save against the record as it now is).
    fn reload_data_screens(&mut self) {
        let Self {
            parts,
            screens,
            route,
            ..
        } = self;
        let mut cx = parts.cx();
        screens.broadcast(&Broadcast::RemoteChanges { on_show: *route }, &mut cx);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rpma_core::Lang;
    use rpma_core::sync::{SyncError, SyncStatus, TerminalInfo};

    use super::{Arc, SyncRunner, SyncTone};

    fn runner(pending: i64, server: Option<&str>) -> SyncRunner {
        let mut r = SyncRunner::default();
        r.view.status = Some(SyncStatus {
            server: server.map(str::to_owned),
            terminal: TerminalInfo {
                id: "t".into(),
                code: "T1".into(),
            },
            shop_id: None,
            last_sync: Some(1_700_000_000_000),
            pending,
            errors: Vec::new(),
            conflicts: 0,
            last_error: None,
            rejects: 0,
            head_office: false,
            shop_keys: None,
        });
        r
    }

    const HUB: Option<&str> = Some("postgres://rpma@hub.example:5432/rpma");

    #[test]
    fn the_badge_says_pending_synced_syncing_offline() {
        let tz = rpma_core::format::DEFAULT_TZ;
        assert!(runner(0, None).badge(Lang::Fr, tz).is_none());
        let b = runner(3, HUB).badge(Lang::Fr, tz).unwrap();
        assert_eq!(b.tone, SyncTone::Warn);
        assert!(b.text.contains('3'), "{}", b.text);
        assert!(b.hover.contains("hub.example"), "{}", b.hover);
        let b = runner(0, HUB).badge(Lang::En, tz).unwrap();
        assert_eq!(b.tone, SyncTone::Ok);
        assert!(b.text.starts_with("Synced"), "{}", b.text);
        let mut r = runner(0, HUB);
        r.view.running = true;
        assert_eq!(r.badge(Lang::En, tz).unwrap().tone, SyncTone::Busy);
        r.view.running = false;
        r.view.error = Some(Arc::new(SyncError::Hub("connection refused".into())));
        let b = r.badge(Lang::En, tz).unwrap();
        assert_eq!((b.tone, b.text.as_str()), (SyncTone::Error, "Offline"));
        assert!(b.hover.contains("connection refused"), "{}", b.hover);
        r.view.error = Some(Arc::new(SyncError::Revoked));
        let b = r.badge(Lang::En, tz).unwrap();
        assert_eq!(b.text, "Sync error");
        assert!(b.hover.contains("revoked"), "{}", b.hover);
    }

    #[test]
    fn the_timing_is_the_seeds_unless_overridden() {
        let t = super::Timing::from_lookup(|_| None);
        assert_eq!(t.interval.as_secs(), 300);
        assert_eq!(t.attempts, 3);
        assert_eq!(t.delay.as_secs(), 5);
        let t = super::Timing::from_lookup(|name| match name {
            "SYNC_INTERVAL_SECONDS" => Some(" 60 ".into()),
            "SYNC_RETRY_ATTEMPTS" => Some("0".into()),
            _ => Some("soon".into()),
        });
        assert_eq!(t.interval.as_secs(), 60);
        assert_eq!(t.attempts, 1, "at least one try");
        assert_eq!(t.delay.as_secs(), 5, "a bad value keeps the default");
    }
}
