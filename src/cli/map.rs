//! `conflictmap map -o FILE.png`: a static map of the selected events.

use std::path::PathBuf;

use super::common::{open_existing, write_output, FilterArgs};
use crate::render::{render_map, MapOptions};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output PNG file (`-` = stdout).
    #[arg(short, long, default_value = "output/map.png")]
    pub output: PathBuf,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 1200)]
    pub height: u32,
    /// Title at the top (default: "Conflict events").
    #[arg(long)]
    pub title: Option<String>,
    /// Show this area instead of fitting the events: XMIN YMIN XMAX YMAX in degrees.
    #[arg(long, num_args = 4, value_names = ["XMIN", "YMIN", "XMAX", "YMAX"], allow_negative_numbers = true)]
    pub extent: Option<Vec<f64>>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    if args.width < 200 || args.height < 150 || args.width > 10_000 || args.height > 10_000 {
        return Err(Error::input("--width/--height", format!("{}×{} is outside 200×150 … 10000×10000", args.width, args.height)));
    }
    super::common::check_overwrite(&args.output, args.force)?;
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;
    let opts = MapOptions {
        width: args.width,
        height: args.height,
        title: args.title.clone(),
        subtitle: None,
        bbox: args.extent.as_ref().map(|v| [v[0], v[1], v[2], v[3]]),
    };
    let png = render_map(&events, &opts)?;
    write_output(&args.output, &png, args.force)?;
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {} ({} event(s))", args.output.display(), events.len());
    }
    Ok(())
}
