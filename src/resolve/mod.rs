//! Resolve toponym spans to gazetteer places: candidates, ranking passes, document focus.

pub mod fxhash;
pub mod gazetteer;
pub mod import;
pub mod index_build;
pub mod normalize;
pub mod rank;

pub use gazetteer::{Gazetteer, Kind, NameKind, Place, Posting};

use serde::Serialize;

use crate::extract::toponyms::{find_toponyms_in, NormText, SpanKind, Toponym};

/// A resolved place mention: the geoparser's output for one span.
///
/// # Units
/// `start`/`end` are Unicode character offsets into the text (end exclusive);
/// `lon`/`lat` WGS 84 degrees, `None` when the span could not be resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
    pub geonameid: Option<i64>,
    pub name: Option<String>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub country_code: Option<String>,
    pub feature_code: Option<String>,
    pub place_kind: Option<&'static str>,
    pub admin1: Option<String>,
    pub score: f64,
    /// The ranking pass that decided (see [`rank`]).
    pub pass: &'static str,
    /// The recognition rule that found the span.
    pub rule: &'static str,
    /// The gazetteer index of the chosen place (not stable across builds).
    #[serde(skip)]
    pub place_index: Option<u32>,
}

/// Find and resolve every place mention in `text`.
pub fn geoparse(text: &str, gaz: &Gazetteer) -> Vec<PlaceMention> {
    geoparse_in(text, gaz, &rank::Locale::default())
}

/// [`geoparse`] for a text from a source whose usual locale is known.
pub fn geoparse_in(text: &str, gaz: &Gazetteer, locale: &rank::Locale) -> Vec<PlaceMention> {
    with_norm_text(text, |nt| {
        let toponyms = find_toponyms_in(nt, gaz);
        let resolved = rank::resolve_in(&toponyms, &nt.chars, gaz, locale);
        toponyms
            .iter()
            .zip(resolved)
            .map(|(t, r)| mention(gaz, r, t.rule))
            .collect()
    })
}

/// Run `f` on `text` normalised into this thread's reusable [`NormText`] (its buffers
/// outlive the article, so a corpus costs no allocation per article for them).
fn with_norm_text<R>(text: &str, f: impl FnOnce(&NormText) -> R) -> R {
    thread_local! {
        static NORM_TEXT: std::cell::RefCell<NormText> = std::cell::RefCell::new(NormText::default());
    }
    NORM_TEXT.with(|cell| match cell.try_borrow_mut() {
        Ok(mut nt) => {
            nt.set(text);
            let r = f(&nt);
            // don't keep a huge article's buffers around for good
            if nt.chars.capacity() > 1 << 20 {
                *nt = NormText::default();
            }
            r
        }
        Err(_) => f(&NormText::new(text)),
    })
}

/// Resolve exactly the given character spans (e.g. gold toponyms), one result per span in
/// the same order; spans with no candidate come back unresolved. The article's own
/// recognised toponyms still count as context.
pub fn geoparse_spans(text: &str, spans: &[(usize, usize)], gaz: &Gazetteer) -> Vec<PlaceMention> {
    geoparse_spans_in(text, spans, gaz, &rank::Locale::default())
}

/// [`geoparse_spans`] for a text from a source whose usual locale is known.
pub fn geoparse_spans_in(text: &str, spans: &[(usize, usize)], gaz: &Gazetteer, locale: &rank::Locale) -> Vec<PlaceMention> {
    with_norm_text(text, |nt| geoparse_spans_norm(nt, spans, gaz, locale))
}

fn geoparse_spans_norm(nt: &NormText, spans: &[(usize, usize)], gaz: &Gazetteer, locale: &rank::Locale) -> Vec<PlaceMention> {
    let own = find_toponyms_in(nt, gaz);
    let n = nt.chars.len();
    let mut all: Vec<(Toponym, Option<usize>)> = Vec::with_capacity(spans.len() + own.len());
    for (k, &(s, e)) in spans.iter().enumerate() {
        let (s, e) = (s.min(n), e.min(n).max(s.min(n)));
        let surface: String = nt.chars[s..e].iter().collect();
        let candidates = candidates_for(&surface, gaz);
        all.push((Toponym { start: s, end: e, text: surface, kind: SpanKind::Place, candidates, rule: "given-span" }, Some(k)));
    }
    for t in own {
        if !spans.iter().any(|&(s, e)| t.start < e && s < t.end) {
            all.push((t, None));
        }
    }
    all.sort_by_key(|(t, k)| (t.start, k.is_none()));
    let toponyms: Vec<Toponym> = all.iter().map(|(t, _)| t.clone()).collect();
    let resolved = rank::resolve_in(&toponyms, &nt.chars, gaz, locale);
    let focus = focus_place(&resolved, gaz);
    let mut out: Vec<Option<PlaceMention>> = vec![None; spans.len()];
    for ((t, k), mut r) in all.iter().zip(resolved) {
        if let Some(k) = k {
            // a given span the gazetteer doesn't know ("Royal Street", "City Hall") is most
            // likely in the place the article is about
            if r.place.is_none() && r.kind == SpanKind::Place {
                if let Some(f) = focus {
                    r.place = Some(f);
                    r.score = 0.1;
                    r.pass = "document-focus";
                }
            }
            out[*k] = Some(mention(gaz, r, t.rule));
        }
    }
    out.into_iter().flatten().collect()
}

/// The place an article is about: its most mentioned town (or, failing that, its most
/// mentioned place of any kind); ties go to the first mentioned.
pub fn focus_place(resolved: &[rank::Resolved], gaz: &Gazetteer) -> Option<u32> {
    let mut best: Option<(bool, usize, usize, u32)> = None; // (town?, count, -first, place)
    let mut counts: std::collections::HashMap<u32, (usize, usize)> = std::collections::HashMap::new();
    for (k, r) in resolved.iter().enumerate() {
        if let (Some(p), SpanKind::Place) = (r.place, r.kind) {
            let e = counts.entry(p).or_insert((0, k));
            e.0 += 1;
        }
    }
    for (&p, &(n, first)) in &counts {
        let town = matches!(gaz.place(p).kind, Kind::City | Kind::Admin2 | Kind::Facility);
        let key = (town, n, usize::MAX - first, p);
        if best.is_none_or(|b| (key.0, key.1, key.2) > (b.0, b.1, b.2)) {
            best = Some(key);
        }
    }
    best.map(|b| b.3)
}

/// Gazetteer candidates for a span's text as written, trying the forms news uses around
/// a name ("the Gulf", "Syria's", "U.S.-led"). Demonyms count: the span is given.
pub fn candidates_for(surface: &str, gaz: &Gazetteer) -> Vec<Posting> {
    let s = surface.trim();
    let mut forms: Vec<&str> = vec![s];
    for suffix in ["'s", "’s", "'", "’", "."] {
        if let Some(x) = s.strip_suffix(suffix) {
            forms.push(x);
        }
    }
    for prefix in ["the ", "The "] {
        if let Some(x) = s.strip_prefix(prefix) {
            forms.push(x);
        }
    }
    // "EU", "UK": an all-capitals span is an abbreviation when the gazetteer has one
    let caps = s.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && s.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    for f in &forms {
        let mut c = gaz.lookup(f);
        if caps && c.iter().any(|p| p.name_kind == NameKind::Abbreviation) {
            c.retain(|p| p.name_kind == NameKind::Abbreviation);
        }
        if !c.is_empty() {
            return c;
        }
    }
    contained_name(forms[forms.len() - 1], gaz)
}

/// Back off to the longest place name inside a span that is not itself a name
/// ("Colorado State University" → Colorado, "Manila Cathedral" → Manila): organisations,
/// buildings and streets are usually in or near the place they carry.
fn contained_name(span: &str, gaz: &Gazetteer) -> Vec<Posting> {
    let rules = crate::extract::toponyms::Rules::embedded();
    let words: Vec<&str> = span
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return Vec::new();
    }
    for len in (1..words.len()).rev() {
        for start in 0..=words.len() - len {
            let window = &words[start..start + len];
            if !window[0].chars().next().is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            if len == 1 {
                let w = window[0];
                let common = rules.common.get(w.to_lowercase().as_str()).copied().unwrap_or(0.0);
                if rules.stop.contains(w) || common >= crate::extract::toponyms::COMMON_WORD_ZIPF {
                    continue;
                }
            }
            let mut c = gaz.lookup(&window.join(" "));
            c.retain(|p| p.name_kind != NameKind::Demonym);
            if !c.is_empty() {
                return c;
            }
        }
    }
    Vec::new()
}

/// Build the output record for a resolved span.
pub fn mention(gaz: &Gazetteer, r: rank::Resolved, rule: &'static str) -> PlaceMention {
    let place = r.place.map(|i| gaz.place(i));
    PlaceMention {
        start: r.start,
        end: r.end,
        text: r.text,
        kind: r.kind,
        geonameid: place.map(|p| p.id),
        name: place.map(|p| p.name().to_string()),
        lon: place.map(|p| p.lon),
        lat: place.map(|p| p.lat),
        country_code: place.map(|p| p.cc().to_string()),
        feature_code: place.map(|p| p.fcode().to_string()),
        place_kind: place.map(|p| p.kind.as_str()),
        admin1: place.map(|p| p.admin1().to_string()),
        score: r.score,
        pass: r.pass,
        rule,
        place_index: r.place,
    }
}
