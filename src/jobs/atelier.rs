//! Jobs of the "Atelier" board and the guided intervention screens. Same contract as every job:
//! the UI sends an [`AtelierJob`], the worker runs [`handle`] against the store, and the reply
//! comes back as an [`AtelierEvent`] inside [`super::JobEvent::Atelier`].
//!
//! Photo files are never decoded here: the photo thread ([`crate::photo_import`]) stores them and
//! makes thumbnails, then the screen sends [`AtelierJob::AttachPhoto`] with the stored file's
//! metadata (files of the watched folder go through [`super::folder`] instead).

use rpma_core::Session;
use rpma_core::ids::{DefectId, InterventionId, JobId, PhotoId, UserId};
use rpma_core::interventions::{
    self, BoardRow, DefectInput, Intervention, PhotoAttach, PhotoAttached, PhotoTags, StepEdit,
    ZoneEdit,
};
use rpma_core::users;
use rpma_core::{CoreError, Store};

/// Work for the Atelier board and the intervention screens.
#[derive(Debug, Clone)]
pub enum AtelierJob {
    /// In progress, paused and completed today.
    Board {
        /// Start of today (UTC ms, shop time zone).
        day_start: i64,
        /// End of today.
        day_end: i64,
    },
    /// One intervention.
    Get {
        /// Intervention.
        id: InterventionId,
    },
    /// The job's active intervention, or its latest one.
    ForJob {
        /// Job.
        job_id: JobId,
    },
    /// Start the job's intervention.
    Start {
        /// Job.
        job_id: JobId,
        /// Confirmed while the technician runs another intervention (the core refuses a second
        /// running one without it).
        alongside: bool,
    },
    /// A lifecycle move.
    Move {
        /// Intervention.
        id: InterventionId,
        /// The move.
        op: Move,
    },
    /// Autosave of a step's notes, checklist and readings.
    SaveStep {
        /// Intervention.
        id: InterventionId,
        /// Step.
        position: usize,
        /// Content.
        edit: Box<StepEdit>,
    },
    /// Autosave of a zone's installation record.
    SaveZone {
        /// Intervention.
        id: InterventionId,
        /// Content.
        edit: Box<ZoneEdit>,
    },
    /// Add (no id) or change a defect.
    SaveDefect {
        /// Intervention.
        id: InterventionId,
        /// The defect's id when it exists.
        defect_id: Option<DefectId>,
        /// Content.
        input: Box<DefectInput>,
    },
    /// Remove a defect.
    DeleteDefect {
        /// Intervention.
        id: InterventionId,
        /// Defect.
        defect_id: DefectId,
    },
    /// Attach a stored photo to a step.
    AttachPhoto {
        /// Intervention.
        id: InterventionId,
        /// The photo.
        attach: Box<PhotoAttach>,
    },
    /// Change a photo's tags.
    TagPhoto {
        /// Intervention.
        id: InterventionId,
        /// Photo.
        photo_id: PhotoId,
        /// Tags.
        tags: Box<PhotoTags>,
    },
    /// Take a photo off its step.
    RemovePhoto {
        /// Intervention.
        id: InterventionId,
        /// Photo.
        photo_id: PhotoId,
    },
    /// The signatory's name and, when given, the signature.
    Sign {
        /// Intervention.
        id: InterventionId,
        /// Name.
        signatory: String,
        /// The pad's strokes (normalised 0–1; none drawn clears), rendered to the stored PNG
        /// here on the worker, never on the UI thread; `None` keeps the current signature.
        strokes: Option<Vec<Vec<egui::Pos2>>>,
    },
    /// Active accounts that can be named installer.
    Installers,
    /// Make this intervention the one the watched photo folder feeds on this terminal.
    WatchHere {
        /// Intervention.
        id: InterventionId,
    },
}

/// Size of the stored signature image (3:1, like the pad).
pub const SIGNATURE_PNG_SIZE: (u32, u32) = (900, 300);

/// A lifecycle move of an intervention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// Pause, with an optional reason.
    Pause(String),
    /// Resume.
    Resume,
    /// Cancel, with a reason.
    Cancel(String),
    /// Complete a step.
    Complete(usize),
    /// Rework a completed step, with a reason.
    Rework(usize, String),
    /// Skip an optional step, with a reason.
    Skip(usize, String),
    /// Approve a step.
    Approve(usize),
    /// Reject a step, with a reason.
    Reject(usize, String),
    /// Finish the intervention.
    Finish,
    /// Keep one version of a step edited on two terminals (clash id).
    Resolve(i64, interventions::Keep),
}

/// Replies.
#[derive(Debug)]
pub enum AtelierEvent {
    /// Reply to [`AtelierJob::Board`].
    Board(Result<Vec<BoardRow>, CoreError>),
    /// Reply to [`AtelierJob::Get`], [`AtelierJob::ForJob`], [`AtelierJob::Start`] and
    /// [`AtelierJob::Move`]: the intervention as it now is.
    Loaded(Result<Option<Box<Intervention>>, CoreError>),
    /// Reply to a move (the intervention after it).
    Moved(Result<Box<Intervention>, CoreError>),
    /// Reply to the saves (step, zone, defect, tags, removal, signature); on success the
    /// intervention as it now is.
    Saved(Result<Box<Intervention>, CoreError>),
    /// Reply to [`AtelierJob::AttachPhoto`].
    PhotoAttached(Result<PhotoAttached, CoreError>),
    /// Reply to [`AtelierJob::Installers`]: (id, name).
    Installers(Result<Vec<(UserId, String)>, CoreError>),
    /// Reply to [`AtelierJob::WatchHere`]: the intervention the folder now feeds.
    Watching(Result<InterventionId, CoreError>),
}

impl AtelierEvent {
    /// The error it carries, if any (for the log).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::Board(Err(e))
            | Self::Loaded(Err(e))
            | Self::Moved(Err(e))
            | Self::Saved(Err(e))
            | Self::PhotoAttached(Err(e))
            | Self::Installers(Err(e))
            | Self::Watching(Err(e)) => Some(e),
            Self::Board(Ok(_))
            | Self::Loaded(Ok(_))
            | Self::Moved(Ok(_))
            | Self::Saved(Ok(_))
            | Self::PhotoAttached(Ok(_))
            | Self::Installers(Ok(_))
            | Self::Watching(Ok(_)) => None,
        }
    }
}

fn reload(store: &Store, actor: &Session, id: &str) -> Result<Box<Intervention>, CoreError> {
    interventions::get(store.read_as(actor)?, actor, id).map(Box::new)
}

/// Runs one job.
pub fn handle(store: &mut Store, actor: &Session, job: AtelierJob) -> AtelierEvent {
    match job {
        AtelierJob::Board { day_start, day_end } => {
            let now = store.now_ms();
            AtelierEvent::Board(
                store
                    .read_as(actor)
                    .and_then(|conn| interventions::board(conn, actor, now, day_start, day_end)),
            )
        }
        AtelierJob::Get { id } => AtelierEvent::Loaded(reload(store, actor, &id).map(Some)),
        AtelierJob::ForJob { job_id } => AtelierEvent::Loaded(
            store
                .read_as(actor)
                .and_then(|conn| interventions::latest_for_job(conn, &job_id))
                .and_then(|found| match found {
                    Some((id, _)) => reload(store, actor, &id).map(Some),
                    None => Ok(None),
                }),
        ),
        AtelierJob::Start { job_id, alongside } => AtelierEvent::Loaded(
            if alongside {
                interventions::start_alongside(store, actor, &job_id)
            } else {
                interventions::start(store, actor, &job_id)
            }
            .map(|iv| Some(Box::new(iv))),
        ),
        AtelierJob::Move { id, op } => {
            let r = match op {
                Move::Pause(reason) => interventions::pause(store, actor, &id, &reason),
                Move::Resume => interventions::resume(store, actor, &id),
                Move::Cancel(reason) => interventions::cancel(store, actor, &id, &reason),
                Move::Complete(p) => interventions::complete_step(store, actor, &id, p),
                Move::Rework(p, reason) => {
                    interventions::rework_step(store, actor, &id, p, &reason)
                }
                Move::Skip(p, reason) => interventions::skip_step(store, actor, &id, p, &reason),
                Move::Approve(p) => interventions::approve_step(store, actor, &id, p),
                Move::Reject(p, reason) => {
                    interventions::reject_step(store, actor, &id, p, &reason)
                }
                Move::Finish => interventions::finish(store, actor, &id),
                Move::Resolve(c, keep) => {
                    interventions::resolve_conflict(store, actor, &id, c, keep)
                }
            };
            AtelierEvent::Moved(r.map(Box::new))
        }
        AtelierJob::SaveStep { id, position, edit } => AtelierEvent::Saved(
            interventions::save_step(store, actor, &id, position, &edit)
                .and_then(|()| reload(store, actor, &id)),
        ),
        AtelierJob::SaveZone { id, edit } => AtelierEvent::Saved(
            interventions::save_zone(store, actor, &id, &edit)
                .and_then(|()| reload(store, actor, &id)),
        ),
        AtelierJob::SaveDefect {
            id,
            defect_id,
            input,
        } => {
            let r = match defect_id {
                Some(d) => interventions::update_defect(store, actor, &id, &d, &input),
                None => interventions::add_defect(store, actor, &id, &input).map(drop),
            };
            AtelierEvent::Saved(r.and_then(|()| reload(store, actor, &id)))
        }
        AtelierJob::DeleteDefect { id, defect_id } => AtelierEvent::Saved(
            interventions::delete_defect(store, actor, &id, &defect_id)
                .and_then(|()| reload(store, actor, &id)),
        ),
        AtelierJob::AttachPhoto { id, attach } => {
            AtelierEvent::PhotoAttached(interventions::attach_photo(store, actor, &id, &attach))
        }
        AtelierJob::TagPhoto { id, photo_id, tags } => AtelierEvent::Saved(
            interventions::tag_photo(store, actor, &id, &photo_id, &tags)
                .and_then(|()| reload(store, actor, &id)),
        ),
        AtelierJob::RemovePhoto { id, photo_id } => AtelierEvent::Saved(
            interventions::remove_photo(store, actor, &id, &photo_id)
                .and_then(|()| reload(store, actor, &id)),
        ),
        AtelierJob::Sign {
            id,
            signatory,
            strokes,
        } => {
            let png = strokes.map(|s| {
                crate::ui::signature_pad::SignaturePad::from_strokes(s)
                    .to_png(SIGNATURE_PNG_SIZE.0, SIGNATURE_PNG_SIZE.1)
            });
            AtelierEvent::Saved(
                interventions::set_signature(store, actor, &id, &signatory, png.as_deref())
                    .and_then(|()| reload(store, actor, &id)),
            )
        }
        AtelierJob::Installers => AtelierEvent::Installers(installers(store, actor)),
        AtelierJob::WatchHere { id } => {
            AtelierEvent::Watching(interventions::watch_here(store, actor, &id).map(|()| id))
        }
    }
}

fn installers(store: &Store, actor: &Session) -> Result<Vec<(UserId, String)>, CoreError> {
    Ok(users::staff(store.read_as(actor)?, actor)?
        .into_iter()
        .filter(|u| {
            u.is_active
                && rpma_core::auth::permissions::allows(
                    u.role,
                    rpma_core::auth::permissions::Action::RunIntervention,
                )
        })
        .map(|u| (u.id, u.display_name))
        .collect())
}
