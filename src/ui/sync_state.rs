//! What the screens know of the background sync (issue 16): the app's sync runner
//! (`src/app/sync.rs`) publishes a [`SyncView`] in the egui context every frame; the status bar
//! and Settings → Sync draw it, and ask for work with [`crate::ui::Command::Sync`].

use std::sync::Arc;

use rpma_core::sync::admin::HubTerminal;
use rpma_core::sync::{SyncError, SyncStatus};

/// What a screen asks the sync runner to do (on its background thread).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncRequest {
    /// One push/pull round now.
    Now,
    /// Read the shop's join code (admins).
    JoinCode,
    /// List the shop's terminals from the hub (admins).
    Terminals,
    /// Revoke a terminal of the shop (admins), by id.
    Revoke(String),
    /// Fetch a photo's original from the hub now (by SHA-256): a screen shows a photo taken on
    /// another terminal that the rounds have not brought yet.
    FetchPhoto(String),
}

/// The sync state as the screens see it.
#[derive(Debug, Clone, Default)]
pub struct SyncView {
    /// The local sync state (None until first read, or when it could not be read).
    pub status: Option<SyncStatus>,
    /// A round is running.
    pub running: bool,
    /// The last round's error (None after a round that worked).
    pub error: Option<Arc<SyncError>>,
    /// The join code, once asked for (admins).
    pub join_code: Option<String>,
    /// The shop's terminals, once listed (admins).
    pub terminals: Option<Vec<HubTerminal>>,
    /// An admin action is running.
    pub admin_busy: bool,
    /// The last admin action's error.
    pub admin_error: Option<Arc<SyncError>>,
    /// Moves each time photo files arrive from the hub: screens showing a photo that was
    /// missing ask for it again.
    pub photos_generation: u64,
}

impl SyncView {
    /// This terminal syncs with a hub.
    pub fn configured(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.server.is_some())
    }

    /// The error means the hub could not be reached or answered with an error (offline), rather
    /// than a refusal (revoked, other protocol).
    pub fn offline(&self) -> bool {
        matches!(self.error.as_deref(), Some(SyncError::Hub(_)))
    }

    /// The view published in the egui context (a default one before the runner's first frame).
    pub fn get(ctx: &egui::Context) -> Self {
        ctx.data(|d| d.get_temp::<Self>(id())).unwrap_or_default()
    }

    /// Publishes the view in the egui context.
    pub fn publish(&self, ctx: &egui::Context) {
        ctx.data_mut(|d| d.insert_temp(id(), self.clone()));
    }
}

fn id() -> egui::Id {
    egui::Id::unique("rpma-sync-view")
}
