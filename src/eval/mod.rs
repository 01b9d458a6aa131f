//! Evaluation of the geoparser against gold corpora: recognition P/R/F1, resolution
//! accuracy given gold spans, end to end, and the gazetteer's ceiling. Returns figures;
//! `conflictmap eval` prints them.

pub mod events;
pub mod gold;

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use crate::resolve::rank::haversine_km;
use crate::resolve::rank::Locale;
use crate::resolve::{geoparse, geoparse_in, geoparse_spans_in, Gazetteer, PlaceMention};
use gold::{GoldDoc, SystemSpan};

/// Errors above this many km are misses (100 miles).
pub const ACC_KM: f64 = 161.0;
/// Half the Earth's circumference: the error charged for an unresolved toponym.
pub const MAX_ERROR_KM: f64 = 20039.0;

/// Recognition against the gold toponyms that count for recognition.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recognition {
    pub gold: usize,
    pub predicted: usize,
    pub exact_tp: usize,
    pub overlap_tp_gold: usize,
    pub overlap_tp_pred: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub overlap_precision: f64,
    pub overlap_recall: f64,
    pub overlap_f1: f64,
    /// Per recognition rule: (rule, spans predicted, of which exact matches).
    pub by_rule: Vec<(String, usize, usize)>,
}

impl Recognition {
    fn finish(&mut self) {
        let f = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        let div = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        self.precision = div(self.exact_tp, self.predicted);
        self.recall = div(self.exact_tp, self.gold);
        self.f1 = f(self.precision, self.recall);
        self.overlap_precision = div(self.overlap_tp_pred, self.predicted);
        self.overlap_recall = div(self.overlap_tp_gold, self.gold);
        self.overlap_f1 = f(self.overlap_precision, self.overlap_recall);
    }
}

/// Resolution figures over gold toponyms that have coordinates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolution {
    pub toponyms: usize,
    pub acc161: f64,
    pub mean_km: f64,
    pub median_km: f64,
    /// Mean of ln(1 + error km) / ln(20039): lower is better.
    pub auc: f64,
    pub exact_id: f64,
    pub country: f64,
    pub country_n: usize,
    pub unresolved: usize,
    #[serde(skip)]
    errors: Vec<f64>,
    #[serde(skip)]
    hits: usize,
    #[serde(skip)]
    ids: usize,
    #[serde(skip)]
    country_hits: usize,
}

impl Resolution {
    fn add(&mut self, error_km: Option<f64>, exact_id: bool, country: Option<bool>) {
        self.toponyms += 1;
        let e = if exact_id { 0.0 } else { error_km.unwrap_or(MAX_ERROR_KM) };
        if error_km.is_none() && !exact_id {
            self.unresolved += 1;
        }
        if e <= ACC_KM {
            self.hits += 1;
        }
        if exact_id {
            self.ids += 1;
        }
        if let Some(ok) = country {
            self.country_n += 1;
            if ok {
                self.country_hits += 1;
            }
        }
        self.errors.push(e);
    }

    fn finish(&mut self) {
        let n = self.toponyms.max(1) as f64;
        self.acc161 = self.hits as f64 / n;
        self.exact_id = self.ids as f64 / n;
        self.country = if self.country_n > 0 { self.country_hits as f64 / self.country_n as f64 } else { 0.0 };
        self.mean_km = self.errors.iter().sum::<f64>() / n;
        let mut e = self.errors.clone();
        e.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        self.median_km = if e.is_empty() { 0.0 } else if e.len() % 2 == 1 { e[e.len() / 2] } else { (e[e.len() / 2 - 1] + e[e.len() / 2]) / 2.0 };
        self.auc = self.errors.iter().map(|x| (1.0 + x).ln() / (1.0 + MAX_ERROR_KM).ln()).sum::<f64>() / n;
    }
}

/// All figures for one system on one corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub corpus: String,
    pub system: String,
    pub articles: usize,
    pub recognition: Option<Recognition>,
    pub resolution_gold_spans: Option<Resolution>,
    pub end_to_end: Option<Resolution>,
    /// Share of resolvable gold toponyms with any candidate within 161 km (or the gold id).
    pub ceiling: Option<f64>,
    /// How often each ranking pass decided (gold-span resolution).
    pub passes: Vec<(String, usize)>,
    /// Gold-span resolution misses (error > 161 km), for error analysis.
    #[serde(skip)]
    pub misses: Vec<Miss>,
    /// Recognition errors (exact span), for error analysis.
    #[serde(skip)]
    pub recognition_misses: Vec<RecognitionMiss>,
    /// Articles per second, own recognition + resolution, one core, after start-up.
    pub articles_per_second: Option<f64>,
    pub megabytes_per_second: Option<f64>,
}

/// One resolution miss: what the gold says and what we chose.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Miss {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub gold_id: Option<i64>,
    pub gold_lon: Option<f64>,
    pub gold_lat: Option<f64>,
    pub gold_name: Option<String>,
    /// The gold point's country (see the country oracle), when known.
    pub gold_cc: Option<String>,
    pub ours: Option<String>,
    pub ours_id: Option<i64>,
    pub ours_cc: Option<String>,
    pub ours_kind: Option<&'static str>,
    pub error_km: Option<f64>,
    pub pass: &'static str,
    pub context: String,
}

/// One recognition error under exact-span scoring: a span of ours that no counted gold
/// span has (a false positive) or a counted gold span we did not find exactly (a false
/// negative). The overlapping span on the other side tells boundary errors apart.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RecognitionMiss {
    pub doc: String,
    /// "fp" or "fn".
    pub miss: &'static str,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The gold type of the missed span; for a false positive, of the gold span it
    /// overlaps (which may be one that does not count, e.g. "Non_Toponym").
    pub gold_type: Option<String>,
    /// For a false negative, our overlapping span; for a false positive, the gold one.
    pub overlap: Option<String>,
    pub overlap_start: Option<usize>,
    pub overlap_end: Option<usize>,
    /// Our recognition rule (for a false positive, or our overlapping span).
    pub rule: Option<&'static str>,
    pub context: String,
}

fn context_of(cs: &[char], s: usize, e: usize) -> String {
    let a = s.saturating_sub(60).min(cs.len());
    let b = (e + 60).min(cs.len());
    let e = e.min(cs.len()).max(a);
    let s = s.min(e).max(a);
    let mut out: String = cs[a..s].iter().collect();
    out.push('[');
    out.extend(&cs[s..e]);
    out.push(']');
    out.extend(&cs[e..b]);
    out.replace('\n', " ")
}

/// The recognition errors of `mentions` (ours) against the gold of `doc`.
fn recognition_misses(doc: &GoldDoc, mentions: &[PlaceMention]) -> Vec<RecognitionMiss> {
    let cs: Vec<char> = doc.text.chars().collect();
    let text = |s: usize, e: usize| cs[s.min(cs.len())..e.min(cs.len())].iter().collect::<String>();
    let mut out = Vec::new();
    for g in doc.toponyms.iter().filter(|g| g.recognise) {
        if mentions.iter().any(|m| m.start == g.start && m.end == g.end) {
            continue;
        }
        let m = mentions.iter().find(|m| m.start < g.end && g.start < m.end);
        out.push(RecognitionMiss {
            doc: doc.id.clone(),
            miss: "fn",
            start: g.start,
            end: g.end,
            text: text(g.start, g.end),
            gold_type: g.gold_type.clone(),
            overlap: m.map(|m| text(m.start, m.end)),
            overlap_start: m.map(|m| m.start),
            overlap_end: m.map(|m| m.end),
            rule: m.map(|m| m.rule),
            context: context_of(&cs, g.start, g.end),
        });
    }
    for m in mentions {
        if doc.toponyms.iter().any(|g| g.recognise && m.start == g.start && m.end == g.end) {
            continue;
        }
        // prefer a counted gold span, then any
        let g = doc
            .toponyms
            .iter()
            .filter(|g| m.start < g.end && g.start < m.end)
            .max_by_key(|g| g.recognise);
        out.push(RecognitionMiss {
            doc: doc.id.clone(),
            miss: "fp",
            start: m.start,
            end: m.end,
            text: text(m.start, m.end),
            gold_type: g.and_then(|g| g.gold_type.clone()),
            overlap: g.map(|g| text(g.start, g.end)),
            overlap_start: g.map(|g| g.start),
            overlap_end: g.map(|g| g.end),
            rule: Some(m.rule),
            context: context_of(&cs, m.start, m.end),
        });
    }
    out.sort_by_key(|x| (x.start, x.miss));
    out
}

/// Finds the country of a gold point: the gold id's country, else the nearest place's.
struct CountryOracle<'g> {
    gaz: &'g Gazetteer,
    grid: HashMap<(i32, i32), Vec<u32>>,
}

impl<'g> CountryOracle<'g> {
    fn new(gaz: &'g Gazetteer) -> Self {
        let mut grid: HashMap<(i32, i32), Vec<u32>> = HashMap::new();
        for i in 0..gaz.len() as u32 {
            let p = gaz.place(i);
            if p.kind == crate::resolve::Kind::City && !p.cc().is_empty() {
                grid.entry((p.lat.floor() as i32, p.lon.floor() as i32)).or_default().push(i);
            }
        }
        CountryOracle { gaz, grid }
    }

    fn country(&self, g: &gold::GoldToponym) -> Option<String> {
        if let Some(c) = &g.country {
            if let Some(id) = c.strip_prefix('#').and_then(|v| v.parse().ok()) {
                return self.gaz.by_id(id).map(|p| p.cc().to_string()).filter(|c| !c.is_empty());
            }
            return Some(c.clone());
        }
        if let Some(p) = g.geonameid.and_then(|id| self.gaz.by_id(id)) {
            return Some(p.cc().to_string()).filter(|c| !c.is_empty());
        }
        let (lon, lat) = (g.lon?, g.lat?);
        let mut best: Option<(f64, u32)> = None;
        for dy in -1..=1 {
            for dx in -1..=1 {
                let key = (lat.floor() as i32 + dy, lon.floor() as i32 + dx);
                for &i in self.grid.get(&key).map(|v| v.as_slice()).unwrap_or(&[]) {
                    let p = self.gaz.place(i);
                    let d = haversine_km(lon, lat, p.lon, p.lat);
                    if d < 25.0 && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, i));
                    }
                }
            }
        }
        best.map(|(_, i)| self.gaz.place(i).cc().to_string())
    }
}

fn score_mention(res: &mut Resolution, g: &gold::GoldToponym, m: Option<&PlaceMention>, oracle: &CountryOracle) {
    let exact = match (g.geonameid, m.and_then(|m| m.geonameid)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    let err = match (m.and_then(|m| m.lon), m.and_then(|m| m.lat), g.lon, g.lat) {
        (Some(a), Some(b), Some(c), Some(d)) => Some(haversine_km(a, b, c, d)),
        _ => None,
    };
    let country = oracle.country(g).map(|gc| m.and_then(|m| m.country_code.as_deref()) == Some(gc.as_str()));
    res.add(err, exact, country);
}

fn resolvable(g: &gold::GoldToponym) -> bool {
    g.lat.is_some() && g.lon.is_some()
}

/// Each article's source locale, learned from `first` (the first reading of every article)
/// of the source's *other* articles, with the country of its web domain. A user's store holds
/// a source's earlier stories, not the one being read: an article's own names must not count
/// twice, once as the story and once as its paper's habit.
fn source_locales(docs: &[GoldDoc], first: &[Vec<PlaceMention>], gaz: &Gazetteer) -> Vec<Locale> {
    // (the articles of each source, by index)
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(s) = &d.source {
            by_source.entry(s.as_str()).or_default().push(i);
        }
    }
    docs.iter()
        .enumerate()
        .map(|(i, d)| {
            let Some(s) = d.source.as_deref() else { return Locale::default() };
            let others = by_source.get(s).into_iter().flatten().filter(|&&j| j != i).flat_map(|&j| first[j].iter());
            Locale::learn(others, gaz).with_url(s)
        })
        .collect()
}

/// Evaluate conflictmap on a gold corpus.
pub fn evaluate(corpus: &str, docs: &[GoldDoc], gaz: &Gazetteer) -> Report {
    let oracle = CountryOracle::new(gaz);
    let mut rec = Recognition::default();
    let mut res = Resolution::default();
    let mut e2e = Resolution::default();
    let mut passes: HashMap<String, usize> = HashMap::new();
    let (mut ceiling_hits, mut ceiling_n) = (0usize, 0usize);
    let mut misses = Vec::new();
    let mut rec_misses = Vec::new();
    // end to end, timed
    let t0 = Instant::now();
    let first: Vec<Vec<PlaceMention>> = docs.iter().map(|d| geoparse(&d.text, gaz)).collect();
    let secs = t0.elapsed().as_secs_f64();
    let doc_locales = source_locales(docs, &first, gaz);
    let own: Vec<Vec<PlaceMention>> = docs.iter().zip(&doc_locales).map(|(d, l)| geoparse_in(&d.text, gaz, l)).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    for ((doc, mentions), doc_locale) in docs.iter().zip(&own).zip(&doc_locales) {
        // recognition: own spans vs gold spans that count
        let gold: Vec<&gold::GoldToponym> = doc.toponyms.iter().filter(|g| g.recognise).collect();
        rec.gold += gold.len();
        rec.predicted += mentions.len();
        for g in &gold {
            if mentions.iter().any(|m| m.start == g.start && m.end == g.end) {
                rec.exact_tp += 1;
            }
            if mentions.iter().any(|m| m.start < g.end && g.start < m.end) {
                rec.overlap_tp_gold += 1;
            }
        }
        for m in mentions {
            if gold.iter().any(|g| m.start < g.end && g.start < m.end) {
                rec.overlap_tp_pred += 1;
            }
            let exact = gold.iter().any(|g| m.start == g.start && m.end == g.end);
            match rec.by_rule.iter_mut().find(|r| r.0 == m.rule) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += exact as usize;
                }
                None => rec.by_rule.push((m.rule.to_string(), 1, exact as usize)),
            }
        }
        rec_misses.extend(recognition_misses(doc, mentions));
        // resolution given the gold spans
        let golds: Vec<&gold::GoldToponym> = doc.toponyms.iter().filter(|g| resolvable(g)).collect();
        let spans: Vec<(usize, usize)> = golds.iter().map(|g| (g.start, g.end)).collect();
        let resolved = geoparse_spans_in(&doc.text, &spans, gaz, doc_locale);
        for (g, m) in golds.iter().zip(&resolved) {
            *passes.entry(m.pass.to_string()).or_default() += 1;
            score_mention(&mut res, g, Some(m), &oracle);
            let err = match (m.lon, m.lat, g.lon, g.lat) {
                (Some(a), Some(b), Some(c), Some(d)) => Some(haversine_km(a, b, c, d)),
                _ => None,
            };
            let gold_cc = oracle.country(g);
            let country_wrong = gold_cc.as_ref().is_some_and(|gc| m.country_code.as_deref() != Some(gc.as_str()));
            if !(m.geonameid.is_some() && m.geonameid == g.geonameid) && (err.is_none_or(|e| e > ACC_KM) || country_wrong) {
                let cs: Vec<char> = doc.text.chars().collect();
                let a = g.start.saturating_sub(60);
                let b = (g.end + 60).min(cs.len());
                misses.push(Miss {
                    doc: doc.id.clone(),
                    start: g.start,
                    end: g.end,
                    text: m.text.clone(),
                    gold_id: g.geonameid,
                    gold_lon: g.lon,
                    gold_lat: g.lat,
                    gold_name: g.geonameid.and_then(|id| gaz.by_id(id)).map(|p| format!("{} ({}, {})", p.name(), p.cc(), p.fcode())),
                    gold_cc,
                    ours: m.name.as_deref().map(str::to_string),
                    ours_id: m.geonameid,
                    ours_cc: m.country_code.as_deref().map(str::to_string),
                    ours_kind: m.place_kind,
                    error_km: err,
                    pass: m.pass,
                    context: cs[a..b].iter().collect::<String>().replace('\n', " "),
                });
            }
            // ceiling: any candidate within 161 km or with the gold id
            ceiling_n += 1;
            let surface: String = doc.text.chars().skip(g.start).take(g.end - g.start).collect();
            let hit = crate::resolve::candidates_for(&surface, gaz).iter().any(|p| {
                let pl = gaz.place(p.place);
                Some(pl.id) == g.geonameid
                    || haversine_km(pl.lon, pl.lat, g.lon.unwrap_or(0.0), g.lat.unwrap_or(0.0)) <= ACC_KM
            });
            if hit {
                ceiling_hits += 1;
            }
            // end to end: our own span at the same place
            let own_m = mentions.iter().find(|m| m.start == g.start && m.end == g.end && m.geonameid.is_some());
            score_mention(&mut e2e, g, own_m, &oracle);
        }
    }
    rec.finish();
    rec.by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    res.finish();
    e2e.finish();
    let mut passes: Vec<(String, usize)> = passes.into_iter().collect();
    passes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Report {
        corpus: corpus.to_string(),
        system: "conflictmap".into(),
        articles: docs.len(),
        recognition: Some(rec),
        resolution_gold_spans: Some(res),
        end_to_end: Some(e2e),
        ceiling: Some(if ceiling_n > 0 { ceiling_hits as f64 / ceiling_n as f64 } else { 0.0 }),
        passes,
        misses,
        recognition_misses: rec_misses,
        articles_per_second: Some(docs.len() as f64 / secs.max(1e-9)),
        megabytes_per_second: Some(bytes as f64 / 1e6 / secs.max(1e-9)),
    }
}

/// Score a peer system's output (GeoWebNews layout) against the same gold.
pub fn evaluate_system(corpus: &str, system: &str, docs: &[GoldDoc], out: &[Vec<SystemSpan>], gaz: &Gazetteer) -> Report {
    let oracle = CountryOracle::new(gaz);
    let mut rec = Recognition::default();
    let mut res = Resolution::default();
    for (k, doc) in docs.iter().enumerate() {
        let spans: &[SystemSpan] = out.get(k).map(|v| v.as_slice()).unwrap_or(&[]);
        let gold: Vec<&gold::GoldToponym> = doc.toponyms.iter().filter(|g| g.recognise).collect();
        rec.gold += gold.len();
        rec.predicted += spans.len();
        for g in &gold {
            if spans.iter().any(|m| m.start == g.start && m.end == g.end) {
                rec.exact_tp += 1;
            }
            if spans.iter().any(|m| m.start < g.end && g.start < m.end) {
                rec.overlap_tp_gold += 1;
            }
        }
        for m in spans {
            if gold.iter().any(|g| m.start < g.end && g.start < m.end) {
                rec.overlap_tp_pred += 1;
            }
        }
        for g in doc.toponyms.iter().filter(|g| resolvable(g)) {
            let m = spans.iter().find(|m| m.start == g.start && m.end == g.end)
                .or_else(|| spans.iter().find(|m| m.start < g.end && g.start < m.end));
            let pm = m.map(|m| PlaceMention {
                start: m.start,
                end: m.end,
                text: String::new(),
                kind: crate::extract::toponyms::SpanKind::Place,
                geonameid: None,
                name: None,
                lon: Some(m.lon),
                lat: Some(m.lat),
                country_code: oracle.country(&gold::GoldToponym { start: 0, end: 0, text: String::new(), geonameid: None, lon: Some(m.lon), lat: Some(m.lat), country: None, recognise: true, gold_type: None }).map(std::borrow::Cow::Owned),
                feature_code: None,
                place_kind: None,
                admin1: None,
                score: 0.0,
                pass: "",
                rule: "",
                place_index: None,
            });
            score_mention(&mut res, g, pm.as_ref(), &oracle);
        }
    }
    rec.finish();
    res.finish();
    Report {
        corpus: corpus.to_string(),
        system: system.to_string(),
        articles: docs.len(),
        recognition: Some(rec),
        end_to_end: Some(res),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: usize, end: usize, ty: &str) -> gold::GoldToponym {
        gold::GoldToponym {
            start,
            end,
            text: String::new(),
            geonameid: None,
            lon: None,
            lat: None,
            country: None,
            recognise: ty != "Non_Toponym",
            gold_type: Some(ty.to_string()),
        }
    }

    fn ours(start: usize, end: usize, rule: &'static str) -> PlaceMention {
        PlaceMention {
            start,
            end,
            text: String::new(),
            kind: crate::extract::toponyms::SpanKind::Place,
            geonameid: None,
            name: None,
            lon: None,
            lat: None,
            country_code: None,
            feature_code: None,
            place_kind: None,
            admin1: None,
            score: 0.0,
            pass: "",
            rule,
            place_index: None,
        }
    }

    #[test]
    fn a_source_locale_is_learned_from_the_source_s_other_articles_only() {
        let gaz = Gazetteer::embedded();
        let doc = |id: &str, source: &str, text: &str| GoldDoc { id: id.into(), source: Some(source.into()), text: text.into(), toponyms: Vec::new() };
        let texas = "Storms hit Tyler, Texas, Longview, Texas and Nacogdoches, Texas on Monday; Lufkin, Texas was spared.";
        let docs = [doc("a1", "paper-a", texas), doc("a2", "paper-a", "The council met on Monday."), doc("b1", "paper-b", texas)];
        let first: Vec<Vec<PlaceMention>> = docs.iter().map(|d| geoparse(&d.text, gaz)).collect();
        let locales = source_locales(&docs, &first, gaz);
        // paper A's second story learns Texas from the first; the first learns nothing from
        // the second, which names no place, and nothing from itself
        assert!(!locales[1].is_empty());
        assert!(locales[0].is_empty());
        // a source with one article has no locale but its domain's
        assert!(locales[2].is_empty());
    }

    #[test]
    fn recognition_misses_name_boundary_errors_and_gold_types() {
        // "Shots near Cowley Road and Acme Corp in Oxford."
        let text = "Shots near Cowley Road and Acme Corp in Oxford.";
        let doc = GoldDoc {
            id: "7".into(),
            source: None,
            text: text.into(),
            toponyms: vec![gold(11, 22, "Literal"), gold(27, 36, "Non_Toponym"), gold(40, 46, "Literal")],
        };
        let mentions = vec![ours(11, 17, "in-organisation"), ours(27, 31, "gazetteer"), ours(40, 46, "gazetteer")];
        let m = recognition_misses(&doc, &mentions);
        assert_eq!(m.len(), 3, "{m:?}");
        // the street, found only in part: a false negative with our span, and a false positive with the gold one
        let fn_street = m.iter().find(|x| x.miss == "fn").unwrap();
        assert_eq!((fn_street.text.as_str(), fn_street.overlap.as_deref()), ("Cowley Road", Some("Cowley")));
        assert_eq!(fn_street.rule, Some("in-organisation"));
        let fp_street = m.iter().find(|x| x.miss == "fp" && x.start == 11).unwrap();
        assert_eq!(fp_street.gold_type.as_deref(), Some("Literal"));
        // a span over a gold non-toponym is a false positive that names the gold type
        let fp_org = m.iter().find(|x| x.miss == "fp" && x.start == 27).unwrap();
        assert_eq!(fp_org.gold_type.as_deref(), Some("Non_Toponym"));
        assert_eq!(fp_org.context, "Shots near Cowley Road and [Acme] Corp in Oxford.");
    }
}
