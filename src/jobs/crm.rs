//! Jobs of clients, vehicles, trash and the PPF zone catalogue screens. Same contract as every job: the UI
//! sends a [`CrmJob`], the worker runs [`handle`] against the store, and the reply comes back as a
//! [`CrmEvent`] inside [`super::JobEvent::Crm`].

use rpma_core::ids::{ClientId, JobId, VehicleId, ZoneId};
use std::path::PathBuf;

use rpma_core::Session;
use rpma_core::clients::{self, Client, ClientFilter, ClientInput, ClientRow, ClientTotals};
use rpma_core::jobs::{self, DeletedJob, JobRow, JobWithZones};
use rpma_core::vehicles::{
    self, AppliedZone, Ownership, Vehicle, VehicleFilter, VehicleInput, VehicleRow,
};
use rpma_core::zones::{self, Zone};
use rpma_core::{CoreError, CoreResult, Store};

/// Jobs shown on a client's page.
const CLIENT_JOBS: u32 = 500;

/// What the trash holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrashKind {
    /// A client.
    Client,
    /// A vehicle.
    Vehicle,
    /// A job.
    Job,
}

/// One thing in the trash: its kind and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrashItem {
    /// A client.
    Client(ClientId),
    /// A vehicle.
    Vehicle(VehicleId),
    /// A job.
    Job(JobId),
}

impl TrashItem {
    /// Its kind (the trash's tab).
    pub fn kind(&self) -> TrashKind {
        match self {
            Self::Client(_) => TrashKind::Client,
            Self::Vehicle(_) => TrashKind::Vehicle,
            Self::Job(_) => TrashKind::Job,
        }
    }

    /// Its id, as text.
    pub fn id(&self) -> &str {
        match self {
            Self::Client(id) => id,
            Self::Vehicle(id) => id,
            Self::Job(id) => id,
        }
    }
}

/// Work for clients, vehicles, trash and the PPF zone catalogue screens.
#[derive(Debug, Clone)]
pub enum CrmJob {
    /// A page of clients and the total matching the filter.
    LoadClients {
        /// Filter, sort and page.
        filter: ClientFilter,
    },
    /// Every tag in use (the list's tag filter).
    LoadClientTags,
    /// A client's page: the record, vehicles, jobs and totals.
    LoadClient {
        /// The client.
        id: ClientId,
    },
    /// Create (no id) or update a client.
    SaveClient {
        /// The client, when editing.
        id: Option<ClientId>,
        /// The form.
        input: Box<ClientInput>,
    },
    /// Move a client to the trash.
    DeleteClient {
        /// The client.
        id: ClientId,
    },
    /// GDPR erasure of a client.
    EraseClient {
        /// The client.
        id: ClientId,
    },
    /// GDPR export of one client as pretty JSON into `path`.
    ExportClientData {
        /// The client.
        id: ClientId,
        /// Where to write.
        path: PathBuf,
    },
    /// The clients matching a filter as CSV into `path`.
    ExportClientsCsv {
        /// The list's filter.
        filter: ClientFilter,
        /// Where to write.
        path: PathBuf,
    },
    /// A page of vehicles and the total matching.
    LoadVehicles {
        /// Filter, sort and page.
        filter: VehicleFilter,
    },
    /// A vehicle's page: record, owners, jobs, zones applied.
    LoadVehicle {
        /// The vehicle.
        id: VehicleId,
    },
    /// Create (no id) or update a vehicle.
    SaveVehicle {
        /// The vehicle, when editing.
        id: Option<VehicleId>,
        /// The form.
        input: Box<VehicleInput>,
    },
    /// Move a vehicle to the trash.
    DeleteVehicle {
        /// The vehicle.
        id: VehicleId,
    },
    /// The vehicles matching a filter as CSV into `path`.
    ExportVehiclesCsv {
        /// The list's filter.
        filter: VehicleFilter,
        /// Where to write.
        path: PathBuf,
    },
    /// Clients, vehicles and jobs in the trash.
    LoadTrash,
    /// Bring something back from the trash.
    Restore {
        /// What it is, and its id.
        item: TrashItem,
    },
    /// The whole zone catalogue, inactive zones too.
    LoadZones,
    /// Create or update a zone.
    SaveZone {
        /// The zone (empty id: new).
        zone: Box<Zone>,
    },
    /// Delete an unused zone.
    DeleteZone {
        /// The zone.
        id: ZoneId,
    },
}

/// A page of clients.
#[derive(Debug, Clone)]
pub struct ClientPage {
    /// The filter it answers (offset included).
    pub filter: ClientFilter,
    /// The rows.
    pub rows: Vec<ClientRow>,
    /// How many match in all.
    pub total: i64,
}

/// Everything a client's page shows.
#[derive(Debug, Clone)]
pub struct ClientDetail {
    /// The record.
    pub client: Client,
    /// Vehicles owned now.
    pub vehicles: Vec<VehicleRow>,
    /// Jobs, newest first.
    pub jobs: Vec<JobRow>,
    /// Totals.
    pub totals: ClientTotals,
    /// Zones of the client's completed jobs, with the film recorded, newest first.
    pub installed: Vec<AppliedZone>,
}

/// A page of vehicles.
#[derive(Debug, Clone)]
pub struct VehiclePage {
    /// The filter it answers.
    pub filter: VehicleFilter,
    /// The rows.
    pub rows: Vec<VehicleRow>,
    /// How many match in all.
    pub total: i64,
}

/// Everything a vehicle's page shows.
#[derive(Debug, Clone)]
pub struct VehicleDetail {
    /// The record.
    pub vehicle: Vehicle,
    /// Current owner's display name.
    pub owner_name: Option<String>,
    /// Every owner, oldest first.
    pub owners: Vec<Ownership>,
    /// Every job with its zones, newest first.
    pub jobs: Vec<JobWithZones>,
    /// Every zone applied by completed jobs, newest first.
    pub applied: Vec<AppliedZone>,
}

/// The trash.
#[derive(Debug, Clone, Default)]
pub struct TrashContent {
    /// Deleted clients.
    pub clients: Vec<ClientRow>,
    /// Deleted vehicles.
    pub vehicles: Vec<VehicleRow>,
    /// Deleted jobs.
    pub jobs: Vec<DeletedJob>,
}

/// Replies, one per [`CrmJob`].
#[derive(Debug)]
pub enum CrmEvent {
    /// Reply to [`CrmJob::LoadClients`].
    Clients(Result<ClientPage, CoreError>),
    /// Reply to [`CrmJob::LoadClientTags`].
    ClientTags(Result<Vec<String>, CoreError>),
    /// Reply to [`CrmJob::LoadClient`].
    Client(Result<Box<ClientDetail>, CoreError>),
    /// Reply to [`CrmJob::SaveClient`].
    ClientSaved(Result<Box<Client>, CoreError>),
    /// Reply to [`CrmJob::DeleteClient`] (the id).
    ClientDeleted(Result<ClientId, CoreError>),
    /// Reply to [`CrmJob::EraseClient`].
    ClientErased(Result<Box<Client>, CoreError>),
    /// Reply to the exports: the file written and how many records.
    Exported(Result<(PathBuf, u64), CoreError>),
    /// Reply to [`CrmJob::LoadVehicles`].
    Vehicles(Result<VehiclePage, CoreError>),
    /// Reply to [`CrmJob::LoadVehicle`].
    Vehicle(Result<Box<VehicleDetail>, CoreError>),
    /// Reply to [`CrmJob::SaveVehicle`].
    VehicleSaved(Result<Box<Vehicle>, CoreError>),
    /// Reply to [`CrmJob::DeleteVehicle`] (the id).
    VehicleDeleted(Result<VehicleId, CoreError>),
    /// Reply to [`CrmJob::LoadTrash`].
    Trash(Result<TrashContent, CoreError>),
    /// Reply to [`CrmJob::Restore`].
    Restored(Result<TrashItem, CoreError>),
    /// Reply to [`CrmJob::LoadZones`].
    Zones(Result<Vec<Zone>, CoreError>),
    /// Reply to [`CrmJob::SaveZone`].
    ZoneSaved(Result<Zone, CoreError>),
    /// Reply to [`CrmJob::DeleteZone`] (the id).
    ZoneDeleted(Result<ZoneId, CoreError>),
}

fn err_of<T>(r: &Result<T, CoreError>) -> Option<&CoreError> {
    r.as_ref().err()
}

impl CrmEvent {
    /// The error of a failed reply (logged once by the handler).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::Clients(r) => err_of(r),
            Self::ClientTags(r) => err_of(r),
            Self::Client(r) => err_of(r),
            Self::ClientSaved(r) | Self::ClientErased(r) => err_of(r),
            Self::ClientDeleted(r) => err_of(r),
            Self::VehicleDeleted(r) => err_of(r),
            Self::ZoneDeleted(r) => err_of(r),
            Self::Exported(r) => err_of(r),
            Self::Vehicles(r) => err_of(r),
            Self::Vehicle(r) => err_of(r),
            Self::VehicleSaved(r) => err_of(r),
            Self::Trash(r) => err_of(r),
            Self::Restored(r) => err_of(r),
            Self::Zones(r) => err_of(r),
            Self::ZoneSaved(r) => err_of(r),
        }
    }
}

/// Writes an export whole or not at all, private to the shop's account (the core's atomic
/// writer: temporary file, fsync, rename, fsync of the folder).
fn write_file(
    path: &std::path::Path,
    fill: impl FnOnce(&mut rpma_core::fsutil::AtomicFile) -> CoreResult<u64>,
) -> CoreResult<(PathBuf, u64)> {
    let n = rpma_core::fsutil::write_with(path, fill)?;
    Ok((path.to_owned(), n))
}

fn load_client(store: &Store, actor: &Session, id: &str) -> CoreResult<Box<ClientDetail>> {
    let conn = store.read_as(actor)?;
    let client = clients::get(conn, id)?.ok_or(CoreError::NotFound { entity: "client" })?;
    let vehicles = vehicles::list(
        conn,
        &VehicleFilter {
            owner_id: Some(id.into()),
            limit: 1000,
            ..VehicleFilter::default()
        },
    )?;
    let jobs = jobs::for_client(conn, actor, id, CLIENT_JOBS, store.now_ms())?;
    let totals = clients::totals(conn, id)?;
    Ok(Box::new(ClientDetail {
        client,
        vehicles,
        jobs,
        totals,
        installed: rpma_core::installed::for_client(conn, id)?,
    }))
}

fn load_vehicle(store: &Store, actor: &Session, id: &str) -> CoreResult<Box<VehicleDetail>> {
    let conn = store.read_as(actor)?;
    let vehicle = vehicles::get(conn, id)?.ok_or(CoreError::NotFound { entity: "vehicle" })?;
    let owner_name = match &vehicle.owner_id {
        Some(o) => clients::get(conn, o)?.map(|c| c.display_name().to_owned()),
        None => None,
    };
    Ok(Box::new(VehicleDetail {
        owners: vehicles::owners(conn, id)?,
        jobs: jobs::for_vehicle(conn, actor, id, store.now_ms())?,
        applied: vehicles::applied_zones(conn, id)?,
        owner_name,
        vehicle,
    }))
}

fn load_trash(store: &Store, actor: &Session) -> CoreResult<TrashContent> {
    let conn = store.read_as(actor)?;
    let jobs = jobs::list_deleted(conn, actor)?;
    let clients = clients::list(
        conn,
        &ClientFilter {
            deleted: true,
            limit: 1000,
            ..ClientFilter::default()
        },
    )?;
    let vehicles = vehicles::list(
        conn,
        &VehicleFilter {
            deleted: true,
            limit: 1000,
            ..VehicleFilter::default()
        },
    )?;
    Ok(TrashContent {
        clients,
        vehicles,
        jobs,
    })
}

pub(super) fn handle(store: &mut Store, actor: &Session, job: CrmJob) -> CrmEvent {
    match job {
        CrmJob::LoadClients { filter } => CrmEvent::Clients((|| {
            let rows = clients::list(store.read_as(actor)?, &filter)?;
            let total = clients::count(store.read_as(actor)?, &filter)?;
            Ok(ClientPage {
                filter,
                rows,
                total,
            })
        })()),
        CrmJob::LoadClientTags => {
            CrmEvent::ClientTags(store.read_as(actor).and_then(clients::all_tags))
        }
        CrmJob::LoadClient { id } => CrmEvent::Client(load_client(store, actor, &id)),
        CrmJob::SaveClient { id, input } => CrmEvent::ClientSaved(
            match id {
                Some(id) => clients::update(store, actor, &id, &input),
                None => clients::create(store, actor, &input),
            }
            .map(Box::new),
        ),
        CrmJob::DeleteClient { id } => {
            CrmEvent::ClientDeleted(clients::delete(store, actor, &id).map(|()| id))
        }
        CrmJob::EraseClient { id } => {
            CrmEvent::ClientErased(clients::erase(store, actor, &id).map(Box::new))
        }
        CrmJob::ExportClientData { id, path } => {
            CrmEvent::Exported(clients::export_data(store, actor, &id).and_then(|data| {
                write_file(&path, |w| {
                    serde_json::to_writer_pretty(w, &data)
                        .map_err(|e| CoreError::io(&path, std::io::Error::other(e)))?;
                    Ok(1)
                })
            }))
        }
        CrmJob::ExportClientsCsv { filter, path } => CrmEvent::Exported(
            rpma_core::export::may_export(store, actor).and_then(|actor| {
                write_file(&path, |w| {
                    rpma_core::export::clients_csv_as(store, &actor, &filter, w)
                })
            }),
        ),
        CrmJob::LoadVehicles { filter } => CrmEvent::Vehicles((|| {
            let rows = vehicles::list(store.read_as(actor)?, &filter)?;
            let total = vehicles::count(store.read_as(actor)?, &filter)?;
            Ok(VehiclePage {
                filter,
                rows,
                total,
            })
        })()),
        CrmJob::LoadVehicle { id } => CrmEvent::Vehicle(load_vehicle(store, actor, &id)),
        CrmJob::SaveVehicle { id, input } => CrmEvent::VehicleSaved(
            match id {
                Some(id) => vehicles::update(store, actor, &id, &input),
                None => vehicles::create(store, actor, &input),
            }
            .map(Box::new),
        ),
        CrmJob::DeleteVehicle { id } => {
            CrmEvent::VehicleDeleted(vehicles::delete(store, actor, &id).map(|()| id))
        }
        CrmJob::ExportVehiclesCsv { filter, path } => CrmEvent::Exported(
            rpma_core::export::may_export(store, actor).and_then(|actor| {
                write_file(&path, |w| {
                    rpma_core::export::vehicles_csv_as(store, &actor, &filter, w)
                })
            }),
        ),
        CrmJob::LoadTrash => CrmEvent::Trash(load_trash(store, actor)),
        CrmJob::Restore { item } => CrmEvent::Restored(
            match &item {
                TrashItem::Client(id) => clients::restore(store, actor, id).map(drop),
                TrashItem::Vehicle(id) => vehicles::restore(store, actor, id).map(drop),
                TrashItem::Job(id) => jobs::restore(store, actor, id),
            }
            .map(|()| item),
        ),
        CrmJob::LoadZones => CrmEvent::Zones(
            store
                .read_as(actor)
                .and_then(|conn| zones::list(conn, true)),
        ),
        CrmJob::SaveZone { zone } => CrmEvent::ZoneSaved(zones::save(store, actor, *zone)),
        CrmJob::DeleteZone { id } => {
            CrmEvent::ZoneDeleted(zones::delete(store, actor, &id).map(|()| id))
        }
    }
}
