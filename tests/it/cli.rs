//! End-to-end tests of the `conflictmap` binary: one work dir per test, real SQLite
//! stores, real files. Tools from outside (GDAL's ogrinfo) are used when present; with
//! CONFLICTMAP_REQUIRE_TOOLS=1 (set by .ci/run) a missing tool fails the test.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{fixture, succeeded, WorkDir};

/// Runs of the binary on the work dir's own store.
trait StoreRuns {
    /// Run the binary with `--db <dir>/store.gpkg` and the given args, in the work dir.
    fn run(&self, args: &[&str]) -> Output;
    fn ok(&self, args: &[&str]) -> String;
}

impl StoreRuns for WorkDir {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_conflictmap"))
            .current_dir(&self.dir)
            .arg("--db")
            .arg(self.path("store.gpkg"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run conflictmap")
    }

    fn ok(&self, args: &[&str]) -> String {
        succeeded(self.run(args), args)
    }
}

fn events_json(w: &WorkDir) -> Vec<serde_json::Value> {
    let out = w.ok(&["query", "--json"]);
    serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
}

/// Computed here, independently of the code under test.
fn haversine_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// Whether an external tool may be skipped (prints why) or must be there.
fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CONFLICTMAP_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{tool} is required (CONFLICTMAP_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!("skipping: {tool} is not installed (apt-get install gdal-bin)");
    }
    found
}

// The aleppo prison position in data/gazetteer/extra.tsv is ~6 km NE of the centre.
const PRISON: (f64, f64) = (37.18, 36.256);

#[test]
fn prison_assault_is_one_battle_near_the_prison_on_wednesday() {
    let w = WorkDir::new("prison");
    // published Thursday 2013-05-16: "on Wednesday" is 2013-05-15
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    let events = events_json(&w);
    assert!(!events.is_empty(), "no events coded");
    let battle = events
        .iter()
        .find(|e| e["event_type"] == "Battles" && e["event_date"] == "2013-05-15")
        .unwrap_or_else(|| panic!("no Battles event on 2013-05-15 in {events:#?}"));
    let d = haversine_km(battle["lon"].as_f64().unwrap(), battle["lat"].as_f64().unwrap(), PRISON.0, PRISON.1);
    assert!(d < 15.0, "battle placed {d:.1} km from the prison: {battle:#?}");
    assert_eq!(battle["country_code"], "SY");
}

#[test]
fn more_from_block_places_get_no_events() {
    let w = WorkDir::new("morefrom");
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    for e in events_json(&w) {
        let loc = e["location"].as_str().unwrap_or("");
        let cc = e["country_code"].as_str().unwrap_or("");
        assert!(!["IR", "CN", "RU", "SA", "IL"].contains(&cc), "event placed in {loc} ({cc}): {e:#?}");
    }
}

#[test]
fn reingesting_the_same_article_adds_nothing() {
    let w = WorkDir::new("dupes");
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    let first = events_json(&w).len();
    let out = w.run(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 already stored"));
    assert_eq!(events_json(&w).len(), first);
}

#[test]
fn an_article_without_conflict_codes_no_event() {
    let w = WorkDir::new("noevent");
    w.ok(&["ingest", &fixture("no-event.txt"), "--published", "2024-09-08"]);
    assert_eq!(events_json(&w), Vec::<serde_json::Value>::new());
}

#[test]
fn friday_across_a_month_boundary_and_no_event_in_the_reacting_capital() {
    let w = WorkDir::new("month");
    // Tuesday 2024-10-01: "on Friday" is 2024-09-27
    w.ok(&["ingest", &fixture("month-boundary.txt"), "--published", "2024-10-01"]);
    let events = events_json(&w);
    assert!(events.iter().any(|e| e["event_date"] == "2024-09-27" && e["country_code"] == "UA"), "{events:#?}");
    for e in &events {
        assert_ne!(e["location"], "Kyiv", "the reaction in Kyiv is not an event place: {e:#?}");
    }
}

/// Store bytes before and after a failed command must be identical.
fn assert_fails_cleanly(w: &WorkDir, args: &[&str], names: &str) {
    let store = w.path("store.gpkg");
    let before = std::fs::read(&store).ok();
    let out = w.run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(err.contains(names), "error for {args:?} should name {names:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&store).ok(), before, "store changed by a failed {args:?}");
}

#[test]
fn bad_inputs_fail_with_a_clear_error_and_leave_the_store_alone() {
    let w = WorkDir::new("bad");
    w.ok(&["ingest", &fixture("no-event.txt"), "--published", "2024-09-08"]);
    assert_fails_cleanly(&w, &["ingest", "does-not-exist.txt"], "does-not-exist.txt");
    assert_fails_cleanly(&w, &["ingest", &fixture("empty.txt")], "empty.txt");
    assert_fails_cleanly(&w, &["ingest", &fixture("invalid-utf8.txt")], "invalid-utf8.txt");
    assert_fails_cleanly(&w, &["ingest", &fixture("no-event.txt"), "--published", "16/05/2013x"], "--published");
    // a folder of binary files
    let bin = w.path("binaries");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("a.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(bin.join("b.png"), [137u8, 80, 78, 71, 13, 10, 26, 10, 0, 0]).unwrap();
    assert_fails_cleanly(&w, &["ingest", bin.to_str().unwrap()], "a.txt");
    // one bad file among good ones: nothing from the good ones is stored either
    assert_fails_cleanly(&w, &["ingest", &fixture("aleppo-prison-assault.txt"), &fixture("empty.txt"), "--published", "2013-05-16"], "empty.txt");
}

#[test]
fn query_filters_by_radius_and_rejects_unknown_places() {
    let w = WorkDir::new("query");
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    w.ok(&["ingest", &fixture("month-boundary.txt"), "--published", "2024-10-01"]);
    let near: Vec<serde_json::Value> = serde_json::from_str(&w.ok(&["query", "--near", "Aleppo", "--radius-km", "25", "--json"])).unwrap();
    assert!(!near.is_empty());
    assert!(near.iter().all(|e| e["country_code"] == "SY"));
    assert_fails_cleanly(&w, &["query", "--near", "Nowhereville Qqq"], "--near");
    assert_fails_cleanly(&w, &["query", "--since", "yesterday"], "--since");
    assert_fails_cleanly(&w, &["query", "--bbox", "10", "20", "5"], "bbox");
}

#[test]
fn geojson_export_is_rfc7946_and_gdal_reads_it() {
    let w = WorkDir::new("geojson");
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16"]);
    w.ok(&["export", "-o", "events.geojson"]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(w.path("events.geojson")).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = &v["features"][0];
    assert_eq!(f["geometry"]["type"], "Point");
    let c = f["geometry"]["coordinates"].as_array().unwrap();
    assert!((c[0].as_f64().unwrap() - PRISON.0).abs() < 0.5 && (c[1].as_f64().unwrap() - PRISON.1).abs() < 0.5, "[lon, lat] order");
    for key in ["id", "event_date", "event_type", "sub_event_type", "fatalities", "location", "geonameid", "geo_precision", "source_url", "sentence"] {
        assert!(f["properties"].get(key).is_some(), "property {key} missing");
    }
    // refuses to overwrite without --force
    assert_fails_cleanly(&w, &["export", "-o", "events.geojson"], "--force");
    if tool_available("ogrinfo") {
        let out = Command::new("ogrinfo").args(["-al", "-so"]).arg(w.path("events.geojson")).output().unwrap();
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(info.contains("Geometry: Point"), "{info}");
        assert!(info.contains("4326"), "{info}");
    }
}

#[test]
fn demo_writes_store_geojson_map_and_timeline() {
    let w = WorkDir::new("demo");
    let out = w.ok(&["demo", "--out-dir", "out"]);
    assert!(out.contains("events"), "{out}");
    for f in ["demo.gpkg", "events.geojson", "events.csv", "map.png", "timeline.png"] {
        let p = w.path("out").join(f);
        assert!(p.metadata().is_ok_and(|m| m.len() > 100), "{f} missing or empty");
    }
    let png = std::fs::read(w.path("out/map.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(w.path("out/events.geojson")).unwrap()).unwrap();
    let n = v["features"].as_array().unwrap().len();
    assert!(n >= 5, "the samples describe at least five events, got {n}");
}

#[test]
fn geoparse_prints_json_lines_with_offsets_and_ids() {
    let w = WorkDir::new("geoparse");
    std::fs::write(w.path("t.txt"), "Clashes were reported in Ḩalab and near Idlib, Syria.").unwrap();
    let out = w.ok(&["geoparse", "t.txt", "--nl"]);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let aleppo = rows.iter().find(|r| r["text"] == "Ḩalab").expect("Ḩalab found");
    assert_eq!(aleppo["geonameid"], 170063);
    assert_eq!(aleppo["start"], 25, "character offsets, not bytes");
    assert!(rows.iter().any(|r| r["text"] == "Idlib" && r["country_code"] == "SY"));
}

#[test]
fn every_command_is_in_help_and_readme() {
    let w = WorkDir::new("docs");
    let help = w.ok(&["--help"]);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for cmd in ["demo", "ingest", "query", "explain", "export", "map", "timeline", "geoparse", "eval"] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
        assert!(readme.contains(&format!("conflictmap {cmd}")), "README lacks an example of `conflictmap {cmd}`");
    }
}

#[test]
fn explain_names_the_rules_and_the_source_sentence() {
    let w = WorkDir::new("explain");
    w.ok(&["ingest", &fixture("aleppo-prison-assault.txt"), "--published", "2013-05-16", "--url", "https://example.org/prison"]);
    let id = events_json(&w)[0]["id"].as_i64().unwrap();
    let out = w.ok(&["explain", &id.to_string()]);
    assert!(out.contains("event_triggers.tsv:"), "type rule missing: {out}");
    assert!(out.contains("weekday"), "date rule missing: {out}");
    assert!(out.contains("https://example.org/prison"), "source missing: {out}");
    let v: serde_json::Value = serde_json::from_str(&w.ok(&["explain", &id.to_string(), "--json"])).unwrap();
    assert_eq!(v["sources"].as_array().unwrap().len(), 1);
    assert_fails_cleanly(&w, &["explain", "99999"], "99999");
}

/// Serve one fixed response per connection on 127.0.0.1 until `n` requests were answered.
fn serve(n: usize, status: &'static str, content_type: &'static str, body: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    (format!("http://{addr}"), handle)
}

#[test]
fn ingest_fetches_a_page_over_http() {
    let w = WorkDir::new("url");
    let page = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/idlib-market.html")).unwrap();
    let (base, server) = serve(1, "200 OK", "text/html; charset=utf-8", page);
    let url = format!("{base}/news/idlib");
    w.ok(&["ingest", &url]);
    server.join().unwrap();
    let events = events_json(&w);
    assert!(events.iter().any(|e| e["event_type"] == "Explosions/Remote violence" && e["event_date"] == "2024-03-25"), "{events:#?}");
    // the page's canonical URL wins over the address it was fetched from
    assert!(events.iter().all(|e| e["source_url"] == "https://example.org/news/idlib-market-strike"), "{events:#?}");
}

#[test]
fn an_http_error_is_a_clear_failure_and_stores_nothing() {
    let w = WorkDir::new("url404");
    w.ok(&["ingest", &fixture("no-event.txt"), "--published", "2024-09-08"]);
    let (base, server) = serve(1, "404 Not Found", "text/plain", b"gone".to_vec());
    assert_fails_cleanly(&w, &["ingest", &format!("{base}/missing")], "404");
    server.join().unwrap();
}
