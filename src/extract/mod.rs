//! Find what the text says: sentences, toponym spans, event triggers, dates, actors, fatalities.
//!
//! Everything here is a pure function over `&str`; every span is a **character** (Unicode scalar)
//! offset, end exclusive ([`offsets`] converts). The event side flows:
//!
//! ```text
//! text ─ sentences::split_sentences ─┬─ triggers::find_triggers   (type, CAMEO, precedence, modality)
//!                                    ├─ dates::find_dates         (resolved against publication)
//!                                    ├─ actors::find_actors       (ACLED names, inter codes)
//!                                    ├─ fatalities::find_fatalities
//!                                    └─ cues::location_cues       (geo-precision hints)
//!        frames::event_frames ── one Frame per sentence and event class, for the event linker
//! ```
//!
//! Tunables are the lexicons in `data/lexicon/` (compiled in; each names its source and licence).
//!
//! ```
//! use chrono::NaiveDate;
//! use conflictmap::extract::event_frames;
//! let published = NaiveDate::from_ymd_opt(2024, 3, 14).unwrap();
//! let (_, frames) = event_frames("On Wednesday, rebels shelled an army post near Idlib.", published, Some("SY"));
//! assert_eq!(frames[0].sub_event_type, "Shelling/artillery/missile attack");
//! assert_eq!(frames[0].date.date, NaiveDate::from_ymd_opt(2024, 3, 13).unwrap());
//! ```

pub mod actors;
pub mod cues;
pub mod dates;
pub mod fatalities;
pub mod frames;
pub mod lexicon;
pub(crate) mod numbers;
pub mod offsets;
pub(crate) mod pattern;
pub mod sentences;
pub mod toponyms;
pub mod triggers;

pub use actors::{assign_actors, find_actors, ActorMention};
pub use cues::{location_cues, CueKind, LocationCue};
pub use dates::{find_dates, DateRef};
pub use fatalities::find_fatalities;
pub use frames::{event_frames, DateSource, Frame};
pub use sentences::{split_sentences, Sentence};
pub use triggers::{find_triggers, Modality, Trigger};
