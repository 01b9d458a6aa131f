//! Ranking: choose one gazetteer place (or none) for each toponym span.
//!
//! Candidates get a prior from what they are (kind, population, how they were named),
//! then an ordered chain of named passes adjusts it with the article's own evidence:
//! explicit context ("Alexandria, La.", "Homs province"), the article's focus country
//! (countries and demonyms mentioned), colocation with the other places resolved in the
//! article, and one sense per discourse. Every result keeps the pass that decided it.

use std::collections::HashMap;

use super::gazetteer::{Gazetteer, Kind, NameKind, Place, Posting};
use crate::extract::toponyms::{SpanKind, Toponym};

/// A toponym span with its chosen place.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
    /// Index of the chosen place in the gazetteer; `None` = "none of these".
    pub place: Option<u32>,
    /// Confidence in 0..1 (margin-based).
    pub score: f64,
    /// The ranking pass that decided.
    pub pass: &'static str,
}

/// Country evidence gathered from the whole article.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// ISO2 → weight of mentions (countries named, demonyms, unambiguous places).
    pub countries: HashMap<String, f64>,
    /// The article's focus country, if one stands out.
    pub focus: Option<String>,
}

impl DocContext {
    pub fn weight(&self, cc: &str) -> f64 {
        self.countries.get(cc).copied().unwrap_or(0.0)
    }
}

/// What a candidate is, before any context: kind, size and how it was named.
pub fn prior(p: &Place<'_>, posting: &Posting) -> f64 {
    let pop = (p.population as f64 + 1.0).log10();
    let mut s = match p.kind {
        Kind::Country => 9.0,
        Kind::Continent => 8.5,
        Kind::Admin1 => 6.0 + 0.15 * pop,
        Kind::Sea => 6.0,
        Kind::Region => 5.5,
        Kind::River | Kind::Lake | Kind::Physical => 4.0,
        Kind::Admin2 => 3.0 + 0.1 * pop,
        Kind::Facility => 5.0,
        Kind::City => 1.0 + 0.9 * pop,
    };
    match p.fcode() {
        "PPLC" => s += 1.5,
        "PPLA" => s += 0.8,
        "PPLA2" => s += 0.3,
        "PCLD" | "PCLF" | "PCLS" | "PCLIX" => s -= 1.0,
        _ => {}
    }
    s += match posting.name_kind {
        NameKind::Primary => 0.6,
        NameKind::Alternate => 0.0,
        NameKind::Abbreviation => 0.3,
        NameKind::Demonym => 0.0,
    };
    if posting.squashed {
        s -= 1.0;
    }
    s + 0.12 * (1.0 + p.name_count as f64).ln()
}

/// Resolve every toponym of one article.
pub fn resolve(toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer) -> Vec<Resolved> {
    let ctx = doc_context(toponyms, gaz);
    // pass 1: prior + explicit context + focus country
    let mut choice: Vec<(Option<u32>, f64, &'static str, f64)> = Vec::with_capacity(toponyms.len());
    for (k, t) in toponyms.iter().enumerate() {
        if t.kind == SpanKind::Demonym || t.candidates.is_empty() {
            choice.push((None, 0.0, "none", 0.0));
            continue;
        }
        let explicit = explicit_context(toponyms, k, chars, gaz);
        let cue = admin_cue(chars, t.end);
        let mut best: Option<(u32, f64, &'static str)> = None;
        let mut second = f64::NEG_INFINITY;
        for posting in &t.candidates {
            let p = gaz.place(posting.place);
            let mut s = prior(&p, posting);
            let mut pass = "prior";
            if let Some((cc, admin1)) = &explicit {
                if p.cc() == cc && (admin1.is_empty() || p.admin1() == admin1) {
                    s += 12.0;
                    pass = "explicit-context";
                }
            }
            if cue && matches!(p.kind, Kind::Admin1 | Kind::Admin2) {
                s += 4.0;
                pass = "admin-cue";
            }
            let w = ctx.weight(p.cc());
            if w > 0.0 && pass == "prior" {
                s += 1.5 * w.min(3.0).sqrt();
                if ctx.focus.as_deref() == Some(p.cc()) {
                    s += 1.5;
                    pass = "focus-country";
                } else {
                    pass = "country-mentioned";
                }
            }
            match best {
                Some((_, bs, _)) if bs >= s => second = second.max(s),
                _ => {
                    if let Some((_, bs, _)) = best {
                        second = second.max(bs);
                    }
                    best = Some((posting.place, s, pass));
                }
            }
        }
        let (place, s, pass) = best.map(|(a, b, c)| (Some(a), b, c)).unwrap_or((None, 0.0, "none"));
        choice.push((place, s, pass, s - second));
    }
    // pass 2: colocation — candidates near or in the same admin1 as confident choices
    let anchors: Vec<(f64, f64, String, String)> = choice
        .iter()
        .filter(|c| c.3 > 2.0)
        .filter_map(|c| c.0)
        .map(|i| gaz.place(i))
        .filter(|p| matches!(p.kind, Kind::City | Kind::Admin2 | Kind::Admin1 | Kind::Facility))
        .map(|p| (p.lon, p.lat, p.cc().to_string(), p.admin1().to_string()))
        .collect();
    for (k, t) in toponyms.iter().enumerate() {
        if choice[k].0.is_none() || choice[k].3 > 2.0 || choice[k].2 == "explicit-context" {
            continue;
        }
        let mut best = (choice[k].0, choice[k].1, choice[k].2);
        for posting in &t.candidates {
            let p = gaz.place(posting.place);
            let mut bonus: f64 = 0.0;
            for (lon, lat, cc, a1) in &anchors {
                if p.cc() == cc && !a1.is_empty() && p.admin1() == a1 {
                    bonus = bonus.max(1.5);
                }
                let d = haversine_km(p.lon, p.lat, *lon, *lat);
                if d > 0.5 && d < 150.0 {
                    bonus = bonus.max(2.0 - d / 150.0);
                }
            }
            if bonus > 0.0 {
                let s = prior(&p, posting) + 1.5 * ctx.weight(p.cc()).min(3.0).sqrt() + bonus;
                if s > best.1 {
                    best = (Some(posting.place), s, "colocation");
                }
            }
        }
        choice[k].0 = best.0;
        choice[k].1 = best.1;
        choice[k].2 = best.2;
    }
    // pass 3: one sense per discourse — the same name gets the most confident reading
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for (k, t) in toponyms.iter().enumerate() {
        if choice[k].0.is_none() {
            continue;
        }
        let e = by_text.entry(t.text.as_str()).or_insert(k);
        if choice[k].3 > choice[*e].3 {
            *e = k;
        }
    }
    toponyms
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let (mut place, mut score, mut pass, margin) = choice[k];
            if let Some(&j) = by_text.get(t.text.as_str()) {
                if j != k && choice[j].0 != place && choice[j].2 == "explicit-context" || (j != k && choice[j].3 > margin + 1.0 && choice[j].0 != place) {
                    place = choice[j].0;
                    score = choice[j].1;
                    pass = "one-sense-per-discourse";
                }
            }
            let conf = if place.is_some() { 1.0 / (1.0 + (-(margin.min(10.0)) * 0.8).exp()) } else { 0.0 };
            let _ = score;
            Resolved { start: t.start, end: t.end, text: t.text.clone(), kind: t.kind, place, score: conf, pass }
        })
        .collect()
}

/// Count the countries the article talks about.
pub fn doc_context(toponyms: &[Toponym], gaz: &Gazetteer) -> DocContext {
    let mut ctx = DocContext::default();
    for t in toponyms {
        // a demonym or a country name votes for its country; an unambiguous place weakly
        let mut best: Option<(f64, Place<'_>)> = None;
        for posting in &t.candidates {
            let p = gaz.place(posting.place);
            let s = prior(&p, posting);
            if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                best = Some((s, p));
            }
        }
        let Some((_, p)) = best else { continue };
        if p.cc().is_empty() {
            continue;
        }
        let w = match (t.kind, p.kind) {
            (SpanKind::Demonym, _) => 1.0,
            (_, Kind::Country) => 1.0,
            (_, Kind::Admin1) => 0.7,
            _ if t.candidates.len() == 1 => 0.5,
            _ if p.population > 1_000_000 => 0.4,
            _ => 0.0,
        };
        *ctx.countries.entry(p.cc().to_string()).or_default() += w;
    }
    let mut v: Vec<(&String, &f64)> = ctx.countries.iter().collect();
    v.sort_by(|a, b| b.1.partial_cmp(a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(b.0)));
    if let Some((cc, w)) = v.first() {
        let second = v.get(1).map(|x| *x.1).unwrap_or(0.0);
        if **w >= 1.0 && **w > second {
            ctx.focus = Some((*cc).clone());
        }
    }
    ctx
}

/// "X, Y" where Y is a country or first-level division: returns Y's (cc, admin1).
fn explicit_context(toponyms: &[Toponym], k: usize, chars: &[char], gaz: &Gazetteer) -> Option<(String, String)> {
    let t = &toponyms[k];
    let next = toponyms.get(k + 1)?;
    let between: String = chars[t.end..next.start].iter().collect();
    if between.trim() != "," {
        return None;
    }
    // Y's best area reading
    let mut best: Option<(f64, Place<'_>)> = None;
    for posting in &next.candidates {
        let p = gaz.place(posting.place);
        if !matches!(p.kind, Kind::Country | Kind::Admin1) {
            continue;
        }
        let s = prior(&p, posting);
        if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
            best = Some((s, p));
        }
    }
    let (_, p) = best?;
    let admin1 = if p.kind == Kind::Admin1 { p.admin1().to_string() } else { String::new() };
    Some((p.cc().to_string(), admin1))
}

/// "X province", "X governorate", "X district": the span names a division.
fn admin_cue(chars: &[char], end: usize) -> bool {
    let rest: String = chars[end..(end + 16).min(chars.len())].iter().collect::<String>().to_lowercase();
    let rest = rest.trim_start();
    ["province", "governorate", "district", "region", "county", "state", "oblast", "prefecture"]
        .iter()
        .any(|w| rest.starts_with(w))
}

/// Great-circle distance in km (mean Earth radius 6371.0088 km).
///
/// # Units
/// Inputs in decimal degrees, output in kilometres.
pub fn haversine_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}
