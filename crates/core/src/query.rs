//! One builder for the paged lists (clients, vehicles, the trash, zones): the soft-delete
//! filter first (live rows unless the trash is asked for), then the list's filters and its
//! full-text search, a sort taken from the list's whitelist, and a page. It writes the
//! `WHERE … ORDER BY … LIMIT ? OFFSET ?` query and the matching count query; every value the
//! user typed or picked is a bound parameter, and the SQL text only ever holds fixed strings
//! (`&'static str` conditions, table names and sort expressions), so no input reaches it.
//!
//! A list defines its sort enum and implements [`SortColumn`] (one SQL expression per value),
//! then builds a [`ListQuery`] from its filter:
//!
//! ```
//! # use rpma_core::query::{ListQuery, Page, SortColumn};
//! #[derive(Clone, Copy)]
//! enum ZoneSort { Position }
//! impl SortColumn for ZoneSort {
//!     fn order_by(self) -> &'static str { "z.position" }
//! }
//! let q = ListQuery::new("z", false)
//!     .filter("z.is_active = ?", 1_i64)
//!     .search("zones_fts", "capot");
//! let (sql, args) = q.page_sql("SELECT z.id FROM ppf_zones z", ZoneSort::Position, false, Page::default());
//! assert!(sql.contains("z.deleted_at IS NULL AND z.is_active = ?"));
//! assert_eq!(args.len(), 4); // 1, the search, the limit and the offset
//! ```

use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::error::CoreResult;

/// The page size when none is asked for.
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest page one query returns.
pub const MAX_LIMIT: u32 = 1000;

/// A page of a list: where it starts and how many rows (0 = [`DEFAULT_LIMIT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Page {
    /// Rows skipped.
    pub offset: u32,
    /// Rows asked for (0 = the default; never more than [`MAX_LIMIT`]).
    pub limit: u32,
}

impl Page {
    /// A page from `offset`, `limit` rows.
    pub const fn new(offset: u32, limit: u32) -> Self {
        Self { offset, limit }
    }

    /// The rows the query returns at most.
    pub fn rows(self) -> u32 {
        if self.limit == 0 {
            DEFAULT_LIMIT
        } else {
            self.limit.min(MAX_LIMIT)
        }
    }
}

/// A list's sort: an enum whose every value names a fixed SQL expression (the whitelist of
/// sortable columns). Ties are broken by the row's `rid`, in the same direction.
pub trait SortColumn: Copy {
    /// The `ORDER BY` expression (may hold several comma-separated terms; the direction goes
    /// after the last one).
    fn order_by(self) -> &'static str;
}

/// The conditions and bound values of one list query. Starts with the soft-delete filter.
#[derive(Debug, Clone)]
pub struct ListQuery {
    alias: &'static str,
    conditions: Vec<String>,
    args: Vec<Value>,
}

impl ListQuery {
    /// The rows of the table aliased `alias` (empty: a table used without an alias): the live
    /// ones, or the deleted ones (the trash) when `deleted`.
    pub fn new(alias: &'static str, deleted: bool) -> Self {
        let prefix = if alias.is_empty() {
            String::new()
        } else {
            format!("{alias}.")
        };
        let state = if deleted { "IS NOT NULL" } else { "IS NULL" };
        Self {
            alias,
            conditions: vec![format!("{prefix}deleted_at {state}")],
            args: Vec::new(),
        }
    }

    /// The live rows of the table aliased `alias` (see [`crate::store::soft_delete::live`]).
    pub fn live(alias: &'static str) -> Self {
        Self::new(alias, false)
    }

    /// Adds `AND condition`, a fixed SQL text with one `?` bound to `value`.
    #[must_use]
    pub fn filter(mut self, condition: &'static str, value: impl Into<Value>) -> Self {
        self.conditions.push(condition.to_owned());
        self.args.push(value.into());
        self
    }

    /// [`Self::filter`] when there is a value; the list unchanged otherwise.
    #[must_use]
    pub fn filter_opt<V: Into<Value>>(self, condition: &'static str, value: Option<V>) -> Self {
        match value {
            Some(v) => self.filter(condition, v),
            None => self,
        }
    }

    /// Adds a fixed condition with no value (e.g. `is_active = 1`).
    #[must_use]
    pub fn condition(mut self, condition: &'static str) -> Self {
        self.conditions.push(condition.to_owned());
        self
    }

    /// Keeps the rows whose `rid` is found in the FTS5 table `fts_table` by the typed text
    /// (every word a prefix, all required: [`crate::search::fts_query`]); nothing is added when
    /// the text holds no word.
    #[must_use]
    pub fn search(mut self, fts_table: &'static str, text: &str) -> Self {
        if let Some(q) = crate::search::fts_query(text) {
            let rid = self.column("rid");
            self.conditions.push(format!(
                "{rid} IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ?)"
            ));
            self.args.push(Value::Text(q));
        }
        self
    }

    fn column(&self, name: &str) -> String {
        if self.alias.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.alias)
        }
    }

    /// The `WHERE` condition (without the keyword).
    pub fn where_sql(&self) -> String {
        self.conditions.join(" AND ")
    }

    /// The bound values of [`Self::where_sql`], in order.
    pub fn args(&self) -> &[Value] {
        &self.args
    }

    /// `SELECT count(*) FROM {from} WHERE …` and its values: the pager's total, over exactly
    /// the rows the pages show.
    pub fn count_sql(&self, from: &'static str) -> (String, Vec<Value>) {
        (
            format!("SELECT count(*) FROM {from} WHERE {}", self.where_sql()),
            self.args.clone(),
        )
    }

    /// `{select} WHERE … ORDER BY {sort} {dir}, rid {dir} LIMIT ? OFFSET ?` and its values.
    pub fn page_sql(
        &self,
        select: &'static str,
        sort: impl SortColumn,
        descending: bool,
        page: Page,
    ) -> (String, Vec<Value>) {
        let dir = if descending { "DESC" } else { "ASC" };
        let rid = self.column("rid");
        let sql = format!(
            "{select} WHERE {} ORDER BY {} {dir}, {rid} {dir} LIMIT ? OFFSET ?",
            self.where_sql(),
            sort.order_by()
        );
        let mut args = self.args.clone();
        args.push(Value::Integer(i64::from(page.rows())));
        args.push(Value::Integer(i64::from(page.offset)));
        (sql, args)
    }

    /// `{select} WHERE … ORDER BY {sort}`: every matching row, for short lists (no paging).
    pub fn all_sql(&self, select: &'static str, sort: impl SortColumn) -> (String, Vec<Value>) {
        let sql = format!(
            "{select} WHERE {} ORDER BY {}",
            self.where_sql(),
            sort.order_by()
        );
        (sql, self.args.clone())
    }

    /// Counts the matching rows of `from` (see [`Self::count_sql`]).
    pub fn count(&self, conn: &Connection, from: &'static str) -> CoreResult<i64> {
        let (sql, args) = self.count_sql(from);
        Ok(conn.query_row(&sql, params_from_iter(args), |r| r.get(0))?)
    }

    /// Reads one page (see [`Self::page_sql`]), each row through `map`.
    pub fn page<T>(
        &self,
        conn: &Connection,
        select: &'static str,
        sort: impl SortColumn,
        descending: bool,
        page: Page,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Vec<T>> {
        let (sql, args) = self.page_sql(select, sort, descending, page);
        run(conn, &sql, args, map)
    }

    /// Reads every matching row (see [`Self::all_sql`]), each through `map`.
    pub fn all<T>(
        &self,
        conn: &Connection,
        select: &'static str,
        sort: impl SortColumn,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Vec<T>> {
        let (sql, args) = self.all_sql(select, sort);
        run(conn, &sql, args, map)
    }
}

fn run<T>(
    conn: &Connection,
    sql: &str,
    args: Vec<Value>,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> CoreResult<Vec<T>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params_from_iter(args), map)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
