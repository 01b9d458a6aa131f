//! `conflictmap geoparse`: find and resolve place mentions in a text.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::resolve::rank::Locale;
use crate::resolve::{geoparse_in, geoparse_spans_in, Gazetteer, PlaceMention};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "Offsets (start, end, and the spans you give) are Unicode character offsets into the text \
as read (not bytes), end exclusive. Output fields: start, end, text, kind, geonameid, name, lon, lat, \
country_code, feature_code, place_kind, admin1, score, pass, rule; unresolved spans have null ones. \
A demonym or adjective (kind \"demonym\": Syrian, Aleppan) carries the place it refers to, as evidence; \
event coding never places an event on it.")]
pub struct Args {
    /// The text to read (`-` or nothing for standard input).
    #[arg(conflicts_with = "jsonl")]
    pub file: Option<PathBuf>,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub nl: bool,
    /// Resolve exactly these spans instead of finding them: a JSON array of [start, end]
    /// Unicode character offsets into the text as read. One output line per span, in order.
    #[arg(long, value_name = "FILE")]
    pub spans: Option<PathBuf>,
    /// A whole corpus in one run: one JSON object per line, {"id": ..., "text": ...,
    /// "spans": [[start, end], ...], "url": "..."} (spans and url optional, spans in Unicode
    /// character offsets into text; id defaults to the line number). Prints one line per
    /// document: {"id": ..., "mentions": [...]}.
    #[arg(long, value_name = "FILE|-", conflicts_with = "spans")]
    pub jsonl: Option<PathBuf>,
    /// The address of the page the text comes from: a news site under a country's domain
    /// ("thejournal.ie", "news.com.au") makes that country likelier for ambiguous names.
    #[arg(long, value_name = "URL", conflicts_with = "jsonl")]
    pub url: Option<String>,
}

pub fn run(_cli: &super::Cli, args: &Args) -> Result<()> {
    if let Some(corpus) = &args.jsonl {
        return run_jsonl(corpus);
    }
    let (text, name) = read_text(args.file.as_deref())?;
    let gaz = Gazetteer::default_for_cli()?;
    let locale = args.url.as_deref().map(Locale::for_url).unwrap_or_default();
    let mentions = match &args.spans {
        Some(path) => {
            let spans = read_spans(path)?;
            check_spans(&spans, &text, &format!("{} (spans for {name})", path.display()))?;
            geoparse_spans_in(&text, &spans, gaz, &locale)
        }
        None => geoparse_in(&text, gaz, &locale),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let w = |e| Error::io("<stdout>", e);
    if args.nl {
        for m in &mentions {
            serde_json::to_writer(&mut out, m).map_err(|e| Error::io("<stdout>", e.into()))?;
            writeln!(out).map_err(w)?;
        }
    } else {
        writeln!(out, "{:>6} {:>6}  {:<24} {:>9}  {:<28} {:>2} {:<5} {:>9} {:>9} {:>5}  pass",
            "start", "end", "text", "geonameid", "name", "cc", "fcode", "lat", "lon", "score").map_err(w)?;
        for m in &mentions {
            writeln!(out, "{:>6} {:>6}  {:<24} {:>9}  {:<28} {:>2} {:<5} {:>9} {:>9} {:>5.2}  {}",
                m.start, m.end, trunc(&m.text, 24),
                m.geonameid.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
                trunc(m.name.as_deref().unwrap_or(if m.kind == crate::extract::toponyms::SpanKind::Demonym { "(demonym)" } else { "-" }), 28),
                m.country_code.as_deref().unwrap_or(""), m.feature_code.as_deref().unwrap_or(""),
                m.lat.map(|v| format!("{v:.4}")).unwrap_or_default(), m.lon.map(|v| format!("{v:.4}")).unwrap_or_default(),
                m.score, m.pass).map_err(w)?;
        }
    }
    out.flush().map_err(w)
}

/// A `--spans` file: a JSON array of `[start, end]` pairs.
fn read_spans(path: &Path) -> Result<Vec<(usize, usize)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::input_hint(path.display().to_string(), format!("not a JSON array of [start, end] pairs: {e}"), "write e.g. [[10, 16], [40, 47]] (Unicode character offsets)")
    })
}

/// Every span must lie within the text, start before end.
fn check_spans(spans: &[(usize, usize)], text: &str, location: &str) -> Result<()> {
    let n = text.chars().count();
    for (k, &(s, e)) in spans.iter().enumerate() {
        if s > e || e > n {
            return Err(Error::input_hint(
                location,
                format!("span {} [{s}, {e}] is not within the text ({n} characters)", k + 1),
                "spans are [start, end) Unicode character offsets, not byte offsets",
            ));
        }
    }
    Ok(())
}

/// One line of a `--jsonl` corpus.
#[derive(serde::Deserialize)]
struct Doc {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    spans: Option<Vec<(usize, usize)>>,
    /// The page's address (its domain's country is a hint, see `--url`).
    #[serde(default)]
    url: Option<String>,
}

/// One output line of `--jsonl`.
#[derive(serde::Serialize)]
struct DocMentions<'a> {
    id: &'a serde_json::Value,
    mentions: &'a [PlaceMention],
}

fn run_jsonl(path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    let name = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::io("<stdin>", e))?;
        "<stdin>".to_string()
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        path.display().to_string()
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count();
        Error::input(format!("{name}:{line}"), format!("not valid UTF-8 (first bad byte at offset {at})"))
    })?;
    // read and check every line before resolving any: a bad line costs no output
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let mut doc: Doc = serde_json::from_str(line).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(m, _)| m).to_string();
            Error::input_hint(&at, format!("{msg} (column {})", e.column()), r#"each line is one JSON object: {"id": ..., "text": "...", "spans": [[start, end], ...]}"#)
        })?;
        if doc.id.is_null() {
            doc.id = serde_json::Value::from(i + 1);
        }
        if let Some(spans) = &doc.spans {
            check_spans(spans, &doc.text, &at)?;
        }
        docs.push(doc);
    }
    let gaz = Gazetteer::default_for_cli()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let w = |e| Error::io("<stdout>", e);
    for doc in &docs {
        let locale = doc.url.as_deref().map(Locale::for_url).unwrap_or_default();
        let mentions = match &doc.spans {
            Some(spans) => geoparse_spans_in(&doc.text, spans, gaz, &locale),
            None => geoparse_in(&doc.text, gaz, &locale),
        };
        serde_json::to_writer(&mut out, &DocMentions { id: &doc.id, mentions: &mentions }).map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
    }
    out.flush().map_err(w)
}

pub(super) fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n - 1).chain(std::iter::once('…')).collect() }
}

/// Read a whole text file or standard input as UTF-8.
pub fn read_text(path: Option<&std::path::Path>) -> Result<(String, String)> {
    let mut bytes = Vec::new();
    let name = match path {
        None => "-".to_string(),
        Some(p) if p.as_os_str() == "-" => "-".to_string(),
        Some(p) => p.display().to_string(),
    };
    if name == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::io("<stdin>", e))?;
    } else {
        bytes = std::fs::read(&name).map_err(|e| Error::io(&name, e))?;
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::input(&name, format!("not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    Ok((text, name))
}
