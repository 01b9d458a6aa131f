//! `conflictmap gazetteer`: import GeoNames dumps into a user index, show which index is
//! in use, look names up.

use std::io::Write;
use std::path::PathBuf;

use crate::resolve::gazetteer::{default_user_index_path, write_index, IndexMeta, GAZETTEER_ENV};
use crate::resolve::import::{import, ImportOptions};
use crate::resolve::{candidates_for, Gazetteer, NameKind, Posting};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Merge GeoNames dumps into the embedded gazetteer and write a user index, which every
    /// command then uses. Reads, plain or zipped as downloaded: allCountries.txt / XX.txt
    /// (19 columns), alternateNamesV2.txt, admin1CodesASCII.txt, admin2Codes.txt,
    /// countryInfo.txt. Each import starts again from the embedded gazetteer: pass every
    /// file at once.
    ///
    /// Example: conflictmap gazetteer import SY.zip IQ.zip alternateNamesV2.zip admin1CodesASCII.txt
    Import(ImportArgs),
    /// Print which gazetteer is in use (embedded or a user index) and its counts.
    ///
    /// Example: conflictmap gazetteer info
    Info(InfoArgs),
    /// Print the candidates for a name: id, name, kind, feature code, country, admin1,
    /// position, population and how the name matched.
    ///
    /// Example: conflictmap gazetteer lookup Tripoli
    Lookup(LookupArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// GeoNames files (.txt or .zip).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the index [default: $CONFLICTMAP_GAZETTEER, else
    /// ~/.local/share/conflictmap/gazetteer.idx].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing index file.
    #[arg(long)]
    pub force: bool,
    /// Keep only these GeoNames feature classes from the geoname tables (e.g. `PA` for
    /// populated places and divisions): a smaller index for allCountries.
    #[arg(long, value_name = "CLASSES")]
    pub classes: Option<String>,
    /// Keep only places in these countries (ISO codes, comma-separated) from the geoname tables.
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    pub countries: Vec<String>,
    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// A place name as written ("Tripoli", "Deir ez-Zor", "U.S.").
    pub name: String,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub nl: bool,
    /// At most this many candidates (most populous first).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(_cli: &super::Cli, args: &Args) -> Result<()> {
    match &args.what {
        What::Import(a) => run_import(a),
        What::Info(a) => info(a),
        What::Lookup(a) => lookup(a),
    }
}

fn stdout_err(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// `$CONFLICTMAP_GAZETTEER` when set to a path, else the default user index path.
fn user_index_path() -> Option<PathBuf> {
    match std::env::var_os(GAZETTEER_ENV) {
        Some(v) if !v.is_empty() && v != "embedded" => Some(PathBuf::from(v)),
        _ => default_user_index_path(),
    }
}

fn run_import(a: &ImportArgs) -> Result<()> {
    let output = match a.output.clone().or_else(user_index_path) {
        Some(p) => p,
        None => return Err(Error::input_hint("gazetteer import", "no home directory to put the index in", "pass --output PATH")),
    };
    if output.exists() && !a.force {
        return Err(Error::input_hint(
            output.display().to_string(),
            "already exists",
            "pass --force to replace it (an import always starts again from the embedded gazetteer)",
        ));
    }
    let mut classes = Vec::new();
    for c in a.classes.as_deref().unwrap_or("").chars().filter(|c| *c != ',') {
        if !"ADHLPRSTUV".contains(c.to_ascii_uppercase()) {
            return Err(Error::input_hint("--classes", format!("{c:?} is not a GeoNames feature class"), "use letters from A H L P R S T U V, e.g. --classes PA"));
        }
        classes.push(c.to_ascii_uppercase());
    }
    let opts = ImportOptions { classes, countries: a.countries.iter().map(|c| c.trim().to_ascii_uppercase()).collect() };
    let t0 = std::time::Instant::now();
    let (blobs, report) = import(&a.files, &opts)?;
    let meta = IndexMeta {
        conflictmap_version: env!("CARGO_PKG_VERSION").to_string(),
        created_unix: chrono::Utc::now().timestamp(),
        embedded_places: Gazetteer::embedded().len(),
        embedded_name_keys: Gazetteer::embedded().name_count(),
        places: report.places,
        name_keys: report.name_keys,
        sources: a.files.iter().map(|f| f.display().to_string()).collect(),
    };
    write_index(&output, &blobs, &meta)?;
    let secs = t0.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = serde_json::json!({ "output": output.display().to_string(), "seconds": secs, "report": report });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(stdout_err)?;
        return Ok(());
    }
    writeln!(out, "{:<48} {:<16} {:>10} {:>10} {:>10}", "file", "kind", "lines", "used", "skipped").map_err(stdout_err)?;
    for f in &report.files {
        let kind = serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        writeln!(out, "{:<48} {:<16} {:>10} {:>10} {:>10}", f.file, kind, f.lines, f.used, f.skipped).map_err(stdout_err)?;
    }
    writeln!(
        out,
        "\n{} embedded places, {} added, {} updated, {} names added: {} places, {} name keys\nwrote {} ({:.1} MB) in {:.1} s",
        report.embedded_places,
        report.places_added,
        report.places_updated,
        report.names_added,
        report.places,
        report.name_keys,
        output.display(),
        std::fs::metadata(&output).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0),
        secs
    )
    .map_err(stdout_err)?;
    if a.output.is_some() && std::env::var_os(GAZETTEER_ENV).is_none() && Some(&output) != default_user_index_path().as_ref() {
        eprintln!("hint: commands use it when {GAZETTEER_ENV}={} is set", output.display());
    }
    Ok(())
}

fn info(a: &InfoArgs) -> Result<()> {
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::default_for_cli()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    let mut sources = std::collections::BTreeMap::<&str, usize>::new();
    for i in 0..gaz.len() as u32 {
        let p = gaz.place(i);
        *kinds.entry(p.kind.as_str()).or_default() += 1;
        *sources.entry(p.source).or_default() += 1;
    }
    let embedded = Gazetteer::embedded();
    let stale = gaz
        .origin()
        .is_some_and(|(_, m)| m.embedded_places != embedded.len() || m.embedded_name_keys != embedded.name_count());
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = serde_json::json!({
            "index": gaz.origin().map(|(p, _)| p.display().to_string()).unwrap_or_else(|| "embedded".into()),
            "header": gaz.origin().map(|(_, m)| m),
            "stale": stale,
            "places": gaz.len(),
            "name_keys": gaz.name_count(),
            "load_ms": load_ms,
            "kinds": kinds,
            "sources": sources,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(stdout_err)?;
        return Ok(());
    }
    match gaz.origin() {
        None => {
            writeln!(out, "index:      embedded (compiled into the binary from data/gazetteer/)").map_err(stdout_err)?;
            if let Some(p) = default_user_index_path().filter(|_| std::env::var_os(GAZETTEER_ENV).is_none()) {
                writeln!(out, "user index: none at {} (create one with `conflictmap gazetteer import`)", p.display()).map_err(stdout_err)?;
            }
        }
        Some((path, m)) => {
            writeln!(out, "index:      {}", path.display()).map_err(stdout_err)?;
            let when = chrono::DateTime::from_timestamp(m.created_unix, 0).map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
            writeln!(out, "written:    {when} by conflictmap {}", m.conflictmap_version).map_err(stdout_err)?;
            writeln!(out, "imported:   {}", m.sources.join(" ")).map_err(stdout_err)?;
            writeln!(out, "base:       embedded gazetteer of {} places", m.embedded_places).map_err(stdout_err)?;
        }
    }
    writeln!(out, "places:     {}\nname keys:  {}\nready in:   {load_ms:.1} ms", gaz.len(), gaz.name_count()).map_err(stdout_err)?;
    let list = |m: &std::collections::BTreeMap<&str, usize>| m.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
    writeln!(out, "kinds:      {}\nsources:    {}", list(&kinds), list(&sources)).map_err(stdout_err)?;
    if stale {
        eprintln!("warning: this index was built on a different embedded gazetteer ({} places) than this binary's ({}): re-run `conflictmap gazetteer import` to pick up its changes",
            gaz.origin().map(|(_, m)| m.embedded_places).unwrap_or(0), embedded.len());
    }
    Ok(())
}

/// One candidate, as `gazetteer lookup` prints it.
#[derive(serde::Serialize)]
struct Candidate<'a> {
    geonameid: i64,
    name: &'a str,
    kind: &'static str,
    feature_code: String,
    country_code: String,
    admin1: &'a str,
    lon: f64,
    lat: f64,
    population: u32,
    /// `primary`, `alternate`, `abbreviation` or `demonym`; `+squashed` when only the
    /// space-free form matched; `(in span)` when found by the span rules, not the name as given.
    matched: String,
    source: &'static str,
}

fn lookup(a: &LookupArgs) -> Result<()> {
    let gaz = Gazetteer::default_for_cli()?;
    let (found, direct): (Vec<Posting>, bool) = match gaz.lookup(&a.name) {
        v if !v.is_empty() => (v, true),
        _ => (candidates_for(&a.name, gaz), false),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if found.is_empty() {
        eprintln!("no place called {:?} in the {} gazetteer", a.name, if gaz.origin().is_some() { "user" } else { "embedded" });
    }
    let rows: Vec<Candidate> = found
        .iter()
        .take(a.limit)
        .map(|c| {
            let p = gaz.place(c.place);
            let how = match c.name_kind {
                NameKind::Primary => "primary",
                NameKind::Alternate => "alternate",
                NameKind::Abbreviation => "abbreviation",
                NameKind::Demonym => "demonym",
            };
            let matched = format!("{how}{}{}", if c.squashed { "+squashed" } else { "" }, if direct { "" } else { " (in span)" });
            Candidate {
                geonameid: p.id,
                name: p.name(),
                kind: p.kind.as_str(),
                feature_code: p.fcode().to_string(),
                country_code: p.cc().to_string(),
                admin1: p.admin1(),
                lon: p.lon,
                lat: p.lat,
                population: p.population,
                matched,
                source: p.source,
            }
        })
        .collect();
    if a.nl {
        for r in &rows {
            serde_json::to_writer(&mut out, r).map_err(|e| stdout_err(e.into()))?;
            writeln!(out).map_err(stdout_err)?;
        }
    } else {
        writeln!(out, "{:>10}  {:<28} {:<9} {:<5} {:<2} {:<6} {:>10} {:>9} {:>11}  {:<20} source",
            "geonameid", "name", "kind", "fcode", "cc", "admin1", "lon", "lat", "population", "matched").map_err(stdout_err)?;
        for r in &rows {
            writeln!(out, "{:>10}  {:<28} {:<9} {:<5} {:<2} {:<6} {:>10.4} {:>9.4} {:>11}  {:<20} {}",
                r.geonameid, super::geoparse::trunc(r.name, 28), r.kind, r.feature_code, r.country_code, r.admin1,
                r.lon, r.lat, r.population, r.matched, r.source).map_err(stdout_err)?;
        }
    }
    if found.len() > a.limit {
        eprintln!("({} more; raise --limit)", found.len() - a.limit);
    }
    out.flush().map_err(stdout_err)
}
