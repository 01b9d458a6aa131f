//! Map and timeline PNGs.
//!
//! Everything the images need (basemap layers, fonts) is compiled into the binary: no file or system
//! font is read at run time.

mod basemap;
mod canvas;
mod font;
mod png;
mod projection;
mod style;

pub use projection::Projection;
