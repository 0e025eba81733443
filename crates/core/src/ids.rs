//! Identifiers: UUIDv7 as text (time-ordered, so indexes stay compact and ids sort by creation).
//!
//! Each kind of record has its id type ([`ClientId`], [`JobId`], …): the same text, but one kind
//! cannot be handed where another is expected. This does not compile:
//!
//! ```compile_fail,E0308
//! use rpma_core::ids::{ClientId, JobId};
//! fn open_job(_id: JobId) {}
//! open_job(ClientId::new());
//! ```
//!
//! while the right kind does:
//!
//! ```
//! use rpma_core::ids::{ClientId, JobId};
//! fn open_job(id: JobId) -> usize { id.len() }
//! assert_eq!(open_job(JobId::new()), 36);
//! let _client = ClientId::from("0190f0a0-0000-7000-8000-000000000000");
//! ```

use uuid::Uuid;

/// A new random UUIDv7, as lowercase hyphenated text.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// A UUIDv7 built from a timestamp and caller-provided random bits; used by the deterministic demo
/// generator so that the same seed gives the same ids.
pub fn id_from_parts(unix_ms: i64, random: [u8; 10]) -> String {
    let ms = u64::try_from(unix_ms).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(ms, &random)
        .into_uuid()
        .to_string()
}

/// True when `s` is a hyphenated UUID (any version).
pub fn is_valid(s: &str) -> bool {
    Uuid::parse_str(s).is_ok()
}

/// Declares an id newtype: the UUIDv7 text of one kind of record. It reads as `&str` (so it goes
/// wherever text goes: SQL parameters, logs, routes), is stored and serialised as that text, and
/// is made only from a row that holds one, from [`new_id`], or by saying which kind it is
/// (`JobId::from(text)`): an id of one kind cannot be handed where another kind is expected.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new id (UUIDv7).
            pub fn new() -> Self {
                Self(new_id())
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl From<$name> for rusqlite::types::Value {
            fn from(id: $name) -> Self {
                Self::Text(id.0)
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    };
}

id_type!(
    /// A client.
    ClientId
);
id_type!(
    /// A vehicle.
    VehicleId
);
id_type!(
    /// A job (a planned piece of work on a vehicle).
    JobId
);
id_type!(
    /// A guided intervention (one run of a job's work on the shop floor).
    InterventionId
);
id_type!(
    /// A defect recorded during an intervention.
    DefectId
);
id_type!(
    /// A photo attached to an intervention.
    PhotoId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A PPF zone of the catalogue (its stable code, such as `hood`).
    ZoneId
);
id_type!(
    /// An intervention template.
    TemplateId
);
id_type!(
    /// An item of a job's checklist.
    ChecklistItemId
);
id_type!(
    /// A file of the watched photo folder, recorded before it moves.
    PhotoImportId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_sortable() {
        let a = new_id();
        let b = new_id();
        assert!(is_valid(&a));
        assert_eq!(
            Uuid::parse_str(&a).map(|u| u.get_version_num()).ok(),
            Some(7)
        );
        assert!(a <= b, "UUIDv7 text sorts by creation time");
        let fixed = id_from_parts(1_700_000_000_000, [7; 10]);
        assert_eq!(fixed, id_from_parts(1_700_000_000_000, [7; 10]));
        assert!(is_valid(&fixed));
    }

    #[test]
    fn a_typed_id_is_its_text_everywhere_and_only_its_kind() {
        let job = JobId::new();
        assert!(is_valid(&job), "a new typed id is a UUID");
        assert_eq!(job.as_str(), &*job);
        assert_eq!(job.to_string(), job.as_str());
        assert_eq!(format!("{job:?}"), format!("{:?}", job.as_str()));
        // Serialised as its bare text, and read back.
        let json = serde_json::to_string(&job).unwrap_or_default();
        assert_eq!(json, format!("\"{job}\""));
        assert_eq!(serde_json::from_str::<JobId>(&json).ok(), Some(job.clone()));
        // Stored as text, and read back.
        let conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string());
        let Ok(conn) = conn else {
            panic!("in-memory database: {conn:?}");
        };
        let back: rusqlite::Result<(JobId, String)> =
            conn.query_row("SELECT ?1, typeof(?1)", [&job], |r| {
                Ok((r.get(0)?, r.get(1)?))
            });
        assert_eq!(back.ok(), Some((job.clone(), "text".to_owned())));
        let null: rusqlite::Result<Option<ClientId>> =
            conn.query_row("SELECT NULL", [], |r| r.get(0));
        assert_eq!(null.ok(), Some(None));
        assert!(
            JobId::new() >= job,
            "typed ids sort by creation like their text"
        );
    }
}
