//! The shop every row of the service matrix ([`crate::service_matrix`]) runs on: a real data
//! folder (database, key, photos, a backup) built once, then copied afresh for each row and actor,
//! so that a row's setup and call never see another row's changes. The helpers bring the shop to
//! the state a row needs (an intervention waiting for approval, a client without jobs…), always
//! through the core's services as the admin.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ids::{ClientId, InterventionId, JobId, PhotoId, TemplateId, UserId, VehicleId};
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::{Path, PathBuf};

use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::Role;
use crate::clients::{self, ClientInput};
use crate::clock::ManualClock;
use crate::datadir::{DB_FILE, DataDir, LOCK_FILE};
use crate::i18n::Lang;
use crate::interventions::{self, PhotoAttach, PhotoSource, ShotChoice, StepEdit, ZoneEdit};
use crate::jobs::{self, NewJob};
use crate::photos::{PhotoFile, PhotoStore};
use crate::safety::run::{self, BackupRun, Requester};
use crate::testutil::{MINUTE, PW_ADMIN, PW_SUP, PW_TECH, PW_VIEWER, T0, new_user};
use crate::users::{self, NewUser};
use crate::vehicles::{self, VehicleInput};
use crate::workflow::{StepKind, StepTemplate, Template, Text};
use crate::{Session, Store};

/// One hour in milliseconds.
pub(crate) const HOUR: i64 = 60 * MINUTE;
/// Password of the account whose sign-in is not complete.
pub(crate) const PW_PENDING: &str = "Attente-Atelier-2026";
/// Password of the account the account actions target.
const PW_TARGET: &str = "Cible-Atelier-2026";
/// The zone of both jobs.
pub(crate) const ZONE: &str = "hood";
/// A signature (its PNG header is all the core checks).
pub(crate) const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\nsignature";

/// The accounts: one per role, one whose password must still be changed (an admin: the highest
/// role, so only the incomplete sign-in refuses it) and the target of account actions (a viewer,
/// the lowest rank, never the actor).
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    pub admin: Session,
    pub supervisor: Session,
    pub technician: Session,
    pub viewer: Session,
    pub pending: Session,
    pub target: Session,
}

/// The shop's records every row may use.
#[derive(Debug, Clone)]
pub(crate) struct Data {
    /// Marie Dupont, owner of the vehicle and client of both jobs.
    pub client: ClientId,
    /// AB-123-CD.
    pub vehicle: VehicleId,
    /// A job of the technician (scheduled at T0 + 1 h).
    pub job_own: JobId,
    /// A job of nobody (scheduled at T0 + 4 h): not the technician's.
    pub job_other: JobId,
    /// The template of both jobs: installation (needs approval), an optional step, finalization.
    pub template: TemplateId,
    /// A backup of the shop, relative to the data folder.
    pub backup: PathBuf,
}

/// The shop as built once.
pub(crate) struct Base {
    dir: tempfile::TempDir,
    cast: Cast,
    data: Data,
}

/// A fresh copy of the shop, open.
pub(crate) struct World {
    pub store: Store,
    /// The data folder.
    pub root: PathBuf,
    pub who: Cast,
    pub d: Data,
    _dir: tempfile::TempDir,
}

fn base_root(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data")
}

fn open(root: &Path) -> Store {
    Store::open_with_clock(&root.join(DB_FILE), ManualClock::new(T0))
        .unwrap()
        .0
}

/// The template of the matrix's jobs.
fn matrix_template() -> Template {
    let step = |kind, fr: &str, en: &str, mandatory, approval| StepTemplate {
        kind,
        title: Text::new(fr, en),
        instructions: Text::default(),
        checklist: Vec::new(),
        shots: Vec::new(),
        min_photos: 0,
        max_photos: None,
        mandatory,
        approval,
        est_minutes: 30,
    };
    Template {
        id: TemplateId::default(),
        code: String::new(),
        name: Text::new("Matrice", "Matrix"),
        description: Text::default(),
        version: 0,
        active: true,
        steps: vec![
            step(StepKind::Installation, "Pose", "Installation", true, true),
            step(StepKind::Preparation, "Lustrage", "Polish", false, false),
            step(StepKind::Finalization, "Livraison", "Handover", true, false),
        ],
    }
}

/// A small PNG (the shop's logo).
pub(crate) fn logo_png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(8, 8, image::Rgba([200, 30, 30, 255]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A job for the shop's client and vehicle, `hours` after T0, of `tech`.
pub(crate) fn new_job(d: &Data, hours: i64, tech: Option<&str>) -> NewJob {
    NewJob {
        client_id: d.client.clone(),
        vehicle_id: d.vehicle.clone(),
        zone_ids: vec![ZONE.into()],
        film_product: "XPEL Ultimate Plus".into(),
        scheduled_start: Some(T0 + hours * HOUR),
        scheduled_end: Some(T0 + (hours + 2) * HOUR),
        technician_id: tech.map(UserId::from),
        template_id: Some(d.template.clone()),
        ..NewJob::default()
    }
}

impl Base {
    /// Builds the shop through the services: accounts, the organisation and its logo, a client
    /// with a vehicle, the template, two jobs and a backup.
    pub(crate) fn build() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = base_root(&dir);
        drop(DataDir::open(&root).unwrap());
        let mut store = open(&root);
        let policy = PasswordPolicy::default();
        let pending = NewUser {
            must_change_password: true,
            ..new_user("enattente", Role::Admin, PW_PENDING)
        };
        let accounts = store
            .write(None, |tx| {
                [
                    new_user("admin", Role::Admin, PW_ADMIN),
                    new_user("chef", Role::Supervisor, PW_SUP),
                    new_user("tech", Role::Technician, PW_TECH),
                    new_user("lecteur", Role::Viewer, PW_VIEWER),
                    pending,
                    new_user("cible", Role::Viewer, PW_TARGET),
                ]
                .iter()
                .map(|u| users::insert(tx, u, &policy).map(Session::for_tests))
                .collect::<crate::CoreResult<Vec<_>>>()
            })
            .unwrap();
        let [admin, supervisor, technician, viewer, pending, target] =
            <[Session; 6]>::try_from(accounts).unwrap();
        store
            .write(Some(&admin.id), |tx| {
                crate::org::save(
                    tx,
                    crate::org::Organisation {
                        name: "Atelier Matrice".into(),
                        ..crate::org::Organisation::default()
                    },
                )?;
                crate::org::set_logo(tx, Some(&admin), Some(logo_png()))
            })
            .unwrap();
        let client = clients::create(
            &mut store,
            &admin,
            &ClientInput {
                name: "Marie Dupont".into(),
                email: "marie.dupont@example.fr".into(),
                ..ClientInput::default()
            },
        )
        .unwrap()
        .id;
        let vehicle = vehicles::create(&mut store, &admin, &vehicle_input("AB-123-CD", &client))
            .unwrap()
            .id;
        let template = crate::workflow::save(&mut store, &admin, &matrix_template())
            .unwrap()
            .id;
        let mut data = Data {
            client,
            vehicle,
            job_own: JobId::default(),
            job_other: JobId::default(),
            template,
            backup: PathBuf::new(),
        };
        data.job_own = jobs::create(&mut store, &admin, &new_job(&data, 1, Some(&technician.id)))
            .unwrap()
            .row
            .id;
        data.job_other = jobs::create(&mut store, &admin, &new_job(&data, 4, None))
            .unwrap()
            .row
            .id;
        let done = run::run_backup(
            Requester::User(&admin),
            &BackupRun {
                data_root: root.clone(),
                passphrase: None,
                now_ms: T0,
                lang: Lang::Fr,
            },
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        data.backup = done.created.path.strip_prefix(&root).unwrap().to_owned();
        drop(store);
        Self {
            dir,
            cast: Cast {
                admin,
                supervisor,
                technician,
                viewer,
                pending,
                target,
            },
            data,
        }
    }

    /// A fresh copy of the shop, opened on a clock at T0.
    pub(crate) fn world(&self) -> World {
        let dir = tempfile::tempdir().unwrap();
        let root = base_root(&dir);
        copy_tree(&base_root(&self.dir), &root);
        World {
            store: open(&root),
            root,
            who: self.cast.clone(),
            d: self.data.clone(),
            _dir: dir,
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What the vehicle form sends for `plate`, owned by `owner`.
pub(crate) fn vehicle_input(plate: &str, owner: &str) -> VehicleInput {
    VehicleInput {
        plate: plate.into(),
        make: "Porsche".into(),
        model: "911".into(),
        owner_id: Some(owner.into()),
        ..VehicleInput::default()
    }
}

/// The sessions' passwords, by account name.
pub(crate) fn password_of(s: &Session) -> &'static str {
    match s.username.as_str() {
        "admin" => PW_ADMIN,
        "chef" => PW_SUP,
        "tech" => PW_TECH,
        "lecteur" => PW_VIEWER,
        "enattente" => PW_PENDING,
        other => panic!("no password for {other}"),
    }
}

impl World {
    /// Every row of every table and the data folder's files (their names and sizes; the
    /// database's own files, the lock and the logs aside): equal before and after a refused
    /// call, or the refusal changed something.
    pub(crate) fn fingerprint(&self) -> (u64, Vec<(String, u64)>) {
        let conn = self.store.conn();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut h = DefaultHasher::new();
        for t in tables {
            t.hash(&mut h);
            let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = st.column_count();
            let mut rows = st.query([]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                for i in 0..n {
                    format!("{:?}", r.get_ref(i).unwrap()).hash(&mut h);
                }
            }
        }
        let mut files = Vec::new();
        list_files(&self.root, &self.root, &mut files);
        files.sort();
        (h.finish(), files)
    }

    /// The account's row changed by plain SQL (`set`: an assignment list), for a setup.
    pub(crate) fn set_user(&self, s: &Session, set: &str) {
        self.store
            .conn()
            .execute(&format!("UPDATE users SET {set} WHERE id = ?1"), [&s.id])
            .unwrap();
    }

    /// Runs `f` as if `s` had completed its sign-in (for the setup of an account whose password
    /// must still be changed), then puts the account back as it was.
    pub(crate) fn as_if_ready<T>(&mut self, s: &Session, f: impl FnOnce(&mut Self) -> T) -> T {
        let pending = users::get(self.store.conn(), &s.id)
            .unwrap()
            .unwrap()
            .must_change_password;
        self.set_user(s, "must_change_password = 0");
        let out = f(self);
        if pending {
            self.set_user(s, "must_change_password = 1");
        }
        out
    }

    /// A client of nobody's jobs, created by the admin.
    pub(crate) fn client_without_jobs(&mut self) -> ClientId {
        clients::create(
            &mut self.store,
            &self.who.admin,
            &ClientInput {
                name: "Paul Martin".into(),
                phone: "06 12 34 56 78".into(),
                ..ClientInput::default()
            },
        )
        .unwrap()
        .id
    }

    /// A vehicle of no job, created by the admin.
    pub(crate) fn vehicle_without_jobs(&mut self) -> VehicleId {
        let input = vehicle_input("CD-456-EF", &self.d.client);
        vehicles::create(&mut self.store, &self.who.admin, &input)
            .unwrap()
            .id
    }

    /// A stand-in photo whose file is in the shop's photo store (attaching checks it is).
    pub(crate) fn photo(&self, seed: u64) -> PhotoFile {
        let f = PhotoFile {
            sha256: format!("{seed:064x}"),
            bytes: 1000,
            mime: "image/jpeg".into(),
            width: 640,
            height: 480,
            orientation: 1,
            taken_at: None,
            camera: None,
            gps: None,
            original_name: format!("IMG_{seed}.jpg"),
            already_stored: false,
        };
        let path = PhotoStore::new(self.root.join("photos")).original_path(&f.sha256, &f.mime);
        crate::fsutil::write_atomic(&path, b"stand-in").unwrap();
        f
    }

    /// A photo attached by the admin to step 0 of intervention `iv`; returns its id.
    pub(crate) fn attached_photo(&mut self, iv: &str) -> PhotoId {
        let file = self.photo(1);
        interventions::attach_photo(
            &mut self.store,
            &self.who.admin,
            iv,
            &PhotoAttach {
                step: 0,
                file,
                phase: None,
                zone_id: None,
                shot: ShotChoice::None,
                source: PhotoSource::File,
            },
        )
        .unwrap()
        .photo
        .id
    }

    /// The intervention of `job`, started by the admin; returns its id.
    pub(crate) fn started_on(&mut self, job: &str) -> InterventionId {
        interventions::start(&mut self.store, &self.who.admin, job)
            .unwrap()
            .id
    }

    /// The intervention of the technician's job, started by the admin.
    pub(crate) fn started(&mut self) -> InterventionId {
        let job = self.d.job_own.clone();
        self.started_on(&job)
    }

    /// [`World::started`], its installation recorded by the admin (ready to complete).
    pub(crate) fn installed(&mut self) -> InterventionId {
        let iv = self.started();
        let zone = ZoneEdit {
            zone_id: ZONE.into(),
            length_cm: Some(180.0),
            ..ZoneEdit::default()
        };
        interventions::save_zone(&mut self.store, &self.who.admin, &iv, &zone).unwrap();
        iv
    }

    /// [`World::installed`], the installation completed by `by` when it may (else by the
    /// admin): it waits for approval.
    pub(crate) fn awaiting_by(&mut self, by: &Session) -> InterventionId {
        let iv = self.installed();
        if interventions::complete_step(&mut self.store, by, &iv, 0).is_err() {
            interventions::complete_step(&mut self.store, &self.who.admin, &iv, 0).unwrap();
        }
        iv
    }

    /// The installation completed by the admin, waiting for approval.
    pub(crate) fn awaiting(&mut self) -> InterventionId {
        let admin = self.who.admin.clone();
        self.awaiting_by(&admin)
    }

    /// The installation approved by the admin: the optional step is the current one.
    pub(crate) fn at_optional_step(&mut self) -> InterventionId {
        let iv = self.awaiting();
        interventions::approve_step(&mut self.store, &self.who.admin, &iv, 0).unwrap();
        iv
    }

    /// The optional step skipped by the admin: the finalization is the current step.
    pub(crate) fn at_finalization(&mut self) -> InterventionId {
        let iv = self.at_optional_step();
        interventions::skip_step(&mut self.store, &self.who.admin, &iv, 1, "Pas de lustrage")
            .unwrap();
        iv
    }

    /// The finalization filled and signed by the admin: ready to finish.
    pub(crate) fn ready_to_finish(&mut self) -> InterventionId {
        let iv = self.at_finalization();
        let mut edit = StepEdit::default();
        edit.data.quality_score = Some(95);
        edit.data.satisfaction = Some(5);
        let admin = self.who.admin.clone();
        interventions::save_step(&mut self.store, &admin, &iv, 2, &edit).unwrap();
        interventions::set_signature(
            &mut self.store,
            &admin,
            &iv,
            "Marie Dupont",
            Some(SIGNATURE),
        )
        .unwrap();
        iv
    }
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<(String, u64)>) {
    let skip = [DB_FILE, "rpma.db-wal", "rpma.db-shm", LOCK_FILE, "logs"];
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if skip.contains(&rel.as_str()) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            list_files(root, &path, out);
        } else {
            out.push((rel, entry.metadata().unwrap().len()));
        }
    }
}
