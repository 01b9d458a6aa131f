//! `conflictmap map` and `timeline` through the real binary: SVG and frame files, and the raster tile
//! basemap against a tile server started in the test on 127.0.0.1 (never an outside address).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// The demo store (9 events in Syria, Iraq, Ukraine and Sudan), built once for all tests.
fn demo_store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("conflictmap-render-demo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = Command::new(env!("CARGO_BIN_EXE_conflictmap")).args(["demo", "--out-dir"]).arg(&dir).output().unwrap();
        assert!(out.status.success(), "demo failed: {}", String::from_utf8_lossy(&out.stderr));
        dir.join("demo.gpkg")
    })
}

use crate::common::WorkDir;

/// Runs of the binary on the demo store, with a tile cache in the work dir.
trait DemoRuns {
    fn run(&self, args: &[&str]) -> Output;
    /// Run, fail the test on a non-zero exit, and return standard error (the progress lines).
    fn ok(&self, args: &[&str]) -> String;
}

impl DemoRuns for WorkDir {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_conflictmap"))
            .current_dir(&self.dir)
            .arg("--db")
            .arg(demo_store())
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", self.path("cache"))
            .output()
            .expect("run conflictmap")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "conflictmap {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr).unwrap()
    }
}

fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut reader = png::Decoder::new(&bytes[..]).read_info().unwrap();
    let mut rgb = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut rgb).unwrap();
    rgb.truncate(info.buffer_size());
    (info.width, info.height, rgb)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: u32, y: u32) -> [u8; 3] {
    let i = (y as usize * img.0 as usize + x as usize) * 3;
    [img.2[i], img.2[i + 1], img.2[i + 2]]
}

#[test]
fn svg_map_has_one_marker_element_per_event() {
    let w = WorkDir::new("svg");
    w.ok(&["map", "-o", "map.svg", "--country", "SY"]);
    let text = std::fs::read_to_string(w.path("map.svg")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let markers = doc.descendants().filter(|n| n.attribute("class") == Some("event")).count();
    let n = std::str::from_utf8(&Command::new(env!("CARGO_BIN_EXE_conflictmap")).arg("--db").arg(demo_store()).args(["query", "--country", "SY", "--json"]).output().unwrap().stdout)
        .map(|s| serde_json::from_str::<Vec<serde_json::Value>>(s).unwrap().len())
        .unwrap();
    assert!(n >= 2);
    assert_eq!(markers, n);
}

#[test]
fn around_a_place_shows_that_area_and_the_events_in_it() {
    let w = WorkDir::new("around");
    w.ok(&["map", "-o", "aleppo.svg", "--around", "Aleppo", "--radius-km", "40", "--width", "800", "--height", "600"]);
    let text = std::fs::read_to_string(w.path("aleppo.svg")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("event"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
        .collect();
    // The view is the 80 km circle's box widened to the image's shape: Aleppo and its neighbours
    // (Arīḩā, 57 km), nothing from Iraq, Ukraine or Sudan, and only those in the count.
    assert!(titles.iter().any(|t| t.contains("· Aleppo ·")), "{titles:?}");
    for far in ["Mosul", "Kharkiv", "El Fasher"] {
        assert!(!text.contains(far), "{far} is drawn or listed");
    }
    assert!(text.contains(&format!("{} events", titles.len())), "subtitle does not count the events in view");
    // An unknown place is the user's error.
    let out = w.run(&["map", "-o", "x.png", "--around", "Nowhereville Qqq"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--around"));
}

#[test]
fn every_week_writes_one_frame_per_week_with_the_same_size() {
    let w = WorkDir::new("every");
    let log = w.ok(&["map", "-o", "frames/", "--every", "week", "--width", "640", "--height", "480", "--country", "SY"]);
    let mut names: Vec<String> = std::fs::read_dir(w.path("frames")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    // Syrian demo events: 12 and 25 March 2024 (ISO weeks 11 and 13), and the empty week between.
    assert_eq!(names, ["map-2024-W11.png", "map-2024-W12.png", "map-2024-W13.png"], "{log}");
    for n in &names {
        let img = decode(&w.path(&format!("frames/{n}")));
        assert_eq!((img.0, img.1), (640, 480));
    }
    // Names with {period}, and no overwriting without --force.
    w.ok(&["map", "-o", "out/syria-{period}.svg", "--every", "month", "--country", "SY"]);
    assert!(w.path("out/syria-2024-03.svg").exists());
    let again = w.run(&["map", "-o", "out/syria-{period}.svg", "--every", "month", "--country", "SY"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn timeline_by_country_and_svg() {
    let w = WorkDir::new("timeline");
    w.ok(&["timeline", "-o", "by.png", "--by", "country", "--top", "3", "--width", "800"]);
    let img = decode(&w.path("by.png"));
    assert_eq!(img.0, 800);
    w.ok(&["timeline", "-o", "t.svg", "--by", "actor"]);
    let text = std::fs::read_to_string(w.path("t.svg")).unwrap();
    roxmltree::Document::parse(&text).expect("well-formed XML");
    let out = w.run(&["timeline", "-o", "x.png", "--by", "weather"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---- raster tiles -----------------------------------------------------------------------------

/// The colour of every tile the test server sends.
const TILE: [u8; 3] = [0xB4, 0x3C, 0x8C];

/// A 256×256 PNG of one colour.
fn tile_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 256, 256);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&TILE.repeat(256 * 256)).unwrap();
    }
    out
}

/// A tile server on 127.0.0.1 answering `status` to every request, counting them. It serves at most
/// `limit` connections, then its thread ends.
fn tile_server(status: u16, limit: usize) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let body = tile_png();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(limit) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            // Request line and headers up to the blank line.
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let (reason, payload): (&str, &[u8]) = if status == 200 { ("OK", &body) } else { ("Internal Server Error", b"boom") };
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                payload.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(payload));
        }
    });
    (port, hits)
}

fn template(port: u16) -> String {
    format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")
}

#[test]
fn tiles_are_fetched_drawn_and_cached() {
    let w = WorkDir::new("tiles");
    let (port, hits) = tile_server(200, 500);
    let url = template(port);
    let args = ["map", "-o", "t1.png", "--country", "SY", "--width", "640", "--height", "480", "--tiles", &url, "--tiles-attribution", "© Test tiles"];
    let log = w.ok(&args);
    assert!(!log.contains("warning"), "{log}");
    let fetched = hits.load(Ordering::SeqCst);
    assert!(fetched >= 4, "only {fetched} tile request(s)");
    // The tile colour is the background of the map area (away from markers and the legend).
    let img = decode(&w.path("t1.png"));
    assert_eq!(pixel(&img, 630, 240), TILE);
    // Second run: everything from the cache (under $XDG_CACHE_HOME/conflictmap/tiles), no request.
    let mut again = args;
    again[2] = "t2.png";
    w.ok(&again);
    assert_eq!(hits.load(Ordering::SeqCst), fetched, "the second run fetched tiles again");
    assert!(w.path("cache/conflictmap/tiles").is_dir());
    assert_eq!(pixel(&decode(&w.path("t2.png")), 630, 240), TILE);
}

#[test]
fn tile_server_errors_fall_back_to_the_vector_basemap_with_a_warning() {
    let w = WorkDir::new("tiles-500");
    let (port, hits) = tile_server(500, 50);
    let url = template(port);
    let log = w.ok(&["map", "-o", "m.png", "--country", "SY", "--width", "640", "--height", "480", "--tiles", &url]);
    assert!(log.contains("warning: tiles:") && log.contains("500"), "{log}");
    assert!(hits.load(Ordering::SeqCst) >= 1);
    let img = decode(&w.path("m.png"));
    assert!(img.2.chunks(3).all(|p| p != TILE), "tile colour drawn");
    // The vector basemap is there: land and sea colours.
    let land = img.2.chunks(3).filter(|p| *p == [0xF5, 0xF2, 0xEC]).count();
    assert!(land > 10_000, "no land drawn ({land} px)");
}

#[test]
fn a_closed_tile_port_falls_back_with_a_warning() {
    let w = WorkDir::new("tiles-closed");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = template(port);
    let log = w.ok(&["map", "-o", "m.png", "--country", "SY", "--width", "640", "--height", "480", "--tiles", &url]);
    assert!(log.contains("warning: tiles:") && log.contains(&format!("127.0.0.1:{port}")), "{log}");
    assert!(w.path("m.png").exists());
    // A template without {z}/{x}/{y} is the user's error, before anything is drawn.
    let out = w.run(&["map", "-o", "bad.png", "--tiles", "http://127.0.0.1:1/tile.png"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!w.path("bad.png").exists());
}
