//! People's names in lists: names are typed first name first ("Camille Vasseur") and lists of
//! people sort on the surname, taken as the last word of the name (a hyphenated surname is one
//! word), then on the whole name.
//!
//! The database sorts clients and accounts with the same rule (the `surname_key` columns of
//! migration 6); [`sort_key`] is it in Rust, for lists sorted in memory (technicians, assignees).

/// The surname: the last word of the name (the whole name when it is one word).
pub fn surname(name: &str) -> &str {
    let name = name.trim();
    name.rsplit(' ').next().unwrap_or(name)
}

/// The key people sort on: the surname, a space, the whole name (as the database's
/// `surname_key`), lower-cased.
pub fn sort_key(name: &str) -> String {
    format!("{} {}", surname(name), name.trim()).to_lowercase()
}

/// Sorts `items` by the surname of the name `name_of` gives.
pub fn sort_by_surname<T>(items: &mut [T], name_of: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|x| sort_key(name_of(x)));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn surnames_are_the_last_word() {
        assert_eq!(surname("Camille Vasseur"), "Vasseur");
        assert_eq!(surname("  Jean-Pierre  Le-Gall "), "Le-Gall");
        assert_eq!(surname("Cher"), "Cher");
        let mut names = vec![
            "Amandine Faure",
            "Zoé Bernard",
            "Lucas Petit",
            "Amandine Bernard",
        ];
        sort_by_surname(&mut names, |n| n);
        assert_eq!(
            names,
            vec![
                "Amandine Bernard",
                "Zoé Bernard",
                "Amandine Faure",
                "Lucas Petit"
            ]
        );
    }

    #[test]
    fn the_database_sorts_clients_and_accounts_the_same_way() {
        let f = Fixture::new();
        let conn = f.store.conn();
        let names = [
            "Amandine Faure",
            "Zoé Bernard",
            "  Jean-Pierre  Le-Gall ",
            "Cher",
            "Élodie Martin",
            "Lucas Petit",
        ];
        for (i, n) in names.iter().enumerate() {
            conn.execute(
                "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES (?1, 'individual', ?2, 0, 0)",
                rusqlite::params![format!("c{i}"), n],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO clients (id, kind, name, company_name, created_at, updated_at)
             VALUES ('b1', 'business', 'Paul Durand', 'Garage du Parc', 0, 0)",
            [],
        )
        .unwrap();
        let keys: Vec<(String, String)> = conn
            .prepare("SELECT name, surname_key FROM clients WHERE kind = 'individual'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (name, key) in keys {
            assert_eq!(key.to_lowercase(), sort_key(&name), "{name}");
        }
        let business: String = conn
            .query_row("SELECT surname_key FROM clients WHERE id = 'b1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(business, "Garage du Parc");
        let user_key: String = conn
            .query_row(
                "SELECT surname_key FROM users WHERE id = ?1",
                [&f.technician.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            user_key.to_lowercase(),
            sort_key(&f.technician.display_name)
        );
    }
}
