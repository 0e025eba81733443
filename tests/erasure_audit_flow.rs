//! The audit screen after a GDPR erasure (kittest, French UI): the entries about the erased
//! client stay (the chain is intact) but name no one; their personal values read « effacé ».

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{app, click, labels, login, shows, texts};
use egui_kittest::kittest::Queryable as _;
use rpma::route::RouteKind;
use rpma_core::Store;
use rpma_core::clients::{self, ClientInput};
use rpma_demo as demo;

const NAME: &str = "Zéphyrine Quatremare";
const EMAIL: &str = "zephyrine.q@exemple.fr";

fn user(store: &Store, username: &str) -> rpma_core::Session {
    rpma_core::testing::session_named(store, username)
}

#[test]
fn the_audit_screen_shows_an_erased_clients_values_as_erased() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
        demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
        let admin = user(&store, "admin");
        let c = clients::create(
            &mut store,
            &admin,
            &ClientInput {
                name: NAME.into(),
                email: EMAIL.into(),
                notes: "Préfère être appelée le matin".into(),
                country: "FR".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        clients::erase(&mut store, &admin, &c.id).unwrap();
        let chains = rpma_core::audit::verify_chains(store.conn()).unwrap();
        assert!(chains.iter().all(|c| c.result.is_ok()), "{chains:?}");
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "   Journal d'audit");
    assert_eq!(h.state().route(), RouteKind::Audit);
    let created = "Claire Moreau a créé le client « (client effacé) »";
    assert!(shows(&h, created), "{}", labels(&h));
    assert!(shows(
        &h,
        "Claire Moreau a effacé les données personnelles du client « (client effacé) »"
    ));
    click(&mut h, created);
    assert!(shows(&h, "Détail de l'entrée"), "{}", labels(&h));
    // The personal fields are listed, each « effacé »; the rest of the entry is still there.
    for field in ["name", "email", "notes"] {
        assert!(shows(&h, field), "{field}: {}", labels(&h));
    }
    assert!(
        h.query_all_by_label("effacé").count() >= 3,
        "{}",
        labels(&h)
    );
    assert!(shows(&h, "individual"), "{}", labels(&h));
    let all = texts(&h);
    for gone in ["Zéphyrine", "Quatremare", EMAIL, "matin"] {
        assert!(!all.contains(gone), "{gone} still shown: {all}");
    }
}
