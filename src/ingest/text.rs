//! Plain text → story text: line endings, boilerplate lines and blocks, repeats, headline.
//!
//! Every format ends here: HTML and feed content are rendered to paragraphs first, then cleaned
//! by the same rules, so "More from …" is cut the same way whatever the source.

use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The cue lists, one phrase a line; see the file's header for the syntax.
const CUES: &str = include_str!("boilerplate.txt");

struct Cues {
    /// Starts a trailing block that is cut to the end.
    end: Regex,
    /// A line that is never story text.
    drop: Regex,
}

static CUE_SETS: LazyLock<Cues> = LazyLock::new(|| {
    let mut end = Vec::new();
    let mut drop = Vec::new();
    let mut section = None;
    for line in CUES.lines().map(str::trim) {
        match line {
            "" => {}
            _ if line.starts_with('#') => {}
            "[end]" => section = Some(&mut end),
            "[drop]" => section = Some(&mut drop),
            cue => {
                let pattern = cue
                    .split('…')
                    .map(|part| {
                        let words: Vec<String> =
                            part.split_whitespace().map(regex::escape).collect();
                        words.join(r"\s+")
                    })
                    .collect::<Vec<_>>()
                    .join(".*");
                if let Some(list) = section.as_mut() {
                    list.push(format!("(?:{pattern})"));
                }
            }
        }
    }
    let build = |alternatives: &[String]| {
        Regex::new(&format!(r"(?i)^(?:{})$", alternatives.join("|")))
            .expect("cue list in src/ingest/boilerplate.txt compiles")
    };
    Cues { end: build(&end), drop: build(&drop) }
});

/// Punctuation around a cue line that does not change what it says ("Related:", "» Read more").
fn strip_label_punctuation(line: &str) -> &str {
    line.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, ':' | '»' | '›' | '|' | '-' | '–' | '—' | '•' | '·' | '>' | '.' | '!')
    })
}

/// A short standalone line such as "More from Foreign Policy" or "Sign up for our newsletter".
pub(crate) fn is_end_cue(line: &str) -> bool {
    let label = strip_label_punctuation(line);
    label.split_whitespace().count() <= 10
        && label.len() <= 80
        && !label.contains(',')
        && CUE_SETS.end.is_match(label)
}

fn is_drop_cue(line: &str) -> bool {
    CUE_SETS.drop.is_match(strip_label_punctuation(line))
}

/// Story text after cleaning, and the headline if one was taken off the top.
#[derive(Debug, PartialEq)]
pub(crate) struct Cleaned {
    pub text: String,
    pub headline: Option<String>,
}

/// A line long enough to be story prose rather than a label.
fn is_paragraph(line: &str) -> bool {
    line.split_whitespace().count() >= 8
}

/// Clean article text. Paragraphs are kept as the input separates them; runs of blank lines
/// become one blank line. With `take_headline`, a first line that looks like a headline (short,
/// standing alone, no final period) is removed and returned.
pub(crate) fn clean(raw: &str, take_headline: bool) -> Cleaned {
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = normalised
        .split('\n')
        .map(|l| l.trim_end().trim_start_matches(super::markup::is_invisible))
        .map(|l| if l.trim().is_empty() { "" } else { l })
        .filter(|l| !is_drop_cue(l))
        .collect();

    // Trailing block: from the first cue line that follows some story prose.
    let mut seen_prose = false;
    if let Some(cut) = lines.iter().position(|l| {
        let cut_here = seen_prose && is_end_cue(l);
        seen_prose |= is_paragraph(l);
        cut_here
    }) {
        lines.truncate(cut);
    }

    let mut seen = HashSet::new();
    lines.retain(|l| l.is_empty() || seen.insert(l.trim()));

    let mut headline = None;
    if take_headline {
        let mut nonempty = lines.iter().enumerate().filter(|(_, l)| !l.is_empty());
        if let (Some((first, line)), Some(_)) = (nonempty.next(), nonempty.next()) {
            let stands_alone = lines.get(first + 1).is_some_and(|next| next.is_empty());
            if stands_alone && looks_like_headline(line) {
                headline = Some(line.trim().to_string());
                lines.drain(..=first);
            }
        }
    }

    Cleaned { text: join_paragraphs(&lines), headline }
}

/// Short, starts like a title, and does not end like a sentence or a lead-in.
fn looks_like_headline(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let starts_well = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'‘“".contains(c));
    let ends_well = !line.ends_with(['.', ',', ';', ':', '-', '–', '—']);
    (2..=20).contains(&words) && line.chars().count() <= 150 && starts_well && ends_well
}

/// Join lines, keeping at most one blank line between paragraphs and none at either end.
fn join_paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

/// Remove a first paragraph that repeats the title (HTML pages often repeat the headline).
pub(crate) fn drop_leading_title(text: &str, title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        return text.to_string();
    }
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    if first.trim().eq_ignore_ascii_case(title) {
        rest.to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MORE_FROM: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ingest/more-from-block.txt"
    ));

    #[test]
    fn more_from_block_is_cut_and_headline_taken() {
        let c = clean(MORE_FROM, true);
        assert_eq!(
            c.headline.as_deref(),
            Some("Shelling cuts water to eastern district of Kessab")
        );
        assert!(c.text.starts_with("Artillery fire struck"), "{}", c.text);
        assert!(c.text.contains("The ministry said repair crews"));
        // The author line before the block stays; the block and everything after it go.
        assert!(c.text.ends_with("covers the northern provinces for the Daily Ledger."));
        assert!(!c.text.contains("More from"));
        assert!(!c.text.contains("Ceasefire talks"));
        // "View … in a larger map" lines are dropped, and the repeated line kept once.
        assert!(!c.text.contains("larger map"));
        assert_eq!(c.text.matches("Residents queued at two mosques").count(), 1);
    }

    #[test]
    fn line_endings_and_blank_runs_are_normalised() {
        let c =
            clean("First line of a story about a clash.\r\n\r\n\r\n  \r\nSecond.\rThird.", false);
        assert_eq!(c.text, "First line of a story about a clash.\n\nSecond.\nThird.");
    }

    #[test]
    fn cue_words_inside_a_sentence_do_not_cut() {
        let text = "Fighters moved into the market town on Monday, witnesses said.\n\n\
                    Related clashes were reported in two villages to the south.\n\n\
                    Read more about the ceasefire in the statement issued by the council.";
        assert_eq!(clean(text, false).text, text);
    }

    #[test]
    fn a_cue_before_any_prose_does_not_empty_the_article() {
        let text = "Trending\n\nProtesters gathered outside the governor's office for a third day.";
        assert_eq!(clean(text, false).text, text);
    }

    #[test]
    fn labels_with_punctuation_still_cut() {
        let text =
            "Police dispersed the crowd with tear gas near the central square, officials said.\n\n\
                    Related Stories:\n\nA different story\n\n» Sign up for our daily briefing.";
        assert_eq!(
            clean(text, false).text,
            "Police dispersed the crowd with tear gas near the central square, officials said."
        );
    }

    #[test]
    fn a_wrapped_first_line_is_not_a_headline() {
        let text = "Gunmen attacked a checkpoint on the road between the two towns\n\
                    early on Sunday, killing three soldiers.\n\nMore text follows here.";
        assert_eq!(clean(text, true).headline, None);
    }

    #[test]
    fn a_first_sentence_is_not_a_headline() {
        let text = "Gunmen attacked a checkpoint.\n\nThree soldiers died.";
        assert_eq!(clean(text, true).headline, None);
    }

    #[test]
    fn repeated_title_paragraph_is_dropped() {
        assert_eq!(
            drop_leading_title("Clash at the bridge\n\nBody.", "Clash at the Bridge"),
            "Body."
        );
        assert_eq!(drop_leading_title("Body.", "Clash"), "Body.");
    }
}
