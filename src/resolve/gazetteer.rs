//! The gazetteer: every place conflictmap knows, with its names, behind an FST index.
//!
//! The embedded default is compiled by `build.rs` from `data/gazetteer/` and linked into
//! the binary, so [`Gazetteer::embedded`] costs no parsing: it only wraps static bytes.
//! `conflictmap gazetteer import` writes a *user index* (the embedded places merged with
//! GeoNames dumps, see [`super::import`]) that [`Gazetteer::load`] reads back and
//! [`Gazetteer::default_for_cli`] prefers when it exists.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::index_build::{self, IndexBlobs, KINDS, RECORD_LEN, SOURCES};

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    City,
    Admin2,
    Admin1,
    Country,
    Continent,
    Region,
    Sea,
    River,
    Lake,
    Physical,
    Facility,
}

impl Kind {
    fn from_code(c: u8) -> Kind {
        use Kind::*;
        [City, Admin2, Admin1, Country, Continent, Region, Sea, River, Lake, Physical, Facility]
            .get(c as usize)
            .copied()
            .unwrap_or(City)
    }

    /// The name used in the data files (`city`, `admin1`, …).
    pub fn as_str(self) -> &'static str {
        KINDS[self as usize]
    }

    /// True for areas larger than a town (country, admin1/2, continent, region, sea …).
    pub fn is_area(self) -> bool {
        !matches!(self, Kind::City | Kind::Facility)
    }
}

/// How the matched name relates to the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    /// The place's own name (GeoNames `name`/`asciiname`).
    Primary,
    /// An alternate name or spelling.
    Alternate,
    /// An abbreviation (U.S., Calif., DPRK).
    Abbreviation,
    /// A demonym or adjective (Syrian, Aleppan): evidence for the place, not a mention of it.
    Demonym,
}

/// One candidate from a name look-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Index of the place in the gazetteer (see [`Gazetteer::place`]).
    pub place: u32,
    pub name_kind: NameKind,
    /// The name matched only once spaces were removed ("Deir Ezzor" ~ "Deir ez-Zor").
    pub squashed: bool,
}

impl Posting {
    fn from_u32(p: u32) -> Posting {
        let name_kind = match p & 3 {
            index_build::NAME_PRIMARY => NameKind::Primary,
            index_build::NAME_ALT => NameKind::Alternate,
            index_build::NAME_ABBREV => NameKind::Abbreviation,
            _ => NameKind::Demonym,
        };
        Posting { place: p >> 4, name_kind, squashed: p & index_build::FLAG_SQUASHED != 0 }
    }
}

/// A gazetteer entry, borrowed from the index.
///
/// # Units
/// `lon`/`lat` in WGS 84 decimal degrees; `precision_km` is the curated position's
/// uncertainty (0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'g> {
    pub index: u32,
    /// GeoNames id; negative for places GeoNames lacks (Natural Earth, curated).
    pub id: i64,
    pub lon: f64,
    pub lat: f64,
    pub population: u32,
    /// The gazetteer's name and code text, checked as UTF-8 once when the gazetteer was made.
    strings: &'g str,
    name_off: u32,
    name_len: u16,
    pub kind: Kind,
    /// GeoNames feature class (P, A, H, L, T, S …).
    pub fclass: char,
    fcode: [u8; 5],
    cc: [u8; 2],
    admin_off: u32,
    admin1_len: u8,
    admin2_len: u8,
    pub source: &'static str,
    pub precision_km: u16,
    /// How many names the entry has: a proxy for how well known it is.
    pub name_count: u32,
}

impl<'g> Place<'g> {
    fn text(&self, off: usize, len: usize) -> &'g str {
        // (a range of valid UTF-8 is valid exactly when both its ends are character
        // boundaries, which `get` checks: no UTF-8 check of the text per read)
        self.strings.get(off..off + len).unwrap_or("")
    }

    /// The place's display name.
    pub fn name(&self) -> &'g str {
        self.text(self.name_off as usize, self.name_len as usize)
    }

    /// GeoNames first-level division code ("09", "LA"), empty when unknown.
    pub fn admin1(&self) -> &'g str {
        self.text(self.admin_off as usize, self.admin1_len as usize)
    }

    /// [`Place::admin1`] as bytes.
    pub fn admin1_bytes(&self) -> &'g [u8] {
        self.admin1().as_bytes()
    }

    /// GeoNames second-level division code, empty when unknown.
    pub fn admin2(&self) -> &'g str {
        self.text(self.admin_off as usize + self.admin1_len as usize, self.admin2_len as usize)
    }

    /// GeoNames feature code (PPLC, ADM1, PCLI …).
    pub fn fcode(&self) -> &str {
        let n = self.fcode.iter().position(|b| *b == 0).unwrap_or(5);
        std::str::from_utf8(&self.fcode[..n]).unwrap_or("")
    }

    /// The bytes of [`Place::fcode`] (compared without building a `&str`).
    pub fn fcode_bytes(&self) -> &[u8] {
        let n = self.fcode.iter().position(|b| *b == 0).unwrap_or(5);
        if self.fcode[..n].is_ascii() || std::str::from_utf8(&self.fcode[..n]).is_ok() {
            &self.fcode[..n]
        } else {
            &[]
        }
    }

    /// [`Place::fcode`] as text that lives for good, for the commonest codes (an output
    /// record borrows it instead of a copy); `None` for the others. The record's five bytes
    /// are compared as one number with each code's, the commonest in the news first.
    pub fn fcode_static(&self) -> Option<&'static str> {
        static_fcode(&self.fcode)
    }

    /// ISO 3166-1 alpha-2 country code, empty for places in no single country.
    pub fn cc(&self) -> &str {
        let n = self.cc.iter().position(|b| *b == 0).unwrap_or(2);
        std::str::from_utf8(&self.cc[..n]).unwrap_or("")
    }

    /// [`Place::cc`] as two bytes, zero-padded (`[0, 0]`: none).
    pub fn cc_key(&self) -> [u8; 2] {
        cc_key(self.cc)
    }
}

/// [`Place::fcode_static`] of a record's five code bytes.
fn static_fcode(fcode: &[u8; 5]) -> Option<&'static str> {
    const fn packed(code: &[u8]) -> u64 {
        let mut k = 0;
        let mut i = 0;
        while i < code.len() {
            k |= (code[i] as u64) << (8 * i);
            i += 1;
        }
        k
    }
    const CODES: [&str; 12] = ["PCLI", "ADM1", "PPL", "PPLA2", "PPLC", "PPLA", "CONT", "RGN", "ADM2", "PPLA3", "OCN", "STM"];
    const PACKED: [u64; 12] = {
        let mut k = [0; 12];
        let mut i = 0;
        while i < 12 {
            k[i] = packed(CODES[i].as_bytes());
            i += 1;
        }
        k
    };
    let k = packed(fcode);
    PACKED.iter().position(|c| *c == k).map(|i| CODES[i])
}

/// A place's record with its fields read where they are asked: ranking reads a few fields of
/// many places, and a whole [`Place`] decoded for each (some twenty fields, its source's name
/// among them) cost more than the fields it reads. The record's layout is read here alone:
/// [`Gazetteer::place`] decodes a [`Place`] through it.
#[derive(Clone, Copy)]
pub(crate) struct PlaceRecord<'g> {
    r: &'g [u8; RECORD_LEN],
    strings: &'g str,
}

impl<'g> PlaceRecord<'g> {
    fn u32_at(&self, i: usize) -> u32 {
        u32::from_le_bytes([self.r[i], self.r[i + 1], self.r[i + 2], self.r[i + 3]])
    }

    fn f64_at(&self, i: usize) -> f64 {
        f64::from_le_bytes([self.r[i], self.r[i + 1], self.r[i + 2], self.r[i + 3], self.r[i + 4], self.r[i + 5], self.r[i + 6], self.r[i + 7]])
    }

    /// [`Place::id`].
    pub(crate) fn id(&self) -> i64 {
        i64::from_le_bytes([self.r[0], self.r[1], self.r[2], self.r[3], self.r[4], self.r[5], self.r[6], self.r[7]])
    }

    /// Where [`Place::name`] is in the string table, and its length.
    fn name_at(&self) -> (usize, usize) {
        (self.u32_at(28) as usize, u16::from_le_bytes([self.r[32], self.r[33]]) as usize)
    }

    /// [`Place::name`].
    pub(crate) fn name(&self) -> &'g str {
        let (off, len) = self.name_at();
        self.text(off, len)
    }

    /// [`Place::kind`].
    pub(crate) fn kind(&self) -> Kind {
        Kind::from_code(self.r[34])
    }

    /// [`Place::population`].
    pub(crate) fn population(&self) -> u32 {
        self.u32_at(24)
    }

    /// [`Place::name_count`].
    pub(crate) fn name_count(&self) -> u32 {
        self.u32_at(52)
    }

    /// [`Place::lon`].
    pub(crate) fn lon(&self) -> f64 {
        self.f64_at(8)
    }

    /// [`Place::lat`].
    pub(crate) fn lat(&self) -> f64 {
        self.f64_at(16)
    }

    /// [`Place::cc_key`].
    pub(crate) fn cc_key(&self) -> [u8; 2] {
        cc_key([self.r[41], self.r[42]])
    }

    /// [`Place::fcode_bytes`].
    pub(crate) fn fcode_bytes(&self) -> &'g [u8] {
        // (as `Place::fcode_bytes`, written out again: through one shared function the
        // candidates' loop compiled to ~0.4 k more instructions an article)
        let fcode = &self.r[36..41];
        let n = fcode.iter().position(|b| *b == 0).unwrap_or(5);
        if fcode[..n].is_ascii() || std::str::from_utf8(&fcode[..n]).is_ok() {
            &fcode[..n]
        } else {
            &[]
        }
    }

    fn text(&self, off: usize, len: usize) -> &'g str {
        self.strings.get(off..off + len).unwrap_or("")
    }

    /// [`Place::fcode_static`].
    pub(crate) fn fcode_static(&self) -> Option<&'static str> {
        static_fcode(&[self.r[36], self.r[37], self.r[38], self.r[39], self.r[40]])
    }

    /// [`Place::admin1_bytes`].
    pub(crate) fn admin1_bytes(&self) -> &'g [u8] {
        let (off, len) = self.admin1_at();
        self.text(off, len).as_bytes()
    }

    /// Where [`Place::admin1`] is in the string table, and its length ([`Place::admin2`]
    /// follows it).
    fn admin1_at(&self) -> (usize, usize) {
        (self.u32_at(44) as usize, self.r[43] as usize)
    }

    /// [`Place::admin2`].
    pub(crate) fn admin2(&self) -> &'g str {
        let (off, len) = self.admin1_at();
        self.text(off + len, self.r[48] as usize)
    }
}

/// The bytes of the country code `cc()` reads from a record's two bytes, zero-padded.
#[inline]
fn cc_key(raw: [u8; 2]) -> [u8; 2] {
    // (nearly every code is ASCII: one test of both bytes' high bits as one number, before
    // the cases below; a code that opens with a zero byte is none)
    let both = u16::from_le_bytes(raw);
    if both & 0x8080 == 0 {
        return if both & 0xff == 0 { [0, 0] } else { raw };
    }
    match raw {
        [0, _] => [0, 0],
        [a, 0] if a.is_ascii() => [a, 0],
        [a, b] if a.is_ascii() && b.is_ascii() => [a, b],
        // as `cc()`: what is not UTF-8 is no code
        [_, 0] => [0, 0],
        [a, b] => if std::str::from_utf8(&raw).is_ok() { [a, b] } else { [0, 0] },
    }
}

/// A country code string as [`Place::cc_key`] would give it: its bytes, zero-padded.
fn cc_key_of(cc: &str) -> [u8; 2] {
    let b = cc.as_bytes();
    [b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)]
}

/// An index's string table as text: its names are read as `&str` without a UTF-8 check
/// each (the table is only ever written from `&str`s, so one that is not UTF-8 is damaged).
fn strings_text(b: Vec<u8>) -> crate::Result<String> {
    String::from_utf8(b).map_err(|e| crate::Error::Data(format!("gazetteer string table is not UTF-8 (at byte {})", e.utf8_error().valid_up_to())))
}

/// Per-place numbers the ranker asks of the same places article after article (the
/// countries and cities of the news), each computed the first time only: the place's part of
/// the prior (with a `libm` logarithm), its division key and its latitude's cosine.
///
/// Each is an `f64`'s bits, 0 until computed (a value whose bits are 0 is just computed
/// again each time). Threads share them: any thread computes the same value.
struct Derived {
    /// The prior's part and the division key side by side: a candidate asks for both.
    ranking: Box<[RankingSlot]>,
    cos_lat: Box<[AtomicU64]>,
}

/// See [`Gazetteer::place_prior_part`] and [`Gazetteer::place_admin1_key`].
#[derive(Default)]
struct RankingSlot {
    prior_part: AtomicU64,
    /// The key xor [`RankingSlot::KEY_MASK`], 0 until computed.
    admin1_key: AtomicU64,
}

impl RankingSlot {
    /// Makes the common key 0 (no division, or a dominant one) a non-zero slot; the one key
    /// the mask turns into 0 is just computed again each time.
    const KEY_MASK: u64 = 0x9e37_79b9_7f4a_7c15;
}

impl Derived {
    fn new(places: usize) -> Derived {
        Derived { ranking: (0..places).map(|_| RankingSlot::default()).collect(), cos_lat: (0..places).map(|_| AtomicU64::new(0)).collect() }
    }

    // (inlined: ranking asks for a prior's part some thirty times an article, where the
    // call cost more than the load)
    #[inline]
    fn get(slot: &AtomicU64, compute: impl FnOnce() -> f64) -> f64 {
        match slot.load(Ordering::Relaxed) {
            0 => {
                let v = compute();
                slot.store(v.to_bits(), Ordering::Relaxed);
                v
            }
            bits => f64::from_bits(bits),
        }
    }
}

/// The name index and place table.
pub struct Gazetteer {
    places: Cow<'static, [u8]>,
    /// Every name and division code, back to back (UTF-8, checked once: see [`Place::name`]).
    strings: Cow<'static, str>,
    postings: Cow<'static, [u8]>,
    names: fst::Map<Cow<'static, [u8]>>,
    admin1_index: OnceLock<std::collections::HashMap<(String, String), u32>>,
    /// Divisions holding most of their country's people, see [`Gazetteer::admin1_is_most_of_country`].
    dominant_admin1: OnceLock<DominantAdmin1>,
    country_index: OnceLock<std::collections::HashMap<String, u32>>,
    /// Each country's population by its two-letter code, see [`Gazetteer::country_population`].
    country_population: OnceLock<Vec<u32>>,
    id_index: OnceLock<std::collections::HashMap<i64, u32>>,
    /// Numbers the ranker derives from a place's record, see [`Gazetteer::place_prior_part`].
    derived: OnceLock<Derived>,
    /// Where a loaded user index came from, and what its header says (`None`: embedded).
    origin: Option<(PathBuf, IndexMeta)>,
    /// Tells gazetteers apart for per-thread caches keyed by their contents ([`Gazetteer::uid`]).
    uid: u64,
}

static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();
static NEXT_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
static USER: OnceLock<Gazetteer> = OnceLock::new();

/// The environment variable naming the user index (`embedded` forces the built-in one).
pub const GAZETTEER_ENV: &str = "CONFLICTMAP_GAZETTEER";

/// First bytes of a user index file.
pub const INDEX_MAGIC: &[u8; 8] = b"CMGAZIDX";
/// Version of the user index layout; bumped whenever the file or the record layout changes.
pub const INDEX_FORMAT: u32 = 1;

/// What a user index file says about itself (a JSON header before the blobs).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexMeta {
    /// The conflictmap version that wrote the file.
    pub conflictmap_version: String,
    /// Seconds since the Unix epoch when the file was written.
    pub created_unix: i64,
    /// Places and name keys of the embedded gazetteer the import started from: when they
    /// differ from this binary's, the index predates an upgrade and should be re-imported.
    pub embedded_places: usize,
    pub embedded_name_keys: usize,
    /// Places and name keys in this index.
    pub places: usize,
    pub name_keys: usize,
    /// The files imported, as given on the command line.
    pub sources: Vec<String>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary from `data/gazetteer/`.
    pub fn embedded() -> &'static Gazetteer {
        EMBEDDED.get_or_init(|| {
            Gazetteer::from_parts(
                Cow::Borrowed(include_bytes!(concat!(env!("OUT_DIR"), "/gaz_places.bin"))),
                // (text the compiler has checked as UTF-8)
                Cow::Borrowed(include_str!(concat!(env!("OUT_DIR"), "/gaz_strings.bin"))),
                Cow::Borrowed(include_bytes!(concat!(env!("OUT_DIR"), "/gaz_postings.bin"))),
                Cow::Borrowed(include_bytes!(concat!(env!("OUT_DIR"), "/gaz_names.fst"))),
            )
            .expect("embedded gazetteer index is valid (built by build.rs)")
        })
    }

    /// A gazetteer from freshly compiled blobs (see [`index_build::build`]).
    pub fn from_blobs(b: IndexBlobs) -> crate::Result<Gazetteer> {
        Gazetteer::from_parts(
            Cow::Owned(b.places),
            Cow::Owned(strings_text(b.strings)?),
            Cow::Owned(b.postings),
            Cow::Owned(b.fst),
        )
    }

    fn from_parts(
        places: Cow<'static, [u8]>,
        strings: Cow<'static, str>,
        postings: Cow<'static, [u8]>,
        fst_bytes: Cow<'static, [u8]>,
    ) -> crate::Result<Gazetteer> {
        if places.len() % RECORD_LEN != 0 {
            return Err(crate::Error::Data("gazetteer place table has a partial record".into()));
        }
        let names = fst::Map::new(fst_bytes)
            .map_err(|e| crate::Error::Data(format!("gazetteer name index: {e}")))?;
        Ok(Gazetteer {
            places,
            strings,
            postings,
            names,
            admin1_index: OnceLock::new(),
            dominant_admin1: OnceLock::new(),
            country_index: OnceLock::new(),
            country_population: OnceLock::new(),
            id_index: OnceLock::new(),
            derived: OnceLock::new(),
            origin: None,
            uid: NEXT_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Read a user index written by `conflictmap gazetteer import` (see [`write_index`]).
    pub fn load(path: &Path) -> crate::Result<Gazetteer> {
        let shown = path.display().to_string();
        let bad = |m: String| {
            crate::Error::input_hint(&shown, m, "re-create it with `conflictmap gazetteer import`")
        };
        let mut f = std::fs::File::open(path).map_err(|e| crate::Error::io(path, e))?;
        let io = |e| crate::Error::io(path, e);
        let mut head = [0u8; 16];
        f.read_exact(&mut head).map_err(|_| bad("too short to be a gazetteer index".into()))?;
        if &head[..8] != INDEX_MAGIC {
            return Err(bad("not a conflictmap gazetteer index (wrong magic bytes)".into()));
        }
        let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        if format != INDEX_FORMAT {
            return Err(bad(format!(
                "index format {format}, but this conflictmap reads format {INDEX_FORMAT}"
            )));
        }
        let meta_len = u32::from_le_bytes([head[12], head[13], head[14], head[15]]) as usize;
        let mut meta = vec![0u8; meta_len];
        f.read_exact(&mut meta).map_err(|_| bad("truncated header".into()))?;
        let meta: IndexMeta =
            serde_json::from_slice(&meta).map_err(|e| bad(format!("unreadable header: {e}")))?;
        let mut lens = [0u8; 32];
        f.read_exact(&mut lens).map_err(|_| bad("truncated header".into()))?;
        let len_at = |i: usize| u64::from_le_bytes(lens[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        let total = f.metadata().map_err(io)?.len();
        let want = (16 + meta_len + 32) as u64 + (0..4).map(len_at).sum::<u64>();
        if total != want {
            return Err(bad(format!("{total} bytes, but its header describes {want}: truncated or damaged")));
        }
        let mut blob = |i: usize| -> crate::Result<Vec<u8>> {
            let mut v = vec![0u8; len_at(i) as usize];
            f.read_exact(&mut v).map_err(io)?;
            Ok(v)
        };
        let (places, strings, postings, fst) = (blob(0)?, blob(1)?, blob(2)?, blob(3)?);
        let strings = strings_text(strings).map_err(|e| bad(e.to_string()))?;
        let mut g = Gazetteer::from_parts(Cow::Owned(places), Cow::Owned(strings), Cow::Owned(postings), Cow::Owned(fst))
            .map_err(|e| bad(e.to_string()))?;
        if g.len() != meta.places || g.name_count() != meta.name_keys {
            return Err(bad("its counts do not match its header: damaged".into()));
        }
        g.origin = Some((path.to_path_buf(), meta));
        Ok(g)
    }

    /// The gazetteer the command line uses: the user index named by `CONFLICTMAP_GAZETTEER`
    /// (an error if that file is missing; the value `embedded` forces the built-in one),
    /// else the one at [`default_user_index_path`] when it exists, else [`Gazetteer::embedded`].
    /// Loaded once per process.
    pub fn default_for_cli() -> crate::Result<&'static Gazetteer> {
        let path = match std::env::var_os(GAZETTEER_ENV) {
            Some(v) if v == "embedded" || v.is_empty() => return Ok(Gazetteer::embedded()),
            Some(v) => {
                let p = PathBuf::from(v);
                if !p.exists() {
                    return Err(crate::Error::input_hint(
                        GAZETTEER_ENV,
                        format!("{} does not exist", p.display()),
                        format!("run `conflictmap gazetteer import FILE...` to create it, or set {GAZETTEER_ENV}=embedded"),
                    ));
                }
                p
            }
            None => match default_user_index_path() {
                Some(p) if p.is_file() => p,
                _ => return Ok(Gazetteer::embedded()),
            },
        };
        if let Some(g) = USER.get() {
            return Ok(g);
        }
        let g = Gazetteer::load(&path)?;
        Ok(USER.get_or_init(|| g))
    }

    /// The user index this gazetteer was loaded from and its header; `None` for the embedded one.
    pub fn origin(&self) -> Option<(&Path, &IndexMeta)> {
        self.origin.as_ref().map(|(p, m)| (p.as_path(), m))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len() / RECORD_LEN
    }

    /// True when the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct name keys.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// A number no other gazetteer of this process has: the key of caches derived from it.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    /// The raw FST, for incremental (token by token) longest-match walks.
    pub fn fst(&self) -> &fst::raw::Fst<Cow<'static, [u8]>> {
        self.names.as_fst()
    }

    /// The place at `index`.
    #[inline]
    pub fn place(&self, index: u32) -> Place<'_> {
        let r = self.record(index);
        let (name_off, name_len) = r.name_at();
        Place {
            index,
            id: r.id(),
            lon: r.lon(),
            lat: r.lat(),
            population: r.population(),
            strings: &self.strings,
            name_off: name_off as u32,
            name_len: name_len as u16,
            kind: r.kind(),
            fclass: r.r[35] as char,
            fcode: [r.r[36], r.r[37], r.r[38], r.r[39], r.r[40]],
            cc: [r.r[41], r.r[42]],
            admin_off: r.u32_at(44),
            admin1_len: r.r[43],
            admin2_len: r.r[48],
            source: SOURCES.get(r.r[49] as usize).copied().unwrap_or("other"),
            precision_km: u16::from_le_bytes([r.r[50], r.r[51]]),
            name_count: r.name_count(),
        }
    }

    /// The record of the place at `index`, read field by field ([`PlaceRecord`]).
    #[inline]
    pub(crate) fn record(&self, index: u32) -> PlaceRecord<'_> {
        let o = index as usize * RECORD_LEN;
        // (a slice of exactly `RECORD_LEN` bytes: the conversion cannot fail, and the fields'
        // reads need no bounds check of their own)
        let r = <&[u8; RECORD_LEN]>::try_from(&self.places[o..o + RECORD_LEN]).unwrap_or(&[0; RECORD_LEN]);
        PlaceRecord { r, strings: &self.strings }
    }

    /// The kind of the place at `index`, without decoding the rest of its record.
    #[inline]
    pub fn place_kind(&self, index: u32) -> Kind {
        self.record(index).kind()
    }

    /// [`Place::population`] of the place at `index`, without decoding the rest of its record.
    #[inline]
    pub fn place_population(&self, index: u32) -> u32 {
        self.record(index).population()
    }

    /// [`Place::name_count`] of the place at `index`, without decoding the rest of its record.
    #[inline]
    pub fn place_name_count(&self, index: u32) -> u32 {
        self.record(index).name_count()
    }

    /// [`Place::cc_key`] of the place at `index`, without decoding the rest of its record.
    #[inline]
    pub fn place_cc_key(&self, index: u32) -> [u8; 2] {
        self.record(index).cc_key()
    }

    /// `text` (a name or code read from this gazetteer) as text that lives as long as the
    /// program, when the gazetteer's text is the binary's own (the embedded gazetteer's):
    /// an output record can then borrow it instead of copying it. `None` for a loaded index.
    pub fn static_str(&self, text: &str) -> Option<&'static str> {
        let Cow::Borrowed(table) = self.strings else { return None };
        // (`text` lies inside `table` exactly when its address range does: then it is the
        // slice of `table` at the same offset)
        let off = (text.as_ptr() as usize).checked_sub(table.as_ptr() as usize)?;
        table.get(off..off.checked_add(text.len())?)
    }

    /// [`Place::name`] of `p` (a place of this gazetteer) as [`Gazetteer::static_str`] gives
    /// it, sliced from the table at once instead of through the name and then its address.
    pub fn static_name(&self, p: &Place<'_>) -> Option<&'static str> {
        self.static_text(p.name_off as usize, p.name_len as usize)
    }

    /// [`Place::admin1`] of `p` as [`Gazetteer::static_name`] reads the name.
    pub fn static_admin1(&self, p: &Place<'_>) -> Option<&'static str> {
        self.static_text(p.admin_off as usize, p.admin1_len as usize)
    }

    /// [`Gazetteer::static_name`] of a place's record.
    pub(crate) fn static_record_name(&self, r: &PlaceRecord<'_>) -> Option<&'static str> {
        let (off, len) = r.name_at();
        self.static_text(off, len)
    }

    /// [`Gazetteer::static_admin1`] of a place's record.
    pub(crate) fn static_record_admin1(&self, r: &PlaceRecord<'_>) -> Option<&'static str> {
        let (off, len) = r.admin1_at();
        self.static_text(off, len)
    }

    /// The text at `off` of the string table, `len` bytes, when the table lives for good.
    fn static_text(&self, off: usize, len: usize) -> Option<&'static str> {
        let Cow::Borrowed(table) = self.strings else { return None };
        table.get(off..off + len)
    }

    /// The cosine of the latitude of the place at `index` (`lat.to_radians().cos()`),
    /// computed once per place and process.
    pub fn place_cos_lat(&self, index: u32) -> f64 {
        let d = self.derived();
        Derived::get(&d.cos_lat[index as usize], || self.place(index).lat.to_radians().cos())
    }

    /// The part of the ranker's prior that the place at `index` alone decides (its kind,
    /// population and feature code: see `rank::prior_place_part`), computed by `compute` once
    /// per place and process (the ranking numbers cannot change once ranking has begun): its
    /// `log10(population + 1)` is the costly part, and the sums and look-ups around it are
    /// saved too.
    #[inline]
    pub fn place_prior_part(&self, index: u32, compute: impl FnOnce() -> f64) -> f64 {
        let d = self.derived();
        Derived::get(&d.ranking[index as usize].prior_part, compute)
    }

    /// The ranker's key of the division the place at `index` lies in (see
    /// `rank::admin1_key_bytes`; 0 for none, or one holding most of its country), computed by
    /// `compute` once per place and process: the dominance test and the hash are otherwise
    /// made for every candidate in every article.
    #[inline]
    pub fn place_admin1_key(&self, index: u32, compute: impl FnOnce() -> u64) -> u64 {
        let slot = &self.derived().ranking[index as usize].admin1_key;
        match slot.load(Ordering::Relaxed) {
            0 => {
                let key = compute();
                slot.store(key ^ RankingSlot::KEY_MASK, Ordering::Relaxed);
                key
            }
            masked => masked ^ RankingSlot::KEY_MASK,
        }
    }

    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| Derived::new(self.len()))
    }

    /// Postings stored at `offset` (an FST output).
    pub fn postings_at(&self, offset: u64) -> impl Iterator<Item = Posting> + '_ {
        let o = offset as usize;
        let p = &self.postings;
        let count = u32::from_le_bytes([p[o], p[o + 1], p[o + 2], p[o + 3]]) as usize;
        // (the list sliced once: no bounds check per posting, and an exact length for `extend`;
        // each chunk taken as an array of four bytes, read in one load, where its four bytes
        // indexed one by one were read apart; `as_chunks` would do better, but is newer than
        // the crate's MSRV)
        p[o + 4..o + 4 + count * 4].chunks_exact(4).map(|b| Posting::from_u32(u32::from_le_bytes(b.try_into().unwrap_or_default())))
    }

    /// Candidates for a name exactly as normalised by [`super::normalize::normalize`].
    pub fn lookup_key(&self, key: &str) -> Vec<Posting> {
        match self.names.get(key) {
            Some(off) => self.postings_at(off).collect(),
            None => Vec::new(),
        }
    }

    /// Whether any of [`Gazetteer::lookup`]'s candidates for `name` passes `pred`, without
    /// collecting them (stops at the first that does).
    pub fn lookup_any(&self, name: &str, mut pred: impl FnMut(Posting) -> bool) -> bool {
        // a plain ASCII word (most words asked about) is its own key lower-cased, with no
        // space to squash: the key on the stack, nothing allocated
        let bytes = name.as_bytes();
        if bytes.len() <= 32 && bytes.iter().all(u8::is_ascii_alphanumeric) {
            // (copied and lower-cased in one loop, without a `memcpy` call)
            let mut buf = [0u8; 32];
            for (b, c) in buf.iter_mut().zip(bytes) {
                *b = c.to_ascii_lowercase();
            }
            return self.names.get(&buf[..bytes.len()]).is_some_and(|off| self.postings_at(off).any(pred));
        }
        let key = super::normalize::normalize(name);
        if let Some(off) = self.names.get(&key) {
            let mut postings = self.postings_at(off).peekable();
            if postings.peek().is_some() {
                return postings.any(&mut pred);
            }
        }
        match super::normalize::squash(&key) {
            Some(sq) => self.names.get(&sq).is_some_and(|off| self.postings_at(off).any(pred)),
            None => false,
        }
    }

    /// Candidates for a name as written (normalised here; falls back to the squashed key).
    pub fn lookup(&self, name: &str) -> Vec<Posting> {
        let key = super::normalize::normalize(name);
        let found = self.lookup_key(&key);
        if !found.is_empty() {
            return found;
        }
        match super::normalize::squash(&key) {
            Some(sq) => self.lookup_key(&sq),
            None => Vec::new(),
        }
    }

    /// A division holding more than this share of its country's population counts as the
    /// country for coherence ([`Gazetteer::admin1_is_most_of_country`]).
    const DOMINANT_ADMIN1_SHARE: f64 = 0.5;

    /// The first-level division `(country code, admin1 code)`, if the gazetteer has it.
    pub fn admin1(&self, cc: &str, admin1: &str) -> Option<Place<'_>> {
        let map = self.admin1_index.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for i in 0..self.len() as u32 {
                let p = self.place(i);
                if p.kind == Kind::Admin1 {
                    m.entry((p.cc().to_string(), p.admin1().to_string())).or_insert(i);
                }
            }
            m
        });
        map.get(&(cc.to_string(), admin1.to_string())).map(|i| self.place(*i))
    }

    /// True when the division holds most of its country's people (England in the United
    /// Kingdom): sharing it says no more than sharing the country.
    pub fn admin1_is_most_of_country(&self, cc: &str, admin1: &str) -> bool {
        // (a code longer than two bytes is no country's)
        let Some(key) = (cc.len() <= 2).then(|| cc_key_of(cc)) else { return false };
        self.admin1_key_is_most_of_country(key, admin1.as_bytes())
    }

    fn dominant_admin1(&self) -> &DominantAdmin1 {
        self.dominant_admin1.get_or_init(|| {
            let mut s: Vec<([u8; 2], String)> = Vec::new();
            for i in 0..self.len() as u32 {
                if self.place_kind(i) != Kind::Admin1 {
                    continue;
                }
                let p = self.place(i);
                if let Some(c) = self.country(p.cc()).filter(|c| c.population > 0 && p.population > 0) {
                    if p.population as f64 > Self::DOMINANT_ADMIN1_SHARE * c.population as f64 {
                        s.push((p.cc_key(), p.admin1().to_string()));
                    }
                }
            }
            // sorted by country, so that a look-up reads only its country's entries
            s.sort();
            let mut countries = [0u64; 16];
            for (c, _) in &s {
                let bit = DominantAdmin1::bit(*c);
                countries[bit / 64] |= 1 << (bit % 64);
            }
            DominantAdmin1 { entries: s, countries }
        })
    }

    /// [`Gazetteer::admin1_is_most_of_country`] of a country code as [`Place::cc_key`] gives
    /// it and an admin1 code's bytes.
    pub fn admin1_key_is_most_of_country(&self, key: [u8; 2], admin1: &[u8]) -> bool {
        let set = self.dominant_admin1();
        // most countries have no such division: one bit says so (ranking asks for every candidate)
        let bit = DominantAdmin1::bit(key);
        if set.countries[bit / 64] & 1 << (bit % 64) == 0 {
            return false;
        }
        let from = set.entries.partition_point(|(c, _)| *c < key);
        set.entries[from..].iter().take_while(|(c, _)| *c == key).any(|(_, a)| a.as_bytes() == admin1)
    }

    /// The population of the country whose code is `key` (as [`Place::cc_key`] gives it), 0
    /// when the gazetteer has none: one read of a table by the code's letters (the ranker
    /// asks it of candidates).
    pub fn country_population(&self, key: [u8; 2]) -> u32 {
        let slot = |k: [u8; 2]| {
            let (a, b) = (k[0].wrapping_sub(b'A'), k[1].wrapping_sub(b'A'));
            (a < 26 && b < 26).then_some(a as usize * 26 + b as usize)
        };
        let table = self.country_population.get_or_init(|| {
            let mut t = vec![0u32; 26 * 26];
            for i in 0..self.len() as u32 {
                if self.place_kind(i) == Kind::Country {
                    if let Some(at) = slot(self.place_cc_key(i)) {
                        t[at] = t[at].max(self.place_population(i));
                    }
                }
            }
            t
        });
        slot(key).map_or(0, |at| table[at])
    }

    /// The country with ISO code `cc`, if the gazetteer has it.
    pub fn country(&self, cc: &str) -> Option<Place<'_>> {
        self.country_index(cc).map(|i| self.place(i))
    }

    /// The index of the country with ISO code `cc`.
    pub fn country_index(&self, cc: &str) -> Option<u32> {
        let map = self.country_index.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for i in 0..self.len() as u32 {
                let p = self.place(i);
                if p.kind == Kind::Country && !p.cc().is_empty() {
                    let e = m.entry(p.cc().to_string()).or_insert(i);
                    if self.place(*e).population < p.population {
                        *e = i;
                    }
                }
            }
            m
        });
        map.get(cc).copied()
    }

    /// The place with GeoNames id `id`.
    pub fn by_id(&self, id: i64) -> Option<Place<'_>> {
        let map = self.id_index.get_or_init(|| {
            (0..self.len() as u32).map(|i| (self.place(i).id, i)).collect()
        });
        map.get(&id).map(|i| self.place(*i))
    }
}

/// The divisions holding most of their country's people ([`Gazetteer::admin1_is_most_of_country`]).
struct DominantAdmin1 {
    /// (country code as [`Place::cc_key`] bytes, admin1 code), sorted.
    entries: Vec<([u8; 2], String)>,
    /// A bit per country code hash ([`DominantAdmin1::bit`]) set for the countries in `entries`.
    countries: [u64; 16],
}

impl DominantAdmin1 {
    fn bit(cc: [u8; 2]) -> usize {
        (cc[0] as usize * 31 + cc[1] as usize) % 1024
    }
}

/// Where `conflictmap gazetteer import` writes and the command line looks for a user index
/// when `CONFLICTMAP_GAZETTEER` is not set: `$XDG_DATA_HOME/conflictmap/gazetteer.idx`,
/// by default `~/.local/share/conflictmap/gazetteer.idx`. `None` without a home directory.
pub fn default_user_index_path() -> Option<PathBuf> {
    let data = match std::env::var_os("XDG_DATA_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME").filter(|h| !h.is_empty())?).join(".local/share"),
    };
    Some(data.join("conflictmap/gazetteer.idx"))
}

/// Write a user index: [`INDEX_MAGIC`], `u32` [`INDEX_FORMAT`], `u32` header length, the
/// JSON [`IndexMeta`], four `u64` blob lengths, then the places, strings, postings and FST
/// blobs (little endian). Written to a temporary file beside `path`, then renamed, so a
/// reader never sees half a file.
pub fn write_index(path: &Path, blobs: &IndexBlobs, meta: &IndexMeta) -> crate::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let meta_json = serde_json::to_vec(meta).map_err(|e| crate::Error::Data(format!("index header: {e}")))?;
    let write = || -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f.write_all(INDEX_MAGIC)?;
        f.write_all(&INDEX_FORMAT.to_le_bytes())?;
        f.write_all(&(meta_json.len() as u32).to_le_bytes())?;
        f.write_all(&meta_json)?;
        let parts = [&blobs.places, &blobs.strings, &blobs.postings, &blobs.fst];
        for b in parts {
            f.write_all(&(b.len() as u64).to_le_bytes())?;
        }
        for b in parts {
            f.write_all(b)?;
        }
        f.into_inner().map_err(|e| e.into_error())?.sync_all()
    };
    write().map_err(|e| crate::Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| crate::Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_each_field_as_the_place_does() {
        // the layout: a place whose record is known (GeoNames' Aleppo, the city)
        let gaz = Gazetteer::embedded();
        let index = gaz.by_id(170063).expect("Aleppo").index;
        let r = gaz.record(index);
        assert_eq!((r.id(), r.name(), r.kind(), r.fcode_bytes(), r.fcode_static()), (170063, "Aleppo", Kind::City, &b"PPLA"[..], Some("PPLA")));
        assert_eq!((r.cc_key(), r.admin1_bytes(), r.population()), (*b"SY", &b"09"[..], 1_602_264));
        assert!((r.lon() - 37.1612).abs() < 1e-3 && (r.lat() - 36.2012).abs() < 1e-3, "{} {}", r.lon(), r.lat());
        assert!(r.name_count() > 10, "{}", r.name_count());
        assert_eq!(gaz.static_record_name(&r), Some("Aleppo"));
        // the readers with code of their own on each side, for every embedded place
        for i in 0..gaz.len() as u32 {
            let (p, r) = (gaz.place(i), gaz.record(i));
            assert_eq!((r.cc_key(), r.fcode_bytes(), r.admin1_bytes(), r.admin2()), (p.cc_key(), p.fcode_bytes(), p.admin1_bytes(), p.admin2()), "{i}");
            assert_eq!((gaz.static_record_name(&r), gaz.static_record_admin1(&r)), (gaz.static_name(&p), gaz.static_admin1(&p)), "{i}");
        }
    }
}
