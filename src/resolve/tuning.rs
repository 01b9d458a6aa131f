//! The ranking's tunable numbers, read once from data/lexicon/ranking.txt (embedded), where
//! each is explained. A field is the file's `section_name`: `[prior] city = 1.0` is
//! `prior_city`.

use std::collections::HashMap;

const FILE: &str = "data/lexicon/ranking.txt";

macro_rules! tuning {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Every number of data/lexicon/ranking.txt, by `section_name`.
        #[derive(Debug, Clone)]
        pub(crate) struct Tuning {
            $(pub $field: $ty,)*
        }

        impl Tuning {
            /// Parse the `[section]` / `name = value` text; every field given once, no other.
            fn parse(text: &str) -> Result<Tuning, String> {
                let mut values: HashMap<String, &str> = HashMap::new();
                for (section, line) in crate::extract::lexicon::entries(text) {
                    let (name, value) = line.split_once('=').ok_or_else(|| format!("[{section}] `{line}`: expected `name = value`"))?;
                    let key = format!("{section}_{}", name.trim());
                    if values.insert(key.clone(), value.trim()).is_some() {
                        return Err(format!("[{section}] `{}` is given twice", name.trim()));
                    }
                }
                let tuning = Tuning {
                    $($field: {
                        let key = stringify!($field);
                        let v = values.remove(key).ok_or_else(|| format!("`{key}` is missing"))?;
                        v.parse::<$ty>().map_err(|e| format!("`{key} = {v}`: {e}"))?
                    },)*
                };
                match values.keys().next() {
                    Some(k) => Err(format!("`{k}` is not a known number")),
                    None => Ok(tuning),
                }
            }
        }
    };
}

tuning! {
    prior_country: f64,
    prior_country_per_decade: f64,
    prior_continent: f64,
    prior_admin1: f64,
    prior_admin1_per_decade: f64,
    prior_sea: f64,
    prior_region: f64,
    prior_physical: f64,
    prior_admin2: f64,
    prior_admin2_per_decade: f64,
    prior_facility: f64,
    prior_city: f64,
    prior_city_per_decade: f64,
    prior_unknown_ppla_population: u32,
    prior_unknown_ppla2_population: u32,
    prior_capital: f64,
    prior_ppla: f64,
    prior_ppla2: f64,
    prior_dependency: f64,
    prior_ocean: f64,
    prior_primary_name: f64,
    prior_abbreviation: f64,
    prior_alternate_name: f64,
    prior_alternate_name_admin2: f64,
    prior_alternate_name_free_population: u32,
    prior_squashed: f64,
    prior_name_count: f64,
    candidates_max: usize,
    candidates_with_proximity: usize,
    pass_explicit: f64,
    pass_near_anchor_km: f64,
    pass_contradicted: f64,
    pass_cue: f64,
    pass_newspaper_city_population: u32,
    pass_country: f64,
    pass_focus: f64,
    pass_admin1: f64,
    pass_admin2: f64,
    pass_list: f64,
    pass_region_km: f64,
    pass_near: f64,
    pass_near_km: f64,
    pass_borrowed: f64,
    pass_state_named_town_max_population: u32,
    pass_international: f64,
    pass_contained_min_population: u32,
    pass_county_km: f64,
    pass_unsupported_max_population: u32,
    pass_unsupported_admin1_country_max_population: u32,
    pass_unsupported_site_max_population: u32,
    pass_unsupported_focus: f64,
    pass_unsupported_weak: f64,
    pass_unsupported_weak_focus: f64,
    pass_unsupported_ratio: f64,
    locale_min_places: usize,
    locale_min_names: usize,
    locale_weight: f64,
    locale_home: f64,
    locale_clock: f64,
    fallback_container_km: f64,
}

static TUNING: std::sync::OnceLock<Tuning> = std::sync::OnceLock::new();

/// The tuning in use: the embedded file, unless [`use_ranking_file`] gave another first. The
/// embedded file is part of the build, and a test parses it, so a failure here is a defect
/// of the build, not of the input.
pub(crate) fn tuning() -> &'static Tuning {
    TUNING.get_or_init(|| Tuning::parse(include_str!("../../data/lexicon/ranking.txt")).unwrap_or_else(|e| panic!("{FILE}: {e}")))
}

/// Rank with the numbers of `text` (a file in the layout of data/lexicon/ranking.txt, named
/// `path` in errors) instead of the embedded ones, for this whole process: how a user tries
/// other weights on a corpus of their own without rebuilding. Call it before any ranking;
/// afterwards the numbers in use can no longer change, and this says so.
pub fn use_ranking_file(path: &str, text: &str) -> Result<(), String> {
    let t = Tuning::parse(text).map_err(|e| format!("{path}: {e}"))?;
    TUNING.set(t).map_err(|_| format!("{path}: the ranking numbers are already in use; give the file before anything is ranked"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_gives_every_number() {
        let t = Tuning::parse(include_str!("../../data/lexicon/ranking.txt")).unwrap();
        assert!(t.pass_explicit > t.pass_contradicted && t.candidates_with_proximity <= t.candidates_max, "{t:?}");
    }

    #[test]
    fn a_ranking_file_with_an_error_is_refused_by_name() {
        let bad = include_str!("../../data/lexicon/ranking.txt").replace("max = 200", "max = many");
        let e = use_ranking_file("mine.txt", &bad).unwrap_err();
        assert!(e.starts_with("mine.txt: `candidates_max = many`"), "{e}");
    }

    #[test]
    fn a_missing_twice_given_unknown_or_malformed_number_is_named() {
        let full = include_str!("../../data/lexicon/ranking.txt");
        let missing = full.replace("max = 200", "");
        assert_eq!(Tuning::parse(&missing).unwrap_err(), "`candidates_max` is missing");
        let twice = format!("{full}\n[pass]\nfocus = 2\n");
        assert_eq!(Tuning::parse(&twice).unwrap_err(), "[pass] `focus` is given twice");
        let unknown = format!("{full}\n[pass]\nsurprise = 2\n");
        assert_eq!(Tuning::parse(&unknown).unwrap_err(), "`pass_surprise` is not a known number");
        let bad = full.replace("max = 200", "max = many");
        assert!(Tuning::parse(&bad).unwrap_err().starts_with("`candidates_max = many`"));
        let no_value = format!("{full}\n[pass]\nfocus\n");
        assert_eq!(Tuning::parse(&no_value).unwrap_err(), "[pass] `focus`: expected `name = value`");
    }
}
