//! `conflictmap timeline -o FILE.png`: events over time, stacked by type.

use std::path::PathBuf;

use super::common::{open_existing, write_output, FilterArgs};
use crate::render::{render_timeline, Bin, TimelineOptions};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output PNG file (`-` = stdout).
    #[arg(short, long, default_value = "output/timeline.png")]
    pub output: PathBuf,
    /// Bar width: day, week or month (default: chosen from the date span).
    #[arg(long)]
    pub bin: Option<String>,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 700)]
    pub height: u32,
    /// Title at the top.
    #[arg(long)]
    pub title: Option<String>,
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
    let bin = args.bin.as_deref().map(|b| b.parse::<Bin>()).transpose()?;
    super::common::check_overwrite(&args.output, args.force)?;
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;
    let opts = TimelineOptions { width: args.width, height: args.height, title: args.title.clone(), bin };
    let png = render_timeline(&events, &opts)?;
    write_output(&args.output, &png, args.force)?;
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {} ({} event(s))", args.output.display(), events.len());
    }
    Ok(())
}
