//! Connecting to the hub: the URL read and stripped of its password, TLS (rustls on ring, the
//! server's certificate checked against the Web PKI roots) whenever the hub is not on this
//! machine, and PostgreSQL errors turned into [`SyncError`]s.

use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::{SyncError, SyncResult};

/// How long connecting may take before the round fails (the app retries later).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Environment variable holding the hub administrator's password for `rpma sync init-server`
/// when the URL has none (a password in a command line is visible to every user of the machine
/// in the process list).
pub const ENV_ADMIN_PASSWORD: &str = "RPMA_SYNC_PASSWORD";

/// A hub URL as given (it may hold a password: never printed by `Debug`), and the password to
/// use when it has none.
#[derive(Clone)]
pub struct HubUrl(String, Option<String>);

impl std::fmt::Debug for HubUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HubUrl({})", redact(&self.0))
    }
}

impl HubUrl {
    /// Checks that the text is a PostgreSQL URL.
    pub fn parse(url: &str) -> SyncResult<Self> {
        let url = url.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(SyncError::BadUrl);
        }
        url.parse::<Config>().map_err(|_| SyncError::BadUrl)?;
        Ok(Self(url.to_owned(), None))
    }

    /// The password for the URL's own user when the URL holds none (an empty one is ignored).
    #[must_use]
    pub fn with_admin_password(mut self, password: Option<String>) -> Self {
        self.1 = password.filter(|p| !p.is_empty());
        self
    }

    /// The URL without its password: what is stored and shown.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// The connection settings of the URL, as its own user.
    fn config(&self) -> SyncResult<Config> {
        let mut cfg = self.0.parse::<Config>().map_err(|_| SyncError::BadUrl)?;
        if cfg.get_password().is_none()
            && let Some(p) = &self.1
        {
            cfg.password(p.as_str());
        }
        Ok(cfg)
    }

    /// Connects as the URL's own user (the administrator making the hub).
    pub fn connect_admin(&self) -> SyncResult<Client> {
        connect(self.config()?)
    }

    /// Connects as another role with its password (a terminal, or a shop's join role).
    pub fn connect_as(&self, role: &str, password: &str) -> SyncResult<Client> {
        let mut cfg = self.config()?;
        cfg.user(role).password(password);
        connect(cfg)
    }
}

/// The URL with the password of its user part replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".into();
    };
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    // A password may also be passed as a query parameter.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| {
                    if kv.to_ascii_lowercase().starts_with("password=") {
                        "password=***".to_owned()
                    } else {
                        kv.to_owned()
                    }
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_owned(),
    };
    if userinfo.contains(':') {
        format!("{scheme}://{user}:***@{host}{tail}")
    } else {
        format!("{scheme}://{user}@{host}{tail}")
    }
}

fn is_local(cfg: &Config) -> bool {
    cfg.get_hosts().iter().all(|h| match h {
        Host::Tcp(name) => matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1"),
        Host::Unix(_) => true,
    })
}

fn connect(mut cfg: Config) -> SyncResult<Client> {
    cfg.connect_timeout(CONNECT_TIMEOUT);
    cfg.application_name("rpma");
    // The default (`prefer`) would fall back to clear text: a hub on another machine is reached
    // over TLS or not at all; one on this machine in clear unless the URL asks for TLS.
    if cfg.get_ssl_mode() == SslMode::Prefer {
        cfg.ssl_mode(if is_local(&cfg) {
            SslMode::Disable
        } else {
            SslMode::Require
        });
    }
    let client = if cfg.get_ssl_mode() == SslMode::Disable {
        cfg.connect(NoTls)?
    } else {
        cfg.connect(tls()?)?
    };
    Ok(client)
}

fn tls() -> SyncResult<tokio_postgres_rustls::MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| SyncError::Hub(format!("TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// A PostgreSQL error as a [`SyncError`]: a revoked terminal's refused login, a missing hub, or
/// the server's own message.
pub fn classify(e: &postgres::Error) -> SyncError {
    let Some(db) = e.as_db_error() else {
        // The cause says why (refused connection, certificate not trusted…).
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        return SyncError::Hub(text);
    };
    let code = db.code();
    if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        && db.message().contains("not permitted to log in")
    {
        return SyncError::Revoked;
    }
    if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::INVALID_SCHEMA_NAME {
        return SyncError::NoHub;
    }
    if db.message().contains("rpma: terminal revoked") {
        return SyncError::Revoked;
    }
    if db.message().contains("rpma: wrong join code") {
        return SyncError::BadCode;
    }
    SyncError::Hub(format!("{} ({})", db.message(), code.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_password_may_come_from_elsewhere_but_the_url_s_own_wins() {
        let url = HubUrl::parse("postgres://admin@db.example/rpma")
            .unwrap()
            .with_admin_password(Some("s3cret".into()));
        assert_eq!(url.config().unwrap().get_password(), Some(&b"s3cret"[..]));
        assert!(!format!("{url:?}").contains("s3cret"));
        let own = HubUrl::parse("postgres://admin:mine@db.example/rpma")
            .unwrap()
            .with_admin_password(Some("other".into()));
        assert_eq!(own.config().unwrap().get_password(), Some(&b"mine"[..]));
        let none = HubUrl::parse("postgres://admin@db.example/rpma")
            .unwrap()
            .with_admin_password(Some(String::new()));
        assert_eq!(none.config().unwrap().get_password(), None);
    }

    #[test]
    fn passwords_are_stripped_from_urls() {
        assert_eq!(
            redact("postgres://admin:s3cret@db.example:5432/rpma?sslmode=require"),
            "postgres://admin:***@db.example:5432/rpma?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://u@h/d?password=x&sslmode=disable"),
            "postgresql://u@h/d?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://h/d"), "postgres://h/d");
        assert!(matches!(HubUrl::parse("host=x"), Err(SyncError::BadUrl)));
        let u = HubUrl::parse("postgres://a:topsecret@h/d").map(|u| format!("{u:?}"));
        assert!(u.is_ok_and(|d| !d.contains("topsecret")));
    }
}
