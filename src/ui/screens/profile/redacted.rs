//! `Debug` of the profile screen's state, by hand: the typed passwords, PINs and codes, the
//! enrolment secret and the recovery codes never show.

use std::fmt;

use super::{Enrolment, ProfileScreen};

impl fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Idle => f.write_str("Idle"),
            Self::Scanning(e) => f.debug_tuple("Scanning").field(e).finish(),
            Self::Codes(c) => f.debug_tuple("Codes").field(&c.len()).finish(),
        }
    }
}

impl fmt::Debug for ProfileScreen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileScreen")
            .field("pending", &self.pending)
            .field("data", &self.data)
            .field("contact", &self.contact)
            .field("form", &self.form)
            .field("errors", &self.errors)
            .field("enrolment", &self.enrolment)
            .field("security_pending", &self.security_pending)
            .finish_non_exhaustive()
    }
}
