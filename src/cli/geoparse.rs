//! `conflictmap geoparse`: find and resolve place mentions in a text.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::resolve::{geoparse, Gazetteer};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to read (`-` or nothing for standard input).
    pub file: Option<PathBuf>,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub nl: bool,
}

pub fn run(_cli: &super::Cli, args: &Args) -> Result<()> {
    let (text, name) = read_text(args.file.as_deref())?;
    let gaz = Gazetteer::embedded();
    let mentions = geoparse(&text, gaz);
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
    let _ = name;
    out.flush().map_err(w)
}

fn trunc(s: &str, n: usize) -> String {
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
