//! Code one article's events: link sentence-level frames to the place where each event
//! happened and to its date, then merge frames that describe the same event.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Event;
use crate::extract::{event_frames, location_cues, CueKind};
use crate::extract::Sentence;
use crate::ingest::Article;
use crate::resolve::rank::haversine_km;
use crate::resolve::rank::Locale;
use crate::resolve::{geoparse_in, Gazetteer, Kind, NameKind, PlaceMention};
use super::link::{pick_place, usable};

/// An article's place mentions (with their sentence index) and its coded events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coded {
    pub mentions: Vec<(PlaceMention, usize)>,
    pub events: Vec<Event>,
}

/// Facility words: an event at "the city's prison" may be placed on a curated facility.
const FACILITIES: [(&str, &[&str]); 5] = [
    ("prison", &["central prison", "prison"]),
    ("jail", &["central prison", "prison"]),
    ("airport", &["international airport", "airport"]),
    ("air base", &["air base", "airbase", "military airport"]),
    ("airbase", &["air base", "airbase", "military airport"]),
];
/// Events dated more than this many days before publication are history, not news.
const HISTORY_DAYS: i64 = 366;
/// A facility must lie this close to the town it is named after.
const FACILITY_MAX_KM: f64 = 40.0;

/// Find, resolve and code everything in one article.
pub fn code_article(article: &Article, published: NaiveDate, gaz: &Gazetteer) -> Coded {
    let text = &article.text;
    // a site under a country's domain makes that country likelier for ambiguous names
    let mentions = geoparse_in(text, gaz, &Locale::for_url(&article.url));
    let focus_cc = focus_country(&mentions);
    let (sentences, frames) = event_frames(text, published, focus_cc.as_deref());
    let sentence_of = |pos: usize| sentences.iter().position(|s| s.start <= pos && pos < s.end.max(s.start + 1)).unwrap_or(0);
    let indexed: Vec<(PlaceMention, usize)> = mentions.iter().map(|m| (m.clone(), sentence_of(m.start))).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut events: Vec<Event> = Vec::new();
    let mut last_place: Option<(usize, usize)> = None; // (mention index, sentence index)
    for f in &frames {
        if f.reaction || !f.trigger.is_event() || announces_future(&sentences[f.sentence_index].text, &f.trigger) {
            continue;
        }
        // "On March 8, 1862, …": history recalled in the article, not news
        if (published - f.date.date).num_days() > HISTORY_DAYS {
            continue;
        }
        let s = &sentences[f.sentence_index];
        let picked = pick_place(&indexed, s.index, (s.start, s.end), s.start + f.trigger.start, &chars, gaz)
            .map(|(k, rule)| (k, rule, 0))
            .or_else(|| {
                // the previous two sentences' event place, then their last place named
                last_place
                    .filter(|(_, si)| f.sentence_index.saturating_sub(*si) <= 2)
                    .map(|(k, _)| (k, "previous-event-place", 1))
            })
            .or_else(|| {
                indexed
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, (m, si))| *si < f.sentence_index && f.sentence_index - si <= 2 && usable(m, gaz))
                    .map(|(k, _)| (k, "previous-sentence", 1))
            })
            .or_else(|| article_focus_place(&indexed, gaz).map(|k| (k, "article-focus", 1)));
        // "after the clashes", "during the attack": a definite reference to an event the
        // article already coded is that event, not a new one
        if anaphoric(&s.text, &f.trigger) {
            if let Some(prev) = events.iter_mut().rev().find(|e| e.event_type == f.event_type) {
                // "three were killed in the fighting": the referred event's toll
                prev.fatalities = prev.fatalities.max(f.fatalities);
                continue;
            }
        }
        let Some((k, place_rule, fallback)) = picked else { continue };
        // "At least five were killed in the fighting", "…before rounding up villagers": a
        // sentence right after an event, with no place of its own and no date of its own,
        // continues that event rather than reporting a new one
        if place_rule == "previous-event-place" {
            if let Some(prev) = events.last_mut() {
                let own_date = matches!(f.date_source, crate::extract::DateSource::Sentence);
                if (prev.event_type == f.event_type && prev.event_date == f.date.date) || !own_date {
                    prev.fatalities = prev.fatalities.max(f.fatalities);
                    continue;
                }
            }
        }
        last_place = Some((k, f.sentence_index));
        let m = &indexed[k].0;
        let Some(pi) = m.place_index else { continue };
        let p = gaz.place(pi);
        // geo-precision, ACLED style: the place itself 1, near/outskirts/part of it 2,
        // a province or country 3
        let cue = cue_for(s, m);
        let mut precision: u8 = match p.kind {
            Kind::City | Kind::Facility => 1,
            Kind::Admin2 => 2,
            _ => 3,
        };
        if let Some((_, cue_precision)) = cue {
            precision = precision.max(cue_precision.min(if matches!(p.kind, Kind::City | Kind::Facility) { 2 } else { 3 }));
        }
        if fallback > 0 && precision == 1 {
            precision = 2;
        }
        let mut place = (p.name().to_string(), Some(p.id), p.lon, p.lat, p.cc().to_string(), p.admin1().to_string());
        let mut place_rule = place_rule.to_string();
        if let Some((cue, _)) = cue {
            place_rule.push_str(&format!("+{cue}"));
        }
        // "the city's main prison": a curated facility named after the town
        if p.kind == Kind::City {
            if let Some((fname, fid, flon, flat)) = facility_near(s, &p, gaz) {
                place = (fname, Some(fid), flon, flat, p.cc().to_string(), p.admin1().to_string());
                precision = 1;
                place_rule = format!("{place_rule}+facility");
            }
        }
        let admin1_name = gaz.admin1(&place.4, &place.5).map(|a| a.name().to_string()).unwrap_or_default();
        let date = &f.date;
        events.push(Event {
            id: 0,
            event_date: date.date,
            time_precision: date.precision,
            event_type: f.event_type.to_string(),
            sub_event_type: f.sub_event_type.to_string(),
            cameo_root: f.cameo_root.to_string(),
            actor1: f.actor1.as_ref().map(|a| a.actor.clone()),
            actor2: f.actor2.as_ref().map(|a| a.actor.clone()),
            fatalities: f.fatalities,
            location: place.0,
            geonameid: place.1,
            lon: place.2,
            lat: place.3,
            country_code: place.4,
            admin1: admin1_name,
            geo_precision: precision,
            source_url: if article.url.is_empty() { article.source.clone() } else { article.url.clone() },
            title: article.title.clone(),
            sentence: s.text.clone(),
            sentence_start: s.start,
            sentence_end: s.end,
            type_rule: f.type_rule.clone(),
            date_rule: date.rule.to_string(),
            place_rule,
        });
    }
    Coded { mentions: indexed, events: merge(events) }
}

/// The trigger is a noun introduced by a definite determiner ("the clashes", "this attack").
fn anaphoric(sentence: &str, t: &crate::extract::Trigger) -> bool {
    let before: String = sentence.chars().take(t.start).collect();
    let last = before.split_whitespace().last().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "the" | "this" | "that" | "these" | "those" | "such")
}

/// Participants named as the trigger ("demonstrators", "protesters") with a future or
/// intention after them ("vowed to return next week") announce an event, they don't report one.
fn announces_future(sentence: &str, t: &crate::extract::Trigger) -> bool {
    const PARTICIPANTS: [&str; 6] = ["demonstrator", "protester", "protestor", "rioter", "marcher", "strikers"];
    const FUTURE: [&str; 10] = [" vow", " plan", " will ", " threaten", " promis", " pledg", " intend", " next week", " tomorrow", " to return"];
    let head = t.text.to_lowercase();
    if !PARTICIPANTS.iter().any(|p| head.starts_with(p)) {
        return false;
    }
    let after: String = sentence.chars().skip(t.end).collect::<String>().to_lowercase();
    FUTURE.iter().any(|f| after.contains(f))
}

/// "near X", "on the outskirts of X", "north of X", "X province" around mention `m`:
/// the cue's name and the geo-precision it suggests.
fn cue_for(s: &Sentence, m: &PlaceMention) -> Option<(&'static str, u8)> {
    let rel_start = m.start.checked_sub(s.start)?;
    let rel_end = m.end.checked_sub(s.start)?;
    location_cues(&s.text).into_iter().find_map(|c| {
        // the place follows the cue within a few words, or precedes a postfix cue
        let touches = if c.place_after {
            c.end <= rel_start && rel_start - c.end <= 24
        } else {
            c.start >= rel_end && c.start - rel_end <= 3
        };
        if !touches {
            return None;
        }
        let name = match c.kind {
            CueKind::Near => "near",
            CueKind::Outskirts => "outskirts",
            CueKind::Direction(_) => "direction",
            CueKind::Part(_) => "part",
            CueKind::Province => "province",
            CueKind::District => "district",
            CueKind::Countryside => "countryside",
            CueKind::In => return None,
        };
        Some((name, c.geo_precision()))
    })
}

/// A curated facility (prison, airport, air base) named after town `p`, mentioned in `s`.
fn facility_near(s: &Sentence, p: &crate::resolve::Place<'_>, gaz: &Gazetteer) -> Option<(String, i64, f64, f64)> {
    let lower = s.text.to_lowercase();
    for (word, suffixes) in FACILITIES {
        if !lower.contains(word) {
            continue;
        }
        for suffix in suffixes.iter() {
            for posting in gaz.lookup(&format!("{} {}", p.name(), suffix)) {
                if posting.name_kind == NameKind::Demonym {
                    continue;
                }
                let f = gaz.place(posting.place);
                if f.kind == Kind::Facility && haversine_km(f.lon, f.lat, p.lon, p.lat) <= FACILITY_MAX_KM {
                    return Some((f.name().to_string(), f.id, f.lon, f.lat));
                }
            }
        }
    }
    None
}

/// The most mentioned town of the article (ties: the first), for events whose sentence
/// names no place.
fn article_focus_place(mentions: &[(PlaceMention, usize)], gaz: &Gazetteer) -> Option<usize> {
    let mut count: HashMap<u32, (usize, usize)> = HashMap::new();
    for (k, (m, _)) in mentions.iter().enumerate() {
        if let Some(i) = m.place_index.filter(|_| usable(m, gaz)) {
            if matches!(gaz.place(i).kind, Kind::City | Kind::Facility | Kind::Admin2) {
                let e = count.entry(i).or_insert((0, k));
                e.0 += 1;
            }
        }
    }
    count.values().max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1))).map(|(_, k)| *k)
}

/// The country most named in the article, for actor look-ups ("government forces").
fn focus_country(mentions: &[PlaceMention]) -> Option<String> {
    let mut c: HashMap<&str, usize> = HashMap::new();
    for m in mentions.iter().filter(|m| m.kind == crate::extract::toponyms::SpanKind::Place) {
        if let Some(cc) = m.country_code.as_deref().filter(|c| !c.is_empty()) {
            *c.entry(cc).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = c.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.first().map(|(cc, _)| cc.to_string())
}

/// One event per place, day and type within an article: the first sentence wins, the
/// highest fatality figure of its sentences is kept (they describe parts of one event).
fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let same = out.iter_mut().find(|o| {
            o.event_date == e.event_date
                && o.event_type == e.event_type
                && match (o.geonameid, e.geonameid) {
                    (Some(a), Some(b)) => a == b,
                    _ => (o.lon - e.lon).abs() < 1e-4 && (o.lat - e.lat).abs() < 1e-4,
                }
        });
        match same {
            Some(o) => {
                o.fatalities = o.fatalities.max(e.fatalities);
                if o.actor1.is_none() {
                    o.actor1 = e.actor1;
                }
                if o.actor2.is_none() {
                    o.actor2 = e.actor2;
                }
            }
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::SourceFormat;

    fn code(text: &str, published: &str) -> Vec<Event> {
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        let article = Article {
            source: "test".into(),
            url: "https://example.org/t".into(),
            title: String::new(),
            published: Some(published),
            text: text.into(),
            format: SourceFormat::Text,
            id: String::new(),
        };
        code_article(&article, published, Gazetteer::embedded()).events
    }

    #[test]
    fn history_recalled_in_an_article_is_not_an_event() {
        let ev = code("Gunmen attacked a police station in Kirkuk on Monday. The city was shelled in 1991 during the uprising.", "2024-05-08");
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].location, "Kirkuk");
    }

    #[test]
    fn a_follow_up_sentence_without_place_or_date_joins_the_event() {
        let ev = code("Militants attacked an army checkpoint near Gao on Sunday. Three soldiers were killed in the fighting.", "2024-05-08");
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].fatalities, 3);
    }

    #[test]
    fn a_reacting_capital_is_not_the_event_place() {
        let ev = code("Rebels shelled the town of Kafranbel on Friday. In Damascus, the foreign ministry condemned the attack.", "2024-05-08");
        assert!(ev.iter().all(|e| e.location != "Damascus"), "{ev:#?}");
        assert!(ev.iter().any(|e| e.location == "Kafranbel"), "{ev:#?}");
    }

    #[test]
    fn a_place_inside_an_organisation_name_places_no_event() {
        let ev = code("Protesters gathered outside the Texas Department of Public Safety on Tuesday.", "2024-05-08");
        assert!(ev.iter().all(|e| e.location != "Texas"), "{ev:#?}");
    }

    #[test]
    fn two_events_in_two_places_stay_apart() {
        let ev = code(
            "An airstrike hit a market in Ariha on Monday, killing five civilians. On Tuesday, rebels clashed with government forces near Saraqib.",
            "2024-05-08",
        );
        let places: Vec<&str> = ev.iter().map(|e| e.location.as_str()).collect();
        assert_eq!(ev.len(), 2, "{ev:#?}");
        assert!(places.iter().any(|p| p.starts_with("Ar")) && places.iter().any(|p| p.starts_with("Sar")), "{places:?}");
        assert!(ev.iter().any(|e| e.event_type == "Battles" && e.geo_precision == 2));
    }
}
