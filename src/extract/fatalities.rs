//! Reported fatalities in a sentence, coded by ACLED's rules.
//!
//! - Only numbers tied to a death word count: "killed"/"killing", "dead", "died", "deaths",
//!   "bodies", "executed", "massacred", "death toll rose to", "claimed the lives of"… A number
//!   of fighters ("more than 5,000 mujahideen") or of wounded ("wounded 12") is not a fatality.
//! - The lowest reported figure: ranges give their low end ("between 10 and 15" → 10, "10 to 15",
//!   "10-15"); conflicting figures in one sentence give the smallest; "at least 7" → 7; "up to 20"
//!   → 20 (the only figure reported).
//! - Groups killed together are summed ("killing three soldiers and two civilians" → 5), a subset
//!   is not ("five people, including two children, were killed" → 5).
//! - Words and vague terms: "twenty-one" → 21, "a dozen" → 12, "dozens" → 12, "several" → 10,
//!   "hundreds" → 100 (values in `data/lexicon/vague_quantities.tsv`, with their sources).
//! - "a soldier was killed" → 1; "no one was killed" → 0 (rule `none_reported`).
//!
//! ```
//! use conflictmap::extract::fatalities::find_fatalities;
//! assert_eq!(find_fatalities("The blast killed 3 people and wounded 12."), Some((3, "count_after_verb")));
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::find_numbers;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num { value: u32, vague: bool },
    Word(String),
    Punct(char),
}

/// Death words that take their count before them ("five were killed", "12 dead").
const DEATH_LEFT: &[&str] = &[
    "killed",
    "dead",
    "died",
    "die",
    "slain",
    "executed",
    "murdered",
    "massacred",
    "beheaded",
    "perished",
    "deaths",
    "fatalities",
    "bodies",
    "corpses",
    "lives",
    "drowned",
    "lynched",
    "assassinated",
];
/// Death verbs that take their count after them ("killing at least seven", "executed 12").
const DEATH_RIGHT: &[&str] = &[
    "killed",
    "killing",
    "kills",
    "kill",
    "executed",
    "executing",
    "massacred",
    "massacring",
    "murdered",
    "murdering",
    "slaughtered",
    "slaughtering",
    "beheaded",
    "beheading",
    "toll",
    "lives",
    "bodies",
];
const INJURY: &[&str] = &[
    "wounded",
    "injured",
    "hurt",
    "wounding",
    "injuring",
    "injuries",
    "wounds",
    "casualties",
    "maimed",
    "missing",
    "arrested",
    "detained",
    "kidnapped",
    "abducted",
    "displaced",
    "rescued",
    "evacuated",
    "captured",
];
const AUX: &[&str] = &[
    "was",
    "were",
    "been",
    "being",
    "are",
    "is",
    "have",
    "has",
    "had",
    "reportedly",
    "allegedly",
    "confirmed",
    "also",
    "later",
    "all",
    "who",
    "that",
    "found",
    "left",
    "now",
    "shot",
    "beaten",
    "stabbed",
    "burned",
    "burnt",
    "hacked",
    "were",
    "feared",
    "believed",
    "thought",
    "said",
    "to",
    "be",
];
/// Words skipped between a death verb and its count ("killing at least seven").
const QUALIFIERS: &[&str] = &[
    "at",
    "least",
    "more",
    "than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "up",
    "to",
    "as",
    "many",
    "an",
    "estimated",
    "roughly",
    "approximately",
    "fewer",
    "less",
    "close",
    "only",
    "another",
    "further",
    "additional",
    "rose",
    "risen",
    "climbed",
    "reached",
    "stood",
    "stands",
    "now",
    "has",
    "had",
    "of",
    "the",
    "is",
    "was",
    "jumped",
    "increased",
    "went",
    "same",
    "exactly",
    "precisely",
    "nearly",
    "just",
    "well",
    "total",
];
/// Death verbs that take a count before them only in the passive or as a bare participle
/// ("five were killed", "15 people killed in …"), not in the active ("the war has killed …").
const TRANSITIVE: &[&str] = &[
    "killed",
    "executed",
    "murdered",
    "massacred",
    "beheaded",
    "slain",
    "assassinated",
    "lynched",
];
/// A count does not cross these.
const BARRIERS: &[&str] = &[
    "in", "on", "near", "during", "after", "before", "since", "when", "while", "from", "by", "for",
    "with", "but", "or", "as", "because", "where", "which", "into", "across", "inside", "outside",
];
const NOT_PEOPLE: &[&str] = &[
    "km",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "percent",
    "per",
    "years",
    "year",
    "year-old",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "minutes",
    "times",
    "kg",
    "tons",
    "tonnes",
    "dollars",
    "euros",
    "am",
    "pm",
    "a.m",
    "p.m",
    "o'clock",
    "st",
    "nd",
    "rd",
    "th",
    "rounds",
    "rockets",
    "missiles",
    "shells",
    "mortars",
    "bombs",
    "vehicles",
    "houses",
    "homes",
    "buildings",
    "villages",
    "towns",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w'’.-]*\w|[^\s\w]").expect("token regex"));

fn tokenize(s: &str) -> Vec<Tok> {
    let nums = find_numbers(s);
    let mut toks = Vec::new();
    let mut pos = 0;
    let push_words = |text: &str, toks: &mut Vec<Tok>| {
        for m in WORD.find_iter(text) {
            let w = m.as_str();
            if w.chars().count() == 1 && !w.chars().next().is_some_and(char::is_alphanumeric) {
                toks.push(Tok::Punct(w.chars().next().unwrap_or(' ')));
            } else {
                toks.push(Tok::Word(w.to_lowercase().replace('’', "'")));
            }
        }
    };
    for n in nums {
        push_words(&s[pos..n.start], &mut toks);
        toks.push(Tok::Num {
            value: n.value,
            vague: n.vague,
        });
        pos = n.end;
    }
    push_words(&s[pos..], &mut toks);
    // Drop numbers that are not head counts: years, dates, measures, times, money.
    let n = toks.len();
    let mut keep = vec![true; n];
    for i in 0..n {
        let Tok::Num { value, vague } = toks[i] else {
            continue;
        };
        let prev = if i > 0 {
            &toks[i - 1]
        } else {
            &Tok::Punct(' ')
        };
        let next = toks.get(i + 1).cloned().unwrap_or(Tok::Punct(' '));
        let word_is = |t: &Tok, list: &[&str]| matches!(t, Tok::Word(w) if list.contains(&w.trim_end_matches('.')));
        let year = !vague && (1900..=2100).contains(&value);
        if year
            || word_is(prev, MONTHS)
            || word_is(&next, MONTHS)
            || word_is(&next, NOT_PEOPLE)
            || matches!(next, Tok::Punct('%' | ':'))
            || matches!(prev, Tok::Punct('$' | '£' | '€' | '#'))
            || word_is(
                prev,
                &[
                    "no",
                    "number",
                    "aged",
                    "age",
                    "route",
                    "highway",
                    "brigade",
                    "division",
                    "resolution",
                    "article",
                ],
            )
        {
            keep[i] = false;
        }
    }
    toks.into_iter()
        .zip(keep)
        .filter_map(|(t, k)| k.then_some(t))
        .collect()
}

fn is_word(t: Option<&Tok>, list: &[&str]) -> bool {
    matches!(t, Some(Tok::Word(w)) if list.contains(&w.as_str()))
}

/// The count at token `i` with its range/sum context: (value, rule).
fn count_at(toks: &[Tok], i: usize, base_rule: &'static str) -> Option<(u32, &'static str)> {
    let Tok::Num { value, vague } = toks[i] else {
        return None;
    };
    let mut rule = if vague { "vague_term" } else { base_rule };
    let mut v = value;
    // "between A and B", "A to B", "A-B", "A or B" (this number is either end).
    let joiner = |t: Option<&Tok>| {
        is_word(t, &["and", "to", "or"]) || matches!(t, Some(Tok::Punct('-' | '–')))
    };
    if i >= 2 && joiner(toks.get(i - 1)) {
        if let Tok::Num { value: a, .. } = toks[i - 2] {
            let between = i >= 3 && is_word(toks.get(i - 3), &["between"]);
            if between || !is_word(toks.get(i - 1), &["and"]) {
                return Some((a.min(v), "range_lowest"));
            }
        }
    }
    if joiner(toks.get(i + 1)) {
        if let Some(Tok::Num { value: b, .. }) = toks.get(i + 2) {
            if is_word(toks.get(i + 1), &["and"])
                && !(i >= 1 && is_word(toks.get(i - 1), &["between"]))
            {
                v += b; // "three and two" is unusual; treat as a sum of two groups
                rule = "sum_of_groups";
            } else {
                return Some((v.min(*b), "range_lowest"));
            }
        }
    }
    // "three soldiers and two civilians": a second group after up to three words.
    let mut j = i + 1;
    let mut words = 0;
    while let Some(Tok::Word(w)) = toks.get(j) {
        if w == "and" {
            if let Some(Tok::Num { value: b, .. }) = toks.get(j + 1) {
                if words > 0 && !is_word(toks.get(j + 2), INJURY) {
                    let after: Vec<&Tok> = toks[j + 2..].iter().take(4).collect();
                    if !after
                        .iter()
                        .any(|t| matches!(t, Tok::Word(w) if INJURY.contains(&w.as_str())))
                    {
                        v += b;
                        rule = "sum_of_groups";
                    }
                }
            }
            break;
        }
        if INJURY.contains(&w.as_str()) || DEATH_LEFT.contains(&w.as_str()) || words >= 3 {
            break;
        }
        words += 1;
        j += 1;
    }
    Some((v, rule))
}

/// Fatalities reported in `sentence` and the rule that found them; `None` when no count is tied
/// to a death word. See the module docs for the rules.
pub fn find_fatalities(sentence: &str) -> Option<(u32, &'static str)> {
    let toks = tokenize(sentence);
    let mut found: Vec<(u32, &'static str)> = Vec::new();
    let word = |i: usize| match toks.get(i) {
        Some(Tok::Word(w)) => w.as_str(),
        _ => "",
    };
    let negated_subject = |j: usize| {
        (j >= 1 && matches!(word(j - 1), "no" | "none")) || matches!(word(j), "nobody" | "none")
    };
    for i in 0..toks.len() {
        let w = word(i);
        if w.is_empty() {
            continue;
        }
        let aux = |k: usize| {
            matches!(
                word(k),
                "was" | "were" | "been" | "being" | "are" | "is" | "be"
            )
        };
        let adverb = |k: usize| {
            matches!(
                word(k),
                "reportedly" | "allegedly" | "later" | "all" | "also" | "subsequently"
            )
        };
        let passive = (i >= 1 && aux(i - 1)) || (i >= 2 && aux(i - 2) && adverb(i - 1));
        let singular_passive = (i >= 1 && word(i - 1) == "was")
            || (i >= 2 && word(i - 2) == "was" && adverb(i - 1))
            || (i >= 2 && word(i - 2) == "has" && word(i - 1) == "been")
            || (i >= 2 && word(i - 2) == "was" && word(i - 1) == "shot");
        // Right attach: "killing at least seven", "death toll rose to 15", "claimed the lives of 12".
        let shot_dead = w == "dead" && i >= 1 && word(i - 1) == "shot";
        let right_ok = (DEATH_RIGHT.contains(&w) || shot_dead)
            && !passive
            && (w != "lives"
                || matches!(word(i.saturating_sub(1)), "the" | "claimed" | "claiming"))
            && (w != "bodies" || word(i + 1) == "of");
        if right_ok {
            let mut j = i + 1;
            let mut hops = 0;
            while j < toks.len() && hops < 7 {
                match &toks[j] {
                    Tok::Num { .. } => {
                        let rule = if w == "toll" {
                            "death_toll"
                        } else {
                            "count_after_verb"
                        };
                        if !negated_subject(j) {
                            if let Some(c) = count_at(&toks, j, rule) {
                                found.push(c);
                            }
                        }
                        break;
                    }
                    Tok::Word(x) if (x == "a" || x == "an") && hops == 0 => {
                        let next = word(j + 1);
                        if matches!(next, "total" | "estimated") {
                            // "a total of seven", "an estimated 30": the count follows
                        } else {
                            let time = [
                                "day", "week", "month", "year", "time", "while", "number", "few",
                                "lot", "series",
                            ];
                            if !next.is_empty() && !time.contains(&next) && !INJURY.contains(&next)
                            {
                                found.push((1, "singular"));
                            }
                            break;
                        }
                    }
                    Tok::Word(x) if QUALIFIERS.contains(&x.as_str()) => {}
                    Tok::Word(x) if w == "toll" && !BARRIERS.contains(&x.as_str()) => {}
                    _ => break,
                }
                j += 1;
                hops += 1;
            }
        }
        // Left attach: "five people were killed", "12 dead", "two died", "the bodies of".
        let bare_participle = matches!(toks.get(i + 1), None | Some(Tok::Punct(_)))
            || BARRIERS.contains(&word(i + 1))
            || matches!(
                word(i + 1),
                "and" | "so" | "last" | "this" | "yesterday" | "today" | "overnight"
            );
        let left_ok = DEATH_LEFT.contains(&w)
            && (w != "lives" || matches!(word(i.saturating_sub(1)), "their" | "his" | "her"))
            && (!TRANSITIVE.contains(&w) || passive || bare_participle);
        let found_before = found.len();
        if left_ok {
            let mut j = i;
            let mut hops = 0;
            let mut subject_words = 0;
            while j > 0 && hops < 12 {
                j -= 1;
                hops += 1;
                match &toks[j] {
                    Tok::Num { .. } => {
                        // "five people, including two children, were killed": skip the subset.
                        if (1..=3).any(|k| j >= k && matches!(word(j - k), "including" | "among")) {
                            continue;
                        }
                        if negated_subject(j) {
                            break;
                        }
                        if let Some(c) = count_at(&toks, j, "count_before_verb") {
                            found.push(c);
                        }
                        break;
                    }
                    Tok::Word(x) => {
                        let x = x.as_str();
                        if INJURY.contains(&x) || (x != w && DEATH_RIGHT.contains(&x)) {
                            break;
                        }
                        if matches!(x, "a" | "an" | "one" | "he" | "she")
                            && subject_words <= 3
                            && singular_passive
                        {
                            found.push((1, "singular"));
                            break;
                        }
                        if BARRIERS.contains(&x) && x != "of" {
                            break;
                        }
                        if !AUX.contains(&x) {
                            subject_words += 1;
                        }
                    }
                    Tok::Punct(',' | '(' | ')' | '/') => {}
                    Tok::Punct(_) => break,
                }
            }
        }
        // "X was killed" with no count: one person.
        if left_ok
            && found.len() == found_before
            && singular_passive
            && (TRANSITIVE.contains(&w) || shot_dead)
        {
            let negated = (1..=4).any(|k| {
                i >= k && matches!(word(i - k), "no" | "nobody" | "none" | "not" | "never")
            });
            if !negated {
                found.push((1, "singular"));
            }
        }
    }
    if let Some(best) = found.iter().min_by_key(|(v, _)| *v) {
        return Some(*best);
    }
    let lower = sentence.to_lowercase();
    let none = [
        "no one was killed",
        "nobody was killed",
        "no one was hurt",
        "no deaths",
        "no fatalities",
        "no casualties",
        "no one died",
        "no-one was killed",
        "without casualties",
    ];
    none.iter()
        .any(|p| lower.contains(p))
        .then_some((0, "none_reported"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<u32> {
        find_fatalities(s).map(|(v, _)| v)
    }

    #[test]
    fn fatalities_digits_and_words() {
        assert_eq!(n("Five people were killed in the raid."), Some(5));
        assert_eq!(n("The strike killed 5,000 head of cattle."), Some(5000));
        assert_eq!(n("Twenty-one soldiers died."), Some(21));
        assert_eq!(n("The shelling killed a dozen civilians."), Some(12));
        assert_eq!(
            find_fatalities("The attack left 7 dead."),
            Some((7, "count_before_verb"))
        );
    }

    #[test]
    fn fatalities_injured_are_not_counted() {
        assert_eq!(n("Gunmen killed 3 and wounded 12."), Some(3));
        assert_eq!(n("Twelve were wounded and three were killed."), Some(3));
        assert_eq!(n("Twelve people were injured in the blast."), None);
        assert_eq!(n("The bombing injured 40 people, killing two."), Some(2));
    }

    #[test]
    fn fatalities_lowest_figure_of_a_range() {
        assert_eq!(
            find_fatalities("Between 10 and 15 villagers were killed."),
            Some((10, "range_lowest"))
        );
        assert_eq!(n("The raid killed 10 to 15 people."), Some(10));
        assert_eq!(n("The raid killed 10-15 people."), Some(10));
    }

    #[test]
    fn fatalities_lowest_of_conflicting_reports() {
        assert_eq!(
            n("Medics said 12 were killed, but the army said 9 died."),
            Some(9)
        );
        assert_eq!(n("At least 7 people were killed."), Some(7));
        assert_eq!(n("Up to 20 people were killed."), Some(20));
    }

    #[test]
    fn fatalities_vague_terms_use_acled_values() {
        assert_eq!(
            find_fatalities("Dozens of people were killed."),
            Some((12, "vague_term"))
        );
        assert_eq!(n("Several soldiers were killed."), Some(10));
        assert_eq!(n("Hundreds died in the siege."), Some(100));
    }

    #[test]
    fn fatalities_fighters_are_not_counted() {
        assert_eq!(
            n("More than 5,000 mujahideen gathered to free the prisoners."),
            None
        );
        assert_eq!(
            n("Some 2,000 fighters attacked the town, killing 14 residents."),
            Some(14)
        );
        assert_eq!(
            n("The 3-year-old war has killed more than 100,000 people."),
            Some(100_000)
        );
    }

    #[test]
    fn fatalities_groups_sum_subsets_do_not() {
        assert_eq!(
            find_fatalities("The blast killed three soldiers and two civilians."),
            Some((5, "sum_of_groups"))
        );
        assert_eq!(
            n("Five people, including two children, were killed."),
            Some(5)
        );
        assert_eq!(
            n("The riots left 40 dead, including at least one man killed on Tuesday."),
            Some(40)
        );
    }

    #[test]
    fn fatalities_singular_and_none() {
        assert_eq!(
            find_fatalities("A policeman was killed."),
            Some((1, "singular"))
        );
        assert_eq!(n("The mob killed a shopkeeper."), Some(1));
        assert_eq!(n("Guards later executed a dozen inmates."), Some(12));
        assert_eq!(n("Gunmen shot dead an off-duty officer."), Some(1));
        assert_eq!(n("Later a cousin was shot dead in the market."), Some(1));
        assert_eq!(
            n("At least 45 people, including several foreign pilgrims, were killed."),
            Some(45)
        );
        assert_eq!(n("The commander was reportedly killed on Friday."), Some(1));
        assert_eq!(n("The bombs have killed a total of seven people."), Some(7));
        assert_eq!(
            find_fatalities("No one was killed in the blast."),
            Some((0, "none_reported"))
        );
    }

    #[test]
    fn fatalities_dates_and_measures_are_not_counts() {
        assert_eq!(n("He was killed on May 15."), Some(1));
        assert_eq!(n("Soldiers killed on May 15 were buried."), None);
        assert_eq!(n("Troops killed in 2012 were buried."), None);
        assert_eq!(
            n("The blast killed 4 people 20 km north of the city."),
            Some(4)
        );
        assert_eq!(n("The death toll rose to 15 on Tuesday."), Some(15));
    }
}
