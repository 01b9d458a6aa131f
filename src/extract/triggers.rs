//! Event triggers: phrases that report a conflict event, typed with ACLED's taxonomy.
//!
//! The lexicon is `data/lexicon/event_triggers.tsv` (phrase pattern → event type, sub-event type,
//! CAMEO root, precedence, flags); guards against non-events are `data/lexicon/trigger_guards.tsv`:
//! figurative uses are dropped ("heart attack", "riot police"); negated, hypothetical ("threatened to
//! attack", "could attack", "vowed to") and historical ("in 2011", "years ago") mentions are kept
//! with their [`Modality`] so callers can see why they are not events; mentions inside a reaction
//! ("condemned the attack", "in retaliation for the bombing") are kept with `reaction: true`.
//!
//! ```
//! use conflictmap::extract::triggers::{find_triggers, Modality};
//! let t = find_triggers("Gunmen threatened to attack the convoy, then shelled the town.");
//! assert_eq!(t[0].modality, Modality::Hypothetical);
//! assert_eq!(t[1].sub_event_type, "Shelling/artillery/missile attack");
//! assert!(t[1].is_event());
//! ```

use std::sync::LazyLock;

use super::offsets::CharIndex;
use super::pattern::{tsv_rows, Pattern};
use crate::{Error, Result};

/// ACLED's six event types and 25 sub-event types (ACLED Codebook 2023).
pub const TAXONOMY: [(&str, &str); 25] = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Chemical weapon"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Suicide bomb"),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("Explosions/Remote violence", "Grenade"),
    ("Violence against civilians", "Sexual violence"),
    ("Violence against civilians", "Attack"),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Change to group/activity"),
    ("Strategic developments", "Disrupted weapons use"),
    ("Strategic developments", "Headquarters or base established"),
    ("Strategic developments", "Looting/property destruction"),
    (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    ("Strategic developments", "Other"),
];

/// CAMEO root codes (Schrodt 2012), "01" … "20".
const CAMEO_ROOTS: [&str; 20] = [
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20",
];

/// The `(event_type, sub_event_type)` pair from [`TAXONOMY`] with these names, as `'static` strings.
pub fn taxonomy_entry(
    event_type: &str,
    sub_event_type: &str,
) -> Option<(&'static str, &'static str)> {
    TAXONOMY
        .iter()
        .find(|(t, s)| *t == event_type && *s == sub_event_type)
        .copied()
}

/// Whether a trigger reports an event that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Reported as having happened.
    Asserted,
    /// "no one was killed", "did not attack".
    Negated,
    /// Threats, plans, possibilities, futures: "threatened to attack", "could attack", "vowed to".
    Hypothetical,
    /// A past event recalled: "in 2011", "years ago", "on the anniversary of".
    Historical,
}

/// A trigger phrase found in a sentence.
///
/// # Units
/// `start`/`end` (the head, e.g. "bombed") and `context_start`/`context_end` (the whole match, e.g.
/// "warplanes bombed") are char offsets into the sentence given to [`find_triggers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    /// The head text.
    pub text: String,
    pub context_start: usize,
    pub context_end: usize,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    /// CAMEO root code, e.g. "19" (fight), "18" (assault), "14" (protest).
    pub cameo_root: &'static str,
    /// Higher wins when tactics co-occur in one sentence.
    pub precedence: u16,
    /// The lexicon row that matched: `event_triggers.tsv:LINE pattern`.
    pub rule: String,
    /// How the actors may refine the type (from the lexicon row's flags).
    pub flags: TriggerFlags,
    pub modality: Modality,
    /// The guard row that set `modality` or `reaction`, if any.
    pub guard: Option<String>,
    /// The sentence reacts to this event (condemns it, retaliates for it, claims it…).
    pub reaction: bool,
}

/// Lexicon flags of a trigger row (see the header of `data/lexicon/event_triggers.tsv`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TriggerFlags {
    /// The type may change with the actors (an "attack" on civilians is Violence against civilians).
    pub generic: bool,
    /// A territorial change: the sub-type depends on whether state forces took the ground.
    pub territory: bool,
    /// People taken: Arrests when state forces do it, Abduction/forced disappearance otherwise.
    pub custody: bool,
    /// A consequence word (killed, wounded, shot) that may only elaborate an earlier event.
    pub consequence: bool,
}

impl Trigger {
    /// An asserted event mention (it may still be inside a reaction: see `reaction`).
    pub fn is_event(&self) -> bool {
        self.modality == Modality::Asserted
    }
}

#[derive(Debug, Clone)]
struct TriggerRow {
    pattern: Pattern,
    event_type: &'static str,
    sub_event_type: &'static str,
    cameo_root: &'static str,
    precedence: u16,
    flags: TriggerFlags,
    rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GuardKind {
    Figurative,
    Negation,
    Modal,
    History,
    Reaction,
}

#[derive(Debug, Clone)]
struct GuardRow {
    kind: GuardKind,
    pattern: Pattern,
    window: usize,
    rule: String,
}

/// A trigger lexicon with its guards. [`find_triggers`] uses the built-in one; analysts can load
/// their own with [`TriggerLexicon::parse`].
#[derive(Debug, Clone)]
pub struct TriggerLexicon {
    rows: Vec<TriggerRow>,
    guards: Vec<GuardRow>,
}

const TRIGGERS_TSV: &str = include_str!("../../data/lexicon/event_triggers.tsv");
const GUARDS_TSV: &str = include_str!("../../data/lexicon/trigger_guards.tsv");

static BUILTIN: LazyLock<TriggerLexicon> = LazyLock::new(|| {
    // Built lazily: regexes compile on first use (a unit test compiles every row).
    TriggerLexicon::parse_with(
        TRIGGERS_TSV,
        "event_triggers.tsv",
        GUARDS_TSV,
        "trigger_guards.tsv",
        false,
    )
    .unwrap_or_else(|e| panic!("built-in trigger lexicon: {e}"))
});

impl TriggerLexicon {
    /// The lexicon compiled into the binary from `data/lexicon/`.
    pub fn builtin() -> &'static TriggerLexicon {
        &BUILTIN
    }

    /// Parse a trigger TSV and a guard TSV (formats in their header comments). `*_origin` names
    /// each file in errors and in the `rule` of every trigger.
    pub fn parse(
        triggers_tsv: &str,
        triggers_origin: &str,
        guards_tsv: &str,
        guards_origin: &str,
    ) -> Result<Self> {
        Self::parse_with(
            triggers_tsv,
            triggers_origin,
            guards_tsv,
            guards_origin,
            true,
        )
    }

    fn parse_with(
        triggers_tsv: &str,
        triggers_origin: &str,
        guards_tsv: &str,
        guards_origin: &str,
        eager: bool,
    ) -> Result<Self> {
        let build = |p: &str, cs: bool| {
            if eager {
                Pattern::compile(p, cs)
            } else {
                Pattern::new(p, cs)
            }
        };
        let mut rows = Vec::new();
        for (line, f) in tsv_rows(triggers_tsv) {
            let at = format!("{triggers_origin}:{line}");
            if f.len() < 5 {
                return Err(Error::input_hint(
                    at,
                    format!("expected 5 or 6 tab-separated fields, found {}", f.len()),
                    "pattern, event_type, sub_event_type, cameo_root, precedence[, flags]",
                ));
            }
            let (event_type, sub_event_type) = taxonomy_entry(f[1], f[2]).ok_or_else(|| {
                Error::input_hint(
                    at.clone(),
                    format!(
                        "{:?} / {:?} is not an ACLED event type / sub-event type",
                        f[1], f[2]
                    ),
                    "see TAXONOMY in src/extract/triggers.rs",
                )
            })?;
            let cameo_root = CAMEO_ROOTS.iter().find(|c| **c == f[3]).ok_or_else(|| {
                Error::input(at.clone(), format!("CAMEO root {:?} is not 01..20", f[3]))
            })?;
            let precedence = f[4].parse().map_err(|_| {
                Error::input(at.clone(), format!("precedence {:?} is not a number", f[4]))
            })?;
            let flags: Vec<&str> = f
                .get(5)
                .map(|s| s.split(',').map(str::trim).collect())
                .unwrap_or_default();
            let pattern = build(f[0], flags.contains(&"cs"))
                .map_err(|e| Error::input(at.clone(), format!("pattern {:?}: {e}", f[0])))?;
            rows.push(TriggerRow {
                pattern,
                event_type,
                sub_event_type,
                cameo_root,
                precedence,
                flags: TriggerFlags {
                    generic: flags.contains(&"generic"),
                    territory: flags.contains(&"territory"),
                    custody: flags.contains(&"custody"),
                    consequence: flags.contains(&"consequence"),
                },
                rule: format!("{at} {}", f[0]),
            });
        }
        let mut guards = Vec::new();
        for (line, f) in tsv_rows(guards_tsv) {
            let at = format!("{guards_origin}:{line}");
            let kind = match f[0] {
                "figurative" => GuardKind::Figurative,
                "negation" => GuardKind::Negation,
                "modal" => GuardKind::Modal,
                "history" => GuardKind::History,
                "reaction" => GuardKind::Reaction,
                other => {
                    return Err(Error::input_hint(
                        at,
                        format!("unknown guard kind {other:?}"),
                        "one of figurative, negation, modal, history, reaction",
                    ))
                }
            };
            let pat = f
                .get(1)
                .ok_or_else(|| Error::input(at.clone(), "missing pattern"))?;
            let window = match f.get(2).filter(|w| !w.is_empty()) {
                Some(w) => w.parse().map_err(|_| {
                    Error::input(at.clone(), format!("window {w:?} is not a number"))
                })?,
                None => 0,
            };
            let cs = f
                .get(3)
                .is_some_and(|fl| fl.split(',').any(|x| x.trim() == "cs"));
            let pattern = build(pat, cs)
                .map_err(|e| Error::input(at.clone(), format!("pattern {pat:?}: {e}")))?;
            guards.push(GuardRow {
                kind,
                pattern,
                window,
                rule: format!("{at} {pat}"),
            });
        }
        Ok(TriggerLexicon { rows, guards })
    }

    /// Triggers in `sentence`, in order of their heads (see [`find_triggers`]).
    pub fn find(&self, sentence: &str) -> Vec<Trigger> {
        let lower = sentence.to_lowercase();
        // Guard matches, by kind: (full start, full end, row).
        let mut guard_hits: Vec<(usize, usize, &GuardRow)> = Vec::new();
        for g in &self.guards {
            for (s, e, _, _) in g.pattern.find_all_checked(sentence, &lower) {
                guard_hits.push((s, e, g));
            }
        }
        // Figurative if a figurative match overlaps the head or the object part after it
        // ("launched a blistering attack"); context before the head may be figurative
        // ("attack helicopters fired") without cancelling the head.
        let figurative = |hs: usize, fe: usize| {
            guard_hits
                .iter()
                .any(|&(s, e, g)| g.kind == GuardKind::Figurative && s < fe && hs < e)
        };

        // Candidates: (full start, full end, head start, head end, row).
        let mut cands: Vec<(usize, usize, usize, usize, &TriggerRow)> = Vec::new();
        for row in &self.rows {
            for (fs, fe, hs, he) in row.pattern.find_all_checked(sentence, &lower) {
                if !figurative(hs, fe.max(he)) {
                    cands.push((fs, fe, hs, he, row));
                }
            }
        }
        // Longest whole match wins overlapping heads; then precedence; then position.
        cands.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(b.4.precedence.cmp(&a.4.precedence))
                .then(a.2.cmp(&b.2))
        });
        let mut kept: Vec<(usize, usize, usize, usize, &TriggerRow)> = Vec::new();
        for c in cands {
            if kept.iter().all(|k| c.3 <= k.2 || c.2 >= k.3) {
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| c.2);

        let clauses = clause_starts(sentence);
        let clause_of = |b: usize| clauses.partition_point(|&s| s <= b);
        let idx = CharIndex::new(sentence);
        let heads: Vec<(usize, usize)> = kept.iter().map(|c| (c.2, c.3)).collect();

        kept.iter()
            .map(|&(fs, fe, hs, he, row)| {
                let mut modality = Modality::Asserted;
                let mut guard = None;
                // Negation/modal: the nearest cue before the head, same clause, within the window,
                // with no other trigger in between.
                let mut best: Option<(usize, &GuardRow)> = None;
                for &(gs, ge, g) in &guard_hits {
                    if !matches!(g.kind, GuardKind::Negation | GuardKind::Modal)
                        || ge > hs
                        || ge <= fs && gs >= fs
                    {
                        continue;
                    }
                    if clause_of(gs) != clause_of(hs) || words_between(sentence, ge, hs) > g.window
                    {
                        continue;
                    }
                    // Another trigger in between ends the cue's scope ("who threatened to attack
                    // the base stormed it"), unless coordinated ("will free them and burn the jail").
                    let last_between = heads
                        .iter()
                        .filter(|&&(s, _)| s >= ge && s < hs)
                        .map(|&(_, e)| e)
                        .max();
                    if let Some(e) = last_between {
                        let gap = &sentence[e.min(hs)..hs];
                        if !(gap.contains(" and ") || gap.contains(" or ")) {
                            continue;
                        }
                    }
                    if best.is_none_or(|(b, _)| ge > b) {
                        best = Some((ge, g));
                    }
                }
                if let Some((_, g)) = best {
                    modality = if g.kind == GuardKind::Negation {
                        Modality::Negated
                    } else {
                        Modality::Hypothetical
                    };
                    guard = Some(g.rule.clone());
                }
                if modality == Modality::Asserted {
                    let hist = guard_hits.iter().find(|&&(gs, _, g)| {
                        g.kind == GuardKind::History && clause_of(gs) == clause_of(hs)
                    });
                    if let Some(&(_, _, g)) = hist {
                        modality = Modality::Historical;
                        guard = Some(g.rule.clone());
                    }
                }
                let reaction_cue = guard_hits.iter().find(|&&(gs, ge, g)| {
                    g.kind == GuardKind::Reaction
                        && (ge <= hs
                            || gs >= he
                                && g.window > 0
                                && words_between(sentence, he, gs) < g.window)
                });
                if let Some(&(_, _, g)) = reaction_cue {
                    guard.get_or_insert_with(|| g.rule.clone());
                }
                Trigger {
                    start: idx.char_of(hs),
                    end: idx.char_of(he),
                    text: sentence[hs..he].to_string(),
                    context_start: idx.char_of(fs),
                    context_end: idx.char_of(fe),
                    event_type: row.event_type,
                    sub_event_type: row.sub_event_type,
                    cameo_root: row.cameo_root,
                    precedence: row.precedence,
                    rule: row.rule.clone(),
                    flags: row.flags,
                    modality,
                    guard,
                    reaction: reaction_cue.is_some(),
                }
            })
            .collect()
    }
}

/// Every trigger in `sentence` (built-in lexicon), ordered by head position. Figurative uses are
/// dropped; negated, hypothetical and historical ones are kept with their [`Modality`]; use
/// [`Trigger::is_event`] and `reaction` to select the events the sentence itself reports.
pub fn find_triggers(sentence: &str) -> Vec<Trigger> {
    TriggerLexicon::builtin().find(sentence)
}

/// Number of words (runs of word characters) in `text[from..to]`.
fn words_between(text: &str, from: usize, to: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text[from..to].chars() {
        let w = c.is_alphanumeric() || c == '_' || c == '\'' || c == '’';
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// Byte offsets where clauses start (after the first): punctuation , ; : ( ) quotes and dashes
/// (a comma between digits does not count), and the words but/while/whereas/although.
pub(crate) fn clause_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (b, c) in text.char_indices() {
        let boundary = match c {
            ',' => {
                let prev_digit = b > 0 && bytes[b - 1].is_ascii_digit();
                let next_digit = bytes.get(b + 1).is_some_and(u8::is_ascii_digit);
                !(prev_digit && next_digit)
            }
            ';' | ':' | '(' | ')' | '"' | '“' | '”' | '—' | '–' => true,
            _ => false,
        };
        if boundary {
            out.push(b + c.len_utf8());
        }
    }
    for w in [" but ", " while ", " whereas ", " although ", " though "] {
        let mut from = 0;
        while let Some(p) = text[from..].find(w) {
            out.push(from + p + 1);
            from += p + w.len();
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(s: &str) -> Vec<(String, &'static str, &'static str)> {
        find_triggers(s)
            .into_iter()
            .filter(|t| t.is_event() && !t.reaction)
            .map(|t| (t.text, t.event_type, t.sub_event_type))
            .collect()
    }

    #[test]
    fn builtin_lexicons_compile() {
        TriggerLexicon::parse(
            TRIGGERS_TSV,
            "event_triggers.tsv",
            GUARDS_TSV,
            "trigger_guards.tsv",
        )
        .unwrap();
    }

    #[test]
    fn builtin_lexicons_parse_and_cover_all_25_sub_event_types() {
        let lex = TriggerLexicon::builtin();
        for (t, s) in TAXONOMY {
            assert!(
                lex.rows
                    .iter()
                    .any(|r| r.event_type == t && r.sub_event_type == s),
                "no trigger for {t} / {s}"
            );
        }
    }

    #[test]
    fn trigger_lexicon_errors_name_file_and_line() {
        let err = TriggerLexicon::parse(
            "# c\nattack~\tBattles\tArmed brawl\t19\t1\n",
            "mine.tsv",
            "",
            "g.tsv",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("mine.tsv:2:"), "{err}");
    }

    #[test]
    fn trigger_inflections_are_found() {
        for s in [
            "Rebels attacked the post.",
            "Troops stormed the compound.",
            "Fighters clashed near the dam.",
            "Artillery shelled the suburb.",
            "A car bomb went off.",
            "Gunmen kidnapped a teacher.",
            "Police arrested four men.",
            "Protesters gathered outside the ministry.",
            "The militia executed six prisoners.",
        ] {
            assert!(!events(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn trigger_airstrike_spellings_and_warplanes_struck() {
        for s in [
            "An airstrike hit the clinic.",
            "An air strike hit it.",
            "Air raids continued.",
            "Syrian warplanes struck the town.",
        ] {
            let e = events(s);
            assert!(e.iter().any(|x| x.2 == "Air/drone strike"), "{s}: {e:?}");
        }
        assert_eq!(
            events("A drone strike killed two.")[0].2,
            "Air/drone strike"
        );
    }

    #[test]
    fn trigger_longest_match_wins_car_bomb_over_bomb() {
        let e = events("A suicide car bomb exploded at the gate.");
        assert_eq!(e[0].0, "suicide car bomb");
        assert_eq!(e[0].2, "Suicide bomb");
        assert_eq!(
            events("A car bomb exploded.")[0].2,
            "Remote explosive/landmine/IED"
        );
    }

    #[test]
    fn trigger_heart_attack_is_not_an_event() {
        assert!(find_triggers("The general died of a heart attack on Sunday.").is_empty());
        assert!(find_triggers("She suffered a panic attack.").is_empty());
    }

    #[test]
    fn trigger_figurative_uses_are_not_events() {
        for s in [
            "The senator launched a blistering attack on the policy.",
            "It was a bombshell report.",
            "The two leaders are locked in a war of words.",
            "Riot police stood by.",
            "The men carried assault rifles.",
            "The crew shot a video in the square.",
            "Stocks rallied on the news.",
        ] {
            assert!(events(s).is_empty(), "{s}: {:?}", events(s));
        }
    }

    #[test]
    fn trigger_threatened_to_attack_is_hypothetical() {
        let t = find_triggers("The group threatened to attack the capital.");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].modality, Modality::Hypothetical);
        assert!(t[0].guard.as_deref().unwrap().contains("threaten"));
    }

    #[test]
    fn trigger_modals_plans_and_vows_are_hypothetical() {
        for s in [
            "Militants could attack the pipeline.",
            "The army plans to storm the old city.",
            "Commanders vowed to retake the airport.",
            "He said they would bomb the bridge.",
            "Officials fear attacks on polling stations.",
            "\"We will free every prisoner and burn the jail,\" a commander said.",
        ] {
            assert!(events(s).is_empty(), "{s}: {:?}", find_triggers(s));
        }
    }

    #[test]
    fn trigger_cue_scope_ends_at_the_next_trigger() {
        let t =
            find_triggers("Militants who had threatened to attack the base stormed it on Monday.");
        assert_eq!(t[0].modality, Modality::Hypothetical);
        assert_eq!(
            (t[1].text.as_str(), t[1].modality),
            ("stormed", Modality::Asserted)
        );
    }

    #[test]
    fn trigger_negation() {
        let t = find_triggers("No one was killed, police said.");
        assert_eq!(t[0].modality, Modality::Negated);
        assert!(events("The rebels did not attack the convoy.").is_empty());
    }

    #[test]
    fn trigger_history_in_a_year_or_years_ago() {
        assert_eq!(
            find_triggers("The town was shelled in 2011.")[0].modality,
            Modality::Historical
        );
        assert_eq!(
            find_triggers("Rebels stormed it ten years ago.")[0].modality,
            Modality::Historical
        );
        // The history cue is scoped to its clause.
        let e = events(
            "Troops shelled the town on Monday, the worst shelling since fighting began in 2011.",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, "shelled");
    }

    #[test]
    fn trigger_condemned_the_attack_is_a_reaction() {
        let t = find_triggers("The foreign ministry condemned the attack on the school.");
        assert_eq!(t.len(), 1);
        assert!(t[0].reaction && t[0].is_event());
        assert!(t[0].guard.as_deref().unwrap().contains("condemn"));
        // The event reported before the reaction cue is not a reaction.
        let t = find_triggers("Gunmen killed five farmers, an attack condemned by the governor.");
        assert!(!t[0].reaction);
        assert!(t[1].reaction);
    }

    #[test]
    fn trigger_retaliation_target_is_a_reaction() {
        let t = find_triggers("Jets bombed the camp in retaliation for the rocket attack.");
        let bombed = t.iter().find(|x| x.text == "bombed").unwrap();
        let rocket = t.iter().find(|x| x.text == "rocket attack").unwrap();
        assert!(!bombed.reaction && rocket.reaction);
    }

    #[test]
    fn trigger_offsets_are_chars() {
        let s = "Ḩalab: “shelled”";
        let t = &find_triggers(s)[0];
        assert_eq!(
            crate::extract::offsets::char_slice(s, t.start, t.end),
            "shelled"
        );
    }
}
