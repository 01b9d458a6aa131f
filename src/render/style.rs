//! Palette, marker shapes, basemap colours, and number/date wording shared by maps and timelines.
//!
//! Event colours come from the Okabe–Ito palette (colour-blind safe), one fixed colour and one marker
//! shape per ACLED event type, so a type reads the same on every map and timeline. Basemap colours are
//! muted and never equal to a type colour, so a type colour in the image always means an event.

/// An sRGB colour.
pub(crate) type Rgb = [u8; 3];

/// Marker shape of an event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Diamond,
    Triangle,
    Square,
    TriangleDown,
    Hexagon,
}

/// How one event type is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypeStyle {
    pub(crate) name: &'static str,
    pub(crate) color: Rgb,
    pub(crate) shape: Shape,
}

/// The six ACLED event types in ACLED's own order, then a catch-all for anything else.
pub(crate) const TYPE_STYLES: [TypeStyle; 7] = [
    TypeStyle { name: "Battles", color: [0xD5, 0x5E, 0x00], shape: Shape::Circle }, // vermillion
    TypeStyle { name: "Explosions/Remote violence", color: [0xE6, 0x9F, 0x00], shape: Shape::Diamond }, // orange
    TypeStyle { name: "Violence against civilians", color: [0xCC, 0x79, 0xA7], shape: Shape::Triangle }, // reddish purple
    TypeStyle { name: "Protests", color: [0x00, 0x72, 0xB2], shape: Shape::Square }, // blue
    TypeStyle { name: "Riots", color: [0x00, 0x9E, 0x73], shape: Shape::TriangleDown }, // bluish green
    TypeStyle { name: "Strategic developments", color: [0x56, 0xB4, 0xE9], shape: Shape::Hexagon }, // sky blue
    TypeStyle { name: "Other", color: [0x70, 0x6A, 0x64], shape: Shape::Circle }, // warm grey
];

/// Index into [`TYPE_STYLES`] for an event type (ASCII case-insensitive); unknown types map to "Other".
pub(crate) fn type_index(event_type: &str) -> usize {
    // Called once per event on million-event maps: pick the one candidate by length (and first
    // letter for the two of 26 bytes), then compare once.
    let b = event_type.as_bytes();
    let candidate = match (b.len(), b.first().map(u8::to_ascii_uppercase)) {
        (7, _) => 0,
        (26, Some(b'E')) => 1,
        (26, Some(b'V')) => 2,
        (8, _) => 3,
        (5, _) => 4,
        (22, _) => 5,
        _ => return 6,
    };
    if TYPE_STYLES[candidate].name.eq_ignore_ascii_case(event_type) {
        candidate
    } else {
        6
    }
}

// Basemap.
pub(crate) const SEA: Rgb = [0xD4, 0xE4, 0xEE];
pub(crate) const LAND: Rgb = [0xF5, 0xF2, 0xEC];
pub(crate) const LAKE: Rgb = SEA;
pub(crate) const WATER_LINE: Rgb = [0x8F, 0xB0, 0xC6];
pub(crate) const RIVER: Rgb = [0x93, 0xBC, 0xD8];
pub(crate) const BORDER: Rgb = [0x85, 0x80, 0x7A];
pub(crate) const ADMIN1: Rgb = [0xB0, 0xA9, 0xA0];
pub(crate) const CITY_DOT: Rgb = [0x3A, 0x3A, 0x3A];
pub(crate) const COUNTRY_LABEL: Rgb = [0x8E, 0x86, 0x7C];

// Text and furniture.
pub(crate) const INK: Rgb = [0x1A, 0x1A, 0x1A];
pub(crate) const INK_SOFT: Rgb = [0x4A, 0x4A, 0x4A];
pub(crate) const INK_FAINT: Rgb = [0x6E, 0x6E, 0x6E];
pub(crate) const PAPER: Rgb = [0xFF, 0xFF, 0xFF];
pub(crate) const RULE: Rgb = [0xC8, 0xC8, 0xC8];
pub(crate) const MARKER_OUTLINE: Rgb = [0x26, 0x26, 0x26];
/// The fatalities line on timelines (Okabe–Ito black, softened).
pub(crate) const FATALITIES_LINE: Rgb = [0x20, 0x20, 0x20];

/// A viridis-like sequential scale, `t` in 0..=1 (dark purple → yellow).
pub(crate) fn viridis(t: f64) -> Rgb {
    const STOPS: [Rgb; 9] = [
        [0x44, 0x01, 0x54],
        [0x47, 0x2D, 0x7B],
        [0x3B, 0x52, 0x8B],
        [0x2C, 0x72, 0x8E],
        [0x21, 0x91, 0x8C],
        [0x28, 0xAE, 0x80],
        [0x5E, 0xC9, 0x62],
        [0xAD, 0xDC, 0x30],
        [0xFD, 0xE7, 0x25],
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    std::array::from_fn(|k| (a[k] as f64 + (b[k] as f64 - a[k] as f64) * f).round() as u8)
}

/// `1234567` → `"1,234,567"`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A compact date range: "15 May 2013", "15–16 May 2013", "28 Apr – 3 May 2013", "5 Dec 2012 – 3 Jan 2013".
pub(crate) fn date_range(first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        first.format("%-d %b %Y").to_string()
    } else if first.year() != last.year() {
        format!("{} – {}", first.format("%-d %b %Y"), last.format("%-d %b %Y"))
    } else if first.month() != last.month() {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b %Y"))
    } else {
        format!("{}–{}", first.format("%-d"), last.format("%-d %b %Y"))
    }
}

/// "1 event", "1,204 events".
pub(crate) fn count_noun(n: usize, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n as u64), if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_name_finds_itself_in_any_case_and_others_are_other() {
        for (i, t) in TYPE_STYLES[..6].iter().enumerate() {
            assert_eq!(type_index(t.name), i);
            assert_eq!(type_index(&t.name.to_uppercase()), i);
        }
        for other in ["", "Battle", "Explosions/remote violenc", "Violence against civilianz", "Other", "Riots!"] {
            assert_eq!(type_index(other), 6, "{other:?}");
        }
    }
}
