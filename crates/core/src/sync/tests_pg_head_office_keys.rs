//! A head office receives the shops' keys through the hub and checks their accounts' two-factor
//! codes; the hub keeps the keys sealed, shows a shop's terminal its own rows only, and seals
//! nothing more for a revoked head office (against a real PostgreSQL, see `tests_pg`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use postgres::error::SqlState;

use super::conn::HubUrl;
use super::tests_pg::TestHub;
use super::{head_office, local};
use crate::Store;
use crate::auth::login::{LoginOutcome, login, login_totp};
use crate::auth::{totp, two_factor};
use crate::testutil::{Fixture, PW_ADMIN};

/// Enrols the fixture's admin in two-factor sign-in; returns the secret.
fn enrol_admin(f: &mut Fixture) -> Vec<u8> {
    let admin = f.admin.clone();
    let e = two_factor::begin_totp(&mut f.store, &admin).unwrap();
    let secret = totp::base32_decode(&e.secret).unwrap();
    let now = u64::try_from(f.store.now_ms() / 1000).unwrap();
    let code = format!(
        "{:06}",
        totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
    );
    two_factor::confirm_totp(&mut f.store, &admin, &code).unwrap();
    secret
}

/// Signs in at `store` with the password then the TOTP code of `secret` at its clock.
fn sign_in_with_code(store: &mut Store, user: &str, secret: &[u8]) -> Result<(), &'static str> {
    let challenge = match login(store, user, PW_ADMIN).unwrap() {
        LoginOutcome::NeedsTotp(c) => c,
        other => panic!("{user}: a code is asked for, got {other:?}"),
    };
    let now = u64::try_from(store.now_ms() / 1000).unwrap();
    let code = format!(
        "{:06}",
        totp::totp(secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
    );
    match login_totp(store, &challenge, &code) {
        Ok(LoginOutcome::SignedIn(_)) => Ok(()),
        Ok(other) => panic!("unexpected {other:?}"),
        Err(crate::CoreError::Refused { key }) => Err(key),
        Err(e) => panic!("{e}"),
    }
}

fn keys_on_hub(hub: &TestHub) -> i64 {
    hub.admin()
        .query_one("SELECT count(*) FROM rpma_hub.head_office_keys", &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_head_office_receives_the_shops_keys_and_checks_their_two_factor_codes() {
    let Some(hub) = TestHub::new("head_office_keys") else {
        return;
    };
    // Shop A's admin uses two-factor sign-in; shop B is a second shop of the chain.
    let mut fa = Fixture::new();
    let secret = enrol_admin(&mut fa);
    super::init_server(&hub.url, &mut fa.store, "Shop A").unwrap();
    let mut fb = Fixture::new();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    let a = local::require(fa.store.conn()).unwrap();
    let b = local::require(fb.store.conn()).unwrap();

    // The head office: its first round publishes its public key; no shop has sealed yet.
    let mut hq = Store::open_in_memory().unwrap();
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    let public: Option<String> = hub
        .admin()
        .query_one("SELECT public_key FROM rpma_hub.head_offices", &[])
        .unwrap()
        .get(0);
    assert!(public.unwrap().starts_with("age1"), "an age public key");
    assert_eq!(super::status(&hq).unwrap().shop_keys, Some(0));
    assert_eq!(super::status(&fa.store).unwrap().shop_keys, None);
    let login_a = format!("admin.{}", a.shop_id.replace('-', "")[24..].to_owned());
    assert_eq!(
        sign_in_with_code(&mut hq, &login_a, &secret),
        Err("err-totp-code"),
        "without shop A's key its secret does not open here"
    );

    // Each shop's next round seals its key to the head office; the hub never holds one in clear.
    super::sync_once(&mut fa.store).unwrap();
    super::sync_once(&mut fb.store).unwrap();
    assert_eq!(keys_on_hub(&hub), 2);
    let sealed: Vec<String> = hub
        .admin()
        .query("SELECT sealed_key FROM rpma_hub.head_office_keys", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for s in &sealed {
        for key in [fa.store.key(), fb.store.key()] {
            assert!(ShopKeyHex::of(key).iter().all(|h| !s.contains(h.as_str())));
        }
    }
    // A round again seals nothing more.
    super::sync_once(&mut fa.store).unwrap();
    assert_eq!(keys_on_hub(&hub), 2);

    // Shop B's credentials: its own row only, no sealed key, and no row for shop A.
    let url = HubUrl::parse(&hub.url).unwrap();
    let mut tb = url
        .connect_as(&b.role, &local::password(&fb.store, &b).unwrap())
        .unwrap();
    let seen: Vec<String> = tb
        .query("SELECT shop_id FROM rpma_hub.head_office_keys", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen, vec![b.shop_id.clone()]);
    let e = tb
        .query("SELECT sealed_key FROM rpma_hub.head_office_keys", &[])
        .unwrap_err();
    assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE));
    let hq_role = local::require(hq.conn()).unwrap().role;
    let e = tb
        .execute(
            "INSERT INTO rpma_hub.head_office_keys
                 (role, shop_id, fingerprint, sealed_key, created_at)
             VALUES ($1, $2, 'forged', 'forged', 0)",
            &[&hq_role, &a.shop_id],
        )
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some(&SqlState::INSUFFICIENT_PRIVILEGE),
        "another shop's row is refused by row-level security"
    );
    let e = tb
        .execute(
            "UPDATE rpma_hub.head_offices SET public_key = 'age1forged'",
            &[],
        )
        .unwrap_err();
    assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE));

    // The head office's next round opens both; shop A's admin signs in there with a code.
    super::sync_once(&mut hq).unwrap();
    assert_eq!(super::status(&hq).unwrap().shop_keys, Some(2));
    sign_in_with_code(&mut hq, &login_a, &secret).unwrap();
    // Kept sealed with the head office's own key, never in clear.
    let kept = crate::terminal_settings::read(hq.conn(), super::head_office_keys::SHOP_KEYS_KEY)
        .unwrap()
        .unwrap();
    for h in ShopKeyHex::of(fa.store.key()) {
        assert!(!kept.contains(&h));
    }

    // Revoked by the hub's owner: its rows go, and no shop seals for it any more.
    head_office::revoke(&hub.url, "Siège", hq.now_ms()).unwrap();
    assert_eq!(keys_on_hub(&hub), 0);
    super::sync_once(&mut fa.store).unwrap();
    super::sync_once(&mut fb.store).unwrap();
    assert_eq!(
        keys_on_hub(&hub),
        0,
        "nothing sealed for a revoked head office"
    );
    // Enabled again: the shops seal their keys for it at their next round.
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    super::sync_once(&mut fa.store).unwrap();
    assert_eq!(keys_on_hub(&hub), 1);
}

/// The ways a key could show in clear text: its hex, as the key file holds it.
struct ShopKeyHex;

impl ShopKeyHex {
    fn of(key: &crate::keys::ShopKey) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        key.write_file(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let hex = text.lines().nth(1).unwrap().trim().to_owned();
        vec![hex.to_uppercase(), hex]
    }
}
