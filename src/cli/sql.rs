//! `conflictmap sql "SELECT …"`: one read-only SQL statement over the store, printed as a
//! table, CSV, JSON or JSON lines (sqlite-utils' output flags).

use std::io::Write;

use super::common::open_existing;
use crate::export::write_csv_row;
use crate::store::{point_from_blob, SqlOutput, SqlValue};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Tables: events (the point layer: fid, geom, event_date, date_start, date_end, event_type, \
sub_event_type, actor1, actor2, fatalities, location, lon, lat, country_code, admin1, geo_precision, source_url, \
sentence …), event_sources (every report of an event), articles, mentions.
Full text (FTS5): event_sources_fts (sentence), articles_fts (title, text), e.g.
  conflictmap sql \"SELECT id, title FROM articles WHERE id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'drone')\"
Functions: haversine_km(lon1, lat1, lon2, lat2), contains_ci(text, needle), ST_MinX(geom) … ST_MaxY(geom).
Geometries print as WKT (POINT (lon lat)); other blobs as x'hex'."
)]
pub struct Args {
    /// One SQL statement that only reads (SELECT, WITH … SELECT, EXPLAIN, PRAGMA table_info …).
    pub sql: String,
    /// Comma-separated values, with a header row.
    #[arg(long, group = "out")]
    pub csv: bool,
    /// One JSON array of objects.
    #[arg(long, group = "out")]
    pub json: bool,
    /// One JSON object per line.
    #[arg(long, group = "out")]
    pub nl: bool,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let store = open_existing(&cli.db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let w = |e: std::io::Error| Error::io("<stdout>", e);
    if args.csv {
        store.sql(&args.sql, |output| match output {
            SqlOutput::Columns(names) => {
                write_csv_row(&mut out, names.iter().map(String::as_str)).map_err(w)
            }
            SqlOutput::Row(row) => {
                let cells: Vec<String> = row.iter().map(text).collect();
                write_csv_row(&mut out, cells.iter().map(String::as_str)).map_err(w)
            }
        })?;
    } else if args.json || args.nl {
        let mut columns: Vec<String> = Vec::new();
        let mut first = true;
        if args.json {
            out.write_all(b"[").map_err(w)?;
        }
        store.sql(&args.sql, |output| {
            match output {
                SqlOutput::Columns(names) => columns = names.to_vec(),
                SqlOutput::Row(row) => {
                    if args.json {
                        out.write_all(if first { b"\n" } else { b",\n" })
                            .map_err(w)?;
                    }
                    first = false;
                    write_object(&mut out, &columns, row).map_err(w)?;
                    if args.nl {
                        out.write_all(b"\n").map_err(w)?;
                    }
                }
            }
            Ok(())
        })?;
        if args.json {
            out.write_all(b"\n]\n").map_err(w)?;
        }
    } else {
        let mut columns: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<(String, bool)>> = Vec::new();
        let n = store.sql(&args.sql, |output| {
            match output {
                SqlOutput::Columns(names) => columns = names.to_vec(),
                SqlOutput::Row(row) => rows.push(
                    row.iter()
                        .map(|v| {
                            (
                                text(v),
                                matches!(v, SqlValue::Integer(_) | SqlValue::Real(_)),
                            )
                        })
                        .collect(),
                ),
            }
            Ok(())
        })?;
        write_table(&mut out, &columns, &rows).map_err(w)?;
        out.flush().map_err(w)?;
        eprintln!("{n} row(s)");
    }
    out.flush().map_err(w)
}

/// A value as text: NULL is empty, a GeoPackage point is WKT, other blobs are `x'hex'`.
fn text(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => String::new(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(f) => f.to_string(),
        SqlValue::Text(t) => t.clone(),
        SqlValue::Blob(b) => match point_from_blob(b) {
            Some((x, y)) => format!("POINT ({x} {y})"),
            None => {
                let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
                format!("x'{hex}'")
            }
        },
    }
}

fn write_object(out: &mut dyn Write, columns: &[String], row: &[SqlValue]) -> std::io::Result<()> {
    out.write_all(b"{")?;
    for (i, (name, value)) in columns.iter().zip(row).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b":")?;
        match value {
            SqlValue::Null => out.write_all(b"null")?,
            SqlValue::Integer(n) => write!(out, "{n}")?,
            SqlValue::Real(f) => serde_json::to_writer(&mut *out, f)?,
            other => serde_json::to_writer(&mut *out, &text(other))?,
        }
    }
    out.write_all(b"}")
}

/// Columns padded to their widest cell (cut at 60 characters), numbers to the right.
fn write_table(
    out: &mut dyn Write,
    columns: &[String],
    rows: &[Vec<(String, bool)>],
) -> std::io::Result<()> {
    const MAX: usize = 60;
    let cut = |s: &str| -> String {
        let one_line = s.replace(['\n', '\r', '\t'], " ");
        if one_line.chars().count() > MAX {
            one_line
                .chars()
                .take(MAX - 1)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            one_line
        }
    };
    let header: Vec<String> = columns.iter().map(|c| cut(c)).collect();
    let body: Vec<Vec<(String, bool)>> = rows
        .iter()
        .map(|r| r.iter().map(|(s, num)| (cut(s), *num)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (i, (cell, _)) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<(String, bool)>, out: &mut dyn Write| -> std::io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|((cell, num), &width)| {
                if *num {
                    format!("{cell:>width$}")
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(header.into_iter().map(|h| (h, false)).collect(), out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|&n| "-".repeat(n))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for row in body {
        line(row, out)?;
    }
    Ok(())
}
