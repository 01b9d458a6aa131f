//! Store tests: one per hard case, named for it.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::store::test_support::{gpkg_validator, require_tool, TempDir};

/// A valid event at (lon, lat) on `date` with GeoNames id 170063 (Aleppo).
pub(crate) fn event(date: &str, lon: f64, lat: f64) -> Event {
    Event {
        id: 0,
        event_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        time_precision: 1,
        event_type: "Battles".into(),
        sub_event_type: "Armed clash".into(),
        cameo_root: "19".into(),
        actor1: Some("Military Forces of Syria (2000-2024)".into()),
        actor2: Some("Hayat Tahrir al-Sham".into()),
        fatalities: 0,
        location: "Aleppo".into(),
        geonameid: Some(170063),
        lon,
        lat,
        country_code: "SY".into(),
        admin1: "09".into(),
        geo_precision: 1,
        source_url: "https://example.org/a".into(),
        title: "Clashes in Aleppo".into(),
        sentence: "Fighting broke out in Aleppo on Tuesday.".into(),
        sentence_start: 0,
        sentence_end: 40,
        type_rule: "trigger:clash".into(),
        date_rule: "weekday".into(),
        place_rule: "pass:exact_admin".into(),
    }
}

pub(crate) fn article(url: &str, text: &str) -> ArticleRecord {
    ArticleRecord {
        url: url.into(),
        title: format!("Title of {url}"),
        published: NaiveDate::from_ymd_opt(2024, 1, 3),
        source_path: format!("fixtures/{}.txt", url.rsplit('/').next().unwrap()),
        text: text.into(),
        content_hash: content_hash(text),
        format: "text".into(),
    }
}

fn mention(start: usize, text: &str) -> MentionRecord {
    MentionRecord {
        start,
        end: start + text.chars().count(),
        text: text.into(),
        geonameid: Some(170063),
        name: "Aleppo".into(),
        lon: Some(37.16117),
        lat: Some(36.20124),
        country_code: "SY".into(),
        admin1: "09".into(),
        feature_code: "PPLA".into(),
        score: 0.93,
        pass: "exact_admin".into(),
        sentence_index: 0,
    }
}

fn new_store(dir: &TempDir) -> Store {
    Store::open(&dir.join("store.sqlite")).unwrap()
}

fn stored(outcome: IngestOutcome) -> (i64, usize, usize, Vec<i64>) {
    match outcome {
        IngestOutcome::Stored {
            article_id,
            events_new,
            events_merged,
            event_ids,
        } => (article_id, events_new, events_merged, event_ids),
        other => panic!("expected Stored, got {other:?}"),
    }
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

#[test]
fn migrations_are_recorded_once_and_reopening_changes_nothing() {
    let dir = TempDir::new("migrate");
    let path = dir.join("nested/dir/store.sqlite");
    let schema = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let ledger = |store: &Store| -> Vec<(i64, String)> {
        let mut stmt = store
            .conn
            .prepare("SELECT version, name FROM conflictmap_migrations ORDER BY version")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };

    let store = Store::open(&path).unwrap();
    let first_schema = schema(&store);
    let every_migration = vec![
        (1, "0001_init".to_string()),
        (2, "0002_rtree_fts_dates".to_string()),
    ];
    assert_eq!(ledger(&store), every_migration);
    let pragma = |name: &str| -> i64 {
        store
            .conn
            .pragma_query_value(None, name, |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        pragma("application_id"),
        0x4750_4B47,
        "application_id 'GPKG'"
    );
    assert_eq!(pragma("user_version"), 10300);
    let journal: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(pragma("foreign_keys"), 1);
    let srs: Vec<(i64, String, i64)> = store
        .conn
        .prepare("SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        srs,
        vec![
            (-1, "NONE".into(), -1),
            (0, "NONE".into(), 0),
            (4326, "EPSG".into(), 4326)
        ]
    );
    drop(store);

    let again = Store::open(&path).unwrap();
    assert_eq!(ledger(&again), every_migration);
    assert_eq!(schema(&again), first_schema);
    drop(again);
    Store::open_read_only(&path).unwrap();
}

#[test]
fn a_store_from_a_newer_conflictmap_is_refused_untouched() {
    let dir = TempDir::new("newer");
    let path = dir.join("store.sqlite");
    let store = Store::open(&path).unwrap();
    store
        .conn
        .execute("INSERT INTO conflictmap_migrations VALUES (7, '0007_future', '2030-01-01T00:00:00.000Z')", [])
        .unwrap();
    drop(store);
    let before = std::fs::read(&path).unwrap();

    for result in [Store::open(&path), Store::open_read_only(&path)] {
        let message = result
            .expect_err("a newer store must be refused")
            .to_string();
        assert_eq!(
            message,
            format!(
                "store {}: was written by a newer conflictmap (schema 7 > {SCHEMA_VERSION}); upgrade conflictmap",
                path.display()
            )
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_byte_identical() {
    let dir = TempDir::new("not-sqlite");
    for (name, bytes) in [
        (
            "notes.sqlite",
            b"These are my notes, not a database.\n".to_vec(),
        ),
        ("short.sqlite", b"SQLite".to_vec()),
        ("binary.sqlite", (0..=255u8).cycle().take(8192).collect()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        for result in [Store::open(&path), Store::open_read_only(&path)] {
            let err = result.expect_err("must be refused");
            assert!(matches!(err, Error::Input { .. }), "{err:?}");
            let message = err.to_string();
            assert!(
                message.contains("not a SQLite database") && message.contains("left untouched"),
                "{message}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
        assert!(!sibling(&path, "-wal").exists() && !sibling(&path, "-shm").exists());
    }
}

#[test]
fn a_sqlite_database_that_is_not_ours_is_refused_untouched() {
    let dir = TempDir::new("foreign");
    let path = dir.join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for result in [Store::open(&path), Store::open_read_only(&path)] {
        let message = result.expect_err("must be refused").to_string();
        assert!(
            message.contains("without a conflictmap_migrations ledger (tables: customers)"),
            "{message}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn opening_a_missing_store_read_only_says_so() {
    let dir = TempDir::new("missing");
    let err = Store::open_read_only(&dir.join("nope.sqlite")).unwrap_err();
    assert!(matches!(err, Error::Input { .. }));
    assert!(err.to_string().contains("no store here"), "{err}");
    assert!(!dir.join("nope.sqlite").exists());
}

#[test]
fn reinserting_the_same_article_adds_nothing() {
    let dir = TempDir::new("dup");
    let mut store = new_store(&dir);
    let a = article(
        "https://example.org/a",
        "Fighting broke out in Aleppo on Tuesday.",
    );
    let events = [event("2024-01-02", 37.16117, 36.20124)];
    let (article_id, new, merged, ids) = stored(
        store
            .insert_article(&a, &[mention(22, "Aleppo")], &events)
            .unwrap(),
    );
    assert_eq!((new, merged, ids.len()), (1, 0, 1));

    // Same text under another URL is still the same article.
    let mut again = a.clone();
    again.url = "https://mirror.example.org/a".into();
    assert_eq!(
        store
            .insert_article(&again, &[mention(22, "Aleppo")], &events)
            .unwrap(),
        IngestOutcome::Duplicate { article_id }
    );
    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(store.event_count().unwrap(), 1);
    assert_eq!(store.mentions_for_article(article_id).unwrap().len(), 1);
    assert_eq!(store.event_sources(ids[0]).unwrap().len(), 1);
}

#[test]
fn records_round_trip() {
    let dir = TempDir::new("roundtrip");
    let mut store = new_store(&dir);
    let a = article(
        "https://example.org/a",
        "Fighting broke out in Aleppo on Tuesday.",
    );
    let mut unresolved = mention(30, "Tuesday");
    (unresolved.geonameid, unresolved.lon, unresolved.lat) = (None, None, None);
    let mentions = [mention(22, "Aleppo"), unresolved];
    let mut e = event("2024-01-02", 37.16117, 36.20124);
    e.actor2 = None;
    e.fatalities = 4;
    let (article_id, _, _, ids) = stored(
        store
            .insert_article(&a, &mentions, std::slice::from_ref(&e))
            .unwrap(),
    );

    assert_eq!(store.article(article_id).unwrap(), Some(a.clone()));
    assert_eq!(store.article(article_id + 1).unwrap(), None);
    assert_eq!(store.mentions_for_article(article_id).unwrap(), mentions);
    let got = store.events(&Filter::default()).unwrap();
    assert_eq!(
        got,
        vec![Event {
            id: ids[0],
            ..e.clone()
        }]
    );
    let sources = store.event_sources(ids[0]).unwrap();
    assert_eq!(
        sources,
        vec![EventSource {
            article_id,
            url: a.url.clone(),
            title: a.title.clone(),
            published: a.published,
            sentence: e.sentence.clone(),
            sentence_start: 0,
            sentence_end: 40,
            fatalities: 4,
            actor1: e.actor1.clone(),
            actor2: None,
        }]
    );
}

#[test]
fn same_place_day_and_type_merge_into_one_event_with_every_source() {
    let dir = TempDir::new("merge");
    let mut store = new_store(&dir);
    let mut first = event("2024-01-02", 37.16117, 36.20124);
    first.fatalities = 12;
    first.source_url = "https://example.org/b".into();
    let mut second = first.clone();
    second.fatalities = 7;
    second.source_url = "https://example.org/c".into();
    second.sentence = "Seven were killed in clashes in Aleppo.".into();
    let mut third = first.clone();
    third.fatalities = 0; // gave no figure
    third.source_url = "https://example.org/d".into();

    let (_, new, merged, ids_b) = stored(
        store
            .insert_article(
                &article("https://example.org/b", "text b"),
                &[],
                &[first.clone()],
            )
            .unwrap(),
    );
    assert_eq!((new, merged), (1, 0));
    let (_, new, merged, ids_c) = stored(
        store
            .insert_article(&article("https://example.org/c", "text c"), &[], &[second])
            .unwrap(),
    );
    assert_eq!((new, merged), (0, 1));
    stored(
        store
            .insert_article(&article("https://example.org/d", "text d"), &[], &[third])
            .unwrap(),
    );
    assert_eq!(ids_b, ids_c);

    let events = store.events(&Filter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].fatalities, 7, "lowest non-zero figure");
    assert_eq!(
        events[0].source_url, "https://example.org/b",
        "representative: first by URL among equals"
    );
    let sources = store.event_sources(events[0].id).unwrap();
    assert_eq!(
        sources.iter().map(|s| s.fatalities).collect::<Vec<_>>(),
        [12, 7, 0]
    );
    assert_eq!(
        sources.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(),
        [
            "https://example.org/b",
            "https://example.org/c",
            "https://example.org/d"
        ]
    );

    // A different day, sub-type or place is a different event.
    let mut other_day = first.clone();
    other_day.event_date = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap();
    let mut other_type = first.clone();
    other_type.sub_event_type = "Armed clash with looting".into();
    let mut other_place = first.clone();
    other_place.geonameid = Some(170654);
    let (_, new, merged, _) = stored(
        store
            .insert_article(
                &article("https://example.org/e", "text e"),
                &[],
                &[other_day, other_type, other_place],
            )
            .unwrap(),
    );
    assert_eq!((new, merged), (3, 0));
}

#[test]
fn places_without_geonames_id_merge_on_rounded_coordinates() {
    let dir = TempDir::new("merge-ll");
    let mut store = new_store(&dir);
    let mut a = event("2024-01-02", 37.161171, 36.201241);
    a.geonameid = None;
    let mut b = a.clone();
    (b.lon, b.lat) = (37.161174, 36.201238); // same to 4 decimals
    let mut c = a.clone();
    c.lon = 37.1620; // ~80 m east: another place
    let (_, new, merged, _) = stored(
        store
            .insert_article(&article("https://example.org/a", "a"), &[], &[a, b, c])
            .unwrap(),
    );
    assert_eq!((new, merged), (2, 1));
}

#[test]
fn the_merged_event_does_not_depend_on_arrival_order() {
    let reports: Vec<Event> = (0..4)
        .map(|i| {
            let mut e = event("2024-01-02", 37.16117 + f64::from(i) * 1e-6, 36.20124);
            e.source_url = format!("https://example.org/{i}");
            e.fatalities = [0, 9, 4, 6][i as usize];
            e.time_precision = [2, 1, 1, 2][i as usize];
            e.actor2 = if i == 2 { None } else { e.actor2 };
            e
        })
        .collect();
    let run = |order: &[usize]| -> Vec<Event> {
        let dir = TempDir::new("order");
        let mut store = new_store(&dir);
        for &i in order {
            let a = article(&reports[i].source_url, &format!("text {i}"));
            store
                .insert_article(&a, &[], std::slice::from_ref(&reports[i]))
                .unwrap();
        }
        store
            .events(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|e| Event { id: 0, ..e })
            .collect()
    };
    let forward = run(&[0, 1, 2, 3]);
    assert_eq!(forward.len(), 1);
    assert_eq!(forward[0].fatalities, 4);
    assert_eq!(
        forward[0].source_url, "https://example.org/1",
        "day precision, both actors named"
    );
    assert_eq!(run(&[3, 2, 1, 0]), forward);
    assert_eq!(run(&[2, 0, 3, 1]), forward);
}

#[test]
fn the_geometry_follows_the_representative_report() {
    let dir = TempDir::new("geom");
    let mut store = new_store(&dir);
    let mut vague = event("2024-01-02", 37.0, 36.0);
    vague.geo_precision = 3;
    let mut precise = vague.clone();
    (precise.lon, precise.lat, precise.geo_precision) = (37.16117, 36.20124, 1);
    store
        .insert_article(&article("https://example.org/a", "a"), &[], &[vague])
        .unwrap();
    store
        .insert_article(&article("https://example.org/b", "b"), &[], &[precise])
        .unwrap();
    let (geom, rtree): (Vec<u8>, (f64, f64)) = store
        .conn
        .query_row("SELECT geom, (SELECT minx FROM rtree_events_geom), (SELECT miny FROM rtree_events_geom) FROM events", [], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })
        .unwrap();
    assert_eq!(geom, point_blob(37.16117, 36.20124));
    assert!(
        (rtree.0 - 37.16117).abs() < 1e-5 && (rtree.1 - 36.20124).abs() < 1e-5,
        "{rtree:?}"
    );
    let extent: (f64, f64, f64, f64) = store
        .conn
        .query_row(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'events'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(extent, (37.0, 36.0, 37.16117, 36.20124));
    // The spatial index followed the update.
    let rtree: String = store
        .conn
        .query_row("SELECT rtreecheck('rtree_events_geom')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rtree, "ok");
}

#[test]
fn an_invalid_event_mid_article_rolls_back_everything() {
    let dir = TempDir::new("rollback");
    let mut store = new_store(&dir);
    store
        .insert_article(
            &article("https://example.org/ok", "ok"),
            &[],
            &[event("2024-01-01", 37.0, 36.0)],
        )
        .unwrap();

    let mut bad = event("2024-01-02", 37.16117, 36.20124);
    bad.time_precision = 9;
    let a = article("https://example.org/bad", "bad");
    let err = store
        .insert_article(
            &a,
            &[mention(0, "Aleppo")],
            &[event("2024-01-05", 38.0, 35.0), bad],
        )
        .expect_err("time_precision 9 must be refused");
    let message = err.to_string();
    assert!(matches!(err, Error::Store { .. }));
    assert!(
        message.contains("https://example.org/bad")
            && message.contains("event 1")
            && message.contains("time_precision 9"),
        "{message}"
    );

    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(store.event_count().unwrap(), 1);
    let mentions: i64 = store
        .conn
        .query_row("SELECT count(*) FROM mentions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mentions, 0);
    // The store is still usable, and the same article can come in once fixed.
    store
        .insert_article(&a, &[], &[event("2024-01-05", 38.0, 35.0)])
        .unwrap();
    assert_eq!(store.article_count().unwrap(), 2);
}

#[test]
fn a_sqlite_failure_mid_article_rolls_back_everything() {
    let dir = TempDir::new("rollback-sql");
    let mut store = new_store(&dir);
    // Force a constraint failure on the second event's source row, after the article,
    // its mentions, the first event and the second event are already written.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER forced_failure BEFORE INSERT ON event_sources WHEN NEW.sentence = 'boom' \
             BEGIN SELECT RAISE(ABORT, 'forced failure'); END;",
        )
        .unwrap();
    let mut boom = event("2024-01-03", 37.16117, 36.20124);
    boom.sentence = "boom".into();
    let err = store
        .insert_article(
            &article("https://example.org/a", "a"),
            &[mention(0, "Aleppo")],
            &[event("2024-01-02", 37.16117, 36.20124), boom],
        )
        .expect_err("the trigger must fail the insert");
    assert!(err.to_string().contains("forced failure"), "{err}");
    assert_eq!(store.article_count().unwrap(), 0);
    assert_eq!(store.event_count().unwrap(), 0);
    let leftovers: i64 = store
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM mentions) + (SELECT count(*) FROM event_sources) \
             + (SELECT count(*) FROM rtree_events_geom) + (SELECT count(*) FROM event_sources_fts) \
             + (SELECT count(*) FROM articles_fts)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0);
}

#[test]
fn a_read_only_store_refuses_writes() {
    let dir = TempDir::new("ro");
    let path = dir.join("store.sqlite");
    drop(Store::open(&path).unwrap());
    let mut store = Store::open_read_only(&path).unwrap();
    let err = store
        .insert_article(&article("https://example.org/a", "a"), &[], &[])
        .unwrap_err();
    assert!(matches!(err, Error::Store { .. }), "{err:?}");
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [lo, hi].
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 / ((1u64 << 53) - 1) as f64)
    }
}

/// Random events: half spread over the globe, half clustered near a few places
/// (including the antimeridian and a pole), each a distinct place.
pub(crate) fn random_events(n: usize, seed: u64) -> Vec<Event> {
    let mut rng = Rng::new(seed);
    let hubs = [
        (37.16, 36.20),
        (179.9, -16.5),
        (-179.8, 65.0),
        (20.0, 89.5),
        (0.0, 0.0),
        (-74.0, 4.6),
    ];
    (0..n)
        .map(|i| {
            let (lon, lat) = if i % 2 == 0 {
                (rng.range(-180.0, 180.0), rng.range(-90.0, 90.0))
            } else {
                let (hlon, hlat) = hubs[i % hubs.len()];
                let lon = hlon + rng.range(-3.0, 3.0);
                let lon = if lon > 180.0 {
                    lon - 360.0
                } else if lon < -180.0 {
                    lon + 360.0
                } else {
                    lon
                };
                (lon, (hlat + rng.range(-3.0, 3.0)).clamp(-90.0, 90.0))
            };
            let day = 1 + (rng.next_u64() % 28) as u32;
            let mut e = event(&format!("2024-02-{day:02}"), lon, lat);
            e.geonameid = Some(i as i64 + 1);
            e.location = format!("Place {i}");
            e
        })
        .collect()
}

#[test]
fn near_and_bbox_filters_equal_a_brute_force_scan() {
    let dir = TempDir::new("spatial");
    let mut store = new_store(&dir);
    let events = random_events(3000, 0x5EED);
    store
        .insert_article(&article("https://example.org/many", "many"), &[], &events)
        .unwrap();
    let all = store.events(&Filter::default()).unwrap();
    assert_eq!(all.len(), 3000);
    let ids = |found: Vec<Event>| -> Vec<i64> { found.into_iter().map(|e| e.id).collect() };

    let mut rng = Rng::new(42);
    let mut centres: Vec<(f64, f64, f64)> = vec![
        (37.16, 36.20, 150.0),
        (179.95, -16.5, 300.0), // across the antimeridian
        (-179.9, 65.0, 250.0),
        (20.0, 89.5, 400.0), // holds the north pole
        (0.0, 0.0, 0.0),
        (0.0, 0.0, 25_000.0), // the whole globe
    ];
    for _ in 0..30 {
        centres.push((
            rng.range(-180.0, 180.0),
            rng.range(-89.0, 89.0),
            rng.range(1.0, 3000.0),
        ));
    }
    let mut hits = Vec::new();
    for (lon, lat, radius_km) in centres {
        let expected: Vec<i64> = all
            .iter()
            .filter(|e| haversine_km((lon, lat), (e.lon, e.lat)) <= radius_km)
            .map(|e| e.id)
            .collect();
        let got = ids(store
            .events(&Filter {
                near: Some((lon, lat, radius_km)),
                ..Filter::default()
            })
            .unwrap());
        assert_eq!(got, expected, "near {lon},{lat} within {radius_km} km");
        hits.push(expected.len());
    }
    assert!(
        hits.iter().filter(|&&n| n > 0 && n < 3000).count() >= 20,
        "too few informative queries: {hits:?}"
    );

    let mut boxes: Vec<[f64; 4]> = vec![
        [34.0, 33.0, 40.0, 38.0],
        [175.0, -20.0, -175.0, -10.0], // across the antimeridian
        [-180.0, -90.0, 180.0, 90.0],
        [10.0, 5.0, 10.0, 5.0],
    ];
    for _ in 0..30 {
        let (a, b) = (rng.range(-180.0, 180.0), rng.range(-180.0, 180.0));
        let (s, n) = (rng.range(-90.0, 90.0), rng.range(-90.0, 90.0));
        boxes.push([a, s.min(n), b, s.max(n)]);
    }
    for [w, s, e, n] in boxes {
        let inside = |ev: &Event| {
            let lon_ok = if w <= e {
                ev.lon >= w && ev.lon <= e
            } else {
                ev.lon >= w || ev.lon <= e
            };
            lon_ok && ev.lat >= s && ev.lat <= n
        };
        let expected: Vec<i64> = all.iter().filter(|ev| inside(ev)).map(|ev| ev.id).collect();
        let got = ids(store
            .events(&Filter {
                bbox: Some([w, s, e, n]),
                ..Filter::default()
            })
            .unwrap());
        assert_eq!(got, expected, "bbox {w},{s},{e},{n}");
        hits.push(expected.len());
    }
    assert!(
        hits.iter().filter(|&&n| n > 0 && n < 3000).count() >= 40,
        "too few informative queries: {hits:?}"
    );
    // Edges are included, even where the R*Tree rounds to f32.
    let edge = &all[17];
    let exact = Filter {
        bbox: Some([edge.lon, edge.lat, edge.lon, edge.lat]),
        ..Filter::default()
    };
    assert_eq!(ids(store.events(&exact).unwrap()), vec![edge.id]);
}

#[test]
fn filters_combine_and_match_case_insensitively() {
    let dir = TempDir::new("filters");
    let mut store = new_store(&dir);
    let mut a = event("2024-01-02", 37.16, 36.20);
    a.actor1 = Some("Forces de l'ÉTAT".into());
    a.actor2 = None;
    let mut b = event("2024-01-05", 36.29, 33.51);
    b.geonameid = Some(170654);
    b.location = "Damascus".into();
    b.event_type = "Protests".into();
    b.sub_event_type = "Peaceful protest".into();
    b.sentence = "Protesters demanded 100% of wages in Damascus.".into();
    let mut c = event("2024-01-09", 44.36, 33.31);
    c.geonameid = Some(98182);
    c.location = "Baghdad".into();
    c.country_code = "IQ".into();
    let mut k = event("2024-01-10", 44.37, 33.32);
    k.geonameid = Some(98183);
    k.actor1 = Some("\u{212A}urdish militia".into()); // Kelvin sign K
    k.country_code = "IQ".into();
    store
        .insert_article(&article("https://example.org/a", "a"), &[], &[a, b, c, k])
        .unwrap();
    let find = |f: Filter| -> Vec<String> {
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| format!("{} {}", e.event_date, e.location))
            .collect()
    };

    assert_eq!(
        find(Filter {
            actor: Some("état".into()),
            ..Filter::default()
        }),
        ["2024-01-02 Aleppo"]
    );
    assert_eq!(
        find(Filter {
            actor: Some("TAHRIR".into()),
            ..Filter::default()
        })
        .len(),
        3
    );
    assert_eq!(
        find(Filter {
            actor: Some("kurdish".into()),
            ..Filter::default()
        }),
        ["2024-01-10 Aleppo"]
    );
    assert_eq!(
        find(Filter {
            text: Some("WAGES damas*".into()),
            ..Filter::default()
        }),
        ["2024-01-05 Damascus"]
    );
    assert_eq!(
        find(Filter {
            country: Some("iq".into()),
            ..Filter::default()
        })
        .len(),
        2
    );
    assert_eq!(
        find(Filter {
            event_type: Some("protests".into()),
            sub_event_type: Some("PEACEFUL PROTEST".into()),
            ..Filter::default()
        }),
        ["2024-01-05 Damascus"]
    );
    let since = NaiveDate::from_ymd_opt(2024, 1, 5);
    let until = NaiveDate::from_ymd_opt(2024, 1, 9);
    assert_eq!(
        find(Filter {
            since,
            until,
            ..Filter::default()
        }),
        ["2024-01-05 Damascus", "2024-01-09 Baghdad"]
    );
    assert_eq!(
        find(Filter {
            since,
            limit: Some(2),
            ..Filter::default()
        }),
        ["2024-01-05 Damascus", "2024-01-09 Baghdad"]
    );
    assert_eq!(
        find(Filter {
            actor: Some("syria".into()),
            limit: Some(1),
            ..Filter::default()
        }),
        ["2024-01-05 Damascus"]
    );
    assert_eq!(
        find(Filter {
            limit: Some(0),
            ..Filter::default()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        find(Filter {
            near: Some((44.36, 33.31, 5.0)),
            country: Some("IQ".into()),
            ..Filter::default()
        }),
        ["2024-01-09 Baghdad", "2024-01-10 Aleppo"]
    );
}

#[test]
fn ogrinfo_reads_the_store_as_a_geopackage_point_layer() {
    if !require_tool(
        "ogrinfo",
        "ogrinfo_reads_the_store_as_a_geopackage_point_layer",
    ) {
        return;
    }
    let dir = TempDir::new("ogrinfo-store");
    let path = dir.join("store.sqlite");
    let mut store = Store::open(&path).unwrap();
    let mut events = random_events(25, 7);
    events[0].lon = 37.1343;
    events[0].lat = 36.2021;
    store
        .insert_article(&article("https://example.org/a", "a"), &[], &events)
        .unwrap();
    drop(store);

    let ogrinfo = |args: &[&str]| -> String {
        let out = std::process::Command::new("ogrinfo")
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "ogrinfo {args:?} failed:\n{text}");
        text
    };
    let p = path.to_str().unwrap();
    let layers = ogrinfo(&["-ro", p]);
    assert!(layers.contains("using driver `GPKG'"), "{layers}");
    assert!(layers.contains("events (Point)"), "{layers}");
    assert!(
        layers.contains("articles (None)") && layers.contains("event_sources (None)"),
        "{layers}"
    );

    let summary = ogrinfo(&["-ro", "-so", p, "events"]);
    assert!(summary.contains("Geometry: Point"), "{summary}");
    assert!(summary.contains("Feature Count: 25"), "{summary}");
    assert!(summary.contains("ID[\"EPSG\",4326]"), "{summary}");

    let first = ogrinfo(&["-ro", "-q", p, "events", "-fid", "1"]);
    assert!(first.contains("POINT (37.1343 36.2021)"), "{first}");
}

#[test]
fn gdal_validate_gpkg_finds_the_store_conformant() {
    let Some(python) = gpkg_validator("gdal_validate_gpkg_finds_the_store_conformant") else {
        return;
    };
    let dir = TempDir::new("validate");
    // The validator insists on the .gpkg extension (Requirement 3); the store does not.
    let path = dir.join("store.gpkg");
    let mut store = Store::open(&path).unwrap();
    let mut a = article(
        "https://example.org/a",
        "Fighting broke out in Aleppo on Tuesday.",
    );
    a.published = None;
    store
        .insert_article(&a, &[mention(22, "Aleppo")], &random_events(50, 11))
        .unwrap();
    drop(store);
    let out = std::process::Command::new(python)
        .args(["-m", "osgeo_utils.samples.validate_gpkg"])
        .arg(&path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.trim().is_empty(),
        "validate_gpkg:\n{text}"
    );
}

#[test]
fn a_batch_is_stored_whole_or_not_at_all() {
    let dir = TempDir::new("batch");
    let mut store = new_store(&dir);
    let (a, b) = (
        article("https://example.org/a", "a"),
        article("https://example.org/b", "b"),
    );
    let copy_of_a = article("https://example.org/a-copy", "a");
    let events = [event("2024-01-02", 37.16117, 36.20124)];
    let outcomes = store
        .insert_articles([
            (&a, &[][..], &events[..]),
            (&b, &[][..], &events[..]),
            (&copy_of_a, &[][..], &events[..]),
        ])
        .unwrap();
    let first = outcomes[0].article_id();
    assert!(
        matches!(
            outcomes[1],
            IngestOutcome::Stored {
                events_merged: 1,
                ..
            }
        ),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes[2],
        IngestOutcome::Duplicate { article_id: first },
        "duplicate within the batch"
    );
    assert_eq!(
        (store.article_count().unwrap(), store.event_count().unwrap()),
        (2, 1)
    );

    let mut bad = event("2024-01-03", 37.16117, 36.20124);
    bad.lat = f64::NAN;
    let (c, d) = (
        article("https://example.org/c", "c"),
        article("https://example.org/d", "d"),
    );
    let err = store
        .insert_articles([
            (&c, &[][..], &events[..]),
            (&d, &[][..], std::slice::from_ref(&bad)),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("https://example.org/d"), "{err}");
    assert_eq!(
        (store.article_count().unwrap(), store.event_count().unwrap()),
        (2, 1)
    );
}
