//! Store benchmark: ingest cost of the full-text index, then a 1,000,000-event store —
//! GeoJSON export by conflictmap vs `ogr2ogr -f GeoJSON` from the same store, a radius
//! query returning about 1 % of events, and the store's size per event.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-store cargo build --release
//! CARGO_TARGET_DIR=/work/target-store cargo run --release --example store_bench -- [DIR [EVENTS]]
//! ```
//! DIR (default: a new folder in the temp dir, removed at the end) holds the stores and
//! exports, about 5 GB for a million events; give each concurrent run its own.
//! Figures go to stdout. The `conflictmap` binary next to the example's folder
//! (target/release/conflictmap) is timed too when it exists; ogr2ogr when GDAL is there.
//! A benchmark, not a test: nothing here asserts a time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use conflictmap::events::Event;
use conflictmap::export::{Format, Writer};
use conflictmap::store::{content_hash, ArticleRecord, Filter, Store, EARTH_RADIUS_KM};
use rusqlite::Connection;

/// Events in the big store, unless the second argument says otherwise.
const EVENTS: usize = 1_000_000;
const EVENTS_PER_ARTICLE: usize = 4;
const ARTICLES_PER_BATCH: usize = 2_500;
/// Aleppo (GeoNames 170063); 1 % of the events lie within RADIUS_KM of it, none else.
const CENTRE: (f64, f64) = (37.16117, 36.20124);
const RADIUS_KM: f64 = 25.0;

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

fn destination((lon, lat): (f64, f64), bearing: f64, km: f64) -> (f64, f64) {
    let d = km / EARTH_RADIUS_KM;
    let (p1, l1) = (lat.to_radians(), lon.to_radians());
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * bearing.cos()).asin();
    let l2 = l1 + (bearing.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    (
        (l2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0,
        p2.to_degrees(),
    )
}

const TYPES: [(&str, &str, &str); 6] = [
    ("Battles", "Armed clash", "clashed with"),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "shelled positions of",
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        "launched drones against",
    ),
    (
        "Violence against civilians",
        "Attack",
        "attacked civilians near",
    ),
    ("Protests", "Peaceful protest", "marched against"),
    ("Riots", "Violent demonstration", "rioted against"),
];
const ACTORS: [&str; 6] = [
    "Military Forces of Syria (2000-2024)",
    "Hayat Tahrir al-Sham",
    "Rapid Support Forces",
    "Military Forces of Russia (2000-)",
    "Islamic State (Iraq)",
    "Protesters (Iraq)",
];
const FILLER: &str = "Residents described heavy gunfire through the night and said several homes were \
     damaged. Local officials could not confirm the number of casualties, and communications in the \
     area remained cut. Aid groups warned that fighting had displaced families towards nearby villages, \
     where shelters were already full. Independent verification was not possible. ";

/// One article of `EVENTS_PER_ARTICLE` events, numbered from `first`.
fn article(n: usize, rng: &mut Rng) -> (ArticleRecord, Vec<Event>) {
    let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let published = start + Days::new(rng.next_u64() % 2_500);
    let mut sentences = Vec::new();
    let events = (0..EVENTS_PER_ARTICLE)
        .map(|k| {
            let i = n * EVENTS_PER_ARTICLE + k;
            // 1 % within RADIUS_KM of Aleppo; the rest clustered 60-3000 km away or anywhere.
            let (lon, lat) = if i % 100 == 0 {
                destination(
                    CENTRE,
                    rng.range(0.0, std::f64::consts::TAU),
                    RADIUS_KM * rng.unit().sqrt(),
                )
            } else if i % 2 == 0 {
                destination(
                    CENTRE,
                    rng.range(0.0, std::f64::consts::TAU),
                    rng.range(60.0, 3_000.0),
                )
            } else {
                (rng.range(-180.0, 180.0), rng.range(-85.0, 85.0))
            };
            let (event_type, sub_event_type, verb) = TYPES[i % TYPES.len()];
            let actor1 = rng.pick(&ACTORS);
            let place = format!("Village {i}");
            let sentence = format!(
                "On Tuesday {actor1} {verb} {place}, killing {} people, witnesses said.",
                i % 9
            );
            sentences.push(sentence.clone());
            Event {
                id: 0,
                event_date: published - Days::new(1 + (i % 3) as u64),
                time_precision: 1,
                event_type: event_type.into(),
                sub_event_type: sub_event_type.into(),
                cameo_root: "19".into(),
                actor1: Some(actor1.into()),
                actor2: (i % 3 == 0).then(|| "Civilians (Syria)".to_string()),
                fatalities: (i % 9) as u32,
                location: place,
                geonameid: Some(i as i64 + 1),
                lon,
                lat,
                country_code: "SY".into(),
                admin1: "Aleppo".into(),
                geo_precision: 1 + (i % 3) as u8,
                source_url: format!("https://news{}.example.org/{n}", n % 40),
                title: format!("Report {n}"),
                sentence,
                sentence_start: 0,
                sentence_end: 80,
                type_rule: "trigger:bench".into(),
                date_rule: "weekday".into(),
                place_rule: "pass:bench".into(),
            }
        })
        .collect();
    let text = format!("{} {FILLER}{n}", sentences.join(" "));
    let record = ArticleRecord {
        url: format!("https://news{}.example.org/{n}", n % 40),
        title: format!("Report {n}"),
        published: Some(published),
        source_path: "bench".into(),
        content_hash: content_hash(&text),
        text,
        format: "text".into(),
    };
    (record, events)
}

/// Ingest `articles` articles in batches into the store at `path`; returns the time.
fn ingest(path: &Path, articles: usize, seed: u64) -> Duration {
    let mut rng = Rng(seed);
    let mut store = Store::open(path).unwrap();
    let started = Instant::now();
    let mut n = 0;
    while n < articles {
        let batch: Vec<(ArticleRecord, Vec<Event>)> = (n..(n + ARTICLES_PER_BATCH).min(articles))
            .map(|i| article(i, &mut rng))
            .collect();
        store
            .insert_articles(batch.iter().map(|(a, e)| (a, &[][..], e.as_slice())))
            .unwrap();
        n += batch.len();
    }
    started.elapsed()
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn fresh(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(&name);
    }
}

/// How much the full-text index costs ingest: the same 100,000 events with the index
/// filled per batch (what the store does), with no index, and with FTS5 triggers.
fn fts_cost(dir: &Path) {
    let articles = 25_000;
    let variants: [(&str, &str); 3] = [
        ("FTS5 filled once per batch (the store)", ""),
        (
            "no full-text index",
            "DROP TABLE event_sources_fts; DROP TABLE articles_fts;
             CREATE TABLE event_sources_fts (sentence); CREATE TABLE articles_fts (title, text);",
        ),
        (
            "FTS5 kept by triggers (row by row)",
            "DROP TABLE event_sources_fts; DROP TABLE articles_fts;
             CREATE TABLE event_sources_fts (sentence); CREATE TABLE articles_fts (title, text);
             CREATE VIRTUAL TABLE t_sources USING fts5(sentence, content='event_sources', content_rowid='id',
               tokenize='porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE t_articles USING fts5(title, text, content='articles', content_rowid='id',
               tokenize='porter unicode61 remove_diacritics 2');
             CREATE TRIGGER t_sources_ai AFTER INSERT ON event_sources BEGIN
               INSERT INTO t_sources(rowid, sentence) VALUES (new.id, new.sentence); END;
             CREATE TRIGGER t_articles_ai AFTER INSERT ON articles BEGIN
               INSERT INTO t_articles(rowid, title, text) VALUES (new.id, new.title, new.text); END;",
        ),
    ];
    println!(
        "ingest of {} events ({articles} articles, batches of {ARTICLES_PER_BATCH}):",
        articles * EVENTS_PER_ARTICLE
    );
    let mut baseline = None;
    for (name, ddl) in variants {
        let path = dir.join("fts-cost.gpkg");
        fresh(&path);
        drop(Store::open(&path).unwrap());
        if !ddl.is_empty() {
            // The scratch store is changed behind the library's back, for this measurement only.
            Connection::open(&path).unwrap().execute_batch(ddl).unwrap();
        }
        let took = ingest(&path, articles, 42);
        let base = *baseline.get_or_insert(took);
        println!(
            "  {name:<40} {:>7.2} s  {:>8.0} events/s  ({:.2}x the first)",
            took.as_secs_f64(),
            (articles * EVENTS_PER_ARTICLE) as f64 / took.as_secs_f64(),
            took.as_secs_f64() / base.as_secs_f64()
        );
        fresh(&path);
    }
}

fn main() {
    // A folder of its own unless one is given: two runs sharing a folder delete each
    // other's stores mid-run.
    let given = std::env::args().nth(1);
    let dir = given.as_ref().map(PathBuf::from).unwrap_or_else(|| {
        std::env::temp_dir().join(format!("conflictmap-store-bench-{}", std::process::id()))
    });
    let events: usize = std::env::args()
        .nth(2)
        .map(|n| n.parse().expect("EVENTS is a number"))
        .unwrap_or(EVENTS);
    std::fs::create_dir_all(&dir).unwrap();
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("conflictmap")))
        .filter(|p| p.exists());

    fts_cost(&dir);

    // The million-event store.
    let db = dir.join("bench.gpkg");
    fresh(&db);
    let articles = events / EVENTS_PER_ARTICLE;
    let took = ingest(&db, articles, 7);
    println!(
        "\nbuilt {events} events from {articles} articles in {:.1} s ({:.0} events/s)",
        took.as_secs_f64(),
        events as f64 / took.as_secs_f64()
    );
    let size = file_size(&db);
    println!(
        "store: {:.1} MB, {:.0} bytes per event (articles' full text included); by table:",
        size as f64 / 1e6,
        size as f64 / events as f64
    );
    let conn = Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT CASE WHEN name LIKE 'articles%' THEN 'articles + articles_fts' \
             WHEN name LIKE 'event_sources%' THEN 'event_sources + event_sources_fts' \
             WHEN name LIKE 'rtree_%' THEN 'rtree_events_geom' \
             WHEN name IN ('events', 'events_date', 'events_country_date') OR name LIKE 'sqlite_autoindex_events%' THEN 'events + indexes' \
             ELSE 'other' END AS part, sum(pgsize) FROM dbstat GROUP BY part ORDER BY 2 DESC",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap();
    for row in rows {
        let (part, bytes) = row.unwrap();
        println!(
            "  {part:<36} {:>8.1} MB  {:>5.0} B/event",
            bytes as f64 / 1e6,
            bytes as f64 / events as f64
        );
    }
    drop(stmt);
    drop(conn);

    // GeoJSON export: conflictmap (library, as `export` does it; and the binary) vs ogr2ogr.
    let ours = dir.join("ours.geojson");
    let _ = std::fs::remove_file(&ours);
    let started = Instant::now();
    {
        let store = Store::open_for_reading(&db).unwrap();
        let mut file = std::io::BufWriter::new(std::fs::File::create(&ours).unwrap());
        let mut writer = Writer::new(Format::GeoJson, &mut file).unwrap();
        store
            .each_event(&Filter::default(), |e| writer.write(&e))
            .unwrap();
        writer.finish().unwrap();
    }
    let library = started.elapsed();
    println!(
        "\nGeoJSON export of {events} events ({:.0} MB):\n  conflictmap (library)        {:>6.2} s",
        file_size(&ours) as f64 / 1e6,
        library.as_secs_f64()
    );
    let mut ours_time = library;
    if let Some(bin) = &binary {
        let _ = std::fs::remove_file(&ours);
        let started = Instant::now();
        let status = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["export", "-o"])
            .arg(&ours)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        ours_time = started.elapsed();
        println!(
            "  conflictmap export (binary)  {:>6.2} s",
            ours_time.as_secs_f64()
        );
    }
    let theirs = dir.join("ogr2ogr.geojson");
    let _ = std::fs::remove_file(&theirs);
    let started = Instant::now();
    match Command::new("ogr2ogr")
        .args(["-f", "GeoJSON"])
        .arg(&theirs)
        .arg(&db)
        .arg("events")
        .status()
    {
        Ok(status) if status.success() => {
            let gdal = started.elapsed();
            println!(
                "  ogr2ogr -f GeoJSON           {:>6.2} s  ({:.0} MB)\n  conflictmap is {:.1}x faster",
                gdal.as_secs_f64(),
                file_size(&theirs) as f64 / 1e6,
                gdal.as_secs_f64() / ours_time.as_secs_f64()
            );
        }
        _ => println!("  ogr2ogr: not available (apt-get install gdal-bin)"),
    }
    let _ = std::fs::remove_file(&ours);
    let _ = std::fs::remove_file(&theirs);

    // A radius query returning about 1 % of the events.
    let store = Store::open_for_reading(&db).unwrap();
    let filter = Filter {
        near: Some((CENTRE.0, CENTRE.1, RADIUS_KM)),
        ..Filter::default()
    };
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..7 {
        let started = Instant::now();
        found = store.events(&filter).unwrap().len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "\nradius query, {RADIUS_KM} km around Aleppo: {found} events ({:.2} %), median {:.1} ms, best {:.1} ms (library, events read into memory)",
        found as f64 * 100.0 / events as f64,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let n = store.each_event(&filter, |_| Ok(())).unwrap();
    println!(
        "  same query streamed without building a Vec: {n} events in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    if let Some(bin) = &binary {
        let coords = format!("{},{}", CENTRE.0, CENTRE.1);
        let started = Instant::now();
        let out = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["query", "--near", &coords, "--radius-km", "25", "--nl"])
            .output()
            .unwrap();
        println!(
            "  conflictmap query --near … --nl (binary, process start and JSON lines included): {} lines in {:.1} ms",
            out.stdout.iter().filter(|&&b| b == b'\n').count(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    drop(store);
    if given.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
