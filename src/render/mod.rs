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
mod timeline;

#[cfg(test)]
mod tests;

pub use map::{map_projection, render_map, DENSITY_THRESHOLD};
pub use projection::Projection;
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
    /// Show exactly this area instead of fitting the view to the events.
    pub bbox: Option<[f64; 4]>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions { width: 1600, height: 1200, title: None, subtitle: None, bbox: None }
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
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions { width: 1600, height: 700, title: None, bin: None }
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
