//! Jobs of the jobs list, job detail and job-creation wizard screens. Same contract as every job: the UI
//! sends a [`PlanningJob`], the worker runs [`handle`] against the store, and the reply comes back as a
//! [`PlanningEvent`] inside [`super::JobEvent::Planning`].

use rpma_core::Session;
use rpma_core::auth::permissions::Role;
use rpma_core::clients::{self, Client, ClientFilter, ClientInput, ClientRow};
use rpma_core::ids::{ChecklistItemId, ClientId, JobId, UserId, VehicleId};
use rpma_core::jobs::{
    self, Candidate, Conflict, CreateWithNewError, HeadOfficeShop, JobDetail, JobFilter, JobRow,
    JobStatus, JobUpdate, NewJobWithParties,
};
use rpma_core::settings::{self, BusinessHours, PlanningSettings};
use rpma_core::users;
use rpma_core::validate::FieldErrors;
use rpma_core::vehicles::{self, Vehicle, VehicleFilter, VehicleInput, VehicleRow};
use rpma_core::zones::{self, Zone};
use rpma_core::{CoreError, Store};

/// Most jobs a text search of the list pages through (FTS hits, then the list's filters).
const TEXT_SEARCH_MAX: usize = 200;
/// Rows a picker search returns.
const PICKER_ROWS: u32 = 12;

/// Work for the jobs list, job detail and job-creation wizard screens.
#[derive(Debug, Clone)]
pub enum PlanningJob {
    /// A page of the jobs list and the number of matching jobs (one reply with both).
    List {
        /// Filters, sort and page.
        filter: JobFilter,
        /// Search text (a number, a plate with or without dashes, a client), empty for none.
        text: String,
    },
    /// One job with zones, history, notes and checklist.
    Get {
        /// The job.
        id: JobId,
    },
    /// Create a job (the wizard) with the client and vehicle it brings, in one transaction
    /// ([`jobs::create_with_new`]); an existing vehicle is given to the client when not theirs.
    Create {
        /// The job, its new client and its new vehicle.
        new: Box<NewJobWithParties>,
    },
    /// Change a job's status.
    Transition {
        /// The job.
        id: JobId,
        /// New status.
        to: JobStatus,
        /// Reason (cancel, on hold, reopen).
        reason: Option<String>,
    },
    /// Edit a job's content.
    Update {
        /// The job.
        id: JobId,
        /// The changes.
        update: Box<JobUpdate>,
    },
    /// Append a note to the log.
    AddNote {
        /// The job.
        id: JobId,
        /// The note.
        body: String,
    },
    /// Add a checklist item.
    AddChecklistItem {
        /// The job.
        id: JobId,
        /// The item.
        label: String,
    },
    /// Tick or untick a checklist item.
    SetChecklistDone {
        /// The job (reloaded after).
        id: JobId,
        /// The item.
        item_id: ChecklistItemId,
        /// Done or not.
        done: bool,
    },
    /// Remove a checklist item.
    RemoveChecklistItem {
        /// The job (reloaded after).
        id: JobId,
        /// The item.
        item_id: ChecklistItemId,
    },
    /// Move a job to the trash.
    Delete {
        /// The job.
        id: JobId,
    },
    /// Save the wizard's draft (as typed) of the session's user.
    SaveDraft {
        /// The wizard's state.
        json: serde_json::Value,
    },
    /// The session's user's saved draft.
    LoadDraft,
    /// Forget the session's user's draft.
    ClearDraft,
    /// The conflicts a slot would have (live preview).
    Conflicts {
        /// The slot.
        candidate: Box<Candidate>,
    },
    /// Clients matching a text (wizard picker).
    SearchClients {
        /// The text typed.
        text: String,
    },
    /// Vehicles matching a text or of one owner (wizard picker).
    SearchVehicles {
        /// The text typed (plate with or without dashes, make, model, VIN).
        text: String,
        /// Only this owner's vehicles.
        owner_id: Option<ClientId>,
    },
    /// One client and one vehicle (wizard prefill); either may be absent.
    Pick {
        /// The client.
        client_id: Option<ClientId>,
        /// The vehicle.
        vehicle_id: Option<VehicleId>,
    },
    /// Check the wizard's new client without saving it ([`clients::check`]).
    CheckClient {
        /// The client form.
        input: Box<ClientInput>,
    },
    /// Check the wizard's new vehicle without saving it ([`vehicles::check`]: plate and VIN
    /// unique among live vehicles too).
    CheckVehicle {
        /// The vehicle form.
        input: Box<VehicleInput>,
    },
    /// What the wizard and the list filters choose from: zones, assignable people, bays, hours.
    LoadRefs,
}

/// One page of the jobs list.
#[derive(Debug, Clone, PartialEq)]
pub struct JobPage {
    /// Position of the first row.
    pub offset: u32,
    /// The rows.
    pub rows: Vec<JobRow>,
    /// Jobs matching the filters in all.
    pub total: u64,
}

/// A person a job can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    /// User id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// Reference data of the planning screens.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningRefs {
    /// Active catalogue zones, in order.
    pub zones: Vec<Zone>,
    /// Active technicians, supervisors and admins.
    pub assignees: Vec<Assignee>,
    /// Bays, default job length, workload cap.
    pub planning: PlanningSettings,
    /// Opening hours.
    pub hours: BusinessHours,
    /// At a chain's head office, its shops by name (the list's shop filter); empty elsewhere.
    pub shops: Vec<HeadOfficeShop>,
}

/// A client and a vehicle, as picked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picked {
    /// The client.
    pub client: Option<Client>,
    /// The vehicle.
    pub vehicle: Option<Vehicle>,
}

/// Replies, one per [`PlanningJob`].
#[derive(Debug)]
pub enum PlanningEvent {
    /// Reply to [`PlanningJob::List`].
    Page(Result<JobPage, CoreError>),
    /// Reply to [`PlanningJob::Get`] and to every edit of one job (the job as it is now).
    Detail(Result<JobDetail, CoreError>),
    /// Reply to [`PlanningJob::Create`]: the job, or the part that refused and why.
    Created(Result<JobDetail, CreateWithNewError>),
    /// Reply to [`PlanningJob::Delete`].
    Deleted(Result<(), CoreError>),
    /// Reply to [`PlanningJob::SaveDraft`] and [`PlanningJob::ClearDraft`].
    DraftSaved(Result<(), CoreError>),
    /// Reply to [`PlanningJob::LoadDraft`].
    Draft(Result<Option<serde_json::Value>, CoreError>),
    /// Reply to [`PlanningJob::Conflicts`].
    Conflicts(Result<Vec<Conflict>, CoreError>),
    /// Reply to [`PlanningJob::SearchClients`].
    Clients(Result<Vec<ClientRow>, CoreError>),
    /// Reply to [`PlanningJob::SearchVehicles`].
    Vehicles(Result<Vec<VehicleRow>, CoreError>),
    /// Reply to [`PlanningJob::Pick`].
    Picked(Result<Picked, CoreError>),
    /// Reply to [`PlanningJob::CheckClient`]: the form's problems (empty: it would be saved).
    ClientChecked(Result<FieldErrors, CoreError>),
    /// Reply to [`PlanningJob::CheckVehicle`]: the form's problems (empty: it would be saved).
    VehicleChecked(Result<FieldErrors, CoreError>),
    /// Reply to [`PlanningJob::LoadRefs`].
    Refs(Result<PlanningRefs, CoreError>),
}

impl PlanningEvent {
    /// The error of a failed reply (logged once by the handler).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::Page(r) => r.as_ref().err(),
            Self::Detail(r) => r.as_ref().err(),
            Self::Created(r) => r.as_ref().err().map(|e| &e.error),
            Self::Deleted(r) | Self::DraftSaved(r) => r.as_ref().err(),
            Self::Draft(r) => r.as_ref().err(),
            Self::Conflicts(r) => r.as_ref().err(),
            Self::Clients(r) => r.as_ref().err(),
            Self::Vehicles(r) => r.as_ref().err(),
            Self::Picked(r) => r.as_ref().err(),
            Self::ClientChecked(r) | Self::VehicleChecked(r) => r.as_ref().err(),
            Self::Refs(r) => r.as_ref().err(),
        }
    }
}

pub(super) fn handle(store: &mut Store, actor: &Session, job: PlanningJob) -> PlanningEvent {
    use PlanningEvent as E;
    use PlanningJob as J;
    match job {
        J::List { filter, text } => E::Page(list(store, actor, &filter, &text)),
        J::Get { id } => E::Detail(get(store, actor, &id)),
        J::Create { new } => E::Created(jobs::create_with_new(store, actor, &new)),
        J::Transition { id, to, reason } => {
            E::Detail(jobs::transition(store, actor, &id, to, reason.as_deref()))
        }
        J::Update { id, update } => E::Detail(jobs::update(store, actor, &id, &update)),
        J::AddNote { id, body } => {
            E::Detail(jobs::add_note(store, actor, &id, &body).and_then(|_| get(store, actor, &id)))
        }
        J::AddChecklistItem { id, label } => E::Detail(
            jobs::add_checklist_item(store, actor, &id, &label)
                .and_then(|_| get(store, actor, &id)),
        ),
        J::SetChecklistDone { id, item_id, done } => E::Detail(
            jobs::set_checklist_done(store, actor, &item_id, done)
                .and_then(|()| get(store, actor, &id)),
        ),
        J::RemoveChecklistItem { id, item_id } => E::Detail(
            jobs::remove_checklist_item(store, actor, &item_id)
                .and_then(|()| get(store, actor, &id)),
        ),
        J::Delete { id } => E::Deleted(jobs::delete(store, actor, &id)),
        J::SaveDraft { json } => E::DraftSaved(jobs::save_draft(store, actor, &json)),
        J::LoadDraft => E::Draft(jobs::load_draft(store, actor)),
        J::ClearDraft => E::DraftSaved(jobs::clear_draft(store, actor)),
        J::Conflicts { candidate } => E::Conflicts(
            store
                .read_as(actor)
                .and_then(|conn| jobs::conflicts(conn, &candidate)),
        ),
        J::SearchClients { text } => E::Clients(store.read_as(actor).and_then(|conn| {
            clients::list(
                conn,
                &ClientFilter {
                    text,
                    limit: PICKER_ROWS,
                    ..ClientFilter::default()
                },
            )
        })),
        J::SearchVehicles { text, owner_id } => {
            E::Vehicles(store.read_as(actor).and_then(|conn| {
                vehicles::list(
                    conn,
                    &VehicleFilter {
                        text,
                        owner_id,
                        limit: PICKER_ROWS,
                        ..VehicleFilter::default()
                    },
                )
            }))
        }
        J::Pick {
            client_id,
            vehicle_id,
        } => E::Picked(pick(
            store,
            actor,
            client_id.as_deref(),
            vehicle_id.as_deref(),
        )),
        J::CheckClient { input } => {
            E::ClientChecked(store.read_as(actor).map(|_| clients::check(&input)))
        }
        J::CheckVehicle { input } => {
            let now = store.now_ms();
            E::VehicleChecked(
                store
                    .read_as(actor)
                    .and_then(|conn| vehicles::check(conn, &input, now)),
            )
        }
        J::LoadRefs => E::Refs(refs(store, actor)),
    }
}

fn get(store: &Store, actor: &Session, id: &str) -> Result<JobDetail, CoreError> {
    jobs::get(store.read_as(actor)?, actor, id, store.now_ms())
}

/// Does a row pass the list's filters? Used for text searches, whose hits come from FTS.
fn matches(f: &JobFilter, r: &JobRow) -> bool {
    (f.statuses.is_empty() || f.statuses.contains(&r.status))
        && (!f.overdue_only || r.overdue)
        && f.technician_id
            .as_ref()
            .is_none_or(|t| r.technician_id.as_ref() == Some(t))
        && f.bay.as_ref().is_none_or(|b| &r.bay == b)
        && f.shop.as_ref().is_none_or(|s| r.shop.as_ref() == Some(s))
        && f.client_id.as_ref().is_none_or(|c| &r.client_id == c)
        && f.vehicle_id.as_ref().is_none_or(|v| &r.vehicle_id == v)
        && f.from
            .is_none_or(|from| r.scheduled_start.is_some_and(|s| s >= from))
        && f.to
            .is_none_or(|to| r.scheduled_start.is_some_and(|s| s < to))
}

fn list(store: &Store, actor: &Session, f: &JobFilter, text: &str) -> Result<JobPage, CoreError> {
    let now = store.now_ms();
    let conn = store.read_as(actor)?;
    if text.trim().is_empty() {
        let total = jobs::count(conn, actor, f, now)?;
        let rows = jobs::list(conn, actor, f, now)?;
        return Ok(JobPage {
            offset: f.offset,
            rows,
            total,
        });
    }
    // The search index gives the ids (the most recent matches, scoped by role: a short prefix
    // matches too many jobs to sort them all), their rows are read in one query and filtered
    // here. At most TEXT_SEARCH_MAX hits.
    let hits = rpma_core::search::search(conn, actor, text, TEXT_SEARCH_MAX)?;
    let ids: Vec<JobId> = hits.jobs.into_iter().map(|h| JobId::from(h.id)).collect();
    let mut rows: Vec<JobRow> = jobs::rows_by_ids(conn, actor, &ids, now)?;
    rows.retain(|r| matches(f, r));
    let (today, _) = jobs::day_bounds(now, jobs::shop_tz(conn)?);
    jobs::sort_rows(&mut rows, f.sort, f.descending, today);
    let total = u64::try_from(rows.len()).unwrap_or(0);
    let skip = usize::try_from(f.offset).unwrap_or(usize::MAX);
    let take = usize::try_from(f.limit.max(1)).unwrap_or(1);
    Ok(JobPage {
        offset: f.offset,
        rows: rows.into_iter().skip(skip).take(take).collect(),
        total,
    })
}

fn pick(
    store: &Store,
    actor: &Session,
    client_id: Option<&str>,
    vehicle_id: Option<&str>,
) -> Result<Picked, CoreError> {
    let conn = store.read_as(actor)?;
    let vehicle = match vehicle_id {
        Some(id) => vehicles::get(conn, id)?.filter(|v| v.deleted_at.is_none()),
        None => None,
    };
    let client_id = client_id
        .map(ClientId::from)
        .or_else(|| vehicle.as_ref().and_then(|v| v.owner_id.clone()));
    let client = match client_id {
        Some(id) => clients::get(conn, &id)?.filter(|c| c.deleted_at.is_none()),
        None => None,
    };
    Ok(Picked { client, vehicle })
}

fn refs(store: &Store, actor: &Session) -> Result<PlanningRefs, CoreError> {
    let conn = store.read_as(actor)?;
    let assignees = users::staff(conn, actor)?
        .into_iter()
        .filter(|u| {
            u.is_active && matches!(u.role, Role::Technician | Role::Supervisor | Role::Admin)
        })
        .map(|u| Assignee {
            id: u.id,
            name: u.display_name,
            role: u.role,
        })
        .collect();
    Ok(PlanningRefs {
        zones: zones::list(conn, false)?,
        assignees,
        planning: settings::get_planning(conn)?,
        hours: settings::get_shop(conn)?.business_hours,
        shops: jobs::head_office_shops(conn, actor)?,
    })
}
