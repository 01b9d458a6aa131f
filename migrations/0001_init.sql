-- 0001_init: the conflictmap store, an OGC GeoPackage 1.4 from the first migration.
--
-- Never edit this file once it has landed: add 0002_… instead.
-- The runner (src/store/migrate.rs) applies it in one transaction, then sets
-- PRAGMA application_id = 0x47504B47 ('GPKG') and PRAGMA user_version = 10400, and
-- records it in the ledger table conflictmap_migrations (user_version belongs to
-- GeoPackage, so our own schema version lives in the ledger).
--
-- Dates are GeoPackage DATE text 'YYYY-MM-DD'; timestamps are GeoPackage DATETIME text
-- 'YYYY-MM-DDTHH:MM:SS.SSSZ' (UTC). Coordinates are WGS 84 degrees, lon/lat (EPSG:4326).

-- GeoPackage core tables (OGC 12-128r19, Annex C), verbatim.
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  description TEXT
);

-- The three rows the specification requires (Requirement 11).
INSERT INTO gpkg_spatial_ref_sys VALUES (
  'WGS 84 geodetic', 4326, 'EPSG', 4326,
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
  'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
INSERT INTO gpkg_spatial_ref_sys VALUES (
  'Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
  'undefined cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES (
  'Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
  'undefined geographic coordinate reference system');

CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);

CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

-- Empty for now: later migrations register extensions here.
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);

-- Articles: one row per distinct text (content_hash = hex SHA-256 of text).
CREATE TABLE articles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  published DATE,
  source_path TEXT NOT NULL,
  format TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  ingested_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

-- Place mentions found in an article, with the resolver's decision.
-- start/end are Unicode scalar offsets into articles.text.
CREATE TABLE mentions (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  geonameid INTEGER,
  name TEXT NOT NULL,
  lon REAL CHECK (lon BETWEEN -180 AND 180),
  lat REAL CHECK (lat BETWEEN -90 AND 90),
  country_code TEXT NOT NULL,
  admin1 TEXT NOT NULL,
  feature_code TEXT NOT NULL,
  score REAL NOT NULL,
  pass TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  CHECK (start <= end)
);
CREATE INDEX mentions_article ON mentions(article_id);

-- Events: the GeoPackage feature table. One row per place, day and type; every report of
-- it is in event_sources. The row's text fields come from its representative report
-- (see src/store/merge.rs). geom is GeoPackage binary (GP header, WKB point, EPSG:4326)
-- and always agrees with lon/lat.
-- place_key is 'gn:<geonameid>', or 'll:<lon>,<lat>' rounded to 4 decimals when the place
-- has no GeoNames id; with the date and type it is the merge key.
CREATE TABLE events (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom POINT NOT NULL,
  event_date DATE NOT NULL
    CHECK (event_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  time_precision INTEGER NOT NULL CHECK (time_precision BETWEEN 1 AND 3),
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  cameo_root TEXT NOT NULL,
  actor1 TEXT,
  actor2 TEXT,
  fatalities INTEGER NOT NULL CHECK (fatalities >= 0),
  location TEXT NOT NULL,
  geonameid INTEGER,
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  country_code TEXT NOT NULL,
  admin1 TEXT NOT NULL,
  geo_precision INTEGER NOT NULL CHECK (geo_precision BETWEEN 1 AND 3),
  source_url TEXT NOT NULL,
  title TEXT NOT NULL,
  sentence TEXT NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  type_rule TEXT NOT NULL,
  date_rule TEXT NOT NULL,
  place_rule TEXT NOT NULL,
  place_key TEXT NOT NULL,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  CONSTRAINT events_merge_key UNIQUE (event_date, event_type, sub_event_type, place_key)
);
CREATE INDEX events_country_date ON events(country_code, event_date);

-- Every report of an event: which article, which sentence, what figure it gave.
CREATE TABLE event_sources (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  event_fid INTEGER NOT NULL REFERENCES events(fid) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  sentence TEXT NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  fatalities INTEGER NOT NULL CHECK (fatalities >= 0),
  actor1 TEXT,
  actor2 TEXT,
  time_precision INTEGER NOT NULL,
  geo_precision INTEGER NOT NULL
);
CREATE INDEX event_sources_event ON event_sources(event_fid);
CREATE INDEX event_sources_article ON event_sources(article_id);

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('events', 'features', 'events',
   'Conflict events coded from news, one per place, day and type (ACLED-style)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('events', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
  ('articles', 'attributes', 'articles', 'News articles ingested, one per distinct text'),
  ('mentions', 'attributes', 'mentions', 'Place mentions found in articles and how they were resolved'),
  ('event_sources', 'attributes', 'event_sources', 'Every report (article and sentence) of each event');

-- Spatial index on events.lon/lat for bbox and radius queries. It is ours, not the
-- GeoPackage gpkg_rtree_index extension: that one's triggers call ST_* SQL functions
-- that a plain SQLite connection does not have. Points are stored as degenerate boxes.
CREATE VIRTUAL TABLE events_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER events_rtree_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_rtree VALUES (NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat);
END;
CREATE TRIGGER events_rtree_update AFTER UPDATE OF fid, lon, lat ON events BEGIN
  DELETE FROM events_rtree WHERE id = OLD.fid;
  INSERT INTO events_rtree VALUES (NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat);
END;
CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_rtree WHERE id = OLD.fid;
END;

-- No full-text index yet: FTS5 kept in step by triggers made ingest 2-5x slower (each
-- trigger statement flushes FTS5's pending terms). Add it in a later migration, filled
-- with FTS5's 'rebuild' command.
