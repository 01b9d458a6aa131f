//! Event frames: what happened in each sentence, typed the ACLED way, with its date, actors and
//! fatalities — the unit the event linker places on the map.
//!
//! One frame per sentence and event *class*: violence (Battles, Explosions/Remote violence,
//! Violence against civilians), demonstrations (Protests, Riots), and strategic developments.
//! Tactics that co-occur in one sentence are one engagement, typed by ACLED precedence (an assault
//! with car bombs and air support is one Battles/Armed clash); a demonstration with violence is one
//! demonstration event; strategic developments only stand alone. A separate sentence is a separate
//! frame (executing prisoners after the assault is its own Violence against civilians/Attack).
//!
//! The trigger's lexicon type is then refined by the actors (ACLED's rules, rule names in
//! `type_rule`): a generic attack on civilians is Violence against civilians (`civilian_target`);
//! a generic killing of armed men is a Battle (`armed_target`); violence by protesters or rioters is
//! a Riot (`demonstrators_violent`); violence against protesters is Excessive force
//! (`force_against_protesters`); territory taken by state forces is "Government regains territory",
//! by others "Non-state actor overtakes territory" (`territory_by_state`, `territory_by_non_state`);
//! people captured by state forces are Arrests, by others Abduction (`custody_by_*`).
//!
//! Non-events are dropped: negated, hypothetical (threats, also in quotes), historical mentions.
//! Sentences that only react to an event ("condemned the attack") give frames with
//! `reaction: true`, which the linker should not place. A sentence whose only triggers are
//! consequence words ("Four soldiers were killed.") and that has no date of its own elaborates the
//! event of the frame up to three sentences before (its fatalities fill that frame's if missing);
//! likewise a dateless demonstration sentence right after a demonstration frame ("Police dispersed
//! the crowd with tear gas.") upgrades that frame ("Protest with intervention") instead of adding one.
//!
//! Actors follow ACLED's conventions: protesters are actor1 and an intervening force actor2 (a
//! peaceful protest has none); a demonym opening the trigger ("Israeli strikes") names actor1.
//!
//! A battle whose only named side is a non-state group gets the hinted country's state forces as
//! actor2 (an empty span, rule `default_state_opponent`).
//!
//! Dates: the date nearest the trigger in the sentence (dates of videos and posts — "posted last
//! week" — are ignored, dates of statements — "said on Tuesday" — used only if nothing else); else the date of the latest earlier
//! (non-reaction) frame; else the latest date mentioned in an earlier sentence; else — for a
//! headline or lede without a date — the date of the next frame of the same class within five
//! sentences; else the publication date (rule `published`).

use chrono::NaiveDate;

use super::actors::{assign_actors, find_actors, ActorMention};
use super::cues::{location_cues, CueKind};
use super::dates::{find_dates, DateRef};
use super::fatalities::find_fatalities;
use super::sentences::{split_sentences, Sentence};
use super::triggers::{find_triggers, Trigger};

/// Where a frame's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A date in the frame's own sentence.
    Sentence,
    /// The date of the frame of an earlier sentence (its index).
    PreviousFrame(usize),
    /// A date mentioned in an earlier sentence without a frame (its index).
    PreviousSentence(usize),
    /// The date of the frame of a later sentence (a headline or lede before the dated report).
    NextFrame(usize),
    /// No date in the text: the publication date.
    Published,
}

/// An event reported by one sentence.
///
/// # Units
/// Offsets inside `trigger`, `date`, `actor1`, `actor2` are char offsets into the sentence
/// (`sentences[sentence_index].text`); add `Sentence::start` for article offsets. With
/// `DateSource::Published`, `date` has rule "published" and an empty span; with other non-sentence
/// sources its span is in the sentence named by the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub sentence_index: usize,
    /// The dominant trigger (highest precedence in its class).
    pub trigger: Trigger,
    /// Other asserted triggers of the same class in the sentence, absorbed by precedence.
    pub co_triggers: Vec<Trigger>,
    /// ACLED type after refinement by the actors (may differ from the trigger's lexicon type).
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub cameo_root: &'static str,
    /// The trigger's lexicon rule, plus `+refinement` when the actors changed the type.
    pub type_rule: String,
    pub date: DateRef,
    pub date_source: DateSource,
    pub actor1: Option<ActorMention>,
    pub actor2: Option<ActorMention>,
    pub fatalities: u32,
    /// The fatality rule (see `fatalities`), or "not_reported".
    pub fatalities_rule: &'static str,
    /// The sentence reacts to the event (condemns, retaliates for…): do not place it.
    pub reaction: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Violence,
    Demonstration,
    Strategic,
}

fn class_of(event_type: &str) -> Class {
    match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => Class::Violence,
        "Protests" | "Riots" => Class::Demonstration,
        _ => Class::Strategic,
    }
}

fn is_armed(m: &ActorMention) -> bool {
    matches!(m.inter, 1..=4 | 8)
}

/// ACLED type refined by the actors: (event_type, sub_event_type, cameo_root, refinement rule).
fn refine(
    t: &Trigger,
    demonstration_in_sentence: bool,
    a1: Option<&ActorMention>,
    a2: Option<&ActorMention>,
) -> (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
) {
    let (ty, sub, cameo) = (t.event_type, t.sub_event_type, t.cameo_root);
    let inter1 = a1.map(|m| m.inter);
    let inter2 = a2.map(|m| m.inter);
    let violent = class_of(ty) == Class::Violence;
    if t.flags.territory {
        return match inter1 {
            Some(1) => (
                "Battles",
                "Government regains territory",
                "19",
                Some("territory_by_state"),
            ),
            Some(2..=4) => (
                "Battles",
                "Non-state actor overtakes territory",
                "19",
                Some("territory_by_non_state"),
            ),
            _ => (ty, sub, cameo, None),
        };
    }
    if t.flags.custody {
        return match inter1 {
            Some(1) => (
                "Strategic developments",
                "Arrests",
                "17",
                Some("custody_by_state"),
            ),
            Some(2..=4 | 8) => (
                "Violence against civilians",
                "Abduction/forced disappearance",
                "18",
                Some("custody_by_non_state"),
            ),
            _ => (ty, sub, cameo, None),
        };
    }
    if (violent || ty == "Strategic developments" && sub == "Looting/property destruction")
        && matches!(inter1, Some(5 | 6))
    {
        let sub = if a1.is_some_and(|m| m.text.to_lowercase().contains("mob")) {
            "Mob violence"
        } else {
            "Violent demonstration"
        };
        return ("Riots", sub, "14", Some("demonstrators_violent"));
    }
    if violent && inter2 == Some(6) {
        return (
            "Protests",
            "Excessive force against protesters",
            "17",
            Some("force_against_protesters"),
        );
    }
    if violent && inter2 == Some(5) {
        return (
            "Riots",
            "Violent demonstration",
            "14",
            Some("force_against_rioters"),
        );
    }
    if violent && demonstration_in_sentence && inter1 == Some(1) {
        return (
            "Protests",
            "Excessive force against protesters",
            "17",
            Some("force_against_protesters"),
        );
    }
    if t.flags.generic && ty == "Battles" && inter2 == Some(7) {
        return (
            "Violence against civilians",
            "Attack",
            "18",
            Some("civilian_target"),
        );
    }
    if t.flags.generic
        && ty == "Violence against civilians"
        && a2.is_some_and(is_armed)
        && a1.is_none_or(is_armed)
    {
        return ("Battles", "Armed clash", "19", Some("armed_target"));
    }
    (ty, sub, cameo, None)
}

/// Verbs whose date is the date of a video, post or broadcast, never of the event.
const MEDIA_VERBS: &[&str] = &[
    "posted",
    "uploaded",
    "filmed",
    "published",
    "released",
    "aired",
    "broadcast",
    "shared",
    "tweeted",
    "recorded",
    "shot",
    "photographed",
    "updated",
];
/// Verbs whose date is the date of a statement: used only when the sentence has no other date.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "announced",
    "confirmed",
    "stated",
    "added",
    "claimed",
    "wrote",
    "tweeted",
    "according",
    "declared",
    "insisted",
    "warned",
    "explained",
    "noted",
];

/// 0 = an event date, 1 = the date of a statement, 2 = the date of a video or post (never used).
fn date_role(sentence: &str, d: &DateRef) -> u8 {
    let before = super::offsets::char_slice(sentence, 0, d.start).to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let last: Vec<&str> = words.iter().rev().take(2).copied().collect();
    if last.iter().any(|w| MEDIA_VERBS.contains(w)) {
        2
    } else if last.iter().any(|w| REPORTING_VERBS.contains(w)) {
        1
    } else {
        0
    }
}

fn distance(d: &DateRef, t: &Trigger) -> usize {
    if d.end <= t.start {
        t.start - d.end
    } else {
        d.start.saturating_sub(t.end)
    }
}

/// An actor with an empty span at the trigger, for a side the text implies but does not name.
fn default_actor(
    t: &Trigger,
    template: &str,
    inter: u8,
    country_hint: Option<&str>,
    rule: &str,
) -> Option<ActorMention> {
    let c = country_hint.and_then(super::actors::country_by_iso2);
    let actor = match c {
        Some(c) => {
            let suffix = if c.acled_suffix.is_empty() {
                String::new()
            } else {
                format!(" {}", c.acled_suffix)
            };
            template
                .replace("{country}", &c.name)
                .replace("{suffix}", &suffix)
        }
        None => template
            .replace(" ({country})", "")
            .replace(" of {country}", "")
            .replace("{suffix}", ""),
    };
    Some(ActorMention {
        start: t.start,
        end: t.start,
        text: String::new(),
        actor,
        inter,
        role_hint: super::actors::RoleHint::Any,
        country: c.map(|c| c.iso2.as_str()),
        rule: rule.into(),
        from_site: false,
    })
}

/// The state forces named by a demonym opening the trigger's match ("Israeli strikes").
fn demonym_actor(sentence: &str, t: &Trigger, country_hint: Option<&str>) -> Option<ActorMention> {
    let context = super::offsets::char_slice(sentence, t.context_start, t.context_end);
    let first = context.split_whitespace().next()?;
    let c = super::actors::country_by_demonym(first)?;
    let mut m = default_actor(
        t,
        "Military Forces of {country}{suffix}",
        1,
        Some(&c.iso2),
        "demonym_in_trigger",
    )?;
    if country_hint.is_some_and(|h| !h.eq_ignore_ascii_case(&c.iso2)) {
        m.inter = 8;
    }
    m.start = t.context_start;
    m.end = t.context_start + first.chars().count();
    m.text = first.to_string();
    Some(m)
}

/// Split `text` into sentences and code the events they report (see the module docs).
/// `published` resolves relative dates; `country_hint` (ISO2) names generic actors' country.
pub fn event_frames(
    text: &str,
    published: NaiveDate,
    country_hint: Option<&str>,
) -> (Vec<Sentence>, Vec<Frame>) {
    let sentences = split_sentences(text);
    let mut frames: Vec<Frame> = Vec::new();
    // The latest date mentioned in a sentence that yielded no frame and no non-event trigger.
    let mut last_mentioned: Option<(DateRef, usize)> = None;

    for s in &sentences {
        let triggers = find_triggers(&s.text);
        // Dates of videos and posts are not event dates; statement dates only as a last resort.
        let mut dates: Vec<(u8, DateRef)> = find_dates(&s.text, published)
            .into_iter()
            .map(|d| (date_role(&s.text, &d), d))
            .filter(|(r, _)| *r < 2)
            .collect();
        if dates.iter().any(|(r, _)| *r == 0) {
            dates.retain(|(r, _)| *r == 0);
        }
        let dates: Vec<DateRef> = dates.into_iter().map(|(_, d)| d).collect();
        let asserted: Vec<&Trigger> = triggers.iter().filter(|t| t.is_event()).collect();
        let mut chosen: Vec<&Trigger> = asserted.iter().copied().filter(|t| !t.reaction).collect();
        let reaction = chosen.is_empty();
        if reaction {
            chosen = asserted.clone();
        }
        if chosen.is_empty() {
            if triggers.is_empty() {
                if let Some(d) = dates.last() {
                    last_mentioned = Some((d.clone(), s.index));
                }
            }
            continue;
        }

        // A consequence-only sentence without its own date or a new location cue elaborates the
        // recent event ("Four soldiers were killed.", "The attack began at dawn.").
        let new_location = location_cues(&s.text).iter().any(|c| {
            matches!(
                c.kind,
                CueKind::Near | CueKind::Outskirts | CueKind::Direction(_) | CueKind::Part(_)
            ) || (c.kind == CueKind::In && c.start <= 3)
        });
        if !reaction
            && dates.is_empty()
            && !new_location
            && chosen.iter().all(|t| t.flags.consequence)
        {
            if let Some(prev) = frames.iter_mut().rev().find(|f| !f.reaction) {
                if s.index - prev.sentence_index <= 3 {
                    if prev.fatalities_rule == "not_reported" {
                        if let Some((n, rule)) = find_fatalities(&s.text) {
                            prev.fatalities = n;
                            prev.fatalities_rule = rule;
                        }
                    }
                    continue;
                }
            }
        }

        let mentions = find_actors(&s.text, country_hint);
        let fatalities = find_fatalities(&s.text);
        let demonstration_in_sentence = chosen
            .iter()
            .any(|t| class_of(t.event_type) == Class::Demonstration);
        let has_violence = chosen
            .iter()
            .any(|t| class_of(t.event_type) == Class::Violence);
        let best_of = |class: Class| {
            chosen
                .iter()
                .copied()
                .filter(|t| class_of(t.event_type) == class)
                .max_by(|a, b| a.precedence.cmp(&b.precedence).then(b.start.cmp(&a.start)))
        };
        let mut groups: Vec<(Class, &Trigger)> = Vec::new();
        if has_violence && demonstration_in_sentence {
            // A demonstration met with (or turning to) violence: one demonstration event, typed
            // by the violent trigger's actors below.
            if let Some(v) = best_of(Class::Violence) {
                groups.push((Class::Violence, v));
            }
        } else {
            for class in [Class::Violence, Class::Demonstration] {
                if let Some(t) = best_of(class) {
                    groups.push((class, t));
                }
            }
        }
        // "arrested 15 suspects in raids": a generic violent word weaker than the strategic
        // development it comes with does not make the sentence a battle
        if let (Some(s), [(Class::Violence, v)]) = (best_of(Class::Strategic), groups.as_slice()) {
            if v.flags.generic && s.precedence > v.precedence {
                groups.clear();
            }
        }
        if groups.is_empty() {
            if let Some(t) = best_of(Class::Strategic) {
                groups.push((Class::Strategic, t));
            }
        }

        for (class, t) in groups {
            // Actors from the first trigger of the group that names an attacker (the main verb of
            // "Jihadists kill 11 soldiers in Mali ambush"), else from the dominant trigger.
            let mut members: Vec<&Trigger> = chosen
                .iter()
                .copied()
                .filter(|o| {
                    class_of(o.event_type) == class || (has_violence && demonstration_in_sentence)
                })
                .collect();
            members.sort_by_key(|o| o.start);
            let (a1, mut a2) = members
                .iter()
                .map(|o| assign_actors(&s.text, o, &mentions))
                .find(|(a1, _)| a1.is_some())
                .unwrap_or_else(|| assign_actors(&s.text, t, &mentions));
            let mut a1 = a1;
            // A market or a school stands for civilian victims of an attack, not for a side in a
            // battle or the owner of captured ground.
            if t.event_type == "Battles"
                && !t.flags.generic
                && a2.as_ref().is_some_and(|m| m.from_site)
            {
                a2 = None;
            }
            // "Israeli strikes", "Russian shelling": the demonym in the trigger names the attacker.
            if a1.is_none() {
                a1 = demonym_actor(&s.text, t, country_hint);
            }
            // Only the object side is named, and it is armed: in a battle either side is actor1.
            if a1.is_none()
                && class == Class::Violence
                && a2.as_ref().is_some_and(|m| is_armed(m) && m.inter != 1)
            {
                a1 = a2.take();
            }
            // A battle has two sides: a non-state group fighting with no named opponent in an
            // article about a country is fighting that country's forces (ACLED codes both sides).
            if a2.is_none()
                && t.event_type == "Battles"
                && a1.as_ref().is_some_and(|a| matches!(a.inter, 2..=4))
            {
                a2 = default_actor(
                    t,
                    "Military Forces of {country}{suffix}",
                    1,
                    country_hint,
                    "default_state_opponent",
                )
                .filter(|m| m.country.is_some());
            }
            // Soldiers marching are not a protest.
            if class == Class::Demonstration
                && a1.as_ref().is_some_and(is_armed)
                && t.event_type == "Protests"
                && t.sub_event_type == "Peaceful protest"
            {
                continue;
            }
            let (mut ty, mut sub, mut cameo, refinement) =
                refine(t, demonstration_in_sentence, a1.as_ref(), a2.as_ref());
            let mut type_rule = t.rule.clone();
            if let Some(r) = refinement {
                type_rule.push_str(" +");
                type_rule.push_str(r);
            }
            if has_violence && demonstration_in_sentence && class_of(ty) == Class::Violence {
                // Violence at a demonstration whose actors did not decide it: the demonstration.
                if let Some(d) = best_of(Class::Demonstration) {
                    (ty, sub, cameo) = (d.event_type, d.sub_event_type, d.cameo_root);
                    type_rule = format!("{} +violence_at_demonstration", d.rule);
                }
            }
            // ACLED codes protesters as actor1 and the force that intervenes as actor2; a
            // peaceful protest has no actor2.
            if matches!(ty, "Protests" | "Riots") {
                if a1.as_ref().is_some_and(|m| m.inter == 1) {
                    let police = a1.take();
                    a1 = match a2.take() {
                        Some(m) if m.inter == 6 || m.inter == 5 => Some(m),
                        _ => default_actor(
                            t,
                            "Protesters ({country})",
                            6,
                            country_hint,
                            "default_protesters",
                        ),
                    };
                    a2 = police;
                } else if sub == "Peaceful protest" {
                    a2 = None;
                }
            }
            let co_triggers: Vec<Trigger> = chosen
                .iter()
                .filter(|o| {
                    !std::ptr::eq(**o, t)
                        && (class_of(o.event_type) == class || class != Class::Strategic)
                })
                .map(|o| (*o).clone())
                .collect();
            let (date, date_source) = match dates.iter().min_by_key(|d| (distance(d, t), d.start)) {
                Some(d) => (d.clone(), DateSource::Sentence),
                None => match frames.iter().rev().find(|f| !f.reaction) {
                    Some(f) => (f.date.clone(), DateSource::PreviousFrame(f.sentence_index)),
                    None => match &last_mentioned {
                        Some((d, i)) => (d.clone(), DateSource::PreviousSentence(*i)),
                        None => (
                            DateRef {
                                date: published,
                                precision: 1,
                                rule: "published",
                                start: 0,
                                end: 0,
                            },
                            DateSource::Published,
                        ),
                    },
                },
            };
            let (n, rule) = match (class, fatalities) {
                (Class::Strategic, _) | (_, None) => (0, "not_reported"),
                (_, Some((n, rule))) => (n, rule),
            };
            // "Protesters gathered … Police dispersed them with tear gas.": one demonstration, typed
            // by the stronger sub-type, when the follow-up has no date or new location of its own.
            if !reaction
                && date_source != DateSource::Sentence
                && !new_location
                && class_of(ty) == Class::Demonstration
            {
                let prev = frames.iter_mut().rev().find(|f| !f.reaction).filter(|p| {
                    class_of(p.event_type) == Class::Demonstration
                        && s.index - p.sentence_index <= 2
                });
                if let Some(prev) = prev {
                    let rank = |sub: &str| {
                        [
                            "Peaceful protest",
                            "Protest with intervention",
                            "Excessive force against protesters",
                            "Mob violence",
                            "Violent demonstration",
                        ]
                        .iter()
                        .position(|x| *x == sub)
                    };
                    if rank(sub) > rank(prev.sub_event_type) {
                        (prev.event_type, prev.sub_event_type, prev.cameo_root) = (ty, sub, cameo);
                        prev.type_rule =
                            format!("{type_rule} +merged_into_sentence_{}", prev.sentence_index);
                    }
                    if prev.actor2.is_none() {
                        prev.actor2 = a2;
                    }
                    if prev.fatalities_rule == "not_reported" && rule != "not_reported" {
                        (prev.fatalities, prev.fatalities_rule) = (n, rule);
                    }
                    prev.co_triggers.push(t.clone());
                    continue;
                }
            }
            frames.push(Frame {
                sentence_index: s.index,
                trigger: t.clone(),
                co_triggers,
                event_type: ty,
                sub_event_type: sub,
                cameo_root: cameo,
                type_rule,
                date,
                date_source,
                actor1: a1,
                actor2: a2,
                fatalities: n,
                fatalities_rule: rule,
                reaction,
            });
        }
    }

    // A headline or lede without any date takes the date of the next report of the same class.
    for i in 0..frames.len() {
        if frames[i].date_source != DateSource::Published || frames[i].reaction {
            continue;
        }
        let (si, class) = (frames[i].sentence_index, class_of(frames[i].event_type));
        let next = frames[i + 1..].iter().find(|f| {
            !f.reaction
                && f.date_source == DateSource::Sentence
                && class_of(f.event_type) == class
                && f.sentence_index - si <= 5
        });
        if let Some(n) = next {
            let (d, idx) = (n.date.clone(), n.sentence_index);
            frames[i].date = d;
            frames[i].date_source = DateSource::NextFrame(idx);
        }
    }
    (sentences, frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn frames(text: &str, published: NaiveDate, hint: Option<&str>) -> Vec<Frame> {
        event_frames(text, published, hint).1
    }

    fn types(fs: &[Frame]) -> Vec<(usize, &'static str, &'static str)> {
        fs.iter()
            .map(|f| (f.sentence_index, f.event_type, f.sub_event_type))
            .collect()
    }

    // Published Thursday 2024-03-14.
    const JAIL: &str =
        "On Wednesday, opposition fighters tried to storm the central jail in Hasakah, \
        detonating two car bombs at its gate while government jets gave the guards air support. \
        Guards later executed a dozen inmates, witnesses said.";

    #[test]
    fn frame_assault_with_car_bombs_and_air_support_is_one_armed_clash() {
        let fs = frames(JAIL, d(2024, 3, 14), Some("SY"));
        assert_eq!(fs[0].sentence_index, 0);
        assert_eq!(
            (fs[0].event_type, fs[0].sub_event_type),
            ("Battles", "Armed clash")
        );
        assert_eq!(fs[0].trigger.text, "storm");
        assert!(fs[0]
            .co_triggers
            .iter()
            .any(|t| t.sub_event_type == "Remote explosive/landmine/IED"));
        assert!(fs[0]
            .co_triggers
            .iter()
            .any(|t| t.sub_event_type == "Air/drone strike"));
        assert_eq!(
            (fs[0].date.date, fs[0].date.precision, fs[0].date_source),
            (d(2024, 3, 13), 1, DateSource::Sentence)
        );
        assert_eq!(fs[0].actor1.as_ref().unwrap().actor, "Syrian rebels");
        assert_eq!(fs.iter().filter(|f| f.sentence_index == 0).count(), 1);
        // Government jets are named after the trigger: the opposing side.
        assert_eq!(
            fs[0].actor2.as_ref().unwrap().actor,
            "Military Forces of Syria (2000-2024)"
        );
    }

    #[test]
    fn frame_executing_prisoners_is_a_separate_attack_on_civilians() {
        let fs = frames(JAIL, d(2024, 3, 14), Some("SY"));
        assert_eq!(
            types(&fs),
            [
                (0, "Battles", "Armed clash"),
                (1, "Violence against civilians", "Attack")
            ]
        );
        let f = &fs[1];
        assert_eq!((f.fatalities, f.fatalities_rule), (12, "vague_term"));
        assert_eq!(f.actor2.as_ref().unwrap().actor, "Prisoners (Syria)");
        assert_eq!(
            (f.date.date, f.date_source),
            (d(2024, 3, 13), DateSource::PreviousFrame(0))
        );
    }

    #[test]
    fn frame_reaction_from_a_capital_is_flagged() {
        let text = "Rebels shelled the airport in Deir ez-Zor on Monday. In Amman, the foreign ministry condemned the shelling.";
        let fs = frames(text, d(2024, 3, 14), Some("SY"));
        assert_eq!(fs.len(), 2);
        assert!(!fs[0].reaction && fs[1].reaction);
    }

    #[test]
    fn frame_quoted_threat_and_history_are_dropped() {
        let text = "\"We will free every prisoner and burn the jail,\" a commander said. \
                    The same jail was stormed in 2012. Talks could resume next week.";
        assert!(frames(text, d(2024, 3, 14), Some("SY")).is_empty());
    }

    #[test]
    fn frame_no_event_article() {
        let text = "Ministers met in Geneva to discuss reconstruction.\n\nMarkets were calm and the currency held steady.";
        assert!(frames(text, d(2024, 3, 14), None).is_empty());
    }

    #[test]
    fn frame_relative_date_across_month_boundary() {
        // Published Monday 2024-07-01: "on Friday" is 2024-06-28.
        let fs = frames(
            "Militants attacked an army post near Gao on Friday.",
            d(2024, 7, 1),
            Some("ML"),
        );
        assert_eq!(fs[0].date.date, d(2024, 6, 28));
        assert_eq!(
            (fs[0].event_type, fs[0].sub_event_type),
            ("Battles", "Armed clash")
        );
    }

    #[test]
    fn frame_date_of_a_posted_video_is_not_the_event_date() {
        let text = "Rebels stormed the jail on Wednesday. A clip, posted last week, shows fighters shelling the gate.";
        let fs = frames(text, d(2024, 3, 14), Some("SY"));
        assert_eq!(fs.len(), 2);
        assert_eq!(
            (fs[1].date.date, fs[1].date_source),
            (d(2024, 3, 13), DateSource::PreviousFrame(0))
        );
    }

    #[test]
    fn frame_battle_with_one_named_side_gets_the_state_as_opponent() {
        let fs = frames(
            "Rebels stormed the jail on Wednesday.",
            d(2024, 3, 14),
            Some("SY"),
        );
        let a2 = fs[0].actor2.as_ref().unwrap();
        assert_eq!(
            (a2.actor.as_str(), a2.rule.as_str()),
            (
                "Military Forces of Syria (2000-2024)",
                "default_state_opponent"
            )
        );
    }

    #[test]
    fn frame_without_any_date_uses_publication_date() {
        let fs = frames(
            "A roadside bomb hit a minibus near Kandahar.",
            d(2024, 7, 1),
            Some("AF"),
        );
        assert_eq!(
            (fs[0].date.date, fs[0].date.rule, fs[0].date_source),
            (d(2024, 7, 1), "published", DateSource::Published)
        );
    }

    #[test]
    fn frame_headline_takes_the_date_of_the_lede() {
        let text = "Rebels storm jail in Hasakah\n\nOn Wednesday, rebels stormed the central jail.";
        let fs = frames(text, d(2024, 3, 14), Some("SY"));
        assert_eq!(fs.len(), 2);
        assert_eq!(
            (fs[0].date.date, fs[0].date_source),
            (d(2024, 3, 13), DateSource::NextFrame(1))
        );
    }

    #[test]
    fn frame_consequence_sentence_elaborates_the_previous_event() {
        let text =
            "A car bomb exploded at a checkpoint in Kirkuk on Sunday. Four soldiers were killed.";
        let fs = frames(text, d(2024, 3, 12), Some("IQ"));
        assert_eq!(
            types(&fs),
            [(
                0,
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED"
            )]
        );
        assert_eq!(
            (fs[0].fatalities, fs[0].fatalities_rule),
            (4, "count_before_verb")
        );
    }

    #[test]
    fn frame_consequence_sentence_in_a_new_place_is_a_new_event() {
        let text = "A car bomb exploded at a checkpoint in Kirkuk on Sunday. In Tikrit, gunmen attacked a patrol.";
        let fs = frames(text, d(2024, 3, 12), Some("IQ"));
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[1].date_source, DateSource::PreviousFrame(0));
    }

    #[test]
    fn frame_actors_come_from_the_main_verb() {
        let fs = frames(
            "Jihadists kill 11 soldiers in Mali ambush",
            d(2024, 3, 12),
            Some("ML"),
        );
        assert_eq!(fs[0].trigger.text, "ambush");
        assert_eq!(
            fs[0].actor1.as_ref().unwrap().actor,
            "Unidentified Armed Group (Mali)"
        );
        assert_eq!(
            fs[0].actor2.as_ref().unwrap().actor,
            "Military Forces of Mali"
        );
        assert_eq!(fs[0].fatalities, 11);
    }

    #[test]
    fn frame_market_is_not_a_side_in_a_territorial_battle() {
        let fs = frames(
            "The RSF said it had taken control of the main market in El Fasher.",
            d(2024, 3, 12),
            Some("SD"),
        );
        assert_eq!(fs[0].sub_event_type, "Non-state actor overtakes territory");
        assert_eq!(
            fs[0].actor2.as_ref().unwrap().actor,
            "Military Forces of Sudan"
        );
    }

    #[test]
    fn frame_ceasefire_that_could_be_reached_is_not_an_agreement() {
        assert!(frames(
            "Mediators said a ceasefire deal could be reached within days.",
            d(2024, 3, 12),
            None
        )
        .is_empty());
        let fs = frames("A ceasefire took effect at midnight.", d(2024, 3, 12), None);
        assert_eq!(fs[0].sub_event_type, "Agreement");
    }

    #[test]
    fn frame_protest_actors_protesters_first_police_second() {
        let fs = frames(
            "Police dispersed protesters in Bamako with tear gas on Wednesday.",
            d(2024, 7, 4),
            Some("ML"),
        );
        assert_eq!(fs[0].actor1.as_ref().unwrap().actor, "Protesters (Mali)");
        assert_eq!(
            fs[0].actor2.as_ref().unwrap().actor,
            "Police Forces of Mali"
        );
        let fs = frames(
            "Protesters gathered outside the embassy on Wednesday.",
            d(2024, 7, 4),
            Some("ML"),
        );
        assert!(fs[0].actor2.is_none(), "a peaceful protest has no actor2");
    }

    #[test]
    fn frame_protest_then_dispersal_is_one_protest_with_intervention() {
        let text = "Protesters gathered outside the embassy on Wednesday to demand the withdrawal of foreign troops. \
                    Police dispersed the crowd with tear gas.";
        let fs = frames(text, d(2024, 7, 4), Some("ML"));
        assert_eq!(types(&fs), [(0, "Protests", "Protest with intervention")]);
        assert_eq!(fs[0].actor1.as_ref().unwrap().actor, "Protesters (Mali)");
        assert_eq!(
            fs[0].actor2.as_ref().unwrap().actor,
            "Police Forces of Mali"
        );
        assert_eq!(fs[0].date.date, d(2024, 7, 3));
    }

    #[test]
    fn frame_demonym_in_trigger_names_the_attacker() {
        let fs = frames(
            "Israeli strikes hit Gaza as talks stall",
            d(2024, 7, 1),
            Some("PS"),
        );
        let a1 = fs[0].actor1.as_ref().unwrap();
        assert_eq!(
            (a1.actor.as_str(), a1.inter),
            ("Military Forces of Israel", 8)
        );
    }

    #[test]
    fn frame_generic_attack_on_civilians_is_violence_against_civilians() {
        let fs = frames(
            "Gunmen attacked worshippers at a mosque in Maiduguri.",
            d(2024, 3, 12),
            Some("NG"),
        );
        assert_eq!(
            (fs[0].event_type, fs[0].sub_event_type),
            ("Violence against civilians", "Attack")
        );
        assert!(fs[0].type_rule.ends_with("+civilian_target"));
    }

    #[test]
    fn frame_killing_soldiers_is_a_battle() {
        let fs = frames(
            "Militants killed five soldiers at a checkpoint outside Mosul.",
            d(2024, 3, 12),
            Some("IQ"),
        );
        assert_eq!(
            (fs[0].event_type, fs[0].sub_event_type, fs[0].fatalities),
            ("Battles", "Armed clash", 5)
        );
        assert!(fs[0].type_rule.ends_with("+armed_target"));
    }

    #[test]
    fn frame_territory_taken_by_state_forces_is_government_regains() {
        let fs = frames(
            "Government troops captured the town of Maaret al-Numan.",
            d(2024, 3, 12),
            Some("SY"),
        );
        assert_eq!(fs[0].sub_event_type, "Government regains territory");
        let fs = frames(
            "Rebels captured the town of Maaret al-Numan.",
            d(2024, 3, 12),
            Some("SY"),
        );
        assert_eq!(fs[0].sub_event_type, "Non-state actor overtakes territory");
    }

    #[test]
    fn frame_live_fire_on_protesters_is_excessive_force() {
        let fs = frames(
            "Police opened fire on protesters in Khartoum, killing two.",
            d(2024, 3, 12),
            Some("SD"),
        );
        assert_eq!(
            (fs[0].event_type, fs[0].sub_event_type, fs[0].fatalities),
            ("Protests", "Excessive force against protesters", 2)
        );
        let fs = frames(
            "Police fired tear gas to disperse protesters in Khartoum.",
            d(2024, 3, 12),
            Some("SD"),
        );
        assert_eq!(types(&fs), [(0, "Protests", "Protest with intervention")]);
    }

    #[test]
    fn frame_people_captured_by_rebels_is_abduction() {
        let fs = frames(
            "Rebels captured two aid workers near Goma.",
            d(2024, 3, 12),
            Some("CD"),
        );
        assert_eq!(fs[0].sub_event_type, "Abduction/forced disappearance");
    }
}
