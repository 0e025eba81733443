//! Other terminals' changes within seconds when online: every push ends with a PostgreSQL
//! `NOTIFY` on its shop's channel (payload: the pushing terminal's id), and a [`Listener`] — the
//! app keeps one on a thread of its own — waits on that channel and says when another terminal
//! pushed, so that a round runs at once instead of at the next interval. The notification says
//! only that something changed; the data still comes through the round, under row-level
//! security.

use std::time::Duration;

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator as _;

use super::{SyncResult, local};
use crate::Store;

/// The channel of a shop.
pub fn channel(shop_id: &str) -> String {
    format!("rpma_shop_{}", shop_id.replace('-', ""))
}

/// What a listener needs to connect as this terminal (the password never shows in `Debug`).
#[derive(Clone)]
pub struct Credentials {
    cfg: local::Config,
    password: String,
    me: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("server", &self.cfg.server)
            .field("role", &self.cfg.role)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// This terminal's, when it syncs.
    pub fn of(store: &Store) -> SyncResult<Option<Self>> {
        let Some(cfg) = local::load(store.conn())? else {
            return Ok(None);
        };
        let password = local::password(store, &cfg)?;
        Ok(Some(Self {
            cfg,
            password,
            me: store.terminal().id.clone(),
        }))
    }
}

/// A connection listening to the shop's channel.
pub struct Listener {
    client: Client,
    me: String,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").field("me", &self.me).finish()
    }
}

impl Listener {
    /// Connects as this terminal and listens to its shop's channel.
    pub fn start(c: &Credentials) -> SyncResult<Self> {
        let mut client = c.cfg.url()?.connect_as(&c.cfg.role, &c.password)?;
        super::hub::check_protocol(&mut client)?;
        // A head office hears every shop (those on the hub when it starts listening).
        let shops = if c.cfg.is_head_office() {
            super::head_office::shops(&mut client)?
        } else {
            vec![c.cfg.shop_id.clone()]
        };
        for shop in shops {
            client.batch_execute(&format!("LISTEN {}", channel(&shop)))?;
        }
        Ok(Self {
            client,
            me: c.me.clone(),
        })
    }

    /// Waits at most `timeout` for another terminal's push; true when one came (this
    /// terminal's own pushes are skipped). An error means the connection is gone.
    pub fn wait(&mut self, timeout: Duration) -> SyncResult<bool> {
        {
            let mut notes = self.client.notifications();
            let mut it = notes.timeout_iter(timeout);
            while let Some(n) = it.next()? {
                if n.payload() != self.me {
                    return Ok(true);
                }
            }
        }
        if self.client.is_closed() {
            return Err(super::SyncError::Hub(
                "the listening connection closed".into(),
            ));
        }
        Ok(false)
    }
}

/// Tells the shop's listeners, in the push's transaction, that `me` pushed.
pub(super) fn notify(
    tx: &mut postgres::Transaction<'_>,
    shop_id: &str,
    me: &str,
) -> SyncResult<()> {
    tx.execute("SELECT pg_notify($1, $2)", &[&channel(shop_id), &me])?;
    Ok(())
}
