//! `conflictmap demo`: the whole pipeline on the sample articles shipped in data/samples/.

use std::path::{Path, PathBuf};

use crate::export::{export, Format};
use crate::ingest::{parse_date, read_bytes, IngestOptions};
use crate::render::{render_map, render_timeline, MapOptions, TimelineOptions};
use crate::resolve::Gazetteer;
use crate::store::{Filter, Store};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder for the store and the outputs.
    #[arg(long, default_value = "output")]
    pub out_dir: PathBuf,
}

/// The sample articles, compiled in so the demo runs anywhere: (file name, bytes).
const SAMPLES: [(&str, &[u8]); 6] = [
    ("aleppo-airport-road.txt", include_bytes!("../../data/samples/aleppo-airport-road.txt")),
    ("idlib-market.html", include_bytes!("../../data/samples/idlib-market.html")),
    ("el-fasher.txt", include_bytes!("../../data/samples/el-fasher.txt")),
    ("mosul-protest.txt", include_bytes!("../../data/samples/mosul-protest.txt")),
    ("kharkiv-drone.txt", include_bytes!("../../data/samples/kharkiv-drone.txt")),
    ("market-report.txt", include_bytes!("../../data/samples/market-report.txt")),
];
const MANIFEST: &str = include_str!("../../data/samples/samples.tsv");

pub fn run(_cli: &super::Cli, args: &Args) -> Result<()> {
    let dir = &args.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // a fresh store each time, so the demo always shows the same thing
    let db = dir.join("demo.gpkg");
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    let articles = sample_articles()?;
    let gaz = Gazetteer::default_for_cli()?;
    let today = chrono::Local::now().date_naive();
    let summary = super::ingest::ingest_articles(&db, &articles, gaz, today)?;
    let store = Store::open(&db)?;
    let events = store.events(&Filter::default())?;
    let mut gj = Vec::new();
    export(&events, Format::GeoJson, &mut gj)?;
    write(&dir.join("events.geojson"), &gj)?;
    let mut csv = Vec::new();
    export(&events, Format::Csv, &mut csv)?;
    write(&dir.join("events.csv"), &csv)?;
    let map = render_map(&events, &MapOptions { title: Some("conflictmap demo: sample articles".into()), ..MapOptions::default() })?;
    write(&dir.join("map.png"), &map)?;
    let tl = render_timeline(&events, &TimelineOptions { title: Some("Events per day in the sample articles".into()), ..TimelineOptions::default() })?;
    write(&dir.join("timeline.png"), &tl)?;
    let mut out = std::io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    use std::io::Write;
    writeln!(out, "{} sample articles → {} events ({} merged)", articles.len(), summary.events_new, summary.events_merged).map_err(w)?;
    for e in &events {
        writeln!(out, "  {}  {:<28} {:<34} {}, {}", e.event_date, e.event_type, e.sub_event_type, e.location, e.country_code).map_err(w)?;
    }
    for f in ["demo.gpkg", "events.geojson", "events.csv", "map.png", "timeline.png"] {
        writeln!(out, "wrote {}", dir.join(f).display()).map_err(w)?;
    }
    Ok(())
}

/// The shipped samples as articles, with the dates and URLs of `samples.tsv`.
pub fn sample_articles() -> Result<Vec<crate::ingest::Article>> {
    let mut out = Vec::new();
    for (name, bytes) in SAMPLES {
        let row = MANIFEST.lines().skip(1).map(|l| l.split('\t').collect::<Vec<_>>()).find(|f| f.first() == Some(&name));
        let field = |i: usize| row.as_ref().and_then(|f| f.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty()).map(String::from);
        let opts = IngestOptions {
            published: field(1).and_then(|d| parse_date(&d)),
            url: field(2),
            title: field(3),
            format: None,
        };
        out.extend(read_bytes(bytes, &format!("data/samples/{name}"), &opts)?);
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}
