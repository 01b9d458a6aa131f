//! Link extracted frames to places and dates, merge duplicates → [`Event`].

pub mod code;
pub mod link;
mod types;

pub use code::{code_article, Coded};
pub use types::Event;
