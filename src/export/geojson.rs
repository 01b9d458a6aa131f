//! GeoJSON writers: a FeatureCollection (RFC 7946) or a feature per line / per RS record
//! (RFC 8142). Each Feature is serialized on its own by serde; no document-sized value
//! is ever built.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::events::Event;

/// One event as a GeoJSON Feature. Properties are flat, in this order.
#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i64,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    /// `[lon, lat]` (RFC 7946 order), rounded to 6 decimals.
    #[serde(serialize_with = "rounded")]
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Properties<'a> {
    id: i64,
    event_date: NaiveDate,
    time_precision: u8,
    event_type: &'a str,
    sub_event_type: &'a str,
    cameo_root: &'a str,
    actor1: Option<&'a str>,
    actor2: Option<&'a str>,
    fatalities: u32,
    location: &'a str,
    geonameid: Option<i64>,
    country_code: &'a str,
    admin1: &'a str,
    geo_precision: u8,
    source_url: &'a str,
    title: &'a str,
    sentence: &'a str,
}

impl<'a> From<&'a Event> for Feature<'a> {
    fn from(e: &'a Event) -> Self {
        Feature {
            kind: "Feature",
            id: e.id,
            geometry: Point {
                kind: "Point",
                coordinates: [e.lon, e.lat],
            },
            properties: Properties {
                id: e.id,
                event_date: e.event_date,
                time_precision: e.time_precision,
                event_type: &e.event_type,
                sub_event_type: &e.sub_event_type,
                cameo_root: &e.cameo_root,
                actor1: e.actor1.as_deref(),
                actor2: e.actor2.as_deref(),
                fatalities: e.fatalities,
                location: &e.location,
                geonameid: e.geonameid,
                country_code: &e.country_code,
                admin1: &e.admin1,
                geo_precision: e.geo_precision,
                source_url: &e.source_url,
                title: &e.title,
                sentence: &e.sentence,
            },
        }
    }
}

fn rounded<S: Serializer>(coordinates: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
    coordinates.map(super::round6).serialize(s)
}

/// One Feature, compact, no line end.
pub(super) fn write_feature(event: &Event, out: &mut dyn Write) -> io::Result<()> {
    if !event.lon.is_finite() || !event.lat.is_finite() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "event {} has no valid position ({}, {})",
                event.id, event.lon, event.lat
            ),
        ));
    }
    serde_json::to_writer(out, &Feature::from(event)).map_err(io::Error::from)
}

/// The start of an RFC 7946 FeatureCollection. No `crs` member: RFC 7946 coordinates are
/// always WGS 84 lon/lat. Features follow one per line.
pub(super) fn begin_collection(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")
}

pub(super) fn collection_feature(
    event: &Event,
    first: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if !first {
        out.write_all(b",\n")?;
    }
    write_feature(event, out)
}

pub(super) fn end_collection(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\n]}\n")
}

/// One Feature as a record: `prefix` (RS for RFC 8142, nothing for newline-delimited),
/// the Feature, LF.
pub(super) fn sequence_feature(
    event: &Event,
    prefix: &[u8],
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(prefix)?;
    write_feature(event, out)?;
    out.write_all(b"\n")
}
