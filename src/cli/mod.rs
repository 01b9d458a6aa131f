//! The command line: one file per subcommand. Only this module prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod eval;
mod geoparse;

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
    /// Print every place mention found in a text (one JSON object per line with --nl).
    Geoparse(geoparse::Args),
    /// Measure accuracy against gold corpora (see `eval geoparse --help`).
    Eval(eval::Args),
}

/// Parse the arguments, run, and map errors to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Geoparse(a) => geoparse::run(&cli, a),
        Command::Eval(a) => eval::run(&cli, a),
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
