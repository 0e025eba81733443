//! The Phosphor icon font's codepoints we use (Phosphor Icons, MIT; font in `assets/fonts`).
//! One icon set, used consistently; icon-only buttons always get alt text.

#![allow(missing_docs)]

pub const ARROW_CLOCKWISE: &str = "\u{E036}";
pub const ARROW_LEFT: &str = "\u{E058}";
pub const BUILDINGS: &str = "\u{E102}";
pub const CHECK: &str = "\u{E182}";
pub const CHECK_CIRCLE: &str = "\u{E184}";
pub const CLOCK: &str = "\u{E19A}";
pub const COPY: &str = "\u{E1CA}";
pub const DATABASE: &str = "\u{E1DE}";
pub const EYE: &str = "\u{E220}";
pub const EYE_SLASH: &str = "\u{E224}";
pub const FILE_TEXT: &str = "\u{E23A}";
pub const FLOPPY_DISK: &str = "\u{E248}";
pub const FOLDER: &str = "\u{E24A}";
pub const GAUGE: &str = "\u{E628}";
pub const GEAR: &str = "\u{E270}";
pub const HARD_DRIVES: &str = "\u{E2A0}";
pub const HOUSE: &str = "\u{E2C2}";
pub const INFO: &str = "\u{E2CE}";
pub const KEY: &str = "\u{E2D6}";
pub const LOCK: &str = "\u{E2FA}";
pub const MOON: &str = "\u{E330}";
pub const PALETTE: &str = "\u{E6C8}";
pub const PULSE: &str = "\u{E000}";
pub const SCROLL: &str = "\u{EB7A}";
pub const SHIELD_CHECK: &str = "\u{E40C}";
pub const SIGN_IN: &str = "\u{E428}";
pub const SIGN_OUT: &str = "\u{E42A}";
pub const STOREFRONT: &str = "\u{E470}";
pub const SUN: &str = "\u{E472}";
pub const TRANSLATE: &str = "\u{E4A2}";
pub const USER: &str = "\u{E4C2}";
pub const USER_CIRCLE: &str = "\u{E4C4}";
pub const USERS: &str = "\u{E4D6}";
pub const WARNING: &str = "\u{E4E0}";
pub const WRENCH: &str = "\u{E5D4}";
pub const X: &str = "\u{E4F6}";
pub const X_CIRCLE: &str = "\u{E4F8}";
