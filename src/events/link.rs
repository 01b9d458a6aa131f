//! Event → place linking inside one sentence: which place span is where the event of a
//! trigger word happened (Halterman 2019's task), decided by syntax-level rules.
//!
//! Candidates are the geoparser's place mentions in the sentence (seas, rivers and lakes too,
//! which may place an event but are never geocoded as its place) plus *cued spans*: capitalised
//! names the gazetteer does not know but the wording marks as places ("the village of X",
//! "X neighbourhood", "in X, 30 km north of Y", "in X, Texas", "the X school", "Tel X",
//! "clashes in X", "shelled X"). A cue that holds a known name whole extends it ("Tel" +
//! "Birak"). A candidate counts when something ties it to the event — a locative word a few
//! plain words before it, a settlement phrase, an event noun ("the shelling of X"), being the
//! trigger verb's object or its passive subject, or naming the site an argument stands in
//! ("a Kabul hotel") — and nothing ties it elsewhere: the speaker's part of the sentence,
//! another clause ("…and Y was killed in X"), a relative clause or an apposition ("Smith, the
//! commander in X, was killed"), a quotation, an origin or destination, a base ("a Kabul-based
//! group"), an actor's nationality ("U.S. forces"), an agent ("bombed by X"), a topic ("talks
//! on X"), or a possessive of something that is not a site ("Syria's civil war"). Among the
//! attached candidates the place named inside another wins, then the most specific (the
//! wording may say the size: "the province of X"), with a bonus for the trigger's own
//! complement ("targeting the village of X") and less a little for distance from the trigger.
//!
//! Word lists live in `data/lexicon/event_location.txt`.

use crate::extract::toponyms::SpanKind;
use crate::resolve::{Gazetteer, Kind, PlaceMention};

/// The linker's word lists (`data/lexicon/event_location.txt`).
pub(crate) struct LinkWords {
    locative: Vec<&'static str>,
    settlement: Vec<&'static str>,
    not_here: Vec<&'static str>,
    attribution: Vec<&'static str>,
    place_postfix: Vec<&'static str>,
    name_heads: Vec<&'static str>,
    site_nouns: Vec<&'static str>,
    actor_nouns: Vec<&'static str>,
    clause_breaks: Vec<&'static str>,
    relative_breaks: Vec<&'static str>,
    part_nouns: Vec<&'static str>,
    part_adjectives: Vec<&'static str>,
    source_intro: Vec<&'static str>,
    not_names: Vec<&'static str>,
    facility_postfix: Vec<&'static str>,
    name_prefixes: Vec<&'static str>,
    cue_locatives: Vec<&'static str>,
    lookback_stops: Vec<&'static str>,
    event_nouns: Vec<&'static str>,
    calendar: Vec<&'static str>,
    at_targets: Vec<&'static str>,
    part_quantities: Vec<&'static str>,
    place_object_verbs: Vec<&'static str>,
}

pub(crate) fn link_words() -> &'static LinkWords {
    static WORDS: std::sync::OnceLock<LinkWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = LinkWords {
            locative: vec![],
            settlement: vec![],
            not_here: vec![],
            attribution: vec![],
            place_postfix: vec![],
            name_heads: vec![],
            site_nouns: vec![],
            actor_nouns: vec![],
            clause_breaks: vec![],
            relative_breaks: vec![],
            part_nouns: vec![],
            part_adjectives: vec![],
            source_intro: vec![],
            not_names: vec![],
            facility_postfix: vec![],
            name_prefixes: vec![],
            cue_locatives: vec![],
            lookback_stops: vec![],
            event_nouns: vec![],
            calendar: vec![],
            at_targets: vec![],
            part_quantities: vec![],
            place_object_verbs: vec![],
        };
        for (section, line) in crate::extract::lexicon::entries(include_str!("../../data/lexicon/event_location.txt")) {
            let list = match section {
                "locative" => &mut w.locative,
                "settlement" => &mut w.settlement,
                "not_here" => &mut w.not_here,
                "attribution" => &mut w.attribution,
                "place_postfix" => &mut w.place_postfix,
                "name_heads" => &mut w.name_heads,
                "site_nouns" => &mut w.site_nouns,
                "actor_nouns" => &mut w.actor_nouns,
                "clause_breaks" => &mut w.clause_breaks,
                "source_intro" => &mut w.source_intro,
                "relative_breaks" => &mut w.relative_breaks,
                "part_nouns" => &mut w.part_nouns,
                "part_adjectives" => &mut w.part_adjectives,
                "not_names" => &mut w.not_names,
                "facility_postfix" => &mut w.facility_postfix,
                "name_prefixes" => &mut w.name_prefixes,
                "cue_locatives" => &mut w.cue_locatives,
                "lookback_stops" => &mut w.lookback_stops,
                "event_nouns" => &mut w.event_nouns,
                "calendar" => &mut w.calendar,
                "at_targets" => &mut w.at_targets,
                "part_quantities" => &mut w.part_quantities,
                "place_object_verbs" => &mut w.place_object_verbs,
                _ => continue,
            };
            list.push(line);
        }
        w
    })
}

/// Where an event happened: the linked span and, for placing it on a map, the best
/// candidate the gazetteer resolved (the same mention when the span itself is resolved).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Char offsets of the linked span.
    pub start: usize,
    pub end: usize,
    /// The mention linked, when the span is one of the geoparser's mentions.
    pub mention: Option<usize>,
    /// The rule that attached the span to the event.
    pub rule: &'static str,
    /// The best resolved candidate (mention index and rule), for geocoding.
    pub resolved: Option<(usize, &'static str)>,
}

/// A word or punctuation token of the sentence.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    text: String,
    lower: String,
}

impl Tok {
    fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_alphanumeric())
    }
    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
    /// Capitalised, or an Arabic-style article before a capitalised name ("al-Bab").
    fn name_like(&self) -> bool {
        self.capitalised()
            || self.text.split_once('-').is_some_and(|(a, b)| a.len() <= 3 && b.chars().next().is_some_and(|c| c.is_uppercase()))
    }
}

fn tokens(chars: &[char], lo: usize, hi: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = lo;
    let hi = hi.min(chars.len());
    while i < hi {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        if c.is_alphanumeric() {
            // a word may hold inner hyphens and apostrophes ("al-Bab", "Sha'rah"), not "'s"
            while i < hi {
                let c = chars[i];
                let inner = matches!(c, '-' | '\'' | '’')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                    && !(matches!(c, '\'' | '’') && chars.get(i + 1) == Some(&'s') && !chars.get(i + 2).is_some_and(|n| n.is_alphanumeric()));
                if c.is_alphanumeric() || inner {
                    i += 1;
                } else {
                    break;
                }
            }
        } else {
            i += 1;
        }
        let text: String = chars[s..i].iter().collect();
        let lower = text.to_lowercase();
        out.push(Tok { start: s, end: i, text, lower });
    }
    out
}

/// A span that may place the event.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    mention: Option<usize>,
    resolved: bool,
    specificity: f64,
    /// A country, region or town of some size: a name that is not likely a person's.
    prominent: bool,
    /// The gazetteer population (0 when unknown or unresolved).
    population: u32,
    /// Recognised from a cue ("the village of X"); settlement, apposition and postfix cues
    /// are already attached.
    cued: Option<&'static str>,
    /// A sea, river or lake: it may place the event but is not geocoded as its place.
    water: bool,
}

/// A mention that can place an event: resolved, a place (not a demonym), not a sea or continent.
pub(crate) fn usable(m: &PlaceMention, gaz: &Gazetteer) -> bool {
    m.kind == SpanKind::Place
        && m.rule != "in-organisation"
        // a name the gazetteer lacks, put at its written container or the story's focus by
        // the geoparser: the linker places such names itself (cued spans, their containers)
        && m.pass != crate::resolve::DOCUMENT_FOCUS
        && m.pass != crate::resolve::CONTAINER_CONTEXT
        && m.place_index.is_some_and(|i| !matches!(gaz.place(i).kind, Kind::Continent | Kind::Sea | Kind::River | Kind::Lake))
}

fn specificity(kind: Kind) -> f64 {
    match kind {
        Kind::Facility => 3.0,
        Kind::City => 2.8,
        Kind::Admin2 => 2.0,
        Kind::Admin1 | Kind::Physical | Kind::Region => 1.5,
        _ => 1.0,
    }
}

/// Capitalised names the syntax marks as places but the geoparser did not find: "the village
/// of X", "the towns of X and Y", "X neighbourhood", "in X, 30 km north of Y", "Atlantic
/// Avenue", "the X school", "Tel X", "clashes in X". `blocked` are spans no cue may overlap
/// (demonyms); `places` are the usable mentions (start, end, kind): a cued span may only hold
/// them whole ("Tel" + "Birak"). Returns (start, end, rule) in char offsets.
fn cued_spans(toks: &[Tok], blocked: &[(usize, usize)], places: &[(usize, usize, Kind)], trig: usize) -> Vec<(usize, usize, &'static str)> {
    let w = link_words();
    let rules = crate::extract::toponyms::Rules::embedded();
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    let calendar = |t: &Tok| w.calendar.contains(&t.lower.as_str());
    // "US-run", "Kurdish-majority": a hyphenated modifier, not a name
    let modifier = |t: &Tok| t.text.rsplit_once('-').is_some_and(|(_, b)| b.chars().next().is_some_and(|c| c.is_lowercase()));
    // the run of name-like tokens starting at token i: (last token index)
    let name_run = |i: usize| -> Option<usize> {
        let t = toks.get(i)?;
        if !t.name_like() || !t.is_word() || w.not_names.contains(&t.lower.as_str()) || calendar(t) || modifier(t) {
            return None;
        }
        // "the hometown of Cindy Sheehan": a person
        if rules.first_name.contains(t.text.as_str()) && toks.get(i + 1).is_some_and(|n| n.capitalised()) {
            return None;
        }
        let mut j = i;
        while toks.get(j + 1).is_some_and(|n| n.is_word() && !calendar(n) && !modifier(n) && (n.name_like() || (n.text.chars().all(|c| c.is_ascii_digit()) && n.text.len() <= 3))) {
            j += 1;
        }
        Some(j)
    };
    // a cue may hold a known place whole but not cut one
    let free = |s: usize, e: usize| {
        !blocked.iter().any(|&(a, b)| s < b && a < e) && !places.iter().any(|&(a, b, _)| s < b && a < e && (a < s || b > e))
    };
    let push = |s: usize, e: usize, rule: &'static str, out: &mut Vec<(usize, usize, &'static str)>| {
        if free(s, e) && !out.iter().any(|&(a, b, _)| s < b && a < e) {
            out.push((s, e, rule));
        }
    };
    let trig_tok = toks.iter().position(|t| t.start <= trig && trig < t.end);
    for i in 0..toks.len() {
        let t = &toks[i];
        // "the village of X", "the towns of X and Y", "the settlements of X, Y and Z"
        if t.is_word()
            && !t.capitalised()
            && w.settlement.contains(&t.lower.as_str())
            && toks.get(i + 1).is_some_and(|o| o.text == "of")
        {
            let mut k = i + 2;
            while let Some(j) = name_run(k) {
                push(toks[k].start, toks[j].end, "cued-settlement", &mut out);
                // a list: ", Y", "and Y", ", and Y"; "(twice)" and other asides are skipped
                let mut n = j + 1;
                if toks.get(n).is_some_and(|x| x.text == "(") {
                    while toks.get(n).is_some_and(|x| x.text != ")") {
                        n += 1;
                    }
                    n += 1;
                }
                if toks.get(n).is_some_and(|x| x.text == ",") {
                    n += 1;
                }
                if toks.get(n).is_some_and(|x| x.lower == "and") {
                    n += 1;
                }
                if n == j + 1 || !t.lower.ends_with('s') {
                    break;
                }
                k = n;
            }
        }
        // "X neighbourhood", "the X and Y districts", "Atlantic Avenue"
        if let Some(j) = name_run(i).filter(|_| i == 0 || !toks[i - 1].name_like()) {
            let last = &toks[j];
            if j > i && w.name_heads.contains(&last.lower.as_str()) {
                push(t.start, last.end, "cued-name-head", &mut out);
                continue;
            }
            let mut n = j + 1;
            // "the Equipetrol and Sirari districts"
            let mut run = vec![(i, j)];
            while toks.get(n).is_some_and(|x| x.lower == "and" || x.text == ",") {
                // ", and Y"
                let k = if toks[n].text == "," && toks.get(n + 1).is_some_and(|x| x.lower == "and") { n + 2 } else { n + 1 };
                match name_run(k) {
                    Some(j2) => {
                        run.push((k, j2));
                        n = j2 + 1;
                    }
                    None => break,
                }
            }
            if toks.get(n).is_some_and(|x| !x.capitalised() && w.place_postfix.contains(&x.lower.as_str())) {
                for (a, b) in run {
                    push(toks[a].start, toks[b].end, "cued-postfix", &mut out);
                }
                continue;
            }
            // "the al-Zahawi school", "the Gladiola outpost": a site, placed by the syntax
            // (not an organisation's: "the MFO base", "a UN school")
            let acronym = t.text.chars().filter(|c| c.is_alphabetic()).count() > 1 && t.text.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
            if toks.get(j + 1).is_some_and(|x| !x.capitalised() && w.facility_postfix.contains(&x.lower.as_str())) && !acronym {
                push(t.start, last.end, "cued-facility", &mut out);
                continue;
            }
            // "Tel Birak", "Deir Hafer", "Khan Sheikhoun"
            if j > i && w.name_prefixes.contains(&t.lower.as_str()) {
                push(t.start, last.end, "cued-prefix", &mut out);
                continue;
            }
            // "in X, 30 km north of Y", "at X, a town …", "in X, northeast of Y", "in X, Nevada";
            // also right after the trigger: "bombed X, 30 km from Y"
            let locative = i > 0 && (matches!(toks[i - 1].lower.as_str(), "in" | "at" | "near") || Some(i - 1) == trig_tok);
            if locative && toks.get(j + 1).is_some_and(|x| x.text == ",") {
                let next: Vec<&str> = toks[j + 2..].iter().take(3).map(|x| x.lower.as_str()).collect();
                let is_unit = |s: &str| matches!(s, "km" | "kms" | "kilometres" | "kilometers" | "miles" | "mi");
                let is_dir = |s: &str| {
                    let s = s.trim_end_matches("ern");
                    ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west"].contains(&s)
                };
                // "in X, central Y": the next name is a known place holding X
                let container = {
                    let k = j + 2 + toks[j + 2..].iter().take_while(|x| w.part_adjectives.contains(&x.lower.as_str())).count();
                    toks[j + 2..=k.min(toks.len() - 1)].iter().any(|x| places.iter().any(|&(a, _, kind)| a == x.start && matches!(kind, Kind::Admin1 | Kind::Admin2 | Kind::Country | Kind::City)))
                } && matches!(toks[i - 1].lower.as_str(), "in" | "at" | "near");
                let apposition = match next.as_slice() {
                    [n, u, ..] if n.chars().all(|c| c.is_ascii_digit()) && is_unit(u) => true,
                    ["some" | "about" | "around" | "roughly" | "just" | "only", n, u, ..] if n.chars().all(|c| c.is_ascii_digit()) && is_unit(u) => true,
                    [d, "of", ..] if is_dir(d) => true,
                    ["a" | "an", ..] => toks[j + 2..].iter().take(5).any(|x| w.settlement.contains(&x.lower.as_str()) || x.lower == "stronghold"),
                    _ => container,
                };
                if apposition {
                    push(t.start, last.end, "cued-apposition", &mut out);
                    continue;
                }
            }
            // "clashes in Jazaa": an unknown name after "in", not a person, a month or a common word
            // ("shooting at X" names a target, not a place); "shelled Badme": the object of a
            // verb whose objects are places
            let target = i > 1 && toks[i - 1].lower == "at" && w.at_targets.contains(&toks[i - 2].lower.as_str());
            let object_cue = i > 0 && Some(i - 1) == trig_tok && w.place_object_verbs.contains(&toks[i - 1].lower.as_str());
            let cue_loc = object_cue || i > 0 && w.cue_locatives.contains(&toks[i - 1].lower.as_str()) && !target;
            if cue_loc {
                let person = toks[i..=j].iter().any(|x| rules.person_title.contains(x.text.as_str()) || rules.first_name.contains(x.text.as_str()))
                    || toks.get(j + 1).is_some_and(|x| x.text == "'s" || x.text == "’s" || x.text == "'");
                let common = toks[i..=j].iter().any(|x| rules.common.get(x.lower.as_bytes()).is_some_and(|z| *z >= CUE_COMMON_ZIPF) || rules.stop.contains(x.text.as_str()) || rules.org_head.contains(x.text.as_str()) || rules.org_head.contains(x.lower.as_str()));
                let acronym = t.text.len() > 1 && t.text.chars().all(|c| c.is_uppercase() || c == '.');
                let known = places.iter().any(|&(a, b, _)| t.start < b && a < last.end);
                if !person && !common && !acronym && !known {
                    push(t.start, last.end, "cued-locative", &mut out);
                }
            }
        }
    }
    out
}

/// A name after "in" whose words are this common ("in Congress", "in English") is not cued as
/// a place (Zipf scale, as `english_common.tsv`).
const CUE_COMMON_ZIPF: f32 = 3.0;

/// The place span where the event whose trigger word starts at char offset `trig` happened,
/// among the mentions of sentence `sentence_index` (char range `sentence`) and the names the
/// syntax marks as places; `None` when nothing in the sentence is attached to the event.
pub fn link_place(
    mentions: &[(PlaceMention, usize)],
    sentence_index: usize,
    sentence: (usize, usize),
    trig: usize,
    chars: &[char],
    gaz: &Gazetteer,
) -> Option<Link> {
    let words = link_words();
    let (lo, hi) = (sentence.0.min(chars.len()), sentence.1.min(chars.len()));
    let toks = tokens(chars, lo, hi);
    let mut trig_end = trig;
    while trig_end < chars.len() && chars[trig_end].is_alphanumeric() {
        trig_end += 1;
    }
    let mut cands: Vec<Cand> = Vec::new();
    // spans no cue may overlap (demonyms) and the usable places a cue may hold whole
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    let mut places: Vec<(usize, usize, Kind)> = Vec::new();
    for (k, (m, si)) in mentions.iter().enumerate() {
        if *si != sentence_index {
            continue;
        }
        if m.kind != SpanKind::Place {
            blocked.push((m.start, m.end));
        }
        // seas, rivers and lakes place an event ("captured in the Arabian Sea") but are not
        // geocoded as its place
        let water = m.kind == SpanKind::Place
            && m.rule != "in-organisation"
            && m.place_index.is_some_and(|i| matches!(gaz.place(i).kind, Kind::Sea | Kind::River | Kind::Lake));
        if usable(m, gaz) || water {
            let p = gaz.place(m.place_index.unwrap_or(0));
            places.push((m.start, m.end, p.kind));
            let prominent = matches!(p.kind, Kind::Country | Kind::Admin1 | Kind::Region | Kind::Physical | Kind::Sea | Kind::River | Kind::Lake) || p.population >= PROMINENT_POPULATION;
            let spec = if water { WATER_SPECIFICITY } else { specificity(p.kind) };
            cands.push(Cand { start: m.start, end: m.end, mention: Some(k), resolved: true, specificity: spec, prominent, population: p.population, cued: None, water });
        }
    }
    for (s, e, rule) in cued_spans(&toks, &blocked, &places, trig) {
        if s <= trig && trig < e {
            continue;
        }
        // a cue holding known names whole extends them: "Tel" + "Birak", "Baliem" + "Valley"
        let held: Vec<usize> = cands.iter().enumerate().filter(|(_, c)| s <= c.start && c.end <= e).map(|(i, _)| i).collect();
        if !held.is_empty() {
            if rule != "cued-locative" {
                for i in held {
                    cands[i].start = s;
                    cands[i].end = e;
                }
            }
            continue;
        }
        let spec = if rule == "cued-locative" { CUED_LOCATIVE_SPECIFICITY } else { 3.0 };
        cands.push(Cand { start: s, end: e, mention: None, resolved: false, specificity: spec, prominent: false, population: 0, cued: Some(rule), water: false });
    }
    // a name cut after an article ("Al-|Zara", "ash-|Shab") stands for the whole word
    {
        for c in cands.iter_mut() {
            if let Some(t) = toks.iter().find(|t| t.start < c.start && c.start < t.end) {
                let prefix = &chars[t.start..c.start];
                if prefix.len() <= 4 && prefix.last() == Some(&'-') {
                    c.start = t.start;
                }
            }
        }
    }
    // "the province of X", "X district": the cue says how large the place is
    {
        for c in cands.iter_mut() {
            if let Some(spec) = cue_specificity(&toks, c.start, c.end) {
                c.specificity = spec;
            }
        }
    }
    let mut attached: Vec<(usize, &'static str, f64)> = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        let Some(attach) = attachment(c, &toks, chars, trig, trig_end, words) else { continue };
        let dist = (c.start as f64 - trig as f64).abs();
        // a passive subject ("X was captured") only when nothing is placed more directly
        let secondary = if attach == "same-sentence-subject" { 10.0 } else { 0.0 };
        // "targeting the village of X", "renewed the offensive in X": the trigger's own complement
        let complement = c.start >= trig_end && {
            let gap: String = chars[trig_end..c.start].iter().collect();
            !gap.contains([',', ';', '.', ':']) && gap.split_whitespace().count() <= COMPLEMENT_WORDS
        };
        let bonus = if complement { COMPLEMENT_BONUS } else { 0.0 };
        attached.push((ci, attach, c.specificity - dist * DIST_WEIGHT - secondary + bonus));
    }
    // "Sadr City in eastern Baghdad", "the Ghat area of Doda district", "Baghdad's district of
    // X": the place named inside another is the more precise, whatever the gazetteer kinds
    let scores: Vec<f64> = attached.iter().map(|a| a.2).collect();
    let mut adjusted = scores.clone();
    for (i, &(a, ra, _)) in attached.iter().enumerate() {
        for (j, &(b, rb, _)) in attached.iter().enumerate() {
            if ra == "same-sentence-reference" || rb == "same-sentence-reference" || cands[b].start < cands[a].end {
                continue;
            }
            // the container never wins over the place inside it
            // "the X district of Y" names a part of Y, "the Colombo suburb of X" a part of Colombo:
            // the better-known name is the container
            let nested = inside(&toks, cands[a].end, cands[b].start, words).or_else(|| {
                part_of(&toks, cands[a].end, cands[b].start, words).then(|| {
                    let size = |c: &Cand| (c.resolved, c.population);
                    !(cands[a].prominent && size(&cands[a]) > size(&cands[b]))
                })
            });
            match nested {
                Some(true) => adjusted[j] = adjusted[j].min(scores[i] - 0.01),
                Some(false) => adjusted[i] = adjusted[i].min(scores[j] - 0.01),
                None => {}
            }
        }
    }
    let mut best: Option<(usize, f64, &'static str)> = None;
    let mut best_resolved: Option<(usize, f64, &'static str)> = None;
    let mut reference: Option<(usize, f64)> = None;
    for (&(ci, attach, _), score) in attached.iter().zip(adjusted) {
        let c = &cands[ci];
        if attach == "same-sentence-reference" {
            if reference.is_none_or(|(_, b)| score > b) {
                reference = Some((ci, score));
            }
            continue;
        }
        if best.is_none_or(|(_, b, _)| score > b) {
            best = Some((ci, score, attach));
        }
        if c.resolved && !c.water && best_resolved.is_none_or(|(_, b, _)| score > b) {
            best_resolved = Some((ci, score, attach));
        }
    }
    let reference = reference.map(|(ci, _)| (ci, "same-sentence-reference"));
    let (ci, rule) = best.map(|(ci, _, r)| (ci, r)).or(reference)?;
    let resolved = best_resolved.map(|(ci, _, r)| (ci, r)).or(reference.filter(|(ci, _)| cands[*ci].resolved));
    let c = &cands[ci];
    // the event happened on the water: no town stands in for it
    let resolved = if c.water { None } else { resolved };
    Some(Link {
        start: c.start,
        end: c.end,
        mention: c.mention,
        rule,
        resolved: resolved.and_then(|(ci, r)| cands[ci].mention.map(|k| (k, r))),
    })
}

/// The resolved place mention in sentence `sentence_index` where the event whose trigger
/// starts at `trig` happened, and the rule that chose it (see [`link_place`]).
pub fn pick_place(
    mentions: &[(PlaceMention, usize)],
    sentence_index: usize,
    sentence: (usize, usize),
    trig: usize,
    chars: &[char],
    gaz: &Gazetteer,
) -> Option<(usize, &'static str)> {
    link_place(mentions, sentence_index, sentence, trig, chars, gaz).and_then(|l| l.resolved)
}

/// Why candidate `c` is where the event happened (the rule's name), or `None`.
fn attachment(c: &Cand, toks: &[Tok], chars: &[char], trig: usize, trig_end: usize, words: &LinkWords) -> Option<&'static str> {
    let before_orig: String = chars[c.start.saturating_sub(48)..c.start].iter().collect::<String>();
    let before_orig = before_orig.trim_end();
    let before = before_orig.to_lowercase();
    let after: String = chars[c.end..(c.end + 16).min(chars.len())].iter().collect();
    if words.not_here.iter().any(|p| ends_with_phrase(&before, p)) || before.ends_with("-based") {
        return None;
    }
    // "Kabul-based", "U.S.-led", "Iranian-backed", "a US-Kurdish operation": a hyphenated modifier
    let hyphen_next = after.chars().nth(1);
    if after.starts_with('-') && hyphen_next.is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    // "in \"Our Man in Havana\"": a place inside a quoted title or phrase the trigger is not in
    if quoted_apart(toks, c.start, trig) {
        return None;
    }
    // the speaker's part of the sentence: "said" etc. between the trigger and the place
    let (lo, hi) = if c.start > trig_end { (trig_end, c.start) } else { (c.end, trig) };
    let between: String = chars[lo.min(hi)..hi].iter().collect::<String>().to_lowercase();
    if words.attribution.iter().any(|a| contains_word(&between, a)) {
        return None;
    }
    // "…, officials in X said": a place in the speaker's phrase after the event's clause
    if c.start > trig_end && between.contains(',') {
        let rest: Vec<&str> = toks.iter().filter(|t| t.start >= c.end).take_while(|t| t.text != "," && t.text != ".").take(4).map(|t| t.lower.as_str()).collect();
        if rest.iter().any(|w| words.attribution.contains(w)) {
            return None;
        }
    }
    // "According to a source at X, …": the place is in the attribution's own phrase
    let ci = toks.iter().position(|t| t.start >= c.start).unwrap_or(toks.len());
    let seg_start = toks[..ci].iter().rposition(|t| t.text == "," || t.text == ";").map_or(0, |i| i + 1);
    if trig < toks.get(seg_start).map_or(0, |t| t.start) || trig > c.start {
        let seg: String = toks[seg_start..ci].iter().map(|t| t.lower.as_str()).collect::<Vec<_>>().join(" ");
        if words.source_intro.iter().any(|a| contains_word(&seg, a)) {
            return None;
        }
    }
    // another clause: "…was killed by gunmen, and in X four people were hurt"
    if words.clause_breaks.iter().any(|b| contains_phrase(&between, b)) {
        return None;
    }
    // "X was captured and Y was killed in Z", "…captured X and is now besieging Y": a new
    // subject or a new finite verb after "and" (not "five were killed and 20 were wounded in Z")
    if c.start > trig_end {
        let aux = |t: &Tok| matches!(t.lower.as_str(), "was" | "were" | "is" | "are" | "has" | "have" | "had" | "will");
        let mid: Vec<&Tok> = toks.iter().filter(|t| t.start >= trig_end && t.end <= c.start).collect();
        let new_clause = mid.iter().enumerate().any(|(k, t)| {
            t.lower == "and" && (mid.get(k + 1).is_some_and(|n| aux(n)) || (mid.get(k + 1).is_some_and(|n| n.capitalised() && n.is_word()) && mid.get(k + 2).is_some_and(|n| aux(n))))
        });
        if new_clause {
            return None;
        }
    }
    // "Smith, an officer of the brigade in X, was shot": a place in the subject's apposition
    if c.end <= trig {
        let ci0 = toks.iter().position(|t| t.start >= c.start).unwrap_or(0);
        let ti = toks.iter().position(|t| t.start >= trig).unwrap_or(toks.len());
        let open = toks[..ci0].iter().rposition(|t| t.text == "," || t.text == ";");
        let opens_apposition = open.is_some_and(|k| k > 0 && toks[k - 1].is_word() && toks.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the")));
        let close = toks[ci0..ti].iter().rposition(|t| t.text == ",").map(|q| ci0 + q);
        let verb_follows = close.is_some_and(|q| {
            let rest = &toks[q + 1..ti];
            rest.len() <= 3 && rest.iter().all(|t| t.is_word() && !t.capitalised()) && rest.iter().any(|t| matches!(t.lower.as_str(), "was" | "were" | "is" | "are" | "has" | "have" | "had"))
        });
        if opens_apposition && verb_follows {
            return None;
        }
    }
    // "supporters of the group which held hostages in X, demonstrated in Y": a place before the
    // trigger inside a relative clause that a comma closes
    if c.end <= trig {
        let ci0 = toks.iter().position(|t| t.start >= c.start).unwrap_or(0);
        let ti = toks.iter().position(|t| t.start >= trig).unwrap_or(toks.len());
        let opener = toks[..ci0].iter().rposition(|t| matches!(t.lower.as_str(), "which" | "who" | "whose" | "that"));
        let comma_before = |k: usize| toks[k..ci0].iter().any(|t| t.text == "," || t.text == ";");
        if let Some(k) = opener.filter(|&k| !comma_before(k) && k > 0 && toks[k - 1].is_word()) {
            let _ = k;
            if toks[ci0..ti].iter().any(|t| t.text == ",") {
                return None;
            }
        }
    }
    if c.start > trig_end && words.relative_breaks.iter().any(|b| contains_phrase(&between, b)) {
        return None;
    }
    // "the village of X", "in X, 30 km north of Y": the cue itself ties the name to the event
    if matches!(c.cued, Some("cued-settlement" | "cued-apposition" | "cued-postfix")) {
        return Some("same-sentence-settlement");
    }
    // (also "Syria   s civil war", where a feed turned the apostrophe into spaces)
    let lost_apostrophe = after.starts_with("  ") && after.trim_start().starts_with("s ");
    let possessive = after.starts_with("'s") || after.starts_with("’s") || after.starts_with("' ") || after.starts_with("’ ") || lost_apostrophe;
    // the lower-case words right after the name: "U.S. forces", "Kabul's crowded streets"
    let after_toks: Vec<&Tok> = toks[ci..].iter().skip_while(|t| t.end <= c.end).take(5).collect();
    let mut np_words: Vec<&str> = Vec::new();
    for t in &after_toks {
        let w = t.lower.as_str();
        if matches!(w, "'s" | "’s" | "'" | "’") || t.text == "s" {
            continue;
        }
        if !t.is_word() || t.capitalised() || FUNCTION_WORDS.contains(&w) || t.start >= trig && t.start < trig_end {
            break;
        }
        np_words.push(w);
    }
    // the noun the name modifies names a site ("a Mogadishu hotel", "Grozny's streets")
    let site = np_words.iter().take(4).any(|w| words.site_nouns.contains(w));
    // "U.S. forces", "Syria's army": a country's actors act anywhere; "Kabul police" are local
    let country = c.resolved && c.specificity <= 1.0;
    let actor = country && np_words.iter().take(2).any(|w| words.actor_nouns.contains(w));
    let rest = after.trim_start_matches(['\'', '’', 's']).trim_start();
    let next = np_words.first().copied().unwrap_or("");
    let modifier = !possessive
        && !next.ends_with("ing")
        && after.starts_with(' ')
        && !next.is_empty()
        && rest.starts_with(next)
        && !words.settlement.iter().any(|w| rest.starts_with(w));
    // the locative may stand a few words back: "in the south", "in downtown X"
    let back: Vec<&str> = before.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).rev().take(4).collect();
    let locative = locative_before(toks, ci, words) || back.first().is_some_and(|w| *w == "capital");
    // "Nigeria's largest tribes", "Syria's civil war": the name modifies something that is not a site
    let np_nouns: Vec<&str> = np_words.iter().copied().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect();
    let poss_other = possessive && !np_nouns.is_empty() && !np_nouns.iter().take(4).any(|w| {
        words.site_nouns.contains(w) || words.settlement.contains(w) || words.part_nouns.contains(w) || words.part_adjectives.contains(w) || words.place_postfix.contains(w)
    });
    let locative = locative && !poss_other;
    // "the shelling of X", "the German occupation of X", "an attack on X"
    let event_noun = event_noun_before(toks, ci, words);
    // "the town of X" (a lower-case settlement word: not "the Islamic State of X")
    let settlement = (before_orig.ends_with(" of")
        && words.settlement.iter().any(|w| {
            let head = before_orig.trim_end_matches(" of");
            head.ends_with(&format!(" {w}")) || head.ends_with(&format!("-{w}"))
        }))
        || (before_orig.ends_with(" of the") && words.settlement.iter().any(|w| before_orig.trim_end_matches(" of the").ends_with(&format!(" {w}"))));
    // "south of X", "30 km from X": X is a reference point
    let direction = before.ends_with(" of")
        && ["north", "south", "east", "west", "km", "kilometres", "kilometers", "miles"].iter().any(|w| before.trim_end_matches(" of").ends_with(w));
    let gap_words = |a: usize, b: usize| -> Option<usize> {
        let gap: String = chars[a.min(b)..b].iter().collect();
        (!gap.contains(',') && !gap.contains('.') && !gap.contains(';')).then(|| gap.split_whitespace().count())
    };
    // "captured Badme", "shelled the village", "attacked a Kabul hotel": the trigger's object
    let object_gap = if c.start >= trig_end { gap_words(trig_end, c.start) } else { None };
    // "bombed by X", "protested against X": an agent or a target, not the object placed
    let gap_text: String = chars[trig_end.min(c.start)..c.start].iter().collect::<String>().to_lowercase();
    let agent = gap_text.split_whitespace().any(|w| matches!(w, "by" | "against"));
    // "shot down a U.S. Ch-47 helicopter": a country's name starting a longer name
    let name_goes_on = country && after_toks.first().is_some_and(|t| t.start == c.end + 1 && t.is_word() && t.capitalised() && !words.calendar.contains(&t.lower.as_str()));
    // "captured a third of X", "captured almost all of eastern X": a part of the object place
    let part_object = c.start >= trig_end && {
        let gap: Vec<&str> = gap_text.split_whitespace().collect();
        let of = gap.iter().rposition(|w| *w == "of");
        of.is_some_and(|k| {
            gap[k + 1..].iter().all(|w| words.part_adjectives.contains(w))
                && gap[..k].len() <= 4
                && gap[..k].iter().all(|w| words.part_quantities.contains(w) || w.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let object = (object_gap.is_some_and(|g| g <= 2) || (part_object && object_gap.is_some())) && !agent && !name_goes_on;
    // "Jaffna was captured", "Grozny's streets are patrolled": the (passive) subject
    // the subject starts the sentence or follows a determiner; a person's name is more likely
    // than a small place's ("Montesinos was captured"), and "is patrolling" is active
    let subject_start = ci == 0 || matches!(toks[ci - 1].lower.as_str(), "the" | "\"" | "“" | "-" | "—" | ":");
    let trig_word: String = chars[trig..trig_end].iter().collect();
    let subject = c.end <= trig && (site || !modifier) && !actor && ((subject_start && c.prominent) || site) && !trig_word.ends_with("ing") && {
        let gap: Vec<&str> = between.trim_start_matches(['\'', '’', 's']).split_whitespace().collect();
        let skip = if site { np_words.len() } else { 0 };
        !between.contains(',') && gap.len() > skip && gap.len() <= 4 + skip && {
            let g = &gap[skip.min(gap.len())..];
            // a passive: "was captured", "has been shelled", "are still heavily patrolled"
            let aux = g.iter().take_while(|w| matches!(**w, "was" | "were" | "is" | "are" | "has" | "have" | "had" | "been" | "being" | "be")).count();
            aux >= 1 && (g[aux - 1] != "has" && g[aux - 1] != "have" && g[aux - 1] != "had")
        }
    };
    // "in a U.S. airstrike", "in a West Bank town": an adjective, whatever comes before
    let indefinite = matches!(back.first().copied(), Some("a" | "an"));
    let modifier = modifier && ((indefinite && country) || !locative);
    if direction && !possessive {
        return Some("same-sentence-reference");
    }
    if settlement {
        Some("same-sentence-settlement")
    } else if event_noun && !possessive && !modifier {
        Some("same-sentence-event-noun")
    } else if locative && (!modifier || site) && !actor {
        Some("same-sentence-locative")
    } else if object && !possessive && !modifier {
        Some("same-sentence-object")
    } else if site && !actor && object_gap.is_some_and(|g| g <= 4) {
        Some("same-sentence-site")
    } else if subject {
        Some("same-sentence-subject")
    } else {
        None
    }
}

/// A locative word ("in", "near") a few words before token `ci`, with only lower-case words
/// between ("in the south", "in downtown X") and possessive names skipped ("in Baghdad's X");
/// the search ends at a word that opens another phrase ([lookback_stops]).
fn locative_before(toks: &[Tok], ci: usize, words: &LinkWords) -> bool {
    let mut k = ci;
    let mut seen = 0;
    while k > 0 && seen < LOOKBACK_WORDS {
        k -= 1;
        let t = &toks[k];
        // "Baghdad's", "Kabul' s": skip the possessive and its name
        // (also "Syria   s", where a feed lost the apostrophe)
        let apostrophe = k > 0 && matches!(toks[k - 1].text.as_str(), "'" | "’");
        if (t.text == "s" && k > 0 && (apostrophe || toks[k - 1].name_like())) || t.text == "'s" || t.text == "’s" {
            k = k.saturating_sub(if t.text == "s" && apostrophe { 2 } else { 1 });
            while k > 0 && toks[k].name_like() && toks[k - 1].name_like() {
                k -= 1;
            }
            continue;
        }
        // "#Idlib"; a name broken at a hyphen ("the Saipatae- Yaha Road")
        if t.text == "#" || t.text == "@" || (t.text == "-" && k > 0 && toks[k - 1].name_like()) {
            if t.text == "-" {
                k -= 1;
            }
            continue;
        }
        // a list: "in Kabul and Herat", "between Israel and the Gaza Strip"
        if (t.lower == "and" || t.text == ",") && k > 0 && toks[k - 1].name_like() {
            k -= 1;
            while k > 0 && toks[k - 1].name_like() {
                k -= 1;
            }
            continue;
        }
        if !t.is_word() {
            return false;
        }
        if words.locative.contains(&t.lower.as_str()) {
            return true;
        }
        // "close to X", "next to X"
        if t.lower == "to" && k > 0 && matches!(toks[k - 1].lower.as_str(), "close" | "next" | "adjacent" | "closer") {
            return true;
        }
        if words.lookback_stops.contains(&t.lower.as_str()) || words.not_here.contains(&t.lower.as_str()) {
            return false;
        }
        // lower-case words, "South", "Northern", and hyphenated modifiers ("Serb-held")
        let plain = t.text.chars().all(|c| c.is_lowercase() || c == '-');
        let direction = words.part_adjectives.contains(&t.lower.as_str());
        let held = t.text.rsplit_once('-').is_some_and(|(_, b)| b.chars().all(|c| c.is_lowercase()));
        if !(plain || direction || held) {
            return false;
        }
        seen += 1;
    }
    false
}

/// An event noun and its preposition right before token `ci`, past "the" and adjectives:
/// "the shelling of X", "the 1941-44 German occupation of X", "an attack on the X".
fn event_noun_before(toks: &[Tok], ci: usize, words: &LinkWords) -> bool {
    let mut k = ci;
    // determiners and hyphenated adjectives between the preposition and the name
    let mut skipped = 0;
    while k > 0 && skipped < 2 && matches!(toks[k - 1].lower.as_str(), "the" | "a" | "an") || (k > 0 && skipped < 2 && toks[k - 1].lower.contains('-') && toks[k - 1].is_word()) {
        k -= 1;
        skipped += 1;
    }
    if k < 2 || !matches!(toks[k - 1].lower.as_str(), "of" | "on" | "against" | "for") {
        return false;
    }
    words.event_nouns.contains(&toks[k - 2].lower.as_str())
}

/// Offset `pos` lies inside a closed quotation ("…") that does not hold `other`.
fn quoted_apart(toks: &[Tok], pos: usize, other: usize) -> bool {
    let mut open: Option<usize> = None;
    for t in toks {
        match t.text.as_str() {
            "\"" => match open {
                Some(a) => {
                    if a < pos && pos < t.start && !(a < other && other < t.start) {
                        return true;
                    }
                    open = None;
                }
                None => open = Some(t.start),
            },
            "“" => open = Some(t.start),
            "”" => {
                if let Some(a) = open.take() {
                    if a < pos && pos < t.start && !(a < other && other < t.start) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// `hay` ends with the words of `phrase` (word-aligned: "from" is not the end of "therefrom").
fn ends_with_phrase(hay: &str, phrase: &str) -> bool {
    hay.ends_with(phrase) && hay[..hay.len() - phrase.len()].chars().last().is_none_or(|c| !c.is_alphanumeric())
}

/// The words between two place names (char offsets `a_end`..`b_start`) nest them: `Some(true)`
/// when the first lies inside the second ("X in northern Y", "X, Y", "the X area of Y"),
/// `Some(false)` when the second lies inside the first ("X's southern district of Y").
fn inside(toks: &[Tok], a_end: usize, b_start: usize, words: &LinkWords) -> Option<bool> {
    let between: Vec<&str> = toks.iter().filter(|t| t.start >= a_end && t.end <= b_start && t.text != "#").map(|t| t.lower.as_str()).collect();
    if between.is_empty() || between.len() > 6 {
        return None;
    }
    let plain = |w: &&str| matches!(*w, "," | "'" | "’") || w.chars().all(|c| c.is_lowercase() || c == '-');
    if !between.iter().all(plain) || between.iter().any(|w| matches!(*w, "and" | "or" | "to" | "from")) {
        return None;
    }
    if matches!(between[0], "'s" | "’s" | "'" | "’" | "s") {
        return Some(false);
    }
    // "X in northern Y", "X, Y", "X near Y", "the X district of Y"; but "the X town of Y" names Y
    let tail_ok = |rest: &[&str]| rest.iter().all(|w| words.part_adjectives.contains(w));
    match between.as_slice() {
        ["," | "in" | "near" | "outside", rest @ ..] if tail_ok(rest) => Some(true),
        [w, "in" | "near" | "outside", rest @ ..] if tail_ok(rest) && (words.part_nouns.contains(w) || words.place_postfix.contains(w)) => Some(true),
        [w, "of", rest @ ..] if tail_ok(rest) && words.settlement.contains(w) && !words.part_nouns.contains(w) => Some(false),
        _ => None,
    }
}

/// "X district of Y", "X suburb of Y": one of the two is a part of the other.
fn part_of(toks: &[Tok], a_end: usize, b_start: usize, words: &LinkWords) -> bool {
    let between: Vec<&str> = toks.iter().filter(|t| t.start >= a_end && t.end <= b_start).map(|t| t.lower.as_str()).collect();
    matches!(between.as_slice(), [w, "of", rest @ ..] if words.part_nouns.contains(w) && rest.iter().all(|x| words.part_adjectives.contains(x)))
}

/// What being the trigger's own complement ("targeting the village of X") adds to a place's
/// score: as much as a town's specificity over a district's.
const COMPLEMENT_BONUS: f64 = 1.0;

/// The most words between a trigger and a place that still make the place its complement.
const COMPLEMENT_WORDS: usize = 8;

/// Specificity of a sea, river or lake: below a country's, so any named place on land wins.
const WATER_SPECIFICITY: f64 = 0.9;

/// Specificity of an unknown name cued only by "in X": below a known town's.
const CUED_LOCATIVE_SPECIFICITY: f64 = 2.5;

/// How much a char of distance from the trigger costs against specificity: a town 90 chars
/// further away than a country still wins, one 150 chars further does not.
const DIST_WEIGHT: f64 = 0.02;

/// The size the wording gives a place, whatever the gazetteer resolved: "the province of X",
/// "X province" → a province's specificity, "the district of X" → a district's.
fn cue_specificity(toks: &[Tok], start: usize, end: usize) -> Option<f64> {
    let ci = toks.iter().position(|t| t.start >= start)?;
    let size = |w: &str| match w {
        "province" | "provinces" | "governorate" | "region" | "state" | "county" | "prefecture" | "oblast" => Some(1.5),
        "district" | "districts" | "municipality" => Some(2.0),
        _ => None,
    };
    let before = (ci >= 2 && toks[ci - 1].lower == "of").then(|| size(&toks[ci - 2].lower)).flatten();
    let after = toks.iter().find(|t| t.start >= end).filter(|t| !t.capitalised()).and_then(|t| size(&t.lower));
    before.or(after)
}

/// How many plain words may stand between a locative and its place ("in the basement of the
/// X house"); more reach into other phrases.
const LOOKBACK_WORDS: usize = 6;

/// A town at least this populous is a plausible passive subject ("Jaffna was captured").
const PROMINENT_POPULATION: u32 = 50_000;

/// Lower-case words that may follow a place without making it a modifier ("in Rome on Sunday").
const FUNCTION_WORDS: [&str; 52] = [
    "on", "in", "at", "to", "for", "from", "with", "by", "and", "or", "as", "after", "before", "since",
    "during", "where", "which", "when", "that", "near", "late", "early", "earlier", "last", "this",
    "was", "were", "is", "are", "had", "has", "have", "over", "against", "along", "alongside", "amid",
    "until", "into", "through", "across", "around", "under", "while", "but", "because", "though",
    "although", "who", "whose", "toward", "towards",
];

/// `hay` holds `phrase` with word boundaries at its alphanumeric ends (", and" is in
/// "x, and y", not in "x, andrew").
fn contains_phrase(hay: &str, phrase: &str) -> bool {
    let starts_alnum = phrase.chars().next().is_some_and(|c| c.is_alphanumeric());
    hay.match_indices(phrase).any(|(i, _)| {
        let before_ok = !starts_alnum || hay[..i].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[i + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}

fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before_ok = hay[..i].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[i + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::geoparse;

    /// The linked span's text for the trigger word `verb` in `text`.
    fn linked(text: &str, verb: &str) -> Option<String> {
        let gaz = Gazetteer::embedded();
        let mentions: Vec<_> = geoparse(text, gaz).into_iter().map(|m| (m, 0usize)).collect();
        let chars: Vec<char> = text.chars().collect();
        let byte = text.find(verb).expect("verb in text");
        let trig = text[..byte].chars().count();
        let l = link_place(&mentions, 0, (0, chars.len()), trig, &chars, gaz)?;
        Some(chars[l.start..l.end].iter().collect())
    }

    #[test]
    fn an_unknown_village_after_a_settlement_word_is_the_place() {
        assert_eq!(linked("Gunmen stormed the village of Qarat Zuhur near Aleppo on Monday.", "stormed").as_deref(), Some("Qarat Zuhur"));
    }

    #[test]
    fn an_unknown_name_before_a_place_postfix_is_the_place() {
        assert_eq!(linked("A car bomb exploded in the Wadi Sharqi neighbourhood, killing four.", "exploded").as_deref(), Some("Wadi Sharqi"));
    }

    #[test]
    fn an_unknown_town_with_a_distance_apposition_is_the_place() {
        assert_eq!(linked("Two soldiers were killed in Tell Barud, 40 km south of Mosul.", "killed").as_deref(), Some("Tell Barud"));
    }

    #[test]
    fn a_reference_town_places_the_event_only_when_nothing_else_does() {
        assert_eq!(linked("Rebels shelled army posts 20 km north of Homs.", "shelled").as_deref(), Some("Homs"));
    }

    #[test]
    fn the_inner_of_two_nested_places_wins() {
        assert_eq!(linked("Three people were killed in Ariha in northern Idlib province.", "killed").as_deref(), Some("Ariha"));
        assert_eq!(linked("A bomb went off in the Colombo suburb of Dehiwala on Friday.", "went").as_deref(), Some("Dehiwala"));
    }

    #[test]
    fn a_place_naming_the_site_of_an_argument_places_the_event() {
        assert_eq!(linked("Gunmen attacked a Kabul hotel late on Friday.", "attacked").as_deref(), Some("Kabul"));
        assert_eq!(linked("Baghdad's main market was bombed twice last year.", "bombed").as_deref(), Some("Baghdad"));
    }

    #[test]
    fn a_prominent_passive_subject_is_the_place() {
        assert_eq!(linked("Kandahar was captured by the militants after a week of fighting.", "captured").as_deref(), Some("Kandahar"));
    }

    #[test]
    fn an_actors_nationality_or_base_is_not_the_place() {
        assert_eq!(linked("U.S. forces captured four suspects on Thursday.", "captured"), None);
        assert_eq!(linked("A Kabul-based group claimed that fighters killed two guards.", "killed"), None);
    }

    #[test]
    fn an_origin_or_a_destination_is_not_the_place() {
        assert_eq!(linked("Militants from Kandahar killed two policemen.", "killed"), None);
        assert_eq!(linked("Villagers were shot as they fled to Herat.", "shot"), None);
    }

    #[test]
    fn the_speakers_place_is_not_the_place() {
        assert_eq!(linked("Protesters marched on Sunday, officials in Nairobi said.", "marched"), None);
        assert_eq!(linked("According to a source at the Kabul airport, rebels shelled two posts.", "shelled"), None);
    }

    #[test]
    fn a_place_in_another_clause_is_not_the_place() {
        assert_eq!(linked("Two soldiers were killed on Monday, and in Mosul a market burned.", "killed"), None);
        assert_eq!(linked("Two guards were killed in the raid, which was followed by a blast in Mosul.", "killed"), None);
        // a relative clause after a fronted place leaves the place to the main clause
        assert_eq!(linked("In Mosul, where the army holds the centre, a soldier was shot.", "shot").as_deref(), Some("Mosul"));
    }

    #[test]
    fn a_settlement_word_must_be_lower_case() {
        // "the Islamic State of Iraq" is a group's name, not "the state of Iraq"
        assert_eq!(linked("Fighters of the Islamic State of Iraq attacked a convoy.", "attacked"), None);
    }

    /// The full link for the trigger word `verb` in `text`.
    fn link(text: &str, verb: &str) -> Option<Link> {
        let gaz = Gazetteer::embedded();
        let mentions: Vec<_> = geoparse(text, gaz).into_iter().map(|m| (m, 0usize)).collect();
        let chars: Vec<char> = text.chars().collect();
        let trig = text[..text.find(verb).expect("verb in text")].chars().count();
        link_place(&mentions, 0, (0, chars.len()), trig, &chars, gaz)
    }

    #[test]
    fn an_unknown_site_before_a_facility_word_is_the_place() {
        assert_eq!(linked("A bomb exploded near the al-Nasr school in western Mosul.", "exploded").as_deref(), Some("al-Nasr"));
        // an organisation's base is not a named site
        assert_eq!(linked("A bomb exploded near the UNDP compound in Mosul.", "exploded").as_deref(), Some("Mosul"));
    }

    #[test]
    fn an_arabic_style_place_head_extends_a_known_name() {
        assert_eq!(linked("Gunmen attacked a checkpoint near Tel Karak on Sunday.", "attacked").as_deref(), Some("Tel Karak"));
    }

    #[test]
    fn an_unknown_name_after_in_is_the_place_unless_a_month_or_a_common_word() {
        assert_eq!(linked("Two fighters were killed in Zubaydiya on Sunday.", "killed").as_deref(), Some("Zubaydiya"));
        assert_eq!(linked("Two fighters were killed in March.", "killed"), None);
        assert_eq!(linked("The bill was attacked in Congress.", "attacked"), None);
        // "shooting at X" names a target
        assert_eq!(linked("Soldiers were shooting at Zubaydi from a rooftop.", "shooting"), None);
    }

    #[test]
    fn an_unknown_object_of_a_place_taking_verb_is_the_place() {
        assert_eq!(linked("Government jets bombed Zubaydiya at dawn.", "bombed").as_deref(), Some("Zubaydiya"));
        // "captured" takes people as often as places
        assert_eq!(linked("Police captured Hamdani on Monday.", "captured"), None);
    }

    #[test]
    fn an_unknown_town_before_its_state_is_the_place() {
        assert_eq!(linked("A deputy was shot in Pinewood, Texas, on Monday.", "shot").as_deref(), Some("Pinewood"));
    }

    #[test]
    fn a_sea_places_the_event_but_is_not_geocoded() {
        let l = link("Pirates seized a tanker in the Arabian Sea on Friday.", "seized").expect("linked");
        assert_eq!(l.resolved, None);
        assert!(l.mention.is_some());
    }

    #[test]
    fn a_possessive_place_modifying_a_non_site_is_not_the_place() {
        assert_eq!(linked("Thousands have been killed in Syria's civil war.", "killed"), None);
        // a feed that turned the apostrophe into spaces
        assert_eq!(linked("Thousands have been killed in Syria   s civil war.", "killed"), None);
        assert_eq!(linked("Dozens were killed in Syria   s Aleppo province on Friday.", "killed").as_deref(), Some("Aleppo"));
    }

    #[test]
    fn a_district_named_after_a_possessive_city_wins() {
        assert_eq!(linked("A car bomb exploded in Baghdad's southern district of Zafraniya.", "exploded").as_deref(), Some("Zafraniya"));
    }

    #[test]
    fn a_place_in_the_subjects_apposition_or_relative_clause_is_not_the_place() {
        assert_eq!(linked("Ahmed Saleh, the commander of the militia in Tikrit, was killed on Monday.", "killed"), None);
        assert_eq!(linked("Supporters of the group which held hostages in Lima, demonstrated in Hamburg on Wednesday.", "demonstrated").as_deref(), Some("Hamburg"));
    }

    #[test]
    fn a_new_subject_after_and_starts_another_clause() {
        assert_eq!(linked("Smith was captured last year and Jones was killed in Caracas.", "captured"), None);
        // the same subject's second verb keeps the place
        assert_eq!(linked("Five people were killed and 20 were wounded in Kandahar.", "killed").as_deref(), Some("Kandahar"));
    }

    #[test]
    fn a_place_in_a_quoted_title_is_not_the_place() {
        assert_eq!(linked("The era was captured by the novelist in \"Our Man in Havana\" years later.", "captured"), None);
    }

    #[test]
    fn an_agent_or_a_topic_is_not_the_place() {
        assert_eq!(linked("The bridge was bombed by Russia on Monday.", "bombed"), None);
        assert_eq!(linked("Protesters marched during talks on Syria.", "marched"), None);
        assert_eq!(linked("Insurgents shot down a U.S. Chinook helicopter on Sunday.", "shot"), None);
    }

    #[test]
    fn the_locative_look_back_stops_at_another_phrase() {
        assert_eq!(linked("Peacekeepers patrolled the border, an arrangement that at times annoyed Georgia.", "patrolled"), None);
        assert_eq!(linked("The zone is patrolled by U.S. and British troops.", "patrolled"), None);
        assert_eq!(linked("Hundreds demonstrated near the entrance to Jerusalem.", "demonstrated").as_deref(), Some("Jerusalem"));
    }

    #[test]
    fn an_event_nouns_object_is_the_place() {
        assert_eq!(linked("The prisoners were shot during the 1941-44 German occupation of Latvia.", "shot").as_deref(), Some("Latvia"));
    }

    #[test]
    fn a_hyphenated_country_is_a_modifier() {
        assert_eq!(linked("He was killed in a US-Kurdish raid near Raqqa.", "killed").as_deref(), Some("Raqqa"));
    }

    #[test]
    fn the_cue_word_says_how_large_a_place_is() {
        assert_eq!(linked("In the province of Damascus, militants shelled the village of Zubaydiya.", "shelled").as_deref(), Some("Zubaydiya"));
    }

    #[test]
    fn a_persons_name_after_a_settlement_word_is_not_a_place() {
        assert_eq!(linked("Crowds rallied in the hometown of Cindy Sheehan.", "rallied"), None);
    }

    #[test]
    fn the_triggers_own_complement_outweighs_a_fronted_place() {
        assert_eq!(linked("In Aleppo, jets struck rebel positions and supply depots around Ariha.", "struck").as_deref(), Some("Ariha"));
    }

    #[test]
    fn a_countrys_military_site_is_not_the_place() {
        assert_eq!(linked("A soldier was killed near a U.S. military base in the city of Tikrit.", "killed").as_deref(), Some("Tikrit"));
    }

    #[test]
    fn a_part_of_a_place_is_still_the_verbs_object() {
        assert_eq!(linked("Rebels captured almost all of eastern Chad last year.", "captured").as_deref(), Some("Chad"));
    }

    #[test]
    fn close_to_is_a_locative() {
        assert_eq!(linked("Troops destroyed 14 rebel bunkers close to Kandahar.", "destroyed").as_deref(), Some("Kandahar"));
    }

    #[test]
    fn a_locative_reaches_past_a_few_plain_words() {
        assert_eq!(linked("The prisoners were shot in the basement of the Kandahar house.", "shot").as_deref(), Some("Kandahar"));
    }

    #[test]
    fn a_preposition_after_the_object_does_not_make_it_a_modifier() {
        assert_eq!(linked("Soldiers will patrol Kandahar along with the police.", "patrol").as_deref(), Some("Kandahar"));
    }
}
