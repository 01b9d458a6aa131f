//! The store and its exports as GIS tools see them, and the query flags at scale: the
//! real binary on real files in a temp dir. GDAL (ogrinfo, validate_gpkg.py) and headless
//! Chromium are used when installed; a test that needs a missing one says so and skips,
//! or fails under CONFLICTMAP_REQUIRE_TOOLS=1 (set by .ci/run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::NaiveDate;
use conflictmap::events::Event;
use conflictmap::resolve::Gazetteer;
use conflictmap::store::{content_hash, haversine_km, ArticleRecord, Filter, Store};
use serde_json::Value;

use crate::common::{succeeded, WorkDir};

/// Run the binary on the store `db`.
fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conflictmap"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("NO_COLOR", "1")
        // The built-in gazetteer, whatever index this machine's user may have imported.
        .env("CONFLICTMAP_GAZETTEER", "embedded")
        .output()
        .expect("run conflictmap")
}

fn ok(db: &Path, args: &[&str]) -> String {
    succeeded(run(db, args), args)
}

/// Run and expect a refusal: exit code 2 (the user's input) and stderr containing `needle`.
fn refused(db: &Path, args: &[&str], needle: &str) -> String {
    let out = run(db, args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "conflictmap {args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "conflictmap {args:?}: expected {needle:?} in:\n{stderr}"
    );
    stderr
}

/// Whether an external tool may be skipped (prints why) or must be there.
fn tool_available(tool: &str, args: &[&str], install: &str) -> bool {
    let found = Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CONFLICTMAP_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!(
                "{tool} is required (CONFLICTMAP_REQUIRE_TOOLS=1) but not installed ({install})"
            );
        }
        eprintln!("skipping: {tool} is not installed ({install})");
    }
    found
}

fn ogrinfo_available() -> bool {
    tool_available("ogrinfo", &["--version"], "apt-get install gdal-bin")
}

/// A Python with GDAL's GeoPackage validator (Debian's python3-gdal), if any.
fn gpkg_validator() -> Option<&'static str> {
    let python = ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import osgeo_utils.samples.validate_gpkg"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if python.is_none() {
        tool_available("validate_gpkg.py", &[], "apt-get install python3-gdal");
    }
    python
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 / ((1u64 << 53) - 1) as f64)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// Aleppo as the gazetteer has it (GeoNames 170063): what `--near Aleppo` must resolve to.
fn aleppo() -> (f64, f64) {
    let place = Gazetteer::embedded()
        .by_id(170063)
        .expect("Aleppo in the gazetteer");
    (place.lon, place.lat)
}

/// The point `distance_km` from (lon, lat) along `bearing` (radians), on our sphere.
fn destination((lon, lat): (f64, f64), bearing: f64, distance_km: f64) -> (f64, f64) {
    let d = distance_km / conflictmap::store::EARTH_RADIUS_KM;
    let (phi1, lambda1) = (lat.to_radians(), lon.to_radians());
    let phi2 = (phi1.sin() * d.cos() + phi1.cos() * d.sin() * bearing.cos()).asin();
    let lambda2 =
        lambda1 + (bearing.sin() * d.sin() * phi1.cos()).atan2(d.cos() - phi1.sin() * phi2.sin());
    (
        (lambda2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0,
        phi2.to_degrees(),
    )
}

/// `n` events: a third within 60 km of Aleppo (some just inside and just outside 25 km),
/// a third around other hubs (one on the antimeridian), a third anywhere. Each is its own
/// place, so none merge.
fn generated_events(n: usize, seed: u64) -> Vec<Event> {
    let mut rng = Rng(seed.max(1));
    let centre = aleppo();
    let types = [
        ("Battles", "Armed clash"),
        (
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Violence against civilians", "Attack"),
        ("Protests", "Peaceful protest"),
        ("Riots", "Violent demonstration"),
        ("Strategic developments", "Looting/property destruction"),
    ];
    let hubs = [
        (36.29, 33.51),
        (44.36, 33.31),
        (32.53, 15.59),
        (179.5, -17.7),
        (-74.08, 4.6),
    ];
    let verbs = [
        "shelled",
        "clashed near",
        "struck",
        "protested in",
        "raided",
        "attacked",
    ];
    (0..n)
        .map(|i| {
            let (lon, lat) = match i % 3 {
                0 if i % 30 == 0 => {
                    // On the 25 km circle, a hair inside or outside.
                    let r = if i % 60 == 0 { 24.999 } else { 25.001 };
                    destination(centre, rng.range(0.0, std::f64::consts::TAU), r)
                }
                0 => destination(
                    centre,
                    rng.range(0.0, std::f64::consts::TAU),
                    rng.range(0.0, 60.0),
                ),
                1 => {
                    let (hlon, hlat) = hubs[i % hubs.len()];
                    let lon = hlon + rng.range(-2.0, 2.0);
                    let lon = if lon > 180.0 { lon - 360.0 } else { lon };
                    (lon, hlat + rng.range(-2.0, 2.0))
                }
                _ => (rng.range(-180.0, 180.0), rng.range(-85.0, 85.0)),
            };
            let (event_type, sub_event_type) = types[i % types.len()];
            let day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                + chrono::Days::new(rng.next_u64() % 700);
            let place = format!("Place {i}");
            let verb = rng.pick(&verbs);
            Event {
                id: 0,
                event_date: day,
                time_precision: 1 + (i % 7 == 0) as u8,
                event_type: event_type.into(),
                sub_event_type: sub_event_type.into(),
                cameo_root: "19".into(),
                actor1: Some(
                    rng.pick(&["Military Forces of Syria", "Rapid Support Forces", "Rebels"])
                        .into(),
                ),
                actor2: (i % 2 == 0).then(|| "Civilians".to_string()),
                fatalities: (rng.next_u64() % 12) as u32,
                location: place.clone(),
                geonameid: Some(i as i64 + 1),
                lon,
                lat,
                country_code: "SY".into(),
                admin1: "Aleppo".into(),
                geo_precision: 1 + (i % 3) as u8,
                source_url: format!("https://news{}.example.org/story/{i}", i % 5),
                title: format!("Report {i}"),
                sentence: format!("Forces {verb} {place} on the day, witnesses said."),
                sentence_start: 0,
                sentence_end: 40,
                type_rule: "test".into(),
                date_rule: "test".into(),
                place_rule: "test".into(),
            }
        })
        .collect()
}

/// Store `events` as the reports of one article, in one transaction.
fn write_store(path: &Path, events: &[Event]) {
    let text = format!("{} generated events", events.len());
    let article = ArticleRecord {
        url: "https://example.org/generated".into(),
        title: "Generated".into(),
        published: NaiveDate::from_ymd_opt(2024, 12, 1),
        source_path: "tests/it/gis.rs".into(),
        content_hash: content_hash(&text),
        text,
        format: "text".into(),
    };
    let mut store = Store::open(path).unwrap();
    store.insert_article(&article, &[], events).unwrap();
}

/// One 100,000-event store shared by the tests of this binary, built once.
fn big_store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        // Cargo's scratch folder for integration tests: rebuilt each run, never piles up.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gis-big-store");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.gpkg");
        write_store(&path, &generated_events(100_000, 0xA1E990));
        path
    })
}

/// The ids in a `query --nl` output.
fn nl_ids(text: &str) -> Vec<i64> {
    text.lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect()
}

#[test]
fn near_aleppo_25_km_on_100k_events_equals_a_brute_force_haversine_scan() {
    let path = big_store();
    let store = Store::open_read_only(path).unwrap();
    let all = store.events(&Filter::default()).unwrap();
    assert_eq!(all.len(), 100_000);
    let centre = aleppo();
    let expected: Vec<i64> = all
        .iter()
        .filter(|e| haversine_km(centre, (e.lon, e.lat)) <= 25.0)
        .map(|e| e.id)
        .collect();
    assert!(
        expected.len() > 5_000,
        "{} events within 25 km",
        expected.len()
    );
    let just_outside = all
        .iter()
        .filter(|e| (25.0..25.01).contains(&haversine_km(centre, (e.lon, e.lat))))
        .count();
    assert!(
        just_outside > 100,
        "the circle's edge is tested ({just_outside} just outside)"
    );

    let near = Filter {
        near: Some((centre.0, centre.1, 25.0)),
        ..Filter::default()
    };
    let got: Vec<i64> = store
        .events(&near)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(got, expected, "library filter");

    let cli = nl_ids(&ok(
        path,
        &["query", "--near", "Aleppo", "--radius-km", "25", "--nl"],
    ));
    assert_eq!(
        cli, expected,
        "conflictmap query --near Aleppo --radius-km 25"
    );
}

#[test]
fn bbox_on_100k_events_equals_a_brute_force_box_scan() {
    let path = big_store();
    let store = Store::open_read_only(path).unwrap();
    let all = store.events(&Filter::default()).unwrap();
    let boxes = [
        [36.5, 35.8, 37.6, 36.6],
        [177.0, -20.0, -178.0, -15.0], // across the antimeridian
        [-10.0, -10.0, 10.0, 10.0],
    ];
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
        assert!(!expected.is_empty(), "box {w} {s} {e} {n} is empty");
        let got: Vec<i64> = store
            .events(&Filter {
                bbox: Some([w, s, e, n]),
                ..Filter::default()
            })
            .unwrap()
            .into_iter()
            .map(|ev| ev.id)
            .collect();
        assert_eq!(got, expected, "library filter, box {w} {s} {e} {n}");
    }
    let [w, s, e, n] = boxes[0];
    let expected: Vec<i64> = all
        .iter()
        .filter(|ev| ev.lon >= w && ev.lon <= e && ev.lat >= s && ev.lat <= n)
        .map(|ev| ev.id)
        .collect();
    let cli = nl_ids(&ok(
        path,
        &["query", "--bbox", "36.5", "35.8", "37.6", "36.6", "--nl"],
    ));
    assert_eq!(cli, expected, "conflictmap query --bbox");
}

#[test]
fn order_limit_text_and_min_precision_from_the_cli_on_100k_events() {
    let path = big_store();
    let top = nl_ids(&ok(
        path,
        &[
            "query",
            "--order",
            "-fatalities,date",
            "--limit",
            "5",
            "--nl",
        ],
    ));
    assert_eq!(top.len(), 5);
    let rows: Vec<Value> = ok(
        path,
        &[
            "query",
            "--order",
            "-fatalities,date",
            "--limit",
            "5",
            "--nl",
        ],
    )
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    assert!(
        rows.iter().all(|r| r["fatalities"] == 11),
        "the deadliest first"
    );
    let raided = ok(
        path,
        &[
            "query",
            "--text",
            "raid",
            "--min-precision",
            "1",
            "--source",
            "news3.",
            "--nl",
        ],
    );
    let raided: Vec<Value> = raided
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!raided.is_empty());
    for r in &raided {
        assert!(r["sentence"].as_str().unwrap().contains("raided"), "{r}");
        assert_eq!(r["geo_precision"], 1);
        assert!(r["source_url"].as_str().unwrap().contains("news3."), "{r}");
    }
}

#[test]
fn ogrinfo_reads_the_store_and_every_export_with_the_right_count_and_extent() {
    if !ogrinfo_available() {
        return;
    }
    let w = WorkDir::new("ogrinfo");
    let db = w.path("store.sqlite");
    let events = generated_events(300, 7);
    write_store(&db, &events);
    let (mut west, mut south, mut east, mut north) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for e in &events {
        (west, south, east, north) = (
            west.min(e.lon),
            south.min(e.lat),
            east.max(e.lon),
            north.max(e.lat),
        );
    }
    // ogrinfo prints extents with 6 decimals.
    let extent = format!("Extent: ({west:.6}, {south:.6}) - ({east:.6}, {north:.6})");

    let ogrinfo = |args: &[&str]| -> String {
        let out = Command::new("ogrinfo").args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "ogrinfo {args:?}:\n{text}");
        assert!(!text.contains("ERROR"), "ogrinfo {args:?}:\n{text}");
        text
    };
    let store = ogrinfo(&["-ro", "-so", db.to_str().unwrap(), "events"]);
    assert!(store.contains("using driver `GPKG'"), "{store}");
    assert!(store.contains("Geometry: Point"), "{store}");
    assert!(store.contains("Feature Count: 300"), "{store}");
    assert!(store.contains(&extent), "{extent} in\n{store}");
    assert!(
        store.contains("date_start: Date") && store.contains("date_end: Date"),
        "{store}"
    );

    for (file, driver) in [
        ("events.geojson", "GeoJSON"),
        ("events.geojsons", "GeoJSONSeq"),
        ("events.kml", "KML"),
        ("events.gpkg", "GPKG"),
    ] {
        let path = w.path(file);
        ok(&db, &["export", "-o", path.to_str().unwrap()]);
        let text = ogrinfo(&["-ro", "-so", "-al", path.to_str().unwrap()]);
        assert!(text.contains(driver), "{file}: {text}");
        assert!(text.contains("Feature Count: 300"), "{file}: {text}");
        assert!(text.contains(&extent), "{file}: {extent} in\n{text}");
    }
    // A filtered GeoPackage holds just the subset.
    let subset = w.path("subset.gpkg");
    ok(
        &db,
        &[
            "export",
            "-o",
            subset.to_str().unwrap(),
            "--near",
            "Aleppo",
            "--radius-km",
            "25",
        ],
    );
    let centre = aleppo();
    let inside = events
        .iter()
        .filter(|e| haversine_km(centre, (e.lon, e.lat)) <= 25.0)
        .count();
    let text = ogrinfo(&["-ro", "-so", subset.to_str().unwrap(), "events"]);
    assert!(
        text.contains(&format!("Feature Count: {inside}")),
        "{inside} expected: {text}"
    );
}

#[test]
fn gdal_validate_gpkg_passes_on_the_store_and_an_exported_subset() {
    let Some(python) = gpkg_validator() else {
        return;
    };
    let w = WorkDir::new("validate");
    let db = w.path("store.gpkg");
    write_store(&db, &generated_events(500, 11));
    let subset = w.path("subset.gpkg");
    ok(
        &db,
        &[
            "export",
            "-o",
            subset.to_str().unwrap(),
            "--type",
            "Battles",
            "--since",
            "2023-06-01",
        ],
    );
    for path in [&db, &subset] {
        let out = Command::new(python)
            .args(["-m", "osgeo_utils.samples.validate_gpkg"])
            .arg(path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && text.trim().is_empty(),
            "validate_gpkg {}:\n{text}",
            path.display()
        );
    }
    let copy = Store::open_read_only(&subset).unwrap();
    let battles = copy.events(&Filter::default()).unwrap();
    assert!(!battles.is_empty() && battles.iter().all(|e| e.event_type == "Battles"));
}

/// Headless Chromium on `url`: (the DOM after scripts ran, Chromium's stderr).
fn chromium(w: &WorkDir, url: &str) -> (String, String) {
    let profile = w.path(&format!("chromium-profile-{}", url.len()));
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            // Any network request fails, and would show as an error.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "chromium failed: {stderr}");
    (String::from_utf8_lossy(&out.stdout).to_string(), stderr)
}

/// The value of attribute `name` on the element with `id` in a DOM dump.
fn attribute(dom: &str, id: &str, name: &str) -> String {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let tag = &dom[dom[..start].rfind('<').unwrap()..start + dom[start..].find('>').unwrap()];
    let key = format!("{name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} on #{id}: {tag}"))
        + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].to_string()
}

#[test]
fn the_leaflet_page_shows_one_marker_per_exported_event_in_headless_chromium() {
    if !tool_available("chromium", &["--version"], "apt-get install chromium") {
        return;
    }
    let w = WorkDir::new("leaflet");
    let db = w.path("store.gpkg");
    let mut events = generated_events(90, 5);
    events[1].sentence =
        "</script><script>window.cmErrors.push('injected')</script> \"quoted\" & <b>bold</b>"
            .into();
    write_store(&db, &events);
    let page = w.path("events.html");
    ok(
        &db,
        &[
            "export",
            "-o",
            page.to_str().unwrap(),
            "--since",
            "2023-03-01",
        ],
    );
    let exported = nl_ids(&ok(&db, &["query", "--since", "2023-03-01", "--nl"]));
    assert!(
        exported.len() > 50 && exported.len() < 90,
        "{}",
        exported.len()
    );

    let url = format!("file://{}", page.display());
    let (dom, stderr) = chromium(&w, &url);
    assert_eq!(
        attribute(&dom, "cm-status", "data-ready"),
        "1",
        "the page's script ran to the end"
    );
    assert_eq!(
        attribute(&dom, "cm-status", "data-errors"),
        "",
        "script errors"
    );
    assert_eq!(
        attribute(&dom, "cm-status", "data-total"),
        exported.len().to_string()
    );
    assert_eq!(
        attribute(&dom, "cm-status", "data-markers"),
        exported.len().to_string()
    );
    // And they are drawn: one SVG path per marker.
    let drawn = dom
        .split("<path")
        .skip(1)
        .filter(|path| path[..path.find('>').unwrap()].contains("cm-marker"))
        .count();
    assert_eq!(drawn, exported.len(), "SVG markers in the DOM");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");

    // A link to one event opens its popup: date, type, actors, sentence, source link.
    let id = *exported.iter().find(|&&id| id != 2).unwrap(); // not the one with markup
    let e = events
        .iter()
        .find(|e| e.geonameid == Some(id))
        .expect("ids follow the insert order");
    let (dom, _) = chromium(&w, &format!("{url}#event={id}"));
    let popup = &dom[dom.find("class=\"cm-popup\"").expect("the popup is open")..];
    let popup = &popup[..popup.find("leaflet-popup-tip").unwrap()];
    assert!(popup.contains(&e.event_date.to_string()), "{popup}");
    assert!(popup.contains(&e.sub_event_type), "{popup}");
    assert!(popup.contains(e.actor1.as_deref().unwrap()), "{popup}");
    assert!(popup.contains(&e.sentence), "{popup}");
    assert!(
        popup.contains(&format!("href=\"{}\"", e.source_url)),
        "{popup}"
    );
}

#[test]
fn exports_refuse_to_overwrite_without_force_and_write_to_stdout() {
    let w = WorkDir::new("overwrite");
    let db = w.path("store.gpkg");
    write_store(&db, &generated_events(20, 3));
    let out = w.path("events.kml");
    std::fs::write(&out, "keep me").unwrap();
    refused(
        &db,
        &["export", "-o", out.to_str().unwrap()],
        "pass --force",
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    ok(&db, &["export", "-o", out.to_str().unwrap(), "--force"]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("<kml"));
    refused(
        &db,
        &["export", "-o", db.to_str().unwrap(), "--force"],
        "is the store being exported",
    );

    let stdout = ok(
        &db,
        &["export", "-o", "-", "-f", "geojsonseq", "--limit", "3"],
    );
    assert_eq!(stdout.matches('\x1e').count(), 3);
    let gpkg = run(&db, &["export", "-o", "-", "-f", "GPKG"]);
    assert!(gpkg.status.success());
    assert!(
        gpkg.stdout.starts_with(b"SQLite format 3\0"),
        "a GeoPackage on stdout"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&w.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no .part or -wal files left: {leftovers:?}"
    );
}

#[test]
fn sql_prints_table_csv_json_and_json_lines() {
    let w = WorkDir::new("sql");
    let db = w.path("store.gpkg");
    write_store(&db, &generated_events(30, 9));
    let q = "SELECT fid, event_type, geom, round(haversine_km(lon, lat, 37.16, 36.2), 1) AS km FROM events ORDER BY fid LIMIT 3";
    let table = ok(&db, &["sql", q]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("fid  event_type") && lines[0].ends_with("km"),
        "{table}"
    );
    assert!(lines[1].starts_with("---"), "{table}");
    assert_eq!(lines.len(), 5, "{table}");
    assert!(lines[2].contains("POINT ("), "geometries as WKT: {table}");
    let csv = ok(&db, &["sql", "--csv", q]);
    assert!(csv.starts_with("fid,event_type,geom,km\r\n"), "{csv}");
    let json: Value = serde_json::from_str(&ok(&db, &["sql", "--json", q])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["fid"], 1);
    assert!(json[0]["km"].is_number());
    let nl = ok(&db, &["sql", "--nl", q]);
    assert_eq!(nl.lines().count(), 3);
    assert_eq!(
        serde_json::from_str::<Value>(nl.lines().next().unwrap()).unwrap(),
        json[0]
    );
    let hits = ok(
        &db,
        &[
            "sql",
            "SELECT count(*) AS n FROM event_sources_fts WHERE event_sources_fts MATCH 'witnesses'",
        ],
    );
    assert!(hits.contains("30"), "{hits}");
}

#[test]
fn bad_input_is_refused_clearly_and_leaves_the_store_unchanged() {
    let w = WorkDir::new("bad-input");
    let db = w.path("store.gpkg");
    write_store(&db, &generated_events(50, 13));
    let before = std::fs::read(&db).unwrap();

    refused(&db, &["query", "--bbox", "37", "36", "36"], "--bbox");
    refused(
        &db,
        &["query", "--bbox", "east", "36", "37", "37"],
        "--bbox",
    );
    refused(
        &db,
        &["query", "--bbox", "36", "37", "37", "36"],
        "not a box",
    );
    refused(
        &db,
        &["query", "--bbox", "200", "0", "210", "10"],
        "not a box",
    );
    refused(
        &db,
        &["query", "--near", "Nowhereville Qqq"],
        "unknown place \"Nowhereville Qqq\"",
    );
    refused(
        &db,
        &[
            "export",
            "-o",
            w.path("x.geojson").to_str().unwrap(),
            "--near",
            "Atlantis Zzz",
        ],
        "unknown place",
    );
    refused(
        &db,
        &["query", "--since", "2024-02-30"],
        "not a date: \"2024-02-30\"",
    );
    refused(
        &db,
        &["query", "--until", "yesterday"],
        "write dates as YYYY-MM-DD",
    );
    refused(
        &db,
        &["query", "--text", "al-Bab ("],
        "is not a full-text query",
    );
    refused(
        &db,
        &["query", "--order", "size"],
        "cannot sort by \"size\"",
    );
    refused(&db, &["query", "--min-precision", "4"], "--min-precision");
    for write in [
        "DELETE FROM events",
        "UPDATE events SET fatalities = 0",
        "DROP TABLE articles",
        "INSERT INTO articles(url) VALUES ('x')",
    ] {
        refused(&db, &["sql", write], "refused");
    }
    refused(
        &db,
        &["sql", "SELECT 1; DELETE FROM events"],
        "more than one statement",
    );
    assert!(!w.path("x.geojson").exists());
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the store is byte-identical"
    );
    assert_eq!(
        ok(&db, &["sql", "SELECT count(*) FROM events"])
            .lines()
            .nth(2)
            .unwrap()
            .trim(),
        "50"
    );
}

#[test]
fn a_store_that_is_not_ours_or_is_corrupted_is_refused_untouched() {
    let w = WorkDir::new("not-ours");
    // Not SQLite at all.
    let notes = w.path("notes.gpkg");
    std::fs::write(&notes, "my notes, not a database\n").unwrap();
    // Someone else's SQLite database.
    let other = w.path("other.gpkg");
    let out = Command::new("/usr/bin/python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()"])
        .arg(&other)
        .status();
    if !out.is_ok_and(|s| s.success()) {
        // No Python: make it with the SQL a store would refuse anyway.
        std::fs::write(&other, b"").unwrap();
    }
    // One of ours with its pages scrambled half-way through.
    let broken = w.path("broken.gpkg");
    write_store(&broken, &generated_events(2_000, 17));
    let mut bytes = std::fs::read(&broken).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle - 8192..middle + 8192] {
        *b = 0xA5;
    }
    bytes[100..4096].iter_mut().for_each(|b| *b ^= 0x5A); // the schema page too
    std::fs::write(&broken, &bytes).unwrap();

    for (path, needle) in [
        (&notes, "not a SQLite database"),
        (&other, "not a conflictmap store"),
        (&broken, "store"),
    ] {
        let before = std::fs::read(path).unwrap();
        for args in [
            vec!["query"],
            vec!["sql", "SELECT count(*) FROM events"],
            vec!["export", "-o", "-"],
        ] {
            let out = run(path, &args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success(),
                "{} {args:?} succeeded",
                path.display()
            );
            assert!(
                stderr.starts_with("error: ") && stderr.contains(needle),
                "{} {args:?}: {stderr}",
                path.display()
            );
            assert_eq!(
                std::fs::read(path).unwrap(),
                before,
                "{} {args:?} changed the file",
                path.display()
            );
        }
    }
    let not_ours = run(&other, &["query"]);
    assert_eq!(
        not_ours.status.code(),
        Some(2),
        "someone else's file is the user's mistake"
    );
    assert!(String::from_utf8_lossy(&not_ours.stderr).contains("hint: "));
}

#[test]
fn sql_is_in_help_and_readme() {
    let w = WorkDir::new("docs");
    let help = ok(&w.path("none.gpkg"), &["--help"]);
    assert!(help.contains("sql"), "--help lacks sql");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains("### `conflictmap sql"),
        "README lacks the sql section"
    );
    for flag in [
        "--admin1",
        "--min-precision",
        "--source",
        "--order",
        "--text",
    ] {
        assert!(readme.contains(flag), "README lacks {flag}");
        assert!(
            ok(&w.path("none.gpkg"), &["query", "--help"]).contains(flag),
            "query --help lacks {flag}"
        );
    }
}
