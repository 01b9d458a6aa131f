//! How reports of one event are merged into one stored event.
//!
//! Two reports are the same event when they share the day, the ACLED type and sub-type,
//! and the place ([`place_key`]). The merged event is independent of the order in which
//! reports arrive:
//! - **fatalities**: the lowest non-zero figure ([`merged_fatalities`]);
//! - **everything else** (actors, sentence, source URL, rules, coordinates…): taken from
//!   the *representative* report, the first in [`report_order`] — finest date, then finest
//!   place, then the one naming more actors, then plain field order as a tie-break.
//!
//! Every report is also kept in `event_sources`.

use std::cmp::Ordering;

use crate::events::Event;

/// The place part of the merge key: `gn:<geonameid>`, or `ll:<lon>,<lat>` rounded to
/// 4 decimals (about 11 m) for places without a GeoNames id.
///
/// # Units
/// Coordinates in decimal degrees.
pub(crate) fn place_key(event: &Event) -> String {
    match event.geonameid {
        Some(id) => format!("gn:{id}"),
        None => {
            // Integers, so -0.0 and 0.0 give the same key.
            let lon = (event.lon * 1e4).round() as i64;
            let lat = (event.lat * 1e4).round() as i64;
            format!("ll:{},{}", decimal4(lon), decimal4(lat))
        }
    }
}

/// `123456` → `"12.3456"`, `-5` → `"-0.0005"`.
fn decimal4(ten_thousandths: i64) -> String {
    let sign = if ten_thousandths < 0 { "-" } else { "" };
    let abs = ten_thousandths.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

/// Fatalities of a merged event, following ACLED's rule for conflicting reports: keep the
/// most conservative (lowest) figure. A report of 0 is read as "no figure given" (our
/// extractor cannot tell "nobody died" from "no number in the text"), so 0 only wins when
/// no report gives a number.
pub(crate) fn merged_fatalities(stored: u32, incoming: u32) -> u32 {
    match (stored, incoming) {
        (0, n) | (n, 0) => n,
        (a, b) => a.min(b),
    }
}

/// The order in which reports compete to represent a merged event; `Less` wins.
pub(crate) fn report_order(a: &Event, b: &Event) -> Ordering {
    let missing_actors =
        |e: &Event| usize::from(e.actor1.is_none()) + usize::from(e.actor2.is_none());
    a.time_precision
        .cmp(&b.time_precision)
        .then(a.geo_precision.cmp(&b.geo_precision))
        .then(missing_actors(a).cmp(&missing_actors(b)))
        // Tie-breaks: arbitrary but total, so the result never depends on arrival order.
        .then_with(|| a.source_url.cmp(&b.source_url))
        .then(a.sentence_start.cmp(&b.sentence_start))
        .then(a.sentence_end.cmp(&b.sentence_end))
        .then_with(|| a.sentence.cmp(&b.sentence))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.actor1.cmp(&b.actor1))
        .then_with(|| a.actor2.cmp(&b.actor2))
        .then_with(|| a.cameo_root.cmp(&b.cameo_root))
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.country_code.cmp(&b.country_code))
        .then_with(|| a.admin1.cmp(&b.admin1))
        .then(a.lon.total_cmp(&b.lon))
        .then(a.lat.total_cmp(&b.lat))
        .then_with(|| a.type_rule.cmp(&b.type_rule))
        .then_with(|| a.date_rule.cmp(&b.date_rule))
        .then_with(|| a.place_rule.cmp(&b.place_rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowest_non_zero_fatalities_win_whatever_the_order() {
        assert_eq!(merged_fatalities(0, 0), 0);
        assert_eq!(merged_fatalities(0, 7), 7);
        assert_eq!(merged_fatalities(7, 0), 7);
        assert_eq!(merged_fatalities(12, 7), 7);
        assert_eq!(merged_fatalities(7, 12), 7);
    }

    #[test]
    fn place_key_rounds_coordinates_and_prefers_the_geonames_id() {
        let mut e = crate::store::tests::event("2024-01-02", 37.13434, 36.20206);
        e.geonameid = None;
        assert_eq!(place_key(&e), "ll:37.1343,36.2021");
        e.lon = -0.00001;
        e.lat = -0.00006;
        assert_eq!(place_key(&e), "ll:0.0000,-0.0001");
        e.geonameid = Some(170063);
        assert_eq!(place_key(&e), "gn:170063");
    }
}
