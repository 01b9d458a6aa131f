//! `conflictmap map -o FILE.png|FILE.svg`: a static map of the selected events, or one map per day,
//! week or month with `--every`.

use std::path::{Path, PathBuf};

use super::common::{open_existing, parse_point_or_place, write_output, FilterArgs};
use crate::render::{bbox_around, render_map_frames, render_map_report, Bin, ImageFormat, MapOptions, TileSource};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output file: .png or .svg (`-` = PNG on stdout). With --every: a folder, or a name with
    /// `{period}` in it (default: the name with -PERIOD before the extension).
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
    /// Subtitle under the title (default: the date range and the number of events).
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Show this area instead of fitting the events: XMIN YMIN XMAX YMAX in degrees.
    #[arg(long, num_args = 4, value_names = ["XMIN", "YMIN", "XMAX", "YMAX"], allow_negative_numbers = true, conflicts_with = "around")]
    pub extent: Option<Vec<f64>>,
    /// Show the area within --radius-km of a place name or LON,LAT (only the view: combine with
    /// --near to also select only those events).
    #[arg(long, value_name = "PLACE|LON,LAT")]
    pub around: Option<String>,
    /// One map per period, all with the same extent and legend: day, week (ISO) or month.
    #[arg(long, value_name = "PERIOD")]
    pub every: Option<String>,
    /// Raster tile basemap instead of the vector one: an URL template with {z}/{x}/{y}
    /// (OpenStreetMap-style). Falls back to the vector basemap, with a warning, if tiles cannot be had.
    #[arg(long, value_name = "URL_TEMPLATE")]
    pub tiles: Option<String>,
    /// Credit line for the tile server, drawn on the map (e.g. "© OpenStreetMap contributors").
    #[arg(long, value_name = "TEXT", requires = "tiles")]
    pub tiles_attribution: Option<String>,
    /// Where fetched tiles are kept [default: $XDG_CACHE_HOME or ~/.cache, then conflictmap/tiles].
    #[arg(long, value_name = "DIR", requires = "tiles")]
    pub tile_cache: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    if args.width < 200 || args.height < 150 || args.width > 10_000 || args.height > 10_000 {
        return Err(Error::input("--width/--height", format!("{}×{} is outside 200×150 … 10000×10000", args.width, args.height)));
    }
    let every = args.every.as_deref().map(|s| s.parse::<Bin>().map_err(|_| every_error(s))).transpose()?;
    let opts = options(args)?;
    if every.is_none() {
        super::common::check_overwrite(&args.output, args.force)?;
    }
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;

    let Some(every) = every else {
        let map = render_map_report(&events, &opts)?;
        for w in &map.warnings {
            eprintln!("warning: {w}");
        }
        write_output(&args.output, &map.bytes, args.force)?;
        if args.output.as_os_str() != "-" {
            eprintln!("wrote {} ({} event(s))", args.output.display(), events.len());
        }
        return Ok(());
    };

    // Check every frame's name before drawing any, so a refusal leaves no half series.
    if args.output.as_os_str() == "-" {
        return Err(Error::input_hint("--output", "--every writes one file per period, not stdout", "give a folder or a name with {period}"));
    }
    if let (Some(first), Some(last)) = (events.iter().map(|e| e.event_date).min(), events.iter().map(|e| e.event_date).max()) {
        for k in 0..=every.index(first, last).min(10_000) {
            super::common::check_overwrite(&frame_path(&args.output, &every.period_key(every.nth(first, k)), opts.format), args.force)?;
        }
    }
    let mut warned = false;
    let n = render_map_frames(&events, &opts, every, |frame| {
        if !warned {
            for w in &frame.warnings {
                eprintln!("warning: {w}");
            }
            warned = !frame.warnings.is_empty();
        }
        let path = frame_path(&args.output, &frame.key, opts.format);
        write_output(&path, &frame.bytes, args.force)?;
        eprintln!("wrote {} ({} event(s))", path.display(), frame.events);
        Ok(())
    })?;
    if n == 0 {
        eprintln!("no events match: no frames written");
    }
    Ok(())
}

fn every_error(s: &str) -> Error {
    Error::input_hint("--every", format!("unknown period {s:?}"), "use day, week or month")
}

/// The map options the flags ask for.
fn options(args: &Args) -> Result<MapOptions> {
    let bbox = match (&args.extent, &args.around) {
        (Some(v), _) => Some([v[0], v[1], v[2], v[3]]),
        (None, Some(place)) => {
            let (lon, lat) = parse_point_or_place(place).map_err(|e| match e {
                Error::Input { message, hint, .. } => Error::Input { location: "--around".into(), message, hint },
                other => other,
            })?;
            let r = args.filter.radius_km;
            if !(r > 0.0 && r.is_finite() && r <= 20_000.0) {
                return Err(Error::input("--radius-km", format!("must be between 0 and 20000 km, not {r}")));
            }
            Some(bbox_around(lon, lat, r))
        }
        (None, None) => None,
    };
    let tiles = match &args.tiles {
        None => None,
        Some(url) => {
            let mut t = TileSource::new(url)?;
            t.attribution = args.tiles_attribution.clone();
            t.cache_dir = args.tile_cache.clone().or_else(default_tile_cache);
            Some(t)
        }
    };
    Ok(MapOptions {
        width: args.width,
        height: args.height,
        title: args.title.clone(),
        subtitle: args.subtitle.clone(),
        bbox,
        format: ImageFormat::from_path(&args.output),
        tiles,
    })
}

/// `$XDG_CACHE_HOME/conflictmap/tiles`, else `~/.cache/conflictmap/tiles`.
fn default_tile_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("conflictmap").join("tiles"))
}

/// Where the frame for `key` goes: `{period}` in the name is replaced; a folder (existing, or
/// written with a trailing slash, or without an extension) gets `map-KEY.EXT`; otherwise `-KEY` goes
/// before the extension (`output/map.png` → `output/map-2024-W11.png`).
fn frame_path(output: &Path, key: &str, format: ImageFormat) -> PathBuf {
    let s = output.to_string_lossy();
    if s.contains("{period}") {
        return PathBuf::from(s.replace("{period}", key));
    }
    if output.is_dir() || s.ends_with('/') || output.extension().is_none() {
        return output.join(format!("map-{key}.{}", format.extension()));
    }
    let stem = output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "map".into());
    let ext = output.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_else(|| format.extension().into());
    output.with_file_name(format!("{stem}-{key}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_names() {
        let png = ImageFormat::Png;
        assert_eq!(frame_path(Path::new("output/map.png"), "2024-W11", png), PathBuf::from("output/map-2024-W11.png"));
        assert_eq!(frame_path(Path::new("frames/"), "2024-03", png), PathBuf::from("frames/map-2024-03.png"));
        assert_eq!(frame_path(Path::new("frames"), "2024-03", ImageFormat::Svg), PathBuf::from("frames/map-2024-03.svg"));
        assert_eq!(frame_path(Path::new("out/aleppo-{period}.svg"), "2024-03-12", png), PathBuf::from("out/aleppo-2024-03-12.svg"));
    }
}
