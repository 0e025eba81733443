//! A PostgreSQL database of its own for a sync test (`RPMA_TEST_PG_URL`: a superuser URL that
//! `.ci/run` sets after starting Debian's PostgreSQL). Missing: the test fails under `CI` and
//! says loudly what it skipped otherwise.

#![allow(clippy::print_stderr, clippy::unwrap_used)]

/// A database of its own on the test server, dropped (with the roles made in it) at the end.
pub struct Hub {
    admin: String,
    /// The database made for the test.
    pub db: String,
    /// Its URL, as the superuser.
    pub url: String,
}

impl Hub {
    /// A fresh database for `test`, or `None` (outside CI only) without a server.
    pub fn new(test: &str) -> Option<Self> {
        let admin = match std::env::var("RPMA_TEST_PG_URL") {
            Ok(u) if !u.trim().is_empty() => u,
            _ => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "RPMA_TEST_PG_URL is not set: {test} cannot run (.ci/run starts PostgreSQL and sets it)"
                );
                eprintln!("SKIPPED: {test}: RPMA_TEST_PG_URL is not set, the test did not run");
                return None;
            }
        };
        let db = format!(
            "rpma_{}_{}",
            test.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(20)
                .collect::<String>()
                .to_ascii_lowercase(),
            std::process::id()
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let url = format!("{base}/{db}");
        Some(Self { admin, db, url })
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let mut roles: Vec<String> = Vec::new();
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            for sql in [
                "SELECT role FROM rpma_hub.terminals",
                "SELECT join_role FROM rpma_hub.shops",
                "SELECT role FROM rpma_hub.head_offices",
            ] {
                if let Ok(rows) = c.query(sql, &[]) {
                    roles.extend(rows.iter().map(|r| r.get::<_, String>(0)));
                }
            }
        }
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db));
            for r in roles {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{r}\""));
            }
        }
    }
}
