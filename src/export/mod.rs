//! Exports of events for GIS tools and spreadsheets.
//!
//! | `-o` extension        | [`Format`]                  | what                                   |
//! |-----------------------|-----------------------------|----------------------------------------|
//! | `.geojson`, `.json`   | [`Format::GeoJson`]         | RFC 7946 FeatureCollection             |
//! | `.geojsons`           | [`Format::GeoJsonSeq`]      | RFC 8142 GeoJSON text sequence (RS …LF) |
//! | `.geojsonl`, `.ndjson`| [`Format::GeoJsonLines`]    | one Feature per line                   |
//! | `.csv`                | [`Format::Csv`]             | ACLED's columns, RFC 4180              |
//!
//! Every writer streams: one feature or row at a time, nothing held but the current one.

mod csv;
mod geojson;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use self::csv::ACLED_COLUMNS;

use crate::events::Event;
use crate::{Error, Result};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 7946 FeatureCollection of Point features.
    GeoJson,
    /// RFC 8142 GeoJSON text sequence: each Feature preceded by RS (0x1E), followed by LF.
    GeoJsonSeq,
    /// Newline-delimited GeoJSON: one Feature per line (what `ogr2ogr -f GeoJSONSeq`
    /// writes by default, and what tippecanoe reads).
    GeoJsonLines,
    /// CSV with ACLED's column names (see [`ACLED_COLUMNS`]).
    Csv,
}

const EXTENSION_HINT: &str =
    "use .geojson, .json, .geojsons, .geojsonl, .ndjson or .csv, or name the format";

impl Format {
    /// The format an output path asks for, from its extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("geojson" | "json") => Ok(Format::GeoJson),
            Some("geojsons") => Ok(Format::GeoJsonSeq),
            Some("geojsonl" | "ndjson") => Ok(Format::GeoJsonLines),
            Some("csv") => Ok(Format::Csv),
            Some(other) => Err(Error::input_hint(
                path.display().to_string(),
                format!("cannot export to a .{other} file"),
                EXTENSION_HINT,
            )),
            None => Err(Error::input_hint(
                path.display().to_string(),
                "has no extension to tell the export format by",
                EXTENSION_HINT,
            )),
        }
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Format names as GDAL spells its drivers (`GeoJSON`, `GeoJSONSeq`, `CSV`),
    /// case-insensitive, plus `GeoJSONL`/`ndjson` for newline-delimited GeoJSON.
    fn from_str(name: &str) -> Result<Format> {
        match name.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "geojsonseq" | "geojsons" => Ok(Format::GeoJsonSeq),
            "geojsonl" | "ndjson" => Ok(Format::GeoJsonLines),
            "csv" => Ok(Format::Csv),
            _ => Err(Error::input_hint(
                "--format",
                format!("unknown export format {name:?}"),
                "one of GeoJSON, GeoJSONSeq, GeoJSONL, CSV",
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::GeoJson => "GeoJSON",
            Format::GeoJsonSeq => "GeoJSONSeq",
            Format::GeoJsonLines => "GeoJSONL",
            Format::Csv => "CSV",
        })
    }
}

/// Write `events` to `out` in `format`. Output is buffered here; write errors (a broken
/// pipe included) come back as [`Error::Io`] with the `io::Error` as source.
pub fn export(events: &[Event], format: Format, out: &mut dyn Write) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let written = match format {
        Format::GeoJson => geojson::write_collection(events, &mut out),
        Format::GeoJsonSeq => geojson::write_sequence(events, &mut out, b"\x1e"),
        Format::GeoJsonLines => geojson::write_sequence(events, &mut out, b""),
        Format::Csv => csv::write(events, &mut out),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(PathBuf::from(format!("{format} output")), e))
}

/// A coordinate rounded to 6 decimals (about 0.1 m), never negative zero.
///
/// # Units
/// Decimal degrees in, decimal degrees out.
fn round6(degrees: f64) -> f64 {
    (degrees * 1e6).round() / 1e6 + 0.0
}

#[cfg(test)]
mod tests;
