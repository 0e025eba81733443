//! The permission matrix, checked through the core services: one table of rows, each a real call
//! of a public service through the core on a copy of a real shop ([`crate::service_matrix_world`]),
//! run as every role and as an account whose sign-in is not complete. A row succeeds exactly when
//! the permission rules allow it ([`allows`], or the row's own rule when the service has one more:
//! own jobs, four eyes, self-service); otherwise it gets the refusal the row names and changes
//! nothing (every table and the data folder's files compared) — whatever the UI shows or hides.
//!
//! The rows are in `service_matrix_rows.rs` (accounts, self-service, settings, safety),
//! `service_matrix_jobs.rs` (clients, vehicles, jobs) and `service_matrix_interventions.rs`. The
//! same test fails when a public function of the core taking a [`Session`] is named by no row
//! and not exempted below.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use crate::audit::{self, AuditFilter};
use crate::auth::permissions::{Action, Role, allows};
use crate::service_matrix_world::{Base, World};
use crate::testutil::Fixture;
use crate::users::{self, User};
use crate::{CoreError, CoreResult, Session};

/// Who acts in one run of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    /// The account of that role.
    Role(Role),
    /// An admin account whose password must still be changed: its sign-in is not complete.
    Pending,
}

const WHO: [Who; 5] = [
    Who::Role(Role::Admin),
    Who::Role(Role::Supervisor),
    Who::Role(Role::Technician),
    Who::Role(Role::Viewer),
    Who::Pending,
];

/// What a call gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Out {
    /// Success.
    Ok,
    /// Success, returning this many records (a read scoped to what the role may see).
    Sees(usize),
    /// `CoreError::Forbidden`.
    Forbidden,
    /// `CoreError::NotFound`: the record is outside what the actor may see (a technician and
    /// someone else's job).
    Hidden,
    /// `CoreError::Refused` or `RefusedWith` with this key: a rule beyond the role.
    Refused(&'static str),
}

impl Out {
    fn is_success(self) -> bool {
        matches!(self, Self::Ok | Self::Sees(_))
    }

    fn matches(self, got: &CoreResult<usize>) -> bool {
        match (self, got) {
            (Self::Ok, Ok(_)) => true,
            (Self::Sees(n), Ok(m)) => n == *m,
            (Self::Forbidden, Err(CoreError::Forbidden(_))) => true,
            (Self::Hidden, Err(CoreError::NotFound { .. })) => true,
            (
                Self::Refused(k),
                Err(CoreError::Refused { key } | CoreError::RefusedWith { key, .. }),
            ) => k == *key,
            _ => false,
        }
    }
}

/// What a row expects, by role. An account whose sign-in is not complete is always refused.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect {
    /// Success exactly when the matrix grants the action, `Forbidden` otherwise.
    Matrix(Action),
    /// A service with a rule beyond the matrix: the outcome for (admin, supervisor, technician,
    /// viewer). The action is the one the service checks; a role the matrix refuses it never
    /// succeeds (checked).
    Each(Action, [Out; 4]),
}

impl Expect {
    pub(crate) fn action(self) -> Action {
        match self {
            Self::Matrix(a) | Self::Each(a, _) => a,
        }
    }

    fn outcome(self, who: Who) -> Out {
        let Who::Role(role) = who else {
            return Out::Forbidden;
        };
        match self {
            Self::Matrix(a) if allows(role, a) => Out::Ok,
            Self::Matrix(_) => Out::Forbidden,
            Self::Each(_, outs) => outs[Role::ALL.iter().position(|r| *r == role).unwrap()],
        }
    }
}

/// What a row's setup prepared for its call (ids of records).
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    pub id: String,
    pub sub: String,
}

/// Brings the fresh shop to the state the call needs; gets the actor (self-service rows prepare
/// the actor's own account).
pub(crate) type Setup = fn(&mut World, &Session) -> Target;
/// The call through the core; `Ok` carries how many records a read returned (1 for the rest).
pub(crate) type Call = fn(&mut World, &Session, &Target) -> CoreResult<usize>;

/// One row of the table.
pub(crate) struct Row {
    /// The service called, named by its source file and function (`jobs::query::get` is
    /// `jobs::get`): what the coverage check compares with the source.
    pub service: &'static str,
    pub expect: Expect,
    pub setup: Setup,
    pub call: Call,
}

/// A row whose call needs nothing but the shop.
pub(crate) fn row(service: &'static str, expect: Expect, call: Call) -> Row {
    Row {
        service,
        expect,
        setup: |_, _| Target::default(),
        call,
    }
}

impl Row {
    /// The same row, with a setup.
    pub(crate) fn given(self, setup: Setup) -> Self {
        Self { setup, ..self }
    }
}

/// A call's result as the table compares it: 1 for success.
pub(crate) fn done<T>(r: CoreResult<T>) -> CoreResult<usize> {
    r.map(|_| 1)
}

/// A read's result: how many records it returned.
pub(crate) fn seen<T>(r: CoreResult<Vec<T>>) -> CoreResult<usize> {
    r.map(|v| v.len())
}

/// A record's id as the setup's target.
pub(crate) fn id(id: impl Into<String>) -> Target {
    Target {
        id: id.into(),
        sub: String::new(),
    }
}

/// Public functions taking a session that are not services and so have no row: the gates every
/// row's service goes through, and a pure function of the session.
const EXEMPT: &[(&str, &str)] = &[
    (
        "users::current_actor",
        "the gate itself (the account as stored now): every row's service calls it",
    ),
    (
        "users::authorize",
        "the gate itself (account as stored now + matrix): every row's service calls it",
    ),
    (
        "users::authorize_on",
        "the gate of the account actions, called by their rows' services",
    ),
    (
        "jobs::visible_to",
        "a pure function of the session (a technician's scope), read by the scoped-read rows",
    ),
    (
        "safety::run::authorize",
        "the gate of run_backup, verify_as and prepare_restore, which have rows",
    ),
];

/// Actions no public service taking a session checks (yet), and why.
const NO_SERVICE: &[(Action, &str)] = &[
    (
        Action::RunDbCheck,
        "`store::check::check_store` takes no session (the app's recovery screen runs it)",
    ),
    (
        Action::ViewVehicles,
        "every role reads vehicles: `Store::read_as` (a complete sign-in) is the check",
    ),
    (Action::PurgeTrash, "no purge service yet"),
    (Action::ViewInventory, "no inventory module yet"),
    (Action::EditInventory, "no inventory module yet"),
    (Action::ViewQuotes, "no quotes module yet"),
    (Action::EditQuotes, "no quotes module yet"),
    (Action::GenerateReports, "no report module yet"),
    (Action::ImportCsv, "no CSV import yet"),
    (
        Action::ManageUpdates,
        "the updater runs as the OS owner of the data folder; its settings are saved with \
         EditSettings (`settings::save_updates`)",
    ),
    (
        Action::ExitKiosk,
        "`kiosk::authorize_exit` takes the account's credentials, not a session",
    ),
];

fn all_rows() -> Vec<Row> {
    let mut rows = crate::service_matrix_rows::rows();
    rows.extend(crate::service_matrix_jobs::rows());
    rows.extend(crate::service_matrix_interventions::rows());
    rows
}

/// `pub fn` of the core (outside tests) whose parameters hold a [`Session`] (or a `Requester`
/// carrying one), named `<module file>::<function>`.
fn public_services_taking_a_session() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeSet::new();
    scan(&src, &src, &mut out);
    out
}

fn scan(src: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(src, &path, out);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let test_file = name.contains("test") || name.starts_with("service_matrix");
        if !name.ends_with(".rs") || test_file || name == "testing.rs" {
            continue;
        }
        let module = path
            .strip_prefix(src)
            .unwrap()
            .with_extension("")
            .to_string_lossy()
            .replace(['/', '\\'], "::");
        let module = module
            .trim_end_matches("::mod")
            .trim_end_matches("lib")
            .to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // Inline test modules come last (clippy's `items_after_test_module`).
        let code = text
            .find("#[cfg(test)]\nmod tests {")
            .map_or(text.as_str(), |cut| &text[..cut]);
        for (name, params) in public_fns(code) {
            if params.contains("Session") || params.contains("Requester<") {
                out.insert(format!("{module}::{name}"));
            }
        }
    }
}

/// (name, parameter list) of every `pub fn` in `code`.
fn public_fns(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("pub fn ").or_else(|| rest.find("pub const fn ")) {
        let after = &rest[at..];
        let after = &after[after.find("fn ").unwrap() + 3..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut i = name.len();
        let bytes = after.as_bytes();
        if bytes.get(i) == Some(&b'<') {
            i += balanced(&after[i..], '<', '>');
        }
        let open = i + after[i..].find('(').unwrap();
        let len = balanced(&after[open..], '(', ')');
        out.push((name, after[open..open + len].to_owned()));
        rest = &after[open + len..];
    }
    out
}

/// Length of the balanced `open … close` group at the start of `s`.
fn balanced(s: &str, open: char, close: char) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    panic!("unbalanced {open}{close} in {s:.80}")
}

#[test]
fn every_role_times_every_service_follows_the_matrix() {
    let rows = all_rows();

    // Every public service taking a session has rows; every name in the table is such a service.
    let services = public_services_taking_a_session();
    let named: BTreeSet<String> = rows.iter().map(|r| r.service.to_owned()).collect();
    let exempt: BTreeSet<String> = EXEMPT.iter().map(|(n, _)| (*n).to_owned()).collect();
    let missing: Vec<_> = services
        .difference(&named)
        .filter(|s| !exempt.contains(*s))
        .collect();
    assert!(
        missing.is_empty(),
        "services taking a session with no row: {missing:?}"
    );
    let stale: Vec<_> = named
        .union(&exempt)
        .filter(|s| !services.contains(*s))
        .collect();
    assert!(
        stale.is_empty(),
        "rows or exemptions naming no such service: {stale:?}"
    );

    // A row with its own rule never lets a role succeed that the matrix refuses.
    for r in &rows {
        if let Expect::Each(action, outs) = r.expect {
            for (role, out) in Role::ALL.iter().zip(outs) {
                assert!(
                    !out.is_success() || allows(*role, action),
                    "{}: {role:?} expected to succeed but the matrix refuses {action:?}",
                    r.service
                );
            }
        }
    }

    let base = Base::build();
    let mut failures = Vec::new();
    for r in &rows {
        for who in WHO {
            let mut w = base.world();
            let actor = match who {
                Who::Role(Role::Admin) => w.who.admin.clone(),
                Who::Role(Role::Supervisor) => w.who.supervisor.clone(),
                Who::Role(Role::Technician) => w.who.technician.clone(),
                Who::Role(Role::Viewer) => w.who.viewer.clone(),
                Who::Pending => w.who.pending.clone(),
            };
            let target = (r.setup)(&mut w, &actor);
            let before = w.fingerprint();
            let got = (r.call)(&mut w, &actor, &target);
            let want = r.expect.outcome(who);
            if !want.matches(&got) {
                failures.push(format!(
                    "{} × {who:?}: expected {want:?}, got {got:?}",
                    r.service
                ));
            } else if !want.is_success() && w.fingerprint() != before {
                failures.push(format!(
                    "{} × {who:?}: refused ({got:?}) but something changed",
                    r.service
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs disagree:\n{}",
        failures.len(),
        rows.len() * WHO.len(),
        failures.join("\n")
    );

    // Every action is checked by some row, or has no service taking a session (and says why).
    let checked: BTreeSet<Action> = rows.iter().map(|r| r.expect.action()).collect();
    let unchecked: BTreeSet<Action> = Action::ALL
        .into_iter()
        .filter(|a| !checked.contains(a))
        .collect();
    let listed: BTreeSet<Action> = NO_SERVICE.iter().map(|(a, _)| *a).collect();
    assert_eq!(unchecked, listed, "actions without a row vs NO_SERVICE");
}

/// The reads that once trusted a role sent by the screen: a session whose role was lowered (or a
/// forged `User` value claiming a higher role) is refused, and so is an account deactivated
/// since it signed in — the core reads the role from the database.
#[test]
fn reads_use_the_role_stored_now_not_the_one_sent() {
    let f = Fixture::new();
    let forged = Session::for_tests(User {
        role: Role::Admin,
        ..f.viewer.user().clone()
    });
    let conn = f.store.conn();
    let filter = AuditFilter::default();
    let refused = |r: CoreResult<()>| matches!(r, Err(CoreError::Forbidden(_)));
    assert!(refused(users::list_as(conn, &forged).map(drop)));
    assert!(refused(audit::query_as(conn, &forged, &filter).map(drop)));
    assert!(refused(audit::count_as(conn, &forged, &filter).map(drop)));
    assert!(refused(
        crate::settings_read::get_all_as(conn, &forged).map(drop)
    ));
    assert!(refused(
        crate::maintenance::stats_as(&f.store, &forged, None).map(drop)
    ));
    // The real admin reads; once deactivated, the same session value is refused.
    let admin = f.admin.clone();
    assert!(audit::query_as(f.store.conn(), &admin, &filter).is_ok());
    f.store
        .conn()
        .execute("UPDATE users SET is_active = 0 WHERE id = ?1", [&admin.id])
        .unwrap();
    assert!(refused(
        audit::query_as(f.store.conn(), &admin, &filter).map(drop)
    ));
    assert!(refused(users::list_as(f.store.conn(), &admin).map(drop)));
}
