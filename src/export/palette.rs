//! Event-type colours for the KML and HTML exports: the Okabe–Ito palette the PNG maps use
//! (src/render/style.rs), so a type reads the same on every map. A test checks the two
//! lists agree.

/// ACLED's six event types in ACLED's order, then a catch-all, each with its colour as
/// `#RRGGBB` and a short id for KML styles and CSS.
pub(crate) const TYPE_COLORS: [(&str, &str, &str); 7] = [
    ("Battles", "#D55E00", "battles"),
    ("Explosions/Remote violence", "#E69F00", "explosions"),
    ("Violence against civilians", "#CC79A7", "civilians"),
    ("Protests", "#0072B2", "protests"),
    ("Riots", "#009E73", "riots"),
    ("Strategic developments", "#56B4E9", "strategic"),
    ("Other", "#706A64", "other"),
];

/// The palette entry for an event type (ASCII case-insensitive); unknown types are "Other".
pub(crate) fn type_style(event_type: &str) -> (&'static str, &'static str, &'static str) {
    TYPE_COLORS[..6]
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(event_type))
        .copied()
        .unwrap_or(TYPE_COLORS[6])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The render module keeps its palette private; read its source instead, so the two
    /// can never drift apart unnoticed.
    #[test]
    fn colours_are_the_ones_the_png_maps_use() {
        let style = include_str!("../render/style.rs");
        for (name, hex, _) in TYPE_COLORS {
            let at = style
                .find(&format!("name: \"{name}\""))
                .unwrap_or_else(|| panic!("{name} is not in src/render/style.rs"));
            let line = &style[at..at + style[at..].find('\n').unwrap()];
            let rgb = line
                .split("color: [")
                .nth(1)
                .and_then(|rest| rest.split(']').next())
                .unwrap();
            let bytes: Vec<u8> = rgb
                .split(',')
                .map(|b| u8::from_str_radix(b.trim().trim_start_matches("0x"), 16).unwrap())
                .collect();
            assert_eq!(
                format!("#{:02X}{:02X}{:02X}", bytes[0], bytes[1], bytes[2]),
                hex,
                "{name}"
            );
        }
    }

    #[test]
    fn unknown_types_are_other() {
        assert_eq!(type_style("battles").2, "battles");
        assert_eq!(type_style("Looting").0, "Other");
    }
}
