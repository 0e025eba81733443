use super::form::{parse_count, step_field};
use super::*;

#[test]
fn step_fields_match_the_core() {
    assert_eq!(step_field(2, Part::Title), "step.2.title");
    assert_eq!(step_field(12, Part::Minutes), "step.12.minutes");
    assert_eq!(step_field(13, Part::Title), "steps");
    assert_eq!(step_of_field("step.11.photos"), Some(11));
    assert_eq!(step_of_field("name"), None);
}

#[test]
fn numbers_parse_or_are_reported() {
    assert_eq!(parse_count(""), Some(0));
    assert_eq!(parse_count(" 45 "), Some(45));
    assert_eq!(parse_count("-1"), None);
    assert_eq!(parse_count("abc"), None);
}

#[test]
fn the_draft_round_trips() {
    let mut s = TemplatesScreen::default();
    let std = workflow::standard();
    s.open_template(&std);
    assert!(!s.dirty());
    let built = s.form.as_ref().map(Form::build);
    assert!(matches!(built, Some(Ok(t)) if t == std));
    if let Some(f) = &mut s.form {
        f.steps[0].minutes = "x".into();
    }
    assert!(s.dirty());
    let Some(Err(e)) = s.form.as_ref().map(Form::build) else {
        panic!("should be refused")
    };
    assert!(e.for_field("step.1.minutes").is_some());
}
