//! The film recorded by the technician reaches the vehicle, client and job histories.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::tests::{fill, job, setup};
use super::*;
use crate::installed;
use crate::testutil::MINUTE;

#[test]
fn recorded_roll_length_waste_and_installer_are_read_back_after_finishing() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let mut iv = start(&mut f.store, &tech, &j).unwrap();
    // Before the job is finished, the vehicle history has nothing.
    assert!(
        installed::applied_zones(f.store.conn(), "v1")
            .unwrap()
            .is_empty()
    );
    let mut seed = 0;
    let last = iv.steps.len() - 1;
    for pos in 0..last {
        f.clock.advance(30 * MINUTE);
        fill(&mut f, &iv, pos, &mut seed);
        if iv.template.steps[pos].kind == StepKind::Installation {
            // What Karim typed on the hood: roll R-118, 180 cm laid, 20 cm waste.
            let checklist = iv.template.steps[pos]
                .checklist
                .iter()
                .map(|c| (c.id.clone(), true))
                .collect();
            let edit = ZoneEdit {
                zone_id: "hood".into(),
                roll_lot: "R-118".into(),
                length_cm: Some(180.0),
                waste_cm: Some(20.0),
                installer_id: Some(tech.id.clone()),
                quality_score: Some(9),
                checklist,
                ..ZoneEdit::default()
            };
            save_zone(&mut f.store, &tech, &iv.id, &edit).unwrap();
        }
        iv = complete_step(&mut f.store, &tech, &iv.id, pos).unwrap();
    }
    fill(&mut f, &iv, last, &mut seed);
    finish(&mut f.store, &tech, &iv.id).unwrap();

    let by_vehicle = installed::applied_zones(f.store.conn(), "v1").unwrap();
    let by_client = installed::for_client(f.store.conn(), "c1").unwrap();
    let by_job = installed::for_job(f.store.conn(), &j).unwrap();
    for zones in [&by_vehicle, &by_client, &by_job] {
        assert_eq!(zones.len(), 1);
        let z = &zones[0];
        assert_eq!(z.zone_id, "hood");
        assert_eq!(z.roll_lot, "R-118");
        assert_eq!((z.length_mm, z.waste_mm), (Some(1800), Some(200)));
        assert_eq!((z.length_cm(), z.waste_cm()), (Some(180.0), Some(20.0)));
        assert_eq!(z.installer.as_deref(), Some(tech.display_name.as_str()));
        // No product typed on the zone: the job's product is the one laid.
        assert_eq!(z.film_product, "XPEL Ultimate Plus");
        assert_eq!(z.plate, "AB-123-CD");
        assert!(z.recorded());
    }
    // Another vehicle's history stays empty.
    assert!(
        installed::applied_zones(f.store.conn(), "nope")
            .unwrap()
            .is_empty()
    );
}
