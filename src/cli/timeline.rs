//! `conflictmap timeline -o FILE.png|FILE.svg`: events over time, stacked by type, optionally one
//! panel per actor, admin1 division or country.

use std::path::PathBuf;

use super::common::{open_existing, write_output, FilterArgs};
use crate::render::{render_timeline, Bin, GroupBy, ImageFormat, TimelineOptions};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output file: .png or .svg (`-` = PNG on stdout).
    #[arg(short, long, default_value = "output/timeline.png")]
    pub output: PathBuf,
    /// Bar width: day, week or month (default: chosen from the date span).
    #[arg(long)]
    pub bin: Option<String>,
    /// Small multiples: one panel per actor (actor1 or actor2), admin1 division or country, sharing
    /// the date axis and the scales.
    #[arg(long, value_name = "actor|admin1|country")]
    pub by: Option<String>,
    /// With --by: panels for this many groups, the largest first.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub top: usize,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Image height in pixels (default: 700, or 260 per panel with --by).
    #[arg(long)]
    pub height: Option<u32>,
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
    let by = args.by.as_deref().map(|b| b.parse::<GroupBy>()).transpose()?;
    if !(1..=50).contains(&args.top) {
        return Err(Error::input("--top", format!("{} is outside 1 … 50", args.top)));
    }
    let height = args.height.unwrap_or(if by.is_some() { (200 + 260 * args.top as u32).min(6000) } else { 700 });
    if args.width < 200 || height < 150 || args.width > 10_000 || height > 10_000 {
        return Err(Error::input("--width/--height", format!("{}×{height} is outside 200×150 … 10000×10000", args.width)));
    }
    let bin = args.bin.as_deref().map(|b| b.parse::<Bin>()).transpose()?;
    super::common::check_overwrite(&args.output, args.force)?;
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;
    let opts = TimelineOptions {
        width: args.width,
        height,
        title: args.title.clone(),
        bin,
        by,
        top: args.top,
        format: ImageFormat::from_path(&args.output),
    };
    let image = render_timeline(&events, &opts)?;
    write_output(&args.output, &image, args.force)?;
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {} ({} event(s))", args.output.display(), events.len());
    }
    Ok(())
}
