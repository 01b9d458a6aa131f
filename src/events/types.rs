//! The event record that flows from `events` to `store`, `export` and `render`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One coded event, ACLED style, with its provenance.
///
/// # Units
/// `lon`/`lat` are WGS 84 decimal degrees (RFC 7946 order: lon first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Store id (0 until stored).
    pub id: i64,
    pub event_date: NaiveDate,
    /// ACLED time precision: 1 = day, 2 = week, 3 = month.
    pub time_precision: u8,
    pub event_type: String,
    pub sub_event_type: String,
    /// CAMEO root code (e.g. "19" fight, "18" assault, "14" protest).
    pub cameo_root: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: u32,
    /// Name of the place where the event happened, as stored in the gazetteer.
    pub location: String,
    pub geonameid: Option<i64>,
    pub lon: f64,
    pub lat: f64,
    pub country_code: String,
    pub admin1: String,
    /// ACLED geo-precision: 1 = the place itself, 2 = near / part of a region, 3 = a larger area.
    pub geo_precision: u8,
    pub source_url: String,
    pub title: String,
    pub sentence: String,
    /// Character offsets of `sentence` in the article text (Unicode scalar values).
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// Which rules decided the type, the date and the place (provenance).
    pub type_rule: String,
    pub date_rule: String,
    pub place_rule: String,
}
