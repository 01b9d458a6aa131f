//! CSV with ACLED's column names, so scripts written for ACLED exports read ours.
//! RFC 4180: CRLF line ends; a field holding a comma, quote, CR or LF is quoted, with
//! quotes doubled.

use std::io::{self, Write};

use chrono::Datelike;

use crate::events::Event;

/// The header row: ACLED's columns in ACLED's order, then conflictmap's own.
///
/// What we fill: `event_id_cnty` (country code + store id, e.g. `SY42`), `event_date`
/// (YYYY-MM-DD), `year`, `time_precision`, `disorder_type` (derived from the event type
/// as ACLED does), `event_type`, `sub_event_type`, `actor1`, `actor2`,
/// `civilian_targeting` (for "Violence against civilians" only), `admin1` (as the
/// gazetteer gives it), `location`, `latitude`, `longitude` (6 decimals),
/// `geo_precision`, `source` (the source URL), `notes` (the sentence), `fatalities`.
/// Blank, because we do not code them: the `assoc_actor_*`, `inter*` and `interaction`
/// codes, `iso` (ACLED's numeric code), `region`, `country` (a name; our ISO alpha-2 code
/// is in `country_code`), `admin2`, `admin3`, `source_scale`, `tags`, `timestamp`.
pub const ACLED_COLUMNS: [&str; 34] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    // conflictmap's additions
    "country_code",
    "geonameid",
    "cameo_root",
];

/// The header row.
pub(super) fn begin(out: &mut dyn Write) -> io::Result<()> {
    write_csv_row(out, ACLED_COLUMNS.iter().copied())
}

/// One event's row.
pub(super) fn row(e: &Event, out: &mut dyn Write) -> io::Result<()> {
    let id = format!("{}{}", e.country_code, e.id);
    let year = e.event_date.year().to_string();
    let time_precision = e.time_precision.to_string();
    let latitude = super::round6(e.lat).to_string();
    let longitude = super::round6(e.lon).to_string();
    let geo_precision = e.geo_precision.to_string();
    let fatalities = e.fatalities.to_string();
    let geonameid = e.geonameid.map(|g| g.to_string()).unwrap_or_default();
    let date = e.event_date.format("%Y-%m-%d").to_string();
    let row: [&str; ACLED_COLUMNS.len()] = [
        &id,
        &date,
        &year,
        &time_precision,
        disorder_type(&e.event_type, &e.sub_event_type),
        &e.event_type,
        &e.sub_event_type,
        e.actor1.as_deref().unwrap_or(""),
        "",
        "",
        e.actor2.as_deref().unwrap_or(""),
        "",
        "",
        "",
        if e.event_type == "Violence against civilians" {
            "Civilian targeting"
        } else {
            ""
        },
        "",
        "",
        "",
        &e.admin1,
        "",
        "",
        &e.location,
        &latitude,
        &longitude,
        &geo_precision,
        &e.source_url,
        "",
        &e.sentence,
        &fatalities,
        "",
        "",
        &e.country_code,
        &geonameid,
        &e.cameo_root,
    ];
    write_csv_row(out, row.into_iter())
}

/// ACLED's disorder type for an event type and sub-type ("" when the type is not ACLED's).
fn disorder_type(event_type: &str, sub_event_type: &str) -> &'static str {
    match (event_type, sub_event_type) {
        ("Protests", "Excessive force against protesters") => "Political violence; Demonstrations",
        ("Protests", _) | ("Riots", "Violent demonstration") => "Demonstrations",
        ("Battles" | "Explosions/Remote violence" | "Violence against civilians" | "Riots", _) => {
            "Political violence"
        }
        ("Strategic developments", _) => "Strategic developments",
        _ => "",
    }
}

/// One RFC 4180 record: fields separated by commas, quoted (quotes doubled) when they hold
/// a comma, quote, CR or LF; CRLF at the end.
pub fn write_csv_row<'a>(
    out: &mut dyn Write,
    fields: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}
