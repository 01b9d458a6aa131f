//! The SQLite event store, laid out as an OGC GeoPackage so QGIS and GDAL open it as is.
//!
//! One writer, WAL (so QGIS can read while ingest writes), a busy timeout, cached prepared
//! statements, one transaction per article or per batch ([`Store::insert_articles`]). The
//! schema lives in `migrations/` (the runner is `src/store/migrate.rs`); the rules for
//! merging reports of one event are in `src/store/merge.rs`; [`Filter`] becomes SQL in
//! `src/store/filter.rs`; the SQL functions every connection gets (GeoPackage `ST_*`,
//! `haversine_km`, `contains_ci`) are in `src/store/sqlfn.rs`; read-only SQL for
//! `conflictmap sql` is in `src/store/sql.rs`.

mod filter;
mod gpkg;
mod merge;
mod migrate;
mod records;
mod sql;
mod sqlfn;
#[cfg(test)]
pub(crate) mod test_support;

use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};

pub use filter::{haversine_km, Descending, Filter, Order, SortKey, EARTH_RADIUS_KM};
pub use gpkg::{point_blob, point_from_blob};
pub use migrate::SCHEMA_VERSION;
pub use records::{content_hash, ArticleRecord, MentionRecord};
pub use sql::{SqlOutput, SqlValue};

use crate::events::Event;
use crate::{Error, Result};
use migrate::{Contents, FileKind};

/// What [`Store::insert_article`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    /// An article with the same text (content hash) is already stored; nothing was added.
    Duplicate { article_id: i64 },
    /// The article was stored with its mentions and events.
    Stored {
        article_id: i64,
        /// Events that did not exist before.
        events_new: usize,
        /// Events merged into an existing one (same day, type and place).
        events_merged: usize,
        /// The stored event id for each input event, in input order.
        event_ids: Vec<i64>,
    },
}

impl IngestOutcome {
    /// The stored article: the new one, or the one that already had this text.
    pub fn article_id(&self) -> i64 {
        match self {
            IngestOutcome::Duplicate { article_id } | IngestOutcome::Stored { article_id, .. } => {
                *article_id
            }
        }
    }
}

/// One report of a stored event: the article and sentence it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSource {
    pub article_id: i64,
    pub url: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    pub sentence: String,
    /// Character offsets of `sentence` in the article text (Unicode scalar values).
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// The figure this report gave (0 = none).
    pub fatalities: u32,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
}

/// An open store. Writes need `&mut self`; there is one writer per store.
pub struct Store {
    conn: Connection,
    /// The path as given, for error messages.
    path: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// `PRAGMA mmap_size` for queries that read most of the events table (SQLite's own
/// ceiling, just under 2 GiB).
///
/// # Units
/// Bytes.
const MMAP_BROAD_READS: i64 = 0x7FFF_0000;

/// The most events an area query sorts in memory (about 60 MB of events); past it,
/// SQLite sorts. See [`Store::each_event`]. Small in unit tests, so they take both paths.
const RUST_SORT_MAX: usize = if cfg!(test) { 50 } else { 100_000 };

/// Columns read into an [`Event`], in [`event_from_row`] order.
const EVENT_COLUMNS: &str = "fid, event_date, time_precision, event_type, sub_event_type, cameo_root, \
     actor1, actor2, fatalities, location, geonameid, lon, lat, country_code, admin1, geo_precision, \
     source_url, title, sentence, sentence_start, sentence_end, type_rule, date_rule, place_rule";

impl Store {
    /// Open the store at `path`, creating it (and its parent directories) if needed, and
    /// bring its schema up to date.
    ///
    /// Refuses — leaving the file untouched — a file that is not SQLite, a SQLite database
    /// conflictmap did not create, and a store written by a newer conflictmap.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        match migrate::file_kind(path)? {
            FileKind::NotSqlite => return Err(migrate::not_ours(&shown, "not a SQLite database")),
            FileKind::Missing | FileKind::Empty => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
            }
            FileKind::Sqlite => {
                // Look before touching: a read-only connection writes nothing.
                let conn = connect(path, &shown, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                match migrate::contents(&conn)
                    .map_err(|e| store_error(&shown, "reading the schema", e))?
                {
                    Contents::Foreign { tables } => return Err(migrate::foreign(&shown, &tables)),
                    Contents::Ours { version } if version > SCHEMA_VERSION => {
                        return Err(migrate::too_new(&shown, version))
                    }
                    Contents::Ours { .. } | Contents::Empty => {}
                }
            }
        }
        let mut conn = connect(
            path,
            &shown,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        // WAL: readers never block the writer. synchronous=NORMAL is safe with WAL (a crash
        // can lose the last commits, never corrupt the file).
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|_| conn.pragma_update(None, "foreign_keys", true))
            .and_then(|_| conn.pragma_update(None, "temp_store", "MEMORY"))
            // The writer gets 64 MiB of page cache, not SQLite's 2 MiB: a batch's inserts
            // land all over the merge-key, date and spatial indexes. Measured with
            // examples/store_bench.rs: a 400,000-event ingest 40.8 s → 33.3 s. Readers keep
            // 2 MiB: a one-off query in a fresh process is faster without a big cache to
            // fill (10,000-event radius query: 50 ms vs 74 ms).
            .and_then(|_| conn.pragma_update(None, "cache_size", -65_536))
            .map_err(|e| store_error(&shown, "configuring the connection", e))?;
        migrate::migrate(&mut conn, &shown)?;
        Ok(Store { conn, path: shown })
    }

    /// Open an existing store for reading only (SQLite's `PRAGMA query_only`: every write
    /// is refused). It must be at the schema this build writes.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Store::read_only(path, false)
    }

    /// Open an existing store to read it: read-only when it is at the schema this build
    /// writes; a store from an older conflictmap is upgraded first (as [`Store::open`]
    /// does), since the queries need the current schema. Refuses, untouched, everything
    /// [`Store::open_read_only`] refuses.
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        Store::read_only(path, true)
    }

    fn read_only(path: &Path, upgrade: bool) -> Result<Store> {
        let shown = path.display().to_string();
        match migrate::file_kind(path)? {
            FileKind::Missing => {
                return Err(Error::input_hint(
                    &shown,
                    "no store here",
                    "ingest some articles first; that creates the store",
                ))
            }
            FileKind::Empty => return Err(migrate::not_ours(&shown, "an empty file")),
            FileKind::NotSqlite => return Err(migrate::not_ours(&shown, "not a SQLite database")),
            FileKind::Sqlite => {}
        }
        // Read-write at the file level but `query_only` for SQL: SQLite then refuses every
        // write, and the last connection to close still removes the -wal/-shm files a
        // reader of a WAL database creates (a SQLITE_OPEN_READ_ONLY connection would leave
        // them behind). A write-protected file is opened read-only by SQLite itself.
        let conn = connect(path, &shown, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.pragma_update(None, "query_only", true)
            .map_err(|e| store_error(&shown, "configuring the connection", e))?;
        match migrate::contents(&conn).map_err(|e| store_error(&shown, "reading the schema", e))? {
            Contents::Empty => {
                return Err(migrate::not_ours(
                    &shown,
                    "a SQLite database with no tables",
                ))
            }
            Contents::Foreign { tables } => return Err(migrate::foreign(&shown, &tables)),
            Contents::Ours { version } if version > SCHEMA_VERSION => {
                return Err(migrate::too_new(&shown, version))
            }
            Contents::Ours { version } if version < SCHEMA_VERSION && upgrade => {
                drop(conn);
                drop(Store::open(path)?);
                return Store::read_only(path, false);
            }
            Contents::Ours { version } if version < SCHEMA_VERSION => {
                return Err(Error::Store {
                    path: shown,
                    message: format!(
                        "was written by an older conflictmap (schema {version} < \
                         {SCHEMA_VERSION}); open it once for writing (e.g. ingest) to upgrade it"
                    ),
                })
            }
            Contents::Ours { .. } => {}
        }
        Ok(Store { conn, path: shown })
    }

    /// The path the store was opened with.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Store one article with its mentions and events, all in one transaction: on any
    /// error nothing is stored.
    ///
    /// An article whose `content_hash` is already stored is skipped
    /// ([`IngestOutcome::Duplicate`]). Each event either becomes a new event or merges into
    /// the stored event with the same day, type, sub-type and place: the lowest non-zero
    /// fatality figure wins (ACLED's conservative rule) and the most precise report
    /// supplies the other fields, whatever the arrival order (`src/store/merge.rs`).
    /// Either way a row in `event_sources` records this report.
    pub fn insert_article(
        &mut self,
        article: &ArticleRecord,
        mentions: &[MentionRecord],
        events: &[Event],
    ) -> Result<IngestOutcome> {
        let about = format!("storing article {}", article.url);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| store_error(&self.path, &about, e))?;
        let marks = text_index_marks(&tx).map_err(|e| store_error(&self.path, &about, e))?;
        let outcome = store_article(&tx, &self.path, article, mentions, events)?;
        sync_text_index(&tx, marks).map_err(|e| store_error(&self.path, &about, e))?;
        tx.commit()
            .map_err(|e| store_error(&self.path, &about, e))?;
        Ok(outcome)
    }

    /// Store a batch of articles as [`insert_article`](Self::insert_article) does, in one
    /// transaction for the whole batch: much faster than one commit per article, and on
    /// any error nothing from the batch is stored. The full-text indexes are brought up to
    /// date once, at the end of the batch. Outcomes come in batch order; a text
    /// repeated within the batch is a duplicate of its first occurrence.
    pub fn insert_articles<'a>(
        &mut self,
        batch: impl IntoIterator<Item = (&'a ArticleRecord, &'a [MentionRecord], &'a [Event])>,
    ) -> Result<Vec<IngestOutcome>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| store_error(&self.path, "storing a batch of articles", e))?;
        let marks = text_index_marks(&tx)
            .map_err(|e| store_error(&self.path, "storing a batch of articles", e))?;
        let mut outcomes = Vec::new();
        for (article, mentions, events) in batch {
            outcomes.push(store_article(&tx, &self.path, article, mentions, events)?);
        }
        sync_text_index(&tx, marks)
            .map_err(|e| store_error(&self.path, "indexing the batch's text", e))?;
        tx.commit()
            .map_err(|e| store_error(&self.path, "storing a batch of articles", e))?;
        Ok(outcomes)
    }

    /// Events matching `filter`, in its order (by date, then id, unless it says
    /// otherwise). `Event::id` is the store's fid.
    pub fn events(&self, filter: &Filter) -> Result<Vec<Event>> {
        let mut found = Vec::new();
        self.each_event(filter, |event| {
            found.push(event);
            Ok(())
        })?;
        Ok(found)
    }

    /// Stream the events matching `filter` to `each`, one at a time and in order, without
    /// holding them all; an error from `each` stops the query and is returned. Returns
    /// how many were passed.
    pub fn each_event(
        &self,
        filter: &Filter,
        mut each: impl FnMut(Event) -> Result<()>,
    ) -> Result<u64> {
        let query = filter.to_query()?;
        if filter.limit == Some(0) {
            return Ok(0);
        }
        if let Some(text) = &filter.text {
            self.check_text_query(text)?;
        }
        let err = |e| store_error(&self.path, "querying events", e);
        // Memory-map the file for reads that cover most of the table (a full export in
        // date order touches every page many times: 1M events 3.6 s → 2.7 s), not for
        // narrow ones (a radius query touches each page once, and mapping costs more
        // than it saves: 50 ms → 96 ms).
        let broad = filter.bbox.is_none() && filter.near.is_none() && filter.text.is_none();
        self.conn
            .pragma_update(None, "mmap_size", if broad { MMAP_BROAD_READS } else { 0 })
            .map_err(err)?;

        // An area (box or radius) without a limit: read in table order and sort here.
        // SQLite's sorter copies every full row through a temporary b-tree (a third of a
        // 10,000-event radius query); sorting the events costs a fraction of a
        // millisecond. Past RUST_SORT_MAX events, SQLite sorts (it can spill to disk).
        let area = filter.bbox.is_some() || filter.near.is_some();
        if area && filter.limit.is_none() {
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events{}", query.where_sql);
            // Events, and the small keys they sort by (when the order is on numbers):
            // sorting keys spares the cache misses of comparing scattered events.
            let mut found: Vec<Option<Event>> = Vec::new();
            let mut keys: Option<Vec<([i64; 5], usize)>> = Some(Vec::new());
            let mut too_many = false;
            {
                let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(&query.params))
                    .map_err(err)?;
                while let Some(row) = rows.next().map_err(err)? {
                    if found.len() == RUST_SORT_MAX {
                        too_many = true;
                        break;
                    }
                    let event = event_from_row(row).map_err(err)?;
                    if let Some(list) = &mut keys {
                        match filter.numeric_key(&event) {
                            Some(key) => list.push((key, found.len())),
                            None => keys = None,
                        }
                    }
                    found.push(Some(event));
                }
            }
            if !too_many {
                let order: Vec<usize> = match keys {
                    Some(mut keys) => {
                        keys.sort_unstable();
                        keys.into_iter().map(|(_, i)| i).collect()
                    }
                    None => {
                        let mut order: Vec<usize> = (0..found.len()).collect();
                        order.sort_unstable_by(|&a, &b| match (&found[a], &found[b]) {
                            (Some(a), Some(b)) => filter.compare(a, b),
                            _ => std::cmp::Ordering::Equal,
                        });
                        order
                    }
                };
                let n = found.len() as u64;
                for i in order {
                    if let Some(event) = found[i].take() {
                        each(event)?;
                    }
                }
                return Ok(n);
            }
        }

        let mut params = query.params;
        params.extend(query.order_params);
        let limit_sql = match filter.limit {
            Some(limit) => {
                params.push(rusqlite::types::Value::Integer(sql_int(limit)));
                " LIMIT ?"
            }
            None => "",
        };
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events{}{}{limit_sql}",
            query.where_sql, query.order_sql
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&params))
            .map_err(err)?;
        let mut n = 0;
        while let Some(row) = rows.next().map_err(err)? {
            each(event_from_row(row).map_err(err)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// A bad full-text query is the user's mistake: say so before running the real query
    /// (FTS5 only parses the query when it runs).
    fn check_text_query(&self, text: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM event_sources_fts WHERE event_sources_fts MATCH ?1 LIMIT 1)",
            )
            .and_then(|mut s| s.query_row([text], |r| r.get::<_, i64>(0)))
            .map(|_| ())
            .map_err(|e| {
                Error::input_hint(
                    "--text",
                    format!("{text:?} is not a full-text query ({e})"),
                    "words are ANDed; quote a phrase or a word with punctuation (\"car bomb\", \"al-Bab\"); \
                     OR, NOT, NEAR(a b) and prefix* work (SQLite FTS5 syntax)",
                )
            })
    }

    /// Copy the events `filter` selects into a new store at `dest` — a GeoPackage like
    /// this one, that conflictmap, GDAL and QGIS open — with every report of them, the
    /// articles the reports came from and those articles' place mentions. Ids are kept.
    /// `dest` must not exist yet. Returns the number of events copied.
    pub fn copy_events(&self, filter: &Filter, dest: &Path) -> Result<u64> {
        if dest.exists() {
            return Err(Error::input_hint(
                dest.display().to_string(),
                "already exists",
                "copy into a new file",
            ));
        }
        let mut fids = Vec::new();
        self.each_event(filter, |e| {
            fids.push(e.id);
            Ok(())
        })?;
        let mut out = Store::open(dest)?;
        let shown = out.path.clone();
        let err = |what: &str| {
            let shown = shown.clone();
            let what = what.to_owned();
            move |e: rusqlite::Error| store_error(&shown, &what, e)
        };
        let source = Path::new(&self.path)
            .to_str()
            .ok_or_else(|| Error::input(&self.path, "the store path is not UTF-8"))?
            .to_owned();
        out.conn
            .execute("ATTACH DATABASE ?1 AS src", [&source])
            .map_err(err("attaching the source store"))?;
        let tx = out
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err("copying events"))?;
        (|| -> rusqlite::Result<()> {
            tx.execute_batch("CREATE TEMP TABLE pick (fid INTEGER PRIMARY KEY)")?;
            {
                let mut pick = tx.prepare("INSERT INTO temp.pick VALUES (?1)")?;
                for fid in &fids {
                    pick.execute([fid])?;
                }
            }
            // Both stores are at SCHEMA_VERSION, built by the same migrations, so their
            // columns are in the same order.
            tx.execute_batch(
                "INSERT INTO main.articles SELECT * FROM src.articles WHERE id IN \
                   (SELECT article_id FROM src.event_sources WHERE event_fid IN temp.pick);
                 INSERT INTO main.mentions SELECT * FROM src.mentions WHERE article_id IN \
                   (SELECT id FROM main.articles);
                 INSERT INTO main.events SELECT * FROM src.events WHERE fid IN temp.pick;
                 INSERT INTO main.event_sources SELECT * FROM src.event_sources WHERE event_fid IN temp.pick;
                 INSERT INTO main.event_sources_fts(event_sources_fts) VALUES ('rebuild');
                 INSERT INTO main.articles_fts(articles_fts) VALUES ('rebuild');
                 UPDATE main.gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                   min_x = (SELECT min(lon) FROM main.events), min_y = (SELECT min(lat) FROM main.events),
                   max_x = (SELECT max(lon) FROM main.events), max_y = (SELECT max(lat) FROM main.events)
                 WHERE table_name = 'events';
                 DROP TABLE temp.pick;",
            )
        })()
        .map_err(err("copying events"))?;
        tx.commit().map_err(err("copying events"))?;
        // One self-contained file: leave WAL for a rollback journal, so the copy can be
        // mailed or opened from read-only media without its -wal/-shm companions.
        out.conn
            .execute_batch("DETACH DATABASE src")
            .and_then(|()| {
                out.conn
                    .pragma_update_and_check(None, "journal_mode", "DELETE", |r| {
                        r.get::<_, String>(0)
                    })
            })
            .map_err(err("finishing the copy"))?;
        Ok(fids.len() as u64)
    }

    /// One stored event, by id (its fid).
    pub fn event(&self, fid: i64) -> Result<Option<Event>> {
        let err = |e| store_error(&self.path, &format!("reading event {fid}"), e);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE fid = ?1"
            ))
            .map_err(err)?;
        let mut rows = stmt.query([fid]).map_err(err)?;
        match rows.next().map_err(err)? {
            Some(row) => Ok(Some(event_from_row(row).map_err(err)?)),
            None => Ok(None),
        }
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM articles", "counting articles")
    }

    /// Number of stored (merged) events.
    pub fn event_count(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM events", "counting events")
    }

    fn count(&self, sql: &str, what: &str) -> Result<u64> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
            .map(|n| n.max(0).unsigned_abs())
            .map_err(|e| store_error(&self.path, what, e))
    }

    /// A stored article, by id.
    pub fn article(&self, article_id: i64) -> Result<Option<ArticleRecord>> {
        self.conn
            .prepare_cached(
                "SELECT url, title, published, source_path, text, content_hash, format FROM articles WHERE id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([article_id], |r| {
                    Ok(ArticleRecord {
                        url: r.get(0)?,
                        title: r.get(1)?,
                        published: date_column(r, 2)?,
                        source_path: r.get(3)?,
                        text: r.get(4)?,
                        content_hash: r.get(5)?,
                        format: r.get(6)?,
                    })
                })
                .optional()
            })
            .map_err(|e| store_error(&self.path, &format!("reading article {article_id}"), e))
    }

    /// The place mentions stored for an article, in text order.
    pub fn mentions_for_article(&self, article_id: i64) -> Result<Vec<MentionRecord>> {
        let read = || -> rusqlite::Result<Vec<MentionRecord>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT start, end, text, geonameid, name, lon, lat, country_code, admin1, feature_code, score, \
                 pass, sentence_index FROM mentions WHERE article_id = ?1 ORDER BY start, end, id",
            )?;
            let rows = stmt.query_map([article_id], |r| {
                Ok(MentionRecord {
                    start: get_usize(r, 0)?,
                    end: get_usize(r, 1)?,
                    text: r.get(2)?,
                    geonameid: r.get(3)?,
                    name: r.get(4)?,
                    lon: r.get(5)?,
                    lat: r.get(6)?,
                    country_code: r.get(7)?,
                    admin1: r.get(8)?,
                    feature_code: r.get(9)?,
                    score: r.get(10)?,
                    pass: r.get(11)?,
                    sentence_index: get_usize(r, 12)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| {
            store_error(
                &self.path,
                &format!("reading mentions of article {article_id}"),
                e,
            )
        })
    }

    /// Every report of event `fid`, in the order they were stored.
    pub fn event_sources(&self, fid: i64) -> Result<Vec<EventSource>> {
        let read = || -> rusqlite::Result<Vec<EventSource>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT s.article_id, a.url, a.title, a.published, s.sentence, s.sentence_start, s.sentence_end, \
                 s.fatalities, s.actor1, s.actor2 \
                 FROM event_sources s JOIN articles a ON a.id = s.article_id \
                 WHERE s.event_fid = ?1 ORDER BY s.id",
            )?;
            let rows = stmt.query_map([fid], |r| {
                Ok(EventSource {
                    article_id: r.get(0)?,
                    url: r.get(1)?,
                    title: r.get(2)?,
                    published: date_column(r, 3)?,
                    sentence: r.get(4)?,
                    sentence_start: get_usize(r, 5)?,
                    sentence_end: get_usize(r, 6)?,
                    fatalities: r.get(7)?,
                    actor1: r.get(8)?,
                    actor2: r.get(9)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| store_error(&self.path, &format!("reading sources of event {fid}"), e))
    }
}

/// The body of [`Store::insert_article`], inside the caller's transaction.
fn store_article(
    tx: &Connection,
    path: &str,
    article: &ArticleRecord,
    mentions: &[MentionRecord],
    events: &[Event],
) -> Result<IngestOutcome> {
    let err = |what: String| move |e: rusqlite::Error| store_error(path, &what, e);
    let about = format!("storing article {}", article.url);
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")
        .and_then(|mut s| {
            s.query_row([&article.content_hash], |r| r.get(0))
                .optional()
        })
        .map_err(err(about.clone()))?;
    if let Some(article_id) = existing {
        return Ok(IngestOutcome::Duplicate { article_id });
    }

    tx.prepare_cached(
        "INSERT INTO articles (url, title, published, source_path, format, content_hash, text) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute((
            &article.url,
            &article.title,
            article.published.map(|d| d.format("%Y-%m-%d").to_string()),
            &article.source_path,
            &article.format,
            &article.content_hash,
            &article.text,
        ))
    })
    .map_err(err(about.clone()))?;
    let article_id = tx.last_insert_rowid();

    for (i, m) in mentions.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO mentions (article_id, start, end, text, geonameid, name, lon, lat, country_code, \
             admin1, feature_code, score, pass, sentence_index) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut s| {
            s.execute(rusqlite::params![
                article_id,
                sql_int(m.start),
                sql_int(m.end),
                m.text,
                m.geonameid,
                m.name,
                m.lon,
                m.lat,
                m.country_code,
                m.admin1,
                m.feature_code,
                m.score,
                m.pass,
                sql_int(m.sentence_index),
            ])
        })
        .map_err(err(format!("{about}: mention {i} ({:?} at {}..{})", m.text, m.start, m.end)))?;
    }

    let mut events_new = 0;
    let mut events_merged = 0;
    let mut event_ids = Vec::with_capacity(events.len());
    let mut extent: Option<[f64; 4]> = None;
    for (i, event) in events.iter().enumerate() {
        let what = format!(
            "{about}: event {i} ({} at {} on {})",
            event.event_type, event.location, event.event_date
        );
        check_event(event).map_err(|message| Error::Store {
            path: path.to_owned(),
            message: format!("{what}: {message}"),
        })?;
        let (fid, merged) = upsert_event(tx, event).map_err(err(what.clone()))?;
        tx.prepare_cached(
            "INSERT INTO event_sources (event_fid, article_id, sentence, sentence_start, sentence_end, \
             fatalities, actor1, actor2, time_precision, geo_precision) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .and_then(|mut s| {
            s.execute(rusqlite::params![
                fid,
                article_id,
                event.sentence,
                sql_int(event.sentence_start),
                sql_int(event.sentence_end),
                event.fatalities,
                event.actor1,
                event.actor2,
                event.time_precision,
                event.geo_precision,
            ])
        })
        .map_err(err(what))?;
        if merged {
            events_merged += 1;
        } else {
            events_new += 1;
        }
        event_ids.push(fid);
        let [w, s, e, n] = extent.get_or_insert([event.lon, event.lat, event.lon, event.lat]);
        *w = w.min(event.lon);
        *s = s.min(event.lat);
        *e = e.max(event.lon);
        *n = n.max(event.lat);
    }

    // GeoPackage readers take the layer's extent and freshness from gpkg_contents.
    // The extent only ever grows (a merge can move an event inward); a loose bound is
    // what the spec allows.
    if let Some([w, s, e, n]) = extent {
        tx.prepare_cached(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
             min_x = min(coalesce(min_x, ?1), ?1), min_y = min(coalesce(min_y, ?2), ?2), \
             max_x = max(coalesce(max_x, ?3), ?3), max_y = max(coalesce(max_y, ?4), ?4) \
             WHERE table_name = 'events'",
        )
        .and_then(|mut st| st.execute((w, s, e, n)))
        .map_err(err(about.clone()))?;
    }

    Ok(IngestOutcome::Stored {
        article_id,
        events_new,
        events_merged,
        event_ids,
    })
}

/// Where the full-text indexes stand before a batch: the highest article and report ids.
fn text_index_marks(tx: &Connection) -> rusqlite::Result<(i64, i64)> {
    tx.prepare_cached(
        "SELECT (SELECT coalesce(max(id), 0) FROM articles), (SELECT coalesce(max(id), 0) FROM event_sources)",
    )?
    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Index the articles and reports added since `marks`, once per batch: one statement per
/// index, so FTS5 writes each batch's terms in one go. (Triggers made ingest 2–5× slower;
/// see migrations/0002.) Both tables are insert-only with AUTOINCREMENT ids, so "added"
/// is exactly "id above the mark".
fn sync_text_index(tx: &Connection, (articles, reports): (i64, i64)) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO event_sources_fts(rowid, sentence) SELECT id, sentence FROM event_sources WHERE id > ?1",
    )?
    .execute([reports])?;
    tx.prepare_cached(
        "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?1",
    )?
    .execute([articles])?;
    Ok(())
}

/// The days an event may have happened on, both included, from its date and ACLED time
/// precision: the day itself (1), its Monday-to-Sunday week (2), or its month (3). Stored
/// as `date_start`/`date_end` for QGIS's temporal controller.
///
/// ```
/// use chrono::NaiveDate;
/// use conflictmap::store::date_range;
/// let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// assert_eq!(date_range(d("2024-07-04"), 2), (d("2024-07-01"), d("2024-07-07")));
/// assert_eq!(date_range(d("2024-02-15"), 3), (d("2024-02-01"), d("2024-02-29")));
/// ```
pub fn date_range(date: NaiveDate, time_precision: u8) -> (NaiveDate, NaiveDate) {
    match time_precision {
        2 => {
            let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
            (monday, monday + Days::new(6))
        }
        3 => {
            let first = date.with_day(1).unwrap_or(date);
            let last = (first + Months::new(1)).pred_opt().unwrap_or(date);
            (first, last)
        }
        _ => (date, date),
    }
}

fn connect(path: &Path, shown: &str, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| store_error(shown, "opening", e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| store_error(shown, "setting busy_timeout", e))?;
    conn.set_prepared_statement_cache_capacity(64);
    sqlfn::register(&conn).map_err(|e| store_error(shown, "registering SQL functions", e))?;
    Ok(conn)
}

fn store_error(path: &str, what: &str, e: rusqlite::Error) -> Error {
    Error::Store {
        path: path.to_owned(),
        message: format!("{what}: {e}"),
    }
}

/// The checks merging would otherwise let through (a merged report never reaches the
/// events table's CHECK constraints).
fn check_event(e: &Event) -> std::result::Result<(), String> {
    if !(1..=3).contains(&e.time_precision) {
        return Err(format!(
            "time_precision {} is not 1, 2 or 3",
            e.time_precision
        ));
    }
    if !(1..=3).contains(&e.geo_precision) {
        return Err(format!(
            "geo_precision {} is not 1, 2 or 3",
            e.geo_precision
        ));
    }
    if !(-180.0..=180.0).contains(&e.lon) || !(-90.0..=90.0).contains(&e.lat) {
        return Err(format!("({}, {}) is not a lon/lat position", e.lon, e.lat));
    }
    Ok(())
}

/// Insert `event`, or merge it into the stored event with the same key. Returns the fid
/// and whether it merged.
fn upsert_event(conn: &Connection, event: &Event) -> rusqlite::Result<(i64, bool)> {
    let place_key = merge::place_key(event);
    let date = event.event_date.format("%Y-%m-%d").to_string();
    let stored: Option<Event> = conn
        .prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events \
             WHERE event_date = ?1 AND event_type = ?2 AND sub_event_type = ?3 AND place_key = ?4"
        ))?
        .query_row(
            (&date, &event.event_type, &event.sub_event_type, &place_key),
            event_from_row,
        )
        .optional()?;
    let (start, end) = date_range(event.event_date, event.time_precision);
    let (date_start, date_end) = (
        start.format("%Y-%m-%d").to_string(),
        end.format("%Y-%m-%d").to_string(),
    );
    let Some(stored) = stored else {
        conn.prepare_cached(
            "INSERT INTO events (geom, event_date, time_precision, event_type, sub_event_type, cameo_root, \
             actor1, actor2, fatalities, location, geonameid, lon, lat, country_code, admin1, geo_precision, \
             source_url, title, sentence, sentence_start, sentence_end, type_rule, date_rule, place_rule, place_key, \
             date_start, date_end) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
             ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?
        .execute(rusqlite::params![
            point_blob(event.lon, event.lat),
            date,
            event.time_precision,
            event.event_type,
            event.sub_event_type,
            event.cameo_root,
            event.actor1,
            event.actor2,
            event.fatalities,
            event.location,
            event.geonameid,
            event.lon,
            event.lat,
            event.country_code,
            event.admin1,
            event.geo_precision,
            event.source_url,
            event.title,
            event.sentence,
            sql_int(event.sentence_start),
            sql_int(event.sentence_end),
            event.type_rule,
            event.date_rule,
            event.place_rule,
            place_key,
            date_start,
            date_end,
        ])?;
        return Ok((conn.last_insert_rowid(), false));
    };

    let fatalities = merge::merged_fatalities(stored.fatalities, event.fatalities);
    if merge::report_order(event, &stored).is_lt() {
        // The new report represents the event from now on.
        conn.prepare_cached(
            "UPDATE events SET geom = ?2, time_precision = ?3, cameo_root = ?4, actor1 = ?5, actor2 = ?6, \
             fatalities = ?7, location = ?8, lon = ?9, lat = ?10, country_code = ?11, admin1 = ?12, \
             geo_precision = ?13, source_url = ?14, title = ?15, sentence = ?16, sentence_start = ?17, \
             sentence_end = ?18, type_rule = ?19, date_rule = ?20, place_rule = ?21, date_start = ?22, \
             date_end = ?23 WHERE fid = ?1",
        )?
        .execute(rusqlite::params![
            stored.id,
            point_blob(event.lon, event.lat),
            event.time_precision,
            event.cameo_root,
            event.actor1,
            event.actor2,
            fatalities,
            event.location,
            event.lon,
            event.lat,
            event.country_code,
            event.admin1,
            event.geo_precision,
            event.source_url,
            event.title,
            event.sentence,
            sql_int(event.sentence_start),
            sql_int(event.sentence_end),
            event.type_rule,
            event.date_rule,
            event.place_rule,
            date_start,
            date_end,
        ])?;
    } else if fatalities != stored.fatalities {
        conn.prepare_cached("UPDATE events SET fatalities = ?2 WHERE fid = ?1")?
            .execute((stored.id, fatalities))?;
    }
    Ok((stored.id, true))
}

/// Read a row selected with [`EVENT_COLUMNS`].
fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        event_date: date_column(r, 1)?.ok_or(rusqlite::Error::InvalidColumnType(
            1,
            "event_date".into(),
            Type::Null,
        ))?,
        time_precision: r.get(2)?,
        event_type: r.get(3)?,
        sub_event_type: r.get(4)?,
        cameo_root: r.get(5)?,
        actor1: r.get(6)?,
        actor2: r.get(7)?,
        fatalities: r.get(8)?,
        location: r.get(9)?,
        geonameid: r.get(10)?,
        lon: r.get(11)?,
        lat: r.get(12)?,
        country_code: r.get(13)?,
        admin1: r.get(14)?,
        geo_precision: r.get(15)?,
        source_url: r.get(16)?,
        title: r.get(17)?,
        sentence: r.get(18)?,
        sentence_start: get_usize(r, 19)?,
        sentence_end: get_usize(r, 20)?,
        type_rule: r.get(21)?,
        date_rule: r.get(22)?,
        place_rule: r.get(23)?,
    })
}

/// A character offset or index as a SQLite integer (rusqlite has no `usize` impls).
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// An integer column as a character offset or index.
fn get_usize(r: &Row<'_>, idx: usize) -> rusqlite::Result<usize> {
    let n: i64 = r.get(idx)?;
    usize::try_from(n).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, n))
}

/// A GeoPackage DATE column ('YYYY-MM-DD' text) as a date.
fn date_column(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let Some(text) = r.get::<_, Option<String>>(idx)? else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_gis;
