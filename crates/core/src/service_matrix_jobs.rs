//! Rows of the service matrix ([`crate::service_matrix`]): clients, vehicles and jobs. The shop
//! has two jobs: the technician's own and one of nobody; a technician sees and edits only the
//! first (the other is hidden from them, not merely refused).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::auth::permissions::Action as A;
use crate::clients::{self, ClientInput};
use crate::ids::{ClientId, VehicleId};
use crate::jobs::{self, JobStatus};
use crate::service_matrix::{Expect, Out, Row, done, id, row, seen};
use crate::service_matrix_world::{HOUR, World, new_job, vehicle_input};
use crate::testutil::T0;
use crate::vehicles;

use Expect::{Each, Matrix};
use Out::{Forbidden as F, Hidden as H, Ok as Y, Sees};

/// What each role sees of the shop's two jobs.
const TWO_JOBS: [Out; 4] = [Sees(2), Sees(2), Sees(1), Sees(2)];
/// The day of both jobs.
const DAY: (i64, i64) = (T0 - 9 * HOUR, T0 + 15 * HOUR);

fn client_input(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        ..ClientInput::default()
    }
}

/// A checklist item of the technician's job, added by the admin.
fn checklist_item(w: &mut World) -> String {
    let job = w.d.job_own.clone();
    jobs::add_checklist_item(&mut w.store, &w.who.admin, &job, "Photos avant").unwrap()
}

pub(crate) fn rows() -> Vec<Row> {
    let mut rows = clients_and_vehicles();
    rows.extend(job_writes());
    rows.extend(job_reads());
    rows
}

fn clients_and_vehicles() -> Vec<Row> {
    vec![
        row("clients::create", Matrix(A::EditClients), |w, a, _| {
            done(clients::create(
                &mut w.store,
                a,
                &client_input("Jean Petit"),
            ))
        }),
        row("clients::create_in", Matrix(A::EditClients), |w, a, _| {
            let input = client_input("Jean Petit");
            done(
                w.store
                    .write(Some(&a.id), |tx| clients::create_in(tx, a, &input)),
            )
        }),
        row("clients::update", Matrix(A::EditClients), |w, a, _| {
            let c = w.d.client.clone();
            done(clients::update(
                &mut w.store,
                a,
                &c,
                &client_input("Marie Dupont-Durand"),
            ))
        }),
        row("clients::delete", Matrix(A::DeleteClients), |w, a, t| {
            done(clients::delete(&mut w.store, a, &t.id))
        })
        .given(|w, _| id(w.client_without_jobs())),
        row(
            "clients::restore",
            Matrix(A::RestoreFromTrash),
            |w, a, t| done(clients::restore(&mut w.store, a, &t.id)),
        )
        .given(|w, _| {
            let c = w.client_without_jobs();
            clients::delete(&mut w.store, &w.who.admin, &c).unwrap();
            id(c)
        }),
        row(
            "clients::gdpr::export_data",
            Matrix(A::ExportClientData),
            |w, a, _| {
                let c = w.d.client.clone();
                done(clients::export_data(&mut w.store, a, &c))
            },
        ),
        row("clients::gdpr::erase", Matrix(A::EraseClient), |w, a, t| {
            done(clients::erase(&mut w.store, a, &t.id))
        })
        .given(|w, _| id(w.client_without_jobs())),
        row("vehicles::create", Matrix(A::EditVehicles), |w, a, _| {
            let input = vehicle_input("GH-789-JK", &w.d.client);
            done(vehicles::create(&mut w.store, a, &input))
        }),
        row("vehicles::create_in", Matrix(A::EditVehicles), |w, a, _| {
            let input = vehicle_input("GH-789-JK", &w.d.client);
            done(
                w.store
                    .write(Some(&a.id), |tx| vehicles::create_in(tx, a, &input)),
            )
        }),
        row("vehicles::update_in", Matrix(A::EditVehicles), |w, a, _| {
            let mut input = vehicle_input("AB-123-CD", &w.d.client);
            input.colour = "Vert".into();
            let v = w.d.vehicle.clone();
            done(
                w.store
                    .write(Some(&a.id), |tx| vehicles::update_in(tx, a, &v, &input)),
            )
        }),
        row("vehicles::update", Matrix(A::EditVehicles), |w, a, _| {
            let mut input = vehicle_input("AB-123-CD", &w.d.client);
            input.colour = "Rouge".into();
            let v = w.d.vehicle.clone();
            done(vehicles::update(&mut w.store, a, &v, &input))
        }),
        row("vehicles::delete", Matrix(A::DeleteClients), |w, a, t| {
            done(vehicles::delete(&mut w.store, a, &t.id))
        })
        .given(|w, _| id(w.vehicle_without_jobs())),
        row(
            "vehicles::restore",
            Matrix(A::RestoreFromTrash),
            |w, a, t| done(vehicles::restore(&mut w.store, a, &t.id)),
        )
        .given(|w, _| {
            let v = w.vehicle_without_jobs();
            vehicles::delete(&mut w.store, &w.who.admin, &v).unwrap();
            id(v)
        }),
    ]
}

fn job_writes() -> Vec<Row> {
    let own_job = Matrix(A::EditOwnJob);
    // Someone else's job: hidden from a technician, refused to a viewer.
    let other_job = Each(A::EditOwnJob, [Y, Y, H, F]);
    vec![
        row("jobs::create::create", Matrix(A::CreateJobs), |w, a, _| {
            done(jobs::create(&mut w.store, a, &new_job(&w.d, 8, None)))
        }),
        row(
            "jobs::create::create_in",
            Matrix(A::CreateJobs),
            |w, a, _| {
                let job = new_job(&w.d, 8, None);
                done(
                    w.store
                        .write(Some(&a.id), |tx| jobs::create_in(tx, a, &job)),
                )
            },
        ),
        // A new client, a new vehicle and the job, in one use case (the wizard's save).
        row(
            "jobs::with_new::create_with_new",
            Matrix(A::CreateJobs),
            |w, a, _| {
                let mut job = new_job(&w.d, 8, None);
                job.client_id = ClientId::default();
                job.vehicle_id = VehicleId::default();
                let new = jobs::NewJobWithParties {
                    new_client: Some(client_input("Paul Neuf")),
                    new_vehicle: Some(vehicle_input("NW-123-ZZ", &w.d.client)),
                    job,
                };
                done(jobs::create_with_new(&mut w.store, a, &new).map_err(|e| e.error))
            },
        ),
        // The technician's slot is taken by their own job: only a forced save passes.
        row(
            "jobs::create::create",
            Matrix(A::ForceScheduleConflict),
            |w, a, _| {
                let mut job = new_job(&w.d, 1, Some(&w.who.technician.id));
                job.force_reason = Some("Urgence client".into());
                done(jobs::create(&mut w.store, a, &job))
            },
        ),
        row("jobs::reschedule", Matrix(A::AssignJobs), |w, a, _| {
            let r = jobs::Reschedule {
                start: T0 + 6 * HOUR,
                end: T0 + 8 * HOUR,
                technician_id: Some(w.who.technician.id.clone()),
                ..jobs::Reschedule::default()
            };
            let job = w.d.job_own.clone();
            done(jobs::reschedule(&mut w.store, a, &job, &r))
        }),
        // Even on their own job, a technician may not change its priority.
        row("jobs::update", Matrix(A::EditAnyJob), |w, a, _| {
            let u = jobs::JobUpdate {
                priority: Some(jobs::Priority::Urgent),
                ..jobs::JobUpdate::default()
            };
            let job = w.d.job_own.clone();
            done(jobs::update(&mut w.store, a, &job, &u))
        }),
        // …but may change the film product of their own job.
        row("jobs::update", own_job, |w, a, _| {
            let u = jobs::JobUpdate {
                film_product: Some("SunTek Reaction".into()),
                ..jobs::JobUpdate::default()
            };
            let job = w.d.job_own.clone();
            done(jobs::update(&mut w.store, a, &job, &u))
        }),
        // An office move (cancel), refused to a technician even on their own job.
        row("jobs::transition", Matrix(A::EditAnyJob), |w, a, _| {
            let job = w.d.job_own.clone();
            let to = JobStatus::Cancelled;
            done(jobs::transition(
                &mut w.store,
                a,
                &job,
                to,
                Some("Client absent"),
            ))
        }),
        // Putting one's own planned job on hold: the one move a technician makes.
        row("jobs::transition", own_job, |w, a, _| {
            let job = w.d.job_own.clone();
            let to = JobStatus::OnHold;
            done(jobs::transition(
                &mut w.store,
                a,
                &job,
                to,
                Some("Pièce manquante"),
            ))
        }),
        row("jobs::transition", other_job, |w, a, _| {
            let job = w.d.job_other.clone();
            let to = JobStatus::OnHold;
            done(jobs::transition(
                &mut w.store,
                a,
                &job,
                to,
                Some("Pièce manquante"),
            ))
        }),
        row("jobs::checklist::add_note", own_job, |w, a, _| {
            let job = w.d.job_own.clone();
            done(jobs::add_note(&mut w.store, a, &job, "Client prévenu"))
        }),
        row("jobs::checklist::add_note", other_job, |w, a, _| {
            let job = w.d.job_other.clone();
            done(jobs::add_note(&mut w.store, a, &job, "Client prévenu"))
        }),
        row("jobs::checklist::add_checklist_item", own_job, |w, a, _| {
            let job = w.d.job_own.clone();
            done(jobs::add_checklist_item(&mut w.store, a, &job, "Nettoyage"))
        }),
        row("jobs::checklist::set_checklist_done", own_job, |w, a, t| {
            done(jobs::set_checklist_done(&mut w.store, a, &t.id, true))
        })
        .given(|w, _| id(checklist_item(w))),
        row(
            "jobs::checklist::remove_checklist_item",
            own_job,
            |w, a, t| done(jobs::remove_checklist_item(&mut w.store, a, &t.id)),
        )
        .given(|w, _| id(checklist_item(w))),
        row("jobs::delete", Matrix(A::DeleteJobs), |w, a, _| {
            let job = w.d.job_own.clone();
            done(jobs::delete(&mut w.store, a, &job))
        }),
        row("jobs::restore", Matrix(A::RestoreFromTrash), |w, a, _| {
            let job = w.d.job_own.clone();
            done(jobs::restore(&mut w.store, a, &job))
        })
        .given(|w, _| {
            let job = w.d.job_own.clone();
            jobs::delete(&mut w.store, &w.who.admin, &job).unwrap();
            id(job)
        }),
    ]
}

/// The time the reads are made at.
const NOW: i64 = T0;

fn job_reads() -> Vec<Row> {
    vec![
        row(
            "jobs::query::list",
            Each(A::ViewJobs, TWO_JOBS),
            |w, a, _| {
                seen(jobs::list(
                    w.store.conn(),
                    a,
                    &jobs::JobFilter::default(),
                    NOW,
                ))
            },
        ),
        row(
            "jobs::query::count",
            Each(A::ViewJobs, TWO_JOBS),
            |w, a, _| {
                jobs::count(w.store.conn(), a, &jobs::JobFilter::default(), NOW)
                    .map(|n| usize::try_from(n).unwrap())
            },
        ),
        row(
            "jobs::hits::rows_by_ids",
            Each(A::ViewJobs, TWO_JOBS),
            |w, a, _| {
                let ids = [w.d.job_own.clone(), w.d.job_other.clone()];
                seen(jobs::rows_by_ids(w.store.conn(), a, &ids, NOW))
            },
        ),
        row("jobs::query::get", Matrix(A::ViewJobs), |w, a, _| {
            done(jobs::get(w.store.conn(), a, &w.d.job_own, NOW))
        }),
        row(
            "jobs::query::get",
            Each(A::ViewJobs, [Y, Y, H, Y]),
            |w, a, _| done(jobs::get(w.store.conn(), a, &w.d.job_other, NOW)),
        ),
        row(
            "jobs::query::calendar",
            Each(A::ViewCalendar, TWO_JOBS),
            |w, a, _| {
                let filter = jobs::CalendarFilter::default();
                seen(jobs::calendar(
                    w.store.conn(),
                    a,
                    DAY.0,
                    DAY.1,
                    &filter,
                    NOW,
                ))
            },
        ),
        // "My day" lists the actor's own jobs: only the technician has one.
        row(
            "jobs::query::my_day",
            Each(A::ViewCalendar, [Sees(0), Sees(0), Sees(1), Sees(0)]),
            |w, a, _| seen(jobs::my_day(w.store.conn(), a, DAY.0, DAY.1, NOW)),
        ),
        row(
            "jobs::my_day::my_day_groups",
            Each(A::ViewCalendar, [Sees(0), Sees(0), Sees(1), Sees(0)]),
            |w, a, _| {
                let d = jobs::my_day_groups(w.store.conn(), a, DAY.0, DAY.1, NOW)?;
                Ok(d.in_progress.len() + d.planned.len() + d.finished.len())
            },
        ),
        row(
            "jobs::query::for_client",
            Each(A::ViewJobs, TWO_JOBS),
            |w, a, _| seen(jobs::for_client(w.store.conn(), a, &w.d.client, 50, NOW)),
        ),
        row(
            "jobs::query::for_vehicle",
            Each(A::ViewJobs, TWO_JOBS),
            |w, a, _| seen(jobs::for_vehicle(w.store.conn(), a, &w.d.vehicle, NOW)),
        ),
        row(
            "jobs::query::counts_today",
            Each(A::ViewDashboard, TWO_JOBS),
            |w, a, _| {
                let c = jobs::counts_today(w.store.conn(), a, DAY.0, DAY.1, NOW)?;
                Ok(usize::try_from(c.scheduled).unwrap())
            },
        ),
        row(
            "jobs::shops::head_office_shops",
            Matrix(A::ViewCalendar),
            |w, a, _| seen(jobs::head_office_shops(w.store.conn(), a)),
        ),
        row(
            "jobs::query::list_deleted",
            Matrix(A::ViewTrash),
            |w, a, _| seen(jobs::list_deleted(w.store.conn(), a)),
        ),
        // Clients, vehicles and jobs matching the client's name: the jobs as each role sees them.
        row(
            "search::search",
            Each(A::ViewClients, TWO_JOBS),
            |w, a, _| {
                let found = crate::search::search(w.store.conn(), a, "Dupont", 10)?;
                Ok(found.jobs.len())
            },
        ),
    ]
}
