//! Numbers written in news text: digits ("5,000"), words ("twenty-one", "two hundred") and vague
//! quantities ("dozens", "several"; values in `data/lexicon/vague_quantities.tsv`).

use std::sync::LazyLock;

use regex::Regex;

use super::pattern::tsv_rows;

const VAGUE_TSV: &str = include_str!("../../data/lexicon/vague_quantities.tsv");

const UNITS: [&str; 19] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberSpan {
    /// Byte offsets in the searched text.
    pub start: usize,
    pub end: usize,
    pub value: u32,
    /// From the vague-quantity table ("dozens", "several").
    pub vague: bool,
}

struct Numbers {
    regex: Regex,
    vague: Vec<(String, u32)>,
}

static NUMBERS: LazyLock<Numbers> = LazyLock::new(|| {
    let mut vague: Vec<(String, u32)> = tsv_rows(VAGUE_TSV)
        .map(|(line, f)| {
            let value = f.get(1).and_then(|v| v.parse().ok());
            let value = value.unwrap_or_else(|| {
                panic!("vague_quantities.tsv:{line}: expected `phrase<TAB>number`")
            });
            (f[0].to_lowercase(), value)
        })
        .collect();
    vague.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let unit = UNITS.join("|");
    let tens = TENS.join("|");
    let small = format!(r"(?:(?:{tens})(?:[-\s](?:{unit}))?|(?:{unit}))");
    let wordnum = format!(
        r"(?:(?:a|{small})\s+hundred(?:\s+(?:and\s+)?{small})?(?:\s+thousand)?|(?:a|{small})\s+thousand|{small})"
    );
    let digits = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand|hundred))?";
    let vague_alt: Vec<String> = vague
        .iter()
        .map(|(p, _)| regex::escape(p).replace(' ', r"\s+"))
        .collect();
    let src = format!(r"(?i)\b(?:{}|{digits}|{wordnum})\b", vague_alt.join("|"));
    Numbers {
        regex: Regex::new(&src).expect("number regex"),
        vague,
    }
});

fn small_value(w: &str) -> Option<u32> {
    let w = w.trim();
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as u32 + 1);
    }
    let mut parts = w.split(['-', ' ']).filter(|p| !p.is_empty());
    let first = parts.next()?;
    let t = TENS.iter().position(|t| *t == first)? as u32;
    let rest = match parts.next() {
        Some(u) => UNITS.iter().position(|x| *x == u)? as u32 + 1,
        None => 0,
    };
    Some(20 + 10 * t + rest)
}

/// Value of a matched number phrase (lower-cased, whitespace collapsed).
fn value_of(phrase: &str) -> Option<(u32, bool)> {
    let p = phrase
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some((_, v)) = NUMBERS.vague.iter().find(|(q, _)| *q == p) {
        return Some((*v, true));
    }
    if p.starts_with(|c: char| c.is_ascii_digit()) {
        let (num, mult) = match p.split_once(' ') {
            Some((n, "million")) => (n, 1_000_000.0),
            Some((n, "thousand")) => (n, 1_000.0),
            Some((n, "hundred")) => (n, 100.0),
            _ => (p.as_str(), 1.0),
        };
        let v: f64 = num.replace(',', "").parse().ok()?;
        let v = v * mult;
        return (v >= 0.0 && v < u32::MAX as f64).then_some((v as u32, false));
    }
    // Word numbers: [X hundred [and] Y] [thousand]
    let mut total = 0u32;
    let mut current = 0u32;
    let mut words = p.split(' ').peekable();
    while let Some(w) = words.next() {
        match w {
            "a" => current = 1,
            "and" => {}
            "hundred" => current = current.max(1) * 100,
            "thousand" => {
                total += current.max(1) * 1000;
                current = 0;
            }
            _ => {
                // "twenty one" arrives as two words: join with the next unit if any
                let mut v = small_value(w)?;
                if v >= 20 && v % 10 == 0 {
                    if let Some(next) = words.peek().and_then(|n| UNITS.iter().position(|u| u == n))
                    {
                        if next < 9 {
                            v += next as u32 + 1;
                            words.next();
                        }
                    }
                }
                current += v;
            }
        }
    }
    Some((total + current, false))
}

/// Every number phrase in `text`, in order.
pub(crate) fn find_numbers(text: &str) -> Vec<NumberSpan> {
    NUMBERS
        .regex
        .find_iter(text)
        .filter_map(|m| {
            let (value, vague) = value_of(m.as_str())?;
            Some(NumberSpan {
                start: m.start(),
                end: m.end(),
                value,
                vague,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &str) -> Vec<u32> {
        find_numbers(t).into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn numbers_digits_words_and_vague_terms() {
        assert_eq!(
            values("5,000 men, 12 boys and 2.5 million people"),
            [5000, 12, 2_500_000]
        );
        assert_eq!(
            values("twenty-one, forty five, two hundred and six"),
            [21, 45, 206]
        );
        assert_eq!(
            values("a dozen, dozens, several, a few, hundreds"),
            [12, 12, 10, 3, 100]
        );
        assert_eq!(values("three thousand"), [3000]);
        assert!(find_numbers("dozens").iter().all(|n| n.vague));
    }
}
