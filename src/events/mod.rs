//! Link extracted frames to places and dates, merge duplicates → [`Event`].

mod types;
pub use types::Event;
