//! One demo intervention being made: the technician's API calls step by step (readings, ticks,
//! defects, zones, photos, signature), with the words and diagram points they use.

use rand::Rng as _;
use rand_chacha::ChaCha8Rng;
use rpma_core::ids::{InterventionId, PhotoId, UserId, ZoneId};

use super::pick;
use super::pictures::signature_png;
use rpma_core::error::CoreResult;
use rpma_core::interventions::{
    self, DefectInput, DefectKind, Intervention, PhotoAttach, PhotoSource, ShotChoice, StepEdit,
    ZoneEdit,
};
use rpma_core::photos::PhotoFile;
use rpma_core::store::Store;
use rpma_core::workflow::{Phase, StepKind};

use crate::DemoInterventions;

/// Vehicle diagram zones (the ids the UI's diagram uses) with a point well inside each and how far
/// a defect may stray from it: (id, x, y, spread). The UI's `zone_center` cannot be used here
/// (the core has no UI); these are its values, rounded.
const DIAGRAM: &[(&str, f64, f64, f64)] = &[
    ("front_bumper", 0.50, 0.03, 0.0),
    ("hood", 0.50, 0.18, 0.05),
    ("roof", 0.50, 0.55, 0.05),
    ("front_left_fender", 0.16, 0.18, 0.02),
    ("front_right_fender", 0.84, 0.18, 0.02),
    ("left_front_door", 0.19, 0.41, 0.02),
    ("right_front_door", 0.81, 0.41, 0.02),
    ("left_rear_door", 0.20, 0.60, 0.02),
    ("right_rear_door", 0.80, 0.60, 0.02),
    ("left_rocker", 0.09, 0.50, 0.0),
    ("right_rocker", 0.91, 0.50, 0.0),
    ("rear_left_fender", 0.16, 0.81, 0.02),
    ("rear_right_fender", 0.84, 0.81, 0.02),
    ("trunk", 0.50, 0.86, 0.03),
    ("rear_bumper", 0.50, 0.97, 0.0),
    ("headlights", 0.20, 0.08, 0.0),
    ("left_mirror", 0.05, 0.35, 0.0),
    ("right_mirror", 0.95, 0.35, 0.0),
];

const DEFECT_NOTES: &[(DefectKind, &[&str])] = &[
    (
        DefectKind::Scratch,
        &[
            "Rayure superficielle, visible sous lumière rasante",
            "Micro-rayures de lavage",
            "Rayure fine signalée par le client",
        ],
    ),
    (
        DefectKind::Chip,
        &[
            "Éclat de gravillon",
            "Impacts de gravillons groupés",
            "Éclat retouché au stylo",
        ],
    ),
    (
        DefectKind::Dent,
        &[
            "Petite bosse sans atteinte de la peinture",
            "Choc de portière",
        ],
    ),
    (
        DefectKind::Paint,
        &[
            "Vernis terni",
            "Peau d'orange marquée (reprise carrosserie)",
            "Différence de teinte : élément repeint",
        ],
    ),
    (
        DefectKind::Crack,
        &["Fissure du plastique", "Vernis craquelé sur 2 cm"],
    ),
];

const INSPECTION_NOTES: &[&str] = &[
    "Tour du véhicule fait avec le client.",
    "Véhicule livré propre, lavage de la veille.",
    "Client informé des défauts existants, photos à l'appui.",
    "Jantes et vitrages sans défaut.",
];
const PREPARATION_NOTES: &[&str] = &[
    "Décontamination ferreuse sur le bas de caisse.",
    "Joints masqués au ruban basse adhérence.",
    "Traces de cire éliminées à l'IPA 15 %.",
];
const INSTALLATION_NOTES: &[&str] = &[
    "Bords repliés sur le capot.",
    "Découpe sur mesure autour des capteurs.",
    "Film posé en une pièce.",
];
const COMMENTS: &[&str] = &[
    "Client très satisfait du rendu.",
    "Consignes d'entretien remises : pas de lavage haute pression avant 7 jours.",
    "Rendu invisible, bords parfaitement scellés.",
    "Client ravi, recommandera l'atelier.",
    "Quelques micro-bulles à résorber sous 48 h : expliqué au client.",
];

/// A reading rounded to one decimal.
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// One intervention being made: the API calls of the technician on the floor.
pub(super) struct Run<'a> {
    pub(super) store: &'a mut Store,
    pub(super) rng: &'a mut ChaCha8Rng,
    pub(super) actor: rpma_core::Session,
    pub(super) technicians: &'a [UserId],
    pub(super) pool: &'a [PhotoFile],
    /// Pool indices in this intervention's order (no picture twice in one intervention).
    pub(super) order: Vec<usize>,
    pub(super) next: usize,
    pub(super) iv: Intervention,
    pub(super) counts: &'a mut DemoInterventions,
    /// Which demo intervention this is (a couple get out-of-range readings).
    pub(super) ordinal: usize,
}

impl Run<'_> {
    fn id(&self) -> InterventionId {
        self.iv.id.clone()
    }

    fn attach(
        &mut self,
        step: usize,
        shot: Option<&str>,
        zone: Option<&str>,
        phase: Option<Phase>,
    ) -> CoreResult<Option<PhotoId>> {
        let Some(file) = self
            .order
            .get(self.next)
            .and_then(|i| self.pool.get(*i))
            .cloned()
        else {
            return Ok(None);
        };
        self.next += 1;
        let id = self.id();
        let done = interventions::attach_photo(
            self.store,
            &self.actor,
            &id,
            &PhotoAttach {
                step,
                file,
                phase,
                zone_id: zone.map(ZoneId::from),
                shot: shot.map_or(ShotChoice::None, |s| ShotChoice::Named(s.to_owned())),
                source: PhotoSource::Demo,
            },
        )?;
        if !done.duplicate {
            self.counts.photos_attached += 1;
        }
        Ok(Some(done.photo.id))
    }

    /// Named shots, then more photos up to the minimum plus `extra`.
    fn photos(&mut self, pos: usize, extra: u32) -> CoreResult<()> {
        let Some(t) = self.iv.template.steps.get(pos).cloned() else {
            return Ok(());
        };
        for s in &t.shots {
            self.attach(pos, Some(&s.id), None, Some(s.phase))?;
        }
        let have = u32::try_from(t.shots.len()).unwrap_or(u32::MAX);
        let want = t.min_photos.max(have) + extra;
        let want = t.max_photos.map_or(want, |m| want.min(m));
        for _ in have..want {
            self.attach(pos, None, None, None)?;
        }
        Ok(())
    }

    fn save(&mut self, pos: usize, edit: &StepEdit) -> CoreResult<()> {
        let id = self.id();
        interventions::save_step(self.store, &self.actor, &id, pos, edit)
    }

    /// Ticks: every item when `full`, else a first few.
    fn ticks(&mut self, pos: usize, full: bool) -> StepEdit {
        let mut edit = StepEdit::default();
        if let Some(t) = self.iv.template.steps.get(pos) {
            let n = t.checklist.len();
            let k = if full || n == 0 {
                n
            } else {
                self.rng.random_range(1..n.max(2))
            };
            for c in t.checklist.iter().take(k) {
                edit.checklist.insert(c.id.clone(), true);
            }
        }
        edit
    }

    fn inspection(&mut self, pos: usize, full: bool) -> CoreResult<()> {
        let mut edit = self.ticks(pos, full);
        let odd = self.ordinal % 19 == 5;
        let (temp, humidity): (f64, f64) = if odd {
            // A cold morning or a damp day: the screen shows its warning.
            if self.rng.random_bool(0.5) {
                (
                    self.rng.random_range(12.0..14.5),
                    self.rng.random_range(45.0..60.0),
                )
            } else {
                (
                    self.rng.random_range(19.0..23.0),
                    self.rng.random_range(72.0..78.0),
                )
            }
        } else {
            (
                self.rng.random_range(18.0..24.0),
                self.rng.random_range(40.0..60.0),
            )
        };
        edit.data.temperature_c = Some(tenth(temp));
        edit.data.humidity_pct = Some(humidity.round());
        if self.rng.random_bool(0.5) {
            edit.notes = pick(self.rng, INSPECTION_NOTES).to_owned();
        }
        self.save(pos, &edit)?;
        let extra = self.rng.random_range(0..=1);
        self.photos(pos, extra)?;
        let defects = match self.rng.random_range(0..20) {
            0..=6 => 0,
            7..=13 => 1,
            14..=17 => 2,
            _ => 3,
        };
        for k in 0..defects {
            let &(zone, x, y, spread) = DIAGRAM
                .get(self.rng.random_range(0..DIAGRAM.len()))
                .unwrap_or(&("hood", 0.5, 0.18, 0.0));
            let jitter = |rng: &mut ChaCha8Rng| {
                if spread > 0.0 {
                    rng.random_range(-spread..spread)
                } else {
                    0.0
                }
            };
            let (x, y) = (
                (x + jitter(self.rng)).clamp(0.0, 1.0),
                (y + jitter(self.rng)).clamp(0.0, 1.0),
            );
            let kind = *DefectKind::ALL
                .get(self.rng.random_range(0..DefectKind::ALL.len()))
                .unwrap_or(&DefectKind::Scratch);
            let notes = DEFECT_NOTES
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(&[][..], |(_, n)| *n);
            let note = pick(self.rng, notes).to_owned();
            let severity = match self.rng.random_range(0..20) {
                0..=10 => 1,
                11..=17 => 2,
                _ => 3,
            };
            // The first defect often has its own close-up.
            let photo_id = if k == 0 && self.rng.random_bool(0.5) {
                self.attach(pos, None, None, Some(Phase::Before))?
            } else {
                None
            };
            let id = self.id();
            interventions::add_defect(
                self.store,
                &self.actor,
                &id,
                &DefectInput {
                    zone: zone.to_owned(),
                    x: (x * 100.0).round() / 100.0,
                    y: (y * 100.0).round() / 100.0,
                    kind,
                    severity,
                    note,
                    photo_id,
                },
            )?;
            self.counts.defects += 1;
        }
        Ok(())
    }

    fn preparation(&mut self, pos: usize, full: bool) -> CoreResult<()> {
        let mut edit = self.ticks(pos, full);
        if self.rng.random_bool(0.35) {
            edit.notes = pick(self.rng, PREPARATION_NOTES).to_owned();
        }
        self.save(pos, &edit)?;
        if full {
            self.photos(pos, 0)?;
        }
        Ok(())
    }

    fn installation(
        &mut self,
        pos: usize,
        full: bool,
        film: &str,
        lot_year: i32,
    ) -> CoreResult<()> {
        let Some(t) = self.iv.template.steps.get(pos).cloned() else {
            return Ok(());
        };
        if self.rng.random_bool(0.3) {
            let edit = StepEdit {
                notes: pick(self.rng, INSTALLATION_NOTES).to_owned(),
                ..StepEdit::default()
            };
            self.save(pos, &edit)?;
        }
        let prefix = match film.split_whitespace().next().unwrap_or_default() {
            "XPEL" => "XP",
            "3M" => "3M",
            "SunTek" => "ST",
            "STEK" => "SK",
            "LLumar" => "LL",
            "Hexis" => "HX",
            _ => "RL",
        };
        let mut lot = format!(
            "{prefix}-{lot_year}-{:04}",
            self.rng.random_range(100..1000)
        );
        let zones: Vec<ZoneId> = self.iv.zones.iter().map(|z| z.zone_id.clone()).collect();
        // A running installation: the first zones are done, the next one is under way.
        let done = if full {
            zones.len()
        } else {
            self.rng.random_range(0..zones.len().max(1))
        };
        for (i, zone) in zones.iter().enumerate().take(done + 1) {
            if i > 0 && self.rng.random_bool(0.15) {
                // A new roll.
                lot = format!(
                    "{prefix}-{lot_year}-{:04}",
                    self.rng.random_range(100..1000)
                );
            }
            let complete = i < done;
            let mut edit = ZoneEdit {
                zone_id: zone.clone(),
                film_product: film.to_owned(),
                roll_lot: lot.clone(),
                ..ZoneEdit::default()
            };
            let ticks = if complete {
                t.checklist.len()
            } else {
                self.rng.random_range(1..=2)
            };
            for c in t.checklist.iter().take(ticks) {
                edit.checklist.insert(c.id.clone(), true);
            }
            if complete {
                edit.length_cm = Some((self.rng.random_range(80.0..260.0_f64) * 2.0).round() / 2.0);
                edit.waste_cm = Some((self.rng.random_range(5.0..25.0_f64) * 2.0).round() / 2.0);
                edit.quality_score = Some(match self.rng.random_range(0..20) {
                    0..=3 => 8,
                    4..=12 => 9,
                    _ => 10,
                });
                edit.installer_id = if self.technicians.len() > 1 && self.rng.random_bool(0.15) {
                    self.technicians
                        .iter()
                        .find(|t| **t != self.actor.id)
                        .cloned()
                } else {
                    self.technicians
                        .iter()
                        .find(|t| **t == self.actor.id)
                        .cloned()
                };
            }
            let id = self.id();
            interventions::save_zone(self.store, &self.actor, &id, &edit)?;
        }
        let shots = if full {
            for s in &t.shots {
                self.attach(pos, Some(&s.id), None, Some(s.phase))?;
            }
            let lo = t.min_photos.max(1);
            let n = self.rng.random_range(lo..=lo.max(3));
            t.max_photos.map_or(n, |m| n.min(m))
        } else {
            u32::try_from(done.min(2)).unwrap_or(0)
        };
        for k in 0..shots {
            let zone = zones
                .get(usize::try_from(k).unwrap_or(0) % zones.len().max(1))
                .cloned();
            self.attach(pos, None, zone.as_deref(), Some(Phase::During))?;
        }
        Ok(())
    }

    fn finalization(&mut self, pos: usize, signatory: &str) -> CoreResult<()> {
        let mut edit = self.ticks(pos, true);
        edit.data.quality_score = Some(self.rng.random_range(85..=98));
        edit.data.satisfaction = Some(if self.rng.random_bool(0.7) { 5 } else { 4 });
        edit.data.comments = pick(self.rng, COMMENTS).to_owned();
        self.save(pos, &edit)?;
        let extra = self.rng.random_range(0..=1);
        self.photos(pos, extra)?;
        let png = signature_png(self.rng)?;
        let id = self.id();
        interventions::set_signature(self.store, &self.actor, &id, signatory, Some(&png))
    }

    /// Fills step `pos` (all of it when `full`).
    pub(super) fn fill(
        &mut self,
        pos: usize,
        full: bool,
        film: &str,
        lot_year: i32,
    ) -> CoreResult<()> {
        match self.iv.template.steps.get(pos).map(|s| s.kind) {
            Some(StepKind::Inspection) => self.inspection(pos, full),
            Some(StepKind::Preparation) => self.preparation(pos, full),
            Some(StepKind::Installation) => self.installation(pos, full, film, lot_year),
            Some(StepKind::Finalization) => {
                let signatory = self.iv.job.client_name.clone();
                self.finalization(pos, &signatory)
            }
            None => Ok(()),
        }
    }
}
