//! News-aware sentence splitting.
//!
//! A boundary is: a blank line (paragraph break); a line break after a headline-like line (a line
//! without final punctuation, in a paragraph that is not hard-wrapped prose); or `.`, `!`, `?`, `…`
//! (closing quotes and brackets stay with the sentence) followed by space and a capitalised word,
//! digit or opening quote. A period does not end a sentence after an initial ("J. Dana"), a title
//! ("Gen.", "Dr."), a month or "No." before a number ("Sept. 12"), or an `ambiguous` abbreviation
//! ("U.S.", "a.m.") unless the next word is a typical sentence opener. Decimals ("2.5") never split.
//! The abbreviation lists are `data/lexicon/abbreviations.tsv`.
//!
//! ```
//! use conflictmap::extract::sentences::split_sentences;
//! let s = split_sentences("Gen. Salim met U.S. envoys in Homs. Talks failed.");
//! assert_eq!(s.len(), 2);
//! assert_eq!(s[1].text, "Talks failed.");
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::offsets::char_slice;
use super::pattern::tsv_rows;

/// One sentence of an article.
///
/// # Units
/// `start`/`end` are character (Unicode scalar) offsets into the article text, end exclusive;
/// `text` is exactly that slice, so a span inside `text` at char offset `k` is at `start + k`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Sentence {
    /// Article-level char offset of a char offset inside this sentence.
    pub fn to_text_offset(&self, offset_in_sentence: usize) -> usize {
        self.start + offset_in_sentence
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbrevClass {
    Title,
    Numeral,
    Month,
    Ambiguous,
}

struct Rules {
    abbrevs: HashMap<String, AbbrevClass>,
    starters: HashSet<String>,
}

const ABBREVIATIONS_TSV: &str = include_str!("../../data/lexicon/abbreviations.tsv");

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let mut abbrevs = HashMap::new();
    let mut starters = HashSet::new();
    for (line, f) in tsv_rows(ABBREVIATIONS_TSV) {
        let (Some(class), Some(tok)) = (f.first(), f.get(1)) else {
            panic!("abbreviations.tsv:{line}: expected `class<TAB>token`");
        };
        let class = match *class {
            "title" => AbbrevClass::Title,
            "numeral" => AbbrevClass::Numeral,
            "month" => AbbrevClass::Month,
            "ambiguous" => AbbrevClass::Ambiguous,
            "starter" => {
                starters.insert(tok.to_string());
                continue;
            }
            other => panic!("abbreviations.tsv:{line}: unknown class {other:?}"),
        };
        abbrevs.insert(tok.to_string(), class);
    }
    Rules { abbrevs, starters }
});

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Split `text` into sentences (see the module docs for the rules).
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let soft_breaks = line_break_boundaries(&chars);
    // Boundaries as char offsets where a sentence ends (exclusive).
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == '\n' {
            if soft_breaks.contains(&i) {
                cuts.push(i);
            }
            i += 1;
            continue;
        }
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // Run of terminal punctuation, then closing quotes/brackets.
        let mut j = i;
        while j < n && is_terminal(chars[j]) {
            j += 1;
        }
        while j < n && is_closing(chars[j]) {
            j += 1;
        }
        if j < n && !chars[j].is_whitespace() {
            i = j.max(i + 1);
            continue;
        }
        // Next word after the whitespace.
        let mut k = j;
        while k < n && chars[k].is_whitespace() {
            k += 1;
        }
        // End of text, or a line break that is a boundary anyway, or the next word's shape.
        let ends_here =
            if k >= n || (chars[j..k].contains(&'\n') && soft_breaks_range(&soft_breaks, j, k)) {
                true
            } else {
                let next = chars[k];
                let starts_ok = next.is_uppercase() || next.is_ascii_digit() || is_opening(next);
                starts_ok && (chars[i] != '.' || j - i > 1 || period_ends_sentence(&chars, i, k))
            };
        if ends_here {
            cuts.push(j);
        }
        i = j.max(i + 1);
    }
    cuts.push(n);

    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut < start {
            continue;
        }
        let (mut s, mut e) = (start, cut);
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e > s {
            out.push(Sentence {
                index: out.len(),
                start: s,
                end: e,
                text: char_slice(text, s, e).to_string(),
            });
        }
        start = cut;
    }
    out
}

fn soft_breaks_range(breaks: &HashSet<usize>, from: usize, to: usize) -> bool {
    (from..to).any(|p| breaks.contains(&p))
}

/// Does the period at `dot` end a sentence, given the next word starts at `next`?
fn period_ends_sentence(chars: &[char], dot: usize, next: usize) -> bool {
    // The token before the period: letters, digits, inner periods and hyphens ("U.S", "Lt.-Gen").
    let mut b = dot;
    while b > 0 && (chars[b - 1].is_alphanumeric() || chars[b - 1] == '.' || chars[b - 1] == '-') {
        b -= 1;
    }
    let token: String = chars[b..dot].iter().collect();
    let token = token.trim_start_matches(['.', '-']);
    if token.is_empty() {
        return true;
    }
    let mut tc = token.chars();
    if let (Some(c), None) = (tc.next(), tc.next()) {
        if c.is_uppercase() {
            return false; // an initial: "J. Dana Stuster"
        }
    }
    let next_word: String = chars[next..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let next_is_digit = chars[next].is_ascii_digit();
    let rules = &*RULES;
    // "20-Dec.": the part after a hyphen may be the abbreviation.
    let tail = token.rsplit('-').next().unwrap_or(token);
    let class = rules
        .abbrevs
        .get(token)
        .or_else(|| rules.abbrevs.get(tail))
        .copied()
        .or_else(|| {
            // Unlisted dotted abbreviations ("U.S.A", "e.g") are ambiguous.
            token.contains('.').then_some(AbbrevClass::Ambiguous)
        });
    match class {
        None => true,
        Some(AbbrevClass::Title) => false,
        Some(AbbrevClass::Numeral | AbbrevClass::Month) if next_is_digit => false,
        Some(_) => rules.starters.contains(&next_word),
    }
}

/// Char offsets of `\n` that end a sentence: the first newline of a blank-line run, and single
/// newlines after headline-like lines in paragraphs that are not hard-wrapped prose.
fn line_break_boundaries(chars: &[char]) -> HashSet<usize> {
    let mut out = HashSet::new();
    // Lines as (start, end) char ranges, end at the '\n' (exclusive).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((s, i));
            s = i + 1;
        }
    }
    lines.push((s, chars.len()));
    let blank = |&(a, b): &(usize, usize)| chars[a..b].iter().all(|c| c.is_whitespace());

    // Group into paragraphs of consecutive non-blank lines.
    let mut para: Vec<(usize, usize)> = Vec::new();
    let flush = |para: &mut Vec<(usize, usize)>, out: &mut HashSet<usize>| {
        if para.is_empty() {
            return;
        }
        // The newline after the paragraph's last line (if any) is a paragraph break.
        let last = para[para.len() - 1];
        if last.1 < chars.len() {
            out.insert(last.1);
        }
        let lens: Vec<usize> = para
            .iter()
            .map(|&(a, b)| {
                chars[a..b]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .chars()
                    .count()
            })
            .collect();
        let longest = lens.iter().copied().max().unwrap_or(0);
        let inner = &lens[..lens.len() - 1];
        // Hard-wrapped prose: most non-final lines are long and of similar length.
        let wrapped = inner.len() >= 2
            && inner
                .iter()
                .filter(|&&l| l >= 40 && l * 10 >= longest * 7)
                .count()
                * 3
                >= inner.len() * 2;
        for w in 0..para.len().saturating_sub(1) {
            let (a, b) = para[w];
            let (na, nb) = para[w + 1];
            let line: String = chars[a..b].iter().collect();
            let line = line.trim_end();
            let next: String = chars[na..nb].iter().collect();
            let next_first = next.trim_start().chars().next();
            let last_char = line.chars().last();
            let continues = next_first.is_some_and(|c| c.is_lowercase())
                || last_char.is_some_and(|c| matches!(c, ',' | '-' | '–' | '—' | ':' | ';' | '('))
                || line.ends_with(" and")
                || line.ends_with(" of")
                || line.ends_with(" the");
            let short = lens[w] * 10 < longest * 6;
            if !continues && (!wrapped || short) {
                out.insert(b);
            }
        }
        para.clear();
    };
    for l in &lines {
        if blank(l) {
            flush(&mut para, &mut out);
        } else {
            para.push(*l);
        }
    }
    flush(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        split_sentences(t).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentence_offsets_are_chars_and_text_is_the_slice() {
        let t = "Ḩalab was shelled. “Nobody slept,” she said.\n\nNext day: calm.";
        for s in split_sentences(t) {
            assert_eq!(char_slice(t, s.start, s.end), s.text);
        }
        assert_eq!(
            texts(t),
            [
                "Ḩalab was shelled.",
                "“Nobody slept,” she said.",
                "Next day: calm."
            ]
        );
    }

    #[test]
    fn sentence_us_and_gen_abbreviations_do_not_split() {
        let t = "Lt. Gen. Omar Haddad told U.S. officials that Col. Nasser's unit held the ridge. \
                 Dr. Amal Idris of the U.N. mission disagreed.";
        assert_eq!(texts(t).len(), 2);
    }

    #[test]
    fn sentence_ambiguous_abbreviation_at_end_splits_before_opener() {
        let t =
            "The convoy reached the U.S. The next morning it left at 6 a.m. Monday for Tal Afar.";
        assert_eq!(
            texts(t),
            [
                "The convoy reached the U.S.",
                "The next morning it left at 6 a.m. Monday for Tal Afar."
            ]
        );
    }

    #[test]
    fn sentence_initials_months_numbers_and_decimals() {
        let t = "Analyst J. Dana Rami wrote on Sept. 12 that No. 4 brigade lost 2.5 km of ground. It withdrew.";
        assert_eq!(texts(t).len(), 2);
        assert_eq!(
            texts("Trade fell (March 20-Dec. 21). Exports rose.").len(),
            2
        );
    }

    #[test]
    fn sentence_quote_closing_after_period() {
        let t = "\"We will hold the bridge.\" The commander then left. 'Enough!' shouted a man.";
        assert_eq!(
            texts(t),
            [
                "\"We will hold the bridge.\"",
                "The commander then left.",
                "'Enough!' shouted a man."
            ]
        );
    }

    #[test]
    fn sentence_headline_line_without_punctuation_is_a_boundary() {
        let t = "Rebels shell army post near Idlib\nIDLIB, Syria - Rebels shelled an army post on Monday.";
        assert_eq!(
            texts(t),
            [
                "Rebels shell army post near Idlib",
                "IDLIB, Syria - Rebels shelled an army post on Monday."
            ]
        );
    }

    #[test]
    fn sentence_hard_wrapped_prose_is_joined() {
        let t = "Government troops pushed into the eastern districts of the city on\n\
                 Tuesday after a week of heavy shelling that residents said had\n\
                 destroyed most of the old market. Aid groups warned of shortages.";
        assert_eq!(texts(t).len(), 2);
    }

    #[test]
    fn sentence_lowercase_after_period_is_not_a_boundary() {
        assert_eq!(
            texts("Forces moved approx. ten km north. Then they stopped.").len(),
            2
        );
        assert_eq!(texts("He said \"stop!\" and ran.").len(), 1);
    }
}
