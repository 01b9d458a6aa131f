//! Toponym recognition: find place-name spans in text with the gazetteer's name index.
//!
//! The text is normalised once (same rules as the gazetteer keys) with a map back to
//! character offsets; from each capitalised word start the FST is walked byte by byte and
//! every word boundary where a name ends is a candidate. The longest candidate that passes
//! the word-list rules in `data/lexicon/toponym_rules.txt` wins.

// (the word lists and memos here are only looked up, never iterated in an order that counts)
use crate::resolve::fxhash::{FxLookupMap, FxLookupSet as HashSet};
use std::sync::OnceLock;

use crate::resolve::candidates::Candidates;
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
    pub candidates: Candidates,
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
    /// Capitalised words that close a place name of their own shape ("Cowley Road",
    /// "Glenrock Lagoon", "Barclays Center"), and words that open one ("Lake", "Mount").
    pub street_head: HashSet<&'static str>,
    pub feature_head: HashSet<&'static str>,
    pub facility_head: HashSet<&'static str>,
    pub prefix_head: HashSet<&'static str>,
    /// The generic words that open an Arabic, Hebrew or Kurdish place name ("Tal Abyad", "Umm
    /// Batna"): prefix heads too, whose names are places of their own, not parts of another.
    pub name_opener: HashSet<&'static str>,
    /// Lower-case nouns for settlements and divisions: "Torkula village", "the town of Makeen".
    pub settlement_noun: HashSet<&'static str>,
    /// Capitalised adjectives of faiths, peoples and parties that stand before a settlement
    /// noun without naming a place ("a Shiite area", "the Sikh area").
    pub group_adjective: HashSet<&'static str>,
    /// Letters that open a British road number ("A120", "M4"), and the nouns that make such
    /// a code a weapon or an aircraft instead ("the M4 carbine").
    pub road_prefix: HashSet<&'static str>,
    pub weapon_noun: HashSet<&'static str>,
    /// Lower-case words after a seat of government that make it the institution speaking or
    /// staffed ("White House press secretary", "the Kremlin said"), not the building.
    pub institution_voice: HashSet<&'static str>,
    /// Capitalised titles of an office after the place it serves ("Gainesville Mayor Myrtle
    /// Figueras", "Oxford MPP Ernie Hardeman"): the place stays a place, not a surname.
    pub jurisdiction_title: HashSet<&'static str>,
    /// Lower-case nouns that only a person has, after a name's possessive ("Robertson's
    /// daughter", "Abbas's aides"): the name is a surname for the whole article.
    pub person_possession: HashSet<&'static str>,
    /// Words after an Arabic article that name a movement, a channel or a family, not a
    /// village ("al-Qaeda", "al-Jazeera", "al-Assad"; see [`arabic_article_name`]).
    pub arabic_not_place: HashSet<&'static str>,
    /// Lower-case verbs of going or sending that make the "to" after them lead a place
    /// ("fled to Amman"; see [`motion_before`]).
    pub motion_verb: HashSet<&'static str>,
    /// Lower-case words after a name that make it a town's ("Roselle police"; see
    /// [`local_noun_follows`]).
    pub local_noun: HashSet<&'static str>,
    /// Nouns of a town's people and homes that make a given name before them a town ("a
    /// Winona man").
    pub hometown_noun: HashSet<&'static str>,
    /// Common English words → Zipf frequency (`data/lexicon/english_common.tsv`).
    /// Keyed by the word's bytes, so that a word lower-cased on the stack is looked up without
    /// a UTF-8 check.
    pub common: FxLookupMap<&'static [u8], f32>,
    /// The words of `common` of up to 15 ASCII chars by their [`pack_word`] key: hashed as
    /// one integer and compared as one, without a byte loop or a `memcmp` call.
    common_short: FxLookupMap<u128, f32>,
    /// Every head word of the four lists above (street, feature, facility, prefix): most
    /// capitalised words are no head, told in one look-up.
    heads: HashSet<&'static str>,
    /// Cheap first tests for the lists looked up word by word (see [`Sieve`]).
    sieve: Sieves,
}

/// [`Sieve`]s of the word lists that are tried on most words of an article.
#[derive(Default)]
struct Sieves {
    heads: Sieve,
    settlement_noun: Sieve,
    person_title: Sieve,
    person_possession: Sieve,
    /// The lower-case words after a capitalised one that the person pass reads: the speech
    /// verbs and [`Rules::person_possession`] ("Chester said", "Robertson's daughter").
    person_after: Sieve,
    first_name: Sieve,
    article: Sieve,
    org_head: Sieve,
    stop: Sieve,
    /// The [`Tok::marks`] of a bare ASCII word by its first byte and triple.
    tok_marks: TokMarks,
}

impl Sieves {
    /// Whether the title or given-name sieve lets a word of the triple `tri` (not
    /// [`NO_TRIPLE`]) through: the words [`doc_persons`] may read as opening a name ([`TOK_LEAD`]).
    fn person_lead(&self, tri: u16) -> bool {
        self.person_title.may_hold_tri(tri) || self.first_name.may_hold_tri(tri)
    }
}

/// A first test for a word list: the lengths (in chars) and the ASCII first characters of
/// its words. A word that fails it is not in the list; one that passes may be, and is
/// looked up. Words with a non-ASCII first character always pass.
///
/// A word with ASCII first and last chars is also tested against the (length, first char,
/// last char) triples of the list's words ([`Sieve::triple`]), far fewer than the three
/// tested apart. The sieve holds the list's short ASCII words packed into integers
/// ([`pack_word`]), so that [`Sieve::holds`] looks a word given as chars up without
/// encoding it as a `&str`.
struct Sieve {
    lens: u64,
    firsts: u128,
    lasts: u128,
    /// Bit [`Sieve::triple`] set for each word of the list with ASCII first and last chars.
    triples: [u64; 1 << 8],
    /// Bit [`Sieve::ends_bit`] set for each word of the list: the second test of
    /// [`Sieve::looked_up`], by the word's two first and two last chars, which turns down most
    /// words the triple lets through (a given name's triple is that of many capitalised
    /// words) before they are packed and hashed. It has 16 bits or more per word of the
    /// list, a power of two of them: `ends_shift` is 32 less its log.
    ends: Box<[u64]>,
    ends_shift: u32,
    packed: HashSet<u128>,
}

impl Default for Sieve {
    /// The sieve of an empty list: nothing passes.
    fn default() -> Sieve {
        Sieve { lens: 0, firsts: 0, lasts: 0, triples: [0; 1 << 8], ends: vec![0; 1].into_boxed_slice(), ends_shift: 26, packed: HashSet::default() }
    }
}

impl Sieve {
    fn of(set: &HashSet<&str>) -> Sieve {
        let mut s = Sieve::default();
        let log = (set.len().max(1) * 16).next_power_of_two().trailing_zeros().max(6);
        s.ends = vec![0; 1 << (log - 6)].into_boxed_slice();
        s.ends_shift = 32 - log;
        for w in set {
            s.lens |= 1 << w.chars().count().min(63);
            if let Some(c) = w.chars().next().filter(|c| c.is_ascii()) {
                s.firsts |= 1 << c as u32;
            }
            match w.chars().last() {
                Some(c) if c.is_ascii() => s.lasts |= 1 << c as u32,
                // a word ending outside ASCII: every last char passes
                Some(_) => s.lasts = u128::MAX,
                None => {}
            }
            if let Some(k) = pack_word(w.chars()) {
                s.packed.insert(k);
            }
            let cs: Vec<char> = w.chars().collect();
            if !cs.is_empty() {
                let b = s.ends_bit(&cs);
                s.ends[b >> 6] |= 1 << (b & 63);
            }
        }
        for w in set {
            if let (Some(f), Some(l)) = (w.chars().next(), w.chars().last()) {
                if f.is_ascii() && l.is_ascii() {
                    let t = Sieve::triple(f, l, w.chars().count());
                    s.triples[t >> 6] |= 1 << (t & 63);
                }
            }
        }
        s
    }

    /// A word's (length up to 15, first char, last char) as one of 2^14 bits; the chars
    /// ASCII, five bits of each (so "A" and "a" share theirs).
    const fn triple(first: char, last: char, len: usize) -> usize {
        let len = if len < 15 { len } else { 15 };
        (len << 10) | ((first as usize & 31) << 5) | (last as usize & 31)
    }

    /// The [`Sieve::triple`] of an ASCII word, as a token carries it ([`Tok::tri`]).
    const fn triple_of(w: &str) -> u16 {
        let b = w.as_bytes();
        Sieve::triple(b[0] as char, b[b.len() - 1] as char, b.len()) as u16
    }

    /// Whether a word opening with `first` may be in the list, by that char alone (one bit
    /// for an ASCII char: cheaper than [`Sieve::may_hold_word`]'s, which it goes before where
    /// most words are turned down by their first letter).
    #[inline(always)]
    fn may_hold_first(&self, first: char) -> bool {
        !first.is_ascii() || (self.firsts >> first as u32) & 1 == 1
    }

    /// Whether a word of `len` chars opening with `first` may be in the list.
    fn may_hold(&self, first: char, len: usize) -> bool {
        (self.lens >> len.min(63)) & 1 == 1 && (!first.is_ascii() || (self.firsts >> first as u32) & 1 == 1)
    }

    /// Whether the word `w` is in `list`, the list this sieve was made of: the sieve first,
    /// then the packed words, or the list itself for a long or non-ASCII word.
    /// (Inlined: most words are turned down by the sieve, without a call.)
    #[inline(always)]
    fn holds(&self, list: &HashSet<&'static str>, w: &[char]) -> bool {
        self.may_hold_word(w) && self.looked_up(list, w)
    }

    /// [`Sieve::holds`] for the word of the token `t`, by the triple it carries.
    #[inline(always)]
    fn holds_tok(&self, list: &HashSet<&'static str>, chars: &[char], t: &Tok) -> bool {
        if t.tri == NO_TRIPLE {
            return self.holds(list, &chars[t.s()..t.e()]);
        }
        // (the word sliced only for the few the bit lets through, and tested by its ends
        // inline: the tokens of the settlement-noun and given-name tests are many)
        self.may_hold_tri(t.tri) && {
            let w = &chars[t.s()..t.e()];
            self.may_hold_by_ends(w) && self.packed_up(list, w)
        }
    }

    /// [`Sieve::may_hold_ends`] for a word of the triple `tri` (not [`NO_TRIPLE`]).
    #[inline(always)]
    fn may_hold_tri(&self, tri: u16) -> bool {
        // (a triple has 14 bits: the mask only spares the bounds check)
        let t = tri as usize;
        (self.triples[(t >> 6) & 0xff] >> (t & 63)) & 1 == 1
    }

    /// One of the bits of `ends` for the word `w` (not empty): a hash of its length and of five
    /// bits of each of its two first and two last chars (a word of the list has the bit of its own).
    #[inline(always)]
    fn ends_bit(&self, w: &[char]) -> usize {
        let n = w.len();
        let bits = |c: char| c as u32 & 31;
        let k = (n.min(31) as u32) << 20 | bits(w[0]) << 15 | bits(w[1.min(n - 1)]) << 10 | bits(w[n.saturating_sub(2)]) << 5 | bits(w[n - 1]);
        (k.wrapping_mul(0x9e37_79b1) >> self.ends_shift) as usize
    }

    /// Whether the word `w` (not empty) has the bit of `ends` of a word of the list.
    #[inline(always)]
    fn may_hold_by_ends(&self, w: &[char]) -> bool {
        let b = self.ends_bit(w);
        (self.ends[b >> 6] >> (b & 63)) & 1 == 1
    }

    #[inline(never)]
    fn looked_up(&self, list: &HashSet<&'static str>, w: &[char]) -> bool {
        (w.is_empty() || self.may_hold_by_ends(w)) && self.packed_up(list, w)
    }

    /// [`Sieve::looked_up`] past the test of `ends`.
    #[inline(never)]
    fn packed_up(&self, list: &HashSet<&'static str>, w: &[char]) -> bool {
        match pack_chars(w.iter().map(|&c| c as u32)) {
            Some(k) => self.packed.contains(&k),
            None => with_str(w, |w| list.contains(w)),
        }
    }

    /// [`Sieve::may_hold`] for the word `w`, also by its last char.
    #[inline(always)]
    fn may_hold_word(&self, w: &[char]) -> bool {
        match (w.first(), w.last()) {
            (Some(f), Some(l)) => self.may_hold_ends(*f, *l, w.len()),
            _ => false,
        }
    }

    /// Whether a word of `len` chars from `first` to `last` may be in the list.
    #[inline(always)]
    fn may_hold_ends(&self, first: char, last: char, len: usize) -> bool {
        if first.is_ascii() && last.is_ascii() {
            let t = Sieve::triple(first, last, len);
            (self.triples[t >> 6] >> (t & 63)) & 1 == 1
        } else {
            self.may_hold(first, len) && (!last.is_ascii() || (self.lasts >> last as u32) & 1 == 1)
        }
    }
}

/// A word of up to 15 ASCII chars packed into an integer: its bytes, and its length in the
/// top byte (so that no two words share a key). `None` for any other word.
/// (Built in two 64-bit halves: a shift of a `u128` by a variable amount takes several
/// instructions, and [`Sieve::looked_up`] packs every word the sieves let through.)
fn pack_word(w: impl Iterator<Item = char>) -> Option<u128> {
    let (mut lo, mut hi) = (0u64, 0u64);
    let mut n = 0;
    for c in w {
        if n == 15 || !c.is_ascii() {
            return None;
        }
        if n < 8 {
            lo |= (c as u64) << (8 * n);
        } else {
            hi |= (c as u64) << (8 * (n - 8));
        }
        n += 1;
    }
    Some(lo as u128 | (hi as u128) << 64 | (n as u128) << 120)
}

/// [`pack_word`] of a word given as its chars' code points (`ExactSizeIterator`: its
/// length known first), without a test and a branch per char: the first eight and the rest
/// packed in two loops, and the chars OR-ed together to be tested for ASCII once at the end.
#[inline]
fn pack_chars(mut w: impl ExactSizeIterator<Item = u32>) -> Option<u128> {
    let n = w.len();
    if n > 15 {
        return None;
    }
    let (mut lo, mut hi, mut all) = (0u64, 0u64, 0u32);
    // (a char past 0x7f spills into the next byte, but then the word is refused below)
    for (i, c) in w.by_ref().take(8).enumerate() {
        all |= c;
        lo |= (c as u64) << (8 * i);
    }
    for (i, c) in w.enumerate() {
        all |= c;
        hi |= (c as u64) << (8 * i);
    }
    (all < 0x80).then_some(lo as u128 | (hi as u128) << 64 | (n as u128) << 120)
}

/// A single word this common (Zipf ≥ 4: "deal", "wall", "can") names a place only when the
/// place is big or an area and is called by its own name.
pub const COMMON_WORD_ZIPF: f32 = 4.0;
/// A city this large (or a capital) makes its name's word frequency a name's, not a word's.
const FAMOUS_CITY: u32 = 1_000_000;
/// Headline and sentence-initial words need less to be suspect.
pub const COMMON_WORD_ZIPF_INITIAL: f32 = 3.0;
/// A place this large is not taken for a surname across the article on one "X Name" pair.
const KNOWN_PLACE_POPULATION: u32 = 100_000;
/// The population from which a place may share its name with a common word.
pub const COMMON_WORD_MIN_POPULATION: u32 = 100_000;

impl Rules {
    /// The embedded rule lists.
    pub fn embedded() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut r = Rules::parse(include_str!("../../data/lexicon/toponym_rules.txt"));
            for line in include_str!("../../data/lexicon/first_names.txt").lines() {
                let n = line.trim();
                if !n.is_empty() && !n.starts_with('#') {
                    r.first_name.insert(n);
                }
            }
            r.sieve = Sieves {
                heads: Sieve::of(&r.heads),
                settlement_noun: Sieve::of(&r.settlement_noun),
                person_title: Sieve::of(&r.person_title),
                person_possession: Sieve::of(&r.person_possession),
                person_after: Sieve::of(&r.person_possession.iter().copied().chain(SPEECH_VERBS).collect()),
                first_name: Sieve::of(&r.first_name),
                article: Sieve::of(&r.article),
                org_head: Sieve::of(&r.org_head),
                stop: Sieve::of(&r.stop),
                tok_marks: TokMarks::default(),
            };
            r.sieve.tok_marks = TokMarks::of(&r.sieve);
            for line in include_str!("../../data/lexicon/english_common.tsv").lines() {
                if line.starts_with('#') {
                    continue;
                }
                if let Some((w, z)) = line.split_once('\t') {
                    r.common.insert(w.as_bytes(), z.parse().unwrap_or(0.0));
                }
            }
            for (w, z) in &r.common {
                if let Some(k) = pack_word(w.iter().map(|&b| b as char)) {
                    r.common_short.insert(k, *z);
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
            street_head: HashSet::default(),
            feature_head: HashSet::default(),
            facility_head: HashSet::default(),
            prefix_head: HashSet::default(),
            name_opener: HashSet::default(),
            settlement_noun: HashSet::default(),
            group_adjective: HashSet::default(),
            road_prefix: HashSet::default(),
            weapon_noun: HashSet::default(),
            institution_voice: HashSet::default(),
            jurisdiction_title: HashSet::default(),
            person_possession: HashSet::default(),
            arabic_not_place: HashSet::default(),
            motion_verb: HashSet::default(),
            local_noun: HashSet::default(),
            hometown_noun: HashSet::default(),
            common: FxLookupMap::default(),
            common_short: FxLookupMap::default(),
            heads: HashSet::default(),
            sieve: Sieves::default(),
        };
        for (section, line) in super::lexicon::entries(text) {
            let set = match section {
                "stop" => &mut r.stop,
                "connector" => &mut r.connector,
                "article" => &mut r.article,
                "org_head" => &mut r.org_head,
                "person_title" => &mut r.person_title,
                "first_name" => &mut r.first_name,
                "street_head" => &mut r.street_head,
                "feature_head" => &mut r.feature_head,
                "facility_head" => &mut r.facility_head,
                "prefix_head" => &mut r.prefix_head,
                "name_opener" => &mut r.name_opener,
                "settlement_noun" => &mut r.settlement_noun,
                "group_adjective" => &mut r.group_adjective,
                "road_prefix" => &mut r.road_prefix,
                "weapon_noun" => &mut r.weapon_noun,
                "institution_voice" => &mut r.institution_voice,
                "jurisdiction_title" => &mut r.jurisdiction_title,
                "person_possession" => &mut r.person_possession,
                "arabic_not_place" => &mut r.arabic_not_place,
                "motion_verb" => &mut r.motion_verb,
                "local_noun" => &mut r.local_noun,
                "hometown_noun" => &mut r.hometown_noun,
                _ => continue,
            };
            set.insert(line);
        }
        r.prefix_head.extend(r.name_opener.iter().copied());
        r.heads = [&r.street_head, &r.feature_head, &r.facility_head, &r.prefix_head].into_iter().flatten().copied().collect();
        r
    }
}

/// An article's text as characters plus its normalised form with offsets both ways.
///
/// Built in one pass over the bytes (ASCII inline, classed by a table; only other characters go through
/// [`normalize_char`]), which also records the words; [`NormText::set`] refills an existing
/// one so that its buffers are reused from article to article.
///
/// The offsets between chars and normalised bytes are kept as runs, not per char: in news text
/// nearly every char gives one normalised byte, so the offset only jumps at a few places (a
/// quote, a run of spaces, a decomposed letter), and recognition asks for it at a few hundred.
#[derive(Debug, Default)]
pub struct NormText {
    pub chars: Vec<char>,
    /// Normalised bytes (see [`crate::resolve::normalize`]).
    pub norm: Vec<u8>,
    /// The words: maximal runs of letters and digits, as char offsets `(start, end)` and
    /// where the word's text starts in `norm`, one record per word so that [`NormText::set`]
    /// writes one, not a span and a start into two buffers: the first `n_words` (the buffer is
    /// only grown, like `toks`, and written by index; see [`NormText::words`]).
    words: Vec<(u32, u32, u32)>,
    n_words: usize,
    /// The runs of chars whose normalised text starts one byte after the char before's:
    /// `(first char, where its text starts in norm, where the run's last char's does)`,
    /// then one `(chars + 1, 0, 0)` as an end mark. Char `chars.len()` ends the text at
    /// `norm.len()`.
    runs: Vec<(u32, u32, u32)>,
    /// `run_at[b / 64]`: the first run whose last char starts at or after byte `b / 64 * 64`,
    /// so that [`NormText::end_char`] steps over a run or two, not a search.
    run_at: Vec<u32>,
    /// The whitespace-separated tokens (see [`Tok`]), found in the same pass: the first
    /// `n_toks`. The buffer is only grown (to one token per two chars, the most a text can
    /// have), so that [`NormText::set`] writes them by index without refilling it.
    toks: Vec<Tok>,
    n_toks: usize,
    /// Where the newlines are (char offsets), found with the tokens.
    breaks: Vec<usize>,
    /// Work buffer of [`NormText::set`] for `norm`, swapped with the output.
    work: Vec<u8>,
    /// The text itself, so that a span's text is a slice of it ([`NormText::text`]) instead of
    /// its chars encoded again.
    text: String,
    /// For each char outside ASCII: its char offset, and how many bytes more than chars the
    /// text has up to and with it (a char's byte offset is its char offset plus the count of
    /// the last such char before it).
    wide: Vec<(u32, u32)>,
    /// `wide_at[c / 64]`: the first entry of `wide` at or after char `c / 64 * 64`, so that
    /// [`NormText::text`] steps over an entry or two, not a search.
    wide_at: Vec<u32>,
}

/// Char `k` starts at normalised byte `b`: a new run of [`NormText::runs`] unless it is the
/// byte after the char before's; `next` is then the byte the char after would continue it at.
#[inline(always)]
fn at(runs: &mut Vec<(u32, u32, u32)>, next: &mut usize, k: usize, b: usize) {
    if b != *next {
        runs.push((k as u32, b as u32, 0));
    }
    *next = b + 1;
}

/// The byte span of [`NormText::run_at`]'s blocks (a power of two).
const RUN_BLOCK: usize = 64;
/// The char span of [`NormText::wide_at`]'s blocks (a power of two).
const WIDE_BLOCK: usize = 64;

impl NormText {
    pub fn new(text: &str) -> NormText {
        let mut nt = NormText::default();
        nt.set(text);
        nt
    }

    /// Where char `k`'s own text starts in `norm` (`k` up to `chars.len()`, which gives
    /// `norm.len()`).
    pub fn norm_pos(&self, k: usize) -> usize {
        let r = self.runs.partition_point(|r| r.0 as usize <= k) - 1;
        let (c, n, _) = self.runs[r];
        n as usize + (k - c as usize)
    }

    /// The text of the chars `s..e` (`e` up to `chars.len()`), a slice of the text.
    pub fn text(&self, s: usize, e: usize) -> &str {
        if self.wide.is_empty() {
            return &self.text[s..e];
        }
        // the wide chars before `s` from its block's first, those inside the span (mostly
        // none) one by one
        let extra = |w: usize| if w == 0 { 0 } else { self.wide[w - 1].1 as usize };
        let mut w = self.wide_at[s / WIDE_BLOCK] as usize;
        while w < self.wide.len() && (self.wide[w].0 as usize) < s {
            w += 1;
        }
        let a = s + extra(w);
        while w < self.wide.len() && (self.wide[w].0 as usize) < e {
            w += 1;
        }
        &self.text[a..e + extra(w)]
    }

    /// The words: maximal runs of letters and digits, as `(start char, end char, where the
    /// word's text starts in norm)`.
    pub fn words(&self) -> &[(u32, u32, u32)] {
        &self.words[..self.n_words]
    }

    /// Where word `w` of [`NormText::words`] starts in `norm`.
    pub fn word_norm(&self, w: usize) -> usize {
        self.words[w].2 as usize
    }

    /// The smallest char index whose text starts at normalised byte `b` (up to `norm.len()`),
    /// or `u32::MAX` when none does (a byte inside a decomposed char, a space left by a run of
    /// separators).
    #[inline]
    pub fn end_char(&self, b: usize) -> u32 {
        let mut r = self.run_at[b / RUN_BLOCK] as usize;
        while (self.runs[r].2 as usize) < b {
            r += 1;
        }
        let (c, n, _) = self.runs[r];
        if n as usize <= b {
            c + (b as u32 - n)
        } else {
            u32::MAX
        }
    }

    /// Normalise `text` into this value, reusing its buffers.
    ///
    /// The text is read in stretches of ASCII, whose chars are the bytes widened (in one
    /// loop the compiler vectorises) and whose normalised bytes are written by a loop over
    /// the bytes, classed by a table; each other char goes through [`normalize_char`].
    /// `norm` is written by index into a work buffer sized for the worst case (ASCII never
    /// makes it longer than the text), seen as a slice so that the stores need not reload
    /// its length, then swapped out.
    pub fn set(&mut self, text: &str) {
        let NormText { chars, norm: out_norm, words, n_words, runs, run_at, toks: tok_buf, n_toks, breaks, work: work_norm, text: own_text, wide, wide_at } = self;
        own_text.clear();
        own_text.push_str(text);
        wide.clear();
        wide_at.clear();
        chars.clear();
        chars.reserve(text.len());
        runs.clear();
        run_at.clear();
        breaks.clear();
        // (each token but the last takes two chars at least: itself and a space or a comma)
        if tok_buf.len() < text.len() / 2 + 2 {
            tok_buf.resize(text.len() / 2 + 2, Tok::bare(0, 1, b'a', b'a', &Rules::embedded().sieve.tok_marks));
        }
        // (each word but the last is followed by a char that is not in it)
        if words.len() < text.len() / 2 + 2 {
            words.resize(text.len() / 2 + 2, (0, 0, 0));
        }
        let mut wout = WordOut { buf: &mut words[..], n: 0, open_norm: 0 };
        let wout = &mut wout;
        let mut toks = TokOut { buf: &mut tok_buf[..], n: 0, marks: &Rules::embedded().sieve.tok_marks };
        let toks = &mut toks;
        let mut tok = TokState { open: None, stop: TOKEN_SPACE };
        // the work buffer (last article's output) is only grown, so that it is not refilled
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
        // where the next char's text starts if it continues the current run
        // (none yet: the first char opens one)
        let mut run_next = usize::MAX;
        {
            let mut norm: &mut [u8] = &mut work_norm[..];
            while i < bytes.len() {
                // the ASCII stretch from `i`: 32 bytes tested at once (as four words or'ed), then
                // eight, the first byte past it found in the eight that hold it from their high
                // bits; byte by byte only in the text's last few
                // (chunks of the rest, not slices at `p`: no test of `p + 32` overflowing)
                let rest = &bytes[i..];
                let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0x80; 8]));
                let mut p = 0;
                for c in rest.chunks_exact(32) {
                    if (word(&c[..8]) | word(&c[8..16]) | word(&c[16..24]) | word(&c[24..])) & ASCII_HIGH_BITS != 0 {
                        break;
                    }
                    p += 32;
                }
                let mut ended = false;
                for c in rest[p..].chunks_exact(8) {
                    let high = word(c) & ASCII_HIGH_BITS;
                    if high != 0 {
                        p += high.trailing_zeros() as usize / 8;
                        ended = true;
                        break;
                    }
                    p += 8;
                }
                if !ended {
                    while p < rest.len() && rest[p] < 0x80 {
                        p += 1;
                    }
                }
                let p = i + p;
                let src = &bytes[i..p];
                chars.extend(src.iter().map(|&b| char::from(b)));
                let n = src.len();
                let k0 = k;
                let mut j = 0;
                while j < n {
                    let b = src[j];
                    let kj = k0 + j;
                    let class = ASCII_CLASS[b as usize];
                    if class == ASCII_WORD {
                        // a run of ASCII letters and digits: all text, inside one word
                        // (the space a separator run leaves is emitted before the next text)
                        if pending && mark > 0 {
                            norm[mark] = b' ';
                            mark += 1;
                        }
                        pending = false;
                        let opens = word_start.is_none();
                        if opens {
                            word_start = Some(kj as u32);
                            wout.start(mark);
                            tok.word(chars, kj, b as char, toks);
                        }
                        at(runs, &mut run_next, kj, mark);
                        // a word opening its token: `space_words` from its first byte, which
                        // finds its end too and walks on while one space and a word follow
                        // (none may: it then gives the word's end alone, where `word_run` would)
                        // (`space_words` reads the byte before the word in `norm`: none at 0)
                        if opens && tok.open == Some(kj) && mark > 0 {
                            let (ks, q, w) = space_words(src, k0, j, j, norm, mark, &mut wout.buf[wout.n..], &mut toks.buf[toks.n..], &toks.marks.0);
                            wout.n += w;
                            toks.n += w;
                            wout.open_norm = (ks + mark - kj) as u32;
                            j += q;
                            mark += q;
                            word_start = Some(ks as u32);
                            tok.open = Some(ks);
                            run_next = mark;
                            continue;
                        }
                        let t = word_run(&src[j..], &mut norm[mark..mark + (n - j)]);
                        mark += t;
                        j += t;
                        // the commonest gap, one space before another ASCII word, without the
                        // general steps: the token ends at the space, the space is written at
                        // once, and the offsets run on (here for the words the walk above does
                        // not take: one going on from an earlier stretch, one whose token opened
                        // before it, the text's first)
                        if j + 1 < n && src[j] == b' ' && ASCII_WORD_BYTE[src[j + 1] as usize] {
                            let s = word_start.map_or(usize::MAX, |s| s as usize);
                            let mut sj = s.wrapping_sub(k0);
                            // (the token is the word, begun in this stretch: a bare ASCII word,
                            // its first and last bytes at hand; else the first gap the general way)
                            if tok.open != Some(s) || s < k0 {
                                let kj = k0 + j;
                                if let Some(a) = tok.open {
                                    push_token(chars, a, kj, toks);
                                }
                                wout.span(s as u32, kj as u32);
                                norm[mark] = b' ';
                                mark += 1;
                                wout.start(mark);
                                // (the next word walked from its first byte: `space_words` finds
                                // its end)
                                j += 1;
                                sj = j;
                            }
                            let ks;
                            // (the records' buffers from where they are written on; their counts
                            // stepped on here, not through references kept in the walk)
                            let (q, w);
                            (ks, q, w) = space_words(src, k0, sj, j, norm, mark, &mut wout.buf[wout.n..], &mut toks.buf[toks.n..], &toks.marks.0);
                            wout.n += w;
                            toks.n += w;
                            wout.open_norm = (ks + mark - (k0 + j)) as u32;
                            j += q;
                            mark += q;
                            word_start = Some(ks as u32);
                            tok.open = Some(ks);
                            tok.stop = TOKEN_SPACE;
                        }
                        run_next = mark;
                        continue;
                    }
                    // the other ASCII chars: same rules as normalize_char, classes from a table
                    j += 1;
                    tok.other(chars, kj, b as char, toks, breaks);
                    // the words: maximal runs of letters and digits (no letter or digit here)
                    if let Some(s) = word_start {
                        wout.span(s, kj as u32);
                        word_start = None;
                    }
                    if class == ASCII_TEXT {
                        // (a pending space stands for an earlier separator that wrote nothing)
                        if pending && mark > 0 {
                            norm[mark] = b' ';
                            mark += 1;
                        }
                        pending = false;
                        at(runs, &mut run_next, kj, mark);
                        // (no letters in this class: the byte is its own lower case)
                        norm[mark] = b;
                        mark += 1;
                    } else {
                        pending |= class == ASCII_SEPARATOR;
                        at(runs, &mut run_next, kj, mark);
                    }
                }
                k += n;
                i = p;
                if i == bytes.len() {
                    break;
                }
                let space_first = pending && mark > 0;
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                i += c.len_utf8();
                chars.push(c);
                // (the text's bytes so far less its chars so far, this one included)
                wide.push((k as u32, (i - (k + 1)) as u32));
                // a word starting here: its normalised start is known below
                let mut opens = false;
                match (is_word(c), word_start) {
                    (true, None) => {
                        word_start = Some(k as u32);
                        opens = true;
                        tok.word(chars, k, c, toks);
                    }
                    (true, Some(_)) => {}
                    (false, w) => {
                        if let Some(s) = w {
                            wout.span(s, k as u32);
                            word_start = None;
                        }
                        tok.other(chars, k, c, toks, breaks);
                    }
                }
                k += 1;
                // common news punctuation outside ASCII, without decomposition
                let own = match c {
                    '’' | '‘' | '“' | '”' | 'ʼ' | '´' => mark,
                    '–' | '—' | '‐' | '‑' | '‒' | '\u{a0}' | '\u{2009}' | '\u{202f}' => {
                        pending = true;
                        mark
                    }
                    _ => {
                        scratch.clear();
                        match normalize_char(c, &mut scratch, space_first) {
                            Piece::Separator => {
                                pending = true;
                                mark
                            }
                            Piece::Skip => mark,
                            Piece::Text => {
                                let own = if space_first { mark + 1 } else { mark };
                                pending = false;
                                // a decomposition may be longer than the char: keep room for the rest
                                let need = mark + scratch.len() + (bytes.len() - i) + 16;
                                if norm.len() < need {
                                    work_norm.resize(need, 0);
                                    norm = &mut work_norm[..];
                                }
                                norm[mark..mark + scratch.len()].copy_from_slice(scratch.as_bytes());
                                mark += scratch.len();
                                own
                            }
                        }
                    }
                };
                at(runs, &mut run_next, k - 1, own);
                if opens {
                    wout.start(own);
                }
            }
            at(runs, &mut run_next, k, mark);
            if let Some(a) = tok.open {
                push_token(chars, a, k, toks);
            }
        }
        *n_toks = toks.n;
        if let Some(s) = word_start {
            wout.span(s, k as u32);
        }
        *n_words = wout.n;
        // each run's last char's start, from the next run's first char (the end mark's
        // after the last); and, in the same pass, the first run of each block: the runs whose
        // last chars start at or after its first byte (those starts grow with the runs, and the
        // last run's is `mark`, so that every block gets one)
        runs.push((k as u32 + 1, 0, 0));
        // (the runs seen as a slice, whose place and length stay in registers while `run_at`
        // grows; each run's blocks added in one `extend`)
        let rs = &mut runs[..];
        let mut block_start = 0;
        for r in 0..rs.len() - 1 {
            let last = rs[r].1 + (rs[r + 1].0 - rs[r].0) - 1;
            rs[r].2 = last;
            let upto = (last as usize).min(mark);
            if block_start <= upto {
                let blocks = (upto - block_start) / RUN_BLOCK + 1;
                run_at.extend(std::iter::repeat_n(r as u32, blocks));
                block_start += blocks * RUN_BLOCK;
            }
        }
        // the first wide char of each block of chars, from the wide chars (fewer than the
        // blocks): each is the first of the blocks from the one after its predecessor's to its
        // own; the blocks after the last have none (none at all when the text has none: `text`
        // then slices at once)
        if !wide.is_empty() {
            let mut block_start = 0;
            for (w, &(c, _)) in wide.iter().enumerate() {
                while block_start <= c as usize {
                    wide_at.push(w as u32);
                    block_start += WIDE_BLOCK;
                }
            }
            while block_start <= k {
                wide_at.push(wide.len() as u32);
                block_start += WIDE_BLOCK;
            }
        }
        // the filled work buffer becomes the output and the old output the next work
        // buffer (which then only grows by the difference): nothing is copied
        std::mem::swap(out_norm, work_norm);
        out_norm.truncate(mark);
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

/// The high bit of each of eight bytes: none is set in ASCII.
const ASCII_HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// The words written so far by [`NormText::set`]: `buf[..n]` (ended words; `buf` has room
/// for all), and where the open word's text starts in `norm`, written with the word when it ends.
struct WordOut<'a> {
    buf: &'a mut [(u32, u32, u32)],
    n: usize,
    open_norm: u32,
}

impl WordOut<'_> {
    #[inline(always)]
    fn span(&mut self, s: u32, e: u32) {
        self.buf[self.n] = (s, e, self.open_norm);
        self.n += 1;
    }

    #[inline(always)]
    fn start(&mut self, b: usize) {
        self.open_norm = b as u32;
    }
}

/// The commonest gap, one space before another ASCII word, without the general steps of
/// [`NormText::set`]: from the word opening at `src[s]` of an ASCII stretch `src` (starting at
/// char `k0`), a bare word that is its own token, written to `norm` up to `mark` as far as `j`
/// (`j == s` when none of it is: its end is then found here too; `mark` is at least 1, the
/// byte before the walk read for a word's last), each word closed
/// with its token while one space (or a comma or full stop and a space) and a word follow, the
/// gap and the next word written (the offsets run on: nothing to record), the words and tokens
/// into `wbuf` and `tbuf` from their first slots, the marks from the [`TokMarks`] table
/// `marks`. Gives the open word's start (a char), how far its end is past `j` (and `mark`), and
/// how many words were closed.
///
/// (A function of its own, its counts in locals, so that the loop's state stays in registers;
/// inside `set` it was spilled to the stack. The buffers are given and the counts returned, no
/// references to `set`'s records, which the compiler kept in a register the loop lacked. Every
/// char it reads becomes one normalised byte, so that the byte `j + p` is written at `mark + p`:
/// one position, not two, steps on.)
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn space_words(src: &[u8], k0: usize, s: usize, j: usize, norm: &mut [u8], mark: usize, wbuf: &mut [(u32, u32, u32)], tbuf: &mut [Tok], marks: &[u8; 1 << 16]) -> (usize, usize, usize) {
    // the open word: its first char and byte (all the rest is read from here on)
    // (the first byte kept as its part of the marks table's index, [`FIRST_KEY`]: one look-up
    // when the word opens, not five operations when it closes)
    let (mut ks, mut fk) = (k0 + s, FIRST_KEY[src[s] as usize] as usize);
    // (the stretch from `j` seen as a slice, and its normalised bytes from one byte earlier,
    // so that `out[q]` is the normalised byte before `src[q]` — the open word's last byte, written
    // before the call, at `q = 0` — without a branch, a local or a second slice of the text kept
    // for the last byte of a word, which the token's triple needs: lower-casing leaves its five
    // low bits, all the triple takes)
    let src = &src[j..];
    let n = src.len();
    let out = &mut norm[mark - 1..mark + n];
    let kj = k0 + j;
    // (a word's normalised start is its first char plus this: every char from the open word on
    // is one normalised byte)
    let to_norm = mark.wrapping_sub(kj);
    // the records from here on, one of each per word, taken in pairs so that one test bounds
    // both (an iterator's pointers, not an index and a length the loop had no register for)
    let mut slots = tbuf.iter_mut().zip(wbuf.iter_mut());
    let m = slots.len();
    let mut p = 0;
    let q = loop {
        // the first byte from `p` that is no letter (eight tested at once while the stretch has
        // them, lower-cased, bytes past them written over later; a digit there is found by the
        // gap test below, off the common path) or no letter or digit (byte by byte at the end)
        let q = if p + 8 <= n {
            let (lower, stops) = letter_bytes(u64::from_le_bytes(src[p..p + 8].try_into().unwrap_or([0; 8])));
            out[p + 1..p + 9].copy_from_slice(&lower.to_le_bytes());
            // (all eight letters told by the mask itself, before its first stop is counted)
            if stops == 0 {
                p += 8;
                continue;
            }
            p + stops.trailing_zeros() as usize / 8
        } else {
            while p < n && ASCII_WORD_BYTE[src[p] as usize] {
                out[p + 1] = src[p] | 0x20;
                p += 1;
            }
            // (the byte that stops the word written as it is, as the eight-byte path writes it
            // when it is a space, comma or full stop: a gap's first byte needs no store below)
            if p < n {
                out[p + 1] = src[p];
            }
            p
        };
        // the gap: one space, or a comma or full stop and a space (the token's break or dot;
        // each char still one normalised byte, itself)
        // (the gap's marks for the token set in the branch that tells the gap, a constant each:
        // no compares of `b` again when the token is made)
        let b = if q < n { src[q] } else { 0 };
        // (a gap's first byte is in `out` already, written with the word: a space, comma and
        // full stop are their own lower case; a two-byte gap's space is written here, its index
        // one tested, and harmless if the walk then stops: every byte from `mark + q` on is
        // written again by `set`)
        let (gap, gap_marks) = if b == b' ' {
            (1, 0)
        } else if b == b',' && q + 1 < n && src[q + 1] == b' ' {
            out[q + 2] = b' ';
            (2, TOK_BRK)
        } else if b == b'.' && q + 1 < n && src[q + 1] == b' ' {
            out[q + 2] = b' ';
            (2, TOK_DOT)
        } else if b.is_ascii_digit() {
            // (no gap: the word goes on; its lower case, written above, is itself)
            p = q + 1;
            continue;
        } else {
            break q;
        };
        // (the next word's first byte as its part of the marks index, which also tells that it
        // is a letter or digit: one look-up for both)
        let next_fk = if q + gap < n { FIRST_KEY[src[q + gap] as usize] } else { NOT_FIRST };
        if next_fk == NOT_FIRST {
            break q;
        }
        let Some((tslot, wslot)) = slots.next() else { break q };
        let kq = kj + q;
        // (the token of `Tok::bare_in`, its triple and marks index from `fk`)
        let key = fk | (kq - ks).min(15) << 10 | (out[q] as usize & 31);
        *tslot = Tok {
            start: ks as u32,
            end: kq as u32,
            marks: marks[key & 0xffff] | gap_marks,
            tri: (key & 0x3fff) as u16,
        };
        *wslot = (ks as u32, kq as u32, ks.wrapping_add(to_norm) as u32);
        ks = kq + gap;
        fk = next_fk as usize;
        p = q + gap;
    };
    (ks, q, m - slots.len())
}

/// The run of ASCII letters and digits that opens `src` (an ASCII stretch), lower-cased into
/// `out` (as long as `src`; its bytes past the run may be written too): the run's length.
#[inline(always)]
fn word_run(src: &[u8], out: &mut [u8]) -> usize {
    let mut t = 0;
    // eight bytes at a time while the stretch has them: the run's length from their classes,
    // all eight lower-cased (the bytes past the run are written over later)
    while t + 8 <= src.len() {
        let x = u64::from_le_bytes(src[t..t + 8].try_into().unwrap_or([0; 8]));
        let (lower, len) = word_bytes(x);
        out[t..t + 8].copy_from_slice(&lower.to_le_bytes());
        t += len;
        if len < 8 {
            return t;
        }
    }
    while t < src.len() {
        let b = src[t];
        if !ASCII_WORD_BYTE[b as usize] {
            break;
        }
        // (lower case of an ASCII letter or digit: bit 0x20 set; digits have it)
        out[t] = b | 0x20;
        t += 1;
    }
    t
}

/// Eight ASCII bytes (little-endian) lower-cased as letters and digits are (bit 0x20 set in
/// each), and how many of them, from the first, are letters or digits: the class of all eight
/// found with a few word operations instead of a table look-up and a branch per byte.
#[inline(always)]
fn word_bytes(x: u64) -> (u64, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // (no byte has its high bit set, so adding less than 0x80 to each never carries into the
    // next: a byte's high bit then tells whether it was at least 0x80 minus the addend)
    let digit = (x + 0x50 * ONES) & !(x + 0x46 * ONES);
    let lower = x | (0x20 * ONES);
    let letter = (lower + 0x1f * ONES) & !(lower + 0x05 * ONES);
    let other = !(digit | letter) & HIGH;
    (lower, other.trailing_zeros() as usize / 8)
}

/// [`word_bytes`] for letters alone: eight ASCII bytes lower-cased, and the high bit of each
/// that is no letter. (Fewer constants than [`word_bytes`], which leaves [`space_words`]'s
/// state in more registers; that loop tests the byte that stops the letters anyway, and finds
/// a digit there.)
#[inline(always)]
fn letter_bytes(x: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let lower = x | (0x20 * ONES);
    let letter = (lower + 0x1f * ONES) & !(lower + 0x05 * ONES);
    (lower, !letter & HIGH)
}

/// The bytes of ASCII letters and digits (the [`ASCII_WORD`] class; no byte of a longer char).
const ASCII_WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = ASCII_CLASS[b] == ASCII_WORD;
        b += 1;
    }
    t
};

fn is_word(c: char) -> bool {
    if c.is_ascii() {
        // (one table look-up instead of the three range tests)
        return ASCII_WORD_BYTE[c as usize];
    }
    // news quotes and dashes, the commonest other chars, are no letters: no table look-up
    !matches!(c, '’' | '‘' | '“' | '”' | '–' | '—') && c.is_alphanumeric()
}

/// True when char offset `e` ends a word (the char before is a letter/digit or a dot,
/// the char at `e` is not a letter/digit).
/// (Inlined with an ASCII shortcut: the index walks ask it of every name they find.)
#[inline(always)]
fn is_word_end(chars: &[char], e: usize) -> bool {
    if e == 0 {
        return false;
    }
    let before = chars[e - 1];
    let after = chars.get(e).map_or(0, |&c| c as u32);
    if before.is_ascii() && after < 0x80 {
        return (ASCII_WORD_BYTE[before as usize] || before == '.') && !ASCII_WORD_BYTE[after as usize];
    }
    is_word_end_other(chars, e)
}

#[inline(never)]
fn is_word_end_other(chars: &[char], e: usize) -> bool {
    e > 0
        && (is_word(chars[e - 1]) || chars[e - 1] == '.')
        && chars.get(e).is_none_or(|c| !is_word(*c))
}

/// The Zipf frequency of `w` lower-cased (as `str::to_lowercase` does) in the common-word
/// list; ASCII words are lower-cased on the stack.
fn common_zipf(rules: &Rules, w: &str) -> Option<f32> {
    let b = w.as_bytes();
    if b.len() <= 15 {
        // (most words: into their packed key, as `pack_chars` packs them, then lower-cased
        // eight bytes at a time; a word not all ASCII goes on below)
        // (a word of eight bytes or more read in one load, the rest byte by byte)
        let pack = |part: &[u8]| part.iter().enumerate().fold(0u64, |k, (i, &c)| k | (c as u64) << (8 * i));
        let (lo, hi) = match b.split_first_chunk::<8>() {
            Some((first, rest)) => (u64::from_le_bytes(*first), pack(rest)),
            None => (pack(b), 0),
        };
        if (lo | hi) & 0x8080_8080_8080_8080 == 0 {
            let k = ascii_lower8(lo) as u128 | (ascii_lower8(hi) as u128) << 64 | (b.len() as u128) << 120;
            return rules.common_short.get(&k).copied();
        }
    }
    if w.len() <= 64 && w.is_ascii() {
        // (copied and lower-cased in one loop: a copy of a short word is a `memcpy` call)
        let mut buf = [0u8; 64];
        for (b, c) in buf.iter_mut().zip(w.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        rules.common.get(&buf[..w.len()]).copied()
    } else {
        rules.common.get(w.to_lowercase().as_bytes()).copied()
    }
}

/// The eight ASCII bytes (each below 0x80) of `x` lower-cased: a byte from `A` to `Z` is one
/// whose top bit is set by adding 0x3f (at least `A`) and not by adding 0x25 (at least `[`),
/// and gains 0x20. No byte carries into the next.
fn ascii_lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let upper = (x + 0x3f * ONES) & !(x + 0x25 * ONES) & (0x80 * ONES);
    x | (upper >> 2)
}

/// [`common_zipf`] of the text's chars `s..e`: a short ASCII name packed from its chars,
/// without slicing its text first.
#[cfg(test)]
fn name_zipf(rules: &Rules, nt: &NormText, s: usize, e: usize) -> Option<f32> {
    match packed_name(&nt.chars[s..e]) {
        Some(k) => rules.common_short.get(&k).copied(),
        None => common_zipf(rules, nt.text(s, e)),
    }
}

/// The key of `rules.common_short` for the chars `w` (lower-cased, as [`common_zipf`] packs
/// a word), when they are at most 15 and all ASCII.
fn packed_name(w: &[char]) -> Option<u128> {
    if w.len() > 15 {
        return None;
    }
    // (a char past 0x7f spills into the next byte, but then the word is not packed)
    let pack = |part: &[char]| part.iter().enumerate().fold((0u64, 0u32), |(k, all), (i, &c)| (k | (c as u64) << (8 * i), all | c as u32));
    let (lo, a) = pack(&w[..w.len().min(8)]);
    let (hi, b) = pack(w.get(8..).unwrap_or(&[]));
    (a | b < 0x80).then(|| ascii_lower8(lo) as u128 | (ascii_lower8(hi) as u128) << 64 | (w.len() as u128) << 120)
}

/// The Zipf frequency of the single-word name `s..e` (0 for no common word) and, when it is
/// [`COMMON_WORD_ZIPF_INITIAL`] or more, the [`NameFacts`] of its postings at `off`.
///
/// (A short ASCII name's answer is memoised in `memo` by its packed key, which the thread's
/// memo keeps from article to article for one gazetteer: one probe instead of the common
/// words' and the facts' two, and no thread-local access per name. The key tells `off`: the
/// normalised name is the lower-cased chars without their apostrophes, as a name holds no
/// other char here. Only the common words are kept, so a rare word adds nothing to it.)
fn common_word(rules: &Rules, gaz: &Gazetteer, nt: &NormText, memo: &mut FxLookupMap<u128, (f32, NameFacts)>, (s, e): (usize, usize), off: u64) -> (f32, Option<NameFacts>) {
    let Some(k) = packed_name(&nt.chars[s..e]) else {
        let zipf = common_zipf(rules, nt.text(s, e)).unwrap_or(0.0);
        return (zipf, (zipf >= COMMON_WORD_ZIPF_INITIAL).then(|| name_facts(gaz, off)));
    };
    if let Some(&(zipf, facts)) = memo.get(&k) {
        return (zipf, Some(facts));
    }
    let zipf = rules.common_short.get(&k).copied().unwrap_or(0.0);
    if zipf < COMMON_WORD_ZIPF_INITIAL {
        return (zipf, None);
    }
    let facts = name_facts(gaz, off);
    memo.insert(k, (zipf, facts));
    (zipf, Some(facts))
}

/// `f` of `chars` lower-cased as `str::to_lowercase` would (ASCII on the stack).
fn with_lower<R>(chars: &[char], f: impl FnOnce(&str) -> R) -> R {
    if chars.len() <= 64 && chars.iter().all(|c| c.is_ascii()) {
        let mut buf = [0u8; 64];
        for (b, c) in buf.iter_mut().zip(chars) {
            *b = (*c as u8).to_ascii_lowercase();
        }
        f(std::str::from_utf8(&buf[..chars.len()]).unwrap_or(""))
    } else {
        f(&chars.iter().collect::<String>().to_lowercase())
    }
}

/// Whether the chars `w` spell `s`.
fn chars_eq(w: &[char], s: &str) -> bool {
    w.iter().copied().eq(s.chars())
}

/// `f` of `chars` as a `&str`, encoded on the stack (no allocation up to 64 bytes, which
/// nearly every word fits): for look-ups of a word in the word lists.
fn with_str<R>(chars: &[char], f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for c in chars {
        if n + 4 > buf.len() {
            return f(&chars.iter().collect::<String>());
        }
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    f(std::str::from_utf8(&buf[..n]).unwrap_or(""))
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

/// An apostrophe as news text writes one inside a word ("Sana'a", "Ma’rib", "Ta‘izz").
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`')
}

/// True when the word `w` goes on the word before it across an apostrophe: lower-case
/// letters right after an apostrophe right after a letter ("Sana'a", "Dar'a", "Ma’rib"),
/// other than a possessive or a contraction ("Aleppo's", "Texas'll").
fn apostrophe_continues(chars: &[char], w: (usize, usize)) -> bool {
    w.0 >= 2
        && is_apostrophe(chars[w.0 - 1])
        && is_word(chars[w.0 - 2])
        && chars[w.0].is_lowercase()
        && !matches!(&chars[w.0..w.1], ['s'] | ['d'] | ['t'] | ['m'] | ['l', 'l'] | ['r', 'e'] | ['v', 'e'])
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
/// (An ASCII char before it is told by one look-up in [`SENTENCE_CLASS`]: the test is asked
/// of most names tried. Out of line, where its callers compile best.)
#[inline(never)]
fn sentence_initial(chars: &[char], s: usize) -> bool {
    let mut i = s;
    while i > 0 {
        let c = chars[i - 1];
        let class = match SENTENCE_CLASS.get(c as usize) {
            Some(&class) => class,
            // (the other opening quotes and blanks are passed over; any other char ends the search)
            None if c == '“' || c == '‘' || c.is_whitespace() => SENTENCE_SKIP,
            None => SENTENCE_OTHER,
        };
        if class != SENTENCE_SKIP {
            return class == SENTENCE_END;
        }
        i -= 1;
    }
    true
}

/// [`sentence_initial`]'s classes of the ASCII chars before a word: passed over (an opening
/// quote or bracket, a blank other than a newline), a sentence's end (a newline, . ! ? :),
/// or any other.
const SENTENCE_SKIP: u8 = 0;
const SENTENCE_END: u8 = 1;
const SENTENCE_OTHER: u8 = 2;
const SENTENCE_CLASS: [u8; 128] = {
    let mut t = [SENTENCE_OTHER; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'"' | b'\'' | b'(' | b' ' | b'\t' | b'\r' | 0x0b | 0x0c => SENTENCE_SKIP,
            b'\n' | b'.' | b'!' | b'?' | b':' => SENTENCE_END,
            _ => SENTENCE_OTHER,
        };
        b += 1;
    }
    t
};

/// Find toponym spans in `text`.
pub fn find_toponyms(text: &str, gaz: &Gazetteer) -> Vec<Toponym> {
    let nt = NormText::new(text);
    find_toponyms_in(&nt, gaz)
}

/// [`find_toponyms`] over an already normalised text.
pub fn find_toponyms_in(nt: &NormText, gaz: &Gazetteer) -> Vec<Toponym> {
    let rules = Rules::embedded();
    let chars = &nt.chars;
    // (room for 8 toponyms, 704 bytes, which malloc's thread cache serves: most articles have
    // more than the 4 a first push makes room for, and 16 took a slower path)
    let mut out = Vec::with_capacity(8);
    // the work buffers of `accept` and of the walks are kept from article to article on this thread
    thread_local! {
        static BUFFERS: std::cell::Cell<AcceptBuffers> = const { std::cell::Cell::new((Vec::new(), Vec::new())) };
        static COMMONS: std::cell::Cell<CommonWords> = std::cell::Cell::new((0, FxLookupMap::default()));
        static WALKS: std::cell::Cell<WalkBuffers> = const { std::cell::Cell::new((Vec::new(), Vec::new(), Vec::new())) };
        static LINES: std::cell::Cell<LineBuffers> = const { std::cell::Cell::new((Vec::new(), Vec::new())) };
    }
    let mut lines = DocState::new(&nt.toks[..nt.n_toks], &nt.breaks, LINES.take());
    let mut buffers = BUFFERS.take();
    let mut commons = COMMONS.take();
    if commons.0 != gaz.uid() || commons.1.len() >= WORD_WALK_CACHE {
        commons.1.clear();
        commons.0 = gaz.uid();
    }
    let (mut starts, mut ends, mut bounds) = WALKS.take();
    lines.doc_persons = doc_persons(nt, gaz, rules, &mut lines);
    // the words that may open a name: capitalised, or a lower-case article before a
    // capitalised word ("al-Bab", "el Paso"); the index is walked from each of them at once
    // (words were found with the text: see NormText)
    let words = nt.words();
    starts.clear();
    let lower_article = |wi: usize| {
        let first = (words[wi].0 as usize, words[wi].1 as usize);
        !is_capitalised(chars, first)
            && first.1 - first.0 <= 3
            && rules.sieve.article.may_hold_first(chars[first.0])
            && rules.sieve.article.may_hold_word(&chars[first.0..first.1])
            && matches!(chars.get(first.1), Some('-') | Some(' '))
            && next_word(chars, first.1).is_some_and(|w| is_capitalised(chars, w))
            // (the list asked last: "as", "at" and "an" are on it, mostly before a lower-case word)
            && short_word(chars, first).is_some_and(|w| rules.article.contains(w.as_str()))
    };
    for (wi, &(ws, _, _)) in words.iter().enumerate() {
        // (an ASCII first char, most words', told by one range test; any other by
        // `is_capitalised` out of line, so that the loop keeps no call on its common path)
        let c = chars[ws as usize];
        if !(c.is_ascii_uppercase() || !c.is_ascii() && wide_capitalised(c)) {
            continue;
        }
        // (a lower-case article is asked about only before a capitalised word: the word
        // `next_word` finds after it, past spaces and hyphens only, is the next of the list,
        // as the words are the maximal runs of `is_word` chars; so the lower-case words, most
        // of the text, cost one test each)
        if wi > 0 && lower_article(wi - 1) {
            starts.push(wi as u32 - 1);
        }
        starts.push(wi as u32);
    }
    walk_names(nt, gaz, &starts, &mut ends, &mut bounds);
    // each such word at or after `i`, the end of the last name taken: its longest name
    // that `accept` takes
    let mut i = 0;
    // (each word's names between its bound and the next, paired by the iterators: no index
    // into `bounds` to check; a name taken is pushed where it is found)
    // (a word no name starts with, about half of them, is passed over unread: the words are in
    // order, so the next one starts after its end whether or not `i` moves there)
    for (k, (&wi, b)) in starts.iter().zip(bounds.windows(2)).enumerate() {
        if b[0] == b[1] {
            continue;
        }
        let (ws, we, _) = words[wi as usize];
        if (ws as usize) < i {
            continue;
        }
        // "The Gulf of Aden": a name opened by "the" ("the Gulf") yields to a longer one
        // that the next word opens and a capitalised word ends ("The Gulf states" stays)
        // (told by its length and first char first: most words are no "the")
        if we - ws == 3 && matches!(chars[ws as usize], 'T' | 't') && chars[ws as usize + 1..we as usize] == ['h', 'e'] {
            let longest = |k: usize| ends[bounds[k] as usize..bounds[k + 1] as usize].last().map(|e| e.0);
            let capitalised_end = |e: usize| chars[..e].iter().rposition(|c| !is_word(*c)).is_some_and(|p| chars[p + 1].is_uppercase());
            if starts.get(k + 1) == Some(&(wi + 1)) && longest(k + 1) > longest(k) && longest(k + 1).is_some_and(capitalised_end) {
                continue;
            }
        }
        i = we as usize;
        for &(e, off) in ends[b[0] as usize..b[1] as usize].iter().rev() {
            if let Some(t) = accept(nt, gaz, rules, &mut lines, &mut buffers, &mut commons, wi as usize, e, off) {
                i = t.end;
                out.push(t);
                break;
            }
        }
    }
    shaped_names(nt, gaz, rules, &mut lines, &mut out);
    BUFFERS.set(buffers);
    COMMONS.set(commons);
    WALKS.set((starts, ends, bounds));
    LINES.set((lines.lines, lines.after_locative));
    out
}

/// [`is_capitalised`] of a word whose first char is `c`, outside ASCII (few words' first char).
#[cold]
#[inline(never)]
fn wide_capitalised(c: char) -> bool {
    is_capitalised(std::slice::from_ref(&c), (0, 1))
}

/// The names of the index that start where each of the words `starts` of [`NormText::words`]
/// does, appended to `ends` (cleared first): word `starts[k]`'s from `bounds[k]` to
/// `bounds[k + 1]`, as [`walk_from`] finds them. The memo of the walks is borrowed once for all
/// of them (a thread-local access and its checks per walk cost more than most walks' look-ups).
#[inline(never)]
fn walk_names(nt: &NormText, gaz: &Gazetteer, starts: &[u32], ends: &mut Vec<(usize, u64)>, bounds: &mut Vec<u32>) {
    ends.clear();
    bounds.clear();
    WORD_WALKS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.0 != gaz.uid() || cache.1.len() >= WORD_WALK_CACHE {
            cache.1.clear();
            cache.0 = gaz.uid();
        }
        // (each word read once here, not through `NormText::words` and its checks in the walk)
        let words = nt.words();
        for &wi in starts {
            bounds.push(ends.len() as u32);
            walk_from(nt, gaz, words[wi as usize], &mut cache.1, ends);
        }
    });
    bounds.push(ends.len() as u32);
}

/// Every name of the index that starts where the word `(_, first_end, start)` of
/// [`NormText::words`] does and ends at a word end: `(end char, FST output)`, shortest first, pushed to `ends`. A name never
/// crosses a newline and is at most 96 normalised bytes long.
///
/// The walk through a word (up to the next space of the normalised text) from a given node of
/// the index is the same wherever the word occurs, so it is memoised per thread ([`WordWalk`],
/// `cache`): the first word from the root, each further word (with the space before it) from
/// the node the word before left. Only a word the memo can't take (cut by the length limit,
/// longer than a key, too many names ending in it) is walked byte by byte.
#[inline(always)]
fn walk_from(nt: &NormText, gaz: &Gazetteer, (_, first_end, start): (u32, u32, u32), cache: &mut FxLookupMap<WalkKey, Option<WordWalk>>, ends: &mut Vec<(usize, u64)>) {
    let fst = gaz.fst();
    let chars = &nt.chars;
    let start = start as usize;
    let limit = (start + 96).min(nt.norm.len());
    // [`NormText::end_char`] of the bytes the walk asks about: the run of `NormText::runs`
    // that holds the walk's first byte is found once, and a byte after it up to the run's
    // last char's is that char's offset plus the bytes between (most names end inside that
    // run: it breaks only at a quote, a run of separators or a char not ASCII)
    let (run_char, run_byte, run_last) = run_holding(nt, start);
    let end_char = |x: usize| if x > start && x <= run_last as usize { run_char + (x - run_byte as usize) as u32 } else { nt.end_char(x) };
    // where the walk has got to: byte `b`, the node there (`None`: the root) and the output so far
    let mut b = start;
    let mut at: Option<(u32, u64)> = None;
    // `true`: the walk is over, `false`: go on byte by byte from `b`
    let over = 'walk: {
        while b < limit {
            // the next word, with the space that joins it to the name so far
            let lead = at.is_some() as usize;
            let Some((n, key)) = WordKey::next(&nt.norm, b, lead, limit) else {
                break 'walk false;
            };
            let base = at.map_or(0, |a| a.1);
            let from = at.map_or(u32::MAX, |a| a.0);
            let w = match cache.get(&WalkKey::new(from, key)) {
                Some(w) => w,
                None => {
                    let node = at.map_or_else(|| fst.root(), |a| fst.node(a.0 as fst::raw::CompiledAddr));
                    cache.entry(WalkKey::new(from, key)).or_insert(WordWalk::new(fst, node, &nt.norm[b..b + n]))
                }
            };
            // `None`: too many names end inside the word to memoise it; walk as usual
            let Some(w) = w.as_ref() else { break 'walk false };
            // a name ending inside the first word ends at no word end when the char after the
            // word starts where the word's normalised bytes end: every char that starts inside
            // them is then one of the word's letters (found once: the names are by length, so
            // all but the last, or all, end inside the word, and are passed over together; the
            // memo's walk counts them)
            // (then the name that is the whole word, the last when there is one, ends at the
            // word's end, which is a word end: it is pushed with no more tests)
            let n_finals = w.n_finals as usize;
            if at.is_none() && n_finals > 0 && end_char(b + n) == first_end {
                if n_finals > w.inside as usize {
                    ends.push((first_end as usize, w.final_out[n_finals - 1] as u64));
                }
            } else {
                for f in 0..n_finals {
                    let len = w.final_len[f] as usize;
                    let e = end_char(b + len);
                    if e != u32::MAX && is_word_end(chars, e as usize) {
                        ends.push((e as usize, base + w.final_out[f] as u64));
                    }
                }
            }
            if !w.next {
                break 'walk true;
            }
            let (addr, out) = (w.next_addr, w.next_out);
            b += n;
            // a newline ends any name (inside a word there is none: it leaves a space)
            let e = end_char(b);
            if e != u32::MAX && (e as usize) < chars.len() && chars[e as usize] == '\n' {
                break 'walk true;
            }
            at = Some((addr, base + out as u64));
        }
        false
    };
    if over {
        return;
    }
    let (mut node, mut out_acc) = match at {
        Some((addr, out)) => (fst.node(addr as fst::raw::CompiledAddr), fst::raw::Output::new(out)),
        None => (fst.root(), fst::raw::Output::zero()),
    };
    while b < limit {
        let Some(t) = node.find_input(nt.norm[b]) else { break };
        let tr = node.transition(t);
        out_acc = out_acc.cat(tr.out);
        node = fst.node(tr.addr);
        b += 1;
        if node.is_final() {
            let e = end_char(b);
            if e != u32::MAX && is_word_end(chars, e as usize) {
                ends.push((e as usize, out_acc.cat(node.final_output()).value()));
            }
        }
        // a newline ends any name
        let e = end_char(b);
        if e != u32::MAX && (e as usize) < chars.len() && chars[e as usize] == '\n' {
            break;
        }
    }
}

/// The run of [`NormText::runs`] that holds byte `b` as [`NormText::end_char`] finds it: the
/// first run whose last char starts at or after `b` (its first char starts at or before `b`).
fn run_holding(nt: &NormText, b: usize) -> (u32, u32, u32) {
    let mut r = nt.run_at[b / RUN_BLOCK] as usize;
    while (nt.runs[r].2 as usize) < b {
        r += 1;
    }
    nt.runs[r]
}

/// A whitespace-separated word with the punctuation around it set aside.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// Start of the word (a char offset; `u32`, like the word records', so that a token is
    /// 12 bytes, not 24: [`space_words`] writes one per word, and the passes walk them).
    start: u32,
    /// End of the word, without a trailing dot.
    end: u32,
    /// The case of the word's first char ([`TOK_UPPER`], [`TOK_LOWER`] or neither), whether
    /// punctuation or a line break follows it ([`TOK_BRK`]) or a dot ([`TOK_DOT`]), and what the person and shape
    /// passes ask first of every token ([`TOK_SHAPE`], [`TOK_AFTER`]),
    /// found with the token (for a bare word, one look-up: [`TokMarks`]), so that those passes
    /// test a bit or two of each token they pass over.
    marks: u8,
    /// The word's [`Sieve::triple`], or [`NO_TRIPLE`] when its first or last char is not
    /// ASCII: the word-list sieves of those passes test one bit with it.
    tri: u16,
}

const TOK_UPPER: u8 = 1;
const TOK_LOWER: u8 = 2;
/// The shape walk looks at the token: capitalised, or lower case and let through by the
/// settlement-noun sieve (see [`next_shape_start`]).
const TOK_SHAPE: u8 = 4;
/// The sieve of the words read after a person's name lets the token through (see
/// [`next_person_start`]).
const TOK_AFTER: u8 = 8;
const NO_TRIPLE: u16 = u16::MAX;
/// Punctuation (other than a trailing dot) or a line break separates the token from the next
/// word ([`Tok::brk_after`]): a bit of the marks, so that the person pass's skip, which stops
/// at a capitalised token or a break, tests one byte a token.
const TOK_BRK: u8 = 16;
/// The title or given-name sieve lets the token through: before a capitalised word, it may
/// open a person's name ("councillor Dewly Nelson"); the person pass's skip passes over the
/// other words before one (see [`next_person_start`]).
const TOK_LEAD: u8 = 32;
/// A dot follows the word ("St.", "N.", or a sentence end) ([`Tok::dot`]).
const TOK_DOT: u8 = 64;
/// The word's triple is one of [`PLACE_LOCATIVE_TRIPLES`]: it may be "in", "near" or
/// "outside" ([`DocState::written_after_locative`] looks for these among all the tokens, one
/// bit of each).
const TOK_PLACE_LOCATIVE: u8 = 128;

/// [`Tok::marks`] of a word of the case `case` and the triple `tri` that the settlement-noun
/// sieve (`noun`), the sieve of the words after a name (`after`) and the title and given-name
/// sieves (`lead`) let through or not.
const fn tok_marks(case: u8, tri: u16, noun: bool, after: bool, lead: bool) -> u8 {
    let shape = case == TOK_UPPER || (case == TOK_LOWER && noun);
    let [l0, l1, l2] = PLACE_LOCATIVE_TRIPLES;
    let locative = tri == l0 || tri == l1 || tri == l2;
    case | (shape as u8 * TOK_SHAPE) | (after as u8 * TOK_AFTER) | (lead as u8 * TOK_LEAD) | (locative as u8 * TOK_PLACE_LOCATIVE)
}

/// [`Tok::marks`] of every bare ASCII word, at `(first byte >> 5 & 3) << 14 | triple`: the two
/// bits of the first byte tell a digit (`0x30..0x40`: 1), an upper-case letter (2) and a
/// lower-case one (3) apart, and the triple the rest (64 KB, built once with the rules, so that
/// a token's marks cost one look-up where it is made).
struct TokMarks(Box<[u8; 1 << 16]>);

impl Default for TokMarks {
    fn default() -> TokMarks {
        TokMarks(Box::new([0; 1 << 16]))
    }
}

impl TokMarks {
    fn of(sieve: &Sieves) -> TokMarks {
        let mut m = TokMarks::default();
        for t in 0..1u16 << 14 {
            let (n, a, l) = (sieve.settlement_noun.may_hold_tri(t), sieve.person_after.may_hold_tri(t), sieve.person_lead(t));
            for (class, case) in [0, 0, TOK_UPPER, TOK_LOWER].into_iter().enumerate() {
                m.0[class << 14 | t as usize] = tok_marks(case, t, n, a, l);
            }
        }
        m
    }
}

/// A bare word's first byte's part of its index in [`TokMarks`] (see [`tok_marks_bare`]):
/// its two class bits above the triple, and its five bits in the triple's place for the first
/// char ([`Sieve::triple`]).
/// [`NOT_FIRST`] for a byte that is no ASCII letter or digit.
const FIRST_KEY: [u16; 256] = {
    let mut t = [NOT_FIRST; 256];
    let mut b = 0;
    while b < 256 {
        if ASCII_WORD_BYTE[b] {
            t[b] = ((b & 0x60) << 9 | (b & 31) << 5) as u16;
        }
        b += 1;
    }
    t
};

/// [`FIRST_KEY`] of a byte that opens no word (no letter's or digit's key has all bits set).
const NOT_FIRST: u16 = u16::MAX;

/// The [`Tok::marks`] of a bare word whose first byte is the ASCII letter or digit `f` and
/// whose triple is `tri`, from the [`TokMarks`] table itself (so that [`space_words`] reads the
/// box's pointer once, not for each word).
#[inline(always)]
fn tok_marks_bare(marks: &[u8; 1 << 16], f: u8, tri: u16) -> u8 {
    // (`f`'s two class bits moved above the triple's 14 in one shift)
    marks[(f as usize & 0x60) << 9 | (tri as usize & 0x3fff)]
}

impl Tok {
    /// A token of the word `chars[s..e]` (not empty).
    #[inline(always)]
    fn new(chars: &[char], s: usize, e: usize, dot: bool, brk_after: bool) -> Tok {
        let (f, l) = (chars[s], chars[e - 1]);
        let case = if f.is_uppercase() {
            TOK_UPPER
        } else if f.is_lowercase() {
            TOK_LOWER
        } else {
            0
        };
        let tri = if f.is_ascii() && l.is_ascii() { Sieve::triple(f, l, e - s) as u16 } else { NO_TRIPLE };
        // (a word with no triple always passes the noun sieve; these tokens are few, their
        // sieves read each time)
        let sieve = &Rules::embedded().sieve;
        let noun = tri == NO_TRIPLE || sieve.settlement_noun.may_hold_tri(tri);
        let brk = if brk_after { TOK_BRK } else { 0 };
        let lead = tri == NO_TRIPLE || sieve.person_lead(tri);
        let dot = if dot { TOK_DOT } else { 0 };
        Tok { start: s as u32, end: e as u32, marks: tok_marks(case, tri, noun, sieve.person_after.may_hold_tri(tri), lead) | brk | dot, tri }
    }

    /// The token of a bare word `s..e` whose first and last chars are the ASCII letters or
    /// digits `f` and `l`.
    #[inline(always)]
    fn bare(s: usize, e: usize, f: u8, l: u8, marks: &TokMarks) -> Tok {
        Tok::bare_in(s, e, f, l, &marks.0)
    }

    /// [`Tok::bare`] with the marks table itself.
    #[inline(always)]
    fn bare_in(s: usize, e: usize, f: u8, l: u8, marks: &[u8; 1 << 16]) -> Tok {
        let tri = Sieve::triple(f as char, l as char, e - s) as u16;
        Tok { start: s as u32, end: e as u32, marks: tok_marks_bare(marks, f, tri), tri }
    }

    /// Where the word starts (a char offset).
    #[inline(always)]
    fn s(&self) -> usize {
        self.start as usize
    }

    /// Where the word ends (a char offset), without a trailing dot.
    #[inline(always)]
    fn e(&self) -> usize {
        self.end as usize
    }

    /// Punctuation (other than the dot) or a line break separates it from the next word.
    #[inline(always)]
    fn brk_after(&self) -> bool {
        self.marks & TOK_BRK != 0
    }

    /// A dot follows the word ("St.", "N.", or a sentence end).
    #[inline(always)]
    fn dot(&self) -> bool {
        self.marks & TOK_DOT != 0
    }

    fn upper(&self) -> bool {
        self.marks & TOK_UPPER != 0
    }

    fn lower(&self) -> bool {
        self.marks & TOK_LOWER != 0
    }
}

/// Classes of ASCII chars in [`tokens`]: white space ends a token, a letter after a comma or a
/// semicolon starts a new one. One bit each, so that a char is tested against the classes that
/// end the token in one step, and a separator's bit shifted right is the letter's.
const TOKEN_OTHER: u8 = 0;
const TOKEN_SPACE: u8 = 1;
const TOKEN_LETTER: u8 = 2;
const TOKEN_SEPARATOR: u8 = 4;
const TOKEN_CLASS: [u8; 128] = {
    let mut t = [TOKEN_OTHER; 128];
    let mut c = 0;
    while c < 128 {
        let ch = c as u8 as char;
        t[c] = if ch.is_ascii_whitespace() || ch == '\x0b' {
            TOKEN_SPACE
        } else if ch.is_ascii_alphabetic() {
            TOKEN_LETTER
        } else if ch == ',' || ch == ';' {
            TOKEN_SEPARATOR
        } else {
            TOKEN_OTHER
        };
        c += 1;
    }
    t
};

/// The token being read by [`NormText::set`]: where it started, and the classes of the next
/// char that end it (white space; a letter right after a comma, semicolon or dash).
///
/// A token runs to white space, or to a letter right after a comma, semicolon or dash;
/// nothing inside a word ends one, so only a word's first char and the chars between words
/// are shown to it.
struct TokState {
    open: Option<usize>,
    stop: u8,
}

impl TokState {
    /// The first char `c` of a word, at `k`.
    #[inline(always)]
    fn word(&mut self, chars: &[char], k: usize, c: char, out: &mut TokOut) {
        match self.open {
            Some(a) => {
                if self.stop & TOKEN_LETTER != 0 && c.is_alphabetic() {
                    push_token(chars, a, k, out);
                    self.open = Some(k);
                }
            }
            None => self.open = Some(k),
        }
        // (after a letter or digit, only white space ends the token)
        self.stop = TOKEN_SPACE;
    }

    /// A char `c` outside the words, at `k`.
    #[inline(always)]
    fn other(&mut self, chars: &[char], k: usize, c: char, out: &mut TokOut, breaks: &mut Vec<usize>) {
        if let Some(a) = self.open {
            let ascii = c.is_ascii();
            // (news quotes and dashes are neither space nor letter: no table look-up)
            let ends = if ascii {
                TOKEN_CLASS[c as usize] & self.stop != 0
            } else {
                !matches!(c, '’' | '‘' | '“' | '”' | '–' | '—') && c.is_whitespace()
            };
            if !ends {
                self.stop = if ascii {
                    TOKEN_SPACE | (TOKEN_CLASS[c as usize] & TOKEN_SEPARATOR) >> 1
                } else if matches!(c, '–' | '—') {
                    TOKEN_SPACE | TOKEN_LETTER
                } else {
                    TOKEN_SPACE
                };
                return;
            }
            push_token(chars, a, k, out);
            self.open = None;
        }
        if c.is_whitespace() {
            if c == '\n' {
                breaks.push(k);
                if let Some(t) = out.last_mut() {
                    t.marks |= TOK_BRK;
                }
            }
            return;
        }
        self.open = Some(k);
        self.stop = if matches!(c, ',' | ';' | '–' | '—') { TOKEN_SPACE | TOKEN_LETTER } else { TOKEN_SPACE };
    }
}

/// The token `chars[a..i]` with the punctuation around it set aside.
#[inline(always)]
fn push_token(chars: &[char], a: usize, i: usize, out: &mut TokOut) {
    // most tokens are a bare word: no punctuation to set aside at either end
    let (f, l) = (chars[a], chars[i - 1]);
    if f.is_ascii_alphanumeric() && l.is_ascii_alphanumeric() {
        out.push(Tok::bare(a, i, f as u8, l as u8, out.marks));
        return;
    }
    // the next commonest (a half of the others), a word and the marks after it: what
    // `marked_token` sets aside ("said:", "Syria),", a quote's last words ".\""), the full stop
    // before them too ("Mr.", "U.S."), as it does (nothing before the word to strip: it starts
    // the token), without the call
    if f.is_ascii_alphanumeric() {
        let mut e = i;
        let mut marks = 0;
        // (the word's first char ends both walks)
        while trails_word(chars[e - 1]) {
            e -= 1;
            marks = TOK_BRK;
        }
        // (a stop with marks after it is a break: they have set it)
        if chars[e - 1] == '.' {
            marks |= TOK_DOT;
            e -= 1;
        }
        let l = chars[e - 1];
        if l.is_ascii() {
            let mut t = Tok::bare(a, e, f as u8, l as u8, out.marks);
            t.marks |= marks;
            out.push(t);
            return;
        }
    }
    // and a word after the commonest opening quotes or bracket: the bare word, the token before
    // it marked with a break, as `marked_token` sets the lead aside
    if matches!(f, '"' | '“' | '(') && l.is_ascii_alphanumeric() && i - a >= 2 && chars[a + 1].is_ascii_alphanumeric() {
        if let Some(t) = out.last_mut() {
            t.marks |= TOK_BRK;
        }
        out.push(Tok::bare(a + 1, i, chars[a + 1] as u8, l as u8, out.marks));
        return;
    }
    let (lead_brk, t) = marked_token(chars, a, i);
    if lead_brk {
        if let Some(t) = out.last_mut() {
            t.marks |= TOK_BRK;
        }
    }
    if let Some(t) = t {
        out.push(t);
    }
}

/// The tokens written so far by [`NormText::set`]: `buf[..n]` (`buf` has room for all);
/// `marks` gives a bare word's [`Tok::marks`].
struct TokOut<'a> {
    buf: &'a mut [Tok],
    n: usize,
    marks: &'a TokMarks,
}

impl TokOut<'_> {
    #[inline(always)]
    fn push(&mut self, t: Tok) {
        self.buf[self.n] = t;
        self.n += 1;
    }

    #[inline(always)]
    fn last_mut(&mut self) -> Option<&mut Tok> {
        if self.n > 0 {
            Some(&mut self.buf[self.n - 1])
        } else {
            None
        }
    }
}

/// The token of `chars[a..i]` with the punctuation around it set aside (none when nothing
/// else is left), and whether it opened with a quote or bracket (a break after the token before).
/// (Returned, not pushed, so that the tokens written by [`NormText::set`] stay in registers.)
#[inline(never)]
fn marked_token(chars: &[char], a: usize, i: usize) -> (bool, Option<Tok>) {
    let (mut s, mut e) = (a, i);
    let lead = |c: char| matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '{');
    let lead_brk = s < e && lead(chars[s]);
    while s < e && lead(chars[s]) {
        s += 1;
    }
    let mut brk_after = false;
    while e > s && trails_word(chars[e - 1]) {
        e -= 1;
        brk_after = true;
    }
    let dot = e > s && chars[e - 1] == '.';
    if dot {
        e -= 1;
    }
    if s >= e {
        return (lead_brk, None);
    }
    let brk = brk_after || (dot && e + 1 < i);
    // (a word opening with an ASCII letter or digit and ending with an ASCII char, most of
    // these: its marks in one look-up of the bare words' table, as `Tok::new` would find them;
    // so too a word opening with ASCII punctuation or a digit, "$9", "-", whose first byte,
    // below '@', falls in the table's class of no case, as it has)
    let (f, l) = (chars[s], chars[e - 1]);
    if (f.is_ascii_alphanumeric() || (f.is_ascii() && (f as u8) < b'@')) && l.is_ascii() {
        let mut t = Tok::bare(s, e, f as u8, l as u8, &Rules::embedded().sieve.tok_marks);
        t.marks |= if brk { TOK_BRK } else { 0 } | if dot { TOK_DOT } else { 0 };
        return (lead_brk, Some(t));
    }
    (lead_brk, Some(Tok::new(chars, s, e, dot, brk)))
}

/// Punctuation that [`marked_token`] sets aside after a token's word, a break after it.
#[inline(always)]
fn trails_word(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '}' | '–' | '—')
}

/// "Torkula village", "the village of Umemger", "Kasserine governorate": up to two capitalised
/// words next to a lower-case settlement or division noun name a place. Demonyms ("Syrian
/// city") and common words ("inner city") don't. `k`: a token [`shaped_names`] found to be a
/// settlement noun.
#[inline(never)]
fn settlement_at(
    chars: &[char],
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &mut DocState,
    toks: &[Tok],
    k: usize,
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    // (the words read on the stack: most are only looked at; `lead`: the first of two words,
    // which may be a title or a common word, "Sheikh Miskeen", "Khan Touman")
    let word_ok = |t: &Tok, lead: bool| {
        with_str(&chars[t.s()..t.e()], |w| {
            // "al-Jabal": an article and a name (most words have no hyphen: not split, here nor
            // below)
            let hyphen = w.contains('-');
            if hyphen && after_article(rules, w) {
                return true;
            }
            // ("Al-Sukkari", "Hawsh-Nasri": capitalised parts joined by hyphens; an apostrophe
            // may stand inside a part or open it, "Ma’ardes", "Al-‘Arfi", not end it)
            let part_ok = |part: &str| {
                let letters = part.trim_start_matches(is_apostrophe);
                letters.chars().next().is_some_and(|c| c.is_uppercase())
                    && letters.chars().all(|c| c.is_alphabetic() || is_apostrophe(c))
                    && !letters.ends_with(is_apostrophe)
                    && !(letters.ends_with('s') && letters[..letters.len() - 1].ends_with(is_apostrophe))
            };
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars().any(|c| c.is_lowercase())
                && if hyphen { w.split('-').all(part_ok) } else { part_ok(w) }
                && !FUNCTION_WORDS.contains(&w)
                && !DIRECTION_WORDS.contains(&w)
                && !is_time_word(w)
                // (the common words' look-up first: it turns down more words than the lists)
                && (lead || common_zipf(rules, w).is_none_or(|z| z < 4.0))
                && (lead || !rules.stop.contains(w))
                && (lead || !rules.person_title.contains(w))
                && !rules.group_adjective.contains(w)
                && !lookup_word(gaz, w, |p| p.name_kind == NameKind::Demonym)
        })
    };
    let name_word = |t: &Tok| word_ok(t, false);
    // a name's first word at token `i`: a name word, or a title or common word before one
    let opens_name = |i: usize| {
        name_word(&toks[i]) || (!toks[i].brk_after() && !toks[i].dot() && word_ok(&toks[i], true) && toks.get(i + 1).is_some_and(&name_word))
    };
    let h = toks[k];
    // (every reading below needs a capitalised word among the four before the noun, or "of"
    // or a colon after it: most nouns have none, and are passed over at once)
    let of_next = !h.brk_after() && !h.dot() && toks.get(k + 1).is_some_and(|t| chars_eq(&chars[t.s()..t.e()], "of") && !t.brk_after());
    if !of_next && chars.get(h.e()) != Some(&':') && !toks[k.saturating_sub(4)..k].iter().any(|t| t.upper()) {
        return;
    }
    // "the villages of A, B and C", "the A and B villages": a plural noun names a list
    if chars[h.e() - 1] == 's' {
        plural_settlements_at(chars, lines, toks, k, of_next, &name_word, &opens_name, found);
        return;
    }
    // "Tahrawa, a village near Mosul", "Highfield, a Harare township,": a name set off by a
    // comma before "a … NOUN" that ends there (not "Smith, a town councillor")
    if let Some(j) = (k.saturating_sub(3)..k).rev().find(|&j| j >= 2 && matches!(&chars[toks[j].s()..toks[j].e()], ['a'] | ['a', 'n'])) {
        let name = toks[j - 1];
        let ends_here = h.brk_after() || h.dot() || toks.get(k + 1).is_none_or(|t| with_str(&chars[t.s()..t.e()], |w| APPOSITION_AFTER.contains(&w)));
        if name.brk_after()
            && (j + 1..k).all(|i| !toks[i].brk_after() && !toks[i].dot())
            && ends_here
            && name_word(&name)
            && !lines.title_case(chars, name.s())
        {
            let first = if !toks[j - 2].brk_after() && !toks[j - 2].dot() && name_word(&toks[j - 2]) { j - 2 } else { j - 1 };
            found.push((toks[first].s(), name.e(), "shape-settlement"));
        }
    }
    {
        // "Torkula village": the name right before the noun
        if k > 0 && !toks[k - 1].brk_after() && !toks[k - 1].dot() && name_word(&toks[k - 1]) {
            let mut first = k - 1;
            // (the first of two may be a title or a common word: "the Air Balloon roundabout")
            if first > 0 && !toks[first - 1].brk_after() && !toks[first - 1].dot() && word_ok(&toks[first - 1], true) {
                first -= 1;
            }
            if !(lines.title_case(chars, toks[first].s()) || first + 1 == k && sentence_initial(chars, toks[first].s())) {
                found.push((toks[first].s(), toks[k - 1].e(), "shape-settlement"));
            }
        }
        // "the village of Umemger"
        if of_next {
            let mut last = k + 1;
            while last < k + 3 && last + 1 < toks.len() && (if last == k + 1 { opens_name(last + 1) } else { name_word(&toks[last + 1]) }) {
                last += 1;
                if toks[last].brk_after() || toks[last].dot() {
                    break;
                }
            }
            // "the town of Hit", "the western town of Man": after a town noun, one capitalised
            // word that ends the phrase is the town's name, even a common word
            if last == k + 1 && k + 2 < toks.len() && with_str(&chars[h.s()..h.e()], |w| TOWN_NOUNS.contains(&w)) {
                let x = toks[k + 2];
                if word_ok(&x, true) && (x.brk_after() || x.dot() || toks.get(k + 3).is_none_or(|n| !n.upper())) {
                    last = k + 2;
                }
            }
            if last > k + 1 && !lines.title_case(chars, h.s()) {
                let t = toks[last];
                let e = if t.e() - t.s() > 2 && chars[t.e() - 1] == 's' && matches!(chars[t.e() - 2], '\'' | '’') { t.e() - 2 } else { t.e() };
                found.push((toks[k + 2].s(), e, "shape-settlement"));
            }
        }
    }
}

/// The settlement nouns after which "NOUN of X" names a town X even when X is a common word
/// ("the town of Hit").
const TOWN_NOUNS: [&str; 9] = ["village", "town", "city", "settlement", "locality", "hamlet", "suburb", "district", "municipality"];

/// Words that may follow "a village" in an apposition that names the place before it:
/// "Tahrawa, a village near Mosul", "Ikpoba, a border town between Dekina and Omala".
const APPOSITION_AFTER: [&str; 16] =
    ["near", "in", "on", "outside", "north", "south", "east", "west", "of", "between", "bordering", "about", "some", "close", "just", "where"];

/// The names a plural settlement noun at token `k` lists: after "NOUNs of" ("the villages of
/// Khirbet Suda, Kafrnan, and Harsh Tiseen"), or two or more before the noun ("the Jumla and
/// Diwan villages"). Each name is one or two name words; the list goes on over commas, "and"
/// and "or", and a name ends at a comma.
/// `of`: "of" follows the noun.
#[allow(clippy::too_many_arguments)]
fn plural_settlements_at(
    chars: &[char],
    lines: &mut DocState,
    toks: &[Tok],
    k: usize,
    of: bool,
    name_word: &dyn Fn(&Tok) -> bool,
    opens_name: &dyn Fn(usize) -> bool,
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    let h = toks[k];
    if lines.title_case(chars, h.s()) {
        return;
    }
    let joiner = |t: &Tok| matches!(&chars[t.s()..t.e()], ['a', 'n', 'd'] | ['o', 'r']);
    let name_end = |t: &Tok| if t.e() - t.s() > 2 && chars[t.e() - 1] == 's' && matches!(chars[t.e() - 2], '\'' | '’') { t.e() - 2 } else { t.e() };
    let mut names: Vec<(usize, usize)> = Vec::new();
    // ("four villages: Demsare, Wunamokoh and Dikajam")
    let colon = chars.get(h.e()) == Some(&':');
    if of || colon {
        // after the noun: name (, name)* ((,) and|or name)?
        let mut i = if of { k + 2 } else { k + 1 };
        while i < toks.len() && names.len() < 8 {
            if !opens_name(i) {
                break;
            }
            let first = i;
            if !toks[i].brk_after() && !toks[i].dot() && toks.get(i + 1).is_some_and(name_word) {
                i += 1;
            }
            names.push((toks[first].s(), name_end(&toks[i])));
            let t = toks[i];
            if t.dot() || i + 1 >= toks.len() {
                break;
            }
            // the next name after a comma, an "and" or a comma and an "and"
            let next = &toks[i + 1];
            i += if joiner(next) && !next.brk_after() {
                2
            } else if t.brk_after() {
                1
            } else {
                break;
            };
        }
    } else if k >= 3 && !toks[k - 1].brk_after() && !toks[k - 1].dot() && name_word(&toks[k - 1]) {
        // before the noun, two names or more: "the Jumla and Diwan villages", "El Waregow,
        // Shalanbod and Janale towns" (faiths and peoples are no names here: "Sunni and
        // Shiite neighbourhoods")
        let mut i = k - 1;
        loop {
            let last = i;
            if i >= 1 && !toks[i - 1].brk_after() && !toks[i - 1].dot() && !joiner(&toks[i - 1]) && name_word(&toks[i - 1]) {
                i -= 1;
            }
            names.push((toks[i].s(), toks[last].e()));
            if names.len() >= 8 || i < 2 {
                break;
            }
            let p = toks[i - 1];
            if joiner(&p) && !p.brk_after() && !toks[i - 2].dot() && name_word(&toks[i - 2]) {
                i -= 2;
            } else if p.brk_after() && !p.dot() && name_word(&p) && !(i >= 2 && joiner(&toks[i - 2])) {
                i -= 1;
            } else {
                break;
            }
        }
        if names.len() < 2 {
            names.clear();
        }
    }
    for (s, e) in names {
        // (the first name after the colon opens no sentence, though it looks as if it does)
        if !sentence_initial(chars, s) || (colon && s == toks[k + 1].s()) {
            found.push((s, e, "shape-settlement"));
        }
    }
}

/// A rare capitalised word, a likely part of a place's name the gazetteer lacks: a capital,
/// then lower-case letters (and hyphens, with `hyphen`), three or more in all; no stop word,
/// given name, organisation word or time word, no person named in the article (`persons`),
/// and rare in English (Zipf below 3.5). [`locative_at`] and [`coordinated_at`] add tests
/// of their own.
fn rare_capitalised(w: &str, rules: &Rules, persons: &[&str], hyphen: bool) -> bool {
    // (an apostrophe inside the word, before a letter, is part of it: "Sa’eed", "Ma'arat")
    // (not a possessive "'s"; read only for a word that has one: most have none)
    let inner_apostrophe = |w: &str| {
        !w.contains(['’', '\'']) || {
            let cs: Vec<char> = w.chars().collect();
            cs.iter().enumerate().all(|(i, c)| {
                !matches!(c, '’' | '\'') || (i > 1 && cs.get(i + 1).is_some_and(|n| n.is_lowercase()) && !(i + 2 == cs.len() && cs[i + 1] == 's'))
            })
        }
    };
    w.chars().next().is_some_and(|c| c.is_uppercase())
        && w.chars().skip(1).all(|c| c.is_lowercase() || (hyphen && c == '-') || c == '’' || c == '\'')
        && inner_apostrophe(w)
        && w.chars().count() >= 3
        // (the common words' look-up first: it turns down more words than the lists)
        && common_zipf(rules, w).is_none_or(|z| z < 3.5)
        && !rules.stop.contains(w)
        && !rules.first_name.contains(w)
        && !rules.org_head.contains(w)
        && !is_time_word(w)
        && !persons.contains(&w)
}

/// "Al-Sukhanah", "al-Fijah", "Ash-Shaddadi": the Arabic article, a hyphen and a rare
/// capitalised word (an apostrophe may stand inside it: "Al-Ma’arra"), the common shape of a
/// village's name in Syrian, Iraqi and Yemeni news; not a movement's or a family's name
/// ("al-Qaeda", "al-Assad"), nor a person named in the article.
fn arabic_article_name(w: &str, rules: &Rules, persons: &[&str]) -> bool {
    const ARTICLES: [&str; 10] = ["Al-", "al-", "El-", "el-", "Ad-", "Ar-", "As-", "Ash-", "At-", "Az-"];
    // (every article's hyphen is its third or fourth byte: most words, with none there, are
    // turned down before the articles are tried)
    let b = w.as_bytes();
    if b.get(2) != Some(&b'-') && b.get(3) != Some(&b'-') {
        return false;
    }
    let Some(rest) = ARTICLES.iter().find_map(|a| w.strip_prefix(a)) else { return false };
    let mut cs = rest.chars();
    cs.next().is_some_and(|c| c.is_uppercase())
        && rest.chars().count() >= 3
        && cs.clone().all(|c| c.is_lowercase() || c == '’' || c == '\'')
        && cs.last().is_some_and(|c| c.is_lowercase())
        && !rules.arabic_not_place.contains(rest)
        && !persons.iter().any(|p| *p == w || *p == rest)
        && common_zipf(rules, rest).is_none_or(|z| z < 3.5)
}

/// "Qabasin and Bzaah", "Kanyabayonga and Alimbongo": one or two rare capitalised words joined
/// by "and" or "or" to a town the gazetteer knows name a place it lacks. Only a town (that
/// may also name its province, as Aleppo does): a country is joined to persons and peoples
/// too ("Russia and Putin"). The rare words are [`rare_capitalised`], and no title, faith or
/// people, nor a word the gazetteer knows. `k`: a capitalised token right after an "and" or
/// an "or"; `out`: the gazetteer's names so far, in the text's order.
#[inline(never)]
fn coordinated_at(chars: &[char], gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, out: &[Toponym], k: usize, found: &mut Vec<(usize, usize, &'static str)>) {
    let toks = lines.toks;
    let joiner = |t: &Tok| !t.brk_after() && !t.dot() && matches!(&chars[t.s()..t.e()], ['a', 'n', 'd'] | ['o', 'r']);
    if k < 2 || !joiner(&toks[k - 1]) {
        return;
    }
    // a town, not in a headline, that starts and ends at token bounds
    let town = |lines: &mut DocState, t: &Toponym| {
        t.kind == SpanKind::Place
            && toks.binary_search_by_key(&t.start, |x| x.s()).is_ok()
            && t.candidates.iter().any(|p| gaz.place_kind(p.place) == Kind::City)
            && !t.candidates.iter().any(|p| matches!(gaz.place_kind(p.place), Kind::Country | Kind::Continent | Kind::Region))
            && !lines.title_case(chars, t.start)
    };
    // the town that ends at the token before the "and", or starts at `k`
    let before = toks[k - 2];
    let ends_before = out.get(out.partition_point(|t| t.end < before.e())).filter(|t| t.end == before.e() && !before.brk_after() && !before.dot());
    let starts_here = out.get(out.partition_point(|t| t.start < toks[k].s())).filter(|t| t.start == toks[k].s());
    let ends_before = ends_before.filter(|t| town(lines, t)).is_some();
    let starts_here = starts_here.filter(|t| town(lines, t)).is_some();
    if !ends_before && !starts_here {
        return;
    }
    let persons = &lines.doc_persons;
    let rare = |t: &Tok| {
        with_str(&chars[t.s()..t.e()], |w| {
            (rare_capitalised(w, rules, persons, true) || arabic_article_name(w, rules, persons))
                && !rules.person_title.contains(w)
                && !rules.group_adjective.contains(w)
                && !gaz_has_word(gaz, w)
        })
    };
    let capital = |t: &Tok| chars[t.s()].is_uppercase();
    // "Qabasin and Bzaah": the rare words after it, then no third capitalised word
    if ends_before && rare(&toks[k]) {
        let a = k;
        let two = !toks[a].brk_after() && !toks[a].dot() && toks.get(a + 1).is_some_and(&rare);
        let b = if two { a + 1 } else { a };
        let closed = toks[b].brk_after() || toks[b].dot() || toks.get(b + 1).is_none_or(|x| !capital(x));
        if closed {
            found.push((toks[a].s(), toks[b].e(), "shape-coordinated"));
        }
    }
    // "Bzaah and Qabasin": the rare words before it, after a word that is not capitalised
    if starts_here {
        let b = k - 2;
        if !toks[b].brk_after() && !toks[b].dot() && rare(&toks[b]) {
            let two = b >= 1 && !toks[b - 1].brk_after() && !toks[b - 1].dot() && rare(&toks[b - 1]);
            let a = if two { b - 1 } else { b };
            let opened = a == 0 || toks[a - 1].brk_after() || toks[a - 1].dot() || !capital(&toks[a - 1]);
            if opened && !sentence_initial(chars, toks[a].s()) {
                found.push((toks[a].s(), toks[b].e(), "shape-coordinated"));
            }
        }
    }
}

/// "Knockhill, Fife.", "Croft, Yorkshire.", "Kasba Bonli, Rajasthan,": one to three rare
/// capitalised words, then a comma and a state, county, region or country the gazetteer
/// named that ends its phrase, are a place in it (the "Town, State" of datelines and lists),
/// however common a word the name is or however unknown to the gazetteer. Not a common word
/// opening a sentence ("Meanwhile, Texas officials"), a given name or a title, nor a word
/// of a name already found. `out`: the gazetteer's names, in the text's order.
#[inline(never)]
fn comma_divisions(chars: &[char], gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, out: &[Toponym], found: &mut Vec<(usize, usize, &'static str)>) {
    let toks = lines.toks;
    for (i, y) in out.iter().enumerate() {
        // ", Y" right before, Y a division or a country by its own name or an abbreviation
        if y.kind != SpanKind::Place || y.start < 3 || chars[y.start - 2..y.start] != [',', ' '] {
            continue;
        }
        let area = y.candidates.iter().any(|p| {
            p.name_kind != NameKind::Alternate
                && matches!(gaz.place_kind(p.place), Kind::Admin1 | Kind::Admin2 | Kind::Region | Kind::Country)
        });
        // ... that ends its phrase: "Croft, Yorkshire." (not "Meanwhile, Texas officials said")
        let ends = chars[y.end..].iter().find(|c| **c != ' ').is_none_or(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '\n'));
        // (a list of persons: "the deaths of Helen, Clarence, Irene")
        if !area || !ends || rules.first_name.contains(y.text.as_str()) {
            continue;
        }
        // the token that ends at the comma, and up to two capitalised ones before it
        let Ok(b) = toks.binary_search_by_key(&(y.start - 2), |t| t.e()) else { continue };
        if !toks[b].brk_after() {
            continue;
        }
        let word_ok = |t: &Tok, last: bool| {
            (last || (!t.brk_after() && !t.dot()))
                && t.upper()
                && with_str(&chars[t.s()..t.e()], |w| {
                    w.chars().skip(1).any(|c| c.is_lowercase())
                        && !FUNCTION_WORDS.contains(&w)
                        && !DIRECTION_WORDS.contains(&w)
                        && !is_time_word(w)
                        && !place_word(w)
                        && !rules.first_name.contains(w)
                        && !rules.person_title.contains(w)
                        && !rules.org_head.contains(w)
                        && common_zipf(rules, w).is_none_or(|z| z < 3.5)
                })
        };
        // (a common word is the town only when the gazetteer has a town of that name in Y's
        // country: "Reading, Berkshire.", "Mobile, Alabama,")
        let same_country_town = |t: &Tok| {
            t.upper()
                && with_str(&chars[t.s()..t.e()], |w| {
                    !FUNCTION_WORDS.contains(&w)
                        && !is_time_word(w)
                        && !rules.first_name.contains(w)
                        && lookup_word(gaz, w, |p| {
                            p.name_kind == NameKind::Primary
                                && gaz.place_kind(p.place) == Kind::City
                                && y.candidates.iter().any(|q| gaz.place_cc_key(q.place) == gaz.place_cc_key(p.place))
                        })
                })
        };
        let single_town = toks[b].brk_after() && (b == 0 || toks[b - 1].brk_after() || toks[b - 1].dot() || !toks[b - 1].upper());
        if !(word_ok(&toks[b], true) || (single_town && same_country_town(&toks[b]))) {
            continue;
        }
        let mut a = b;
        while a > 0 && b - a < 2 && word_ok(&toks[a - 1], false) {
            a -= 1;
        }
        // a capitalised word before them that is not one of them: the name is longer, or a
        // person's ("John Smith, Texas")
        if a > 0 && !toks[a - 1].brk_after() && !toks[a - 1].dot() && toks[a - 1].upper() {
            continue;
        }
        let (s, e) = (toks[a].s(), toks[b].e());
        // (not a quotation: '"Greenest, Grandest, St. Patrick's Day"')
        if s > 0 && matches!(chars[s - 1], '"' | '“' | '\'' | '‘') {
            continue;
        }
        // (a name already found there, or a person named in the article, stays as it is)
        if out[..i].iter().rev().take_while(|t| t.end > s.saturating_sub(200)).any(|t| t.start < e && s < t.end) {
            continue;
        }
        if lines.doc_persons.iter().any(|p| chars_eq(&chars[s..e], p)) {
            continue;
        }
        found.push((s, e, "shape-comma"));
    }
}

/// "Al-Rashidiyah District", "Sheikh Sa’eed District", "Sadr City": one or two rare words
/// before a capitalised division noun name a quarter or a town. The words must be no English
/// words at all (Zipf below 3), so that "Garden District", "School District" and
/// "Congressional District" stay out. `k`: a capitalised token after another.
#[inline(never)]
fn division_at(chars: &[char], gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, toks: &[Tok], k: usize, found: &mut Vec<(usize, usize, &'static str)>) {
    let h = toks[k];
    if !DIVISION_HEADS.iter().any(|d| chars_eq(&chars[h.s()..h.e()], d)) {
        return;
    }
    // "Cloverhill District Court", "Edwardsville District 7": the noun opens a longer name
    if !h.brk_after() && !h.dot() && toks.get(k + 1).is_some_and(|n| !chars[n.s()].is_lowercase()) {
        return;
    }
    let rare = |t: &Tok| {
        !t.brk_after()
            && !t.dot()
            && with_str(&chars[t.s()..t.e()], |w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    && w.chars().any(|c| c.is_lowercase())
                    && w.chars().all(|c| c.is_alphabetic() || c == '-' || is_apostrophe(c))
                    && !rules.stop.contains(w)
                    && !rules.first_name.contains(w)
                    && !rules.org_head.contains(w)
                    && !rules.person_title.contains(w)
                    && !rules.group_adjective.contains(w)
                    && !DIRECTION_WORDS.contains(&w)
                    && common_zipf(rules, w).is_none_or(|z| z < 3.0)
                    && !lookup_word(gaz, w, |p| p.name_kind == NameKind::Demonym)
            })
    };
    if !rare(&toks[k - 1]) {
        return;
    }
    // ("Hama City", "Kirkuk City": a town the gazetteer knows keeps its own name)
    if matches!(&chars[h.s()..h.e()], ['C', 'i', 't', 'y'] | ['T', 'o', 'w', 'n']) && with_str(&chars[toks[k - 1].s()..toks[k - 1].e()], |w| gaz_has_word(gaz, w)) {
        return;
    }
    // a title or a name word before it may open the name ("Sheikh Sa’eed", "Bab Amr"; not
    // "Baghdad's Sadr City")
    let mut first = k - 1;
    // (the token before the rare word; at the text's start `first > 0` below turns it down)
    let p = toks[first.saturating_sub(1)];
    let possessive = p.e() - p.s() > 2 && chars[p.e() - 1] == 's' && is_apostrophe(chars[p.e() - 2]);
    if first > 0 && !p.brk_after() && !p.dot() && !possessive && p.upper() && !sentence_initial(chars, p.s()) {
        let w = &chars[p.s()..p.e()];
        if with_str(w, |w| rules.person_title.contains(w) || (common_zipf(rules, w).is_none_or(|z| z < 4.0) && !rules.org_head.contains(w) && !rules.stop.contains(w))) {
            first -= 1;
        }
    }
    if lines.title_case(chars, toks[first].s()) {
        return;
    }
    found.push((toks[first].s(), h.e(), "shape-settlement"));
}

/// The [`Tok::tri`] of "and" and "or".
const AND_TRIPLE: u16 = Sieve::triple_of("and");
const OR_TRIPLE: u16 = Sieve::triple_of("or");

/// Capitalised nouns of a town's quarters that close a name ([`division_at`]).
const DIVISION_HEADS: [&str; 6] = ["District", "Suburb", "Neighbourhood", "Neighborhood", "City", "Town"];

/// "the A120", "via the A436, A40 and A429": British road numbers after "the", or listed with
/// one; not "the M4 carbine". `k`: a capitalised token after the first, `digit_last` whether a
/// digit ends it, `last_code` the last road number found.
#[inline(always)]
fn road_at(chars: &[char], rules: &Rules, toks: &[Tok], k: usize, digit_last: bool, last_code: &mut Option<usize>, found: &mut Vec<(usize, usize, &'static str)>) {
    let t = toks[k];
    if !digit_last || t.e() - t.s() > 5 || !chars[t.s()].is_ascii_uppercase() {
        return;
    }
    road_after(chars, rules, toks, k, last_code, found);
}

/// Words that a road's number follows: "Interstate 75", "Highway 19", "Route 1", "State
/// Highway 360", "County Road 12".
const ROAD_WORDS: [&str; 7] = ["Interstate", "Highway", "Hwy", "Route", "Rte", "Freeway", "Motorway"];

/// Road codes that a number follows after a hyphen or a space: "I-75", "US-24", "SR 9", "CR
/// 2202", "FM 678" (the first seven), and, after a space only, the US states' postal codes
/// ("KY 52"); not those that are English words in capitals ("OK", "IN", "OR", "ME", "HI").
const ROAD_CODES: [&str; 51] = [
    "I", "US", "SR", "CR", "FM", "RM", "SH", "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "ID", "IL", "IA", "KS",
    "KY", "LA", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "PA", "RI",
    "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
];

/// "Interstate 75", "Highway 19", "state Route 1", "U.S. Highway 31", "I-75", "US-24", "KY 52":
/// a numbered road, the number up to four digits (a letter may follow: "Highway 19A"). A
/// code joined by a hyphen must be one of [`ROAD_CODES`] written in capitals ("F-16", "AK-47"
/// and "Su-24" are none); `k`: a capitalised token.
#[inline(never)]
fn numbered_road_at(chars: &[char], toks: &[Tok], k: usize, found: &mut Vec<(usize, usize, &'static str)>) {
    let h = toks[k];
    let number = |w: &[char]| {
        let digits = w.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=4).contains(&digits) && w.len() <= digits + 1 && w[digits..].iter().all(|c| c.is_ascii_uppercase()) && w[0] != '0'
    };
    let w = &chars[h.s()..h.e()];
    // "I-75", "US-24": one token (not a state's code: "AK-47" is a rifle, "NY-14" a House seat)
    if let Some(hy) = w.iter().position(|c| *c == '-') {
        if ROAD_CODES[..7].iter().any(|c| chars_eq(&w[..hy], c)) && number(&w[hy + 1..]) {
            found.push((h.s(), h.e(), "shape-road"));
        }
        return;
    }
    let Some(n) = toks.get(k + 1).filter(|_| !h.brk_after() && !h.dot() || chars_eq(w, "U.S")) else { return };
    if !number(&chars[n.s()..n.e()]) {
        return;
    }
    // (told apart by their first letter and case before any list is read: most tokens before a
    // number are months, "March 30")
    let caps = w.len() <= 3 && w.iter().all(|c| c.is_ascii_uppercase());
    let word = !caps && matches!(w[0], 'I' | 'H' | 'R' | 'F' | 'M') && ROAD_WORDS.iter().any(|r| chars_eq(w, r));
    // (a code and a space: a postal code's number has at most three digits, "KY 52")
    let code = caps && w.len() >= 2 && n.e() - n.s() <= 4 && ROAD_CODES.iter().any(|c| chars_eq(w, c));
    if !word && !code {
        return;
    }
    // "State Highway 360", "U.S. Highway 31", "County Road 12": the capitalised word before
    let mut s = h.s();
    if word && k > 0 {
        let p = toks[k - 1];
        let pw = &chars[p.s()..p.e()];
        if !p.brk_after() && (["State", "County", "US", "Federal", "National"].iter().any(|x| chars_eq(pw, x)) || (p.dot() && chars_eq(pw, "U.S"))) {
            s = p.s();
        }
    }
    // "Interstate 64 West": a direction that closes the name
    let mut e = n.e();
    if let Some(d) = toks.get(k + 2).filter(|d| !n.brk_after() && !n.dot() && ["North", "South", "East", "West"].iter().any(|x| chars_eq(&chars[d.s()..d.e()], x))) {
        if toks.get(k + 3).is_none_or(|x| d.brk_after() || d.dot() || !x.upper()) {
            e = d.e();
        }
    }
    found.push((s, e, "shape-road"));
}

#[inline(never)]
fn road_after(chars: &[char], rules: &Rules, toks: &[Tok], k: usize, last_code: &mut Option<usize>, found: &mut Vec<(usize, usize, &'static str)>) {
    let text = |t: &Tok| -> String { chars[t.s()..t.e()].iter().collect() };
    let is_code = |t: &Tok| {
        let w = text(t);
        let mut cs = w.chars();
        cs.next().is_some_and(|c| rules.road_prefix.contains(c.to_string().as_str()))
            && (2..=5).contains(&w.chars().count())
            && w.chars().skip(1).all(|c| c.is_ascii_digit())
    };
    let t = toks[k];
    if !is_code(&t) {
        return;
    }
    let prev = text(&toks[k - 1]).to_lowercase();
    let listed = last_code.is_some_and(|j| k - j <= 2 && (toks[j].brk_after() || prev == "and" || prev == "or"));
    let weapon = toks.get(k + 1).is_some_and(|n| {
        !t.brk_after() && !t.dot() && (rules.weapon_noun.contains(text(n).to_lowercase().as_str()) || text(n).chars().next().is_some_and(|c| c.is_uppercase()))
    });
    if (prev == "the" && !toks[k - 1].brk_after() || listed) && !weapon {
        found.push((t.s(), t.e(), "shape-road"));
        *last_code = Some(k);
    }
}

/// The index walked through one normalised word from a node (the root, or where the word
/// before left the walk).
struct WordWalk {
    /// Where a name ends inside the word or at its end: bytes consumed and FST output.
    final_len: [u8; WORD_WALK_FINALS],
    final_out: [u32; WORD_WALK_FINALS],
    n_finals: u8,
    /// How many of them end inside the word, before its last byte.
    inside: u8,
    /// Whether some name goes on with a space after the word.
    next: bool,
    /// Whether the walk went through the whole word (some name starts with it): then the
    /// node after the word and the output so far (where `next` walks on with a space, and
    /// the squashed key of [`lookup_span`] with the next word's bytes).
    whole: bool,
    next_addr: u32,
    next_out: u32,
}

/// Names ending inside one word that a memo entry holds (more: the word is walked as usual;
/// with 4, a word like "california", many of whose prefixes are names, was walked byte by byte).
const WORD_WALK_FINALS: usize = 8;

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

/// Each byte's high bit: the [`WordKey::next`] masks.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

impl WordKey {
    /// The word of `norm` at `b` that the walk takes next (up to the first space at or after
    /// `b + lead`, or `limit`): its length and key, or `None` when it has no key (see
    /// [`WordKey::new`]) or `limit` cuts it inside the text.
    ///
    /// Where the text has 24 bytes from `b` on, they are read as three words, each tested
    /// for a space in a few operations, and the key is made from the same words (no byte
    /// loop, no copy); elsewhere byte by byte.
    #[inline(always)]
    fn next(norm: &[u8], b: usize, lead: usize, limit: usize) -> Option<(usize, WordKey)> {
        let Some(bytes) = norm.get(b..b + 24) else {
            let n = lead + norm[b + lead..limit].iter().position(|&c| c == b' ').unwrap_or(limit - b - lead);
            return (b + n < limit || limit == norm.len()).then(|| WordKey::new(&norm[b..b + n])).flatten().map(|k| (n, k));
        };
        let word = |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap_or([0; 8]));
        // the high bit of each space byte (exact: no carry crosses from one byte to the next)
        let spaces = |x: u64| {
            let v = x ^ 0x2020_2020_2020_2020;
            !(((v & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | v | !HIGH_BITS)
        };
        // the key's words up to the space (a leading space aside), its bytes only; the words
        // after it stay zero, as in [`WordKey::new`] (a space in the first eight bytes, as
        // after most words, makes the key from the first word alone)
        let x = word(0);
        let m = spaces(x) & !((lead as u64) << 7);
        let (n, mut w) = if m != 0 {
            let inside = m.trailing_zeros() as usize / 8;
            (inside, [x & ((1u64 << (8 * inside)) - 1), 0, 0])
        } else {
            let mut w = [x, 0, 0];
            let mut n = 24;
            for (i, k) in w.iter_mut().enumerate().skip(1) {
                let x = word(i);
                let m = spaces(x);
                if m != 0 {
                    let inside = m.trailing_zeros() as usize / 8;
                    n = 8 * i + inside;
                    *k = x & ((1u64 << (8 * inside)) - 1);
                    break;
                }
                *k = x;
            }
            (n, w)
        };
        let room = limit - b;
        // (both limit tests behind one compare: the word mostly ends well before the limit)
        if n >= room {
            if n > room {
                // (cut by the limit: the rare long walk, or the walk near the text's end)
                return (limit == norm.len()).then(|| WordKey::new(&norm[b..limit])).flatten().map(|k| (room, k));
            }
            if limit != norm.len() {
                return None;
            }
        }
        if n == 0 || n > 23 {
            return None;
        }
        // (its length in the last byte, as `WordKey::new` lays it out)
        w[2] |= (n as u64) << 56;
        Some((n, WordKey(w)))
    }
}

impl std::hash::Hash for WordKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for w in self.0 {
            state.write_u64(w);
        }
    }
}

/// A key of the name walk's memo: the node the walk starts from (`u32::MAX`: the root) and
/// the word.
#[derive(Clone, Copy, PartialEq, Eq)]
struct WalkKey {
    from: u32,
    word: WordKey,
}

impl WalkKey {
    fn new(from: u32, word: WordKey) -> WalkKey {
        WalkKey { from, word }
    }
}

impl std::hash::Hash for WalkKey {
    /// (two mixing steps, not four: the word's last two eight-byte words, mostly zero but
    /// for the length byte, are folded with the node into one; the memo is probed ~100 times
    /// an article)
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [w0, w1, w2] = self.word.0;
        state.write_u64(w0);
        state.write_u64(w1 ^ w2 ^ self.from as u64);
    }
}

/// Most words memoised per thread before the memo starts afresh.
const WORD_WALK_CACHE: usize = 100_000;

/// See `WORD_WALKS`.
type WordWalkMemo = (u64, FxLookupMap<WalkKey, Option<WordWalk>>);

thread_local! {
    /// (gazetteer uid, (node the walk starts from or `u32::MAX` for the root, normalised
    /// word) → walk; `None`: not memoisable)
    static WORD_WALKS: std::cell::RefCell<WordWalkMemo> =
        std::cell::RefCell::new((0, FxLookupMap::default()));
}

impl WordWalk {
    /// `None` when the word can't be memoised (too many names end in it, or the index is
    /// too big for 32-bit offsets).
    fn new<'f>(fst: &'f fst::raw::Fst<std::borrow::Cow<'static, [u8]>>, mut node: fst::raw::Node<'f>, word: &[u8]) -> Option<WordWalk> {
        let mut out_acc = fst::raw::Output::zero();
        let mut w = WordWalk {
            final_len: [0; WORD_WALK_FINALS],
            final_out: [0; WORD_WALK_FINALS],
            n_finals: 0,
            inside: 0,
            next: false,
            whole: false,
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
                w.inside += (k + 1 < word.len()) as u8;
            }
        }
        w.whole = true;
        // (`u32::MAX` stands for the root in the memo's keys)
        w.next_addr = u32::try_from(node.addr()).ok().filter(|&a| a != u32::MAX)?;
        w.next_out = u32::try_from(out_acc.value()).ok()?;
        w.next = node.find_input(b' ').is_some();
        Some(w)
    }
}

/// "in Kasba Bonli", "at Brands Hatch": two rare capitalised words after "in" or "at", that
/// are no person's name and open no organisation's, name a place the gazetteer lacks. `k`: a
/// capitalised token after "in" or "at", with one more token after it.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn locative_at(
    chars: &[char],
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &mut DocState,
    toks: &[Tok],
    k: usize,
    two_words: bool,
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    let a = toks[k];
    // (not "… pitched in. Groth, whose home …", nor "in Flores' honor")
    if toks[k - 1].brk_after() || toks[k - 1].dot() || matches!(chars.get(a.e()), Some('\'' | '’')) || lines.title_case(chars, a.s()) {
        return;
    }
    let persons = &lines.doc_persons;
    // (the words read on the stack: most are only looked at)
    let rare = |t: &Tok| {
        with_str(&chars[t.s()..t.e()], |w| {
            (rare_capitalised(w, rules, persons, false) || arabic_article_name(w, rules, persons)) && !lookup_word(gaz, w, |p| p.name_kind == NameKind::Demonym)
        })
    };
    // "in Sheikh Sa’eed", "at Sheikh Miskeen": the generic word of a village's name (a
    // title too, so only with a rare word after it and a place's locative before it)
    let sheikh = two_words && chars_eq(&chars[a.s()..a.e()], "Sheikh");
    if !rare(&a) && !sheikh {
        return;
    }
    let next = toks.get(k + 1).filter(|_| !a.brk_after() && !a.dot());
    if sheikh {
        // (the person pass reads "Sheikh" as a title and the word after it as a surname: the
        // word is asked without the article's persons)
        let rare_word = |t: &Tok| with_str(&chars[t.s()..t.e()], |w| rare_capitalised(w, rules, &[], false));
        if let Some(b) = next.filter(|b| rare_word(b) && (b.brk_after() || b.dot() || toks.get(k + 2).is_none_or(|c| !c.upper()))) {
            found.push((a.s(), b.e(), "shape-locative"));
        }
        return;
    }
    if let Some(b) = next.filter(|b| two_words && rare(b)) {
        // a third capitalised word: a longer name, most likely an organisation's
        if !b.brk_after() && !b.dot() && toks.get(k + 2).is_some_and(|c| chars[c.s()].is_uppercase()) {
            return;
        }
        found.push((a.s(), b.e(), "shape-locative"));
        return;
    }
    // one rare word that ends the phrase ("fighting in Jobar, capturing…", "killed near
    // Batrah when…"): not one that opens a longer capitalised name
    if next.is_none_or(|b| !b.upper()) {
        found.push((a.s(), a.e(), "shape-locative"));
    }
}

/// A capitalised word before the capitalised token `k` that leads a place: a compass word
/// ("Eastern Slavonia", see [`direction_at`]) or a locative word opening a sentence ("At
/// Makeen the COAS met…", "In Awja, the village…", "Around Saqlawiya, a roadside bomb…"). Kept
/// out of the shape walk, which most tokens pass through without it.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn capitalised_lead_at(chars: &[char], gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, out: &[Toponym], toks: &[Tok], k: usize, found: &mut Vec<(usize, usize, &'static str)>) {
    let (p, h) = (toks[k - 1], toks[k]);
    // (the compass words are ASCII and open with one of four letters: most words are told
    // apart by that letter, the rest by their length, before any is compared)
    let pw = &chars[p.s()..p.e()];
    if matches!(pw[0], 'N' | 'S' | 'E' | 'W') && DIRECTION_WORDS[..12].iter().any(|d| d.len() == pw.len() && chars_eq(pw, d)) {
        direction_at(chars, gaz, rules, lines, out, toks, k, found);
        return;
    }
    let opener = SENTENCE_OPENERS.iter().find(|(w, _)| chars_eq(pw, w)).map(|&(_, two)| two);
    // (not a word the gazetteer's names already cover: that name stays)
    if let Some(two) = opener.filter(|_| sentence_initial(chars, p.s()) && !covered_at(out, h.s())) {
        locative_at(chars, gaz, rules, lines, toks, k, two, found);
    }
}

/// True when a name of `out` (the gazetteer's, in the text's order) covers char `s`.
fn covered_at(out: &[Toponym], s: usize) -> bool {
    let i = out.partition_point(|t| t.start <= s);
    i > 0 && out[i - 1].end > s
}

/// "Eastern Slavonia, the last…", "in Northern Bahr el Ghazal": one of the first twelve
/// [`DIRECTION_WORDS`] (the compass words) before one capitalised word that is in no word list
/// (Zipf below 3), no gazetteer name, no given name and no person of the article, closing the
/// phrase, name a region the gazetteer lacks. `k`: the token after the compass word.
#[allow(clippy::too_many_arguments)]
fn direction_at(chars: &[char], gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, out: &[Toponym], toks: &[Tok], k: usize, found: &mut Vec<(usize, usize, &'static str)>) {
    let (p, h) = (toks[k - 1], toks[k]);
    if lines.title_case(chars, h.s()) || toks.get(k + 1).is_some_and(|n| !h.brk_after() && !h.dot() && n.upper()) || matches!(chars.get(h.e()), Some('\'' | '’')) {
        return;
    }
    let rare = with_str(&chars[h.s()..h.e()], |w| {
        rare_capitalised(w, rules, &lines.doc_persons, false) && common_zipf(rules, w).is_none_or(|z| z < 3.0) && !gaz_has_word(gaz, w) && !lookup_word(gaz, w, |_| true)
    });
    let i = out.partition_point(|t| t.end <= p.s());
    if rare && out.get(i).is_none_or(|t| t.start >= h.e()) {
        found.push((p.s(), h.e(), "shape-direction"));
    }
}

/// True when the token before token `k` (a "to") is one of [`Rules::motion_verb`].
fn motion_before(chars: &[char], rules: &Rules, toks: &[Tok], k: usize) -> bool {
    k > 0 && {
        let t = toks[k - 1];
        !t.brk_after() && !t.dot() && t.lower() && in_list(&rules.motion_verb, &chars[t.s()..t.e()])
    }
}

/// The words after which one rare capitalised word that ends the phrase is a place, as
/// `Some(two)`, `two` when two such words are one place too: the prepositions "in" and "at"
/// ("in Jobar,", "in Tal Rifaat"), "near", "around", "outside", "inside" ("near Batrah when"),
/// and verbs whose object is a place taken or struck ("Eritrea captured Badme at the start…",
/// "the air force bombed Pooneryn, just 30 km…"); persons named elsewhere in the article are
/// not such words (see [`rare_capitalised`]).
fn locative_word(w: &[char]) -> Option<bool> {
    // (told apart by first letter, last letter and length first, in a few operations: most
    // words before a capitalised one are none of these)
    let t = Sieve::triple(*w.first()?, *w.last()?, w.len());
    if !locative_lead_tri(t as u16) {
        return None;
    }
    LOCATIVE_LEADS.iter().find(|(lead, _)| chars_eq(w, lead)).map(|&(_, two)| two)
}

/// Whether a word of the [`Sieve::triple`] `tri` may be one of [`LOCATIVE_LEADS`].
#[inline(always)]
fn locative_lead_tri(tri: u16) -> bool {
    // (a triple has 14 bits: the mask only spares the bounds check)
    let t = tri as usize;
    (LOCATIVE_LEAD_TRIPLES[(t >> 6) & 0xff] >> (t & 63)) & 1 == 1
}

/// The words of [`locative_word`], each with its answer.
const LOCATIVE_LEADS: [(&str, bool); 25] = [
    ("in", true),
    ("at", true),
    ("near", false),
    ("around", false),
    ("outside", false),
    ("inside", false),
    // (only after a verb of going: see `motion_before`)
    ("to", false),
    ("toward", false),
    ("towards", false),
    ("captured", true),
    ("capture", true),
    ("recaptured", true),
    ("recapture", true),
    ("seized", true),
    ("overran", true),
    ("overrun", true),
    ("stormed", true),
    ("storming", true),
    ("entered", true),
    ("entering", true),
    ("liberated", true),
    ("retook", true),
    ("shelled", true),
    ("bombed", true),
    ("besieged", true),
];

/// The [`Sieve::triple`] of each of [`LOCATIVE_LEADS`], as one bit of 2^14.
const LOCATIVE_LEAD_TRIPLES: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut i = 0;
    while i < LOCATIVE_LEADS.len() {
        let t = Sieve::triple_of(LOCATIVE_LEADS[i].0) as usize;
        bits[t >> 6] |= 1 << (t & 63);
        i += 1;
    }
    bits
};

/// The [`Sieve::triple`]s of the words [`capitalised_lead_at`] reads: the compass words and
/// the locative words that open a sentence, as one bit of 2^14 each.
const CAPITALISED_LEAD_TRIPLES: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut i = 0;
    while i < 12 {
        let t = Sieve::triple_of(DIRECTION_WORDS[i]) as usize;
        bits[t >> 6] |= 1 << (t & 63);
        i += 1;
    }
    let mut i = 0;
    while i < SENTENCE_OPENERS.len() {
        let t = Sieve::triple_of(SENTENCE_OPENERS[i].0) as usize;
        bits[t >> 6] |= 1 << (t & 63);
        i += 1;
    }
    bits
};

/// The locative words that open a sentence before a place ("In Jobar, …", "Near Batrah, …"),
/// each with [`locative_word`]'s answer: whether two rare words after it are one place.
const SENTENCE_OPENERS: [(&str, bool); 6] = [("In", true), ("At", true), ("Near", false), ("Around", false), ("Outside", false), ("Inside", false)];

/// Whether a word of the [`Sieve::triple`] `tri` may be one that [`capitalised_lead_at`]
/// reads: most capitalised words before another are told apart here, without a call.
#[inline(always)]
fn capitalised_lead_tri(tri: u16) -> bool {
    let t = tri as usize;
    (CAPITALISED_LEAD_TRIPLES[(t >> 6) & 0xff] >> (t & 63)) & 1 == 1
}

fn is_ordinal(w: &str) -> bool {
    // (a number opens with a digit: most words are told apart by their first byte, not trimmed)
    let numbered = || {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
    };
    (w.as_bytes().first().is_some_and(u8::is_ascii_digit) && numbered())
        || matches!(
            w,
            "First" | "Second" | "Third" | "Fourth" | "Fifth" | "Sixth" | "Seventh" | "Eighth" | "Ninth" | "Tenth"
                | "Eleventh" | "Twelfth"
        )
}

/// The first token from `k` on that [`shaped_names`] looks at: a capitalised one, or a
/// lower-case one that the settlement-noun sieve lets through (`toks.len()` when none is).
/// Most tokens are neither: they are passed over here, in a loop that keeps its few values in
/// registers, not in the shape walk, which keeps its many on the stack.
///
/// (The test is [`TOK_SHAPE`], made with the token; the noun's length is tested by the triple,
/// which holds it up to 15 chars, and again in the walk.)
#[inline(never)]
fn next_shape_start(toks: &[Tok], mut k: usize) -> usize {
    while let Some(t) = toks.get(k) {
        if t.marks & TOK_SHAPE != 0 {
            break;
        }
        k += 1;
    }
    k
}

/// Names that have the shape of a place whatever the gazetteer says: up to four capitalised
/// words closed by a head word ("Cowley Road", "West Tyler Street", "Glenrock Lagoon",
/// "Barclays Center") or opened by one ("Lake Manassas", "Mount Chaambi"). A shaped name
/// replaces the gazetteer spans inside it ("Cowley" in "Cowley Road").
fn shaped_names(nt: &NormText, gaz: &Gazetteer, rules: &Rules, lines: &mut DocState, out: &mut Vec<Toponym>) {
    let chars = &nt.chars;
    let toks = lines.toks;
    // (a token's word as its slice of the text: no chars encoded again)
    let tok_with = |t: &Tok, f: &dyn Fn(&str) -> bool| f(nt.text(t.s(), t.e()));
    let possessive = |t: &Tok| t.e() - t.s() > 2 && chars[t.e() - 1] == 's' && matches!(chars[t.e() - 2], '\'' | '’');
    let capitalised = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.chars().any(|c| c.is_lowercase());
    // a word that may stand inside a shaped name
    let name_word = |w: &str| {
        // (a single capital other than "A" and "I" told by the word's bytes: one ASCII letter)
        if is_ordinal(w) || matches!(w.as_bytes(), [b] if b.is_ascii_uppercase() && *b != b'A' && *b != b'I') {
            return true;
        }
        capitalised(w)
            && !FUNCTION_WORDS.contains(&w)
            && !is_time_word(w)
            && !rules.person_title.contains(w)
            && (DIRECTION_WORDS.contains(&w) || common_zipf(rules, w).is_none_or(|z| z < 6.0))
    };
    // a dotted word that may stand inside a name: an initial or a short abbreviation ("N.", "St.")
    let dotted_ok = |t: &Tok| {
        let w = nt.text(t.s(), t.e());
        w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()) || matches!(w, "St" | "Mt" | "Ft" | "N" | "S" | "E" | "W")
    };
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    // most capitalised words are no head: tell them apart without allocating
    let any_head = |w: &str| rules.heads.contains(w);
    // the settlement-noun, road-number and locative shapes are found in the same walk over the
    // tokens, each kept apart: they follow the head-word shapes, in that order (of two shapes
    // as long and at the same place, the first found is kept)
    let mut settled: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut roads: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut locatives: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut coordinated: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut last_road = None;
    let mut next = 0;
    while next < toks.len() {
        // (the token right after the last is asked first, inline: names of several capitalised
        // words are read token by token)
        let k = if toks[next].marks & TOK_SHAPE != 0 { next } else { next_shape_start(toks, next + 1) };
        if k == toks.len() {
            break;
        }
        next = k + 1;
        let h = toks[k];
        if !h.upper() {
            if h.lower() && h.e() - h.s() <= 14 && rules.sieve.settlement_noun.holds_tok(&rules.settlement_noun, chars, &h) {
                settlement_at(chars, gaz, rules, lines, toks, k, &mut settled);
            }
            continue;
        }
        // "Qabasin and Bzaah" (the "and" told by its triple first: most words are no "and")
        if k >= 2 && matches!(toks[k - 1].tri, AND_TRIPLE | OR_TRIPLE) {
            coordinated_at(chars, gaz, rules, lines, out, k, &mut coordinated);
        }
        // "Al-Rashidiyah District", "Jobar Suburb"
        if k > 0 && h.tri != NO_TRIPLE && rules.sieve.settlement_noun.may_hold_tri(h.tri) && toks[k - 1].upper() {
            division_at(chars, gaz, rules, lines, toks, k, &mut settled);
        }
        if k > 0 {
            // (both road shapes ask whether a digit ends the token: read once, and first)
            let digit_last = chars[h.e() - 1].is_ascii_digit();
            road_at(chars, rules, toks, k, digit_last, &mut last_road, &mut roads);
            // (a road's number ends the token, "I-75", or is the next one, "Highway 19": most
            // capitalised tokens have neither; a token opening with a digit has no case, which
            // its marks tell before its first char is read)
            if h.e() - h.s() <= 10
                && (digit_last || toks.get(k + 1).is_some_and(|n| n.marks & (TOK_UPPER | TOK_LOWER) == 0 && chars[n.s()].is_ascii_digit()))
            {
                numbered_road_at(chars, toks, k, &mut roads);
            }
            let p = toks[k - 1];
            if (2..=10).contains(&(p.e() - p.s())) && p.lower() && !p.brk_after() {
                // (not a word the gazetteer's names already cover: that name stays, see below)
                let covered = || covered_at(out, h.s());
                // ("drove to Lanexa", "moved back to Khayelitsha"; not "a loss to Petrojet",
                // "required to Supervise")
                let to = || p.e() - p.s() <= 7 && matches!(&chars[p.s()..p.e()], ['t', 'o'] | ['t', 'o', 'w', 'a', 'r', 'd'] | ['t', 'o', 'w', 'a', 'r', 'd', 's']);
                // (the triple the token carries turns most words down first, as
                // `locative_word` would by the same bits, with no char read)
                if p.tri == NO_TRIPLE || locative_lead_tri(p.tri) {
                    if let Some(two) = locative_word(&chars[p.s()..p.e()]).filter(|_| !covered() && (!to() || motion_before(chars, rules, toks, k - 1))) {
                        locative_at(chars, gaz, rules, lines, toks, k, two, &mut locatives);
                    }
                }
            } else if p.upper()
                && !p.brk_after()
                && !p.dot()
                && (2..=9).contains(&(p.e() - p.s()))
                && (p.tri == NO_TRIPLE || capitalised_lead_tri(p.tri))
                && matches!(chars[p.s()], 'I' | 'A' | 'N' | 'O' | 'S' | 'E' | 'W')
            {
                capitalised_lead_at(chars, gaz, rules, lines, out, toks, k, &mut locatives);
            }
        }
        // the word as a head would read it, and with its dot
        let poss = possessive(&h);
        let n = if poss { h.e() - 2 - h.s() } else { h.e() - h.s() };
        let sieve = &rules.sieve.heads;
        let plain = !poss && !h.dot() && h.tri != NO_TRIPLE;
        let may_hold = if plain {
            // (a plain word: the bit of the triple the token carries)
            sieve.may_hold_tri(h.tri)
        } else {
            sieve.may_hold_ends(chars[h.s()], chars[h.s() + n - 1], n) || (h.dot() && sieve.may_hold_ends(chars[h.s()], '.', n + 1))
        };
        if !may_hold {
            continue;
        }
        // (a plain word told by the rest of the sieve, its two first and two last chars and
        // then its packed key: most words the triple lets through are no head, turned down
        // without their text hashed; the others' text sliced from the text, and with its dot,
        // the char after a dotted token)
        let mut head = if plain { sieve.holds_tok(&rules.heads, chars, &h) } else { any_head(nt.text(h.s(), if poss { h.e() - 2 } else { h.e() })) };
        if !head && h.dot() && !possessive(&h) {
            head = any_head(nt.text(h.s(), h.e() + 1));
        }
        if !head {
            continue;
        }
        // (the head and the name's words as slices of the text from here on: nothing copied)
        // "Lake Lanier's": the possessive is not part of the name
        let (hw, h) = if possessive(&h) { (nt.text(h.s(), h.e() - 2), Tok { end: h.end - 2, marks: h.marks & !TOK_DOT, ..h }) } else { (nt.text(h.s(), h.e()), h) };
        // "St." as written, with the dot after the word (only for a word a dot follows)
        let dotted = if h.dot() { nt.text(h.s(), h.e() + 1) } else { "" };
        let is_head = |set: &HashSet<&'static str>| set.contains(hw) || (h.dot() && set.contains(dotted));
        let plain_head = |w: &str| {
            rules.street_head.contains(w) || rules.feature_head.contains(w) || rules.facility_head.contains(w)
        };
        let rule = if is_head(&rules.street_head) {
            "shape-street"
        } else if is_head(&rules.feature_head) {
            "shape-feature"
        } else if is_head(&rules.facility_head) {
            "shape-facility"
        } else {
            ""
        };
        'head: {
            if rule.is_empty() {
                break 'head;
            }
            let uses_dot = h.dot() && !plain_head(hw);
            // "St. Louis", "Dr. Rao": a saint or a doctor, not a street
            // (the words after the head read as slices of the text, as `tok_with` gives them)
            let next_cap = toks.get(k + 1).is_some_and(|n| !h.brk_after() && !h.dot() && tok_with(n, &capitalised));
            if uses_dot && !h.brk_after() && toks.get(k + 1).is_some_and(|n| tok_with(n, &capitalised)) {
                break 'head;
            }
            // "Texas Forest Service": the head is inside an organisation's name
            if next_cap && tok_with(&toks[k + 1], &|w| rules.org_head.contains(w) && !plain_head(w)) {
                break 'head;
            }
            let mut end = if uses_dot { h.e() + 1 } else { h.e() };
            // "Eglinton Avenue West"
            if rule == "shape-street" && !h.dot() && !h.brk_after() {
                if let Some(n) = toks.get(k + 1) {
                    let after_cap = toks.get(k + 2).is_some_and(|m| !n.brk_after() && !n.dot() && tok_with(m, &capitalised));
                    if tok_with(n, &|nw| matches!(nw, "North" | "South" | "East" | "West" | "Northwest" | "Northeast" | "Southwest" | "Southeast"))
                        && !after_cap
                    {
                        end = n.e();
                    }
                }
            }
            let max = if lines.title_case(chars, h.s()) { 1 } else { 4 };
            let mut first = k;
            let mut j = k;
            while j > 0 && k - j < max {
                let p = toks[j - 1];
                if p.brk_after() || (p.dot() && !dotted_ok(&p)) {
                    break;
                }
                if possessive(&p) && j != k {
                    break;
                }
                let core = nt.text(p.s(), if possessive(&p) { p.e() - 2 } else { p.e() });
                if !(name_word(core) || p.dot() && dotted_ok(&p)) {
                    break;
                }
                first = j - 1;
                j -= 1;
            }
            // "Three Eastland County", "Former Hall County": a common word opening the sentence
            while first < k && sentence_initial(chars, toks[first].s()) && !is_ordinal(nt.text(toks[first].s(), toks[first].e())) && first + 1 < k {
                let common = with_lower(&chars[toks[first].s()..toks[first].e()], |w| {
                    NUMBER_WORDS.contains(&w) || rules.common.get(w.as_bytes()).is_some_and(|z| *z >= 4.8)
                });
                if common {
                    first += 1;
                } else {
                    break;
                }
            }
            // "Judge Julian Hall", "Commissioner Joe Hall", "said Angela Hill": a given name
            // before a head that is also a surname is a person after a title or a speech verb
            // (an ASCII word lower-cased keeps its triple, which the title sieve tells first: most
            // words before a head are no title, turned down without being lower-cased)
            let titled = |t: &Tok| {
                let w = &chars[t.s()..t.e()];
                let sieved = t.tri == NO_TRIPLE || !w.iter().all(char::is_ascii) || rules.sieve.person_title.may_hold_tri(t.tri);
                (sieved && with_lower(w, |w| rules.person_title.contains(w))) || tok_with(t, &|w| rules.jurisdiction_title.contains(w))
            };
            let mut named = first;
            while named < k && titled(&toks[named]) {
                named += 1;
            }
            if named + 1 == k
                && tok_with(&toks[named], &|w| rules.first_name.contains(w))
                && (named > first || (first > 0 && !toks[first - 1].brk_after() && (titled(&toks[first - 1]) || is_speech_verb(&chars[toks[first - 1].s()..toks[first - 1].e()]))))
            {
                break 'head;
            }
            if first < k {
                // "R-Elbow Lake": a party and state tag before a hometown
                let mut s0 = toks[first].s();
                if chars.get(s0 + 1) == Some(&'-') && chars[s0].is_uppercase() {
                    s0 += 2;
                }
                // "Paris-Henry County": two places joined by a hyphen; the name starts after it
                if let Some(hy) = (s0..toks[first].e()).rev().find(|&x| chars[x] == '-') {
                    let before: String = chars[s0..hy].iter().collect();
                    if gaz_has_word(gaz, &before) {
                        s0 = hy + 1;
                    }
                }
                if !with_lower(&chars[toks[first].s()..toks[first].e()], |w| NUMBER_WORDS.contains(&w)) {
                    found.push((s0, end, rule));
                }
            }
        }
        if rules.prefix_head.contains(hw) || (h.dot() && rules.prefix_head.contains(dotted)) {
            if h.dot() && !rules.prefix_head.contains(dotted) {
                continue;
            }
            let mut last = k;
            while last < k + 1 && last + 1 < toks.len() {
                let prev = toks[last];
                let n = toks[last + 1];
                if prev.brk_after()
                    || (prev.dot() && last > k)
                    || tok_with(&n, &|nw| {
                        // ("Tal al-Ahmar", "Ein el-Hilweh": an Arabic article's word goes on the name)
                        !(name_word(nw) || (rules.name_opener.contains(hw) && after_article(rules, nw)))
                            || DIRECTION_WORDS.contains(&nw)
                            || rules.org_head.contains(nw)
                            || place_word(nw)
                            || rules.street_head.contains(nw)
                            || rules.feature_head.contains(nw)
                            || rules.facility_head.contains(nw)
                    })
                {
                    break;
                }
                last += 1;
            }
            if last > k && !lines.title_case(chars, h.s()) {
                let t = toks[last];
                found.push((h.s(), if possessive(&t) { t.e() - 2 } else { t.e() }, "shape-prefix"));
            }
        }
    }
    comma_divisions(chars, gaz, rules, lines, out, &mut coordinated);
    found.append(&mut coordinated);
    found.append(&mut settled);
    found.append(&mut roads);
    found.append(&mut locatives);
    if found.is_empty() {
        return;
    }
    // the longest shaped names first; none may overlap another
    found.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut kept: Vec<(usize, usize, &'static str)> = Vec::new();
    for f in found {
        if kept.iter().any(|k| k.0 < f.1 && f.0 < k.1) {
            continue;
        }
        // "Madison County Detention Center", "Kentucky Medical Center": a building named after a
        // county, a state or a country is an institution of that area; the area is the toponym
        if f.2 == "shape-facility"
            && out.iter().any(|t| {
                t.start == f.0
                    && t.end < f.1
                    && t.candidates.iter().any(|p| matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1 | Kind::Admin2))
            })
        {
            continue;
        }
        // "Leadership Henry County": a gazetteer name that already ends at the head is not
        // extended to the left with other words
        if f.2 != "shape-prefix" && out.iter().any(|t| t.end == f.1 && t.start > f.0) {
            continue;
        }
        // a gazetteer span that covers it, or sticks out of it, stays
        if out.iter().any(|t| t.start < f.1 && f.0 < t.end && (t.start < f.0 || t.end > f.1 || (t.start, t.end) == (f.0, f.1))) {
            continue;
        }
        kept.push(f);
    }
    if kept.is_empty() {
        return;
    }
    kept.retain(|k| !in_url(chars, k.0));
    if kept.is_empty() {
        return;
    }
    // the shaped names pushed after the gazetteer's, which are still all there to lend their
    // candidates (no copy of those inside a shaped name is made first); then the gazetteer's
    // inside one dropped, the shaped names, all past the first `gazetteer` ones, kept
    let gazetteer = out.len();
    for &(s, e, rule) in &kept {
        // (the text sliced from the text, not collected char by char)
        let surface = nt.text(s, e).to_string();
        let mut candidates = lookup_span(nt, gaz, s, e, &surface);
        candidates.retain(|p| p.name_kind != NameKind::Demonym);
        // "Colchester Hospital", "Lake Manassas", "Lone Oak Road": a site unknown to the
        // gazetteer is most likely at or near the place it is named after
        // ("Umm Batna" and "Tal Al-Eiss" are places of their own: they lend nothing)
        if candidates.is_empty() {
            if let Some(t) = out[..gazetteer].iter().find(|t| s <= t.start && t.end <= e && t.kind == SpanKind::Place) {
                let outside = nt.text(s, t.start).split_whitespace().chain(nt.text(t.end, e).split_whitespace());
                if !own_compound(rules, &t.text, outside) {
                    candidates = t.candidates.clone();
                }
            }
        }
        out.push(Toponym { start: s, end: e, text: surface, kind: SpanKind::Place, candidates, rule });
    }
    // (`retain` visits each toponym once, in order)
    let mut seen = 0;
    out.retain(|t| {
        seen += 1;
        seen > gazetteer || !kept.iter().any(|k| t.start < k.1 && k.0 < t.end)
    });
    out.sort_by_key(|t| t.start);
}

/// Whether a name with the place name `inner` inside it, and the words `outside` around
/// that, is an Arabic, Hebrew or Kurdish place name of its own rather than a site named after
/// the place ("Colchester Hospital"): a generic opener ([`Rules::name_opener`]) is the inner
/// name ("Tal" of "Tal Rifaat") or a word around it ("Umm Batna"), or a word around it follows
/// an Arabic article ("Bustan Al-Basha District", "Hai al-Ansari").
pub(crate) fn own_compound<'a>(rules: &Rules, inner: &str, outside: impl IntoIterator<Item = &'a str>) -> bool {
    fn bare(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_alphanumeric())
    }
    rules.name_opener.contains(bare(inner)) || outside.into_iter().map(bare).any(|w| rules.name_opener.contains(w) || after_article(rules, w))
}

/// "Al-Basha", "ash-Sham", "el-Hilweh": an Arabic article joined by a hyphen or an apostrophe
/// to a capitalised word.
/// (The article compared in any case, without a lower-cased copy: the list is a few short words.)
pub(crate) fn after_article(rules: &Rules, w: &str) -> bool {
    w.find(['-', '’', '\'']).is_some_and(|i| {
        let mut rest = w[i..].chars().skip(1);
        i <= 3 && rules.article.iter().any(|a| a.eq_ignore_ascii_case(&w[..i])) && rest.next().is_some_and(|c| c.is_uppercase())
    })
}

/// [`Gazetteer::lookup`] of the chars `s..e` of the text, whose text is `surface`. The key is
/// the span's stretch of the normalised text (what `normalize` makes of `surface`: the text is
/// normalised by the same rules, char by char), walked word by word through the memo of the
/// index walks ([`memo_name`]): the words of a shaped name ("Cowley Road") were mostly walked
/// already, and a walk of the index from its root searches a transition per byte.
fn lookup_span(nt: &NormText, gaz: &Gazetteer, s: usize, e: usize, surface: &str) -> Candidates {
    // (the normalised text of an acute accent is a space before a combining mark, which the
    // text's normalisation skips as a quote: such a span is normalised apart)
    if surface.contains('´') {
        return gaz.lookup(surface).into();
    }
    // (a separator's space before the span's first text, or before the char after it, is no
    // part of the key)
    let key = nt.norm[nt.norm_pos(s)..nt.norm_pos(e)].trim_ascii();
    debug_assert_eq!(key, crate::resolve::normalize::normalize(surface).as_bytes(), "{surface:?}");
    let found: Candidates = match memo_name(gaz, key) {
        Some(Some(off)) => gaz.postings_at(off).collect(),
        Some(None) => Candidates::new(),
        None => return gaz.lookup(surface).into(),
    };
    if !found.is_empty() || !key.contains(&b' ') {
        return found;
    }
    // the key without its spaces ("Deir Ezzor" for "Deir ez-Zor"), as `lookup` falls back to
    if let Some(found) = squashed_name(gaz, key) {
        return found.map_or_else(Candidates::new, |off| gaz.postings_at(off).collect());
    }
    let squashed: Vec<u8> = key.iter().copied().filter(|&b| b != b' ').collect();
    match std::str::from_utf8(&squashed) {
        Ok(k) => gaz.lookup_key(k).into(),
        Err(_) => gaz.lookup(surface).into(),
    }
}

/// The FST output of the name that is exactly the normalised `key` (`Some(None)`: no name
/// is), walked word by word through the memo of [`walk_names`] ([`WordWalk`]); `None` when
/// the memo can't take a word of it (longer than a key, too many names ending in it).
fn memo_name(gaz: &Gazetteer, key: &[u8]) -> Option<Option<u64>> {
    if key.is_empty() {
        return None;
    }
    let fst = gaz.fst();
    WORD_WALKS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.0 != gaz.uid() || cache.1.len() >= WORD_WALK_CACHE {
            cache.1.clear();
            cache.0 = gaz.uid();
        }
        // where the walk has got to, as in `walk_names`: the node (`None`: the root) and the
        // output so far; each word after the first is walked with the space before it
        let mut at: Option<(u32, u64)> = None;
        let mut b = 0;
        loop {
            let lead = at.is_some() as usize;
            let n = lead + key[b + lead..].iter().position(|&c| c == b' ').unwrap_or(key.len() - b - lead);
            let word = &key[b..b + n];
            let wkey = WordKey::new(word)?;
            let (from, base) = at.map_or((u32::MAX, 0), |a| a);
            let w = match cache.1.get(&WalkKey::new(from, wkey)) {
                Some(w) => w,
                None => {
                    let node = at.map_or_else(|| fst.root(), |a| fst.node(a.0 as fst::raw::CompiledAddr));
                    cache.1.entry(WalkKey::new(from, wkey)).or_insert(WordWalk::new(fst, node, word))
                }
            };
            let w = w.as_ref()?;
            b += n;
            if b == key.len() {
                let whole = (0..w.n_finals as usize).find(|&f| w.final_len[f] as usize == n);
                return Some(whole.map(|f| base + w.final_out[f] as u64));
            }
            if !w.next {
                return Some(None);
            }
            at = Some((w.next_addr, base + w.next_out as u64));
        }
    })
}

/// The FST output of the name that is the normalised `key` without its spaces (`Some(None)`:
/// no name is), walked on from where the memo's walk of its first word ended ([`memo_name`]
/// has just walked it): most such keys are found in no name at the first byte after the
/// first word, or at the word itself, where a walk from the root reads the whole word
/// first. `None` when the memo holds no walk of the first word.
fn squashed_name(gaz: &Gazetteer, key: &[u8]) -> Option<Option<u64>> {
    let n = key.iter().position(|&c| c == b' ')?;
    let wkey = WordKey::new(&key[..n])?;
    // (the node after the first word and the output so far; `None` inside: no name starts
    // with the whole word)
    let walked = WORD_WALKS.with(|cell| {
        let cache = cell.borrow();
        if cache.0 != gaz.uid() {
            return None;
        }
        let w = cache.1.get(&WalkKey::new(u32::MAX, wkey))?.as_ref()?;
        Some(w.whole.then_some((w.next_addr, w.next_out)))
    })?;
    let Some((addr, out)) = walked else { return Some(None) };
    let fst = gaz.fst();
    let mut node = fst.node(addr as fst::raw::CompiledAddr);
    let mut out_acc = fst::raw::Output::new(out as u64);
    for &byte in key[n..].iter().filter(|&&b| b != b' ') {
        let Some(t) = node.find_input(byte) else { return Some(None) };
        let tr = node.transition(t);
        out_acc = out_acc.cat(tr.out);
        node = fst.node(tr.addr);
    }
    Some(node.is_final().then(|| out_acc.cat(node.final_output()).value()))
}

/// True when the char at `s` is inside a web address: the run of non-blank chars around it
/// holds "://" or starts with "www." ("https://www.globalmeatnews.com/Article/Japan-s-ban").
fn in_url(chars: &[char], s: usize) -> bool {
    // (an address is read at most 300 chars either side: a text without blanks costs no more)
    let lo = s.saturating_sub(300);
    let a = chars[lo..s].iter().rposition(|c| c.is_whitespace()).map_or(lo, |i| lo + i + 1);
    // (most names start their run, or have a letter or two of it before them: nothing to read)
    if s - a < 4 {
        return false;
    }
    let hi = (s + 300).min(chars.len());
    let run = &chars[a..chars[s..hi].iter().position(|c| c.is_whitespace()).map_or(hi, |i| s + i)];
    run.windows(3).any(|w| w == [':', '/', '/']) || (run.len() > 4 && chars_eq(&run[..4], "www."))
}

/// Decide whether `chars[s..e]` (a gazetteer name from the word `nt.words[wi]`, at `s`, to `e`) is a toponym here.
#[allow(clippy::too_many_arguments)]
fn accept<'a>(
    nt: &'a NormText,
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &mut DocState<'a>,
    (ws, candidates): &mut AcceptBuffers,
    commons: &mut CommonWords,
    wi: usize,
    e: usize,
    off: u64,
) -> Option<Toponym> {
    // (the name's words and candidates in buffers kept from call to call: most
    // names tried are turned down)
    // the name's words are the text's from its first, `nt.words[wi]`, on (a name ends where
    // no word goes on: no word crosses `e`)
    let words = nt.words();
    let s = words[wi].0 as usize;
    ws.clear();
    ws.extend(words[wi..].iter().take_while(|w| (w.0 as usize) < e).map(|&(a, b, _)| (a as usize, b as usize)));
    accept_words(nt, gaz, rules, lines, (wi, s), e, off, ws, candidates, &mut commons.1)
}

/// What [`accept_words`] asks of a common word's postings (those at `off`), read once.
#[derive(Clone, Copy)]
struct NameFacts {
    /// Some posting is not an abbreviation (abbreviations go from a name that doesn't
    /// look like one).
    named: bool,
    /// Some posting is the primary name of a country, a city of [`FAMOUS_CITY`] people or
    /// more, or a capital.
    famous: bool,
    /// Some posting but an abbreviation is kept for a common word: an area, or a place of
    /// [`COMMON_WORD_MIN_POPULATION`] by its own name.
    common_kept: bool,
    /// Every posting but the abbreviations is kept for a common word.
    common_all_kept: bool,
}

/// The [`NameFacts`] of the name whose postings are at `off`. Memoised per thread by `off`:
/// the common words they are asked of ("Will", "May", "Mobile") come again and again, and
/// their postings are many to read (the kind and population read alone, the record only for
/// a smaller city).
fn name_facts(gaz: &Gazetteer, off: u64) -> NameFacts {
    thread_local! {
        /// (gazetteer uid, postings offset → the facts)
        static FACTS: std::cell::RefCell<(u64, FxLookupMap<u64, NameFacts>)> =
            std::cell::RefCell::new((0, FxLookupMap::default()));
    }
    FACTS.with(|cell| {
        let mut memo = cell.borrow_mut();
        if memo.0 != gaz.uid() || memo.1.len() >= WORD_WALK_CACHE {
            memo.1.clear();
            memo.0 = gaz.uid();
        }
        *memo.1.entry(off).or_insert_with(|| {
            let mut facts = NameFacts { named: false, famous: false, common_kept: false, common_all_kept: true };
            for p in gaz.postings_at(off) {
                if p.name_kind == NameKind::Abbreviation {
                    continue;
                }
                facts.named = true;
                let kind = gaz.place_kind(p.place);
                let primary = p.name_kind == NameKind::Primary;
                facts.famous |= primary
                    && match kind {
                        Kind::Country => true,
                        Kind::City => gaz.place_population(p.place) >= FAMOUS_CITY || gaz.place(p.place).fcode_bytes() == b"PPLC",
                        _ => false,
                    };
                let kept = matches!(kind, Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region | Kind::Sea)
                    || (primary && gaz.place_population(p.place) >= COMMON_WORD_MIN_POPULATION);
                facts.common_kept |= kept;
                facts.common_all_kept &= kept;
            }
            facts
        })
    })
}

/// [`accept`] with the words of the name, `ws`, the first of them word `wi` of
/// [`NormText::words`], starting at `s`.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn accept_words<'a>(
    nt: &'a NormText,
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &mut DocState<'a>,
    (wi, s): (usize, usize),
    e: usize,
    off: u64,
    ws: &[(usize, usize)],
    candidates: &mut Vec<Posting>,
    commons: &mut FxLookupMap<u128, (f32, NameFacts)>,
) -> Option<Toponym> {
    let chars = &nt.chars;
    let last = *ws.last()?;
    if !(is_capitalised(chars, last) || (ws.len() > 1 && apostrophe_continues(chars, last))) {
        return None;
    }
    // "Sana" of "Sana'a", "Nu" of "Nu'man": a name ends at an apostrophe only before a
    // possessive or a contraction
    // (the word right after the apostrophe: `next_word` skips no apostrophe, so "Za" of
    // "Za’id" was taken before)
    if chars.get(e).is_some_and(|c| is_apostrophe(*c)) && chars.get(e + 1).is_some_and(|c| is_word(*c)) {
        let end = chars[e + 1..].iter().position(|c| !is_word(*c)).map_or(chars.len(), |n| e + 1 + n);
        if apostrophe_continues(chars, (e + 1, end)) {
            return None;
        }
    }
    // every word capitalised, or a connector inside the name, or a leading article, or the
    // rest of a word after an apostrophe ("Sana'a", "Ma’rib"), or an elided particle before
    // one ("Côte d'Ivoire", "Coeur d'Alene") (the last word passed the same test above: the
    // words before it are read, none of a one-word name)
    for (k, w) in ws[..ws.len() - 1].iter().enumerate() {
        if is_capitalised(chars, *w) || (k > 0 && apostrophe_continues(chars, *w)) {
            continue;
        }
        let inner = k > 0 && k + 1 < ws.len();
        let lead = k == 0 && ws.len() > 1;
        let elided = inner && w.1 - w.0 == 1 && matches!(chars[w.0], 'd' | 'l') && is_apostrophe(chars[w.1]) && ws[k + 1].0 == w.1 + 1;
        if !(elided
            || ((inner || lead)
                && with_lower(&chars[w.0..w.1], |lw| {
                    (inner && rules.connector.contains(lw)) || (lead && rules.article.contains(lw))
                })))
        {
            return None;
        }
    }
    // "Columbus, Ohio" is two toponyms, linked later by the explicit-context pass
    // (the name's chars read once for a comma and a dot; of a one-word name, those after the
    // word only, as a word holds letters and digits only)
    let name = &chars[s..e];
    let mut has_dot = false;
    let after_words = if ws.len() == 1 { &name[(ws[0].1 - s).min(name.len())..] } else { name };
    for &c in after_words {
        if c == ',' {
            return None;
        }
        has_dot |= c == '.';
    }
    let n_chars = name.len();
    // abbreviations must look like abbreviations: "US", "U.S.", "Calif." — not "us" or "Us"
    // (every letter upper case, at least two: read up to the first letter that is not)
    // (a lower-case second letter, as in most names, tells at once)
    let looks_abbrev = has_dot
        || (!name.get(1).is_some_and(|c| c.is_ascii_lowercase()) && {
            let mut letters = 0;
            let mut upper = true;
            for c in name.iter().filter(|c| c.is_alphabetic()) {
                if !c.is_uppercase() {
                    upper = false;
                    break;
                }
                letters += 1;
            }
            letters >= 2 && upper
        });
    // ("Sana'a" is one word here: what follows its apostrophe is no word of its own)
    let single = ws[1..].iter().all(|w| apostrophe_continues(chars, *w));
    // "Deal", "Wall", "Can": common words name only big places and areas, by their own name
    let (zipf, facts) = if single && !looks_abbrev { common_word(rules, gaz, nt, commons, (s, e), off) } else { (0.0, None) };
    // (whether so common a word keeps only those: most such words tried keep none, and are
    // turned down here by their postings' facts, before the postings are copied. No dot is
    // in the name (`looks_abbrev` would hold) and no "State" or "City" ends a single word, so
    // the tests between the copy and the common-word test below turn none down; `initial`
    // reads the line's case, kept in `DocState` for later names, only where it was read
    // before: once some posting is not an abbreviation)
    let mut common = None;
    if let Some(facts) = facts {
        if !facts.named {
            return None;
        }
        let initial = sentence_initial(chars, s) || lines.title_case(chars, s);
        // a word frequent because it is a famous name ("paris", "dublin", "lebanon") keeps its
        // namesakes: Paris, Texas must stay reachable for local news
        // (a word suspect only at a sentence's start is a place there too when the article
        // also writes it after "in" or "near": "Decatur to discuss plan … schools in Decatur")
        let suspect_initial = initial && (COMMON_WORD_ZIPF_INITIAL..COMMON_WORD_ZIPF).contains(&zipf);
        // (mid-sentence after "in", "near" or "outside", a capitalised word this common is
        // mostly a name's: "in Anderson", "in Independence")
        // (a word whose every posting is kept needs none of the tests: the filter would keep
        // them all)
        let strip = !facts.common_all_kept
            && (zipf >= COMMON_WORD_ZIPF || initial)
            && !facts.famous
            && (initial || !after_place_locative(chars, s, e))
            && !(suspect_initial && (lines.written_after_locative(chars, nt.text(s, e), s) || local_noun_follows(chars, rules, e)));
        if strip && !facts.common_kept {
            return None;
        }
        common = Some(strip);
    }
    // (the surface is `name`'s text, sliced from the text: its chars are `name`'s, as many;
    // sliced only here, past the common words turned down above)
    let surface = nt.text(s, e);
    candidates.clear();
    candidates.extend(gaz.postings_at(off));
    if !looks_abbrev {
        candidates.retain(|p| p.name_kind != NameKind::Abbreviation);
    } else if !has_dot && n_chars <= 5 && !dateline(chars, s, e) {
        // short all-caps forms: abbreviations, or the own name of an area ("USA", "UAE")
        candidates.retain(|p| {
            p.name_kind == NameKind::Abbreviation
                || (p.name_kind == NameKind::Primary
                    && matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region))
        });
    }
    if looks_abbrev && !has_dot && n_chars <= 2 {
        // "BA", "CA": two capitals name a country or a region, or a state right after "Town, "
        let after_comma = chars[..s].iter().rev().find(|c| **c != ' ') == Some(&',');
        candidates.retain(|p| {
            p.name_kind != NameKind::Abbreviation || {
                let k = gaz.place_kind(p.place);
                matches!(k, Kind::Country | Kind::Continent | Kind::Region) || (k == Kind::Admin1 && after_comma)
            }
        });
    }
    if candidates.is_empty() {
        return None;
    }
    // "Ohio State Patrol", "Dublin City Council": a trailing "State" or "City" before an
    // organisation's word belongs to the organisation; the shorter name is tried next
    if org_suffix(chars, rules, ws, e) {
        return None;
    }
    // a trailing dot belongs to the name only when the name is an abbreviation, or dotted
    // initials that some place goes by ("L.A.", an alternate name of Los Angeles)
    let end = if surface.ends_with('.') && !candidates.iter().any(|p| p.name_kind == NameKind::Abbreviation) && !dotted_initials(surface) {
        return None;
    } else {
        e
    };
    if single && !looks_abbrev {
        // (a word less common keeps them all; its line's case is asked all the same, as the
        // common word's is above: `DocState` keeps the answer, and the person test of a later
        // name reads only whether it is known)
        let strip = common.unwrap_or_else(|| {
            if !sentence_initial(chars, s) {
                lines.title_case(chars, s);
            }
            false
        });
        if strip {
            candidates.retain(|p| {
                matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region | Kind::Sea)
                    || (p.name_kind == NameKind::Primary && gaz.place_population(p.place) >= COMMON_WORD_MIN_POPULATION)
            });
        }
        // very short alternate names ("Up", "Can") are mostly junk in GeoNames
        if n_chars <= 3 {
            candidates.retain(|p| p.name_kind != NameKind::Alternate || gaz.place_kind(p.place).is_area());
        }
        if candidates.is_empty() {
            return None;
        }
    }
    // (a stop word is still the large town it names after "in", "near" or "outside" in
    // mid-sentence: "in Nice", "in Mobile", "in Reading"; "in God", "in Time" name no such town)
    let mut stop_town = || {
        single
            && after_place_locative(chars, s, end)
            && !(sentence_initial(chars, s) || lines.title_case(chars, s))
            && candidates.iter().any(|p| {
                p.name_kind == NameKind::Primary && gaz.place_kind(p.place) == Kind::City && gaz.place_population(p.place) >= STOP_WORD_TOWN_POPULATION
            })
    };
    // (the stop list asked through its sieve, of the name's chars and of them without trailing
    // dots: most names are turned down by one bit)
    let in_stop = |w: &[char]| rules.sieve.stop.holds(&rules.stop, w);
    let undotted = name.len() - name.iter().rev().take_while(|&&c| c == '.').count();
    // (and "the Gulf" is the region its name is: after "the", no capitalised word after it,
    // not "the Gulf War")
    let the_region = || {
        single
            && prev_word(chars, s).is_some_and(|w| chars_eq(&chars[w.0..w.1], "the") || chars_eq(&chars[w.0..w.1], "The"))
            && !next_word(chars, end).is_some_and(|w| is_capitalised(chars, w))
            && candidates.iter().any(|p| p.name_kind == NameKind::Alternate && matches!(gaz.place_kind(p.place), Kind::Region | Kind::Sea) && gaz.place_cc_key(p.place) == [0, 0])
    };
    if (single || in_stop(name)) && in_stop(&name[..undotted]) && !looks_abbrev_country(candidates, gaz, surface) && !stop_town() && !the_region() {
        return None;
    }
    // "St. Patrick's Day", "St. George's Day": a feast, not a place
    if matches!(chars.get(end), Some('\'' | '’')) && chars.get(end + 1) == Some(&'s') && chars.get(end + 2) == Some(&' ') && chars_eq(chars.get(end + 3..end + 6).unwrap_or(&[]), "Day") {
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
    // the words right before and after the name, which the tests below read again and again
    // (found once, from the word list: [`prev_word`] and [`next_word`] of the name, the word
    // before its first and the one after its last, when only what those skip lies between)
    let words = nt.words();
    let before = wi
        .checked_sub(1)
        .map(|p| (words[p].0 as usize, words[p].1 as usize))
        .filter(|&(_, pe)| pe < s && chars[pe..s].iter().all(|&c| c == ' ' || c == '.'));
    // ([`next_word`] of `at`, the end of word `q - 1`: word `q`, when only spaces and hyphens,
    // one or more, lie between)
    let word_after = |q: usize, at: usize| {
        words
            .get(q)
            .map(|w| (w.0 as usize, w.1 as usize))
            .filter(|&(ns, _)| ns > at && chars[at..ns].iter().all(|&c| c == ' ' || c == '-'))
    };
    let after = word_after(wi + ws.len(), end);
    debug_assert_eq!((before, after), (prev_word(chars, s), next_word(chars, end)));
    // (the words after the name read from the word list too, as each ends a word)
    let mut at = end;
    for k in 0..3 {
        let Some(nw) = (if k == 0 { after } else { word_after(wi + ws.len() + k, at) }) else { break };
        debug_assert_eq!(Some(nw), next_word(chars, at));
        if !is_capitalised(chars, nw) {
            break;
        }
        if rules.sieve.org_head.holds(&rules.org_head, &chars[nw.0..nw.1]) {
            in_org = true;
            break;
        }
        at = nw.1;
    }
    // "University of Aleppo" is an organisation too, and so is "United Russia" (a party named
    // after its country)
    // (the word before compared as chars, as "the " is below: a word of another length is told
    // apart without decoding the other)
    if let Some(pw) = before {
        let prev = &chars[pw.0..pw.1];
        if single && prev == ['U', 'n', 'i', 't', 'e', 'd'] && chars[pw.1..s].iter().all(|c| *c == ' ') {
            in_org = true;
        }
        if prev == ['o', 'f'] {
            if let Some(ppw) = prev_word(chars, pw.0) {
                let head = &chars[ppw.0..ppw.1];
                if ["University", "College", "Institute", "Bank", "Museum", "Archdiocese", "Diocese"].iter().any(|h| chars_eq(head, h)) {
                    in_org = true;
                }
            }
        }
        // (a lower-case role word ends a sentence before its dot: "… the new president. CINCINNATI")
        if rules.sieve.person_title.holds(&rules.person_title, prev) && (prev[0].is_uppercase() || chars[pw.1..s].iter().all(|c| *c == ' ')) {
            return None;
        }
    }
    // (most names have no demonym among their candidates: one pass tells, and there is
    // nothing to filter)
    let any_demonym = candidates.iter().any(|p| p.name_kind == NameKind::Demonym);
    let all_demonym = || candidates.iter().all(|p| p.name_kind == NameKind::Demonym);
    let kind = if !any_demonym && !candidates.is_empty() {
        SpanKind::Place
    } else if all_demonym() || (any_demonym && demonym_shaped(surface)) {
        candidates.retain(|p| p.name_kind == NameKind::Demonym);
        SpanKind::Demonym
    } else {
        candidates.retain(|p| p.name_kind != NameKind::Demonym);
        SpanKind::Place
    };
    // "running the Webster.", "when the Durango pulled up", "the Duma's committee": a town's
    // name after a lower-case "the" that ends its phrase is a theatre's, a car's or an
    // assembly's (towns take no article; areas do: "the Delta", "the Punjab", "the Bronx")
    if kind == SpanKind::Place
        && single
        && s >= 4
        && chars[s - 4..s] == ['t', 'h', 'e', ' ']
        && (s == 4 || !is_word(chars[s - 5]))
        && candidates.iter().all(|p| gaz.place_kind(p.place) == Kind::City)
        && match chars.get(end) {
            None => true,
            // (not before a comma, "and" or "or", which may go on to other towns: "the
            // Cambridge, Pleasant City and Lore City departments")
            Some('.' | ';' | ':' | ')' | '\'' | '’') => true,
            Some(' ') => next_word(chars, end).is_some_and(|nw| {
                let w = nt.text(nw.0, nw.1);
                nw.0 == end + 1
                    && (!matches!(w, "of" | "and" | "or") && GLUE_WORDS.contains(&w) || (w.ends_with("ed") && w.starts_with(|c: char| c.is_lowercase())))
            }),
            _ => false,
        }
    {
        return None;
    }
    // "a revered Igbo son", "the Roma community": a people's or a faith's adjective before a
    // lower-case noun describes persons, whatever town shares the word (not "in Roma today")
    if kind == SpanKind::Place
        && single
        && chars.get(end) == Some(&' ')
        && chars.get(end + 1).is_some_and(|c| c.is_lowercase())
        && rules.group_adjective.contains(surface)
        && next_word(chars, end).is_some_and(|nw| !GLUE_WORDS.contains(&nt.text(nw.0, nw.1)))
        && !after_place_locative(chars, s, end)
        && !prev_word(chars, s).is_some_and(|pw| PLACE_LOCATIVES.iter().any(|l| chars_eq(&chars[pw.0..pw.1], l)))
    {
        return None;
    }
    // "White House press secretary", "the Kremlin said": a building known as the seat of an
    // institution, followed by its staff or its voice, is the institution
    // (the candidates' kinds, read in one pass: the tests from here on ask three of them)
    let kinds = if kind == SpanKind::Place { CandidateKinds::of(gaz, candidates) } else { CandidateKinds::default() };
    if kind == SpanKind::Place
        && kinds.facility
        && after
            .filter(|nw| chars[end..nw.0].iter().all(|c| *c == ' '))
            .is_some_and(|nw| rules.institution_voice.contains(nt.text(nw.0, nw.1).to_lowercase().as_str()))
    {
        return None;
    }
    // "Mark Zuckerberg", "Nelson": a one-word place right after a capitalised word that is
    // not a place, a title or a function word is a surname, and stays one in this article
    // ("O'Connor", "D’Angelo": one name for this test, though two words)
    let elided = ws.len() == 2 && ws[0].1 - ws[0].0 == 1 && chars[ws[0].0].is_uppercase() && ws[1].0 == ws[0].1 + 1 && matches!(chars[ws[0].1], '\'' | '’');
    if kind == SpanKind::Place && (single || elided) && !looks_abbrev {
        if lines.persons.contains(&surface) {
            return None;
        }
        if person_context(nt, gaz, rules, lines, (s, end), (before, after), surface, (candidates, kinds), in_org) {
            return None;
        }
        // a country or a state after an unknown capitalised word ("By Trend Iran's", "5 p.m.
        // Russia") is still the area; only a given name makes it a surname
        let area = kinds.known_area;
        if !lines.title_case(chars, s) {
            if let Some(pw) = before {
                let gap_is_space = chars[pw.1..s].iter().all(|c| *c == ' ');
                // (the word's chars are read up to the tests of its text, which is sliced
                // only there: most words before a name are turned down before)
                let one_char = pw.1 - pw.0 == 1;
                // "Andrew Trapani", "Roy A. Nelson": a given name or an initial before it
                // ("S.E. Paris apartment", "N.W. Rochester house": a quarter of the town, no
                // initials)
                let compass = one_char
                    && matches!(chars[pw.0], 'E' | 'W')
                    && pw.0 >= 2
                    && chars[pw.0 - 1] == '.'
                    && matches!(chars[pw.0 - 2], 'N' | 'S')
                    && (pw.0 == 2 || !is_word(chars[pw.0 - 3]));
                // ("Amy B Wang": an initial without its dot after a given name)
                let undotted_initial = || {
                    chars.get(pw.1) == Some(&' ')
                        && prev_word(chars, pw.0).is_some_and(|g| g.1 + 1 == pw.0 && rules.first_name.contains(nt.text(g.0, g.1)))
                };
                let initial = !area
                    && !compass
                    && one_char
                    && chars[pw.0].is_uppercase()
                    && (chars.get(pw.1) == Some(&'.') || undotted_initial());
                // "Sam Houston State University": a city of a million is named after, not a
                // surname ("Andrew Jordan", "Bill Holland": a country is)
                // (by its own name: "Victor Cano" is no Kano, of which "Cano" is a spelling)
                // (the candidates read only for a given name, which the first names' sieve
                // tells from most words in a bit test)
                let big_city = || {
                    candidates.iter().any(|p| {
                        p.name_kind == NameKind::Primary && gaz.place_kind(p.place) == Kind::City && gaz.place_population(p.place) >= 1_000_000
                    })
                };
                if (gap_is_space && rules.sieve.first_name.holds(&rules.first_name, &chars[pw.0..pw.1]) && !big_city()) || initial {
                    lines.persons.push(surface);
                    return None;
                }
                // a capitalised common word opening the sentence ("Considering Tunisia's") is no first name
                // (asked after the cheaper tests below)
                let opener = |prev| sentence_initial(chars, pw.0) && common_zipf(rules, prev).is_some_and(|z| z >= 3.0);
                if gap_is_space && !area && is_capitalised(chars, pw) && chars[pw.0..pw.1].iter().any(|c| c.is_lowercase()) {
                    let prev = nt.text(pw.0, pw.1);
                    if !opener(prev)
                        && !FUNCTION_WORDS.contains(&prev)
                        && !DIRECTION_WORDS.contains(&prev)
                        && !is_time_word(prev)
                        && !place_word(prev)
                        && !gaz_has_word(gaz, prev)
                        // "First Baptist Church Maryville": the building of the place, not a
                        // given name before a surname
                        && !rules.facility_head.contains(prev)
                    {
                        // a well-known place keeps its other mentions: "Metropolitan Atlanta",
                        // "Distinctly Dublin" make no surname of Atlanta or Dublin
                        if !candidates.iter().any(|p| gaz.place_population(p.place) >= KNOWN_PLACE_POPULATION) {
                            lines.persons.push(surface);
                        }
                        return None;
                    }
                }
            }
        }
    }
    // "Jordan Peterson", "Paris Hilton": a one-word place followed by a capitalised
    // word that is not a place word is most likely part of a person's or a firm's name
    if kind == SpanKind::Place && single && !in_org && !lines.title_case(chars, s) {
        // (the next word's text sliced only when it is capitalised)
        if let Some(nw) = after.filter(|nw| chars[end..nw.0].iter().all(|c| *c == ' ') && is_capitalised(chars, *nw)) {
            let next = nt.text(nw.0, nw.1);
            if !chars[end..nw.0].contains(&'-')
                && !is_time_word(next)
                && !FUNCTION_WORDS.contains(&next)
                && !place_word(next)
                && !gaz_has_word(gaz, next)
                && !rules.jurisdiction_title.contains(next)
            {
                // a country or a state is still named ("Pakistan Army", "Dubai Police"),
                // as part of an organisation, and so is a town before an acronym ("Slidell PD",
                // "Immokalee TIGER grant": no surname is written in capitals); before another
                // capitalised word, a town most likely starts a person's name
                let area = candidates.iter().any(|p| {
                    matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region)
                        || gaz.place_population(p.place) >= 1_000_000
                });
                let acronym = next.chars().count() >= 2
                    && next.chars().all(|c| c.is_ascii_uppercase())
                    && surface.chars().any(|c| c.is_lowercase());
                if !area && !acronym {
                    return None;
                }
                in_org = true;
            }
        }
    }
    // "Sutton said", "Tyler told": a small town doesn't speak; a person of that name does
    if kind == SpanKind::Place && single {
        if let Some(nw) = after {
            if is_speech_verb(&chars[nw.0..nw.1])
                && candidates.iter().all(|p| {
                    // (a county called by its bare name, "Chester" for Chester County, speaks no
                    // more than its seat; nor does a small region, "Nelson", New Zealand)
                    let small = gaz.place_population(p.place) < COMMON_WORD_MIN_POPULATION;
                    match gaz.place_kind(p.place) {
                        Kind::City | Kind::Admin1 => small,
                        Kind::Admin2 => small || p.name_kind == NameKind::Alternate,
                        _ => false,
                    }
                })
            {
                return None;
            }
        }
    }
    // a word of a web address ("globalmeatnews.com/Article/Japan-s-ban") names nothing
    // (a name after a space, most names, starts its run of non-blank chars: `in_url` would
    // find no address in the few chars before it, so it is not asked)
    if s > 0 && chars[s - 1] != ' ' && in_url(chars, s) {
        return None;
    }
    // "The United States": the article is not part of the name when the name stands without it
    let (s, surface) = match surface.strip_prefix("The ").or_else(|| surface.strip_prefix("the ")) {
        Some(rest) if lookup_word(gaz, rest, |_| true) => (s + 4, rest),
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
    Some(Toponym { start: s, end, text: surface.to_string(), kind, candidates: Candidates::from(&candidates[..]), rule })
}

/// True when the name's last word is "State" or "City" (of two or more) and the words after it
/// run on to an organisation's head word: "Ohio State University", "Dublin City Council".
fn org_suffix(chars: &[char], rules: &Rules, ws: &[(usize, usize)], e: usize) -> bool {
    let last = ws.last().map_or(&[][..], |w| &chars[w.0..w.1]);
    if ws.len() < 2 || !(chars_eq(last, "State") || chars_eq(last, "City")) {
        return false;
    }
    let mut at = e;
    for _ in 0..3 {
        let Some(nw) = next_word(chars, at).filter(|nw| chars[at..nw.0].iter().all(|c| *c == ' ')) else { return false };
        if !is_capitalised(chars, nw) {
            return false;
        }
        if rules.sieve.org_head.holds(&rules.org_head, &chars[nw.0..nw.1]) {
            return true;
        }
        at = nw.1;
    }
    false
}

fn looks_abbrev_country(cands: &[Posting], gaz: &Gazetteer, surface: &str) -> bool {
    surface.len() >= 2
        && surface.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
        && cands.iter().any(|p| p.name_kind == NameKind::Abbreviation && gaz.place_kind(p.place).is_area())
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

/// A place named like a given name ("Olivia", "Clarence") must be at least this big to be
/// read as the place without a locative word before it.
const FIRST_NAME_TOWN_MAX_POPULATION: u32 = 50_000;

/// Whether the word `w` is one of [`SPEECH_VERBS`] (they are ASCII: a verb's byte length is
/// its length in chars).
fn is_speech_verb(w: &[char]) -> bool {
    SPEECH_VERBS.iter().any(|v| v.len() == w.len() && chars_eq(w, v))
}

/// The [`Tok::tri`] of each of [`SPEECH_VERBS`]: most tokens are told apart by it alone.
const SPEECH_TRIPLES: [u16; 16] = {
    let mut t = [0u16; 16];
    let mut i = 0;
    while i < 16 {
        t[i] = Sieve::triple_of(SPEECH_VERBS[i]);
        i += 1;
    }
    t
};

/// Verbs of speech: "Sutton said", "said Wang,": a person speaks, a small town doesn't.
const SPEECH_VERBS: [&str; 16] = [
    "said", "says", "told", "added", "explained", "wrote", "recalled", "noted", "tweeted", "testified", "argued",
    "admitted", "asked", "replied", "insisted", "stated",
];

/// A town at least this large is meant by a stop-listed word after "in" ("in Nice", "in
/// Mobile"): below it, the word's other senses win ("in Hope", "in Time").
const STOP_WORD_TOWN_POPULATION: u32 = 50_000;

/// True when the one-word name at `s..e` follows "in", "near" or "outside" and ends there: no
/// capitalised word, number or possessive after it, and no quotation closing ("in Anderson",
/// not "in Harbor City", "in Section 2AA", "outside Carter's door", "Shakespeare in Love.\"").
fn after_place_locative(chars: &[char], s: usize, e: usize) -> bool {
    let ends_here = match chars.get(e) {
        None => true,
        Some(' ') => chars.get(e + 1).is_some_and(|c| c.is_lowercase()),
        Some(',' | '.' | ';' | ':' | ')') => !matches!(chars.get(e + 1), Some('"' | '\'' | '”' | '’')),
        _ => false,
    };
    // (the word before, [`prev_word`]'s, must end one space before `s` and be one of
    // [`PLACE_LOCATIVES`]: the text before that space ends with the locative, and no word
    // char precedes it; compared from the end, without scanning back for the word and
    // decoding each locative, most names are turned down at the space or the last letter)
    let ends_with_word = |l: &[char]| {
        let b = &chars[..s - 1];
        b.ends_with(l) && (b.len() == l.len() || !is_word(b[b.len() - l.len() - 1]))
    };
    ends_here
        && s >= 1
        && chars[s - 1] == ' '
        && (ends_with_word(&['i', 'n']) || ends_with_word(&['n', 'e', 'a', 'r']) || ends_with_word(&['o', 'u', 't', 's', 'i', 'd', 'e']))
}

/// True when a word of `list` follows the name ending at `e` after one space.
fn noun_follows(chars: &[char], list: &HashSet<&'static str>, e: usize) -> bool {
    chars.get(e) == Some(&' ') && next_word(chars, e).is_some_and(|nw| nw.0 == e + 1 && in_list(list, &chars[nw.0..nw.1]))
}

/// True when a town's own people or offices follow the name ending at `e` ([`Rules::local_noun`]:
/// "Decatur city officials", "Albany police"), which vouch for a name doubted at a
/// sentence's start.
fn local_noun_follows(chars: &[char], rules: &Rules, e: usize) -> bool {
    noun_follows(chars, &rules.local_noun, e)
}

/// Whether the word `w` is in the word list `list` (a list read from `data/lexicon`).
fn in_list(list: &HashSet<&'static str>, w: &[char]) -> bool {
    with_str(w, |w| list.contains(w))
}

/// Words that put a place after them: "in Paris", "of Richmond", "near Whitlock".
/// The locative words only a place follows ("in Decatur", not "to Robertson" or "of Abbas"):
/// they vouch for a name doubted at a sentence's start ([`DocState::written_after_locative`]).
const PLACE_LOCATIVES: [&str; 3] = ["in", "near", "outside"];
/// The [`Tok::tri`] of each of [`PLACE_LOCATIVES`]: most tokens are told apart by it alone.
const PLACE_LOCATIVE_TRIPLES: [u16; 3] = [Sieve::triple_of("in"), Sieve::triple_of("near"), Sieve::triple_of("outside")];

const LOCATIVE_WORDS: [&str; 14] =
    ["in", "at", "near", "from", "of", "to", "outside", "inside", "toward", "towards", "across", "around", "into", "through"];

/// The [`LOCATIVE_WORDS`] that lead a person's name as often as a place's: "spoke to Wang",
/// "a friend of Tyler", "a letter from Bautista".
const PERSON_LOCATIVES: [&str; 5] = ["to", "of", "from", "toward", "towards"];

/// Lower-case words that join a name to the rest of the clause, after which a capitalised
/// word is a noun, not an adjective: "from Roma in June", "Roma and Lazio".
const GLUE_WORDS: [&str; 30] = [
    "in", "at", "on", "near", "from", "of", "to", "for", "with", "by", "as", "and", "or", "but", "into", "after", "before",
    "is", "was", "were", "are", "has", "have", "had", "will", "would", "said", "says", "who", "which",
];

/// Lower-case particles inside personal names: "Mike de Kock", "Roger van Boxtel", "bin Rashid".
const NAME_PARTICLES: [&str; 14] = ["de", "van", "von", "bin", "ibn", "da", "di", "del", "der", "den", "dos", "du", "le", "ten"];

/// Surnames named in the article: after a given name or a title, with initials or middle
/// names between ("Bryan L. Wethington", "Nikki Lynn Barlow", "Sheriff Beauregard"), or
/// followed by an age ("Bassett, 56,").
#[inline(never)]
fn doc_persons<'a>(nt: &'a NormText, gaz: &Gazetteer, rules: &Rules, lines: &mut DocState) -> Vec<&'a str> {
    let chars = &nt.chars;
    let toks = lines.toks;
    let surname_like = |w: &str| surname_like(gaz, rules, w);
    // (the tokens' words as slices of the text: no chars encoded again, nor checked as UTF-8)
    let surname_tok = |t: &Tok| surname_like(nt.text(t.s(), t.e()));
    // (only membership counts: the order of the list is not read)
    // (a name is kept as its slice of the text: nothing is copied)
    let mut out: Vec<&'a str> = Vec::new();
    let add = |out: &mut Vec<&'a str>, w: &'a str| {
        if !out.contains(&w) && surname_like(w) {
            out.push(w);
        }
    };
    // where a name's token ends without its possessive "'s"
    let name_end = |b: Tok| if b.e() - b.s() >= 2 && chars[b.e() - 1] == 's' && matches!(chars[b.e() - 2], '\'' | '’') { b.e() - 2 } else { b.e() };
    let mut next = 0;
    while next + 1 < toks.len() {
        let i = next_person_start(toks, next);
        if i + 1 >= toks.len() {
            break;
        }
        next = i + 1;
        let a = toks[i];
        // "Robertson's daughter", "Abbas's aides": kin or counsel make the name a person's;
        // "Chester said": one capitalised word that speaks, after a lower-case word or a
        // sentence's end, is a person too (well-known places, which speak for their
        // governments, are no surnames: see `surname_like`)
        if !a.brk_after() && a.upper() && !toks[i + 1].upper() {
            let n = toks[i + 1];
            let kin = name_end(a) < a.e() && name_end(a) > a.s() + 1 && rules.sieve.person_possession.holds_tok(&rules.person_possession, chars, &n);
            let speaks = (i == 0 || !toks[i - 1].upper() || toks[i - 1].brk_after() || toks[i - 1].dot())
                && SPEECH_TRIPLES.contains(&n.tri)
                && is_speech_verb(&chars[n.s()..n.e()]);
            if (kin || speaks) && !lines.title_case(chars, a.s()) {
                add(&mut out, nt.text(a.s(), name_end(a)));
                continue;
            }
        }
        if a.brk_after() {
            // "Welch, 44, of Trenton" (a comma after a word ends its token)
            let n = toks[i + 1];
            if chars.get(a.e()) == Some(&',')
                && n.e() - n.s() <= 2
                && chars[n.s()..n.e()].iter().all(|c| c.is_ascii_digit())
                && chars.get(n.e()) == Some(&',')
                && i > 0
                && !toks[i - 1].brk_after()
                && toks[i - 1].s() < a.s()
                && chars[toks[i - 1].s()].is_uppercase()
            {
                add(&mut out, nt.text(a.s(), a.e()));
            }
            continue;
        }
        if !toks[i + 1].upper() {
            continue;
        }
        // "Kijuan D. McDonald": a middle initial between capitalised words, whatever the
        // given name before it
        if a.dot() && a.e() - a.s() == 1 && a.upper() && i > 0 && !toks[i - 1].brk_after() && !toks[i - 1].dot() && toks[i - 1].upper() && !lines.title_case(chars, a.s()) {
            let b = toks[i + 1];
            add(&mut out, nt.text(b.s(), name_end(b)));
            continue;
        }
        let title = rules.sieve.person_title.holds_tok(&rules.person_title, chars, &a);
        // (the list first: most capitalised words are no given name; the word then read as
        // its slice of the text)
        let given = !a.dot()
            && rules.sieve.first_name.holds_tok(&rules.first_name, chars, &a)
            && {
                let aw = nt.text(a.s(), a.e());
                let opener = || sentence_initial(chars, a.s()) && common_zipf(rules, aw).is_some_and(|z| z >= 4.5);
                !opener() && !gaz_has_word(gaz, aw)
            };
        if !(given || title) || lines.title_case(chars, a.s()) {
            continue;
        }
        let mut j = i + 1;
        // initials and middle names
        while j + 1 < toks.len() && !toks[j].brk_after() {
            let t = toks[j];
            let initial = t.dot() && t.e() - t.s() == 1 && t.upper();
            let middle = !t.dot() && rules.sieve.first_name.holds_tok(&rules.first_name, chars, &t) && surname_tok(&toks[j + 1]);
            if initial || middle {
                j += 1;
            } else {
                break;
            }
        }
        // "councillor Dewly Nelson": after a title, the last capitalised word of the name
        if title && !given {
            while j + 1 < toks.len()
                && j < i + 3
                && !toks[j].brk_after()
                && !toks[j].dot()
                && surname_tok(&toks[j])
                && surname_tok(&toks[j + 1])
            {
                j += 1;
            }
        }
        let b = toks[j];
        add(&mut out, nt.text(b.s(), name_end(b)));
    }
    out
}

/// Whether the word `w` may be a surname: capitalised, not all capitals, in none of the
/// function, direction, time, place-noun, organisation, stop and head word lists, and no
/// well-known place ([`gaz_has_word`]). Memoised per thread by the word as written: the person
/// pass asks it of the same names again and again, and the lists are many to scan.
fn surname_like(gaz: &Gazetteer, rules: &Rules, w: &str) -> bool {
    let test = |w: &str| {
        let (Some(first), Some(last)) = (w.chars().next(), w.chars().next_back()) else { return false };
        // (the lists' sieves first: most names are in none of them)
        let n = if w.is_ascii() { w.len() } else { w.chars().count() };
        first.is_uppercase()
            && w.chars().any(|c| c.is_lowercase())
            && !FUNCTION_WORDS.contains(&w)
            && !DIRECTION_WORDS.contains(&w)
            && !is_time_word(w)
            && !place_word(w)
            && !(rules.sieve.org_head.may_hold_ends(first, last, n) && rules.org_head.contains(w))
            && !(rules.sieve.stop.may_hold_ends(first, last, n) && rules.stop.contains(w))
            && !(rules.sieve.heads.may_hold_ends(first, last, n)
                && (rules.street_head.contains(w) || rules.feature_head.contains(w) || rules.facility_head.contains(w)))
            && !gaz_has_word(gaz, w)
    };
    let Some(key) = WordKey::new(w.as_bytes()) else { return test(w) };
    thread_local! {
        /// (gazetteer uid, word as written → the answer)
        static SURNAMES: std::cell::RefCell<(u64, FxLookupMap<WordKey, bool>)> =
            std::cell::RefCell::new((0, FxLookupMap::default()));
    }
    // (the answer found before the memo is borrowed: `gaz_has_word` keeps a memo of its own)
    if let Some(v) = SURNAMES.with(|cell| {
        let memo = cell.borrow();
        if memo.0 == gaz.uid() {
            memo.1.get(&key).copied()
        } else {
            None
        }
    }) {
        return v;
    }
    let v = test(w);
    SURNAMES.with(|cell| {
        let mut memo = cell.borrow_mut();
        if memo.0 != gaz.uid() || memo.1.len() >= WORD_WALK_CACHE {
            memo.1.clear();
            memo.0 = gaz.uid();
        }
        memo.1.insert(key, v);
    });
    v
}

/// The first token from `i` on that [`doc_persons`] looks at: one that punctuation ends before
/// a token of two chars at most ("Welch, 44,": all it reads after a break), one that may be a
/// title or given name ([`TOK_LEAD`]) or a capitalised initial before a capitalised token
/// (unless punctuation ends it), or a capitalised one before a lower-case word that the sieve
/// of the words after a name may hold ("said", "daughter") (`toks.len() - 1` or more when none
/// is). Most tokens are none of these, and are passed over in this loop of a few registers.
///
/// (Every such token is capitalised, or has a break after it, or comes right before one that
/// is capitalised: the loop passes over the tokens that are neither capitalised nor broken
/// after, one test of each, and then tells which case it has; the sieve's test is
/// [`TOK_AFTER`], made with the token.)
#[inline(never)]
fn next_person_start(toks: &[Tok], i: usize) -> usize {
    let n = toks.len();
    if i + 1 >= n {
        return i;
    }
    let mut j = i;
    loop {
        // no token from `from` up to two before `j` starts anything: none of them, nor the
        // token after it, is capitalised or broken after
        let from = j;
        while j < n && toks[j].marks & (TOK_UPPER | TOK_BRK) == 0 {
            j += 1;
        }
        // the token before a capitalised one, when it may be a title or given name (all the
        // pass reads of such a token); else the capitalised one itself, below
        if j > from && j < n && toks[j].upper() && toks[j - 1].marks & TOK_LEAD != 0 {
            return j - 1;
        }
        if j + 1 >= n {
            // (nothing before the last token: the skip ends there)
            return n - 1;
        }
        let (t, next) = (toks[j], toks[j + 1]);
        if t.brk_after() {
            // (the triple's length bits; a token with no triple has them all set)
            if next.tri >> 10 <= 2 {
                return j;
            }
        } else if next.marks & TOK_UPPER == 0 {
            // capitalised, no break after: it starts something before a lower-case word read
            // after a name, or before a capitalised word when it may be a title, a given name
            // or an initial ("Kijuan D. McDonald")
            if next.marks & TOK_AFTER != 0 {
                return j;
            }
        } else if t.marks & TOK_LEAD != 0 || (t.dot() && t.tri >> 10 == 1) {
            return j;
        }
        // (the token after it is looked at next, as one that may start the next skip: a
        // capitalised one after it is told by its own case there, not by this one's)
        j += 1;
    }
}

/// What kinds of place a name's candidates include, as the tests of [`accept_words`] and
/// [`person_context`] ask them.
#[derive(Clone, Copy, Default)]
struct CandidateKinds {
    facility: bool,
    sea: bool,
    /// A country or a continent.
    country: bool,
    /// A country, continent, region or a first-level division of some size: an area readers
    /// know by name, which a person's name next to it does not take over ("Michael Jordan"
    /// aside). A small division is none: "Patrick worked with…" is not Patrick, Isle of Man,
    /// nor "Matthew D. Flores" Flores, Uruguay.
    known_area: bool,
}

impl CandidateKinds {
    /// Read in one pass over the candidates (a pass per test, as before, read a name with
    /// many candidates three or four times).
    fn of(gaz: &Gazetteer, candidates: &[Posting]) -> CandidateKinds {
        let mut c = CandidateKinds::default();
        for p in candidates {
            match gaz.place_kind(p.place) {
                Kind::Facility => c.facility = true,
                Kind::Sea => c.sea = true,
                Kind::Country | Kind::Continent => {
                    c.country = true;
                    c.known_area = true;
                }
                Kind::Region => c.known_area = true,
                Kind::Admin1 => c.known_area |= gaz.place_population(p.place) >= KNOWN_PLACE_POPULATION,
                _ => {}
            }
        }
        c
    }
}

/// The words right before and after a name ([`prev_word`], [`next_word`]), as char spans.
type WordsAround = (Option<(usize, usize)>, Option<(usize, usize)>);

/// True when the one-word place at `s..e` reads as (part of) a person's name here: a
/// surname named elsewhere in the article, a name particle or "O'" before it ("de Kock",
/// "O'Toole"), a given name before a surname ("Elliott Lewis", not "Rhea Public Library"),
/// a hyphen joining it to a capitalised non-place ("Mercedes-Benz",
/// "Jean-Yves"), or a speech verb before it ("said Wang,").
#[allow(clippy::too_many_arguments)]
fn person_context(
    nt: &NormText,
    gaz: &Gazetteer,
    rules: &Rules,
    lines: &DocState,
    (s, e): (usize, usize),
    (prev_w, next_w): WordsAround,
    surface: &str,
    (candidates, kinds): (&[Posting], CandidateKinds),
    in_org: bool,
) -> bool {
    let chars = &nt.chars;
    let area = kinds.known_area || kinds.sea;
    let country = kinds.country;
    // (looked up through the list's sieve once, where a given-name test below first asks it:
    // most names are areas or countries, which neither test may ask)
    let mut given = None;
    let mut given_name = || *given.get_or_insert_with(|| rules.sieve.first_name.holds(&rules.first_name, &chars[s..e]));
    // (the words before and after, `prev_word` and `next_word` of the name, as `accept_words`
    // found them; the word before is read as text only where a test needs it: most names are
    // areas, done before the tests of that word's text)
    if !country {
        // "O'Toole", "O’Leary"
        if s >= 2 && matches!(chars[s - 1], '\'' | '’') && chars[s - 2] == 'O' && (s == 2 || !is_word(chars[s - 3])) {
            return true;
        }
        // "Mike de Kock", "Mario de Santiago" (every particle is at most three small ASCII letters)
        if let Some(pw) = prev_w.filter(|pw| pw.1 - pw.0 <= 3 && chars[pw.0].is_ascii_lowercase()) {
            if chars[pw.1..s].iter().all(|c| *c == ' ') && NAME_PARTICLES.contains(&nt.text(pw.0, pw.1)) {
                if let Some(ppw) = prev_word(chars, pw.0) {
                    if is_capitalised(chars, ppw) && chars[ppw.1..pw.0].iter().all(|c| *c == ' ') {
                        return true;
                    }
                }
            }
        }
    }
    // "Elliott Lewis", "Victoria Rowell", "Vladimir Putin": a given name before a surname,
    // even when the given name is also a state or a big city
    if !country && !in_org && given_name() && !lines.title_case_known(s) {
        if let Some(nw) = next_w.filter(|nw| chars[e..nw.0].iter().all(|c| *c == ' ')) {
            let next = nt.text(nw.0, nw.1);
            if is_capitalised(chars, nw)
                && next.chars().any(|c| c.is_lowercase())
                && !FUNCTION_WORDS.contains(&next)
                && !DIRECTION_WORDS.contains(&next)
                && !is_time_word(next)
                && !place_word(next)
                && !rules.org_head.contains(next)
                && !rules.jurisdiction_title.contains(next)
                && !rules.street_head.contains(next)
                && !rules.feature_head.contains(next)
                && !rules.facility_head.contains(next)
                // (an area: "Victoria Texas"; a river's or a hill's name only when it is also a
                // word, "Cleveland Republican", not "Frederick Wu")
                && !lookup_word(gaz, next, |p| {
                    let k = gaz.place_kind(p.place);
                    k.is_area()
                        && p.name_kind != NameKind::Alternate
                        && k != Kind::Admin2
                        && (!matches!(k, Kind::River | Kind::Lake | Kind::Physical) || common_zipf(rules, next).is_some_and(|z| z >= COMMON_WORD_ZIPF))
                })
            {
                return true;
            }
        }
    }
    if area {
        return false;
    }
    let prev = prev_w.map(|w| (w, nt.text(w.0, w.1)));
    let locative = prev.as_ref().is_some_and(|(_, p)| LOCATIVE_WORDS.contains(p));
    // a surname the article gives a person stays theirs after "to", "of" or "from", which
    // persons follow as often as places ("referring to Bautista's home run", "a friend of
    // Tyler"); "in", "at", "near" still make it the town
    // ("the City of Edwardsville", "the town of Tyler": "of" after a town noun is a place's)
    let town_of = |pw: (usize, usize)| {
        prev_word(chars, pw.0).is_some_and(|w| {
            let t = nt.text(w.0, w.1);
            place_word(t) || with_lower(&chars[w.0..w.1], |lw| TOWN_NOUNS.contains(&lw))
        })
    };
    let place_locative =
        prev.as_ref().is_some_and(|(pw, p)| LOCATIVE_WORDS.contains(p) && (!PERSON_LOCATIVES.contains(p) || (*p == "of" && town_of(*pw))));
    if !place_locative && lines.doc_persons.contains(&surface) {
        return true;
    }
    // "his girlfriend Olivia.", "Helen, Clarence, Irene": a given name alone, unless a
    // locative word leads it or a state follows ("Florence, Ala.")
    if !locative
        && !in_org
        && given_name()
        && candidates.iter().all(|p| gaz.place_population(p.place) < FIRST_NAME_TOWN_MAX_POPULATION)
    {
        let after_comma_place = chars.get(e) == Some(&',')
            && next_word(chars, e + 1).or_else(|| next_word(chars, e + 2)).is_some_and(|nw| {
                lookup_word(gaz, nt.text(nw.0, nw.1), |p| matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1))
            });
        // ("Roselle police", "a Winona man", "Winona residents": the town's people and offices)
        let hometown = local_noun_follows(chars, rules, e) || noun_follows(chars, &rules.hometown_noun, e);
        if !after_comma_place && !hometown {
            return true;
        }
    }
    if let Some((pw, p)) = &prev {
        let gap_is_space = chars[pw.1..s].iter().all(|c| *c == ' ');
        // "said Wang, who", "according to Sokolowski."
        let speech = SPEECH_VERBS.contains(p)
            || (*p == "to" && prev_word(chars, pw.0).is_some_and(|w| chars_eq(&chars[w.0..w.1], "according")));
        let ends_clause = |i: usize| chars[i..].iter().find(|c| **c != ' ').is_none_or(|c| matches!(c, ',' | '.' | ';' | ':' | '\n'));
        if speech && gap_is_space && chars.get(e).is_none_or(|c| matches!(c, ',' | '.' | ';' | ':' | '\n')) {
            return true;
        }
        // "said Nash Riad, one of the cashiers", "according to Frederick Wu ,": a given name and
        // a surname after the verb, the clause ending there
        if speech && gap_is_space && !country && !in_org {
            if let Some(nw) = next_w.filter(|nw| chars[e..nw.0].iter().all(|c| *c == ' ')) {
                let next = nt.text(nw.0, nw.1);
                if is_capitalised(chars, nw)
                    && next.chars().any(|c| c.is_lowercase())
                    && !place_word(next)
                    && !FUNCTION_WORDS.contains(&next)
                    && !rules.org_head.contains(next)
                    && ends_clause(nw.1)
                {
                    return true;
                }
            }
        }
    }
    // "Mercedes-Benz", "Jean-Yves", "Ndi-Igbo": joined by a hyphen to a capitalised non-place
    let joined = |w: (usize, usize)| {
        let ws = nt.text(w.0, w.1);
        is_capitalised(chars, w)
            && ws.chars().any(|c| c.is_lowercase())
            && !lookup_word(gaz, ws, |p| {
                p.name_kind != NameKind::Demonym
                    && (matches!(gaz.place_kind(p.place), Kind::Country | Kind::Admin1 | Kind::Continent | Kind::Region)
                        || gaz.place_population(p.place) >= 100_000)
            })
            && !DIRECTION_WORDS.contains(&ws)
            && !rules.prefix_head.contains(ws)
    };
    if s >= 2 && chars[s - 1] == '-' && is_word(chars[s - 2]) {
        let mut a = s - 1;
        while a > 0 && is_word(chars[a - 1]) {
            a -= 1;
        }
        if joined((a, s - 1)) {
            return true;
        }
    }
    if chars.get(e) == Some(&'-') && chars.get(e + 1).is_some_and(|c| c.is_alphabetic()) {
        let mut b = e + 1;
        while b < chars.len() && is_word(chars[b]) {
            b += 1;
        }
        // ("Paris-Henry County": a town and its county, joined)
        let county = next_word(chars, b)
            .filter(|nw| chars[b..nw.0].iter().all(|c| *c == ' '))
            .is_some_and(|nw| ["County", "Parish", "Township", "Borough"].iter().any(|d| chars_eq(&chars[nw.0..nw.1], d)));
        if joined((e + 1, b)) && !county {
            return true;
        }
    }
    // "Stevens & Wilkinson", "Marks & Spencer": firms named after their partners
    let ampersand = [' ', '&', ' '];
    if s >= 4 && chars[s - 3..s] == ampersand {
        if let Some(w) = prev_word(chars, s - 2).filter(|w| w.1 == s - 3) {
            if joined(w) {
                return true;
            }
        }
    }
    if chars.get(e..e + 3) == Some(&ampersand[..]) {
        if let Some(w) = next_word(chars, e + 2).filter(|w| w.0 == e + 3) {
            if joined(w) {
                return true;
            }
        }
    }
    false
}

/// Number words: "Three Eastland County residents" is no county name.
const NUMBER_WORDS: [&str; 16] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens",
    "hundreds", "thousands", "several",
];

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

/// [`Gazetteer::lookup_any`] for one word. A plain ASCII word is its own key lower-cased,
/// which is how the index walks memoise it ([`WordWalk`]): the memo, which most words an article
/// asks about are already in, gives its postings without walking the index again.
fn lookup_word(gaz: &Gazetteer, w: &str, pred: impl FnMut(Posting) -> bool) -> bool {
    let bytes = w.as_bytes();
    if bytes.is_empty() || bytes.len() > 23 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return gaz.lookup_any(w, pred);
    }
    // (copied and lower-cased in one loop, without a `memcpy` call)
    let mut buf = [0u8; 23];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    let word = &buf[..bytes.len()];
    let Some(key) = WordKey::new(word) else { return gaz.lookup_any(w, pred) };
    // `Some(output)` of the name that is the whole word, if any; `None`: not memoisable
    let found = WORD_WALKS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.0 != gaz.uid() || cache.1.len() >= WORD_WALK_CACHE {
            cache.1.clear();
            cache.0 = gaz.uid();
        }
        let w = cache.1.entry(WalkKey::new(u32::MAX, key)).or_insert_with(|| WordWalk::new(gaz.fst(), gaz.fst().root(), word)).as_ref()?;
        Some((0..w.n_finals as usize).find(|&f| w.final_len[f] as usize == word.len()).map(|f| w.final_out[f] as u64))
    });
    match found {
        Some(Some(off)) => gaz.postings_at(off).any(pred),
        Some(None) => false,
        None => gaz.lookup_any(w, pred),
    }
}

fn gaz_has_word(gaz: &Gazetteer, w: &str) -> bool {
    // only well-known places count here: a big city or county, a country or another area
    // (most US counties are named after people: "Roy A. Nelson" is no Nelson County)
    let known = |w: &str| {
        lookup_word(gaz, w, |p| {
            let kind = gaz.place_kind(p.place);
            p.name_kind != NameKind::Demonym && kind != Kind::Admin2 && (kind.is_area() || gaz.place_population(p.place) >= 100_000)
        })
    };
    // the answer memoised per word as written (the surname and person tests ask it of the
    // same capitalised words again and again, and a common name's postings are many to read)
    let Some(key) = WordKey::new(w.as_bytes()) else { return known(w) };
    KNOWN_WORDS.with(|cell| {
        let mut memo = cell.borrow_mut();
        if memo.0 != gaz.uid() || memo.1.len() >= WORD_WALK_CACHE {
            memo.1.clear();
            memo.0 = gaz.uid();
        }
        *memo.1.entry(key).or_insert_with(|| known(w))
    })
}

thread_local! {
    /// (gazetteer uid, word as written → [`gaz_has_word`]'s answer)
    static KNOWN_WORDS: std::cell::RefCell<(u64, FxLookupMap<WordKey, bool>)> =
        std::cell::RefCell::new((0, FxLookupMap::default()));
}

/// The work buffers of [`accept`] (a name's words and candidates).
type AcceptBuffers = (Vec<(usize, usize)>, Vec<Posting>);

/// The memo of [`common_word`] kept per thread: (gazetteer uid, packed name → its Zipf
/// frequency and postings' facts).
type CommonWords = (u64, FxLookupMap<u128, (f32, NameFacts)>);

/// The work buffers of [`walk_names`] (the words walked from, the names found, and where each
/// word's names start among them).
type WalkBuffers = (Vec<u32>, Vec<(usize, u64)>, Vec<u32>);

/// The buffers of [`DocState::lines`] and [`DocState::after_locative`], kept from article to
/// article.
type LineBuffers = (Vec<u8>, Vec<usize>);

/// Which lines of the text are Title Case headlines, computed once per line on demand.
struct DocState<'a> {
    /// Per line (the text cut at `breaks`): 0 not asked yet, 1 no headline, 2 a Title Case
    /// headline; indexed by the line's number, found by a binary search of `breaks` (empty
    /// until the first is asked about).
    lines: Vec<u8>,
    /// Words already seen as part of a person's name ("Mark Zuckerberg" → "Zuckerberg"), as
    /// slices of the text.
    persons: Vec<&'a str>,
    /// Surnames read anywhere in the article ("Gino D. Bassett", "Sheriff Myers",
    /// "Welch, 44,"): the same word alone is the person, unless a locative word leads it.
    doc_persons: Vec<&'a str>,
    /// The article's tokens ([`NormText::set`] finds them), for the person and shape passes.
    toks: &'a [Tok],
    /// Where the article's newlines are (found with the tokens), for [`DocState::title_case`].
    breaks: &'a [usize],
    /// Where the words right after "in", "near" or "outside" start, found on first use
    /// ([`DocState::written_after_locative`]), and whether they are.
    after_locative: Vec<usize>,
    after_locative_found: bool,
    /// The line [`DocState::title_case`] was last asked about: its first char, its newline
    /// (`usize::MAX` for the last line) and its number. Names are tried in text order, so most
    /// asks are of that line again, found without a search.
    last_line: (usize, usize, usize),
    /// That line's entry of `lines` (0: not asked yet), so that an ask of it again is answered
    /// inline ([`DocState::title_case`]), without the call.
    last_flag: u8,
}

impl<'a> DocState<'a> {
    /// The state of a new article, its per-line and locative buffers those of an earlier one
    /// (emptied here).
    fn new(toks: &'a [Tok], breaks: &'a [usize], (mut lines, mut after_locative): LineBuffers) -> DocState<'a> {
        lines.clear();
        after_locative.clear();
        DocState {
            lines,
            persons: Vec::new(),
            doc_persons: Vec::new(),
            toks,
            breaks,
            after_locative,
            after_locative_found: false,
            // (no char is in it)
            last_line: (1, 0, 0),
            last_flag: 0,
        }
    }

    /// Whether `name` occurs in the text other than at `at`, as a whole word after a
    /// locative word of place ("in Decatur", "near Decatur"; not "to" or "of", which persons
    /// follow too).
    fn written_after_locative(&mut self, chars: &[char], name: &str, at: usize) -> bool {
        let toks = self.toks;
        let starts = &mut self.after_locative;
        if !self.after_locative_found {
            self.after_locative_found = true;
            // (a plain loop over the tokens, the triples told by a bit of the marks)
            for k in 1..toks.len() {
                let t = &toks[k - 1];
                if t.marks & TOK_PLACE_LOCATIVE != 0
                    && !t.brk_after()
                    && !t.dot()
                    && PLACE_LOCATIVES.iter().any(|l| chars_eq(&chars[t.s()..t.e()], l))
                {
                    starts.push(toks[k].s());
                }
            }
        }
        let n = name.chars().count();
        starts.iter().any(|&i| {
            i != at && chars.get(i..i + n).is_some_and(|w| w.iter().copied().eq(name.chars())) && chars.get(i + n).is_none_or(|c| !is_word(*c))
        })
    }

    /// Whether the line holding `s` is already known to be a Title Case headline.
    fn title_case_known(&self, s: usize) -> bool {
        let at = self.breaks.partition_point(|&p| p < s);
        // (a newline is in no line)
        self.breaks.get(at) != Some(&s) && self.lines.get(at) == Some(&2)
    }

    /// Headlines in Title Case make every word capitalised: don't read names into that.
    ///
    /// (The passes ask it ~70 times an article, most of them of the line asked last, whose
    /// answer is then at hand: the call and the line's look-up cost more than the answer.)
    #[inline]
    fn title_case(&mut self, chars: &[char], s: usize) -> bool {
        if self.last_flag != 0 && s >= self.last_line.0 && s <= self.last_line.1 {
            return self.last_flag == 2;
        }
        self.title_case_line(chars, s)
    }

    /// [`DocState::title_case`] of a line other than the last one asked, or not yet known.
    #[inline(never)]
    fn title_case_line(&mut self, chars: &[char], s: usize) -> bool {
        // the line: after the last newline before `s`, up to the first at or after it
        let at = if (self.last_line.0..=self.last_line.1).contains(&s) {
            self.last_line.2
        } else {
            let at = self.breaks.partition_point(|&p| p < s);
            let first = if at > 0 { self.breaks[at - 1] + 1 } else { 0 };
            self.last_line = (first, self.breaks.get(at).copied().unwrap_or(usize::MAX), at);
            at
        };
        if self.lines.is_empty() {
            self.lines.resize(self.breaks.len() + 1, 0);
        }
        if self.lines[at] != 0 {
            self.last_flag = self.lines[at];
            return self.lines[at] == 2;
        }
        let a = if at > 0 { self.breaks[at - 1] + 1 } else { 0 };
        let b = self.breaks.get(at).copied().unwrap_or(chars.len());
        let flag = (b - a) < 200 && {
            // (the line's words counted, not collected)
            let (mut n, mut caps) = (0, 0);
            let mut i = a;
            while i < b {
                if is_word(chars[i]) {
                    // (the scan stops once the words left, at most one in two chars, could not
                    // make four in five capitalised: most lines are sentences, told apart early)
                    if caps + (b - i).div_ceil(2) < 4 * (n - caps) {
                        break;
                    }
                    n += 1;
                    caps += is_capitalised(chars, (i, i)) as usize;
                    while i < b && is_word(chars[i]) {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
            i >= b
                && n >= 3
                && caps * 10 >= n * 8
                && chars[a..b].iter().rev().find(|c| !c.is_whitespace()).is_none_or(|c| *c != '.')
        };
        self.lines[at] = 1 + flag as u8;
        self.last_flag = self.lines[at];
        flag
    }
}

/// "L.A.", "N.Y.C.": single letters, each followed by a dot.
fn dotted_initials(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4 && b.len() % 2 == 0 && b.chunks(2).all(|p| p[0].is_ascii_uppercase() && p[1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, &'static str)> {
        find_toponyms(text, Gazetteer::embedded()).into_iter().map(|t| (t.text, t.rule)).collect()
    }

    fn texts(text: &str) -> Vec<String> {
        spans(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn the_motion_verbs_and_town_nouns_are_read_from_the_word_list_file() {
        // the tests read the lists' sections, not words built into the code: a list text
        // with other words answers otherwise
        let chars: Vec<char> = "They sailed to Tartus. A Winona farmer spoke.".chars().collect();
        let nt = NormText::new(&chars.iter().collect::<String>());
        let toks = &nt.toks[..nt.n_toks];
        let to = toks.iter().position(|t| chars_eq(&chars[t.s()..t.e()], "to")).unwrap_or(0);
        let winona = "They sailed to Tartus. A Winona".chars().count();
        let ours = Rules::embedded();
        assert!(!motion_before(&chars, ours, toks, to), "\"sailed\" is no verb of going in the shipped list");
        assert!(!noun_follows(&chars, &ours.hometown_noun, winona));
        let other = Rules::parse("[motion_verb]\nsailed\n[hometown_noun]\nfarmer\n");
        assert!(motion_before(&chars, &other, toks, to));
        assert!(noun_follows(&chars, &other.hometown_noun, winona));
        assert!(ours.motion_verb.contains("fled") && ours.arabic_not_place.contains("Qaeda") && ours.local_noun.contains("police"));
    }

    #[test]
    fn common_zipf_lower_cases_a_word_packed_eight_bytes_at_a_time() {
        // every ASCII byte in every lane, against `to_ascii_lowercase` byte by byte
        for b in 0u8..0x80 {
            for lane in 0..8 {
                let x = 0x2a5a_415b_407a_7b60u64 & !(0xff << (8 * lane)) | (b as u64) << (8 * lane);
                let want = u64::from_le_bytes(x.to_le_bytes().map(|c| c.to_ascii_lowercase()));
                assert_eq!(ascii_lower8(x), want, "{x:#x}");
            }
        }
        let rules = Rules::embedded();
        for w in ["Deal", "WALL", "can", "Independence", "INDEPENDENCE", "Paris", "Zürich", "Xqzv"] {
            assert_eq!(common_zipf(rules, w), rules.common.get(w.to_lowercase().as_bytes()).copied(), "{w}");
        }
        // and packed from a text's chars, as `accept_words` asks
        let nt = NormText::new("Deal WALL can Independence INDEPENDENCE Paris Zürich Xqzv Überlingen Uncharacteristically");
        for &(s, e, _) in nt.words() {
            let w = nt.text(s as usize, e as usize);
            assert_eq!(name_zipf(rules, &nt, s as usize, e as usize), common_zipf(rules, w), "{w}");
        }
    }

    #[test]
    fn a_given_name_opening_a_sentence_is_no_small_division_named_like_it() {
        // Patrick and Michael are sheadings of the Isle of Man; Victoria, Australia stays
        let t = texts("The boys built benches in Readington. Patrick worked with the committee. Michael is a senior. Victoria is a state.");
        assert!(!t.iter().any(|x| x == "Patrick" || x == "Michael"), "{t:?}");
        assert!(t.contains(&"Victoria".to_string()), "{t:?}");
        // a surname after a given name or an initial, and its later mentions alone
        let t = texts("Capt. Roy A. Nelson said the music was loud. Nelson said police came. Matthew D. Flores was 26. Flores had left the Army.");
        assert!(!t.iter().any(|x| x == "Nelson" || x == "Flores"), "{t:?}");
        // a known division keeps its name after a given name's shape
        let t = texts("Police in Gaza said Abu Jordan had left for Syria.");
        assert!(t.contains(&"Syria".to_string()), "{t:?}");
    }

    #[test]
    fn a_seat_of_government_speaking_or_staffed_is_the_institution() {
        let t = texts("White House press secretary Sarah Sanders declined to comment, and the Kremlin said nothing.");
        assert!(!t.iter().any(|x| x == "White House" || x == "Kremlin"), "{t:?}");
        let t = texts("He was barred from the White House before a dinner at the Kremlin.");
        assert!(t.contains(&"White House".to_string()) && t.contains(&"Kremlin".to_string()), "{t:?}");
    }

    #[test]
    fn street_named_after_a_town_is_one_span() {
        let s = spans("A cyclist was hurt on Cowley Road late on Friday, police in Oxford said.");
        assert!(s.contains(&("Cowley Road".to_string(), "shape-street")), "{s:?}");
        assert!(!s.iter().any(|(t, _)| t == "Cowley"), "{s:?}");
        assert!(s.iter().any(|(t, _)| t == "Oxford"), "{s:?}");
    }

    #[test]
    fn street_unknown_to_the_gazetteer_is_found_by_its_shape() {
        let s = spans("The blaze started in a garage on Pingle Drive and spread to West Tyler Street.");
        assert!(s.contains(&("Pingle Drive".to_string(), "shape-street")), "{s:?}");
        assert!(s.contains(&("West Tyler Street".to_string(), "shape-street")), "{s:?}");
    }

    #[test]
    fn a_name_suspect_only_at_a_sentence_start_is_a_place_the_article_writes_in() {
        // "decatur" is frequent enough in English to be doubted at a sentence's start
        let t = texts("Decatur approved the plan on Monday. Schools in Decatur will open later.");
        assert_eq!(t, ["Decatur", "Decatur"], "{t:?}");
        let t = texts("Decatur approved the plan on Monday. Schools will open later.");
        assert!(t.is_empty(), "{t:?}");
        // or followed by the town's own offices or people
        assert_eq!(texts("Decatur city officials have scheduled two meetings."), ["Decatur"]);
    }

    #[test]
    fn a_place_after_a_building_s_head_word_is_no_surname() {
        // "Church Maryville" is not "given name, surname": Maryville stays a place all along
        let t = texts("The service at First Baptist Church Maryville was full. Hope came to the congregation in Maryville.");
        assert_eq!(t.iter().filter(|t| *t == "Maryville").count(), 2, "{t:?}");
    }

    #[test]
    fn a_town_before_an_acronym_names_an_organisation_not_a_person() {
        let t = texts("The photo was released by Slidell PD on Friday.");
        assert_eq!(t, ["Slidell"], "{t:?}");
    }

    #[test]
    fn feasts_parties_and_people_after_their_role_are_no_places() {
        let t = spans("Crowds marked St. Patrick's Day as envoy George Mitchell met United Russia officials in Moscow.");
        assert_eq!(t, [("Russia".to_string(), "in-organisation"), ("Moscow".to_string(), "gazetteer")], "{t:?}");
        // a role word that ends a sentence makes no person of the dateline after it
        assert_eq!(texts("The board named its new president. CINCINNATI — The trustees met."), ["CINCINNATI"]);
        // kin before a name: "his brother Tyler" is no Texas town, "her daughter Elizabeth" no New Jersey one
        assert_eq!(texts("He went out without his brother Tyler, and her daughter Elizabeth stayed in Austin."), ["Austin"]);
    }

    #[test]
    fn an_elided_surname_after_a_given_name_is_a_person_for_the_article() {
        // "O’Connor" (a Canberra suburb) is two words; it is still the surname of "Brian"
        let t = texts("The tenant, Brian O’Connor, 38, was arrested. Police said O’Connor had threatened her.");
        assert!(t.is_empty(), "{t:?}");
        // a town of that shape, with no given name before it, stays a town
        assert_eq!(texts("Flights to O'Fallon resumed on Monday."), ["O'Fallon"]);
    }

    #[test]
    fn a_name_that_speaks_is_a_person_when_its_places_are_small() {
        // Chester is also Chester County, Pa. by its bare name, and Nelson a New Zealand region
        // of under 100,000: neither speaks
        let t = texts("It burned up over the bay, Chester said. Investigators were working leads, Nelson said.");
        assert!(t.is_empty(), "{t:?}");
        // a country or a large city may ("Moscow said"), and a small town stays one elsewhere
        assert_eq!(texts("Moscow said it would reply. The fire spread to Chester."), ["Moscow", "Chester"]);
        // a name that spoke once is the person in the whole article, after a locative word too
        let t = texts("In the interview with Sandberg she was calm. Sandberg said ads were paused. He called Peabody. Peabody says no.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_common_word_after_in_mid_sentence_is_a_town() {
        // "anderson" and "hurricane" are frequent words; after "in", mid-sentence, they are towns
        let t = texts("The home for children in Anderson was razed. Two men hid under a bridge in Hurricane, police said.");
        assert_eq!(t, ["Anderson", "Hurricane"], "{t:?}");
        // not as the start of a longer name, before a number, or closing a quoted title
        let t = texts("Both teams in Section 2AA won. He played a part in \"Shakespeare in Love.\"");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_stop_word_after_in_is_the_large_town_it_names() {
        let t = texts("The festival opened in Nice, and the team trained in Mobile before the final.");
        assert_eq!(t, ["Nice", "Mobile"], "{t:?}");
        // no town that large: the word's other sense
        let t = texts("They put their trust in God. She lives in Hope.");
        assert!(t.is_empty(), "{t:?}");
        // and at a sentence's start the stop list holds
        assert!(texts("Nice work, he said.").is_empty());
    }

    #[test]
    fn transit_police_and_court_buildings_are_no_towns() {
        let t = texts("Metro Police said the case went to the Henry County Courthouse, according to Metro 911.");
        assert_eq!(t, ["Henry County"], "{t:?}");
        // a charity and a character, not the small towns of North Carolina and Indiana
        assert!(texts("The Red Cross opened a shelter, and Santa Claus visited it.").is_empty());
    }

    #[test]
    fn a_name_with_a_daughter_or_a_lawyer_is_a_person_for_the_article() {
        // Markel (Wisconsin) and Robertson (a Missouri town) have kin and counsel here
        let t = texts("The nurse was alone with Markel when the baby stopped. Markel’s mother said nothing. Robertson bought the theater. Robertson's daughter married.");
        assert!(t.is_empty(), "{t:?}");
        // a place's officials and people are no kin
        assert_eq!(texts("Officials said Decatur's mayor met Decatur's residents."), ["Decatur", "Decatur"]);
    }

    #[test]
    fn a_compass_quarter_before_a_town_is_no_pair_of_initials() {
        // "S.E." is the town's south-east, not a person's initials: Paris stays a place all along
        let t = texts("Fire damages S.E. Paris apartment. Paris firefighters made quick work of it.");
        assert_eq!(t, ["Paris", "Paris"], "{t:?}");
        // a single initial still makes a surname
        let t = texts("Roy A. Nelson was arrested. Police said Nelson had fled.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_surname_named_once_in_full_is_the_person_later() {
        // after a middle initial, whatever the given name ("Kijuan" is in no list)
        let t = texts("Kijuan D. McDonald was hauling a bag. The talk with McDonald led deputies to Archer.");
        assert_eq!(t, ["Archer"], "{t:?}");
        // followed by an age; a county of 100,000 or more named after someone (Sullivan County, Tenn.)
        // does not make the surname a well-known place
        let t = texts("Nakishia Sullivan, 24, was approached by two women. In the fight, Sullivan pulled a box cutter.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_country_after_a_given_name_is_a_surname() {
        // only a city of a million protects its name ("Sam Houston State"): a country does not
        let t = texts("The 2012 champion Andrew Jordan raced in Spain, and reporter Bill Holland was there.");
        assert_eq!(t, ["Spain"], "{t:?}");
    }

    #[test]
    fn a_place_before_the_title_of_its_office_stays_a_place() {
        // "Columbus" is also a given name, "Gainesville" would read as a firm's first word
        let t = texts("\"It helps,\" said Gainesville Mayor Myrtle Figueras. The case was filed by Columbus Investigator Gregory Sealock.");
        assert_eq!(t, ["Gainesville", "Columbus"], "{t:?}");
        // another capitalised word still makes a given name of it
        let t = texts("The role went to the actor Columbus Short.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn dotted_initials_a_place_goes_by_keep_their_dot() {
        let t = texts("The L.A. port signed on for 25 trucks, police in L.A. said.");
        assert_eq!(t, ["L.A.", "L.A."], "{t:?}");
        assert!(dotted_initials("N.Y.C.") && !dotted_initials("St.") && !dotted_initials("A.") && !dotted_initials("L.a."));
    }

    #[test]
    fn street_abbreviation_keeps_its_dot_but_saint_is_no_street() {
        let t = texts("She lived at 420 Augusta St., Alexandria, before moving to St. Louis.");
        assert!(t.contains(&"Augusta St.".to_string()), "{t:?}");
        assert!(t.contains(&"St. Louis".to_string()), "{t:?}");
    }

    #[test]
    fn lake_and_lagoon_names_are_whole_spans() {
        let t = texts("Boats were banned on Lake Manassas, and volunteers cleaned Glenrock Lagoon on Sunday.");
        assert!(t.contains(&"Lake Manassas".to_string()), "{t:?}");
        assert!(t.contains(&"Glenrock Lagoon".to_string()), "{t:?}");
    }

    #[test]
    fn building_named_after_a_county_keeps_the_county() {
        let t = texts("The driver was held at the Madison County Detention Center overnight.");
        assert_eq!(t, vec!["Madison County".to_string()]);
    }

    #[test]
    fn number_word_opening_a_sentence_is_not_part_of_a_county() {
        let t = texts("Three Eastland County residents were charged with arson.");
        assert_eq!(t, vec!["Eastland County".to_string()]);
    }

    #[test]
    fn an_apostrophe_inside_a_name_does_not_cut_it() {
        let t = texts("Airstrikes hit Sana'a and Ma’rib. Troops left Dar'a for Côte d'Ivoire and Coeur d'Alene.");
        for name in ["Sana'a", "Ma’rib", "Dar'a", "Côte d'Ivoire", "Coeur d'Alene"] {
            assert!(t.iter().any(|x| x == name), "{name}: {t:?}");
        }
        assert!(!t.iter().any(|x| x == "Sana" || x == "Alene"), "{t:?}");
        // nor is a name before an apostrophe when the whole word is no name ("Za" is a
        // river in China, "Za’id" a quarter of Aleppo)
        let t = texts("Troops entered Za’id and Sana’id today.");
        assert!(!t.iter().any(|x| x == "Za" || x == "Sana"), "{t:?}");
        // a possessive is still no part of the name
        let t = texts("Aleppo's mayor met William's son.");
        assert_eq!(t, vec!["Aleppo".to_string()]);
    }

    #[test]
    fn the_gulf_is_a_region_but_gulf_alone_or_before_a_name_is_not() {
        let t = texts("Ships patrolling the Gulf met a US ally in the Gulf, Qatar.");
        assert_eq!(t.iter().filter(|x| *x == "Gulf").count(), 2, "{t:?}");
        // a longer name after "The" is not cut short by "the Gulf"
        for text in ["The Gulf of Aden is patrolled by a naval force.", "Pirates in the Gulf of Aden seized a ship."] {
            assert!(texts(text).contains(&"Gulf of Aden".to_string()), "{text}: {:?}", texts(text));
        }
        for text in ["Veterans of the Gulf War met.", "Gulf officials said so.", "He moved to Gulf Breeze."] {
            assert!(!texts(text).iter().any(|x| x == "Gulf"), "{text}: {:?}", texts(text));
        }
    }

    #[test]
    fn an_arabic_compound_the_gazetteer_lacks_borrows_no_place_inside_it() {
        let gaz = Gazetteer::embedded();
        let cc_of = |t: &Toponym| t.candidates.iter().map(|p| gaz.place(p.place).cc().to_string()).collect::<Vec<_>>();
        let ts = find_toponyms("Rebels shelled the town of Umm Batna, the Bustan Al-Basha District and Tal Al-Eiss, then Colchester Hospital.", gaz);
        for name in ["Umm Batna", "Bustan Al-Basha District", "Tal Al-Eiss"] {
            let t = ts.iter().find(|t| t.text == name).unwrap_or_else(|| panic!("{name}: {ts:?}"));
            // (Batna, Algeria; Bŭston, Tajikistan; Tal, India before)
            assert!(t.candidates.is_empty(), "{name}: {:?}", cc_of(t));
        }
        // a site named after a town still is at the town
        let t = ts.iter().find(|t| t.text == "Colchester Hospital").expect("Colchester Hospital");
        assert!(cc_of(t).contains(&"GB".to_string()), "{:?}", cc_of(t));
        // an opener goes on across an Arabic article ("Tal" alone is a town in India)
        let t = texts("Jets struck Kafr al-Ward, Tal al-Ahmar and the Ein el-Hilweh camp.");
        for name in ["Kafr al-Ward", "Tal al-Ahmar", "Ein el-Hilweh"] {
            assert!(t.contains(&name.to_string()), "{name}: {t:?}");
        }
        let rules = Rules::embedded();
        assert!(own_compound(rules, "Tal", ["Rifaat"]) && own_compound(rules, "Basha", ["Bustan", "Al-Basha"]));
        assert!(own_compound(rules, "Bustan", ["ash-Sham"]) && !own_compound(rules, "Colchester", ["Hospital"]));
        assert!(!own_compound(rules, "Lone Oak", ["Road"]) && !own_compound(rules, "Austin", ["at-large"]));
    }

    #[test]
    fn french_and_spanish_connectors_join_a_name() {
        let t = texts("Police in Port-au-Prince and Santiago de los Caballeros made arrests.");
        assert!(t.iter().any(|x| x == "Port-au-Prince"), "{t:?}");
        assert!(t.iter().any(|x| x == "Santiago de los Caballeros"), "{t:?}");
    }

    #[test]
    fn two_places_joined_by_a_hyphen_are_not_one_county() {
        let t = texts("The Paris-Madison County council met on Monday.");
        assert!(!t.iter().any(|x| x.contains('-')), "{t:?}");
    }

    #[test]
    fn surname_named_once_is_a_person_all_through_the_article() {
        let t = texts("Officers say Bassett fled on foot. Gino D. Bassett, 56, was arrested later in Chicago.");
        assert!(!t.contains(&"Bassett".to_string()), "{t:?}");
        assert!(t.contains(&"Chicago".to_string()), "{t:?}");
    }

    #[test]
    fn a_name_that_is_also_a_small_county_s_is_still_part_of_a_person_s_name() {
        // Day County, South Dakota (5,000 people) no longer cuts "Mary Day Coker" short
        let t = texts("Acting Circuit Judge Mary Day Coker sentenced him in Paris. Coker said the sentence was fair.");
        assert!(!t.contains(&"Coker".to_string()), "{t:?}");
        assert!(t.contains(&"Paris".to_string()), "{t:?}");
    }

    #[test]
    fn partners_of_a_firm_joined_by_an_ampersand_are_no_places() {
        let t = texts("The city hired Stevens & Wilkinson and Marks & Spencer opened a store in Columbia.");
        assert!(!t.iter().any(|x| x == "Stevens" || x == "Wilkinson" || x == "Spencer"), "{t:?}");
        assert!(t.contains(&"Columbia".to_string()), "{t:?}");
    }

    #[test]
    fn surname_after_a_locative_word_is_still_the_place() {
        let t = texts("Ann Bassett, 40, spoke at the meeting. The hall in Bassett was full.");
        assert_eq!(t.iter().filter(|x| *x == "Bassett").count(), 1, "{t:?}");
    }

    #[test]
    fn name_particles_and_hyphenated_names_are_persons() {
        let t = texts("The colt was trained by Mike de Kock. A Mercedes-Benz was damaged.");
        assert!(!t.iter().any(|x| x == "Kock" || x == "Benz" || x == "Mercedes"), "{t:?}");
        // a town joined to its county is no double-barrelled name
        let t = texts("She toured the Paris-Henry County Heritage Center on Monday.");
        assert!(t.iter().any(|x| x == "Paris"), "{t:?}");
    }

    #[test]
    fn given_name_before_a_surname_that_is_also_a_place() {
        let t = texts("The bodies of Elliott Lewis, 84, and his wife were found in Memphis.");
        assert!(!t.contains(&"Elliott".to_string()), "{t:?}");
        assert!(t.contains(&"Memphis".to_string()), "{t:?}");
    }

    #[test]
    fn country_after_an_unknown_capitalised_word_stays_the_country() {
        let t = texts("By Trend Iran's exports fell in March. At 5 p.m. Russia denied it, and Iran said nothing.");
        assert_eq!(t.iter().filter(|x| x.starts_with("Iran")).count(), 2, "{t:?}");
        assert!(t.contains(&"Russia".to_string()), "{t:?}");
    }

    #[test]
    fn speech_verb_before_a_small_town_name_makes_it_a_person() {
        let t = texts("\"We had no idea,\" said Tyler, a cashier at the store.");
        assert!(!t.contains(&"Tyler".to_string()), "{t:?}");
    }

    #[test]
    fn plural_settlement_noun_makes_each_listed_name_a_place() {
        let s = spans("Jets hit the villages of Zorkwa, Bakuri Jabal, and Al-Tunbi, and two towns: Sheikh Umbaro and Tewanga.");
        for name in ["Zorkwa", "Bakuri Jabal", "Al-Tunbi", "Sheikh Umbaro", "Tewanga"] {
            assert!(s.contains(&(name.to_string(), "shape-settlement")), "{name}: {s:?}");
        }
        let s = spans("Gunmen raided the Zorkwa and Bakuri villages overnight.");
        assert!(s.contains(&("Zorkwa".to_string(), "shape-settlement")), "{s:?}");
        assert!(s.contains(&("Bakuri".to_string(), "shape-settlement")), "{s:?}");
        // faiths and peoples before the noun name no place
        let s = spans("Clashes spread to Sunni and Shiite neighbourhoods and a mainly Alawite area.");
        assert!(s.is_empty(), "{s:?}");
        // "area" is such a noun too
        let s = spans("Rebels control the Zorkwa Tiseen area, the army said.");
        assert!(s.contains(&("Zorkwa Tiseen".to_string(), "shape-settlement")), "{s:?}");
    }

    #[test]
    fn a_rare_name_before_district_is_a_quarter() {
        let s = spans("Jets hit the Al-Rashidiyah District and the Sheikh Sa’eed District overnight, then Baghdad's Sadro City.");
        assert!(s.contains(&("Al-Rashidiyah District".to_string(), "shape-settlement")), "{s:?}");
        assert!(s.contains(&("Sadro City".to_string(), "shape-settlement")), "{s:?}");
        assert!(s.contains(&("Sheikh Sa’eed District".to_string(), "shape-settlement")), "{s:?}");
        // English words, and a court or a school board named after a district, are not
        let s = spans("The Garden District and the Congressional District met at Cloverhill District Court.");
        assert!(!s.iter().any(|(t, _)| t.ends_with("District")), "{s:?}");
    }

    #[test]
    fn a_rare_name_joined_to_a_town_is_a_place() {
        let s = spans("Rebels failed to take Aleppo and Bzaahno on Monday. Jets hit Tewangi and Homs.");
        assert!(s.contains(&("Bzaahno".to_string(), "shape-coordinated")), "{s:?}");
        assert!(s.contains(&("Tewangi".to_string(), "shape-coordinated")), "{s:?}");
        // not next to a country: "Russia and Putinov"
        let s = spans("Ties between Russia and Putinov grew.");
        assert!(!s.iter().any(|(t, _)| t == "Putinov"), "{s:?}");
    }

    #[test]
    fn a_name_in_apposition_to_a_village_is_a_place() {
        let s = spans("The bomb went off in Zorkwa, a village near the border. Smith, a town councillor, said so.");
        assert!(s.contains(&("Zorkwa".to_string(), "shape-settlement")), "{s:?}");
        assert!(!s.iter().any(|(t, _)| t == "Smith"), "{s:?}");
    }

    #[test]
    fn settlement_noun_makes_an_unknown_name_a_place() {
        let s = spans("Gunmen raided Zorkwa village at dawn and later the town of Bakuri al-Jabal, but Greer's city council met.");
        assert!(s.contains(&("Zorkwa".to_string(), "shape-settlement")), "{s:?}");
        assert!(s.contains(&("Bakuri al-Jabal".to_string(), "shape-settlement")), "{s:?}");
        assert!(!s.iter().any(|(t, _)| t.ends_with("'s")), "{s:?}");
    }

    #[test]
    fn state_or_city_before_an_organisation_word_is_the_organisation_s() {
        let t = texts("Troopers of the Ohio State Patrol closed the road.");
        assert!(t.contains(&"Ohio".to_string()), "{t:?}");
        assert!(!t.iter().any(|x| x.contains("State")), "{t:?}");
    }

    #[test]
    fn given_name_alone_is_a_person_but_in_a_town_it_is_the_town() {
        let t = texts("He is survived by his wife and his daughter Hailey. The funeral will be in Hailey.");
        assert_eq!(t.iter().filter(|x| *x == "Hailey").count(), 1, "{t:?}");
    }

    #[test]
    fn given_name_that_is_also_a_province_before_a_surname_is_a_person() {
        let t = texts("The call from Vladimir Putin came as Vladimir region officials met.");
        assert_eq!(t.iter().filter(|x| *x == "Vladimir").count(), 1, "{t:?}");
    }

    #[test]
    fn british_road_numbers_after_the_are_places_weapons_are_not() {
        let s = spans("Traffic was diverted via the A436, A40 and A429 after a crash on the M5. Troops carried the M4 carbine.");
        let roads: Vec<&str> = s.iter().filter(|(_, r)| *r == "shape-road").map(|(t, _)| t.as_str()).collect();
        assert_eq!(roads, vec!["A436", "A40", "A429", "M5"], "{s:?}");
    }

    #[test]
    fn surname_after_a_lower_case_title_and_a_given_name_is_a_person() {
        let t = texts("Town councillor Dewly Bassett backed the plan. Bassett said costs would fall.");
        assert!(!t.contains(&"Bassett".to_string()), "{t:?}");
    }

    #[test]
    fn two_rare_capitalised_words_after_in_name_a_place() {
        let s = spans("Young men loiter around the market in Kasbo Dunli every day, and the race is at Brandle Hatchery.");
        assert!(s.contains(&("Kasbo Dunli".to_string(), "shape-locative")), "{s:?}");
        // also as the text's last words
        let s = spans("A bomber killed six people in Tuzo Khurmani.");
        assert!(s.contains(&("Tuzo Khurmani".to_string(), "shape-locative")), "{s:?}");
        // in March, in Google Maps: a month, and a third capitalised word, are left alone
        let t = texts("The vote in March Brandle Hatchery was held in Kasbo Dunli Holdings offices.");
        assert!(!t.iter().any(|x| x.starts_with("March") || x.starts_with("Kasbo")), "{t:?}");
    }

    #[test]
    fn norm_text_maps_word_ends_back_to_chars() {
        let nt = NormText::new("Deir ez-Zor, Ḩalab's");
        assert_eq!(std::str::from_utf8(&nt.norm).unwrap(), "deir ez zor, halabs");
        // "deir" ends at byte 4, which is char 4 (the space)
        assert_eq!(nt.end_char(4), 4);
        // "deir ez zor" ends at byte 11 → char 11 (the comma)
        assert_eq!(nt.end_char(11), 11);
        assert_eq!(nt.chars[11], ',');
    }

    #[test]
    fn a_span_s_text_is_the_text_s_own_slice_across_wide_chars() {
        // (the buffers reused: the second text must not read the first's wide chars)
        let mut nt = NormText::default();
        for text in ["Ḩalab’s “Aleppo” — Côte d'Ivoire, ﬁeld Straße…", "plain Aleppo", "", "é"] {
            nt.set(text);
            let n = nt.chars.len();
            for s in 0..=n {
                for e in s..=n {
                    assert_eq!(nt.text(s, e), nt.chars[s..e].iter().collect::<String>(), "{text:?} {s}..{e}");
                }
            }
        }
    }

    #[test]
    fn digits_inside_plain_words_stay_in_them() {
        // (the word loop tests eight letters at a time and finds a digit only where the letters
        // stop: at every offset inside and across eight-byte blocks)
        let text = "Alpha Bravo1x charlie22 delta7abcdefgh9 a1b2c3d4e5f6g7h8i9, 2024 abcdefg1 abcdefgh1. \
                    Zulu99 x 7 y1 abcdefghijklmno5pq, 12345678901 end9";
        let nt = NormText::new(text);
        assert_eq!(std::str::from_utf8(&nt.norm).unwrap(), text.to_lowercase());
        let mut want = Vec::new();
        let mut start = None;
        for (i, c) in text.chars().chain([' ']).enumerate() {
            match (c.is_ascii_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    want.push((s as u32, i as u32));
                    start = None;
                }
                _ => {}
            }
        }
        let got: Vec<(u32, u32)> = nt.words().iter().map(|&(s, e, _)| (s, e)).collect();
        assert_eq!(got, want);
        for (w, &(s, _, _)) in nt.words().iter().enumerate() {
            assert_eq!(nt.word_norm(w), s as usize);
        }
        let toks: Vec<&str> = nt.toks[..nt.n_toks].iter().map(|t| &text[t.s()..t.e()]).collect();
        assert_eq!(toks, text.split_whitespace().map(|w| w.trim_end_matches([',', '.'])).collect::<Vec<_>>());
    }

    #[test]
    fn norm_text_end_chars_are_the_first_char_at_each_byte() {
        // kept as runs: must equal the smallest char index per `norm_pos`
        let mut nt = NormText::default();
        for text in [
            "'Aleppo' -- \"Homs\"  and ʼIdlib’s — Ḩalab, ﬁeld Straße…",
            "a",
            "",
            "--'x'--",
            "Şanlıurfa\u{a0}/ ½ İstanbul ‘quoted’ end-",
        ] {
            nt.set(text);
            let mut want = vec![u32::MAX; nt.norm.len() + 1];
            for i in (0..=nt.chars.len()).rev() {
                want[nt.norm_pos(i)] = i as u32;
            }
            let got: Vec<u32> = (0..=nt.norm.len()).map(|b| nt.end_char(b)).collect();
            assert_eq!(got, want, "{text:?}");
            for (w, &(s, _, _)) in nt.words().iter().enumerate() {
                assert_eq!(nt.word_norm(w), nt.norm_pos(s as usize), "{text:?}");
            }
        }
    }

    #[test]
    fn the_person_and_shape_skips_stop_where_the_token_tests_do() {
        // the skips against the tests they stand for, from every token of a few texts
        let sieve = &Rules::embedded().sieve;
        let after = &sieve.person_after;
        let noun = &sieve.settlement_noun;
        let mut nt = NormText::default();
        for text in [
            "Chester said on Monday that the village of Kafr Nabl, near Idlib, was shelled. Robertson's daughter told Reuters.",
            "Welch, 44, of Trenton\nKijuan D. McDonald and councillor Dewly Nelson met in Kasba Bonli",
            "a", "", "The", "said Chester", "Ḩalab’s “Aleppo” — Côte d'Ivoire told",
        ] {
            nt.set(text);
            let toks = &nt.toks[..nt.n_toks];
            for i in 0..=toks.len() + 1 {
                let mut want = i;
                let lead = |t: &Tok| t.tri == NO_TRIPLE || sieve.person_lead(t.tri);
                while want + 1 < toks.len()
                    && if toks[want].brk_after() {
                        toks[want + 1].e() - toks[want + 1].s() > 2 || toks[want + 1].tri == NO_TRIPLE
                    } else if toks[want].upper() {
                        let (t, n) = (&toks[want], &toks[want + 1]);
                        if n.upper() {
                            !(lead(t) || (t.dot() && t.e() - t.s() == 1))
                        } else {
                            !after.may_hold_tri(n.tri)
                        }
                    } else {
                        !toks[want + 1].upper() || !lead(&toks[want])
                    }
                {
                    want += 1;
                }
                assert_eq!(next_person_start(toks, i), want, "{text:?} from {i}");
                let shape = (i..toks.len())
                    .find(|&k| toks[k].upper() || (toks[k].lower() && (toks[k].tri == NO_TRIPLE || noun.may_hold_tri(toks[k].tri))))
                    .unwrap_or(toks.len().max(i));
                assert_eq!(next_shape_start(toks, i), shape, "{text:?} from {i}");
            }
        }
    }

    #[test]
    fn a_bare_word_s_marks_from_the_table_are_its_sieves_and_case() {
        // the table's first-byte classes against the char tests, for every letter and digit
        // and every triple
        let sieve = &Rules::embedded().sieve;
        for f in (b'0'..=b'9').chain(b'A'..=b'Z').chain(b'a'..=b'z') {
            let case = if f.is_ascii_uppercase() {
                TOK_UPPER
            } else if f.is_ascii_lowercase() {
                TOK_LOWER
            } else {
                0
            };
            for tri in 0..1u16 << 14 {
                let want = tok_marks(case, tri, sieve.settlement_noun.may_hold_tri(tri), sieve.person_after.may_hold_tri(tri), sieve.person_lead(tri));
                assert_eq!(tok_marks_bare(&sieve.tok_marks.0, f, tri), want, "{} {tri}", f as char);
            }
        }
    }
}
