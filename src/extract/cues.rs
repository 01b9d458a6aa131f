//! Location cues: the words around a place name that say how precisely an event is placed.
//!
//! "near X", "on the outskirts of X", "20 km north-east of X", "X province", "in northern X" tell
//! the event linker (which owns place mentions) to use ACLED geo-precision 2 or 3 instead of 1.
//! This module only finds the cue words; matching them to place mentions is the linker's job:
//! a cue with `place_after` expects the place to start right after `end`, otherwise to end right
//! before `start`.
//!
//! ```
//! use conflictmap::extract::cues::{location_cues, CueKind};
//! let c = location_cues("Shells fell 20 km north-east of Idlib.");
//! assert_eq!(c[0].kind, CueKind::Direction("northeast"));
//! assert_eq!(c[0].distance_km, Some(20.0));
//! assert_eq!(c[0].geo_precision(), 2);
//! ```

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::offsets::CharIndex;

/// What a cue says about the place next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// "near X", "outside X", "close to X", "on the road to X".
    Near,
    /// "on the outskirts of X", "X's suburbs".
    Outskirts,
    /// "north-east of X", "20 km south of X" (the compass direction, e.g. "northeast").
    Direction(&'static str),
    /// "in northern X", "in the north of X": a part of a larger area.
    Part(&'static str),
    /// "X province", "X governorate", "X region", "X state", "the province of X".
    Province,
    /// "X district", "X county", "X municipality".
    District,
    /// "X countryside", "rural X", "the countryside of X".
    Countryside,
    /// "in X", "in the town of X", "at X": the place itself.
    In,
}

/// A location cue in a sentence.
///
/// # Units
/// `start`/`end` are char offsets of the cue words in the sentence given to [`location_cues`];
/// `distance_km` is in kilometres (miles are converted).
#[derive(Debug, Clone, PartialEq)]
pub struct LocationCue {
    pub start: usize,
    pub end: usize,
    pub kind: CueKind,
    /// The place follows the cue ("near X"); otherwise it precedes it ("X province").
    pub place_after: bool,
    pub distance_km: Option<f64>,
}

impl LocationCue {
    /// ACLED geo-precision suggested by the cue: 1 the place itself; 2 near it, on its outskirts,
    /// a direction from it, its district or countryside; 3 a province/region or a part of a larger
    /// area ("northern Syria"; a linker may lower this to 2 when the place is a town).
    pub fn geo_precision(&self) -> u8 {
        match self.kind {
            CueKind::In => 1,
            CueKind::Near
            | CueKind::Outskirts
            | CueKind::Direction(_)
            | CueKind::District
            | CueKind::Countryside => 2,
            CueKind::Province | CueKind::Part(_) => 3,
        }
    }
}

const DIRS: &str =
    r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north|south|east|west";
const DIR_ADJ: &str = r"north[- ]?eastern|north[- ]?western|south[- ]?eastern|south[- ]?western|northern|southern|eastern|western|central";
const SETTLEMENT: &str = r"(?:(?:flashpoint|embattled|besieged|strategic|key|rebel-held|government-held|regime-held|opposition-held|militant-held|northern|southern|eastern|western|central|coastal|border|frontline|front-line|nearby|neighbo(?:u)?ring|small|restive|ancient|old|capital|provincial|port|desert|mountain|mountainous)\s+)*(?:city|town|village|capital|hamlet|settlement|port|district|suburb|neighbo(?:u)?rhood|area|camp)\s+of\s+";

fn canonical_dir(d: &str) -> &'static str {
    let d = d.to_ascii_lowercase().replace(['-', ' '], "");
    let d = d.trim_end_matches("ern");
    match d {
        "northeast" => "northeast",
        "northwest" => "northwest",
        "southeast" => "southeast",
        "southwest" => "southwest",
        "north" => "north",
        "south" => "south",
        "east" => "east",
        "west" => "west",
        _ => "central",
    }
}

type Build = fn(&Captures) -> (CueKind, bool, Option<f64>);

static RULES: LazyLock<Vec<(Regex, Build)>> = LazyLock::new(|| {
    let r = |src: String, b: Build| (Regex::new(&src).expect("cue regex"), b);
    vec![
        r(
            format!(r"(?i)\b(?:on|in|at|from|to)\s+the\s+(?:(?:{DIR_ADJ}|{DIRS})\s+)?(?:outskirts|edge|edges|fringes|suburbs|periphery|environs)\s+of\s+(?:the\s+)?(?:{SETTLEMENT})?"),
            |_| (CueKind::Outskirts, true, None),
        ),
        r(
            format!(r"(?:['’]s)?\s+(?:(?i:{DIR_ADJ})\s+)?(?P<w>(?i:outskirts|suburbs|environs))\b"),
            |_| (CueKind::Outskirts, false, None),
        ),
        r(
            format!(r"(?i)\b(?:(?P<n>\d+(?:\.\d+)?|a\s+few|several|some)\s*(?P<u>km|kms|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\s+(?:\(\s*\d+(?:\.\d+)?\s*(?:miles|mi|km)\s*\)\s+)?)?(?P<d>{DIRS})\s+of\s+(?:the\s+)?(?:{SETTLEMENT})?"),
            |c| {
                let d = canonical_dir(c.name("d").map_or("", |m| m.as_str()));
                let km = c.name("n").and_then(|n| n.as_str().parse::<f64>().ok()).map(|v| {
                    let miles = c.name("u").is_some_and(|u| u.as_str().to_ascii_lowercase().starts_with("mi"));
                    if miles { v * 1.609_344 } else { v }
                });
                (CueKind::Direction(d), true, km)
            },
        ),
        r(
            format!(r"(?i)\bin\s+the\s+(?P<d>{DIRS}|centre|center)\s+of\s+(?:the\s+)?(?:{SETTLEMENT})?"),
            |c| (CueKind::Part(canonical_dir(c.name("d").map_or("", |m| m.as_str()))), true, None),
        ),
        r(
            format!(r"\b(?i:in|across|throughout)\s+(?P<d>(?i:{DIR_ADJ}))\s+(?-i:[A-Z])"),
            |c| (CueKind::Part(canonical_dir(c.name("d").map_or("", |m| m.as_str()))), true, None),
        ),
        r(
            r"(?i)\b(?:near|nearby|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|just\s+outside|outside|around|on\s+the\s+(?:road|highway)\s+(?:to|from|between|linking)|along\s+the\s+(?:road|highway)\s+(?:to|from|between|linking)|in\s+the\s+(?:surroundings|area)\s+of)\s+(?:the\s+)?".to_string()
                + &format!("(?:{SETTLEMENT})?"),
            |_| (CueKind::Near, true, None),
        ),
        r(
            r"\s+(?P<w>(?i:province|governorate|region|state|oblast|prefecture|department|wilayat|muhafazah))\b".to_string(),
            |_| (CueKind::Province, false, None),
        ),
        r(
            r"(?i)\b(?:the\s+)?(?:province|governorate|region|state|oblast|prefecture|department)\s+of\s+".to_string(),
            |_| (CueKind::Province, true, None),
        ),
        r(r"\s+(?P<w>(?i:district|county|municipality|sub-district|subdistrict|commune|raion|tehsil))\b".to_string(), |_| {
            (CueKind::District, false, None)
        }),
        r(r"(?i)\b(?:the\s+)?(?:district|county|municipality|sub-district)\s+of\s+".to_string(), |_| (CueKind::District, true, None)),
        r(r"(?:['’]s)?\s+(?P<w>(?i:countryside|hinterland|rural\s+areas))\b".to_string(), |_| (CueKind::Countryside, false, None)),
        r(r"(?i)\b(?:(?:the\s+)?countryside\s+of|rural)\s+".to_string(), |_| (CueKind::Countryside, true, None)),
        r(
            format!(r"\b(?i:in|at|inside|into|within|across)\s+(?:(?i:the)\s+)?(?:(?i:{SETTLEMENT}))?(?-i:[A-Z])"),
            |_| (CueKind::In, true, None),
        ),
    ]
});

/// Every location cue in `sentence`, in order (overlaps resolved: the longest wins).
pub fn location_cues(sentence: &str) -> Vec<LocationCue> {
    let mut cands: Vec<(usize, usize, CueKind, bool, Option<f64>)> = Vec::new();
    for (re, build) in RULES.iter() {
        for c in re.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            let (kind, place_after, km) = build(&c);
            let (mut s, mut e) = (m.start(), m.end());
            if !place_after {
                // Postfix cues: the span is the cue word itself ("province"), the place precedes it;
                // only when a capitalised word precedes ("Idlib province", "Aleppo's outskirts").
                let Some(w) = c.name("w") else { continue };
                let before = sentence[..m.start()].trim_end();
                if !before.chars().last().is_some_and(|ch| ch.is_alphabetic()) {
                    continue;
                }
                let last_word = before
                    .rsplit(|ch: char| ch.is_whitespace())
                    .next()
                    .unwrap_or("");
                if !last_word.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                s = w.start();
                e = w.end();
            } else {
                if kind == CueKind::In
                    || matches!(kind, CueKind::Part(_))
                        && sentence[s..e].ends_with(|ch: char| ch.is_uppercase())
                {
                    // The capital letter that licensed the cue belongs to the place.
                    e -= sentence[..e].chars().last().map_or(0, char::len_utf8);
                }
                // A place name must follow: a capitalised word or an Arabic article ("al-Bab").
                let next = sentence[e..].trim_start();
                let article = [
                    "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-",
                ]
                .iter()
                .any(|a| next.starts_with(a));
                if !(next.starts_with(|ch: char| ch.is_uppercase()) || article) {
                    continue;
                }
            }
            cands.push((s, e, kind, place_after, km));
        }
    }
    cands.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut kept: Vec<(usize, usize, CueKind, bool, Option<f64>)> = Vec::new();
    for c in cands {
        if kept.iter().all(|k| c.1 <= k.0 || c.0 >= k.1) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.0);
    let idx = CharIndex::new(sentence);
    kept.into_iter()
        .map(|(s, e, kind, place_after, distance_km)| {
            let text = &sentence[s..e];
            let e = s + text.trim_end().len();
            LocationCue {
                start: idx.char_of(s),
                end: idx.char_of(e),
                kind,
                place_after,
                distance_km,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::offsets::char_slice;

    fn cues(s: &str) -> Vec<(String, CueKind, bool)> {
        location_cues(s)
            .into_iter()
            .map(|c| {
                (
                    char_slice(s, c.start, c.end).to_string(),
                    c.kind,
                    c.place_after,
                )
            })
            .collect()
    }

    #[test]
    fn cue_near_and_outskirts_are_precision_2() {
        let c = location_cues(
            "Fighting broke out near Tal Abyad and on the outskirts of the besieged town of Douma.",
        );
        assert_eq!(
            c.iter()
                .map(|c| (c.kind, c.geo_precision()))
                .collect::<Vec<_>>(),
            [(CueKind::Near, 2), (CueKind::Outskirts, 2)]
        );
        assert_eq!(
            cues("on the northern outskirts of Homs")[0].0,
            "on the northern outskirts of"
        );
    }

    #[test]
    fn cue_direction_with_distance_in_miles() {
        let c = &location_cues("a village 10 miles south-west of the city of Raqqa")[0];
        assert_eq!(c.kind, CueKind::Direction("southwest"));
        assert!((c.distance_km.unwrap() - 16.09).abs() < 0.01);
    }

    #[test]
    fn cue_province_before_and_after_the_place() {
        assert_eq!(
            cues("clashes in Idlib province"),
            [
                ("in".into(), CueKind::In, true),
                ("province".into(), CueKind::Province, false)
            ]
        );
        assert_eq!(cues("the province of Idlib")[0].1, CueKind::Province);
        assert_eq!(location_cues("in Idlib province")[1].geo_precision(), 3);
        assert!(cues("a state of emergency")
            .iter()
            .all(|c| c.1 != CueKind::Province));
        assert!(cues("clashes near the border").is_empty());
        assert_eq!(cues("clashes near al-Bab")[0].1, CueKind::Near);
    }

    #[test]
    fn cue_part_of_a_country() {
        let c = cues("Airstrikes continued in northern Syria.");
        assert_eq!(c, [("in northern".into(), CueKind::Part("north"), true)]);
    }

    #[test]
    fn cue_in_the_town_of() {
        assert_eq!(
            cues("in the town of Qusayr"),
            [("in the town of".into(), CueKind::In, true)]
        );
    }
}
