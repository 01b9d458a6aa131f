//! Find what the text says: sentences, toponym spans, event triggers, dates, actors, fatalities.
pub mod offsets;
pub(crate) mod pattern;
pub mod sentences;
pub(crate) mod numbers;
pub mod dates;
pub mod triggers;
pub mod actors;
pub mod fatalities;
pub mod cues;
