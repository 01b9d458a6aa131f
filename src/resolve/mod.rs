//! Resolve toponym spans to gazetteer places: candidates, ranking passes, document focus.

pub mod gazetteer;
pub mod index_build;
pub mod normalize;
pub mod rank;

pub use gazetteer::{Gazetteer, Kind, NameKind, Place, Posting};

use serde::Serialize;

use crate::extract::toponyms::{find_toponyms_in, NormText, SpanKind};

/// A resolved place mention: the geoparser's output for one span.
///
/// # Units
/// `start`/`end` are Unicode character offsets into the text (end exclusive);
/// `lon`/`lat` WGS 84 degrees, `None` when the span could not be resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
    pub geonameid: Option<i64>,
    pub name: Option<String>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub country_code: Option<String>,
    pub feature_code: Option<String>,
    pub place_kind: Option<&'static str>,
    pub admin1: Option<String>,
    pub score: f64,
    /// The ranking pass that decided (see [`rank`]).
    pub pass: &'static str,
    /// The recognition rule that found the span.
    pub rule: &'static str,
    /// The gazetteer index of the chosen place (not stable across builds).
    #[serde(skip)]
    pub place_index: Option<u32>,
}

/// Find and resolve every place mention in `text`.
pub fn geoparse(text: &str, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let nt = NormText::new(text);
    let toponyms = find_toponyms_in(&nt, gaz);
    let resolved = rank::resolve(&toponyms, &nt.chars, gaz);
    toponyms
        .iter()
        .zip(resolved)
        .map(|(t, r)| mention(gaz, r, t.rule))
        .collect()
}

/// Build the output record for a resolved span.
pub fn mention(gaz: &Gazetteer, r: rank::Resolved, rule: &'static str) -> PlaceMention {
    let place = r.place.map(|i| gaz.place(i));
    PlaceMention {
        start: r.start,
        end: r.end,
        text: r.text,
        kind: r.kind,
        geonameid: place.map(|p| p.id),
        name: place.map(|p| p.name.to_string()),
        lon: place.map(|p| p.lon),
        lat: place.map(|p| p.lat),
        country_code: place.map(|p| p.cc().to_string()),
        feature_code: place.map(|p| p.fcode().to_string()),
        place_kind: place.map(|p| p.kind.as_str()),
        admin1: place.map(|p| p.admin1.to_string()),
        score: r.score,
        pass: r.pass,
        rule,
        place_index: r.place,
    }
}
