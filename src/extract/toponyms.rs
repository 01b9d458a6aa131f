//! Toponym recognition: find place-name spans in text with the gazetteer's name index.
//!
//! The text is normalised once (same rules as the gazetteer keys) with a map back to
//! character offsets; from each capitalised word start the FST is walked byte by byte and
//! every word boundary where a name ends is a candidate. The longest candidate that passes
//! the word-list rules in `data/lexicon/toponym_rules.txt` wins.

use crate::resolve::fxhash::{FxHashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::resolve::gazetteer::{Gazetteer, Kind, NameKind, Posting};
use crate::resolve::normalize::{normalize_char, Piece};

/// Whether a span names a place or only gives evidence for one (a demonym).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    Place,
    Demonym,
}

/// A toponym span with its gazetteer candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Toponym {
    /// Character offsets (Unicode scalar values) into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
    /// Candidates, most populous first (see [`Gazetteer::postings_at`]).
    pub candidates: Vec<Posting>,
    /// Which rule accepted the span.
    pub rule: &'static str,
}

/// Word lists for recognition, from `data/lexicon/toponym_rules.txt`.
pub struct Rules {
    pub stop: HashSet<&'static str>,
    pub connector: HashSet<&'static str>,
    pub article: HashSet<&'static str>,
    pub org_head: HashSet<&'static str>,
    pub person_title: HashSet<&'static str>,
    pub first_name: HashSet<&'static str>,
    /// Common English words → Zipf frequency (`data/lexicon/english_common.tsv`).
    pub common: FxHashMap<&'static str, f32>,
}

/// A single word this common (Zipf ≥ 4: "deal", "wall", "can") names a place only when the
/// place is big or an area and is called by its own name.
pub const COMMON_WORD_ZIPF: f32 = 4.0;
/// A city this large (or a capital) makes its name's word frequency a name's, not a word's.
const FAMOUS_CITY: u32 = 1_000_000;
/// Headline and sentence-initial words need less to be suspect.
pub const COMMON_WORD_ZIPF_INITIAL: f32 = 3.0;
/// The population from which a place may share its name with a common word.
pub const COMMON_WORD_MIN_POPULATION: u32 = 100_000;

impl Rules {
    /// The embedded rule lists.
    pub fn embedded() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut r = Rules::parse(include_str!("../../data/lexicon/toponym_rules.txt"));
            for line in include_str!("../../data/lexicon/english_common.tsv").lines() {
                if line.starts_with('#') {
                    continue;
                }
                if let Some((w, z)) = line.split_once('\t') {
                    r.common.insert(w, z.parse().unwrap_or(0.0));
                }
            }
            r
        })
    }

    fn parse(text: &'static str) -> Rules {
        let mut r = Rules {
            stop: HashSet::default(),
            connector: HashSet::default(),
            article: HashSet::default(),
            org_head: HashSet::default(),
            person_title: HashSet::default(),
            first_name: HashSet::default(),
            common: FxHashMap::default(),
        };
        let mut section = "";
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            let set = match section {
                "stop" => &mut r.stop,
                "connector" => &mut r.connector,
                "article" => &mut r.article,
                "org_head" => &mut r.org_head,
                "person_title" => &mut r.person_title,
                "first_name" => &mut r.first_name,
                _ => continue,
            };
            set.insert(line);
        }
        r
    }
}

/// An article's text as characters plus its normalised form with offsets both ways.
///
/// Built in one pass over the bytes (ASCII inline, classed by a table; only other characters go through
/// [`normalize_char`]), which also records the words; [`NormText::set`] refills an existing
/// one so that its buffers are reused from article to article.
#[derive(Debug, Default)]
pub struct NormText {
    pub chars: Vec<char>,
    /// Normalised bytes (see [`crate::resolve::normalize`]).
    pub norm: Vec<u8>,
    /// `norm_pos[i]`: where char `i`'s own text starts in `norm` (len = chars + 1).
    pub norm_pos: Vec<u32>,
    /// `end_char[b]`: the smallest char index whose text starts at byte `b`, or `u32::MAX`.
    pub end_char: Vec<u32>,
    /// The words: maximal runs of letters and digits, as char offsets `(start, end)`.
    pub words: Vec<(u32, u32)>,
    /// Work buffers of [`NormText::set`] (chars, `norm_pos`, `norm`), which only grow.
    work: (Vec<char>, Vec<u32>, Vec<u8>),
}

impl NormText {
    pub fn new(text: &str) -> NormText {
        let mut nt = NormText::default();
        nt.set(text);
        nt
    }

    /// Normalise `text` into this value, reusing its buffers.
    ///
    /// Written by index into work buffers sized for the worst case (at most one char per
    /// byte; ASCII never makes `norm` longer than the text), seen as slices so that the
    /// stores need not reload any vector's length, then copied out.
    pub fn set(&mut self, text: &str) {
        let NormText { chars: out_chars, norm: out_norm, norm_pos: out_norm_pos, end_char, words, work } = self;
        let (work_chars, work_pos, work_norm) = work;
        words.clear();
        // the work buffers only grow, so that they are not refilled for every article
        if work_chars.len() < text.len() {
            work_chars.resize(text.len(), '\0');
        }
        if work_pos.len() < text.len() + 1 {
            work_pos.resize(text.len() + 1, 0);
        }
        if work_norm.len() < text.len() + 16 {
            work_norm.resize(text.len() + 16, 0);
        }
        let bytes = text.as_bytes();
        let mut word_start = None;
        let mut pending = false;
        let mut scratch = String::new();
        let mut i = 0;
        // chars written, normalised bytes written
        let mut k = 0;
        let mut mark = 0;
        {
            let chars: &mut [char] = &mut work_chars[..];
            let norm_pos: &mut [u32] = &mut work_pos[..];
            let mut norm: &mut [u8] = &mut work_norm[..];
            while i < bytes.len() {
                let b = bytes[i];
                // the space a separator run leaves is emitted before the next text
                let space_first = pending && mark > 0;
                if b < 0x80 && ASCII_CLASS[b as usize] == ASCII_WORD {
                    // a run of ASCII letters and digits: all text, inside one word
                    if word_start.is_none() {
                        word_start = Some(k as u32);
                    }
                    if space_first {
                        norm[mark] = b' ';
                        mark += 1;
                    }
                    pending = false;
                    let mut b = b;
                    loop {
                        chars[k] = b as char;
                        norm_pos[k] = mark as u32;
                        norm[mark] = b.to_ascii_lowercase();
                        mark += 1;
                        k += 1;
                        i += 1;
                        match bytes.get(i) {
                            Some(&n) if n < 0x80 && ASCII_CLASS[n as usize] == ASCII_WORD => b = n,
                            _ => break,
                        }
                    }
                    continue;
                }
                if b < 0x80 {
                    // the other ASCII chars, inline: same rules as normalize_char, classes from a table
                    i += 1;
                    chars[k] = b as char;
                    let class = ASCII_CLASS[b as usize];
                    // the words: maximal runs of letters and digits
                    match (class == ASCII_WORD, word_start) {
                        (true, None) => word_start = Some(k as u32),
                        (false, Some(s)) => {
                            words.push((s, k as u32));
                            word_start = None;
                        }
                        _ => {}
                    }
                    match class {
                        ASCII_SKIP | ASCII_SEPARATOR => {
                            pending |= class == ASCII_SEPARATOR;
                            norm_pos[k] = mark as u32;
                        }
                        _ => {
                            // (a pending space stands for an earlier separator that wrote nothing)
                            if space_first {
                                norm[mark] = b' ';
                                mark += 1;
                            }
                            norm_pos[k] = mark as u32;
                            norm[mark] = b.to_ascii_lowercase();
                            mark += 1;
                            pending = false;
                        }
                    }
                    k += 1;
                    continue;
                }
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                i += c.len_utf8();
                chars[k] = c;
                match (is_word(c), word_start) {
                    (true, None) => word_start = Some(k as u32),
                    (false, Some(s)) => {
                        words.push((s, k as u32));
                        word_start = None;
                    }
                    _ => {}
                }
                k += 1;
                // common news punctuation outside ASCII, without decomposition
                match c {
                    '’' | '‘' | '“' | '”' | 'ʼ' | '´' => {
                        norm_pos[k - 1] = mark as u32;
                        continue;
                    }
                    '–' | '—' | '‐' | '‑' | '‒' | '\u{a0}' | '\u{2009}' | '\u{202f}' => {
                        pending = true;
                        norm_pos[k - 1] = mark as u32;
                        continue;
                    }
                    _ => {}
                }
                scratch.clear();
                match normalize_char(c, &mut scratch, space_first) {
                    Piece::Separator => {
                        pending = true;
                        norm_pos[k - 1] = mark as u32;
                    }
                    Piece::Skip => norm_pos[k - 1] = mark as u32,
                    Piece::Text => {
                        let own = if space_first { mark + 1 } else { mark };
                        pending = false;
                        norm_pos[k - 1] = own as u32;
                        // a decomposition may be longer than the char: keep room for the rest
                        let need = mark + scratch.len() + (bytes.len() - i) + 16;
                        if norm.len() < need {
                            work_norm.resize(need, 0);
                            norm = &mut work_norm[..];
                        }
                        norm[mark..mark + scratch.len()].copy_from_slice(scratch.as_bytes());
                        mark += scratch.len();
                    }
                }
            }
            norm_pos[k] = mark as u32;
        }
        if let Some(s) = word_start {
            words.push((s, k as u32));
        }
        out_chars.clear();
        out_chars.extend_from_slice(&work_chars[..k]);
        out_norm.clear();
        out_norm.extend_from_slice(&work_norm[..mark]);
        out_norm_pos.clear();
        out_norm_pos.extend_from_slice(&work_pos[..k + 1]);
        end_char.clear();
        end_char.resize(mark + 1, u32::MAX);
        for (i, &p) in out_norm_pos.iter().enumerate().rev() {
            end_char[p as usize] = i as u32;
        }
    }
}

/// Classes of ASCII chars in [`NormText::set`] (as [`normalize_char`] and [`is_word`] treat them).
const ASCII_WORD: u8 = 0;
const ASCII_TEXT: u8 = 1;
const ASCII_SKIP: u8 = 2;
const ASCII_SEPARATOR: u8 = 3;
const ASCII_CLASS: [u8; 128] = {
    let mut t = [ASCII_TEXT; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'\'' | b'`' | b'"' => ASCII_SKIP,
            b'-' | b'_' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c => ASCII_SEPARATOR,
            _ if c.is_ascii_alphanumeric() => ASCII_WORD,
            _ => ASCII_TEXT,
        };
        b += 1;
    }
    t
};

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when char offset `e` ends a word (the char before is a letter/digit or a dot,
/// the char at `e` is not a letter/digit).
fn is_word_end(chars: &[char], e: usize) -> bool {
    e > 0
        && (is_word(chars[e - 1]) || chars[e - 1] == '.')
        && chars.get(e).is_none_or(|c| !is_word(*c))
}

/// The words (maximal alphanumeric runs) of `chars[s..e]` with their offsets.
fn words(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = s;
    while i < e {
        if is_word(chars[i]) {
            let ws = i;
            while i < e && is_word(chars[i]) {
                i += 1;
            }
            out.push((ws, i));
        } else {
            i += 1;
        }
    }
    out
}

fn word_str(chars: &[char], (s, e): (usize, usize)) -> String {
    chars[s..e].iter().collect()
}

/// A word of at most 3 characters as a string on the stack (no allocation).
fn short_word(chars: &[char], (s, e): (usize, usize)) -> Option<ShortWord> {
    let mut w = ShortWord { buf: [0; 12], len: 0 };
    for c in chars.get(s..e)?.iter().take(3) {
        w.len += c.encode_utf8(&mut w.buf[w.len..]).len();
    }
    (e - s <= 3).then_some(w)
}

struct ShortWord {
    buf: [u8; 12],
    len: usize,
}

impl ShortWord {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

fn is_capitalised(chars: &[char], (s, _): (usize, usize)) -> bool {
    let c = chars[s];
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()) // scripts without case
}

/// The word right after char offset `e` (skipping spaces/hyphens only).
fn next_word(chars: &[char], e: usize) -> Option<(usize, usize)> {
    let mut i = e;
    while i < chars.len() && (chars[i] == ' ' || chars[i] == '-') {
        i += 1;
    }
    if i < chars.len() && is_word(chars[i]) && i > e {
        let s = i;
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        Some((s, i))
    } else {
        None
    }
}

/// The word right before char offset `s` (skipping spaces and a dot: "Mr. X").
fn prev_word(chars: &[char], s: usize) -> Option<(usize, usize)> {
    let mut i = s;
    while i > 0 && (chars[i - 1] == ' ' || chars[i - 1] == '.') {
        i -= 1;
    }
    if i == s || i == 0 || !is_word(chars[i - 1]) {
        return None;
    }
    let e = i;
    while i > 0 && is_word(chars[i - 1]) {
        i -= 1;
    }
    Some((i, e))
}

/// True when the word at `s` starts a sentence (text start, after . ! ? or a blank line).
fn sentence_initial(chars: &[char], s: usize) -> bool {
    let mut i = s;
    while i > 0 {
        let c = chars[i - 1];
        if c == '"' || c == '“' || c == '\'' || c == '‘' || c == '(' {
            i -= 1;
            continue;
        }
        if c == '\n' {
            return true;
        }
        if c.is_whitespace() {
            i -= 1;
            continue;
        }
        return matches!(c, '.' | '!' | '?' | ':');
    }
    true
}

/// Find toponym spans in `text`.
pub fn find_toponyms(text: &str, gaz: &Gazetteer) -> Vec<Toponym> {
    let nt = NormText::new(text);
    find_toponyms_in(&nt, gaz)
}

/// [`find_toponyms`] over an already normalised text.
pub fn find_toponyms_in(nt: &NormText, gaz: &Gazetteer) -> Vec<Toponym> {
    let rules = Rules::embedded();
    let chars = &nt.chars;
    let mut out = Vec::new();
    let mut ends: Vec<(usize, u64)> = Vec::with_capacity(8);
    let mut lines = DocState::default();
    let mut i = 0;
    // every word start at or after `i` (words were found with the text: see NormText)
    for &(ws, we) in &nt.words {
        if (ws as usize) < i {
            continue;
        }
        i = ws as usize;
        let fe = we as usize;
        let first = (i, fe);
        let cap = is_capitalised(chars, first);
        let lower_article = !cap
            && fe - i <= 3
            && short_word(chars, first).is_some_and(|w| rules.article.contains(w.as_str()))
            && matches!(chars.get(first.1), Some('-') | Some(' '))
            && next_word(chars, first.1).is_some_and(|w| is_capitalised(chars, w));
        if !cap && !lower_article {
            i = first.1;
            continue;
        }
        // walk the FST over the normalised text from here
        walk_names(nt, gaz, nt.norm_pos[i] as usize, &mut ends);
        let mut accepted = None;
        for &(e, off) in ends.iter().rev() {
            if let Some(t) = accept(nt, gaz, rules, &mut lines, i, e, off) {
                accepted = Some(t);
                break;
            }
        }
        match accepted {
            Some(t) => {
                i = t.end;
                out.push(t);
            }
            None => i = first.1,
        }
    }
    out
}

/// Every name of the index that starts at normalised byte `start` and ends at a word end:
/// `(end char, FST output)`, shortest first. A name never crosses a newline and is at most
/// 96 normalised bytes long.
///
/// The walk through the first word (up to the first space of the normalised text) is the
/// same wherever the word occurs, so it is memoised per thread ([`WordWalk`]); only names
/// that go on past the word are walked further in the index.
#[inline(never)]
fn walk_names(nt: &NormText, gaz: &Gazetteer, start: usize, ends: &mut Vec<(usize, u64)>) {
    let fst = gaz.fst();
    let chars = &nt.chars;
    ends.clear();
    let limit = (start + 96).min(nt.norm.len());
    let word_len = nt.norm[start..limit].iter().position(|&c| c == b' ').unwrap_or(limit - start);
    let mut node = fst.root();
    let mut out_acc = fst::raw::Output::zero();
    let mut b = start;
    let key = (start + word_len < limit || limit == nt.norm.len())
        .then(|| WordKey::new(&nt.norm[start..start + word_len]))
        .flatten();
    if let Some(key) = key {
        let next = WORD_WALKS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.0 != gaz.uid() || cache.1.len() >= WORD_WALK_CACHE {
                cache.1.clear();
                cache.0 = gaz.uid();
            }
            let w = match cache.1.get(&key) {
                Some(w) => w,
                None => cache.1.entry(key).or_insert(WordWalk::new(fst, &nt.norm[start..start + word_len])),
            };
            let w = w.as_ref()?;
            for f in 0..w.n_finals as usize {
                let e = nt.end_char[start + w.final_len[f] as usize];
                if e != u32::MAX && is_word_end(chars, e as usize) {
                    ends.push((e as usize, w.final_out[f] as u64));
                }
            }
            Some(w.next.then_some((w.next_addr as fst::raw::CompiledAddr, w.next_out as u64)))
        });
        // `None`: too many names end inside the word to memoise it; walk as usual
        if let Some(next) = next {
            let Some((addr, out)) = next else { return };
            b = start + word_len;
            // a newline ends any name (inside a word there is none: it leaves a space)
            let e = nt.end_char[b];
            if e != u32::MAX && (e as usize) < chars.len() && chars[e as usize] == '\n' {
                return;
            }
            node = fst.node(addr);
            out_acc = fst::raw::Output::new(out);
        }
    }
    while b < limit {
        let Some(t) = node.find_input(nt.norm[b]) else { break };
        let tr = node.transition(t);
        out_acc = out_acc.cat(tr.out);
        node = fst.node(tr.addr);
        b += 1;
        if node.is_final() {
            let e = nt.end_char[b];
            if e != u32::MAX && is_word_end(chars, e as usize) {
                ends.push((e as usize, out_acc.cat(node.final_output()).value()));
            }
        }
        // a newline ends any name
        let e = nt.end_char[b];
        if e != u32::MAX && (e as usize) < chars.len() && chars[e as usize] == '\n' {
            break;
        }
    }
}

/// The index walked through one normalised word (40 bytes: with its key, one cache line).
struct WordWalk {
    /// Where a name ends inside the word or at its end: bytes consumed and FST output.
    final_len: [u8; WORD_WALK_FINALS],
    final_out: [u32; WORD_WALK_FINALS],
    n_finals: u8,
    /// Whether some name goes on with a space after the word: then the node after the
    /// word and the output so far.
    next: bool,
    next_addr: u32,
    next_out: u32,
}

/// Names ending inside one word that a memo entry holds (more: the word is walked as usual).
const WORD_WALK_FINALS: usize = 4;

/// A normalised word of at most 23 bytes, inline: its bytes, then its length.
#[derive(Clone, Copy, PartialEq, Eq)]
struct WordKey([u64; 3]);

impl WordKey {
    fn new(word: &[u8]) -> Option<WordKey> {
        if word.is_empty() || word.len() > 23 {
            return None;
        }
        let mut b = [0u8; 24];
        b[..word.len()].copy_from_slice(word);
        b[23] = word.len() as u8;
        let w = |i: usize| u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]]);
        Some(WordKey([w(0), w(8), w(16)]))
    }
}

impl std::hash::Hash for WordKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for w in self.0 {
            state.write_u64(w);
        }
    }
}

/// Most words memoised per thread before the memo starts afresh.
const WORD_WALK_CACHE: usize = 100_000;

thread_local! {
    /// (gazetteer uid, normalised word → walk; `None`: not memoisable)
    static WORD_WALKS: std::cell::RefCell<(u64, FxHashMap<WordKey, Option<WordWalk>>)> =
        std::cell::RefCell::new((0, FxHashMap::default()));
}

impl WordWalk {
    /// `None` when the word can't be memoised (too many names end in it, or the index is
    /// too big for 32-bit offsets).
    fn new(fst: &fst::raw::Fst<std::borrow::Cow<'static, [u8]>>, word: &[u8]) -> Option<WordWalk> {
        let mut node = fst.root();
        let mut out_acc = fst::raw::Output::zero();
        let mut w = WordWalk {
            final_len: [0; WORD_WALK_FINALS],
            final_out: [0; WORD_WALK_FINALS],
            n_finals: 0,
            next: false,
            next_addr: 0,
            next_out: 0,
        };
        for (k, &byte) in word.iter().enumerate() {
            let Some(t) = node.find_input(byte) else { return Some(w) };
            let tr = node.transition(t);
            out_acc = out_acc.cat(tr.out);
            node = fst.node(tr.addr);
            if node.is_final() {
                let f = w.n_finals as usize;
                if f == WORD_WALK_FINALS {
                    return None;
                }
                w.final_len[f] = k as u8 + 1;
                w.final_out[f] = u32::try_from(out_acc.cat(node.final_output()).value()).ok()?;
                w.n_finals += 1;
            }
        }
        if node.find_input(b' ').is_some() {
            w.next = true;
            w.next_addr = u32::try_from(node.addr()).ok()?;
            w.next_out = u32::try_from(out_acc.value()).ok()?;
        }
        Some(w)
    }
}

/// Decide whether `chars[s..e]` (a gazetteer name) is a toponym here.
fn accept(
    nt: &NormText,
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &mut DocState,
    s: usize,
    e: usize,
    off: u64,
) -> Option<Toponym> {
    let chars = &nt.chars;
    let ws = words(chars, s, e);
    let last = *ws.last()?;
    // every word capitalised, or a connector inside the name, or a leading article
    for (k, w) in ws.iter().enumerate() {
        if is_capitalised(chars, *w) {
            continue;
        }
        let lw = word_str(chars, *w).to_lowercase();
        let inner = k > 0 && k + 1 < ws.len() && rules.connector.contains(lw.as_str());
        let lead = k == 0 && ws.len() > 1 && rules.article.contains(lw.as_str());
        if !(inner || lead) {
            return None;
        }
    }
    if !is_capitalised(chars, last) {
        return None;
    }
    let surface: String = chars[s..e].iter().collect();
    // "Columbus, Ohio" is two toponyms, linked later by the explicit-context pass
    if surface.contains(',') {
        return None;
    }
    let mut candidates: Vec<Posting> = gaz.postings_at(off).collect();
    // abbreviations must look like abbreviations: "US", "U.S.", "Calif." — not "us" or "Us"
    let looks_abbrev = {
        let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
        surface.contains('.') || (letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()))
    };
    if !looks_abbrev {
        candidates.retain(|p| p.name_kind != NameKind::Abbreviation);
    } else if !surface.contains('.') && surface.chars().count() <= 5 && !dateline(chars, s, e) {
        // short all-caps forms: abbreviations, or the own name of an area ("USA", "UAE")
        candidates.retain(|p| {
            p.name_kind == NameKind::Abbreviation
                || (p.name_kind == NameKind::Primary
                    && matches!(gaz.place(p.place).kind, Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region))
        });
    }
    if looks_abbrev && !surface.contains('.') && surface.chars().count() <= 2 {
        // "BA", "CA": two capitals name a country or a region, or a state right after "Town, "
        let after_comma = chars[..s].iter().rev().find(|c| **c != ' ') == Some(&',');
        candidates.retain(|p| {
            p.name_kind != NameKind::Abbreviation || {
                let k = gaz.place(p.place).kind;
                matches!(k, Kind::Country | Kind::Continent | Kind::Region) || (k == Kind::Admin1 && after_comma)
            }
        });
    }
    if candidates.is_empty() {
        return None;
    }
    // a trailing dot belongs to the name only when the name is an abbreviation
    let end = if surface.ends_with('.') && !candidates.iter().any(|p| p.name_kind == NameKind::Abbreviation) {
        return None;
    } else {
        e
    };
    let single = ws.len() == 1;
    if single && !looks_abbrev {
        // "Deal", "Wall", "Can": common words name only big places and areas, by their own name
        let zipf = rules.common.get(surface.to_lowercase().as_str()).copied().unwrap_or(0.0);
        let initial = sentence_initial(chars, s) || lines.title_case(chars, s);
        // a word frequent because it is a famous name ("paris", "dublin", "lebanon") keeps its
        // namesakes: Paris, Texas must stay reachable for local news
        let famous = candidates.iter().any(|p| {
            let pl = gaz.place(p.place);
            p.name_kind == NameKind::Primary
                && (pl.kind == Kind::Country || (pl.kind == Kind::City && (pl.fcode() == "PPLC" || pl.population >= FAMOUS_CITY)))
        });
        if !famous && (zipf >= COMMON_WORD_ZIPF || (initial && zipf >= COMMON_WORD_ZIPF_INITIAL)) {
            candidates.retain(|p| {
                let pl = gaz.place(p.place);
                matches!(pl.kind, Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region | Kind::Sea)
                    || (p.name_kind == NameKind::Primary && pl.population >= COMMON_WORD_MIN_POPULATION)
            });
        }
        // very short alternate names ("Up", "Can") are mostly junk in GeoNames
        if surface.chars().count() <= 3 {
            candidates.retain(|p| p.name_kind != NameKind::Alternate || gaz.place(p.place).kind.is_area());
        }
        if candidates.is_empty() {
            return None;
        }
    }
    if (single || rules.stop.contains(surface.as_str())) && rules.stop.contains(surface.trim_end_matches('.')) && !looks_abbrev_country(&candidates, gaz, &surface) {
        return None;
    }
    // "AK-47", "F-16", "Su-24": a model number, not a place
    if chars.get(end) == Some(&'-') && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // "Aleppo University", "Ohio Supreme Court", "Texas Department of Health": the place
    // names an organisation. It is still a toponym (news corpora annotate it), but marked so
    // that no event is placed on it.
    let mut in_org = false;
    let mut at = end;
    for _ in 0..3 {
        let Some(nw) = next_word(chars, at) else { break };
        if !is_capitalised(chars, nw) {
            break;
        }
        if rules.org_head.contains(word_str(chars, nw).as_str()) {
            in_org = true;
            break;
        }
        at = nw.1;
    }
    // "University of Aleppo" is an organisation too
    if let Some(pw) = prev_word(chars, s) {
        let prev = word_str(chars, pw);
        if prev == "of" {
            if let Some(ppw) = prev_word(chars, pw.0) {
                let head = word_str(chars, ppw);
                if matches!(head.as_str(), "University" | "College" | "Institute" | "Bank" | "Museum" | "Archdiocese" | "Diocese") {
                    in_org = true;
                }
            }
        }
        if rules.person_title.contains(prev.as_str()) {
            return None;
        }
    }
    let all_demonym = candidates.iter().all(|p| p.name_kind == NameKind::Demonym);
    let any_demonym = candidates.iter().any(|p| p.name_kind == NameKind::Demonym);
    let kind = if all_demonym || (any_demonym && demonym_shaped(&surface)) {
        candidates.retain(|p| p.name_kind == NameKind::Demonym);
        SpanKind::Demonym
    } else {
        candidates.retain(|p| p.name_kind != NameKind::Demonym);
        SpanKind::Place
    };
    // "Mark Zuckerberg", "Nelson": a one-word place right after a capitalised word that is
    // not a place, a title or a function word is a surname, and stays one in this article
    if kind == SpanKind::Place && single && !looks_abbrev {
        if lines.persons.iter().any(|p| *p == surface) {
            return None;
        }
        if !lines.title_case(chars, s) {
            if let Some(pw) = prev_word(chars, s) {
                let gap_is_space = chars[pw.1..s].iter().all(|c| *c == ' ');
                let prev = word_str(chars, pw);
                // "Andrew Trapani", "Roy A. Nelson": a given name or an initial before it
                let initial = prev.chars().count() == 1 && chars.get(pw.1) == Some(&'.');
                if (rules.first_name.contains(prev.as_str()) && gap_is_space) || initial {
                    lines.persons.push(surface.clone());
                    return None;
                }
                // a capitalised common word opening the sentence ("Considering Tunisia's") is no first name
                let opener = sentence_initial(chars, pw.0)
                    && rules.common.get(prev.to_lowercase().as_str()).is_some_and(|z| *z >= 3.0);
                if gap_is_space
                    && !opener
                    && is_capitalised(chars, pw)
                    && prev.chars().any(|c| c.is_lowercase())
                    && !FUNCTION_WORDS.contains(&prev.as_str())
                    && !DIRECTION_WORDS.contains(&prev.as_str())
                    && !is_time_word(&prev)
                    && !place_word(&prev)
                    && !gaz_has_word(gaz, &prev)
                {
                    lines.persons.push(surface.clone());
                    return None;
                }
            }
        }
    }
    // "Jordan Peterson", "Paris Hilton": a one-word place followed by a capitalised
    // word that is not a place word is most likely part of a person's or a firm's name
    if kind == SpanKind::Place && single && !in_org && !lines.title_case(chars, s) {
        if let Some(nw) = next_word(chars, end).filter(|nw| chars[end..nw.0].iter().all(|c| *c == ' ')) {
            let next = word_str(chars, nw);
            if is_capitalised(chars, nw)
                && !chars[end..nw.0].contains(&'-')
                && !is_time_word(&next)
                && !FUNCTION_WORDS.contains(&next.as_str())
                && !place_word(&next)
                && !gaz_has_word(gaz, &next)
            {
                // a country or a state is still named ("Pakistan Army", "Dubai Police"),
                // as part of an organisation; a town most likely starts a person's name
                let area = candidates.iter().any(|p| {
                    matches!(gaz.place(p.place).kind, Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region)
                        || gaz.place(p.place).population >= 1_000_000
                });
                if !area {
                    return None;
                }
                in_org = true;
            }
        }
    }
    // "Sutton said", "Tyler told": a small town doesn't speak; a person of that name does
    if kind == SpanKind::Place && single {
        if let Some(nw) = next_word(chars, end) {
            let next = word_str(chars, nw);
            if matches!(next.as_str(), "said" | "says" | "told" | "added" | "explained" | "wrote" | "recalled" | "noted")
                && candidates.iter().all(|p| {
                    let pl = gaz.place(p.place);
                    matches!(pl.kind, Kind::City | Kind::Admin2) && pl.population < COMMON_WORD_MIN_POPULATION
                })
            {
                return None;
            }
        }
    }
    // "The United States": the article is not part of the name when the name stands without it
    let (s, surface) = match surface.strip_prefix("The ").or_else(|| surface.strip_prefix("the ")) {
        Some(rest) if !gaz.lookup(rest).is_empty() => (s + 4, rest.to_string()),
        _ => (s, surface),
    };
    let rule = if in_org {
        "in-organisation"
    } else if kind == SpanKind::Demonym {
        "demonym"
    } else if looks_abbrev && candidates.iter().any(|p| p.name_kind == NameKind::Abbreviation) {
        "abbreviation"
    } else if sentence_initial(chars, s) {
        "gazetteer-sentence-initial"
    } else {
        "gazetteer"
    };
    Some(Toponym { start: s, end, text: surface, kind, candidates, rule })
}

fn looks_abbrev_country(cands: &[Posting], gaz: &Gazetteer, surface: &str) -> bool {
    surface.len() >= 2
        && surface.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
        && cands.iter().any(|p| p.name_kind == NameKind::Abbreviation && gaz.place(p.place).kind.is_area())
}

fn demonym_shaped(s: &str) -> bool {
    let l = s.to_lowercase();
    ["an", "ans", "ese", "ish", "ic", "i", "is", "ch", "ite", "ites", "er", "ers"]
        .iter()
        .any(|suf| l.ends_with(suf))
}

/// An all-capitals name opening a line and followed by a comma or a bracket: a dateline
/// ("MOGADISHU, Somalia (AP)").
fn dateline(chars: &[char], s: usize, e: usize) -> bool {
    let line_start = s == 0 || chars[..s].iter().rev().take_while(|c| **c != '\n').all(|c| c.is_whitespace());
    line_start && matches!(chars.get(e), Some(',') | Some(' ') if chars.get(e) == Some(&',') || chars.get(e + 1) == Some(&'('))
}

/// Capitalised function words that may follow a place name in a headline.
const FUNCTION_WORDS: [&str; 16] =
    ["The", "A", "An", "Of", "In", "On", "At", "And", "Or", "To", "For", "With", "From", "By", "As", "Is"];

/// Capitalised words that may stand before a place name ("Northeast Georgia", "Greater Manchester").
const DIRECTION_WORDS: [&str; 22] = [
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Northeast",
    "Northwest", "Southeast", "Southwest", "Central", "Greater", "Upper", "Lower", "Downtown", "Old",
    "New", "Inner", "Outer", "Metro",
];

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
            | "January" | "February" | "March" | "April" | "May" | "June" | "July" | "August"
            | "September" | "October" | "November" | "December" | "Jan" | "Feb" | "Mar" | "Apr"
            | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec"
    )
}

/// Words that, capitalised after a place, still describe the place ("Idlib Province").
pub fn place_word(w: &str) -> bool {
    matches!(
        w,
        "Province" | "Governorate" | "District" | "County" | "City" | "Region" | "State"
            | "River" | "Valley" | "Mountains" | "Mountain" | "Sea" | "Gulf" | "Lake" | "Island"
            | "Islands" | "Airport" | "Base" | "Prison" | "Square" | "Camp" | "Border" | "Crossing"
            | "Strip" | "Bank" | "Plain" | "Plains" | "Desert" | "Peninsula" | "Area" | "Countryside"
            | "Coast" | "Highway" | "Road" | "Street" | "Municipality" | "Oblast" | "Prefecture"
            | "Department" | "Parish" | "Township" | "Borough" | "Village" | "Town" | "Harbour"
            | "Harbor" | "Port" | "Bay" | "Ocean" | "Hills" | "Heights" | "Dam"
    )
}

fn gaz_has_word(gaz: &Gazetteer, w: &str) -> bool {
    // only well-known places count here: a big city, a country or an admin area
    gaz.lookup(w).iter().any(|p| {
        let pl = gaz.place(p.place);
        p.name_kind != NameKind::Demonym && (pl.kind.is_area() || pl.population >= 100_000)
    })
}

/// Which lines of the text are Title Case headlines, computed once per line on demand.
#[derive(Default)]
struct DocState {
    /// (line start, line end, title case?)
    lines: Vec<(usize, usize, bool)>,
    /// Words already seen as part of a person's name ("Mark Zuckerberg" → "Zuckerberg").
    persons: Vec<String>,
}

impl DocState {
    /// Headlines in Title Case make every word capitalised: don't read names into that.
    fn title_case(&mut self, chars: &[char], s: usize) -> bool {
        if let Some(l) = self.lines.iter().find(|l| l.0 <= s && s < l.1.max(l.0 + 1)) {
            return l.2;
        }
        let mut a = s;
        while a > 0 && chars[a - 1] != '\n' {
            a -= 1;
        }
        let mut b = s;
        while b < chars.len() && chars[b] != '\n' {
            b += 1;
        }
        let flag = (b - a) < 200 && {
            let ws = words(chars, a, b);
            let caps = ws.iter().filter(|w| is_capitalised(chars, **w)).count();
            ws.len() >= 3
                && caps * 10 >= ws.len() * 8
                && !chars[a..b].iter().rev().find(|c| !c.is_whitespace()).is_some_and(|c| *c == '.')
        };
        self.lines.push((a, b, flag));
        flag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_text_maps_word_ends_back_to_chars() {
        let nt = NormText::new("Deir ez-Zor, Ḩalab's");
        assert_eq!(std::str::from_utf8(&nt.norm).unwrap(), "deir ez zor, halabs");
        // "deir" ends at byte 4, which is char 4 (the space)
        assert_eq!(nt.end_char[4], 4);
        // "deir ez zor" ends at byte 11 → char 11 (the comma)
        assert_eq!(nt.end_char[11], 11);
        assert_eq!(nt.chars[11], ',');
    }
}
