//! The Settings screen's read, checked in the core: the role is the one stored now, never one
//! sent by the screen.

use rusqlite::Connection;

use crate::Session;
use crate::auth::permissions::Action;
use crate::error::CoreResult;
use crate::settings::{self, AllSettings};
use crate::users;

/// Every setting, for `actor`: requires [`Action::ViewSettings`].
pub fn get_all_as(conn: &Connection, actor: &Session) -> CoreResult<AllSettings> {
    users::authorize(conn, actor, Action::ViewSettings)?;
    settings::get_all(conn)
}
