//! Exports of events for GIS tools, spreadsheets and browsers.
//!
//! | `-o` extension        | [`Format`]                  | what                                         |
//! |-----------------------|-----------------------------|----------------------------------------------|
//! | `.geojson`, `.json`   | [`Format::GeoJson`]         | RFC 7946 FeatureCollection                   |
//! | `.geojsons`           | [`Format::GeoJsonSeq`]      | RFC 8142 GeoJSON text sequence (RS …LF)      |
//! | `.geojsonl`, `.ndjson`| [`Format::GeoJsonLines`]    | one Feature per line                         |
//! | `.csv`                | [`Format::Csv`]             | ACLED's columns, RFC 4180                    |
//! | `.kml`                | [`Format::Kml`]             | KML 2.2 placemarks, styled by type, dated    |
//! | `.html`, `.htm`       | [`Format::Html`]            | a self-contained Leaflet page                |
//! | `.gpkg`               | [`Format::GeoPackage`]      | a store of the subset ([`crate::store::Store::copy_events`]) |
//!
//! Every text format streams through a [`Writer`]: one feature or row at a time, nothing
//! held but the current one. A GeoPackage is a database, written by the store itself.

mod csv;
mod geojson;
mod kml;
mod land;
mod leaflet;
mod palette;

use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use self::csv::{write_csv_row, ACLED_COLUMNS};

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
    /// KML 2.2: one Placemark per event, coloured by type, with a TimeStamp (Google
    /// Earth's time slider) and every field as ExtendedData.
    Kml,
    /// One HTML page with Leaflet, the events and a light land layer inlined: markers
    /// coloured by type, popups, a date filter. Works from `file://` with no network.
    Html,
    /// A GeoPackage holding the selected events with their reports and articles: a
    /// conflictmap store of its own. Not a stream: see [`Format::is_stream`].
    GeoPackage,
}

const EXTENSION_HINT: &str =
    "use .geojson, .json, .geojsons, .geojsonl, .ndjson, .csv, .kml, .html or .gpkg, or name the format with -f";

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
            Some("kml") => Ok(Format::Kml),
            Some("html" | "htm") => Ok(Format::Html),
            Some("gpkg") => Ok(Format::GeoPackage),
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

    /// Whether [`Writer`] can write it (every format but [`Format::GeoPackage`]).
    pub fn is_stream(self) -> bool {
        self != Format::GeoPackage
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Format names as GDAL spells its drivers (`GeoJSON`, `GeoJSONSeq`, `CSV`, `KML`,
    /// `GPKG`), case-insensitive, plus `GeoJSONL`/`ndjson` for newline-delimited GeoJSON
    /// and `HTML`/`Leaflet` for the web page.
    fn from_str(name: &str) -> Result<Format> {
        match name.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "geojsonseq" | "geojsons" => Ok(Format::GeoJsonSeq),
            "geojsonl" | "ndjson" => Ok(Format::GeoJsonLines),
            "csv" => Ok(Format::Csv),
            "kml" => Ok(Format::Kml),
            "html" | "htm" | "leaflet" => Ok(Format::Html),
            "gpkg" | "geopackage" => Ok(Format::GeoPackage),
            _ => Err(Error::input_hint(
                "--format",
                format!("unknown export format {name:?}"),
                "one of GeoJSON, GeoJSONSeq, GeoJSONL, CSV, KML, HTML, GPKG",
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
            Format::Kml => "KML",
            Format::Html => "HTML",
            Format::GeoPackage => "GPKG",
        })
    }
}

/// Writes events in one format, one at a time: [`Writer::new`] writes the header,
/// [`Writer::write`] each event, [`Writer::finish`] the footer. Output is buffered here;
/// write errors (a broken pipe included) come back as [`Error::Io`] with the `io::Error`
/// as source.
pub struct Writer<'w> {
    format: Format,
    out: BufWriter<&'w mut dyn Write>,
    count: u64,
}

impl<'w> Writer<'w> {
    /// Start an export to `out`. [`Format::GeoPackage`] is refused: it is not a stream.
    pub fn new(format: Format, out: &'w mut dyn Write) -> Result<Writer<'w>> {
        let mut writer = Writer {
            format,
            out: BufWriter::with_capacity(1 << 16, out),
            count: 0,
        };
        let begun = match format {
            Format::GeoJson => geojson::begin_collection(&mut writer.out),
            Format::GeoJsonSeq | Format::GeoJsonLines => Ok(()),
            Format::Csv => csv::begin(&mut writer.out),
            Format::Kml => kml::begin(&mut writer.out),
            Format::Html => leaflet::begin(&mut writer.out),
            Format::GeoPackage => {
                return Err(Error::input_hint(
                    "--format",
                    "a GeoPackage cannot be streamed",
                    "write it to a file (-o events.gpkg); it is copied from the store",
                ))
            }
        };
        begun.map_err(|e| writer.io_error(e))?;
        Ok(writer)
    }

    /// Write one event.
    pub fn write(&mut self, event: &Event) -> Result<()> {
        let first = self.count == 0;
        let out = &mut self.out;
        let written = match self.format {
            Format::GeoJson => geojson::collection_feature(event, first, out),
            Format::GeoJsonSeq => geojson::sequence_feature(event, b"\x1e", out),
            Format::GeoJsonLines => geojson::sequence_feature(event, b"", out),
            Format::Csv => csv::row(event, out),
            Format::Kml => kml::placemark(event, out),
            Format::Html => leaflet::feature(event, first, out),
            Format::GeoPackage => unreachable!("refused by Writer::new"),
        };
        written.map_err(|e| self.io_error(e))?;
        self.count += 1;
        Ok(())
    }

    /// Write the footer and flush. Returns how many events were written.
    pub fn finish(mut self) -> Result<u64> {
        let out = &mut self.out;
        let ended = match self.format {
            Format::GeoJson => geojson::end_collection(out),
            Format::Kml => kml::end(out),
            Format::Html => leaflet::end(out),
            _ => Ok(()),
        };
        ended
            .and_then(|()| self.out.flush())
            .map_err(|e| self.io_error(e))?;
        Ok(self.count)
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        Error::io(PathBuf::from(format!("{} output", self.format)), e)
    }
}

/// Write `events` to `out` in `format` (any but [`Format::GeoPackage`]).
pub fn export(events: &[Event], format: Format, out: &mut dyn Write) -> Result<()> {
    let mut writer = Writer::new(format, out)?;
    for event in events {
        writer.write(event)?;
    }
    writer.finish().map(|_| ())
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
