//! Creating a job together with the client and the vehicle it brings, in one transaction: the
//! creation wizard's last step. The wizard keeps a new client's and a new vehicle's forms in its
//! draft, checks them at their steps with [`crate::clients::check`] and
//! [`crate::vehicles::check`] (which write nothing), and sends everything here when the job is
//! created: all of it is saved, or nothing. An abandoned wizard leaves nothing behind.
//!
//! Errors say which part refused ([`CreateWithNewError::part`]) and carry that part's error
//! unchanged, so field names stay those of the part's own form: a [`CoreError::Invalid`] of
//! [`CreatePart::Client`] names client fields (`name`, `phone`…), of [`CreatePart::Vehicle`]
//! vehicle fields (`plate`, `vin`…), of [`CreatePart::Job`] the job's (`zones`, `end`,
//! `client`, `vehicle`…). The wizard shows each beside the fields of the step it belongs to.

use crate::ids::ClientId;
use rusqlite::Connection;

use super::{JobDetail, NewJob, authorize, create_in, get};
use crate::Session;
use crate::auth::permissions::Action;
use crate::clients::{self, ClientInput};
use crate::error::{CoreError, CoreResult};
use crate::store::{Store, Tx};
use crate::vehicles::{self, VehicleInput};

/// A job with, optionally, the client and the vehicle to create with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewJobWithParties {
    /// A client to create; the job's `client_id` is then the new client's.
    pub new_client: Option<ClientInput>,
    /// A vehicle to create, owned by the job's client (new or existing); its `owner_id` is
    /// ignored and the job's `vehicle_id` is then the new vehicle's.
    pub new_vehicle: Option<VehicleInput>,
    /// The job. Without a new vehicle, `vehicle_id` names an existing vehicle, which is given to
    /// the job's client (an ownership change) when it is not theirs.
    pub job: NewJob,
}

/// The part of [`create_with_new`] an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreatePart {
    /// The new client ([`clients::create_in`]).
    Client,
    /// The new vehicle ([`vehicles::create_in`]), or giving the existing one to the client.
    Vehicle,
    /// The job itself ([`create_in`]), its permission, or the transaction.
    Job,
}

/// Why [`create_with_new`] saved nothing: the part that refused and its error, as that part's
/// service gave it (see the module documentation for the field names).
#[derive(Debug, thiserror::Error)]
#[error("{part:?}: {error}")]
pub struct CreateWithNewError {
    /// The part that failed.
    pub part: CreatePart,
    /// Its error.
    pub error: CoreError,
}

/// Creates the new client (if any), then the new vehicle owned by the job's client (if any; an
/// existing vehicle of someone else is given to the client instead), then the job pointing at
/// them, in ONE transaction: one transaction id in the change log, and any refusal rolls every
/// part back. Needs [`Action::CreateJobs`] (checked first, before anything is tried), plus
/// [`Action::EditClients`] for a new client and [`Action::EditVehicles`] for a new vehicle or
/// an ownership change; each part is validated by its own service, audited by it
/// (`client.create`, `vehicle.create` or `vehicle.change_owner`, `job.create`).
pub fn create_with_new(
    store: &mut Store,
    actor: &Session,
    new: &NewJobWithParties,
) -> Result<JobDetail, CreateWithNewError> {
    let mut part = CreatePart::Job;
    let written = store.write(Some(&actor.id), |tx| {
        authorize(tx.conn(), actor, Action::CreateJobs)?;
        let mut job = new.job.clone();
        if let Some(input) = &new.new_client {
            part = CreatePart::Client;
            job.client_id = clients::create_in(tx, actor, input)?.id;
        }
        part = CreatePart::Vehicle;
        match &new.new_vehicle {
            Some(input) => {
                // An unknown client gives a vehicle without an owner: the job's check then
                // names the client, and everything rolls back.
                let input = VehicleInput {
                    owner_id: live_client(tx.conn(), &job.client_id)?,
                    ..input.clone()
                };
                job.vehicle_id = vehicles::create_in(tx, actor, &input)?.id;
            }
            None => give_to_client(tx, actor, &job.client_id, &job.vehicle_id)?,
        }
        part = CreatePart::Job;
        create_in(tx, actor, &job)
    });
    let id = written.map_err(|error| CreateWithNewError { part, error })?;
    let now = store.now_ms();
    get(store.conn(), actor, &id, now).map_err(|error| CreateWithNewError {
        part: CreatePart::Job,
        error,
    })
}

/// The client's id when it is a live client.
fn live_client(conn: &Connection, id: &str) -> CoreResult<Option<ClientId>> {
    Ok(clients::get(conn, id)?
        .filter(|c| c.deleted_at.is_none())
        .map(|c| c.id))
}

/// Gives an existing live vehicle to the live client when someone else (or nobody) owns it: the
/// job needs its vehicle to belong to its client. Anything unknown is left to the job's checks.
fn give_to_client(
    tx: &Tx<'_>,
    actor: &Session,
    client_id: &str,
    vehicle_id: &str,
) -> CoreResult<()> {
    let Some(client_id) = live_client(tx.conn(), client_id)? else {
        return Ok(());
    };
    let Some(vehicle) = vehicles::get(tx.conn(), vehicle_id)?.filter(|v| v.deleted_at.is_none())
    else {
        return Ok(());
    };
    if vehicle.owner_id.as_deref() == Some(&*client_id) {
        return Ok(());
    }
    let input = VehicleInput {
        owner_id: Some(client_id),
        ..vehicle.to_input()
    };
    vehicles::update_in(tx, actor, &vehicle.id, &input).map(drop)
}
