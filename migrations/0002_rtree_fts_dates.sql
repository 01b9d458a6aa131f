-- 0002_rtree_fts_dates: the standard GeoPackage spatial index, full-text search, and date
-- ranges for QGIS's temporal controller. Upgrades a 0001 store in place: every row stays,
-- the indexes are filled from what is stored.
--
-- Never edit this file once it has landed: add 0003_… instead.

-- 1. Date range of each event, for QGIS's temporal controller ("separate fields for start
--    and end"). ACLED's time precision says how far the date can be trusted: 1 = that
--    day, 2 = that week (Monday to Sunday), 3 = that month. Both ends are included.
--    src/store/mod.rs computes the same range for new events (date_range()); a test
--    checks the two agree.
ALTER TABLE events ADD COLUMN date_start DATE;
ALTER TABLE events ADD COLUMN date_end DATE;
UPDATE events SET
  date_start = CASE time_precision
    WHEN 2 THEN date(event_date, '-' || ((CAST(strftime('%w', event_date) AS INTEGER) + 6) % 7) || ' days')
    WHEN 3 THEN date(event_date, 'start of month')
    ELSE event_date END,
  date_end = CASE time_precision
    WHEN 2 THEN date(event_date, '+' || (6 - (CAST(strftime('%w', event_date) AS INTEGER) + 6) % 7) || ' days')
    WHEN 3 THEN date(event_date, 'start of month', '+1 month', '-1 day')
    ELSE event_date END;

-- Date filters and ordering (--since/--until, --order date) on large stores.
CREATE INDEX events_date ON events(event_date);

-- 2. The GeoPackage R*Tree spatial index extension (gpkg_rtree_index, GeoPackage 1.3
--    Annex F.3), replacing 0001's private events_rtree. GDAL and QGIS use it for their
--    spatial filters; conflictmap uses it for --bbox and --near.
--    The triggers call ST_IsEmpty/ST_MinX/ST_MaxX/ST_MinY/ST_MaxY, which plain SQLite
--    lacks: conflictmap registers them on every connection (src/store/sqlfn.rs), as GDAL
--    does. A tool without them can read the store but not write to `events` — what the
--    extension's 'write-only' scope means.
DROP TRIGGER events_rtree_insert;
DROP TRIGGER events_rtree_update;
DROP TRIGGER events_rtree_delete;
DROP TABLE events_rtree;

CREATE VIRTUAL TABLE rtree_events_geom USING rtree(id, minx, maxx, miny, maxy);
-- geom always agrees with lon/lat, so no ST_* function is needed to fill the index.
INSERT INTO rtree_events_geom SELECT fid, lon, lon, lat, lat FROM events;

CREATE TRIGGER rtree_events_geom_insert AFTER INSERT ON events
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_events_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;

CREATE TRIGGER rtree_events_geom_update1 AFTER UPDATE OF geom ON events
  WHEN OLD.fid = NEW.fid AND
       (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_events_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;

CREATE TRIGGER rtree_events_geom_update2 AFTER UPDATE OF geom ON events
  WHEN OLD.fid = NEW.fid AND
       (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_events_geom WHERE id = OLD.fid;
END;

CREATE TRIGGER rtree_events_geom_update3 AFTER UPDATE OF geom ON events
  WHEN OLD.fid != NEW.fid AND
       (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_events_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_events_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;

CREATE TRIGGER rtree_events_geom_update4 AFTER UPDATE ON events
  WHEN OLD.fid != NEW.fid AND
       (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_events_geom WHERE id IN (OLD.fid, NEW.fid);
END;

CREATE TRIGGER rtree_events_geom_delete AFTER DELETE ON events
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_events_geom WHERE id = OLD.fid;
END;

INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
VALUES ('events', 'geom', 'gpkg_rtree_index',
        'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');

-- 3. Full-text search (FTS5) over every report's sentence and over article text.
--    External-content tables: the text is stored once, in event_sources and articles; the
--    index holds only terms. No triggers keep them in step — FTS5 in triggers made ingest
--    2–5× slower, flushing its pending terms after every row. Instead each insert batch
--    ends with one INSERT … SELECT of the rows it added (src/store/mod.rs, sync_text_index).
--    Both tables are insert-only and their ids are AUTOINCREMENT (never reused), so a row
--    deleted by another tool leaves an index entry that matches nothing, never a wrong
--    row; `INSERT INTO event_sources_fts(event_sources_fts) VALUES('rebuild')` tidies up.
--    Tokenizer: Porter stemming over unicode61 with remove_diacritics 2, so a search is
--    case- and accent-insensitive and finds English word forms ("shelling" finds
--    "shelled", "drone" finds "drones", "etat" finds "État").
CREATE VIRTUAL TABLE event_sources_fts USING fts5(
  sentence,
  content = 'event_sources', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO event_sources_fts(event_sources_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text,
  content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
