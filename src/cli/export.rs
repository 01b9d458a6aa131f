//! `conflictmap export -o FILE`: write the selected events as GeoJSON, GeoJSONSeq or CSV.

use std::path::PathBuf;

use super::common::{open_existing, write_output, FilterArgs};
use crate::export::{export, Format};
use crate::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output file; the format follows the extension (.geojson, .geojsons, .geojsonl, .csv). `-` = stdout.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Format, overriding the extension: GeoJSON, GeoJSONSeq, GeoJSONL, CSV.
    #[arg(short = 'f', long = "format")]
    pub format: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let format = match &args.format {
        Some(f) => f.parse::<Format>()?,
        None if args.output.as_os_str() == "-" => Format::GeoJson,
        None => Format::from_path(&args.output)?,
    };
    super::common::check_overwrite(&args.output, args.force)?;
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;
    let mut buf = Vec::with_capacity(events.len() * 600);
    export(&events, format, &mut buf)?;
    write_output(&args.output, &buf, args.force)?;
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {} event(s) to {} ({format})", events.len(), args.output.display());
    }
    Ok(())
}
