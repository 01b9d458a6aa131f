//! Which events a query wants ([`Filter`]), and how that becomes SQL.
//!
//! Everything the database can decide goes into the `WHERE` clause with bound
//! parameters; what it cannot decide exactly (great-circle distance, Unicode
//! case-insensitive substrings) is pre-filtered in SQL and finished in Rust.

use std::f64::consts::PI;

use chrono::NaiveDate;
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

/// Which events to return from [`Store::events`](crate::store::Store::events).
/// Every field narrows the result; the default returns everything.
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
    /// Substring of the event's sentence or location (case-insensitive).
    pub text: Option<String>,
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
    /// At most this many events (the first by date).
    pub limit: Option<usize>,
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
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A filter turned into a SQL condition plus the checks left for Rust.
pub(crate) struct Query {
    /// `""` or `" WHERE …"`, with `?` placeholders.
    pub where_sql: String,
    pub params: Vec<Value>,
    pub rest: RustChecks,
}

/// The exact checks SQL cannot make; [`RustChecks::keeps`] applies them to each row.
#[derive(Default)]
pub(crate) struct RustChecks {
    actor: Option<String>,
    text: Option<String>,
    near: Option<(f64, f64, f64)>,
}

impl RustChecks {
    /// True when there is nothing to check, so SQL alone decides (and can apply LIMIT).
    pub fn is_empty(&self) -> bool {
        self.actor.is_none() && self.text.is_none() && self.near.is_none()
    }

    pub fn keeps(&self, event: &Event) -> bool {
        if let Some(needle) = &self.actor {
            let hit =
                |actor: &Option<String>| actor.as_deref().is_some_and(|a| contains_ci(a, needle));
            if !hit(&event.actor1) && !hit(&event.actor2) {
                return false;
            }
        }
        if let Some(needle) = &self.text {
            if !contains_ci(&event.sentence, needle) && !contains_ci(&event.location, needle) {
                return false;
            }
        }
        if let Some((lon, lat, radius_km)) = self.near {
            if haversine_km((lon, lat), (event.lon, event.lat)) > radius_km {
                return false;
            }
        }
        true
    }
}

/// Unicode case-insensitive substring test; `needle` is already lowercase.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
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
            let code = country.trim();
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(Error::input_hint(
                    "--country",
                    format!("{country:?} is not a two-letter ISO 3166 country code"),
                    "use the alpha-2 code, e.g. SY for Syria",
                ));
            }
            q.and("country_code = ?", [Value::Text(code.to_ascii_uppercase())]);
        }
        let mut rest = RustChecks::default();
        if let Some(actor) = &self.actor {
            let needle = needle("--actor", actor)?;
            if let Some(pattern) = like_superset(&needle) {
                q.and(
                    r"(actor1 LIKE ? ESCAPE '\' OR actor2 LIKE ? ESCAPE '\')",
                    [Value::Text(pattern.clone()), Value::Text(pattern)],
                );
            }
            rest.actor = Some(needle);
        }
        if let Some(text) = &self.text {
            let needle = needle("--text", text)?;
            if let Some(pattern) = like_superset(&needle) {
                q.and(
                    r"(sentence LIKE ? ESCAPE '\' OR location LIKE ? ESCAPE '\')",
                    [Value::Text(pattern.clone()), Value::Text(pattern)],
                );
            }
            rest.text = Some(needle);
        }
        if let Some(bbox) = self.bbox {
            check_bbox(bbox)?;
            q.and_box(bbox);
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
                q.and_box(degree_box);
            }
            rest.near = Some((lon, lat, radius_km));
        }
        Ok(Query {
            where_sql: q.where_sql(),
            params: q.params,
            rest,
        })
    }
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
    /// rounds outwards to f32, so it only narrows), then the exact test on lon/lat.
    fn and_box(&mut self, [west, south, east, north]: [f64; 4]) {
        let lat = [Value::Real(south), Value::Real(north)];
        if west <= east {
            self.and(
                "fid IN (SELECT id FROM events_rtree WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)",
                [Value::Real(west), Value::Real(east), lat[0].clone(), lat[1].clone()],
            );
            self.and(
                "lon >= ? AND lon <= ?",
                [Value::Real(west), Value::Real(east)],
            );
        } else {
            // Across the antimeridian: [west, 180] and [-180, east].
            self.and(
                "fid IN (SELECT id FROM events_rtree WHERE maxx >= ? AND maxy >= ? AND miny <= ? \
                 UNION ALL SELECT id FROM events_rtree WHERE minx <= ? AND maxy >= ? AND miny <= ?)",
                [
                    Value::Real(west),
                    lat[0].clone(),
                    lat[1].clone(),
                    Value::Real(east),
                    lat[0].clone(),
                    lat[1].clone(),
                ],
            );
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
