//! The integration tests: the real `conflictmap` binary on real files, stores, GIS tools
//! and HTTP servers on 127.0.0.1, one module per area. One test binary, so the library is
//! linked once.

mod common;

mod cli;
mod geoparse;
mod gis;
mod render;
