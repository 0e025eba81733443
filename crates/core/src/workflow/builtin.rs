//! The built-in templates (Standard PPF and Express). Migration 14
//! (`migrations/0015_builtin_templates.sql`) puts them in every database; these functions are
//! their content, which that migration must equal (a test checks it).

use super::{
    ChecklistItem, EXPRESS_ID, Phase, PhotoShot, STANDARD_ID, StepKind, StepTemplate, Template,
    Text,
};

fn item(id: &str, fr: &str, en: &str, required: bool) -> ChecklistItem {
    ChecklistItem {
        id: id.to_owned(),
        label: Text::new(fr, en),
        required,
    }
}

fn shot(id: &str, fr: &str, en: &str, phase: Phase) -> PhotoShot {
    PhotoShot {
        id: id.to_owned(),
        label: Text::new(fr, en),
        phase,
    }
}

fn inspection_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Inspection,
        title: Text::new("Inspection du véhicule", "Vehicle inspection"),
        instructions: Text::new(
            "Faites le tour du véhicule avec le client. Relevez la température et l'humidité de \
             l'atelier, placez chaque défaut existant sur le schéma et photographiez le véhicule.",
            "Walk around the vehicle with the customer. Record the shop's temperature and \
             humidity, place every existing defect on the diagram and photograph the vehicle.",
        ),
        checklist: vec![
            item(
                "clean_dry",
                "Véhicule propre et sec",
                "Vehicle clean and dry",
                true,
            ),
            item(
                "temperature",
                "Température relevée",
                "Temperature recorded",
                true,
            ),
            item("humidity", "Humidité relevée", "Humidity recorded", true),
            item(
                "defects_documented",
                "Défauts existants documentés",
                "Pre-existing defects documented",
                true,
            ),
            item(
                "film_available",
                "Film disponible en stock",
                "Film available in stock",
                true,
            ),
            item(
                "customer_informed",
                "Client informé du déroulé",
                "Customer informed of the process",
                !express,
            ),
        ],
        shots: vec![
            shot("front_34", "Vue 3/4 avant", "Front 3/4 view", Phase::Before),
            shot("rear_34", "Vue 3/4 arrière", "Rear 3/4 view", Phase::Before),
        ],
        min_photos: 2,
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: if express { 10 } else { 20 },
    }
}

fn preparation_step() -> StepTemplate {
    StepTemplate {
        kind: StepKind::Preparation,
        title: Text::new("Préparation des surfaces", "Surface preparation"),
        instructions: Text::new(
            "Lavez, décontaminez et dégraissez chaque zone à protéger, puis masquez les joints et \
             les zones sensibles.",
            "Wash, decontaminate and degrease every zone to protect, then mask seals and \
             sensitive areas.",
        ),
        checklist: vec![
            item("wash", "Lavage au pH neutre", "pH-neutral wash", true),
            item(
                "clay_bar",
                "Décontamination à la barre d'argile",
                "Clay bar decontamination",
                true,
            ),
            item("ipa", "Dégraissage à l'IPA", "IPA degrease", true),
            item("masking", "Masquage", "Masking", false),
            item("drying", "Séchage complet", "Complete drying", true),
            item(
                "surface_check",
                "Contrôle de la surface",
                "Surface check",
                true,
            ),
        ],
        shots: vec![],
        min_photos: 0,
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: 45,
    }
}

fn installation_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Installation,
        title: Text::new("Pose du film", "Film installation"),
        instructions: Text::new(
            "Posez le film zone par zone. Pour chaque zone, notez le rouleau utilisé, la longueur \
             posée et la chute, puis cochez les contrôles.",
            "Lay the film zone by zone. For each zone, record the roll used, the length laid and \
             the waste, then tick the checks.",
        ),
        checklist: vec![
            item("degreased", "Zone dégraissée", "Zone degreased", true),
            item("precut", "Film prédécoupé", "Film pre-cut", !express),
            item(
                "slip_solution",
                "Solution de pose appliquée",
                "Slip solution applied",
                true,
            ),
            item(
                "no_bubbles",
                "Sans bulles ni plis",
                "No bubbles or folds",
                true,
            ),
            item(
                "edges",
                "Bords chauffés et marouflés",
                "Edges heated and squeegeed",
                true,
            ),
        ],
        shots: vec![],
        min_photos: 1,
        max_photos: Some(120),
        mandatory: true,
        approval: false,
        est_minutes: if express { 60 } else { 180 },
    }
}

fn finalization_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Finalization,
        title: Text::new(
            "Contrôle qualité et livraison",
            "Quality control and handover",
        ),
        instructions: Text::new(
            "Contrôlez chaque zone sous une lumière rasante, expliquez l'entretien au client puis \
             faites-le signer.",
            "Check every zone under raking light, explain aftercare to the customer, then have \
             them sign.",
        ),
        checklist: vec![
            item("edges_sealed", "Bords scellés", "Edges sealed", true),
            item("no_bubbles", "Aucune bulle", "No bubbles", true),
            item("smooth", "Surface lisse", "Smooth surface", true),
            item("alignment", "Alignement correct", "Correct alignment", true),
            item("clean_finish", "Finition propre", "Clean finish", true),
            item(
                "aftercare",
                "Consignes d'entretien expliquées",
                "Aftercare explained",
                true,
            ),
        ],
        shots: if express {
            vec![shot(
                "front_34_after",
                "Vue 3/4 avant (livraison)",
                "Front 3/4 view (handover)",
                Phase::After,
            )]
        } else {
            vec![
                shot(
                    "front_34_after",
                    "Vue 3/4 avant (livraison)",
                    "Front 3/4 view (handover)",
                    Phase::After,
                ),
                shot(
                    "rear_34_after",
                    "Vue 3/4 arrière (livraison)",
                    "Rear 3/4 view (handover)",
                    Phase::After,
                ),
            ]
        },
        min_photos: if express { 1 } else { 2 },
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: if express { 10 } else { 20 },
    }
}

/// The built-in Standard PPF template (4 steps).
pub fn standard() -> Template {
    Template {
        id: STANDARD_ID.into(),
        code: "standard".to_owned(),
        name: Text::new("PPF standard", "Standard PPF"),
        description: Text::new(
            "Inspection, préparation, pose zone par zone, contrôle qualité et signature.",
            "Inspection, preparation, zone-by-zone installation, quality control and signature.",
        ),
        version: 1,
        active: true,
        steps: vec![
            inspection_step(false),
            preparation_step(),
            installation_step(false),
            finalization_step(false),
        ],
    }
}

/// The built-in Express template (3 steps, no preparation).
pub fn express() -> Template {
    Template {
        id: EXPRESS_ID.into(),
        code: "express".to_owned(),
        name: Text::new("Express", "Express"),
        description: Text::new(
            "Pour une ou deux zones sur un véhicule déjà préparé : inspection, pose, contrôle.",
            "For one or two zones on a vehicle already prepared: inspection, installation, check.",
        ),
        version: 1,
        active: true,
        steps: vec![
            inspection_step(true),
            installation_step(true),
            finalization_step(true),
        ],
    }
}
