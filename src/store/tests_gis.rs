//! Tests of schema 2: the upgrade from schema 1, date ranges, full-text search, the newer
//! filters and orders, read-only SQL and subset copies. One per hard case, named for it.

use chrono::NaiveDate;

use super::tests::{article, event, random_events};
use super::*;
use crate::store::test_support::{gpkg_validator, TempDir};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ids(events: Vec<Event>) -> Vec<i64> {
    events.into_iter().map(|e| e.id).collect()
}

/// A store as conflictmap's schema 1 left it: migration 0001 only, rows written the way
/// that version wrote them (its own R*Tree kept by its triggers, no FTS, no date range).
fn schema_1_store(path: &Path) {
    let shown = path.display().to_string();
    let mut conn = connect(
        path,
        &shown,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )
    .unwrap();
    migrate::migrate_to(&mut conn, &shown, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO articles (url, title, published, source_path, format, content_hash, text) VALUES
           ('https://example.org/old', 'Old report', '2013-05-16', 'old.txt', 'text', 'h1',
            'Rebels stormed the central prison in Aleppo on Wednesday.');",
    )
    .unwrap();
    for (i, (date, precision, lon, lat)) in [
        ("2013-05-15", 1, 37.18, 36.256),
        ("2013-05-16", 2, 36.29, 33.51),
        ("2013-05-15", 3, 44.36, 33.31),
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO events (geom, event_date, time_precision, event_type, sub_event_type, cameo_root, \
             actor1, actor2, fatalities, location, geonameid, lon, lat, country_code, admin1, geo_precision, \
             source_url, title, sentence, sentence_start, sentence_end, type_rule, date_rule, place_rule, place_key) \
             VALUES (?1, ?2, ?3, 'Battles', 'Armed clash', '19', 'Rebels', NULL, 3, 'Place', ?4, ?5, ?6, 'SY', '09', 1, \
             'https://example.org/old', 'Old report', 'Rebels stormed the central prison in Aleppo on Wednesday.', \
             0, 58, 'trigger:storm', 'weekday', 'pass:exact', ?7)",
            rusqlite::params![
                &gpkg::point_blob(lon, lat)[..],
                date,
                precision,
                i as i64 + 1,
                lon,
                lat,
                format!("gn:{}", i + 1)
            ],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO event_sources (event_fid, article_id, sentence, sentence_start, sentence_end, \
             fatalities, actor1, actor2, time_precision, geo_precision) \
             VALUES (?1, 1, 'Rebels stormed the central prison in Aleppo on Wednesday.', 0, 58, 3, 'Rebels', NULL, 1, 1)",
            [i as i64 + 1],
        )
        .unwrap();
    }
}

#[test]
fn a_schema_1_store_is_upgraded_in_place_and_keeps_its_data() {
    let dir = TempDir::new("upgrade");
    let path = dir.join("old.gpkg");
    schema_1_store(&path);

    // Reading upgrades it (query, export … open stores this way).
    let store = Store::open_for_reading(&path).unwrap();
    assert_eq!(store.event_count().unwrap(), 3);
    assert_eq!(store.article_count().unwrap(), 1);
    let versions: Vec<i64> = store
        .conn
        .prepare("SELECT version FROM conflictmap_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(versions, [1, 2]);
    let old_index: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'events_rtree%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        old_index, 0,
        "0001's private R*Tree and its triggers are gone"
    );

    // The new indexes hold the old rows.
    let near_prison = Filter {
        near: Some((37.18, 36.256, 1.0)),
        ..Filter::default()
    };
    assert_eq!(ids(store.events(&near_prison).unwrap()), [1]);
    let stormed = Filter {
        text: Some("prison stormed".into()),
        ..Filter::default()
    };
    assert_eq!(
        ids(store.events(&stormed).unwrap()),
        [1, 3, 2],
        "by date, then id"
    );
    let articles_hit: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'aleppo'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(articles_hit, 1);
    let ranges: Vec<(String, String)> = store
        .conn
        .prepare("SELECT date_start, date_end FROM events ORDER BY fid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        ranges,
        [
            ("2013-05-15".into(), "2013-05-15".into()),
            ("2013-05-13".into(), "2013-05-19".into()),
            ("2013-05-01".into(), "2013-05-31".into())
        ]
    );
    drop(store);

    // And it is writable as a schema-2 store: a merge into an old event follows every index.
    let mut store = Store::open(&path).unwrap();
    let mut report = event("2013-05-15", 37.18, 36.256);
    report.geonameid = Some(1);
    report.event_type = "Battles".into();
    report.sub_event_type = "Armed clash".into();
    report.sentence = "Gunfire was heard near the prison gates.".into();
    store
        .insert_article(
            &article("https://example.org/new", "new text"),
            &[],
            &[report],
        )
        .unwrap();
    assert_eq!(store.event_count().unwrap(), 3);
    let gunfire = Filter {
        text: Some("gunfire".into()),
        ..Filter::default()
    };
    assert_eq!(ids(store.events(&gunfire).unwrap()), [1]);
    let check: String = store
        .conn
        .query_row("SELECT rtreecheck('rtree_events_geom')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn gdal_validate_gpkg_accepts_an_upgraded_store() {
    let Some(python) = gpkg_validator("gdal_validate_gpkg_accepts_an_upgraded_store") else {
        return;
    };
    let dir = TempDir::new("upgrade-validate");
    let path = dir.join("old.gpkg");
    schema_1_store(&path);
    drop(Store::open(&path).unwrap());
    let out = std::process::Command::new(python)
        .args(["-m", "osgeo_utils.samples.validate_gpkg"])
        .arg(&path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.trim().is_empty(),
        "validate_gpkg:\n{text}"
    );
}

#[test]
fn date_ranges_in_rust_equal_the_migrations_sql() {
    let conn = Connection::open_in_memory().unwrap();
    let sql = include_str!("../../migrations/0002_rtree_fts_dates.sql");
    // The two CASE expressions of the backfill, run on a one-row table.
    let update = &sql[sql.find("UPDATE events SET").unwrap()..];
    let update = &update[..update.find(';').unwrap() + 1];
    conn.execute_batch(
        "CREATE TABLE events (event_date TEXT, time_precision INTEGER, date_start TEXT, date_end TEXT)",
    )
    .unwrap();
    let mut day = d("2023-12-20");
    while day < d("2025-03-10") {
        for precision in 1..=3u8 {
            conn.execute_batch("DELETE FROM events").unwrap();
            conn.execute(
                "INSERT INTO events (event_date, time_precision) VALUES (?1, ?2)",
                (day.format("%Y-%m-%d").to_string(), precision),
            )
            .unwrap();
            conn.execute_batch(update).unwrap();
            let (start, end): (String, String) = conn
                .query_row("SELECT date_start, date_end FROM events", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap();
            let (s, e) = date_range(day, precision);
            assert_eq!(
                (d(&start), d(&end)),
                (s, e),
                "{day} with precision {precision}"
            );
            assert!(s <= day && day <= e);
        }
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn text_search_covers_every_report_of_a_merged_event() {
    let dir = TempDir::new("fts");
    let mut store = Store::open(&dir.join("s.gpkg")).unwrap();
    let mut first = event("2024-01-02", 37.16, 36.20);
    first.sentence = "Shelling hit the old city of Aleppo.".into();
    let mut second = first.clone();
    second.sentence = "Residents said a mortar struck the Umayyad Mosque.".into();
    let mut other = event("2024-01-03", 36.29, 33.51);
    other.geonameid = Some(170654);
    other.sentence = "L'armée a bombardé la périphérie de Damas.".into();
    let (a, b, c) = (
        article("https://news.example.org/a", "a"),
        article("https://wire.example.com/b", "b"),
        article("https://wire.example.com/c", "c"),
    );
    store
        .insert_articles([
            (&a, &[][..], std::slice::from_ref(&first)),
            (&b, &[][..], std::slice::from_ref(&second)),
            (&c, &[][..], std::slice::from_ref(&other)),
        ])
        .unwrap();
    let text = |q: &str| -> Vec<String> {
        store
            .events(&Filter {
                text: Some(q.into()),
                ..Filter::default()
            })
            .unwrap()
            .into_iter()
            .map(|e| e.event_date.to_string())
            .collect()
    };
    assert_eq!(
        text("mortar"),
        ["2024-01-02"],
        "the second report's sentence"
    );
    assert_eq!(text("SHELLING"), ["2024-01-02"]);
    assert_eq!(text("shelled"), ["2024-01-02"], "English stemming");
    assert_eq!(text("armee bombarde"), ["2024-01-03"], "accents fold");
    assert_eq!(text("\"umayyad mosque\""), ["2024-01-02"]);
    assert_eq!(text("mosq*"), ["2024-01-02"]);
    assert_eq!(text("aleppo OR damas"), ["2024-01-02", "2024-01-03"]);
    assert_eq!(
        text("aleppo NOT shelling"),
        Vec::<String>::new(),
        "a query matches one report's sentence, not words spread over several"
    );
    assert!(text("tanks").is_empty());

    let err = store
        .events(&Filter {
            text: Some("al-Bab (".into()),
            ..Filter::default()
        })
        .unwrap_err();
    assert_eq!(err.exit_code(), 2, "a user's input error: {err}");
    let message = err.to_string();
    assert!(
        message.starts_with("--text: \"al-Bab (\" is not a full-text query"),
        "{message}"
    );
    assert!(message.contains("hint: "), "{message}");

    // Every report is indexed once, by the batch's one INSERT … SELECT.
    let (indexed, reports): (i64, i64) = store
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM event_sources_fts_docsize), (SELECT count(*) FROM event_sources)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((indexed, reports), (3, 3));
    let integrity: rusqlite::Result<usize> = store.conn.execute(
        "INSERT INTO event_sources_fts(event_sources_fts) VALUES ('integrity-check')",
        [],
    );
    assert!(integrity.is_ok(), "{integrity:?}");
}

#[test]
fn admin1_precision_source_and_order_filters() {
    let dir = TempDir::new("filters2");
    let mut store = Store::open(&dir.join("s.gpkg")).unwrap();
    let mut aleppo = event("2024-01-02", 37.16, 36.20);
    aleppo.fatalities = 4;
    let mut idlib = event("2024-01-03", 36.63, 35.93);
    idlib.geonameid = Some(169389);
    idlib.admin1 = "10".into();
    idlib.geo_precision = 2;
    idlib.fatalities = 11;
    let mut mosul = event("2024-01-01", 43.13, 36.34);
    mosul.geonameid = Some(99072);
    mosul.country_code = "IQ".into();
    mosul.admin1 = "09".into();
    mosul.geo_precision = 3;
    store
        .insert_articles([
            (
                &article("https://a.example.org/1", "1"),
                &[][..],
                std::slice::from_ref(&aleppo),
            ),
            (
                &article("https://b.example.com/2", "2"),
                &[][..],
                std::slice::from_ref(&idlib),
            ),
            (
                &article("https://B.EXAMPLE.com/3", "3"),
                &[][..],
                std::slice::from_ref(&mosul),
            ),
        ])
        .unwrap();
    let find = |f: Filter| -> Vec<String> {
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| format!("{} {}", e.country_code, e.admin1))
            .collect()
    };
    assert_eq!(
        find(Filter {
            admin1: Some(" 09 ".into()),
            ..Filter::default()
        }),
        ["IQ 09", "SY 09"],
        "in every country unless --country says"
    );
    assert_eq!(
        find(Filter {
            admin1: Some("09".into()),
            country: Some("SY".into()),
            ..Filter::default()
        }),
        ["SY 09"]
    );
    assert_eq!(
        find(Filter {
            min_precision: Some(1),
            ..Filter::default()
        }),
        ["SY 09"]
    );
    assert_eq!(
        find(Filter {
            min_precision: Some(2),
            ..Filter::default()
        }),
        ["SY 09", "SY 10"]
    );
    assert_eq!(
        find(Filter {
            min_precision: Some(3),
            ..Filter::default()
        })
        .len(),
        3
    );
    assert!(Filter {
        min_precision: Some(4),
        ..Filter::default()
    }
    .to_query()
    .is_err());
    assert_eq!(
        find(Filter {
            source: Some("b.example.COM".into()),
            ..Filter::default()
        }),
        ["IQ 09", "SY 10"],
        "ASCII case-insensitive"
    );
    assert_eq!(
        find(Filter {
            source: Some("example.org/1".into()),
            ..Filter::default()
        }),
        ["SY 09"]
    );
    assert!(
        find(Filter {
            source: Some("%".into()),
            ..Filter::default()
        })
        .is_empty(),
        "wildcards are literal"
    );

    let order = |o: &str, near: Option<(f64, f64, f64)>, limit: Option<usize>| -> Vec<String> {
        find(Filter {
            order: o.parse().unwrap(),
            near,
            limit,
            ..Filter::default()
        })
    };
    assert_eq!(order("date", None, None), ["IQ 09", "SY 09", "SY 10"]);
    assert_eq!(order("-date", None, None), ["SY 10", "SY 09", "IQ 09"]);
    assert_eq!(order("-fatalities", None, Some(2)), ["SY 10", "SY 09"]);
    assert_eq!(
        order("country,-id", None, None),
        ["IQ 09", "SY 10", "SY 09"]
    );
    assert_eq!(
        order("distance", Some((43.0, 36.0, 2000.0)), None),
        ["IQ 09", "SY 09", "SY 10"],
        "nearest to Mosul first: Mosul, then Aleppo (525 km), then Idlib (573 km)"
    );
    let no_point = Filter {
        order: "-distance".parse().unwrap(),
        ..Filter::default()
    };
    assert!(no_point
        .to_query()
        .err()
        .unwrap()
        .to_string()
        .contains("add --near"));
    let bad = "date,size".parse::<Order>().unwrap_err().to_string();
    assert!(bad.contains("--order") && bad.contains("\"size\""), "{bad}");
}

#[test]
fn sql_reads_and_refuses_every_kind_of_write_leaving_the_file_unchanged() {
    let dir = TempDir::new("sql");
    let path = dir.join("s.gpkg");
    let mut store = Store::open(&path).unwrap();
    store
        .insert_article(
            &article("https://example.org/a", "a"),
            &[],
            &random_events(20, 3),
        )
        .unwrap();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();

    let mut header = Vec::new();
    let mut rows = Vec::new();
    let n = store
        .sql(
            "SELECT fid, lon, location, NULL AS missing, ST_MinX(geom) = lon AS same, \
             round(haversine_km(0, 0, 1, 0), 3) AS km FROM events ORDER BY fid LIMIT 2",
            |out| {
                match out {
                    SqlOutput::Columns(c) => header = c.to_vec(),
                    SqlOutput::Row(r) => rows.push(r.to_vec()),
                }
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(header, ["fid", "lon", "location", "missing", "same", "km"]);
    assert_eq!(rows[0][0], SqlValue::Integer(1));
    assert!(matches!(rows[0][1], SqlValue::Real(_)));
    assert_eq!(rows[0][2], SqlValue::Text("Place 0".into()));
    assert_eq!(rows[0][3], SqlValue::Null);
    assert_eq!(rows[0][4], SqlValue::Integer(1));
    assert_eq!(rows[0][5], SqlValue::Real(111.195));

    for write in [
        "DELETE FROM events",
        "UPDATE events SET fatalities = 1",
        "INSERT INTO articles (url) VALUES ('x')",
        "DROP TABLE events",
        "CREATE TABLE t (x)",
        "PRAGMA user_version = 1",
        "PRAGMA journal_mode = DELETE",
        "VACUUM",
        "REINDEX",
        "WITH x AS (SELECT 1) DELETE FROM events",
        "VACUUM INTO 'copy.db'",
        "attach 'new.db' AS x",
    ] {
        let err = store.sql(write, |_| Ok(())).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{write}: {err}");
        assert!(err.to_string().contains("refused"), "{write}: {err}");
    }
    let two = store
        .sql("SELECT 1; DELETE FROM events", |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert!(two.contains("more than one statement"), "{two}");
    let typo = store
        .sql("SELECT * FROM event", |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert!(
        typo.contains("no such table: event") && typo.contains("hint: tables: events"),
        "{typo}"
    );
    let empty = store.sql("  ;", |_| Ok(())).unwrap_err();
    assert_eq!(empty.exit_code(), 2);
    drop(store);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the store is byte-identical"
    );
}

#[test]
fn a_subset_copy_is_a_store_of_its_own_with_the_sources_of_its_events() {
    let dir = TempDir::new("copy");
    let path = dir.join("s.gpkg");
    let mut store = Store::open(&path).unwrap();
    let events = random_events(200, 9);
    store
        .insert_article(&article("https://example.org/a", "a"), &[], &events[..120])
        .unwrap();
    store
        .insert_article(
            &article("https://example.org/b", "other"),
            &[],
            &events[120..],
        )
        .unwrap();
    drop(store);
    let store = Store::open_for_reading(&path).unwrap();
    let filter = Filter {
        bbox: Some([-80.0, 0.0, -68.0, 10.0]),
        ..Filter::default()
    };
    let wanted = store.events(&filter).unwrap();
    assert!(wanted.len() > 10 && wanted.len() < 200, "{}", wanted.len());
    let copy_path = dir.join("subset.gpkg");
    assert_eq!(
        store.copy_events(&filter, &copy_path).unwrap(),
        wanted.len() as u64
    );
    assert!(
        store.copy_events(&filter, &copy_path).is_err(),
        "never over an existing file"
    );

    let copy = Store::open_read_only(&copy_path).unwrap();
    assert_eq!(
        copy.events(&Filter::default()).unwrap(),
        wanted,
        "same events, same ids"
    );
    assert_eq!(
        copy.article_count().unwrap(),
        2,
        "the articles of the copied events"
    );
    assert_eq!(copy.event_sources(wanted[0].id).unwrap().len(), 1);
    let near = Filter {
        near: Some((-74.0, 4.6, 200.0)),
        ..Filter::default()
    };
    assert!(!copy.events(&near).unwrap().is_empty());
    assert_eq!(copy.events(&near).unwrap(), store.events(&near).unwrap());
    let journal: String = copy
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete", "one self-contained file");
    assert!(!sibling_exists(&copy_path, "-wal"));
    let extent: (f64, f64, f64, f64) = copy
        .conn
        .query_row(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'events'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let min_lon = wanted.iter().map(|e| e.lon).fold(f64::INFINITY, f64::min);
    assert_eq!(extent.0, min_lon);
}

fn sibling_exists(path: &Path, suffix: &str) -> bool {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    Path::new(&name).exists()
}

#[test]
fn area_queries_sorted_in_rust_come_out_as_sql_orders_them() {
    let dir = TempDir::new("rust-sort");
    let mut store = Store::open(&dir.join("s.gpkg")).unwrap();
    let mut events = random_events(1500, 21);
    for (i, e) in events.iter_mut().enumerate() {
        e.fatalities = (i % 7) as u32;
        e.country_code = ["SY", "IQ", "UA"][i % 3].into();
        e.location = format!("Place {}", i % 40);
        if i % 5 == 0 {
            e.event_type = "Protests".into();
            e.sub_event_type = "Peaceful protest".into();
        }
    }
    store
        .insert_article(&article("https://example.org/a", "a"), &[], &events)
        .unwrap();
    type Area = (Option<[f64; 4]>, Option<(f64, f64, f64)>);
    let areas: [Area; 4] = [
        (None, Some((-74.0, 4.6, 60.0))),  // a few events: sorted in Rust
        (None, Some((-74.0, 4.6, 400.0))), // more than RUST_SORT_MAX (in tests): SQLite sorts
        (Some([175.0, -20.0, -175.0, -10.0]), None),
        (Some([-80.0, 0.0, -70.0, 8.0]), Some((-74.0, 4.6, 300.0))),
    ];
    let orders = [
        "date",
        "-date",
        "fatalities",
        "-fatalities,date",
        "id",
        "-id",
        "country,-fatalities",
        "type",
        "-type,location",
        "location",
        "distance",
        "-distance,date",
    ];
    let mut small = 0;
    for (bbox, near) in areas {
        for order in orders {
            if order.contains("distance") && near.is_none() {
                continue;
            }
            let filter = Filter {
                bbox,
                near,
                order: order.parse().unwrap(),
                ..Filter::default()
            };
            let in_rust = store.events(&filter).unwrap();
            let by_sql = store
                .events(&Filter {
                    limit: Some(usize::MAX >> 1),
                    ..filter.clone()
                })
                .unwrap();
            assert!(!in_rust.is_empty(), "{bbox:?} {near:?}");
            assert_eq!(
                ids(in_rust.clone()),
                ids(by_sql),
                "{order} for {bbox:?} {near:?}"
            );
            small += usize::from(in_rust.len() < 50);
        }
    }
    assert!(
        small >= 10,
        "the in-memory path was exercised {small} times"
    );
}
