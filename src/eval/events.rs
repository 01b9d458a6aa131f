//! Event-location linking against Halterman's event_location records: for each event verb,
//! is the place we link it to one of the gold LOCATION spans (or none when there is none)?

use std::path::Path;

use serde::Serialize;

use crate::events::link::link_place;
use crate::extract::sentences::split_sentences;
use crate::resolve::{geoparse, Gazetteer};
use crate::{Error, Result};

/// One record: a sentence, its event verb and the gold location spans.
#[derive(Debug, Clone)]
pub struct LinkRecord {
    pub text: String,
    pub verb_start: usize,
    pub verb_end: usize,
    /// Gold location spans as char offsets (every occurrence of each gold location text).
    pub locations: Vec<(usize, usize)>,
    pub gold: bool,
}

/// Accuracy of linking, overall and by whether the gold has a location.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkScore {
    pub records: usize,
    pub accuracy: f64,
    pub with_location: usize,
    pub with_location_accuracy: f64,
    pub without_location: usize,
    pub without_location_accuracy: f64,
    /// Recognition on another corpus than the geoparsing sets: the gold LOCATION spans that
    /// are names (a capital first), each sentence's counted once, and the share of them our
    /// own mentions find with the exact span or an overlapping one.
    pub location_names: usize,
    pub location_names_exact: f64,
    pub location_names_overlap: f64,
    /// The records linked wrongly, for error analysis.
    #[serde(skip)]
    pub misses: Vec<LinkMiss>,
}

/// One record linked wrongly.
#[derive(Debug, Clone, Serialize)]
pub struct LinkMiss {
    pub text: String,
    pub verb: String,
    /// The gold location spans' text (empty: the event has no location in the sentence).
    pub gold: Vec<String>,
    /// The span we linked the event to, and the rule that chose it.
    pub ours: Option<String>,
    pub rule: String,
    /// Every place mention the geoparser found in the sentence, as "text [rule]", with a
    /// "?" after the text when it could not be resolved.
    pub mentions: Vec<String>,
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|t| t.chars().count()).unwrap_or(0)
}

/// Read `records.notokens.jsonl`. The LOCATION offsets of some records are unreliable, so
/// gold locations are found by their `text` in the sentence.
pub fn read_records(path: &Path) -> Result<Vec<LinkRecord>> {
    let body = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| Error::input(format!("{}:{}", path.display(), n + 1), e.to_string()))?;
        if v.get("answer").and_then(|a| a.as_str()).is_some_and(|a| a != "accept") {
            continue;
        }
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
        let spans = v.get("spans").and_then(|s| s.as_array()).cloned().unwrap_or_default();
        let Some(verb) = spans.iter().find(|s| s["label"] == "VERB") else { continue };
        let (vs, ve) = (verb["start"].as_u64().unwrap_or(0) as usize, verb["end"].as_u64().unwrap_or(0) as usize);
        let mut locations = Vec::new();
        for s in spans.iter().filter(|s| s["label"] == "LOCATION") {
            let t = s.get("text").and_then(|t| t.as_str()).map(String::from).unwrap_or_else(|| {
                let (a, b) = (s["start"].as_u64().unwrap_or(0) as usize, s["end"].as_u64().unwrap_or(0) as usize);
                text.get(a..b).unwrap_or("").to_string()
            });
            if t.is_empty() {
                continue;
            }
            for (b, _) in text.match_indices(t.as_str()) {
                let a = char_offset(text, b);
                locations.push((a, a + t.chars().count()));
            }
        }
        out.push(LinkRecord {
            text: text.to_string(),
            // offsets are character offsets (FORMATS.md)
            verb_start: vs,
            verb_end: ve,
            locations,
            gold: v.get("source").and_then(|s| s.as_str()) == Some("RELABEL"),
        });
    }
    Ok(out)
}

/// Score the linker on records (each is one sentence).
pub fn evaluate_links(records: &[LinkRecord], gaz: &Gazetteer) -> LinkScore {
    let mut sc = LinkScore::default();
    let (mut with_ok, mut without_ok) = (0usize, 0usize);
    // (sentence, span) pairs already counted for recognition: a sentence has a record per verb
    let mut names_seen: std::collections::HashSet<(&str, usize, usize)> = std::collections::HashSet::new();
    let (mut names_exact, mut names_overlap) = (0usize, 0usize);
    for r in records {
        // as the pipeline does: the linker sees the trigger's own sentence (some records hold two)
        let sentences = split_sentences(&r.text);
        let sentence_of = |pos: usize| sentences.iter().position(|s| s.start <= pos && pos < s.end.max(s.start + 1)).unwrap_or(0);
        let mentions: Vec<_> = geoparse(&r.text, gaz).into_iter().map(|m| { let si = sentence_of(m.start); (m, si) }).collect();
        let chars: Vec<char> = r.text.chars().collect();
        for &(a, b) in &r.locations {
            if chars.get(a).is_some_and(|c| c.is_uppercase()) && names_seen.insert((r.text.as_str(), a, b)) {
                names_exact += mentions.iter().any(|(m, _)| m.start == a && m.end == b) as usize;
                names_overlap += mentions.iter().any(|(m, _)| m.start < b && a < m.end) as usize;
            }
        }
        let si = sentence_of(r.verb_start);
        let range = sentences.get(si).map_or((0, chars.len()), |s| (s.start, s.end));
        let link = link_place(&mentions, si, range, r.verb_start, &chars, gaz);
        let picked = link.as_ref().map(|l| (l.start, l.end));
        sc.records += 1;
        let ok = if r.locations.is_empty() {
            sc.without_location += 1;
            picked.is_none()
        } else {
            sc.with_location += 1;
            picked.is_some_and(|(s, e)| r.locations.iter().any(|&(a, b)| s < b && a < e))
        };
        match (ok, r.locations.is_empty()) {
            (true, true) => without_ok += 1,
            (true, false) => with_ok += 1,
            (false, _) => {
                let span = |a: usize, b: usize| chars[a.min(chars.len())..b.min(chars.len())].iter().collect::<String>();
                sc.misses.push(LinkMiss {
                    text: r.text.clone(),
                    verb: span(r.verb_start, r.verb_end),
                    gold: r.locations.iter().map(|&(a, b)| span(a, b)).collect(),
                    ours: picked.map(|(a, b)| span(a, b)),
                    rule: link.as_ref().map(|l| if l.mention.is_some() { l.rule.to_string() } else { format!("{} (cued)", l.rule) }).unwrap_or_default(),
                    mentions: mentions
                        .iter()
                        .map(|(m, _)| {
                            let unresolved = if m.place_index.is_some() { "" } else { "?" };
                            format!("{}{unresolved} [{}]", m.text, m.rule)
                        })
                        .collect(),
                });
            }
        }
    }
    let div = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    sc.accuracy = div(with_ok + without_ok, sc.records);
    sc.with_location_accuracy = div(with_ok, sc.with_location);
    sc.without_location_accuracy = div(without_ok, sc.without_location);
    sc.location_names = names_seen.len();
    sc.location_names_exact = div(names_exact, names_seen.len());
    sc.location_names_overlap = div(names_overlap, names_seen.len());
    sc
}
