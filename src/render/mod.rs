//! Map and timeline PNGs.
