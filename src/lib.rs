//! conflictmap: conflict news → mapped, queryable events.
//!
//! Data flows one way: `ingest → extract → resolve → events → store → export/render`.

pub mod error;
pub mod events;
pub mod render;
pub mod store;
pub mod export;
pub mod geodesy;

pub use error::{Error, Result};
pub mod extract;
pub mod ingest;
pub mod net;
pub mod resolve;
pub mod cli;
pub mod eval;
