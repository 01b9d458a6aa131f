//! Map and timeline PNGs.
//!
//! Everything the images need (basemap layers, fonts) is compiled into the binary: no file or system
//! font is read at run time.

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

pub use map::{map_projection, render_map, DENSITY_THRESHOLD};
pub use projection::Projection;

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
