//! Which events a query wants ([`Filter`]), in which order ([`Order`]), and how that
//! becomes SQL.
//!
//! Everything is decided by the database, with bound parameters: boxes and radii through
//! the GeoPackage R*Tree, then exactly with `haversine_km()`; `--text` through FTS5;
//! Unicode case-insensitive substrings with `contains_ci()` (both registered by
//! `src/store/sqlfn.rs`). So `LIMIT` and `ORDER BY` are SQL's too.

use std::cmp::Ordering;
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;

use crate::events::Event;
use crate::{Error, Result};

/// Mean Earth radius (IUGG R1) used for distances.
///
/// # Units
/// Kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Slack added around degree boxes so float rounding never drops a point the exact test
/// would keep (about 0.1 m).
const BOX_MARGIN_DEG: f64 = 1e-6;

/// Slack on a radius tested against R*Tree coordinates, which are f32 rounded outwards:
/// the midpoint of a point's box is within half an f32 step of it (≤ 7.7e-6° ≈ 0.9 m at
/// ±180°), so 10 m keeps every point the exact test on lon/lat would keep.
///
/// # Units
/// Kilometres.
const RTREE_SLACK_KM: f64 = 0.01;

/// Which events to return from [`Store::events`](crate::store::Store::events).
/// Every field narrows the result; the default returns everything, by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// First day included.
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    /// ACLED event type, e.g. "Battles" (case-insensitive).
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. "Armed clash" (case-insensitive).
    pub sub_event_type: Option<String>,
    /// Substring of actor1 or actor2 (case-insensitive).
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. "SY" (case-insensitive).
    pub country: Option<String>,
    /// First-level division (province, governorate, state) as the gazetteer names it,
    /// e.g. "Aleppo", "Northern Darfur" (case-insensitive).
    pub admin1: Option<String>,
    /// A full-text query (SQLite FTS5 syntax) over the sentences that reported the event:
    /// words are ANDed, `"car bomb"` is a phrase, `OR`, `NOT` and `drone*` work.
    /// Case- and accent-insensitive, with English stemming ("shelling" finds "shelled").
    pub text: Option<String>,
    /// Only events placed at least this precisely: ACLED geo_precision ≤ this
    /// (1 = the place itself, 2 = near it or part of a region, 3 = a larger area).
    pub min_precision: Option<u8>,
    /// Substring of the URL of any article that reported the event (ASCII
    /// case-insensitive).
    pub source: Option<String>,
    /// `[west, south, east, north]`, edges included; `west > east` crosses the antimeridian
    /// (RFC 7946 §5.2).
    ///
    /// # Units
    /// Decimal degrees.
    pub bbox: Option<[f64; 4]>,
    /// `(lon, lat, radius_km)`: events within this great-circle distance of the point.
    ///
    /// # Units
    /// Degrees, degrees, kilometres.
    pub near: Option<(f64, f64, f64)>,
    /// The order of the result.
    pub order: Order,
    /// At most this many events (the first in [`order`](Self::order)).
    pub limit: Option<usize>,
}

/// What to sort events by; see [`Order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// `event_date`.
    Date,
    /// `fatalities`.
    Fatalities,
    /// The store id (`fid`), i.e. the order events were first stored.
    Id,
    /// `country_code`.
    Country,
    /// `event_type`, then `sub_event_type`.
    Type,
    /// `location` (place name).
    Location,
    /// Distance from the `--near` point (needs [`Filter::near`]).
    Distance,
}

impl SortKey {
    const NAMES: [(&'static str, SortKey); 7] = [
        ("date", SortKey::Date),
        ("fatalities", SortKey::Fatalities),
        ("id", SortKey::Id),
        ("country", SortKey::Country),
        ("type", SortKey::Type),
        ("location", SortKey::Location),
        ("distance", SortKey::Distance),
    ];

    fn name(self) -> &'static str {
        SortKey::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(n, _)| n)
    }
}

/// The order of a query's result: keys, each ascending or descending (`-` in front),
/// then the store id as the last tie-break. The default is by date.
///
/// ```
/// use conflictmap::store::Order;
/// let order: Order = "-fatalities,date".parse().unwrap();
/// assert_eq!(order.to_string(), "-fatalities,date");
/// assert!("size".parse::<Order>().is_err());
/// assert_eq!("".parse::<Order>().unwrap(), Order::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order(pub Vec<(SortKey, Descending)>);

/// Whether a key sorts from the largest (latest) down.
pub type Descending = bool;

impl FromStr for Order {
    type Err = Error;

    /// Empty means the default order (by date).
    fn from_str(s: &str) -> Result<Order> {
        if s.trim().is_empty() {
            return Ok(Order::default());
        }
        let mut keys = Vec::new();
        for part in s.split(',').map(str::trim) {
            let (name, descending) = match part.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (part.strip_prefix('+').unwrap_or(part), false),
            };
            let key = SortKey::NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, k)| *k)
                .ok_or_else(|| {
                    Error::input_hint(
                        "--order",
                        format!("cannot sort by {part:?}"),
                        format!(
                            "one or more of {}, comma-separated; a leading - sorts descending (-date = newest first)",
                            SortKey::NAMES.map(|(n, _)| n).join(", ")
                        ),
                    )
                })?;
            keys.push((key, descending));
        }
        Ok(Order(keys))
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("date");
        }
        for (i, (key, descending)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if *descending {
                f.write_str("-")?;
            }
            f.write_str(key.name())?;
        }
        Ok(())
    }
}

/// Great-circle distance by the haversine formula on a sphere of [`EARTH_RADIUS_KM`].
///
/// # Units
/// `a`, `b` are `(lon, lat)` in decimal degrees; the result is in kilometres.
///
/// ```
/// use conflictmap::store::haversine_km;
/// let aleppo = (37.1343, 36.2021);
/// let damascus = (36.2913, 33.5102);
/// assert!((haversine_km(aleppo, damascus) - 309.0).abs() < 1.0);
/// ```
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    crate::geodesy::haversine_km(a.0, a.1, b.0, b.1)
}

/// A filter turned into SQL: `" WHERE …"` (or `""`) and `" ORDER BY …"`, with `?`
/// placeholders bound to `params` in that order.
pub(crate) struct Query {
    pub where_sql: String,
    /// Parameters of `where_sql`.
    pub params: Vec<Value>,
    pub order_sql: String,
    /// Parameters of `order_sql`.
    pub order_params: Vec<Value>,
}

impl Filter {
    /// Check the filter and build its SQL. Bad values are the user's input errors.
    pub(crate) fn to_query(&self) -> Result<Query> {
        let mut q = QueryBuilder::default();
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since > until {
                return Err(Error::input_hint(
                    "--since/--until",
                    format!("--since {since} is after --until {until}"),
                    "swap them",
                ));
            }
        }
        if let Some(since) = self.since {
            q.and(
                "event_date >= ?",
                [Value::Text(since.format("%Y-%m-%d").to_string())],
            );
        }
        if let Some(until) = self.until {
            q.and(
                "event_date <= ?",
                [Value::Text(until.format("%Y-%m-%d").to_string())],
            );
        }
        if let Some(t) = &self.event_type {
            q.and("event_type = ? COLLATE NOCASE", [Value::Text(t.clone())]);
        }
        if let Some(t) = &self.sub_event_type {
            q.and(
                "sub_event_type = ? COLLATE NOCASE",
                [Value::Text(t.clone())],
            );
        }
        if let Some(country) = &self.country {
            q.and("country_code = ?", [Value::Text(country_code(country)?)]);
        }
        if let Some(admin1) = &self.admin1 {
            if admin1.trim().is_empty() {
                return Err(Error::input(
                    "--admin1",
                    "is empty; give a province or governorate name",
                ));
            }
            q.and(
                "admin1 = ? COLLATE NOCASE",
                [Value::Text(admin1.trim().to_owned())],
            );
        }
        if let Some(n) = self.min_precision {
            if !(1..=3).contains(&n) {
                return Err(Error::input_hint(
                    "--min-precision",
                    format!("{n} is not an ACLED geo-precision"),
                    "1 = the place itself, 2 = near it or part of a region, 3 = a larger area",
                ));
            }
            q.and("geo_precision <= ?", [Value::Integer(i64::from(n))]);
        }
        if let Some(actor) = &self.actor {
            let needle = needle("--actor", actor)?;
            if let Some(pattern) = like_superset(&needle) {
                // A cheap pre-filter SQLite can run first; contains_ci() decides.
                q.and(
                    r"(actor1 LIKE ? ESCAPE '\' OR actor2 LIKE ? ESCAPE '\')",
                    [Value::Text(pattern.clone()), Value::Text(pattern)],
                );
            }
            q.and(
                "(contains_ci(actor1, ?) OR contains_ci(actor2, ?))",
                [Value::Text(needle.clone()), Value::Text(needle)],
            );
        }
        if let Some(text) = &self.text {
            if text.trim().is_empty() {
                return Err(Error::input(
                    "--text",
                    "is empty; give some words to look for",
                ));
            }
            q.and(TEXT_MATCH, [Value::Text(text.clone())]);
        }
        if let Some(source) = &self.source {
            let needle = needle("--source", source)?;
            let pattern = format!("%{}%", like_escape(&needle));
            q.and(
                r"(source_url LIKE ? ESCAPE '\' OR fid IN (SELECT s.event_fid FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE a.url LIKE ? ESCAPE '\'))",
                [Value::Text(pattern.clone()), Value::Text(pattern)],
            );
        }
        if let Some(bbox) = self.bbox {
            check_bbox(bbox)?;
            q.and_box(bbox, None);
        }
        if let Some((lon, lat, radius_km)) = self.near {
            check_point("--near", lon, lat)?;
            if !radius_km.is_finite() || radius_km < 0.0 {
                return Err(Error::input_hint(
                    "--near",
                    format!("radius {radius_km} km is not a distance"),
                    "give lon,lat,radius_km with a radius of 0 or more",
                ));
            }
            if let Some(degree_box) = near_box(lon, lat, radius_km) {
                q.and_box(degree_box, Some((lon, lat, radius_km)));
            }
            q.and(
                "haversine_km(?, ?, lon, lat) <= ?",
                [Value::Real(lon), Value::Real(lat), Value::Real(radius_km)],
            );
        }
        let where_sql = q.where_sql();
        let mut order_params = Vec::new();
        let order_sql = self.order_sql(&mut order_params)?;
        Ok(Query {
            where_sql,
            params: q.params,
            order_sql,
            order_params,
        })
    }

    fn order_sql(&self, params: &mut Vec<Value>) -> Result<String> {
        let keys: &[(SortKey, Descending)] = if self.order.0.is_empty() {
            &[(SortKey::Date, false)]
        } else {
            &self.order.0
        };
        let mut terms = Vec::new();
        for &(key, descending) in keys {
            let columns: &[&str] = match key {
                SortKey::Date => &["event_date"],
                SortKey::Fatalities => &["fatalities"],
                SortKey::Id => &["fid"],
                SortKey::Country => &["country_code"],
                SortKey::Type => &["event_type", "sub_event_type"],
                SortKey::Location => &["location"],
                SortKey::Distance => {
                    let Some((lon, lat, _)) = self.near else {
                        return Err(Error::input_hint(
                            "--order",
                            "distance needs a point to measure from",
                            "add --near PLACE|LON,LAT",
                        ));
                    };
                    params.extend([Value::Real(lon), Value::Real(lat)]);
                    &["haversine_km(?, ?, lon, lat)"]
                }
            };
            for column in columns {
                terms.push(format!("{column}{}", if descending { " DESC" } else { "" }));
            }
        }
        if !keys.iter().any(|(k, _)| *k == SortKey::Id) {
            terms.push("fid".into());
        }
        Ok(format!(" ORDER BY {}", terms.join(", ")))
    }
}

impl Filter {
    /// The order of [`Filter::order`] as a comparison, exactly as its `ORDER BY` sorts
    /// (BINARY string order, the same `haversine_km`, the store id last).
    pub fn compare(&self, a: &Event, b: &Event) -> Ordering {
        let keys: &[(SortKey, Descending)] = if self.order.0.is_empty() {
            &[(SortKey::Date, false)]
        } else {
            &self.order.0
        };
        for &(key, descending) in keys {
            let ordering = match key {
                SortKey::Date => a.event_date.cmp(&b.event_date),
                SortKey::Fatalities => a.fatalities.cmp(&b.fatalities),
                SortKey::Id => a.id.cmp(&b.id),
                SortKey::Country => a.country_code.cmp(&b.country_code),
                SortKey::Type => a
                    .event_type
                    .cmp(&b.event_type)
                    .then_with(|| a.sub_event_type.cmp(&b.sub_event_type)),
                SortKey::Location => a.location.cmp(&b.location),
                SortKey::Distance => match self.near {
                    Some((lon, lat, _)) => haversine_km((lon, lat), (a.lon, a.lat))
                        .total_cmp(&haversine_km((lon, lat), (b.lon, b.lat))),
                    None => Ordering::Equal,
                },
            };
            let ordering = if descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering.is_ne() {
                return ordering;
            }
        }
        a.id.cmp(&b.id)
    }
}

impl Filter {
    /// For an order on numbers only (date, fatalities, id, distance), the order as a key
    /// that sorts the same as [`Filter::compare`]; `None` for orders on text. Sorting
    /// small keys instead of comparing events spares a cache miss per comparison.
    pub(crate) fn numeric_key(&self, e: &Event) -> Option<[i64; 5]> {
        let keys: &[(SortKey, Descending)] = if self.order.0.is_empty() {
            &[(SortKey::Date, false)]
        } else {
            &self.order.0
        };
        if keys.len() > 4 {
            return None;
        }
        let mut key = [0i64; 5];
        for (slot, &(sort_key, descending)) in key.iter_mut().zip(keys) {
            let value = match sort_key {
                SortKey::Date => i64::from(e.event_date.num_days_from_ce()),
                SortKey::Fatalities => i64::from(e.fatalities),
                SortKey::Id => e.id,
                SortKey::Distance => {
                    let (lon, lat, _) = self.near?;
                    // f64 → i64 in the order of f64::total_cmp.
                    let bits = haversine_km((lon, lat), (e.lon, e.lat)).to_bits() as i64;
                    bits ^ ((bits >> 63) & i64::MAX)
                }
                SortKey::Country | SortKey::Type | SortKey::Location => return None,
            };
            *slot = if descending { !value } else { value };
        }
        key[4] = e.id;
        Some(key)
    }
}

/// Events one of whose reports' sentences matches an FTS5 query (one `?`).
pub(crate) const TEXT_MATCH: &str = "fid IN (SELECT event_fid FROM event_sources WHERE id IN \
     (SELECT rowid FROM event_sources_fts WHERE event_sources_fts MATCH ?))";

fn country_code(country: &str) -> Result<String> {
    let code = country.trim();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::input_hint(
            "--country",
            format!("{country:?} is not a two-letter ISO 3166 country code"),
            "use the alpha-2 code, e.g. SY for Syria",
        ));
    }
    Ok(code.to_ascii_uppercase())
}

/// `s` with SQL `LIKE` wildcards and the escape character escaped by `\`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn needle(flag: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::input(flag, "is empty; give some text to look for"));
    }
    Ok(value.to_lowercase())
}

fn check_point(flag: &str, lon: f64, lat: f64) -> Result<()> {
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(Error::input_hint(
            flag,
            format!("({lon}, {lat}) is not a lon/lat position"),
            "longitude comes first and lies in -180..180; latitude lies in -90..90",
        ));
    }
    Ok(())
}

fn check_bbox([west, south, east, north]: [f64; 4]) -> Result<()> {
    let hint = "order is west,south,east,north in degrees (like ogr2ogr -spat xmin ymin xmax ymax)";
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
    if !lon_ok(west) || !lon_ok(east) || !lat_ok(south) || !lat_ok(north) {
        return Err(Error::input_hint(
            "--bbox",
            format!("{west},{south},{east},{north} is outside -180..180 / -90..90"),
            hint,
        ));
    }
    if south > north {
        return Err(Error::input_hint(
            "--bbox",
            format!("south edge {south} is north of north edge {north}"),
            hint,
        ));
    }
    Ok(())
}

/// The degree box `[west, south, east, north]` holding every point within `radius_km` of
/// (`lon`, `lat`), or `None` when that is the whole globe. Exact for a sphere (the widest
/// longitude span of a cap of angular radius δ at latitude φ is asin(sin δ / cos φ)),
/// plus [`BOX_MARGIN_DEG`].
fn near_box(lon: f64, lat: f64, radius_km: f64) -> Option<[f64; 4]> {
    let delta = radius_km / EARTH_RADIUS_KM;
    if delta >= PI {
        return None;
    }
    let dlat = delta.to_degrees();
    let south = (lat - dlat - BOX_MARGIN_DEG).max(-90.0);
    let north = (lat + dlat + BOX_MARGIN_DEG).min(90.0);
    if lat + dlat >= 90.0 || lat - dlat <= -90.0 {
        // The cap holds a pole: every longitude.
        return Some([-180.0, south, 180.0, north]);
    }
    let dlon = (delta.sin() / lat.to_radians().cos()).asin().to_degrees() + BOX_MARGIN_DEG;
    if !dlon.is_finite() || dlon >= 180.0 {
        return Some([-180.0, south, 180.0, north]);
    }
    let mut west = lon - dlon;
    let mut east = lon + dlon;
    if west < -180.0 {
        west += 360.0;
    }
    if east > 180.0 {
        east -= 360.0;
    }
    Some([west, south, east, north])
}

/// A SQL `LIKE` pattern matching at least every value `v` with
/// `v.to_lowercase().contains(needle)`, or `None` when no useful pattern exists.
///
/// SQLite's `LIKE` folds ASCII letters only, so the pattern keeps ASCII characters and
/// turns every other character into `_` (any one character). Two ASCII letters are also
/// the lowercase of a non-ASCII one ('İ' → "i̇", the Kelvin sign 'K' → 'k'), so `i` and
/// `k` become `_` too. A needle with nothing left but `_` is not worth a pattern.
fn like_superset(needle: &str) -> Option<String> {
    let mut pattern = String::from("%");
    let mut literal = false;
    for c in needle.chars() {
        match c {
            '%' | '_' | '\\' => {
                pattern.push('\\');
                pattern.push(c);
                literal = true;
            }
            'i' | 'I' | 'k' | 'K' => pattern.push('_'),
            c if c.is_ascii() => {
                pattern.push(c);
                literal = true;
            }
            _ => pattern.push('_'),
        }
    }
    pattern.push('%');
    literal.then_some(pattern)
}

#[derive(Default)]
struct QueryBuilder {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl QueryBuilder {
    fn and<const N: usize>(&mut self, clause: &str, params: [Value; N]) {
        debug_assert_eq!(clause.matches('?').count(), N);
        self.clauses.push(clause.to_owned());
        self.params.extend(params);
    }

    /// Events inside `[west, south, east, north]`: candidates from the R*Tree (which
    /// rounds outwards to f32, so it only narrows), then the exact test on lon/lat. With
    /// `circle` (lon, lat, radius_km), the R*Tree candidates are also cut to the circle
    /// plus [`RTREE_SLACK_KM`], so rows in the box's corners are never read.
    fn and_box(&mut self, [west, south, east, north]: [f64; 4], circle: Option<(f64, f64, f64)>) {
        let (near_sql, near_params) = match circle {
            Some((lon, lat, radius_km)) => (
                " AND haversine_km(?, ?, (minx + maxx) / 2, (miny + maxy) / 2) <= ?",
                vec![
                    Value::Real(lon),
                    Value::Real(lat),
                    Value::Real(radius_km + RTREE_SLACK_KM),
                ],
            ),
            None => ("", Vec::new()),
        };
        let lat = [Value::Real(south), Value::Real(north)];
        if west <= east {
            self.clauses.push(format!(
                "fid IN (SELECT id FROM rtree_events_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?{near_sql})"
            ));
            self.params.extend([
                Value::Real(west),
                Value::Real(east),
                lat[0].clone(),
                lat[1].clone(),
            ]);
            self.params.extend(near_params);
            self.and(
                "lon >= ? AND lon <= ?",
                [Value::Real(west), Value::Real(east)],
            );
        } else {
            // Across the antimeridian: [west, 180] and [-180, east].
            self.clauses.push(format!(
                "fid IN (SELECT id FROM rtree_events_geom WHERE maxx >= ? AND maxy >= ? AND miny <= ?{near_sql} \
                 UNION ALL SELECT id FROM rtree_events_geom WHERE minx <= ? AND maxy >= ? AND miny <= ?{near_sql})"
            ));
            self.params
                .extend([Value::Real(west), lat[0].clone(), lat[1].clone()]);
            self.params.extend(near_params.iter().cloned());
            self.params
                .extend([Value::Real(east), lat[0].clone(), lat[1].clone()]);
            self.params.extend(near_params);
            self.and(
                "(lon >= ? OR lon <= ?)",
                [Value::Real(west), Value::Real(east)],
            );
        }
        self.and("lat >= ? AND lat <= ?", lat);
    }

    fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_i_and_k_are_lowercase_images_of_non_ascii_characters() {
        // like_superset relies on this: if Unicode ever adds another, this test says so.
        let mut found: Vec<char> = Vec::new();
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            for lower in c.to_lowercase().filter(char::is_ascii) {
                if !found.contains(&lower) {
                    found.push(lower);
                }
            }
        }
        found.sort();
        assert_eq!(found, ['i', 'k']);
    }

    #[test]
    fn like_pattern_escapes_wildcards_and_blurs_what_like_cannot_fold() {
        assert_eq!(like_superset("al-sham").as_deref(), Some("%al-sham%"));
        assert_eq!(
            like_superset("100%_a\\b").as_deref(),
            Some(r"%100\%\_a\\b%")
        );
        assert_eq!(like_superset("kurdish").as_deref(), Some("%_urd_sh%"));
        assert_eq!(like_superset("état").as_deref(), Some("%_tat%"));
        assert_eq!(like_superset("ik"), None);
        assert_eq!(like_superset("دمشق"), None);
    }

    #[test]
    fn near_box_holds_the_whole_circle() {
        // Points on the circle in every direction lie inside the box.
        for &(lon, lat, r) in &[
            (0.0, 0.0, 500.0),
            (179.5, 10.0, 200.0),
            (-179.9, -60.0, 300.0),
            (20.0, 88.0, 500.0),
        ] {
            let b = near_box(lon, lat, r).unwrap();
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                let (plon, plat) = destination(lon, lat, bearing, r * 0.999_999);
                assert!(plat >= b[1] && plat <= b[3], "lat {plat} outside {b:?}");
                let in_lon = if b[0] <= b[2] {
                    plon >= b[0] && plon <= b[2]
                } else {
                    plon >= b[0] || plon <= b[2]
                };
                assert!(in_lon, "lon {plon} outside {b:?} for centre {lon},{lat}");
            }
        }
        assert_eq!(near_box(0.0, 0.0, 30_000.0), None);
    }

    /// Point at `distance_km` from (lon, lat) along `bearing` (radians), on the same sphere.
    fn destination(lon: f64, lat: f64, bearing: f64, distance_km: f64) -> (f64, f64) {
        let d = distance_km / EARTH_RADIUS_KM;
        let (phi1, lambda1) = (lat.to_radians(), lon.to_radians());
        let phi2 = (phi1.sin() * d.cos() + phi1.cos() * d.sin() * bearing.cos()).asin();
        let lambda2 = lambda1
            + (bearing.sin() * d.sin() * phi1.cos()).atan2(d.cos() - phi1.sin() * phi2.sin());
        let lon2 = (lambda2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
        (lon2, phi2.to_degrees())
    }

    #[test]
    fn bad_filters_are_input_errors_that_say_where() {
        let err = |f: Filter| f.to_query().err().expect("should be refused").to_string();
        let bbox = err(Filter {
            bbox: Some([10.0, 40.0, 20.0, 30.0]),
            ..Filter::default()
        });
        assert!(
            bbox.contains("--bbox") && bbox.contains("south edge 40"),
            "{bbox}"
        );
        let near = err(Filter {
            near: Some((37.0, 36.0, -1.0)),
            ..Filter::default()
        });
        assert!(near.contains("--near"), "{near}");
        let swapped = err(Filter {
            near: Some((36.0, 137.0, 1.0)),
            ..Filter::default()
        });
        assert!(swapped.contains("longitude comes first"), "{swapped}");
        let country = err(Filter {
            country: Some("Syria".into()),
            ..Filter::default()
        });
        assert!(country.contains("--country"), "{country}");
        let dates = err(Filter {
            since: NaiveDate::from_ymd_opt(2024, 2, 1),
            until: NaiveDate::from_ymd_opt(2024, 1, 1),
            ..Filter::default()
        });
        assert!(
            dates.contains("--since 2024-02-01 is after --until 2024-01-01"),
            "{dates}"
        );
    }

    #[test]
    fn values_are_bound_never_pasted_into_sql() {
        let f = Filter {
            actor: Some("x' OR 1=1 --".into()),
            event_type: Some("Battles'".into()),
            ..Filter::default()
        };
        let q = f.to_query().unwrap();
        assert!(!q.where_sql.contains("1=1"));
        assert!(!q.where_sql.contains("Battles"));
    }
}
