//! `conflictmap eval`: accuracy figures against gold corpora.

use std::io::Write;
use std::path::PathBuf;

use crate::eval::{self, gold, Report, Resolution};
use crate::resolve::Gazetteer;
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Geoparsing: recognition P/R/F1, resolution given gold spans (acc@161, mean/median
    /// error km, AUC, exact id, country), end to end, the gazetteer's ceiling, and peer
    /// systems' outputs side by side.
    ///
    /// Example: conflictmap eval geoparse --bench ../shared/bench
    Geoparse(GeoparseArgs),
    /// Event-location linking: for each event verb in Halterman's event_location records,
    /// is the place it is linked to a gold LOCATION (or none when there is none)?
    /// The RELABEL records are the gold re-annotated set. Also recognition on this corpus:
    /// the share of the gold LOCATION spans that are names which our own mentions find, with
    /// the exact span and with an overlapping one.
    ///
    /// Example: conflictmap eval events --bench ../shared/bench
    Events(EventsArgs),
}

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Folder holding event_location/records.notokens.jsonl.
    #[arg(long, default_value = "../shared/bench")]
    pub bench: PathBuf,
    /// The records file (overrides the one under --bench).
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// Write the gold records linked wrongly to this file as JSON lines.
    #[arg(long)]
    pub misses: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct GeoparseArgs {
    /// Folder holding geoparse/LGL/lgl.xml and geoparse/GeoWebNews/ (GWN.xml, gwn_*.txt).
    #[arg(long, default_value = "../shared/bench")]
    pub bench: PathBuf,
    /// An LGL-style XML corpus (overrides the one under --bench): <article><text> with
    /// <toponym><start><end> and a <gaztag> (geonameid, lat, lon), or <location> spans with
    /// <lat><lon> right inside.
    #[arg(long)]
    pub lgl: Option<PathBuf>,
    /// A GeoWebNews GWN.xml (overrides the one under --bench).
    #[arg(long)]
    pub gwn: Option<PathBuf>,
    /// A folder of BRAT standoff gold (N.txt + N.ann).
    #[arg(long)]
    pub brat: Option<PathBuf>,
    /// Write every gold-span resolution miss (> 161 km) to this file as JSON lines.
    #[arg(long)]
    pub misses: Option<PathBuf>,
    /// Write every recognition error (exact span: false positives and false negatives, with
    /// the gold type and the overlapping span) to this file as JSON lines.
    #[arg(long)]
    pub recognition_misses: Option<PathBuf>,
    /// Rank with the numbers of this file instead of the built-in data/lexicon/ranking.txt
    /// (same layout, every number given): try other weights without rebuilding.
    #[arg(long, value_name = "FILE")]
    pub ranking: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_cli: &super::Cli, args: &Args) -> Result<()> {
    match &args.what {
        What::Geoparse(a) => geoparse(a),
        What::Events(a) => events(a),
    }
}

fn geoparse(a: &GeoparseArgs) -> Result<()> {
    if let Some(p) = &a.ranking {
        let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
        crate::resolve::use_ranking_file(&p.display().to_string(), &text).map_err(|e| Error::input_hint("eval geoparse --ranking", e, "start from a copy of data/lexicon/ranking.txt"))?;
    }
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::default_for_cli()?;
    let _ = gaz.fst(); // touch it: the load time is what a user waits for
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut reports: Vec<Report> = Vec::new();
    let lgl = a.lgl.clone().unwrap_or_else(|| a.bench.join("geoparse/LGL/lgl.xml"));
    let gwn = a.gwn.clone().unwrap_or_else(|| a.bench.join("geoparse/GeoWebNews/GWN.xml"));
    if lgl.exists() {
        let docs = gold::read_lgl(&lgl)?;
        reports.push(eval::evaluate("LGL", &docs, gaz));
    }
    if gwn.exists() {
        let docs = gold::read_gwn(&gwn)?;
        reports.push(eval::evaluate("GeoWebNews", &docs, gaz));
        let dir = gwn.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        for peer in ["edin", "yahoo", "emm"] {
            let p = dir.join(format!("gwn_{peer}.txt"));
            if p.exists() {
                let out = gold::read_gwn_system(&p)?;
                reports.push(eval::evaluate_system("GeoWebNews", peer, &docs, &out, gaz));
            }
        }
        // BRAT outputs are offsets into brat_gold/N.txt (a TITLE/LINK line first): score them there
        let brat_gold = dir.join("brat_gold");
        if brat_gold.is_dir() {
            let bdocs = gold::read_brat(&brat_gold)?;
            for peer in ["spacy", "google"] {
                let p = dir.join(format!("brat_{peer}"));
                if p.is_dir() {
                    let sys = gold::read_brat(&p)?;
                    let out: Vec<Vec<gold::SystemSpan>> = bdocs
                        .iter()
                        .map(|d| {
                            sys.iter()
                                .find(|s| s.id == d.id)
                                .map(|s| s.toponyms.iter().map(|t| gold::SystemSpan { start: t.start, end: t.end, lon: f64::NAN, lat: f64::NAN }).collect())
                                .unwrap_or_default()
                        })
                        .collect();
                    let mut r = eval::evaluate_system("GeoWebNews", &format!("{peer} (recognition only)"), &bdocs, &out, gaz);
                    r.end_to_end = None;
                    reports.push(r);
                }
            }
        }
    }
    if let Some(b) = &a.brat {
        let mut docs = gold::read_brat(b)?;
        // (gold ids the gazetteer lacks cannot be scored for resolution: said on stderr)
        let missing = gold::locate_by_id(&mut docs, gaz);
        if missing > 0 {
            eprintln!("{}: {missing} gold GeoNames ids are not in the gazetteer in use; those toponyms are scored for recognition only", b.display());
        }
        reports.push(eval::evaluate(&b.display().to_string(), &docs, gaz));
    }
    if reports.is_empty() {
        return Err(Error::input_hint(
            "eval geoparse",
            format!("no gold corpus found (looked for {} and {})", lgl.display(), gwn.display()),
            "pass --bench DIR, --lgl FILE, --gwn FILE or --brat DIR",
        ));
    }
    if let Some(path) = &a.misses {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| Error::io(path, e))?);
        for r in &reports {
            for m in &r.misses {
                let line = serde_json::json!({"corpus": r.corpus, "miss": m});
                writeln!(f, "{line}").map_err(|e| Error::io(path, e))?;
            }
        }
    }
    if let Some(path) = &a.recognition_misses {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| Error::io(path, e))?);
        for r in &reports {
            for m in &r.recognition_misses {
                let line = serde_json::json!({"corpus": r.corpus, "miss": m});
                writeln!(f, "{line}").map_err(|e| Error::io(path, e))?;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let w = |e| Error::io("<stdout>", e);
    if a.json {
        let v = serde_json::json!({ "gazetteer_load_ms": load_ms, "reports": reports });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(w)?;
        return Ok(());
    }
    writeln!(out, "gazetteer: {} places, {} name keys, ready in {:.1} ms", gaz.len(), gaz.name_count(), load_ms).map_err(w)?;
    writeln!(out, "\nRecognition (exact span | overlapping span)").map_err(w)?;
    writeln!(out, "{:<12} {:<28} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}", "corpus", "system", "gold", "pred", "P", "R", "F1", "oP", "oR", "oF1").map_err(w)?;
    for r in &reports {
        if let Some(x) = &r.recognition {
            writeln!(out, "{:<12} {:<28} {:>6} {:>6}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}", r.corpus, r.system, x.gold, x.predicted, x.precision, x.recall, x.f1, x.overlap_precision, x.overlap_recall, x.overlap_f1).map_err(w)?;
        }
    }
    for r in &reports {
        if let Some(x) = r.recognition.as_ref().filter(|x| !x.by_rule.is_empty()) {
            let p: Vec<String> = x.by_rule.iter().map(|(k, n, tp)| format!("{k} {tp}/{n}")).collect();
            writeln!(out, "{:<12} rules (exact/predicted): {}", r.corpus, p.join(", ")).map_err(w)?;
        }
    }
    let row = |out: &mut dyn Write, r: &Report, what: &str, x: &Resolution| -> std::io::Result<()> {
        writeln!(out, "{:<12} {:<28} {:<10} {:>6} {:>7.1}% {:>8.0} {:>8.1} {:>6.3} {:>7.1}% {:>7.1}% {:>6}",
            r.corpus, r.system, what, x.toponyms, 100.0 * x.acc161, x.mean_km, x.median_km, x.auc, 100.0 * x.exact_id, 100.0 * x.country, x.unresolved)
    };
    writeln!(out, "\nResolution (every gold toponym with coordinates; unresolved = wrong)").map_err(w)?;
    writeln!(out, "{:<12} {:<28} {:<10} {:>6} {:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>6}", "corpus", "system", "spans", "n", "acc@161", "mean km", "med km", "AUC", "exact id", "country", "unres").map_err(w)?;
    for r in &reports {
        if let Some(x) = &r.resolution_gold_spans {
            row(&mut out, r, "gold", x).map_err(w)?;
        }
        if let Some(x) = &r.end_to_end {
            row(&mut out, r, "own", x).map_err(w)?;
        }
    }
    writeln!(out, "\nGazetteer ceiling (a candidate within 161 km or with the gold id)").map_err(w)?;
    for r in &reports {
        if let Some(c) = r.ceiling {
            writeln!(out, "{:<12} {:>6.1}%", r.corpus, 100.0 * c).map_err(w)?;
        }
    }
    writeln!(out, "\nRanking passes (gold spans)").map_err(w)?;
    for r in &reports {
        if !r.passes.is_empty() {
            let p: Vec<String> = r.passes.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(out, "{:<12} {}", r.corpus, p.join(", ")).map_err(w)?;
        }
    }
    writeln!(out, "\nThroughput (own recognition + resolution, one core, after start-up)").map_err(w)?;
    for r in &reports {
        if let (Some(a), Some(m)) = (r.articles_per_second, r.megabytes_per_second) {
            writeln!(out, "{:<12} {:>9.0} articles/s {:>7.2} MB/s ({} articles)", r.corpus, a, m, r.articles).map_err(w)?;
        }
    }
    Ok(())
}

fn events(a: &EventsArgs) -> Result<()> {
    let path = a.records.clone().unwrap_or_else(|| a.bench.join("event_location/records.notokens.jsonl"));
    if !path.exists() {
        return Err(Error::input_hint("eval events", format!("{} not found", path.display()), "pass --bench DIR or --records FILE"));
    }
    let gaz = Gazetteer::default_for_cli()?;
    let records = eval::events::read_records(&path)?;
    let gold: Vec<_> = records.iter().filter(|r| r.gold).cloned().collect();
    let t0 = std::time::Instant::now();
    let g = eval::events::evaluate_links(&gold, gaz);
    let all = eval::events::evaluate_links(&records, gaz);
    let secs = t0.elapsed().as_secs_f64();
    if let Some(p) = &a.misses {
        let mut f = std::io::BufWriter::new(std::fs::File::create(p).map_err(|e| Error::io(p, e))?);
        for m in &g.misses {
            let v = serde_json::to_string(m).unwrap_or_default();
            writeln!(f, "{v}").map_err(|e| Error::io(p, e))?;
        }
    }
    let mut out = std::io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if a.json {
        let v = serde_json::json!({"relabel_gold": g, "all_records": all});
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(w)?;
        return Ok(());
    }
    writeln!(out, "Event-location linking ({})", path.display()).map_err(w)?;
    writeln!(out, "{:<14} {:>7} {:>9}   {:>9} {:>9}   {:>9} {:>9}", "set", "records", "accuracy", "with loc", "accuracy", "no loc", "accuracy").map_err(w)?;
    for (name, s) in [("RELABEL (gold)", &g), ("all records", &all)] {
        writeln!(out, "{:<14} {:>7} {:>8.1}%   {:>9} {:>8.1}%   {:>9} {:>8.1}%", name, s.records, 100.0 * s.accuracy, s.with_location, 100.0 * s.with_location_accuracy, s.without_location, 100.0 * s.without_location_accuracy).map_err(w)?;
    }
    writeln!(out).map_err(w)?;
    writeln!(out, "Recognition of the gold LOCATION spans that are names (each sentence's once)").map_err(w)?;
    writeln!(out, "{:<14} {:>7} {:>9} {:>12}", "set", "names", "exact", "overlapping").map_err(w)?;
    for (name, s) in [("RELABEL (gold)", &g), ("all records", &all)] {
        writeln!(out, "{:<14} {:>7} {:>8.1}% {:>11.1}%", name, s.location_names, 100.0 * s.location_names_exact, 100.0 * s.location_names_overlap).map_err(w)?;
    }
    writeln!(out, "({:.2} s for {} records)", secs, gold.len() + records.len()).map_err(w)?;
    Ok(())
}
