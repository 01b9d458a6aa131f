//! Schema migrations: the SQL files in `migrations/`, embedded at build time, applied in
//! order, each in its own transaction, each recorded in the `conflictmap_migrations`
//! ledger. (`PRAGMA user_version` belongs to GeoPackage, so it cannot be our counter.)
//!
//! Before writing anything to an existing file we check that it is ours: a file that is
//! not SQLite, or a SQLite database without our ledger, is refused and left untouched.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

/// One embedded migration.
pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration this build knows, oldest first. Add new files here; never edit one
/// that has landed.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_rtree_fts_dates",
        sql: include_str!("../../migrations/0002_rtree_fts_dates.sql"),
    },
];

/// The schema version this build writes and reads (the newest migration).
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// `PRAGMA application_id` of a GeoPackage: 'GPKG' in ASCII.
pub(crate) const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;

/// `PRAGMA user_version` we set: GeoPackage 1.3.
///
/// Not 1.4 (10400): nothing in our schema needs 1.4, and GDAL before 3.7 (Debian 12,
/// Ubuntu 22.04, the QGIS builds on them) refuses a 10400 file unless its name ends in
/// `.gpkg`. Checked with GDAL 3.6.2: `ogrinfo store.sqlite` fails with 10400, works with
/// 10300. The R*Tree triggers of migration 0002 are 1.3's set (`_update1` … `_update4`),
/// which GDAL 3.6's validator checks for.
pub(crate) const GPKG_USER_VERSION: i32 = 10300;

const LEDGER_DDL: &str = "CREATE TABLE IF NOT EXISTS conflictmap_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)";

/// What is at a path, judged from its first bytes only.
pub(crate) enum FileKind {
    Missing,
    Empty,
    Sqlite,
    NotSqlite,
}

pub(crate) fn file_kind(path: &Path) -> Result<FileKind> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut header = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut header)
        .map_err(|e| Error::io(path, e))?;
    Ok(match header.as_slice() {
        [] => FileKind::Empty,
        b"SQLite format 3\0" => FileKind::Sqlite,
        _ => FileKind::NotSqlite,
    })
}

/// What a SQLite database holds, judged by reading only.
pub(crate) enum Contents {
    /// No tables at all: a new store.
    Empty,
    /// Has our ledger; the newest migration recorded in it (0 if none).
    Ours { version: i64 },
    /// Tables, but no ledger: someone else's database. A few of its table names.
    Foreign { tables: Vec<String> },
}

pub(crate) fn contents(conn: &Connection) -> rusqlite::Result<Contents> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let tables = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if tables.iter().any(|t| t == "conflictmap_migrations") {
        let version = conn.query_row(
            "SELECT coalesce(max(version), 0) FROM conflictmap_migrations",
            [],
            |r| r.get(0),
        )?;
        Ok(Contents::Ours { version })
    } else if tables.is_empty() {
        Ok(Contents::Empty)
    } else {
        Ok(Contents::Foreign {
            tables: tables.into_iter().take(5).collect(),
        })
    }
}

/// The refusal for a file that is not a conflictmap store.
pub(crate) fn not_ours(path: &str, what: &str) -> Error {
    Error::input_hint(
        path,
        format!("{what}, so not a conflictmap store; left untouched"),
        "give the path of a store conflictmap created, or a new file name to create one",
    )
}

pub(crate) fn foreign(path: &str, tables: &[String]) -> Error {
    not_ours(
        path,
        &format!(
            "a SQLite database without a conflictmap_migrations ledger (tables: {})",
            tables.join(", ")
        ),
    )
}

pub(crate) fn too_new(path: &str, version: i64) -> Error {
    Error::Store {
        path: path.to_owned(),
        message: format!(
            "was written by a newer conflictmap (schema {version} > {SCHEMA_VERSION}); upgrade conflictmap"
        ),
    }
}

/// Bring the store at `path` up to [`SCHEMA_VERSION`]. The caller has checked it is ours.
pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Apply the migrations up to `target` (tests build old stores with it).
pub(crate) fn migrate_to(conn: &mut Connection, path: &str, target: i64) -> Result<()> {
    let store_err = |what: &str, e: rusqlite::Error| Error::Store {
        path: path.to_owned(),
        message: format!("{what}: {e}"),
    };
    // A read first, so an up-to-date store never takes the write lock here.
    let current = match contents(conn).map_err(|e| store_err("reading the migration ledger", e))? {
        Contents::Ours { version } => version,
        Contents::Empty => 0,
        Contents::Foreign { tables } => return Err(foreign(path, &tables)),
    };
    if current > SCHEMA_VERSION {
        return Err(too_new(path, current));
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        let what = format!("applying migration {}", migration.name);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| store_err(&what, e))?;
        // Another process may have migrated while we waited for the lock: look again.
        let applied = match contents(&tx).map_err(|e| store_err(&what, e))? {
            Contents::Ours { version } => version,
            Contents::Empty => 0,
            Contents::Foreign { tables } => return Err(foreign(path, &tables)),
        };
        if applied > SCHEMA_VERSION {
            return Err(too_new(path, applied));
        }
        if applied >= migration.version {
            continue;
        }
        (|| {
            tx.execute_batch(LEDGER_DDL)?;
            tx.execute_batch(migration.sql)?;
            if migration.version == 1 {
                tx.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
                tx.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
            }
            tx.execute(
                "INSERT INTO conflictmap_migrations (version, name, applied_at) \
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (migration.version, migration.name),
            )?;
            tx.commit()
        })()
        .map_err(|e| store_err(&what, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_migrations_is_embedded_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(files, embedded, "migrations/ and MIGRATIONS disagree");
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{} is out of sequence", m.name);
            assert!(
                m.name.starts_with(&format!("{:04}_", m.version)),
                "{} does not match its version",
                m.name
            );
            assert_eq!(
                m.sql,
                std::fs::read_to_string(dir.join(format!("{}.sql", m.name))).unwrap()
            );
        }
    }
}
