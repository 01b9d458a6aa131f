//! Map and timeline PNGs.
//!
//! [`render_map`] draws events on a Web Mercator map over an embedded Natural Earth basemap: markers
//! coloured and shaped by ACLED event type and sized by fatalities, or a density grid above
//! [`DENSITY_THRESHOLD`] events. [`render_timeline`] draws event counts per day, week or month, stacked
//! by type, with fatalities on a second axis. Both return PNG bytes; the caller decides where they go.
//!
//! Everything the images need (basemap layers, fonts) is compiled into the binary: no file or system
//! font is read at run time.
//!
//! ```
//! use conflictmap::render::{map_projection, render_map, MapOptions};
//! let opts = MapOptions { width: 320, height: 240, ..MapOptions::default() };
//! let png = render_map(&[], &opts).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! // With no events the map shows the world.
//! assert!(map_projection(&[], &opts).unwrap().width_km() > 10_000.0);
//! ```
//!
//! Files: `projection.rs` (Web Mercator), `basemap.rs` (Natural Earth layers), `map.rs` (view,
//! markers, labels) with `legend.rs`, `density.rs` and `furniture.rs` (title, scale bar, north
//! arrow), `labels.rs` (collision-free placement), `timeline.rs`, `style.rs` (palette), `font.rs`
//! (embedded fonts, glyph metrics), `canvas.rs` (antialiased drawing), `png.rs` (encoding).

mod basemap;
mod canvas;
mod density;
mod font;
mod furniture;
mod labels;
mod legend;
mod map;
mod png;
mod projection;
mod style;
mod svg;
mod tiles;
mod timeline;

#[cfg(test)]
mod tests;

pub use map::{map_projection, render_map, render_map_frames, render_map_report, Frame, Rendered, DENSITY_THRESHOLD};
pub use projection::{bbox_around, Projection};
pub use tiles::TileSource;
pub use timeline::render_timeline;

use crate::{Error, Result};

/// How to draw a map.
///
/// # Units
/// `width`/`height` in pixels; `bbox` is `[lon_min, lat_min, lon_max, lat_max]` in WGS 84 degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    pub width: u32,
    pub height: u32,
    /// Defaults to "Conflict events".
    pub title: Option<String>,
    /// Defaults to the date range and the number of events.
    pub subtitle: Option<String>,
    /// Show exactly this area instead of fitting the view to the events; only the events inside it are
    /// counted and listed.
    pub bbox: Option<[f64; 4]>,
    pub format: ImageFormat,
    /// Draw raster tiles from this server under the events instead of the vector basemap.
    pub tiles: Option<TileSource>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions { width: 1600, height: 1200, title: None, subtitle: None, bbox: None, format: ImageFormat::Png, tiles: None }
    }
}

/// What the render functions return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageFormat {
    #[default]
    Png,
    /// SVG 1.1: real text, one element per event marker; opens in browsers and vector editors.
    Svg,
}

impl ImageFormat {
    /// The format a file name's extension asks for (`.svg` → SVG, anything else → PNG).
    pub fn from_path(path: &std::path::Path) -> ImageFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("svg") => ImageFormat::Svg,
            _ => ImageFormat::Png,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

/// How to draw a timeline.
///
/// # Units
/// `width`/`height` in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineOptions {
    pub width: u32,
    pub height: u32,
    /// Defaults to "Events over time".
    pub title: Option<String>,
    /// Defaults to a bin that suits the date span (see [`Bin::for_span_days`]).
    pub bin: Option<Bin>,
    /// One panel per group (the largest `top` groups), sharing the date axis and the scales.
    pub by: Option<GroupBy>,
    /// How many groups get a panel with `by`.
    pub top: usize,
    pub format: ImageFormat,
}

/// What timeline small multiples are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Every actor involved (actor1 and actor2): an event appears in the panel of each of its actors.
    Actor,
    /// First-level division (ACLED admin1).
    Admin1,
    /// Country (ISO 3166-1 alpha-2 code).
    Country,
}

impl std::str::FromStr for GroupBy {
    type Err = Error;
    fn from_str(s: &str) -> Result<GroupBy> {
        match s.to_ascii_lowercase().as_str() {
            "actor" | "actors" => Ok(GroupBy::Actor),
            "admin1" => Ok(GroupBy::Admin1),
            "country" | "countries" => Ok(GroupBy::Country),
            _ => Err(Error::input_hint("--by", format!("unknown grouping {s:?}"), "use actor, admin1 or country")),
        }
    }
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions { width: 1600, height: 700, title: None, bin: None, by: None, top: 6, format: ImageFormat::Png }
    }
}

/// The width of one timeline bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bin {
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Bin {
    /// The bin for a span of `days` between first and last event: up to 60 days → day, up to two
    /// years → week, longer → month.
    pub fn for_span_days(days: i64) -> Bin {
        if days <= 60 {
            Bin::Day
        } else if days <= 731 {
            Bin::Week
        } else {
            Bin::Month
        }
    }
}

impl Bin {
    /// The period starting on `start` in file-name form: `2024-03-12`, `2024-W11` (ISO week) or
    /// `2024-03`; these sort in date order.
    pub fn period_key(self, start: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        match self {
            Bin::Day => start.format("%Y-%m-%d").to_string(),
            Bin::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Bin::Month => start.format("%Y-%m").to_string(),
        }
    }

    /// The period starting on `start` for a reader: "12 Mar 2024", "Week 11, 11–17 Mar 2024", "March 2024".
    pub fn period_label(self, start: chrono::NaiveDate) -> String {
        match self {
            Bin::Day => start.format("%-d %b %Y").to_string(),
            Bin::Week => format!(
                "Week {}, {}",
                chrono::Datelike::iso_week(&start).week(),
                style::date_range(start, start + chrono::Duration::days(6))
            ),
            Bin::Month => start.format("%B %Y").to_string(),
        }
    }
}

impl std::str::FromStr for Bin {
    type Err = Error;
    fn from_str(s: &str) -> Result<Bin> {
        match s.to_ascii_lowercase().as_str() {
            "day" | "daily" => Ok(Bin::Day),
            "week" | "weekly" => Ok(Bin::Week),
            "month" | "monthly" => Ok(Bin::Month),
            _ => Err(Error::input_hint("--bin", format!("unknown bin {s:?}"), "use day, week or month")),
        }
    }
}

/// Reject image sizes we cannot draw (`what` names the caller's options in the error).
fn check_size(what: &str, width: u32, height: u32) -> Result<()> {
    const MIN: u32 = 64;
    const MAX: u32 = 16_384;
    if !(MIN..=MAX).contains(&width) || !(MIN..=MAX).contains(&height) {
        return Err(Error::input_hint(
            what,
            format!("image size {width}×{height} is out of range"),
            format!("width and height must be between {MIN} and {MAX} pixels"),
        ));
    }
    Ok(())
}
