//! The small phrase-pattern language used by the lexicons in `data/lexicon/`, compiled to regexes.
//!
//! Analysts extend the lexicons without knowing regex syntax:
//!
//! | write            | matches                                                                   |
//! |------------------|---------------------------------------------------------------------------|
//! | `car bomb`       | the words in order, separated by spaces or a hyphen ("car-bomb")          |
//! | `attack~`        | the word and its regular inflections: attacks, attacked, attacking …      |
//! | `captur~`        | a stem: capture, captures, captured, capturing                            |
//! | `air_strike`     | with or without a space or hyphen: airstrike, air strike, air-strike      |
//! | `{took|seized}`  | one of the alternatives (each may be several words)                       |
//! | `the?`           | an optional word (or optional `{…}` group)                                |
//! | `..` / `..5`     | a gap of up to 3 (or 5) words, never across a comma or other punctuation |
//! | `[ … ]`          | the head: the span reported as the match; the rest is required context    |
//! | `'`              | either apostrophe, ' or ’                                                 |
//! | `<Cap>`          | one capitalised word ("Qusayr", "al-Bab"), even in case-insensitive rows  |
//! | `<Year>`         | a year 1800–2099, or a decade ("1990s")                                   |
//!
//! Patterns match case-insensitively unless the row's flags say `cs`, and only on whole words.
//! Irregular forms are listed as alternatives: `{shoot~|shot}`.

use std::sync::OnceLock;

use regex::Regex;

/// Separator between two words of a pattern: spaces, or a hyphen/dash with optional spaces.
const SEP: &str = r"(?:\s+|\s*[-‐‑–]\s*)";
/// One word inside a gap.
const GAP_WORD: &str = r#"[^\s,;:.!?()\[\]"“”]+"#;

#[derive(Debug)]
enum Item {
    Word(String),
    Alt(Vec<Vec<Item>>),
    Head(Vec<Item>),
    Gap(u8),
    Optional(Box<Item>),
}

/// Compile a pattern to regex source (without flags or word boundaries).
fn parse_seq(chars: &[char], pos: &mut usize, stop: &[char]) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    loop {
        while *pos < chars.len() && chars[*pos] == ' ' {
            *pos += 1;
        }
        if *pos >= chars.len() || stop.contains(&chars[*pos]) {
            return Ok(items);
        }
        let c = chars[*pos];
        let mut item = match c {
            '{' => {
                *pos += 1;
                let mut alts = Vec::new();
                loop {
                    let seq = parse_seq(chars, pos, &['|', '}'])?;
                    if seq.is_empty() {
                        return Err("empty alternative in {…}".into());
                    }
                    alts.push(seq);
                    match chars.get(*pos) {
                        Some('|') => *pos += 1,
                        Some('}') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unclosed {".into()),
                    }
                }
                Item::Alt(alts)
            }
            '[' => {
                *pos += 1;
                let seq = parse_seq(chars, pos, &[']'])?;
                if chars.get(*pos) != Some(&']') {
                    return Err("unclosed [".into());
                }
                *pos += 1;
                if seq.is_empty() {
                    return Err("empty head [ ]".into());
                }
                Item::Head(seq)
            }
            '.' if chars.get(*pos + 1) == Some(&'.') => {
                *pos += 2;
                let mut n = 3u8;
                if let Some(d) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
                    n = d as u8;
                    *pos += 1;
                }
                Item::Gap(n)
            }
            '}' | ']' | '|' => return Err(format!("unexpected '{c}'")),
            _ => {
                let mut w = String::new();
                while *pos < chars.len() && !" {}[]|".contains(chars[*pos]) {
                    w.push(chars[*pos]);
                    *pos += 1;
                }
                Item::Word(w)
            }
        };
        if let Item::Word(w) = &mut item {
            if w.len() > 1 && w.ends_with('?') {
                w.pop();
                item = Item::Optional(Box::new(Item::Word(w.clone())));
            }
        } else if chars.get(*pos) == Some(&'?') {
            *pos += 1;
            item = Item::Optional(Box::new(item));
        }
        items.push(item);
    }
}

/// Regular inflections of `w`: -s, -es, -ed, -d, -ing, -ies/-ied, doubled final consonant.
pub(crate) fn inflections(w: &str) -> Vec<String> {
    // `{w}e` lets stems written without their final e ("captur~", "seiz~") match the base form.
    let mut forms = vec![
        w.to_string(),
        format!("{w}e"),
        format!("{w}s"),
        format!("{w}es"),
        format!("{w}ed"),
        format!("{w}ing"),
    ];
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    let is_vowel = |c: char| "aeiou".contains(c.to_ascii_lowercase());
    if n >= 2 {
        let last = chars[n - 1];
        if last == 'e' {
            let stem: String = chars[..n - 1].iter().collect();
            forms.push(format!("{w}d"));
            forms.push(format!("{stem}ing"));
        }
        if last == 'y' && !is_vowel(chars[n - 2]) {
            let stem: String = chars[..n - 1].iter().collect();
            forms.push(format!("{stem}ies"));
            forms.push(format!("{stem}ied"));
        }
        if n >= 3
            && last.is_alphabetic()
            && !is_vowel(last)
            && !"wxy".contains(last)
            && is_vowel(chars[n - 2])
            && !is_vowel(chars[n - 3])
        {
            forms.push(format!("{w}{last}ed"));
            forms.push(format!("{w}{last}ing"));
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// A capitalised word (ASCII capital, or an Arabic article prefix such as "al-Bab").
const CAP_WORD: &str =
    r"(?-i:[A-Z]|(?:al|el|ad|ar|as|ash|at|az|an)[-‐][A-Za-z])[\w'’]*(?:[-‐][\w'’]+)*";
const YEAR: &str = r"(?:1[89]\d\d|20\d\d)s?";

fn word_regex(w: &str) -> String {
    match w {
        "<Cap>" => return CAP_WORD.to_string(),
        "<Year>" => return YEAR.to_string(),
        _ => {}
    }
    let (w, inflect) = match w.strip_suffix('~') {
        Some(stem) => (stem, true),
        None => (w, false),
    };
    let forms = if inflect {
        inflections(w)
    } else {
        vec![w.to_string()]
    };
    let alts: Vec<String> = forms
        .iter()
        .map(|f| {
            let mut out = String::new();
            for ch in f.chars() {
                match ch {
                    '_' => out.push_str(r"(?:\s*|[-‐‑])"),
                    '\'' | '’' => out.push_str("['’]"),
                    '-' => out.push_str(r"[-‐‑]"),
                    c => out.push_str(&regex::escape(&c.to_string())),
                }
            }
            out
        })
        .collect();
    if alts.len() == 1 {
        alts.into_iter().next().unwrap_or_default()
    } else {
        format!("(?:{})", alts.join("|"))
    }
}

fn seq_regex(items: &[Item], heads: &mut usize) -> Result<String, String> {
    let mut out = String::new();
    let mut need_sep = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Gap(n) => {
                if i == 0 || i == items.len() - 1 {
                    return Err("a gap `..` must stand between two words".into());
                }
                out.push_str(&format!("{SEP}(?:{GAP_WORD}{SEP}){{0,{n}}}?"));
                need_sep = false;
            }
            Item::Optional(inner) => {
                let r = item_regex(inner, heads)?;
                if need_sep {
                    out.push_str(&format!("(?:{SEP}{r})?"));
                } else if i + 1 < items.len() {
                    // optional first item: carries its own trailing separator
                    out.push_str(&format!("(?:{r}{SEP})?"));
                    need_sep = false;
                    continue;
                } else {
                    out.push_str(&format!("(?:{r})?"));
                }
                need_sep = true;
            }
            other => {
                if need_sep {
                    out.push_str(SEP);
                }
                out.push_str(&item_regex(other, heads)?);
                need_sep = true;
            }
        }
    }
    Ok(out)
}

fn item_regex(item: &Item, heads: &mut usize) -> Result<String, String> {
    Ok(match item {
        Item::Word(w) => word_regex(w),
        Item::Alt(alts) => {
            let parts: Result<Vec<String>, String> =
                alts.iter().map(|a| seq_regex(a, heads)).collect();
            format!("(?:{})", parts?.join("|"))
        }
        Item::Head(seq) => {
            *heads += 1;
            format!("(?P<t>{})", seq_regex(seq, heads)?)
        }
        Item::Optional(inner) => format!("(?:{})?", item_regex(inner, heads)?),
        Item::Gap(_) => return Err("a gap `..` cannot be optional or alone".into()),
    })
}

/// Lower-case literal prefixes one of which every match must contain (for a cheap pre-check),
/// or `None` when the pattern can start with anything (`<Cap>`, `<Year>`, very short words).
fn anchors(items: &[Item]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Optional(inner) => out.extend(item_anchors(inner)?),
            other => {
                out.extend(item_anchors(other)?);
                return Some(out);
            }
        }
    }
    None
}

fn item_anchors(item: &Item) -> Option<Vec<String>> {
    match item {
        Item::Word(w) => {
            if w.starts_with('<') {
                return None;
            }
            let mut prefix: String = w
                .chars()
                .take_while(|c| !"~_'’-".contains(*c))
                .flat_map(char::to_lowercase)
                .collect();
            // Inflection drops a final e or y: battle~ → battling, rally~ → rallies.
            if w.ends_with('~')
                && (prefix.ends_with('e') || prefix.ends_with('y'))
                && !w.contains(['_', '-', '\'', '’'])
            {
                prefix.pop();
            }
            (prefix.chars().count() >= 2).then(|| vec![prefix])
        }
        Item::Alt(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(anchors(a)?);
            }
            Some(out)
        }
        Item::Head(seq) => anchors(seq),
        Item::Optional(_) | Item::Gap(_) => None,
    }
}

/// A lexicon pattern, compiled to a regex on first use (a lexicon has hundreds of rows and an
/// article needs few of them). The head span is group `t` when the pattern marks one.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    regex: OnceLock<Regex>,
    has_head: bool,
    case_sensitive: bool,
    anchors: Option<Vec<String>>,
}

impl Pattern {
    /// Parse `pattern` (errors in the phrase language are reported now; the regex is built on
    /// first use). `case_sensitive` for rows flagged `cs`.
    pub fn new(pattern: &str, case_sensitive: bool) -> Result<Pattern, String> {
        let chars: Vec<char> = pattern.trim().chars().collect();
        let mut pos = 0;
        let items = parse_seq(&chars, &mut pos, &[])?;
        if pos < chars.len() {
            return Err(format!("unexpected '{}'", chars[pos]));
        }
        if items.is_empty() {
            return Err("empty pattern".into());
        }
        let mut heads = 0;
        let body = seq_regex(&items, &mut heads)?;
        if heads > 1 {
            return Err("more than one head [ ]".into());
        }
        let flags = if case_sensitive { "" } else { "(?i)" };
        Ok(Pattern {
            source: format!(r"{flags}\b(?:{body})\b"),
            regex: OnceLock::new(),
            has_head: heads == 1,
            case_sensitive,
            anchors: anchors(&items),
        })
    }

    /// Parse and build the regex now (to report every error when a lexicon is loaded).
    pub fn compile(pattern: &str, case_sensitive: bool) -> Result<Pattern, String> {
        let p = Pattern::new(pattern, case_sensitive)?;
        let regex = Regex::new(&p.source).map_err(|e| format!("does not compile: {e}"))?;
        let _ = p.regex.set(regex);
        Ok(p)
    }

    fn regex(&self) -> &Regex {
        // The source is generated by this module from a parsed pattern; a failure is a bug here.
        self.regex.get_or_init(|| {
            Regex::new(&self.source).unwrap_or_else(|e| panic!("pattern regex: {e}"))
        })
    }

    /// Could this pattern match `text`? `lower` is `text` lower-cased. Cheap; false negatives never.
    pub fn may_match(&self, text: &str, lower: &str) -> bool {
        match &self.anchors {
            None => true,
            Some(a) if self.case_sensitive => {
                let tl = text.to_lowercase();
                a.iter().any(|p| tl.contains(p.as_str()))
            }
            Some(a) => a.iter().any(|p| lower.contains(p.as_str())),
        }
    }

    /// Every match as `(full_start, full_end, head_start, head_end)` in bytes.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize, usize, usize)> {
        let mut out = Vec::new();
        if self.has_head {
            for caps in self.regex().captures_iter(text) {
                let (Some(m), Some(h)) = (caps.get(0), caps.name("t")) else {
                    continue;
                };
                out.push((m.start(), m.end(), h.start(), h.end()));
            }
        } else {
            for m in self.regex().find_iter(text) {
                out.push((m.start(), m.end(), m.start(), m.end()));
            }
        }
        out
    }

    /// [`Pattern::find_all`] after the cheap [`Pattern::may_match`] check.
    pub fn find_all_checked(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize, usize)> {
        if self.may_match(text, lower) {
            self.find_all(text)
        } else {
            Vec::new()
        }
    }
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            regex: self.regex.clone(),
            has_head: self.has_head,
            case_sensitive: self.case_sensitive,
            anchors: self.anchors.clone(),
        }
    }
}

/// One data row of a lexicon TSV: its 1-based line number and its tab-separated fields.
/// Lines starting with `#` and blank lines are skipped.
pub(crate) fn tsv_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let t = line.trim_end_matches('\r');
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, t.split('\t').map(str::trim).collect()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(p: &str, text: &str) -> Vec<String> {
        let pat = Pattern::compile(p, false).unwrap();
        pat.find_all(text)
            .into_iter()
            .map(|(_, _, a, b)| text[a..b].to_string())
            .collect()
    }

    #[test]
    fn pattern_inflections_and_spacing() {
        assert_eq!(
            heads("attack~", "They attacked, attacking again."),
            ["attacked", "attacking"]
        );
        assert_eq!(heads("kidnap~", "gunmen kidnapped two"), ["kidnapped"]);
        assert_eq!(heads("seize~", "rebels seized it"), ["seized"]);
        assert_eq!(
            heads("air_strike~", "an airstrike, an air strike and air-strikes"),
            ["airstrike", "air strike", "air-strikes"]
        );
        assert_eq!(
            heads("car bomb~", "a car-bomb and car bombs"),
            ["car-bomb", "car bombs"]
        );
        assert!(heads("bomb~", "a bombshell report").is_empty());
    }

    #[test]
    fn pattern_head_gap_and_alternatives() {
        let p = "{warplanes|jets} .. [{struck|bomb~}]";
        assert_eq!(
            heads(p, "Syrian warplanes repeatedly bombed the town"),
            ["bombed"]
        );
        assert!(
            heads(p, "warplanes flew over, then somebody bombed it").is_empty(),
            "gaps stop at commas"
        );
        assert_eq!(
            heads("{take~|took} control of", "they took control of it"),
            ["took control of"]
        );
        assert_eq!(
            heads("the? storming of", "after the storming of the jail"),
            ["the storming of"]
        );
        assert_eq!(
            heads("Assad's forces", "Assad’s forces"),
            ["Assad’s forces"]
        );
        assert_eq!(
            heads(
                "[captured] <Cap>",
                "rebels captured al-Bab and captured men"
            ),
            ["captured"]
        );
        assert_eq!(
            heads("in <Year>", "in 2011 and in the 1990s, in 1990s"),
            ["in 2011", "in 1990s"]
        );
    }

    #[test]
    fn pattern_anchor_precheck_never_hides_a_match() {
        let p = Pattern::new("{warplanes|jets} .. [{struck|bomb~}]", false).unwrap();
        assert!(p.may_match("JETS bombed", "jets bombed"));
        assert!(!p.may_match("rain fell", "rain fell"));
        assert!(Pattern::new("the? storming of", false)
            .unwrap()
            .may_match("Storming of", "storming of"));
        assert!(Pattern::new("<Cap> province", false)
            .unwrap()
            .may_match("x", "x"));
    }

    #[test]
    fn pattern_errors_are_reported() {
        assert!(Pattern::compile("{a|b", false).is_err());
        assert!(Pattern::compile(".. a", false).is_err());
        assert!(Pattern::compile("[a] [b]", false).is_err());
    }
}
