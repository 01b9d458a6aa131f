//! The command line: one file per subcommand. Only this module prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod common;
mod demo;
mod eval;
mod explain;
mod export;
mod gazetteer;
mod geoparse;
mod ingest;
mod map;
mod query;
mod sql;
mod timeline;

/// conflictmap turns conflict news into mapped, queryable events.
#[derive(Debug, Parser)]
#[command(name = "conflictmap", version, about, long_about = None)]
pub struct Cli {
    /// The event store (a SQLite/GeoPackage file).
    #[arg(long, global = true, default_value = "output/conflictmap.gpkg", env = "CONFLICTMAP_DB")]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline on the bundled sample articles: store, GeoJSON, CSV, map and timeline in output/.
    ///
    /// Example: conflictmap demo
    Demo(demo::Args),
    /// Read news (text, HTML, JSON lines, RSS/Atom), code its events and add them to the store.
    ///
    /// Example: conflictmap ingest report.txt --published 2013-05-16
    Ingest(ingest::Args),
    /// List stored events, filtered by place, radius, box, date, type, actor or text.
    ///
    /// Example: conflictmap query --near Aleppo --radius-km 25 --since 2013-05-01
    #[command(visible_alias = "events")]
    Query(query::Args),
    /// Show why an event was coded as it was: the rule behind each field and every source.
    ///
    /// Example: conflictmap explain 12
    Explain(explain::Args),
    /// Write the selected events to a file: GeoJSON (RFC 7946), GeoJSONSeq, GeoJSON lines or CSV.
    ///
    /// Example: conflictmap export -o output/events.geojson
    Export(export::Args),
    /// Run one read-only SQL statement on the store (writes are refused).
    ///
    /// Example: conflictmap sql "SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC"
    Sql(sql::Args),
    /// Draw a PNG map of the selected events over a Natural Earth basemap.
    ///
    /// Example: conflictmap map -o output/map.png --country SY
    Map(map::Args),
    /// Draw a PNG timeline of the selected events, stacked by event type.
    ///
    /// Example: conflictmap timeline -o output/timeline.png --bin week
    Timeline(timeline::Args),
    /// Print every place mention found in a text (one JSON object per line with --nl).
    ///
    /// Example: conflictmap geoparse article.txt --nl
    Geoparse(geoparse::Args),
    /// Measure accuracy against gold corpora (see `eval geoparse --help`).
    Eval(eval::Args),
    /// Import GeoNames dumps into a user gazetteer, show which one is in use, look names up.
    ///
    /// Example: conflictmap gazetteer import SY.zip alternateNamesV2.zip
    Gazetteer(gazetteer::Args),
}

/// Parse the arguments, run, and map errors to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Demo(a) => demo::run(&cli, a),
        Command::Ingest(a) => ingest::run(&cli, a),
        Command::Query(a) => query::run(&cli, a),
        Command::Export(a) => export::run(&cli, a),
        Command::Sql(a) => sql::run(&cli, a),
        Command::Explain(a) => explain::run(&cli, a),
        Command::Map(a) => map::run(&cli, a),
        Command::Timeline(a) => timeline::run(&cli, a),
        Command::Geoparse(a) => geoparse::run(&cli, a),
        Command::Eval(a) => eval::run(&cli, a),
        Command::Gazetteer(a) => gazetteer::run(&cli, a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let crate::Error::Io { source, .. } = &e {
                if source.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
