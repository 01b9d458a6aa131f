//! Read-only SQL over a store, for `conflictmap sql`.
//!
//! Three locks, any one of which is enough: the statement must be one SQLite itself calls
//! read-only (`sqlite3_stmt_readonly`), the connection is opened read-only, and it has
//! `PRAGMA query_only` set ([`Store::open_read_only`]). A write is refused before it runs.

use rusqlite::types::ValueRef;
use rusqlite::ErrorCode;

use super::{store_error, Store};
use crate::{Error, Result};

/// What [`Store::sql`] hands its callback: the column names once, then each row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SqlOutput<'a> {
    Columns(&'a [String]),
    Row(&'a [SqlValue]),
}

/// One value of a result row, as SQLite typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<ValueRef<'_>> for SqlValue {
    fn from(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Null => SqlValue::Null,
            ValueRef::Integer(i) => SqlValue::Integer(i),
            ValueRef::Real(f) => SqlValue::Real(f),
            ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
        }
    }
}

const TABLES_HINT: &str =
    "tables: events (the point layer), event_sources (every report), articles, mentions; \
     full text: event_sources_fts, articles_fts (… WHERE articles_fts MATCH 'drone'); \
     functions: haversine_km(lon1, lat1, lon2, lat2), contains_ci(text, needle), ST_MinX(geom) …";

impl Store {
    /// Run one read-only SQL statement. `each` gets [`SqlOutput::Columns`] once, before
    /// any row, then [`SqlOutput::Row`] for each row in turn. Returns the number of rows.
    ///
    /// A statement that would write (INSERT, UPDATE, DELETE, CREATE, a writing PRAGMA …)
    /// is refused before it runs, as is more than one statement. SQL mistakes are the
    /// user's input errors, with a hint naming the tables.
    pub fn sql(&self, sql: &str, mut each: impl FnMut(SqlOutput<'_>) -> Result<()>) -> Result<u64> {
        let user_error = |e: rusqlite::Error| -> Error {
            let environment = matches!(
                e.sqlite_error_code(),
                Some(
                    ErrorCode::DatabaseCorrupt
                        | ErrorCode::NotADatabase
                        | ErrorCode::SystemIoFailure
                        | ErrorCode::CannotOpen
                        | ErrorCode::DatabaseBusy
                        | ErrorCode::DatabaseLocked
                        | ErrorCode::OutOfMemory
                        | ErrorCode::DiskFull
                )
            );
            if environment {
                store_error(&self.path, "running SQL", e)
            } else if matches!(e, rusqlite::Error::MultipleStatement) {
                Error::input_hint(
                    "sql",
                    "holds more than one statement",
                    "run one statement at a time",
                )
            } else {
                Error::input_hint("sql", e.to_string(), TABLES_HINT)
            }
        };
        if sql.trim().trim_matches(';').trim().is_empty() {
            return Err(Error::input_hint("sql", "no statement given", TABLES_HINT));
        }
        let first_word = sql
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if first_word == "ATTACH" || first_word == "DETACH" {
            // Read-only for SQLite (it changes the connection, not a file), but it would
            // open or create other files: `sql` reads this store only.
            return Err(Error::input_hint(
                "sql",
                format!("refused: {first_word} opens other databases; `sql` reads this store only"),
                "query the other database with its own tool, or export from it",
            ));
        }
        let mut stmt = self.conn.prepare(sql).map_err(user_error)?;
        if !stmt.readonly() {
            return Err(Error::input_hint(
                "sql",
                format!(
                    "refused: {:?} would change the store, and `sql` only reads; nothing was run",
                    first_words(sql)
                ),
                "use SELECT (or WITH … SELECT); add to the store with `conflictmap ingest`",
            ));
        }
        let names: Vec<String> = stmt.column_names().map(String::from).collect();
        each(SqlOutput::Columns(&names))?;
        let mut rows = stmt.query([]).map_err(user_error)?;
        let mut values = Vec::with_capacity(names.len());
        let mut n = 0;
        while let Some(r) = rows.next().map_err(user_error)? {
            values.clear();
            for i in 0..names.len() {
                values.push(SqlValue::from(r.get_ref(i).map_err(user_error)?));
            }
            each(SqlOutput::Row(&values))?;
            n += 1;
        }
        Ok(n)
    }
}

/// The start of a statement, for an error message.
fn first_words(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().take(4).collect();
    let mut s = words.join(" ");
    if sql.split_whitespace().count() > 4 {
        s.push_str(" …");
    }
    s
}
