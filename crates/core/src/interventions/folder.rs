//! The watched import folder's side in the database: which intervention it feeds on this terminal,
//! and a record of every file taken from it.
//!
//! The folder feeds the last active intervention opened on this terminal by someone allowed to
//! work on it ([`watch_here`]); its photos go to that intervention's current step, in that
//! person's name, whatever the screen shows and whoever is signed in (nobody, on a locked kiosk).
//! They fill the step's missing named shots in order ([`super::ShotChoice::NextMissing`]).
//!
//! A file is recorded ([`record_folder_import`]: the photo, its attachment and the import row, in
//! one transaction) *before* it leaves the folder; its move is recorded after ([`mark_moved`]).
//! So a crash between the photo store and the database leaves the file in the folder (it is taken
//! again, once), and a crash between the database and the move leaves an unmoved row
//! ([`unmoved_imports`]) that the next start finishes without attaching anything twice.

use crate::ids::{InterventionId, PhotoId, PhotoImportId, UserId};
use rusqlite::{Connection, OptionalExtension as _, params};

use super::data::{PhotoAttach, PhotoSource, ShotChoice, attach_in};
use super::lifecycle::{editable, load_active};
use super::read::load;
use crate::Session;
use crate::error::{CoreError, CoreResult};
use crate::photos::PhotoFile;
use crate::store::Store;
use crate::users;
use crate::workflow::Text;

/// Id of the one row of `photo_import_targets`: the data folder's (this terminal's) target.
const TARGET_ROW: &str = "terminal";

/// Where files from the watched folder go now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderTarget {
    /// The intervention.
    pub intervention_id: InterventionId,
    /// Its current step, which takes the photos.
    pub step: usize,
    /// The step's title (messages).
    pub step_title: Text,
    /// In whose name photos are added: who opened the intervention here.
    pub user_id: UserId,
    /// The job's number (messages).
    pub job_number: String,
    /// The vehicle's plate (messages).
    pub plate: String,
}

/// A file taken from the watched folder and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderRecorded {
    /// The import row.
    pub import_id: PhotoImportId,
    /// The intervention it went to.
    pub intervention_id: InterventionId,
    /// The step.
    pub step: usize,
    /// The attachment (an existing one when `duplicate`).
    pub photo_id: PhotoId,
    /// The picture was already on the step: nothing new attached.
    pub duplicate: bool,
    /// This very file had been recorded before and not moved (the app stopped in between):
    /// nothing new was written, the file only has to be moved.
    pub again: bool,
    /// Its name under `imported/`.
    pub moved_to: String,
}

/// What becomes of a file of the watched folder.
#[derive(Debug)]
pub enum FolderImport {
    /// Recorded (and attached): move it to `imported/`.
    Recorded(FolderRecorded),
    /// No intervention can take it now (none opened here, finished, waiting for approval…):
    /// leave it in the folder.
    Waiting,
    /// The step refuses it (its maximum of photos is reached): move it to `refused/` with this
    /// reason.
    Refused(CoreError),
}

/// A file recorded but not moved out of the folder yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmovedImport {
    /// The import row.
    pub id: PhotoImportId,
    /// Its name in the import folder.
    pub source_name: String,
    /// Its content hash.
    pub sha256: String,
    /// The name it gets under `imported/`.
    pub moved_to: String,
}

/// Makes intervention `id` the one the watched folder feeds on this terminal, in `actor`'s
/// name. Refused unless `actor` may work on it and it is active. Not audited: each photo it
/// brings is.
pub fn watch_here(store: &mut Store, actor: &Session, id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        load_active(tx, actor, id)?;
        tx.conn().execute(
            "INSERT INTO photo_import_targets (id, intervention_id, user_id, created_at,
                updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (id) DO UPDATE SET intervention_id = excluded.intervention_id,
                user_id = excluded.user_id, updated_at = excluded.updated_at,
                deleted_at = NULL, deleted_by = NULL",
            params![TARGET_ROW, id, actor.id, tx.now()],
        )?;
        Ok(())
    })
}

/// The intervention the watched folder feeds on this terminal, when it can take a photo now: it
/// is active, its current step is in progress (not waiting for approval) and the person who
/// opened it here may still work on it. `None` otherwise: files wait in the folder.
pub fn folder_target(store: &Store) -> CoreResult<Option<FolderTarget>> {
    let conn = store.conn();
    let Some((iv_id, user_id)) = target_row(conn)? else {
        return Ok(None);
    };
    let Some(user) = users::get(conn, &user_id)? else {
        return Ok(None);
    };
    Ok(ready(conn, &Session::on_behalf_of(user, 0), &iv_id))
}

fn target_row(conn: &Connection) -> CoreResult<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT intervention_id, user_id FROM photo_import_targets
             WHERE id = ?1 AND deleted_at IS NULL",
            [TARGET_ROW],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The target when `user` may add a photo to intervention `id`'s current step now.
fn ready(conn: &Connection, user: &Session, id: &str) -> Option<FolderTarget> {
    let iv = load(conn, id).ok()?;
    super::lifecycle::authorize(conn, user, iv.job.technician_id.as_deref()).ok()?;
    if !iv.status.is_active() {
        return None;
    }
    let step = iv.current_step;
    editable(&iv, step).ok()?;
    Some(FolderTarget {
        intervention_id: iv.id.clone(),
        step,
        step_title: iv.step_template(step)?.title.clone(),
        user_id: user.id.clone(),
        job_number: iv.job.number.clone(),
        plate: iv.job.plate.clone(),
    })
}

/// Records a file of the watched folder, already in the photo store as `file`: in one
/// transaction, the photo is attached to the target's current step (filling its next missing
/// named shot) and the import is recorded with `moved_to`, the name it will get under
/// `imported/`. The same file recorded earlier and never moved is not attached again
/// ([`FolderRecorded::again`]).
pub fn record_folder_import(
    store: &mut Store,
    source_name: &str,
    file: &PhotoFile,
    moved_to: &str,
) -> CoreResult<FolderImport> {
    if let Some(r) = recorded_before(store.conn(), source_name, &file.sha256)? {
        return Ok(FolderImport::Recorded(r));
    }
    // Like `attach_photo`: a record never points at a picture the photo store does not hold.
    if !store
        .photo_store()
        .is_some_and(|p| p.exists(&file.sha256, &file.mime))
    {
        return Err(CoreError::Refused {
            key: "photo-err-missing",
        });
    }
    let Some((iv_id, user_id)) = target_row(store.conn())? else {
        return Ok(FolderImport::Waiting);
    };
    let Some(user) = users::get(store.conn(), &user_id)? else {
        return Ok(FolderImport::Waiting);
    };
    // In the name of who armed the folder on this terminal, checked like their own session.
    let actor = Session::on_behalf_of(user, store.now_ms());
    let done = store.write(Some(&actor.id), |tx| {
        // Checked inside the transaction: nothing written unless it can take the photo now.
        let Ok(iv) = load_active(tx, &actor, &iv_id) else {
            return Ok(None);
        };
        let step = iv.current_step;
        if editable(&iv, step).is_err() {
            return Ok(None);
        }
        let attach = PhotoAttach {
            step,
            file: file.clone(),
            phase: None,
            zone_id: None,
            shot: ShotChoice::NextMissing,
            source: PhotoSource::Folder,
        };
        let (photo_id, duplicate) = attach_in(tx, &iv, &actor, &attach)?;
        let import_id = PhotoImportId::new();
        let now = tx.now();
        tx.conn().execute(
            "INSERT INTO photo_imports (id, source_name, sha256, bytes, intervention_id, step,
                photo_id, user_id, moved_to, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                import_id,
                source_name,
                file.sha256,
                i64::try_from(file.bytes).unwrap_or(i64::MAX),
                iv_id,
                i64::try_from(step).unwrap_or(i64::MAX),
                photo_id,
                actor.id,
                moved_to,
                now
            ],
        )?;
        Ok(Some(FolderRecorded {
            import_id,
            intervention_id: iv_id.as_str().into(),
            step,
            photo_id,
            duplicate,
            again: false,
            moved_to: moved_to.to_owned(),
        }))
    });
    match done {
        Ok(Some(r)) => Ok(FolderImport::Recorded(r)),
        Ok(None) => Ok(FolderImport::Waiting),
        // The step's own refusals (its maximum reached): the file is refused with the reason.
        Err(e @ (CoreError::Refused { .. } | CoreError::RefusedWith { .. })) => {
            Ok(FolderImport::Refused(e))
        }
        Err(e) => Err(e),
    }
}

fn recorded_before(
    conn: &Connection,
    source_name: &str,
    sha256: &str,
) -> CoreResult<Option<FolderRecorded>> {
    Ok(conn
        .query_row(
            "SELECT id, intervention_id, step, photo_id, moved_to FROM photo_imports
             WHERE source_name = ?1 AND sha256 = ?2 AND moved_at IS NULL AND deleted_at IS NULL
             ORDER BY created_at LIMIT 1",
            params![source_name, sha256],
            |r| {
                Ok(FolderRecorded {
                    import_id: r.get(0)?,
                    intervention_id: r.get(1)?,
                    step: usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    photo_id: r.get(3)?,
                    duplicate: true,
                    again: true,
                    moved_to: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Records that the file of import `id` left the folder, as `moved_to` under `imported/`.
pub fn mark_moved(store: &mut Store, id: &str, moved_to: &str) -> CoreResult<()> {
    store.write(None, |tx| {
        tx.conn().execute(
            "UPDATE photo_imports SET moved_at = ?2, moved_to = ?3, updated_at = ?2
             WHERE id = ?1 AND moved_at IS NULL",
            params![id, tx.now(), moved_to],
        )?;
        Ok(())
    })
}

/// Files recorded but not moved yet, oldest first (start-up reconciliation).
pub fn unmoved_imports(store: &Store) -> CoreResult<Vec<UnmovedImport>> {
    let conn = store.conn();
    let mut st = conn.prepare(
        "SELECT id, source_name, sha256, moved_to FROM photo_imports
         WHERE moved_at IS NULL AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(UnmovedImport {
            id: r.get(0)?,
            source_name: r.get(1)?,
            sha256: r.get(2)?,
            moved_to: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
