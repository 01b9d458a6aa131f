//! Ranking: choose one gazetteer place (or none) for each toponym span.
//!
//! Candidates get a prior from what they are (kind, population, how they were named),
//! then an ordered chain of named passes adjusts it with the article's own evidence:
//! explicit context ("Alexandria, La.", "Homs province"), the article's focus country
//! (countries and demonyms mentioned), colocation with the other places resolved in the
//! article, and one sense per discourse. Every result keeps the pass that decided it.

use super::tuning::{tuning, Tuning};
use super::fxhash::FxHashMap as HashMap;

use super::gazetteer::{Gazetteer, Kind, NameKind, Place, Posting};
use crate::extract::toponyms::{NormText, SpanKind, Toponym};

/// A toponym span with its chosen place.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
    /// Index of the chosen place in the gazetteer; `None` = "none of these".
    pub place: Option<u32>,
    /// Confidence in 0..1 (margin-based).
    pub score: f64,
    /// The ranking pass that decided.
    pub pass: &'static str,
    /// Resolved through a name inside the span, not the span's own name.
    pub contained: bool,
}

/// Country evidence gathered from the whole article.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// ISO2 (as [`Place::cc_key`] bytes) → weight of mentions (countries named, demonyms,
    /// unambiguous places).
    pub countries: HashMap<[u8; 2], f64>,
    /// The article's focus country, if one stands out.
    pub focus: Option<String>,
    /// The focus with the source's web-domain country and the article's clock zone counted
    /// too ([`Locale`]'s `home` and `clock` weights), set only when the locale has either:
    /// where a name the gazetteer lacks is placed ("Princes Theatre" in a Clacton paper's
    /// story about a Las Vegas star is in Clacton).
    pub source_focus: Option<String>,
    /// What each toponym contributed: (its index, country, weight). A name must not vote
    /// for its own reading ("Dublin" four times does not make the article Irish).
    pub contributions: Vec<(usize, [u8; 2], f64)>,
    /// The countries some place of the article votes for (a town, a division: "Ohio"), not
    /// only their own names and peoples ("the U.S.", "American").
    pub placed: CountrySet,
}

/// A set of two-letter country codes (as [`Place::cc_key`] bytes), one bit each: no
/// allocation per article.
#[derive(Debug, Clone, Default)]
pub struct CountrySet([u64; 11]);

impl CountrySet {
    /// The code's bit, for two ASCII capitals ("US"); `None` for anything else.
    fn bit(cc: &[u8; 2]) -> Option<usize> {
        (cc[0].is_ascii_uppercase() && cc[1].is_ascii_uppercase()).then(|| (cc[0] - b'A') as usize * 26 + (cc[1] - b'A') as usize)
    }

    pub fn insert(&mut self, cc: &[u8; 2]) {
        if let Some(b) = Self::bit(cc) {
            self.0[b / 64] |= 1 << (b % 64);
        }
    }

    pub fn contains(&self, cc: &[u8; 2]) -> bool {
        Self::bit(cc).is_some_and(|b| self.0[b / 64] & 1 << (b % 64) != 0)
    }
}

impl DocContext {
    pub fn weight(&self, cc: &str) -> f64 {
        // (a code longer than two bytes is no country's)
        if cc.len() > 2 {
            return 0.0;
        }
        self.countries.get(&cc_bytes(cc)).copied().unwrap_or(0.0)
    }
}

/// What a candidate is, before any context: kind, size and how it was named (numbers in
/// `[prior]` of data/lexicon/ranking.txt).
pub fn prior(p: &Place<'_>, posting: &Posting) -> f64 {
    prior_given(p, posting, |n| (n as f64 + 1.0).log10())
}

/// [`prior`], with `log10_1p(n)` giving `log10(n + 1)` of a population.
fn prior_given(p: &Place<'_>, posting: &Posting, log10_1p: impl FnOnce(u32) -> f64) -> f64 {
    prior_from_place_part(tuning(), prior_place_part(p, log10_1p), (p.kind, p.population, p.name_count), posting)
}

/// The part of [`prior`] the place alone decides (its kind, population and feature code),
/// summed first: ranking keeps it per place ([`Gazetteer::place_prior_part`]).
fn prior_place_part(p: &Place<'_>, log10_1p: impl FnOnce(u32) -> f64) -> f64 {
    let t = tuning();
    // (the feature code read once)
    let fcode = p.fcode_bytes();
    let population = match (p.population, fcode) {
        (0, b"PPLA") => t.prior_unknown_ppla_population,
        (0, b"PPLA2") => t.prior_unknown_ppla2_population,
        (n, _) => n,
    };
    // (log10(1) is 0: many places have no population)
    let pop = if population == 0 { 0.0 } else { log10_1p(population) };
    let mut s = match p.kind {
        Kind::Country => t.prior_country + t.prior_country_per_decade * pop,
        Kind::Continent => t.prior_continent,
        Kind::Admin1 => t.prior_admin1 + t.prior_admin1_per_decade * pop,
        Kind::Sea => t.prior_sea,
        Kind::Region => t.prior_region,
        Kind::River | Kind::Lake | Kind::Physical => t.prior_physical,
        Kind::Admin2 => t.prior_admin2 + t.prior_admin2_per_decade * pop,
        Kind::Facility => t.prior_facility,
        Kind::City => t.prior_city + t.prior_city_per_decade * pop,
    };
    match fcode {
        b"PPLC" => s += t.prior_capital,
        b"PPLA" => s += t.prior_ppla,
        b"PPLA2" => s += t.prior_ppla2,
        b"PCLD" | b"PCLF" | b"PCLS" | b"PCLIX" => s += t.prior_dependency,
        b"OCN" => s += t.prior_ocean,
        _ => {}
    }
    s
}

/// [`prior`] from its place part `s` ([`prior_place_part`]): the name's kind, whether it was
/// found squashed, and how many names the place has, added in that order. Of the place it
/// reads its kind, population and count of names (as three fields: ranking reads them
/// alone from the gazetteer's record, not the whole record). `t` is [`tuning`] (asked once
/// for a whole list of readings).
fn prior_from_place_part(t: &Tuning, mut s: f64, (kind, population, name_count): (Kind, u32, u32), posting: &Posting) -> f64 {
    s += match posting.name_kind {
        NameKind::Primary => t.prior_primary_name,
        NameKind::Alternate if kind == Kind::Admin2 => t.prior_alternate_name_admin2,
        NameKind::Alternate if kind.is_area() || population >= t.prior_alternate_name_free_population => 0.0,
        NameKind::Alternate => t.prior_alternate_name,
        NameKind::Abbreviation => t.prior_abbreviation,
        NameKind::Demonym => 0.0,
    };
    if posting.squashed {
        s += t.prior_squashed;
    }
    s + t.prior_name_count * ln_1p_count(name_count)
}

/// `(1 + n).ln()`, from a table for the small counts most places have.
fn ln_1p_count(n: u32) -> f64 {
    static TABLE: std::sync::OnceLock<[f64; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|i| (1.0 + i as f64).ln()));
    match table.get(n as usize) {
        Some(v) => *v,
        None => (1.0 + n as f64).ln(),
    }
}

/// Whether two points `dlon` degrees of longitude apart, with `cos_lats` the product of
/// their latitudes' cosines, are certainly `km` or more apart (`reach` = [`haversine_reach`]
/// of `km`), without the haversine's trigonometry (most points in the latitude band are far
/// east or west).
///
/// The haversine term `a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)` is at least its second
/// part, and `sin x ≥ 2x/π` on [0, π/2]; a 1 % margin keeps rounding from ever rejecting a
/// point the full formula would count.
fn surely_beyond(dlon: f64, cos_lats: f64, reach: f64) -> bool {
    let dl = dlon.to_radians().abs();
    let dl = if dl > std::f64::consts::PI { 2.0 * std::f64::consts::PI - dl } else { dl };
    let lower = cos_lats * (dl / std::f64::consts::PI).powi(2);
    lower > reach * 1.01
}

/// [`slice::partition_point`] of a sorted list: the index of its first item that `before`
/// does not hold for (a round's votes and points, a few to a dozen in most articles: a short
/// list is scanned from its start, which costs less than a binary search's steps).
fn sorted_from<T>(items: &[T], before: impl Fn(&T) -> bool) -> usize {
    if items.len() <= 16 {
        items.iter().position(|x| !before(x)).unwrap_or(items.len())
    } else {
        items.partition_point(before)
    }
}

/// The haversine term `a` of two points `km` apart.
fn haversine_reach(km: f64) -> f64 {
    (km / (2.0 * EARTH_RADIUS_KM)).sin().powi(2)
}

/// The mean Earth radius `haversine_km` uses.
const EARTH_RADIUS_KM: f64 = 6371.0088;

#[derive(Clone)]
struct Cand {
    place: u32,
    base: f64,
    /// The candidate is a country (for the international-context pass).
    country: bool,
    /// Explicit context: +pass_explicit when "X, Y"/"X in Y" agrees, -pass_contradicted when
    /// "X in Y" puts X near a town Y and this reading lies far from it, else 0.
    explicit: f64,
    /// "X province" for a division, "X airport" for an airport: the pass it names.
    cue: Option<&'static str>,
    cc: [u8; 2],
    admin1: u64,
    lon: f64,
    lat: f64,
    point_like: bool,
    /// A division (asked whether it is named by compass words alone, "Western", Sri Lanka;
    /// "West", Cameroon: a reading only in an article that names its country; asked only of
    /// a candidate in a country the article does not name).
    division: bool,
    /// A town of fewer than `pass_unsupported_max_population` people (of fewer than
    /// `pass_unsupported_site_max_population`, and no capital, before a site noun: "the
    /// Naivasha market"), a second-level division of any size (a county or a council is known
    /// by name only at home: "HUME" over an Illinois school story is not the Melbourne
    /// council of 200,000), or a first-level division of a country of fewer than
    /// `pass_unsupported_admin1_country_max_population` (a parish of Dominica): a reading
    /// that needs support from the article to be believed.
    small_place: bool,
    /// (country, admin1, admin2) of a town or a second-level division, 0 when it has no
    /// second-level code: a county and a town in it named in one article vouch for each other.
    admin2: u64,
    /// The candidate is a second-level division (a county), not a town.
    county: bool,
    /// Among the first `candidates_with_proximity` readings of its list by `base` (highest
    /// first, in the list's order on a tie): the readings that get the proximity term.
    near_ranked: bool,
    /// A region or a sea without a country ("the Gulf", "the Levant"): near a country the
    /// article names, it is the region meant.
    region: bool,
}

fn admin1_key(cc: &str, a1: &str) -> u64 {
    admin1_key_bytes(cc.as_bytes(), a1.as_bytes())
}

/// [`admin1_key`] of the codes' bytes.
fn admin1_key_bytes(cc: &[u8], a1: &[u8]) -> u64 {
    // cheap stable key for (country, admin1)
    // (three plain loops: a chain of iterators costs more than the hashing of these few bytes)
    let step = |h: u64, b: u8| (h ^ b as u64).wrapping_mul(1099511628211);
    let mut h: u64 = 1469598103934665603;
    for &b in cc {
        h = step(h, b);
    }
    h = step(h, b'.');
    for &b in a1 {
        h = step(h, b);
    }
    h
}

fn cc_bytes(cc: &str) -> [u8; 2] {
    let b = cc.as_bytes();
    [b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)]
}

/// Where a news source usually reports from: country and first-level-division weights
/// learned from its other articles (the newspaper's locale). Empty = unknown.
///
/// The counts are kept per name, so that a name does not vote for its own reading: a
/// suburban weekly that writes "Dublin" in every story must not learn Ireland from it.
#[derive(Debug, Clone, Default)]
pub struct Locale {
    /// Confident town mentions counted.
    n: usize,
    countries: HashMap<[u8; 2], f64>,
    admin1: HashMap<u64, f64>,
    /// Every counted mention: (lower-cased name, place, country, admin1 key).
    mentions: Vec<(String, u32, [u8; 2], u64)>,
    /// The country of the source's web domain ("hulldailymail.co.uk" → GB), see
    /// [`domain_country`].
    home: Option<[u8; 2]>,
    /// The country of a clock time's zone written in the article ("7 a.m. CT"), see
    /// [`clock_zone_country`]: set per article by [`Locale::with_clock`].
    clock: Option<[u8; 2]>,
}

/// The country of a news site's country-code top-level domain ("thejournal.ie" → IE,
/// "news.com.au" → AU, ".uk" → GB). Generic domains, and country codes sold as generic
/// names (.io, .tv, .co, .me, .fm, .ai …), give none. Tunable list:
/// `[generic_cctld]` of data/lexicon/place_context.txt.
pub fn domain_country(host: &str) -> Option<[u8; 2]> {
    let generic = place_context("generic_cctld");
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let tld = host.rsplit('.').next()?;
    if tld.len() != 2 || !tld.bytes().all(|b| b.is_ascii_lowercase()) || generic.contains(tld) || !host.contains('.') {
        return None;
    }
    let cc = if tld == "uk" { *b"GB" } else { [tld.as_bytes()[0].to_ascii_uppercase(), tld.as_bytes()[1].to_ascii_uppercase()] };
    Some(cc)
}

/// The country of the zone of a clock time the text writes ("7 a.m. CT", "11:59 p.m. CT";
/// "3pm ET", "14:00 BST" too in a text that writes "a.m." or "p.m." somewhere; not "500 MT"),
/// when the zone is used by one country's press (`[clock_zones]` of
/// data/lexicon/place_context.txt): a story timed for its readers' clocks is told from that
/// country. The first such time counts.
pub fn clock_zone_country(nt: &NormText) -> Option<[u8; 2]> {
    static ZONES: std::sync::OnceLock<Vec<(Vec<char>, [u8; 2])>> = std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        place_context("clock_zones")
            .iter()
            .filter_map(|line| {
                let (zone, cc) = line.split_once(' ')?;
                let cc = cc.trim().to_ascii_uppercase();
                (cc.len() == 2).then(|| (zone.to_ascii_uppercase().chars().collect(), cc_bytes(&cc)))
            })
            .collect()
    });
    // (only an article that writes "a.m." or "p.m." somewhere is read word by word: one
    // search of its normalised bytes costs a fifth of the word loop, which every article
    // would otherwise run; a "3pm ET" or "14:00 BST" alone goes unseen)
    static MARK: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    MARK.get_or_init(|| memchr::memmem::Finder::new(b".m. ")).find(&nt.norm)?;
    let (words, chars) = (nt.words(), &nt.chars);
    let word = |w: usize| {
        let (s, e, _) = words[w];
        &chars[s as usize..e as usize]
    };
    // the chars between word `w - 1` and word `w`
    let gap = |w: usize| &chars[words[w - 1].1 as usize..words[w].0 as usize];
    let digits = |w: &[char]| w.iter().all(|c| c.is_ascii_digit());
    for (w, &(s, e, _)) in words.iter().enumerate().skip(1) {
        // (a zone is two to four capitals: most words fail the length test, read from the
        // word's record before its chars)
        if e.wrapping_sub(s).wrapping_sub(2) > 2 {
            continue;
        }
        let zone = word(w);
        if !zone.iter().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        // (one space before the zone, or a stop and a space after "a.m.")
        let (spaced, stopped) = (gap(w) == [' '], gap(w) == ['.', ' ']);
        if !spaced && !stopped {
            continue;
        }
        let Some(&(_, cc)) = zones.iter().find(|(z, _)| z.as_slice() == zone) else { continue };
        let before = word(w - 1);
        let is = |x: &[char], s: &str| x.len() == s.len() && x.iter().zip(s.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b));
        let clock = if stopped {
            // "7 a.m. CT"
            is(before, "m") && w >= 3 && (is(word(w - 2), "a") || is(word(w - 2), "p")) && gap(w - 1) == ['.'] && digits(word(w - 3)) && matches!(gap(w - 2), [' '] | [])
        } else if digits(before) {
            // "14:00 BST" (a bare number before it is no clock: "500 MT" of wheat)
            w >= 2 && gap(w - 1) == [':'] && digits(word(w - 2))
        } else if before.len() > 2 && digits(&before[..before.len() - 2]) && (is(&before[before.len() - 2..], "am") || is(&before[before.len() - 2..], "pm")) {
            // "3pm ET"
            true
        } else if (is(before, "am") || is(before, "pm")) && w >= 2 {
            // "3 pm ET"
            digits(word(w - 2)) && gap(w - 1) == [' ']
        } else {
            false
        };
        if clock {
            return Some(cc);
        }
    }
    None
}

/// A locale's weights, as seen by one name.
#[derive(Debug, Clone, Default)]
struct LocaleView {
    countries: HashMap<[u8; 2], f64>,
    admin1: HashMap<u64, f64>,
}

impl Locale {
    /// Learn a locale from places resolved in a source's articles: the countries and
    /// first-level divisions that hold at least a fifth of its confident town mentions.
    pub fn learn<'a>(mentions: impl IntoIterator<Item = &'a super::PlaceMention>, gaz: &Gazetteer) -> Locale {
        let mut loc = Locale::default();
        for m in mentions {
            let Some(i) = m.place_index.filter(|_| m.kind == SpanKind::Place) else { continue };
            if m.score < 0.7 {
                continue;
            }
            let p = gaz.place(i);
            if !matches!(p.kind, Kind::City | Kind::Admin2 | Kind::Admin1) || p.cc().is_empty() {
                continue;
            }
            // towns only when clearly read: a famous namesake must not make the source foreign
            if p.kind == Kind::City && m.score < 0.9 {
                continue;
            }
            let cc = cc_bytes(p.cc());
            let a1 = if p.admin1().is_empty() { 0 } else { admin1_key(p.cc(), p.admin1()) };
            loc.n += 1;
            *loc.countries.entry(cc).or_default() += 1.0;
            if a1 != 0 {
                *loc.admin1.entry(a1).or_default() += 1.0;
            }
            loc.mentions.push((m.text.to_lowercase(), i, cc, a1));
        }
        loc
    }

    /// The same locale, for a source at `url` (a page address or a bare host name): its
    /// domain's country counts as one more mention (see [`domain_country`]).
    pub fn with_url(mut self, url: &str) -> Locale {
        let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
        let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
        self.home = domain_country(host);
        self
    }

    /// A locale known only from the source's address.
    pub fn for_url(url: &str) -> Locale {
        Locale::default().with_url(url)
    }

    /// The source's domain country, if any.
    pub fn home(&self) -> Option<String> {
        self.home.map(|c| String::from_utf8_lossy(&c).into_owned())
    }

    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        self.n < tuning().locale_min_places && self.home.is_none() && self.clock.is_none()
    }

    /// This locale for one article whose clock times are written in a zone of country `cc`
    /// (see [`clock_zone_country`]).
    pub fn with_clock(&self, cc: [u8; 2]) -> Locale {
        Locale { clock: Some(cc), ..self.clone() }
    }

    /// The weights without the mentions of `name` itself, or of any of its readings
    /// under another name ("Dublin City" for "Dublin").
    fn view_without(&self, name: &str, readings: &[Posting]) -> LocaleView {
        let mut view = self.learned_view_without(name, readings);
        if let Some(cc) = self.home {
            *view.countries.entry(cc).or_default() += tuning().locale_home;
        }
        if let Some(cc) = self.clock {
            *view.countries.entry(cc).or_default() += tuning().locale_clock;
        }
        view
    }

    fn learned_view_without(&self, name: &str, readings: &[Posting]) -> LocaleView {
        // (fewer places than that in all: fewer still without this name's)
        if self.n < tuning().locale_min_places {
            return LocaleView::default();
        }
        let name = name.to_lowercase();
        let places: std::collections::HashSet<u32> = readings.iter().map(|p| p.place).collect();
        let rest: Vec<&(String, u32, [u8; 2], u64)> =
            self.mentions.iter().filter(|(n, place, _, _)| *n != name && !places.contains(place)).collect();
        let n = rest.len();
        if n < tuning().locale_min_places {
            return LocaleView::default();
        }
        // a country or state counts when it holds a fifth of the mentions and is named by at
        // least two different names (one misread name repeated must not make a locale)
        fn keep<'m, K: std::hash::Hash + Eq + Copy>(rest: &[&'m (String, u32, [u8; 2], u64)], key: impl Fn(&(String, u32, [u8; 2], u64)) -> Option<K>, n: usize) -> HashMap<K, f64> {
            let mut counts: HashMap<K, (usize, Vec<&'m str>)> = HashMap::default();
            for m in rest {
                let Some(k) = key(m) else { continue };
                let e = counts.entry(k).or_default();
                e.0 += 1;
                if !e.1.contains(&m.0.as_str()) {
                    e.1.push(m.0.as_str());
                }
            }
            counts
                .into_iter()
                .filter(|(_, (c, names))| *c as f64 / n as f64 >= 0.2 && names.len() >= tuning().locale_min_names)
                .map(|(k, (c, _))| (k, tuning().locale_weight * c as f64 / n as f64))
                .collect()
        }
        LocaleView {
            countries: keep(&rest, |m| Some(m.2), n),
            admin1: keep(&rest, |m| (m.3 != 0).then_some(m.3), n),
        }
    }
}

/// Resolve every toponym of one article (no known locale). See [`resolve_in`].
pub fn resolve(toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer) -> Vec<Resolved> {
    resolve_in(toponyms, chars, gaz, &Locale::default())
}

/// Resolve every toponym of one article written from `locale`.
///
/// Pass chain, each recorded on the result when it decided:
/// `explicit-context` ("X, Y" with Y a country/state), `admin-cue` ("X province"),
/// `admin1-coherence` (other places of the article lie in the same first-level division),
/// `proximity` (other places lie within 200 km), `focus-country` / `country-mentioned`
/// (the article's countries, from names and demonyms), `prior` (kind, size and name match),
/// then `one-sense-per-discourse` (a name keeps one reading per article).
pub fn resolve_in(toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer, locale: &Locale) -> Vec<Resolved> {
    resolve_with_context(toponyms, chars, gaz, locale).0
}

/// [`resolve_in`], also returning the article's country evidence it used (its focus).
pub fn resolve_with_context(toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer, locale: &Locale) -> (Vec<Resolved>, DocContext) {
    resolve_all(toponyms, chars, gaz, locale, true)
}

/// [`resolve_with_context`]; without `texts`, each [`Resolved::text`] is left empty (for a
/// caller that moves the toponym's own text there instead of a copy), and so is the
/// context's [`DocContext::countries`] (for a caller that reads its focus alone: the map
/// cost ~0.7 k instructions an article to build).
pub(crate) fn resolve_all(toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer, locale: &Locale, texts: bool) -> (Vec<Resolved>, DocContext) {
    thread_local! {
        static BUFFERS: std::cell::RefCell<RankBuffers> = std::cell::RefCell::default();
    }
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            let r = resolve_into(&mut b, toponyms, chars, gaz, locale, texts);
            // don't keep a huge article's buffers around for good
            if b.cands.items.capacity() > 1 << 16 {
                *b = RankBuffers::default();
            }
            r
        }
        Err(_) => resolve_into(&mut RankBuffers::default(), toponyms, chars, gaz, locale, texts),
    })
}

/// The work vectors of [`resolve_all`], kept per thread: an article's ranking would
/// otherwise allocate (and free) some thirty of them, each costing more than filling it.
/// Each is cleared before it is filled; none carries anything from one article to the next.
#[derive(Default)]
struct RankBuffers {
    priors: PerSpan<f64>,
    prior_keys: Vec<u64>,
    cands: PerSpan<Cand>,
    plain: Vec<(usize, Cue, usize, std::ops::Range<usize>)>,
    repeat_of: Vec<Option<usize>>,
    written_county: Vec<bool>,
    text_id: Vec<usize>,
    firsts: Vec<usize>,
    contribution_tid: Vec<usize>,
    views: Vec<LocaleView>,
    own_votes: PerSpan<([u8; 2], f64)>,
    text_focus: Vec<Option<[u8; 2]>>,
    named_countries: Vec<([u8; 2], usize)>,
    counties: Vec<(u64, usize, bool)>,
    fixed: Vec<(f64, f64, &'static str)>,
    unsupported: Vec<bool>,
    choice: Vec<Option<(usize, f64, &'static str, f64)>>,
    last_start: Vec<Option<usize>>,
    next: Vec<Option<(usize, f64, &'static str, f64)>>,
    admin1_votes: Vec<(u64, usize, u32)>,
    other_countries: Vec<[u8; 2]>,
    country_readings: Vec<Option<Option<CountryReading>>>,
    points: Vec<(f64, f64, usize, u32, f64)>,
    seen: super::fxhash::FxHashSet<(usize, u32)>,
    seen_list: Vec<(usize, u32)>,
    first_vote: Vec<Option<u32>>,
    by_text: Vec<Option<usize>>,
    lists: Vec<(u32, u32)>,
    support: Vec<(usize, f64)>,
    country_terms: Vec<([u8; 2], f64, Option<Option<f64>>)>,
    base_keys: Vec<(f64, u32)>,
    country_list: Vec<([u8; 2], f64)>,
}

/// [`resolve_all`] with the work vectors `b`.
fn resolve_into(b: &mut RankBuffers, toponyms: &[Toponym], chars: &[char], gaz: &Gazetteer, locale: &Locale, texts: bool) -> (Vec<Resolved>, DocContext) {
    let RankBuffers {
        priors,
        prior_keys,
        cands,
        plain,
        repeat_of,
        written_county,
        text_id,
        firsts,
        contribution_tid,
        views,
        own_votes,
        text_focus,
        named_countries,
        counties,
        fixed,
        unsupported,
        choice,
        last_start,
        next,
        admin1_votes,
        other_countries,
        country_readings,
        points,
        seen,
        seen_list,
        first_vote,
        by_text,
        lists,
        support,
        country_terms,
        base_keys,
        country_list,
    } = b;
    let tn = tuning();
    let near_reach = haversine_reach(tn.pass_near_km);
    // every candidate's prior, computed once for the passes below
    priors_of(toponyms, gaz, priors, prior_keys);
    let priors = &*priors;
    let mut ctx = doc_context_with(toponyms, gaz, priors, country_readings, country_list);
    let n = toponyms.len();
    // a span's own text must not vote for itself: group spans by text (before the
    // candidates, whose sharing between spans of one text compares their ids)
    // (ids numbered in order of first occurrence; an article names few distinct texts, so a
    // scan of them costs less than hashing every text, but a long list of spans uses a map)
    // Two texts of one list of readings are one name too ("Castello Road" and "the Castello
    // trade center" in Aleppo do not vouch for each other as Spanish places; "London's Heathrow
    // Animal Reception Center" and "Heathrow" share a reading)
    text_id.clear();
    if n <= 64 {
        // (the first span of each text)
        firsts.clear();
        for (k, t) in toponyms.iter().enumerate() {
            let id = firsts.iter().position(|&f| toponyms[f].text == t.text || same_readings(&toponyms[f], t)).unwrap_or_else(|| {
                firsts.push(k);
                firsts.len() - 1
            });
            text_id.push(id);
        }
    } else {
        let mut ids: HashMap<&str, usize> = HashMap::default();
        // (the first span of each id, by its first reading)
        let mut by_first: HashMap<u32, Vec<usize>> = HashMap::default();
        // (ids are numbered by distinct name, fewer than the distinct texts)
        let mut next = 0;
        for (k, t) in toponyms.iter().enumerate() {
            let id = match ids.get(t.text.as_str()) {
                Some(&id) => id,
                None => {
                    let known = t.candidates.first().and_then(|p| by_first.get(&p.place)).and_then(|ks| ks.iter().find(|&&f| same_readings(&toponyms[f], t)));
                    let id = match known {
                        Some(&f) => text_id[f],
                        None => {
                            if let Some(p) = t.candidates.first() {
                                by_first.entry(p.place).or_default().push(k);
                            }
                            next += 1;
                            next - 1
                        }
                    };
                    ids.insert(t.text.as_str(), id);
                    id
                }
            };
            text_id.push(id);
        }
    }
    // candidates with their context-free parts
    cands.clear();
    // (room for every span's list at once: a span read again needs none, so this is enough)
    cands.items.reserve(toponyms.iter().map(|t| t.candidates.len().min(tn.candidates_max)).sum());
    // spans built without explicit context, with the cue after them: a name read
    // again with the same candidates and no context of its own gets the same list
    plain.clear();
    // the span whose list each such span shares: it scores the same in every pass below
    // (same text, so same text id, view and votes), so it is scored once
    repeat_of.clear();
    repeat_of.resize(n, None);
    // (a county only when written as one, "Walker County": a bare "Clay" in a list of
    // counties is no evidence for the towns of another, nor they for it; an article that
    // writes none needs no county keys)
    // (the few words held as a plain list: walking a hash set's table per name cost ~5 k
    // instructions per article)
    // (with the set of the words' last bytes, lower-cased, one bit each: a name that ends in
    // none of them, most names, is told without the words; a word that ends in a non-ASCII
    // byte sets every bit)
    static COUNTY_WORDS: std::sync::OnceLock<(Vec<&'static str>, u128)> = std::sync::OnceLock::new();
    let (county_words, county_ends) = COUNTY_WORDS.get_or_init(|| {
        let words: Vec<&'static str> = place_context("county_words").iter().map(|w| w.as_str()).collect();
        let ends = words.iter().filter_map(|w| w.bytes().last()).fold(0u128, |m, b| if b.is_ascii() { m | 1 << b.to_ascii_lowercase() } else { u128::MAX });
        (words, ends)
    });
    written_county.clear();
    written_county.extend(toponyms.iter().map(|t| {
        // (the name's last word, compared from its end: no search for the space)
        let b = t.text.as_bytes();
        if b.last().is_some_and(|l| l.is_ascii() && county_ends & 1 << l.to_ascii_lowercase() == 0) {
            return false;
        }
        county_words.iter().any(|w| {
            let w = w.as_bytes();
            b.len() > w.len() && b[b.len() - w.len() - 1] == b' ' && b[b.len() - w.len()..].eq_ignore_ascii_case(w)
        })
    }));
    let county_bonds = written_county.contains(&true);
    // each span's list of names, as the range of span indices (an empty one when it is in
    // none): spans joined by commas, "and" or "or", three or more, or two joined by a word
    // ("Washington, New York and Boston", "between New York and St. Petersburg"; not
    // "Springfield, Illinois", which is a town and its state)
    list_ranges(toponyms, chars, lists);
    // (one list for every span, cleared for each: most spans name no division)
    let mut names_admin1: Vec<([u8; 2], &[u8])> = Vec::new();
    // the spans the words around them make streets' names (see `street_junction`)
    // (no list in the many articles without one)
    let mut streets: Vec<usize> = Vec::new();
    for (k, t) in toponyms.iter().enumerate() {
        if t.kind == SpanKind::Demonym {
            cands.push_empty();
            continue;
        }
        // a street, by the words around it ("the Chartres/Franklin intersection"); only a name
        // read as towns or counties is taken for one ("the corner of Syria and Turkey" is no
        // street)
        if street_junction(chars, t.start, t.end) && t.candidates.iter().all(|p| matches!(gaz.place_kind(p.place), Kind::City | Kind::Admin2 | Kind::Facility)) {
            streets.push(k);
        }
        let explicit = explicit_context(toponyms, k, chars, gaz, priors)
            .or_else(|| demonym_context(toponyms, k, chars, gaz, priors))
            .or_else(|| possessive_context(toponyms, k, chars, gaz, priors));
        let cue = cue_after(chars, t.end);
        if explicit.is_none() {
            // (the same text too: street and compass shapes filter by it)
            // (the texts compared by their ids, and the candidates by their slices of
            // `priors`: spans have the same slice exactly when their candidates are equal)
            // (each span's text id and slice kept beside it: nothing indexed per span compared)
            let (tid, at) = (text_id[k], &priors.at[k]);
            if let Some(&(j, ..)) = plain.iter().find(|(_, c, t, a)| *c == cue && *t == tid && a == at) {
                cands.repeat(j);
                repeat_of[k] = Some(j);
                continue;
            }
            // (a name in a list is no first reading for later ones: the list's kind is its own)
            if lists[k].0 == lists[k].1 {
                plain.push((k, cue, tid, at.clone()));
            }
        }
        // "Mexico" is the country's own name; Mexico City's old alternate does not compete with it
        // "Virginia" and "Oregon" are the states, not the Illinois villages named after them
        // (the first-level divisions the span is the own name of, by country and code; not
        // a name read inside a longer one: "Washington Township" is no state)
        // (both from one pass over the span's own names; a single reading needs neither, as
        // only a town's reading is borrowed, from another reading of the name)
        let mut names_country = false;
        names_admin1.clear();
        let own_names = if t.candidates.len() > 1 { tn.candidates_max } else { 0 };
        for posting in t.candidates.iter().take(own_names).filter(|posting| posting.name_kind == NameKind::Primary) {
            match gaz.place_kind(posting.place) {
                Kind::Country => names_country = true,
                Kind::Admin1 => {
                    // (the record's fields read, not a whole place decoded)
                    let a = gaz.record(posting.place);
                    if a.name().eq_ignore_ascii_case(t.text.trim()) {
                        names_admin1.push((a.cc_key(), a.admin1_bytes()));
                    }
                }
                _ => {}
            }
        }
        // "Washington Square" is an old name of Franklin Square, New York; written as a
        // square or street it means the square, not the village ("Western" is likewise no
        // old name of Cuba City, Wisconsin)
        let street_shaped = std::cell::OnceCell::new();
        // (the leading "the "s stripped as `trim_start_matches("the ")` would, without its
        // substring searcher, which costs more to set up than the text is long)
        let without_the = || {
            let mut name = t.text.as_str();
            while let Some(rest) = name.strip_prefix("the ") {
                name = rest;
            }
            name
        };
        // "The Washington Post", "New York Times": a paper is named after the city, not the
        // state of the same name (the countries where the name is also a state's)
        let paper_states: Vec<[u8; 2]> = if cue == Cue::Newspaper {
            t.candidates.iter().take(tn.candidates_max).filter(|c| gaz.place_kind(c.place) == Kind::Admin1).map(|c| gaz.place_cc_key(c.place)).collect()
        } else {
            Vec::new()
        };
        let from = cands.items.len();
        // (both lists cut to `candidates_max` first: a zip of two slices of one length steps
        // by one index, where a `take` of the zip counted and tested each reading apart)
        let m = t.candidates.len().min(tn.candidates_max);
        cands.items.extend(t.candidates[..m]
            .iter()
            .zip(&priors[k][..m])
            .filter(|(posting, _)| {
                !(posting.name_kind == NameKind::Alternate
                    && gaz.place_kind(posting.place) == Kind::City
                    && *street_shaped.get_or_init(|| super::street_shaped(&t.text) || compass_name(without_the())))
            })
            .map(|(posting, &prior)| {
                // (the record's fields read where they are used, each once)
                let p = gaz.record(posting.place);
                let (kind, population) = (p.kind(), p.population());
                // (the country code read once; the admin1 code, as bytes, only where it is
                // asked: most candidates have their division key kept already)
                let p_cc = p.cc_key();
                let explicit = match &explicit {
                    Some(Context::Area { cc, admin1 }) if p_cc == *cc && (admin1.is_empty() || p.admin1_bytes() == admin1.as_bytes()) => tn.pass_explicit,
                    Some(Context::Near { lon, lat, strict }) => {
                        if haversine_km(p.lon(), p.lat(), *lon, *lat) <= tn.pass_near_anchor_km {
                            tn.pass_explicit
                        } else if *strict {
                            -tn.pass_contradicted
                        } else {
                            0.0
                        }
                    }
                    Some(Context::Contradicted) => -tn.pass_contradicted,
                    _ => 0.0,
                };
                let borrowed = (names_country && posting.name_kind != NameKind::Primary && kind == Kind::City)
                    || (kind == Kind::City
                        && population < tn.pass_state_named_town_max_population
                        && names_admin1.iter().any(|(cc, a1)| *cc == p_cc && *a1 != p.admin1_bytes()));
                Cand {
                    place: posting.place,
                    base: prior - if borrowed { tn.pass_borrowed } else { 0.0 },
                    country: kind == Kind::Country,
                    explicit,
                    cue: match cue {
                        Cue::Admin if matches!(kind, Kind::Admin1 | Kind::Admin2) => Some("admin-cue"),
                        Cue::Airport if matches!(p.fcode_bytes(), b"AIRP" | b"AIRB") => Some("feature-cue"),
                        // (a city of some size: not a town sharing the state's name)
                        Cue::Newspaper if kind == Kind::City && population >= tn.pass_newspaper_city_population && paper_states.contains(&p_cc) => Some("newspaper-cue"),
                        _ => None,
                    },
                    cc: p_cc,
                    // (kept per place by the gazetteer: it depends on the place alone)
                    admin1: gaz.place_admin1_key(posting.place, || {
                        let p_admin1 = p.admin1_bytes();
                        if p_admin1.is_empty() || gaz.admin1_key_is_most_of_country(p_cc, p_admin1) {
                            0
                        } else {
                            // (the code's bytes up to its zero padding, as `Place::cc` reads it)
                            admin1_key_bytes(&p_cc[..p_cc.iter().position(|b| *b == 0).unwrap_or(2)], p_admin1)
                        }
                    }),
                    lon: p.lon(),
                    lat: p.lat(),
                    point_like: matches!(kind, Kind::City | Kind::Admin2 | Kind::Facility),
                    division: matches!(kind, Kind::Admin1 | Kind::Admin2),
                    small_place: match kind {
                        Kind::Admin2 => true,
                        Kind::City => {
                            population < tn.pass_unsupported_max_population
                                || (cue == Cue::Site && population < tn.pass_unsupported_site_max_population && p.fcode_bytes() != b"PPLC")
                        }
                        // (a country the gazetteer lacks, population 0, is no small country)
                        Kind::Admin1 => (1..tn.pass_unsupported_admin1_country_max_population).contains(&gaz.country_population(p_cc)),
                        _ => false,
                    },
                    admin2: match kind {
                        Kind::City | Kind::Admin2 if county_bonds && !p.admin2().is_empty() && !p.admin1_bytes().is_empty() => {
                            let a1 = admin1_key_bytes(&p_cc[..p_cc.iter().position(|b| *b == 0).unwrap_or(2)], p.admin1_bytes());
                            admin1_key_bytes(&a1.to_le_bytes(), p.admin2().as_bytes())
                        }
                        _ => 0,
                    },
                    county: kind == Kind::Admin2,
                    region: matches!(kind, Kind::Region | Kind::Sea) && p_cc == [0, 0],
                    near_ranked: true,
                }
            }));
        // (a list is ranked by `base`, highest first, ties in the list's order, without being
        // sorted: the rounds below break a tie of scores by `base` (`TopTwo::offer_ranked`),
        // and in a list longer than `candidates_with_proximity` only the readings that
        // would come first are marked for the proximity term; sorting the ~80-byte
        // candidates cost more)
        let list = &mut cands.items[from..];
        if list.len() > tn.candidates_with_proximity {
            base_keys.clear();
            base_keys.extend(list.iter().enumerate().map(|(i, c)| (c.base, i as u32)));
            // (highest base first, then the list's order: a total order, so the first
            // `candidates_with_proximity` are the same set a stable sort would put first)
            let ranked_before = |a: &(f64, u32), b: &(f64, u32)| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(&b.1));
            // (the last of them, none when no reading gets the term)
            let last = tn.candidates_with_proximity.checked_sub(1).map(|nth| *base_keys.select_nth_unstable_by(nth, ranked_before).1);
            for (i, c) in list.iter_mut().enumerate() {
                c.near_ranked = last.is_some_and(|last| ranked_before(&(c.base, i as u32), &last) != std::cmp::Ordering::Greater);
            }
        }
        cands.close(from);
    }
    // the text id of each contribution
    contribution_tid.clear();
    contribution_tid.extend(ctx.contributions.iter().map(|(k, _, _)| text_id[*k]));
    // the source's locale as each text sees it (without its own mentions), by text id (the
    // ids are numbered in the order the texts first occur)
    // (a locale that knows nothing gives each text an empty view, made without a look at it)
    let known_locale = !locale.is_empty();
    views.clear();
    for (k, t) in toponyms.iter().enumerate() {
        if text_id[k] == views.len() {
            views.push(if known_locale { locale.view_without(&t.text, &t.candidates) } else { LocaleView::default() });
        }
    }
    // each text's own votes (all in one vector), and the focus the rest of the article gives it
    own_votes.group(views.len(), ctx.contributions.iter().zip(contribution_tid.iter()).map(|((_, cc, w), tid)| (*tid, (*cc, *w))));
    // (the article's weights read as the list `doc_context_with` summed them in, once per
    // text below: walking the map's table for each text cost more; the focus does not depend
    // on the order)
    let country_list = &*country_list;
    text_focus.clear();
    text_focus.extend(views
        .iter()
        .enumerate()
        .map(|(tid, view)| {
            let own = &own_votes[tid];
            // (copied only when the locale adds to it)
            let mut with_locale = std::borrow::Cow::Borrowed(&country_list[..]);
            for (k, v) in &view.countries {
                let list = with_locale.to_mut();
                match list.iter_mut().find(|(cc, _)| cc == k) {
                    Some(e) => e.1 += v,
                    // (0 with the weight added, as the map's new entry was)
                    None => list.push((*k, 0.0 + v)),
                }
            }
            // the focus: the country of the largest total when it is at least 1 and no other
            // total equals it (one pass, nothing collected or sorted)
            let mut best: Option<([u8; 2], f64)> = None;
            let mut second = f64::NEG_INFINITY;
            for (cc, w) in with_locale.iter() {
                let w = w - own.iter().filter(|(c, _)| c == cc).map(|(_, v)| v).sum::<f64>();
                if w <= 1e-9 {
                    continue;
                }
                match best {
                    Some((_, bw)) if w <= bw => second = second.max(w),
                    _ => {
                        if let Some((_, bw)) = best {
                            second = second.max(bw);
                        }
                        best = Some((*cc, w));
                    }
                }
            }
            let f = best.filter(|&(_, w)| w >= 1.0 && w > second).map(|(cc, _)| cc);
            let f = f.or_else(|| {
                view.countries.iter().max_by(|a, b| a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal)).map(|(k, _)| *k)
            });
            f
        }));
    // the countries named as such (country names, demonyms) by each other text
    named_countries.clear();
    named_countries.extend(ctx
        .contributions
        .iter()
        .zip(contribution_tid.iter())
        .filter(|((_, _, w), _)| *w >= 0.9)
        .map(|((_, cc, _), tid)| (*cc, *tid)));
    // (the article's home country does not make it international: "the United States" in a
    // story about a Jordan, Minnesota volleyball team)
    // (three at most: the term counts no more)
    let mut international = |tid: usize, own_cc: [u8; 2], home: Option<[u8; 2]>| -> usize {
        let seen = &mut *other_countries;
        seen.clear();
        for (cc, t) in named_countries.iter() {
            if *t != tid && *cc != own_cc && Some(*cc) != home && !seen.contains(cc) {
                seen.push(*cc);
                if seen.len() == 3 {
                    break;
                }
            }
        }
        seen.len()
    };
    // each candidate's score from the passes that do not depend on the other spans' choices,
    // as (score, largest term, its pass): the same in every round below
    // every reading's county, as (key, text id, is the county itself), sorted by key: a county
    // and a town in it, each a reading of another name ("Walker County" and its seat
    // Huntsville, Texas), vouch for each other whatever the other spans chose
    counties.clear();
    for k in (0..n).filter(|_| county_bonds) {
        for c in &cands[k] {
            if c.admin2 != 0 && (!c.county || written_county[k]) {
                counties.push((c.admin2, text_id[k], c.county));
            }
        }
    }
    counties.sort_unstable();
    counties.dedup();
    // (one entry per item of `cands.items`, in its order: a span's are at its slice's range,
    // and a span read again shares them)
    fixed.clear();
    fixed.reserve(cands.items.len());
    // spans with a reading ruled out as unsupported (see below)
    unsupported.clear();
    unsupported.resize(n, false);
    // (a country's weight in the article read from the list of the article's weights: a few
    // entries compared cost less than hashing the code)
    let weight_of = |cc: &[u8; 2]| country_list.iter().find(|(c, _)| c == cc).map_or(0.0, |(_, w)| *w);
    for k in 0..n {
        if cands[k].is_empty() {
            continue;
        }
        if let Some(j) = repeat_of[k] {
            unsupported[k] = unsupported[j];
            continue;
        }
        // (the span's text id read once, not per reading)
        let span_tid = text_id[k];
        let (own, text_focus) = (&own_votes[span_tid], &text_focus[span_tid]);
        let view = &views[span_tid];
        // the country terms of a reading depend on its country alone, so they are found once
        // per country of the span's readings (a long list is mostly of one country), as
        // (country, its weight `w`, its weak support once asked: see `weak`)
        country_terms.clear();
        // the best base of the span's readings, its country, and the best of another country,
        // found when first asked (most spans never ask)
        let mut tops: Option<(f64, [u8; 2], f64)> = None;
        let span_cands = &cands[k];
        let mut tops_of = || {
            *tops.get_or_insert_with(|| {
                let mut t = (f64::NEG_INFINITY, [0, 0], f64::NEG_INFINITY);
                for c in span_cands {
                    if c.base > t.0 {
                        if c.cc != t.1 {
                            t.2 = t.0;
                        }
                        t = (c.base, c.cc, t.2);
                    } else if c.cc != t.1 && c.base > t.2 {
                        t.2 = c.base;
                    }
                }
                t
            })
        };
        for c in &cands[k] {
            let mut s = c.base;
            let mut pass = "prior";
            let mut top = 0.0;
            let mut note = |v: f64, name: &'static str, s: &mut f64| {
                *s += v;
                if v > top {
                    top = v;
                    pass = name;
                }
            };
            if c.explicit > 0.0 {
                note(c.explicit, "explicit-context", &mut s);
            } else {
                s += c.explicit;
            }
            if let Some(cue) = c.cue {
                note(tn.pass_cue, cue, &mut s);
            }
            if c.country {
                let others = international(span_tid, c.cc, *text_focus);
                if others > 0 {
                    note(tn.pass_international * (others.min(3) as f64).sqrt(), "international-context", &mut s);
                }
            }
            if c.cc == [0, 0] && !c.point_like {
                // seas, continents, macro-regions fit any article's countries
                note(tn.pass_country, "borderless-area", &mut s);
                // a region or a sea near a country another name of the article names ("a US
                // ally in the Gulf, Qatar" is not Gulf County, Florida)
                if c.region
                    && named_countries.iter().any(|(cc, tid)| {
                        *tid != span_tid
                            && gaz.country_index(std::str::from_utf8(cc).unwrap_or("")).is_some_and(|i| {
                                let p = gaz.place(i);
                                haversine_km(p.lon, p.lat, c.lon, c.lat) <= tn.pass_region_km
                            })
                    })
                {
                    note(tn.pass_near, "proximity", &mut s);
                }
            }
            let at = match country_terms.iter().position(|t| t.0 == c.cc) {
                Some(at) => at,
                None => {
                    let w = weight_of(&c.cc) + view.countries.get(&c.cc).copied().unwrap_or(0.0)
                        - own.iter().filter(|(cc, _)| *cc == c.cc).map(|(_, v)| v).sum::<f64>();
                    country_terms.push((c.cc, w, None));
                    country_terms.len() - 1
                }
            };
            let w = country_terms[at].1;
            if w <= 1e-9 && c.division && compass_name(gaz.record(c.place).name()) {
                // "Western countries" are not Sri Lanka's Western Province
                fixed.push((f64::NEG_INFINITY, 0.0, "prior"));
                continue;
            }
            // none of these: a small town of a country the article never names, in an article
            // firmly about another country ("Rehab" in a story from New Cairo is not the
            // Jordanian village), is a place the gazetteer lacks; so is one whose country only
            // another small town's reading vouches for, in an article that is clearly about
            // another country ("Glenrock" and "Jewell" in a Newcastle, NSW paper are not two
            // Wyoming hamlets backing each other)
            // (the support counted per other name, a name read several times once: three
            // "Glenrock"s are one name backing "Jewell")
            // (the support by text in one vector for all candidates: one allocation per
            // candidate cost more than the count)
            let mut weak = |w: f64| {
                if w <= 1e-9 {
                    return Some(0.0);
                }
                let by_text = &mut *support;
                by_text.clear();
                for ((_, cc, v), &tid) in ctx.contributions.iter().zip(contribution_tid.iter()) {
                    if *cc != c.cc || tid == span_tid {
                        continue;
                    }
                    match by_text.iter_mut().find(|(t, _)| *t == tid) {
                        Some(e) => e.1 = e.1.max(*v),
                        None => by_text.push((tid, *v)),
                    }
                }
                let wd = by_text.iter().map(|(_, v)| v).sum::<f64>() + view.countries.get(&c.cc).copied().unwrap_or(0.0);
                (wd <= tn.pass_unsupported_weak).then_some(wd)
            };
            if c.small_place && c.explicit <= 0.0 {
                if let Some((f, wd)) = text_focus.filter(|f| *f != c.cc).and_then(|f| Some((f, (*country_terms[at].2.get_or_insert_with(|| weak(w)))?))) {
                    let fw = weight_of(&f) + view.countries.get(&f).copied().unwrap_or(0.0);
                    let needed = if wd <= 1e-9 { tn.pass_unsupported_focus } else { tn.pass_unsupported_weak_focus.max(tn.pass_unsupported_ratio * wd) };
                    if fw >= needed {
                        unsupported[k] = true;
                        fixed.push((f64::NEG_INFINITY, 0.0, "prior"));
                        continue;
                    }
                }
            }
            if w > 1e-9 {
                let mut v = tn.pass_country * w.min(3.0).sqrt();
                let name = if *text_focus == Some(c.cc) {
                    v += tn.pass_focus;
                    "focus-country"
                } else {
                    "country-mentioned"
                };
                // a country the article names only as a country ("the U.S. and EU" in a story
                // from Kyiv), none of its places, does not make a town of it outrank a better
                // known namesake abroad ("the Venice Commission" is not Venice, California)
                let named_only = name == "country-mentioned"
                    && c.point_like
                    && !ctx.placed.contains(&c.cc)
                    && view.countries.get(&c.cc).is_none_or(|v| *v <= 1e-9)
                    && {
                        let (best, best_cc, other) = tops_of();
                        (if c.cc == best_cc { other } else { best }) > c.base
                    };
                if !named_only {
                    note(v, name, &mut s);
                }
            }
            if c.admin2 != 0 && (!c.county || written_county[k]) {
                let lo = counties.partition_point(|v| v.0 < c.admin2);
                if counties[lo..].iter().take_while(|v| v.0 == c.admin2).any(|&(_, t, county)| t != span_tid && county != c.county) {
                    note(tn.pass_admin2, "admin2-coherence", &mut s);
                }
            }
            fixed.push((s, top, pass));
        }
    }
    // (choice index into cands[k], score, pass, margin)
    choice.clear();
    choice.resize(n, None);
    // the choices the previous round started from: a later round started from the same ones
    // would decide the same again
    // (a round reads of the choices it starts from only which reading each span took, not
    // its score or margin: a round after the first, started from the readings the one before
    // it started from, decides as that one did, though the scores it started from differ)
    last_start.clear();
    // (division, voting text, the place it chose), sorted by division: a place named twice
    // ("Dublin", "Dublin City") is not evidence for itself
    admin1_votes.clear();
    admin1_votes.reserve(n);
    // (lon, lat, voting text, place, cosine of the latitude for the quick reject below)
    points.clear();
    points.reserve(n);
    // (text, place) pairs already counted in a round (one set for all rounds)
    // (each holds at most one entry per span: room for all of them at once)
    seen.clear();
    seen.reserve(n);
    for round in 0..3 {
        if round > 1 && choice.iter().map(|c| c.map(|c| c.0)).eq(last_start.iter().copied()) {
            break;
        }
        if round > 0 {
            last_start.clear();
            last_start.extend(choice.iter().map(|c| c.map(|c| c.0)));
        }
        // context from the previous round's choices
        admin1_votes.clear();
        points.clear();
        if round > 0 {
            seen.clear();
            seen_list.clear();
            // (each text's first place kept by its id: a text mostly chooses one place, so most
            // pairs are told without a search; only the pairs of its other places are kept
            // below)
            first_vote.clear();
            first_vote.resize(views.len(), None);
            // (the pairs of an article of few names searched in a list: hashing each costs more)
            let mut first_time = |pair: (usize, u32)| {
                match first_vote[pair.0] {
                    None => {
                        first_vote[pair.0] = Some(pair.1);
                        return true;
                    }
                    Some(place) if place == pair.1 => return false,
                    Some(_) => {}
                }
                if n > 64 {
                    return seen.insert(pair);
                }
                let new = !seen_list.contains(&pair);
                if new {
                    seen_list.push(pair);
                }
                new
            };
            for k in 0..n {
                let Some((ci, _, _, _)) = choice[k] else { continue };
                if toponyms[k].rule == super::CONTAINED_NAME {
                    continue; // "Faubourg Marigny", "Marigny Canal" must not vouch for each other
                }
                let c = &cands[k][ci];
                if !first_time((text_id[k], c.place)) {
                    continue;
                }
                if c.admin1 != 0 && c.point_like {
                    admin1_votes.push((c.admin1, text_id[k], c.place));
                }
                // (a national capital named is mostly its government, "Washington debated the
                // bill": no anchor for the towns around it, Cambridge, Maryland over Cambridge,
                // Massachusetts)
                if c.point_like && gaz.place(c.place).fcode_bytes() != b"PPLC" {
                    points.push((c.lon, c.lat, text_id[k], c.place, gaz.place_cos_lat(c.place)));
                }
            }
            // by latitude, so that each candidate reads only the points within reach (a point
            // without coordinates is never near anything)
            points.retain(|p| !p.0.is_nan() && !p.1.is_nan());
            points.sort_by(|a, b| a.1.total_cmp(&b.1));
            admin1_votes.sort_unstable_by_key(|v| v.0);
        }
        next.clone_from(choice);
        for k in 0..n {
            // (the span's readings and their fixed scores, sliced once)
            let at = cands.at[k].clone();
            if at.is_empty() {
                continue;
            }
            // (a name read again scores as its first reading, unless a list it is in adds to
            // that: its fixed scores are still the first reading's)
            if let Some(j) = repeat_of[k].filter(|_| lists[k].0 == lists[k].1) {
                next[k] = next[j];
                continue;
            }
            let (list, fixed) = (&cands.items[at.clone()], &fixed[at]);
            let mut ranked = TopTwo::<(usize, &'static str, f64)>::default();
            // (the span's text id read once, not per reading or point)
            let span_tid = text_id[k];
            let view = &views[span_tid];
            if round == 0 && view.admin1.is_empty() {
                // (the first round adds to the fixed scores only the source's divisions: a name
                // whose view of the source has none is read by its fixed scores alone)
                for (ci, (&(s, _, pass), c)) in fixed.iter().zip(list).enumerate() {
                    if s != f64::NEG_INFINITY {
                        ranked.offer_ranked((ci, pass, c.base), s);
                    }
                }
            } else {
                // the kinds the other names of its list were read as (a town, a division)
                let (lo, hi) = (lists[k].0 as usize, lists[k].1 as usize);
                // (as [`same_list_kind`] reads them, once per name and round, not per reading)
                let (listed_town, listed_division) = if round > 0 && lo < hi {
                    (lo..hi).filter(|&j| j != k).filter_map(|j| choice[j].map(|(cj, ..)| &cands[j][cj])).fold((false, false), |(t, d), o| {
                        (t || (o.point_like && !o.county), d || (o.division && !o.county))
                    })
                } else {
                    (false, false)
                };
                for (ci, (c, &(mut s, mut top, mut pass))) in list.iter().zip(fixed).enumerate() {
                    if s == f64::NEG_INFINITY {
                        continue; // ruled out whatever the other spans say
                    }
                    let mut note = |v: f64, name: &'static str, s: &mut f64| {
                        *s += v;
                        if v > top {
                            top = v;
                            pass = name;
                        }
                    };
                    if c.admin1 != 0 {
                        let from_locale = view.admin1.get(&c.admin1).copied().unwrap_or(0.0);
                        let lo = sorted_from(admin1_votes, |v| v.0 < c.admin1);
                        let others = admin1_votes[lo..]
                            .iter()
                            .take_while(|v| v.0 == c.admin1)
                            .filter(|&&(_, t, place)| t != span_tid && place != c.place)
                            .count() as f64;
                        if others > 0.0 {
                            note(tn.pass_admin1 * (others + from_locale).min(3.0).sqrt(), "admin1-coherence", &mut s);
                        } else if from_locale > 0.0 {
                            note(tn.pass_admin1 * from_locale.min(3.0).sqrt(), "source-locale", &mut s);
                        }
                    }
                    // a town among towns, a division among divisions
                    if (c.point_like && listed_town) || (c.division && !c.county && listed_division) {
                        note(tn.pass_list, "list-kind", &mut s);
                    }
                    if round > 0 && c.near_ranked && c.point_like {
                        let mut near: f64 = 0.0;
                        // the points within 2.5° of latitude (a margin over the 2° tested below)
                        let lo = sorted_from(points, |p| p.1 < c.lat - 2.5);
                        // (the candidate's cosine once a point lies within 2°, which most have
                        // none of; the haversine takes both cosines instead of computing them)
                        let mut cos_lat = None;
                        for &(lon, lat, tid, place, point_cos_lat) in points[lo..].iter().take_while(|p| p.1 <= c.lat + 2.5) {
                            if tid == span_tid || place == c.place {
                                continue;
                            }
                            if (lat - c.lat).abs() > 2.0 {
                                continue;
                            }
                            let cos_lats = *cos_lat.get_or_insert_with(|| gaz.place_cos_lat(c.place)) * point_cos_lat;
                            if surely_beyond(lon - c.lon, cos_lats, near_reach) {
                                continue;
                            }
                            let d = haversine_km_with_cos(c.lon, c.lat, lon, lat, cos_lats);
                            if d < tn.pass_near_km {
                                near = near.max(1.0 - d / tn.pass_near_km);
                            }
                        }
                        if near > 0.0 {
                            note(tn.pass_near * near, "proximity", &mut s);
                        }
                    }
                    ranked.offer_ranked((ci, pass, c.base), s);
                }
            }
            // the text puts this place near a town that no reading is near: none of these
            let margin = ranked.margin();
            let best = ranked.best.filter(|((ci, _, _), _)| list[*ci].explicit >= 0.0);
            next[k] = best.map(|((ci, pass, _), s)| (ci, s, pass, margin));
        }
        std::mem::swap(choice, next);
    }
    // one sense per discourse: the same name gets its most confident reading (by text id)
    by_text.clear();
    by_text.resize(views.len(), None);
    for k in 0..n {
        let Some((_, _, _, margin)) = choice[k] else { continue };
        let e = by_text[text_id[k]].get_or_insert(k);
        if choice[*e].is_some_and(|c| margin > c.3) {
            *e = k;
        }
    }
    // one sense per discourse, of none too: a name ruled a place the gazetteer lacks in one
    // mention ("the Delft police station" in a Cape Town story) is that place in its others,
    // unless a reading they take has support from the rest of the article ("to live in
    // Delft" is no Dutch town either)
    // (by text id; no list at all in the many articles without such a name)
    let lacking: Vec<bool> = if (0..n).any(|k| unsupported[k] && choice[k].is_none()) {
        let mut by_tid = vec![false; views.len()];
        for k in (0..n).filter(|&k| unsupported[k] && choice[k].is_none()) {
            by_tid[text_id[k]] = true;
        }
        by_tid
    } else {
        Vec::new()
    };
    let mut top_score: Option<f64> = None;
    let resolved = toponyms
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let mut picked = choice[k].map(|(ci, _, pass, margin)| (cands[k][ci].place, pass, margin));
            if t.kind == SpanKind::Demonym {
                picked = demonym_reading(t, &priors[k], country_list, gaz);
            }
            // (what the text says around this mention stands: "Springfield, Illinois and
            // Springfield, Missouri" are two places; so does the kind of the names listed with
            // it: "California or Washington" is the state in an article that names the city)
            let listed = {
                let (lo, hi) = (lists[k].0 as usize, lists[k].1 as usize);
                choice[k].is_some_and(|(ci, ..)| (lo..hi).any(|j| j != k && choice[j].is_some_and(|(cj, ..)| same_list_kind(&cands[k][ci], &cands[j][cj]))))
            };
            if let (Some((place, pass, margin)), Some(j)) = (picked, by_text[text_id[k]]) {
                // (the list decides the kind only: another town of the name may still win)
                let other_kind = |cj: usize| {
                    let (a, b) = (&cands[k][choice[k].map_or(0, |c| c.0)], &cands[j][cj]);
                    a.point_like != b.point_like || a.division != b.division
                };
                if let Some((cj, _, _, mj)) = choice[j].filter(|(cj, ..)| pass != "explicit-context" && !(listed && other_kind(*cj))) {
                    let pj = cands[j][cj].place;
                    if j != k && pj != place && mj > margin {
                        picked = Some((pj, "one-sense-per-discourse", mj));
                    }
                }
            }
            let mut lacks = false;
            if let Some((p, _, _)) = picked.filter(|_| lacking.get(text_id[k]) == Some(&true) && t.kind != SpanKind::Demonym) {
                let cc = gaz.place_cc_key(p);
                let own: f64 = own_votes[text_id[k]].iter().filter(|(c, _)| *c == cc).map(|(_, v)| v).sum();
                if gaz.place_kind(p) != Kind::Country && weight_of(&cc) - own <= 1e-9 {
                    picked = None;
                    lacks = true;
                }
            }
            // a street named after a place is not in it ("the Chartres/Franklin intersection"
            // in a New Orleans story is no French town), unless the article places it there:
            // a reading in the article's focus country that the text around the name or the
            // other names support more than the country does ("between Clairmont and North Druid
            // Hills roads" in a story of DeKalb County, Georgia, from an Atlanta paper)
            let mut street = false;
            if let Some((p, pass, _)) = picked.filter(|_| streets.contains(&k)) {
                let placed_here = matches!(pass, "explicit-context" | "admin1-coherence" | "admin2-coherence" | "proximity" | "source-locale");
                if !placed_here || ctx.focus.as_deref().is_some_and(|cc| cc != gaz.place(p).cc()) {
                    picked = None;
                    street = true;
                }
            }
            let contained = t.rule == super::CONTAINED_NAME;
            // a name inside the span ("Marigny" in "Faubourg Marigny") is taken only when the
            // article supports that reading, or when it is a large area
            if contained {
                if let Some((p, pass, _)) = picked {
                    let place = gaz.place(p);
                    // (the text's own word, or local support in the article's focus country when it
                    // has one: "Chartres" and "Marigny" do not vouch for France in a New Orleans
                    // story, "London's Heathrow Animal Reception Center" is at Heathrow; or the
                    // source's own country, whatever the story's focus: a British paper's
                    // "Windsor Castle" is in Windsor, England, in a story about the Iceland chain)
                    let supported = pass == "explicit-context"
                        || (locally_supported(pass)
                            && !matches!(pass, "focus-country" | "international-context")
                            && ctx.focus.as_deref().is_none_or(|cc| cc == place.cc()))
                        || (matches!(pass, "focus-country" | "country-mentioned") && locale.home == Some(place.cc_key()));
                    // (a large city or a first-level division counts as major only where it
                    // does not go against the article: in its focus country, or in a country
                    // the article gives some weight; "Hotel Kyjev" in a Bratislava story is
                    // no building in Kyiv)
                    let fits = || ctx.focus.as_deref().is_none_or(|cc| cc == place.cc()) || weight_of(&place.cc_key()) > 1e-9;
                    let major = matches!(place.kind, Kind::Country | Kind::Continent)
                        || (place.kind == Kind::Admin1 && fits())
                        || (place.kind == Kind::City && place.population >= tn.pass_contained_min_population && fits());
                    if !supported && !major {
                        picked = None;
                    }
                }
            }
            let (place, pass, margin) = match picked {
                Some((p, pass, m)) => (Some(p), pass, m),
                // every reading was ruled out by what the text says around the name
                None if street || (choice[k].is_none() && cands[k].iter().any(|c| c.explicit < 0.0)) => (None, CONTRADICTED, 0.0),
                None if lacks || (choice[k].is_none() && unsupported[k]) => (None, UNSUPPORTED, 0.0),
                None => (None, "none", 0.0),
            };
            // (a lead of 10 or more, which every single reading has, scores the same: its
            // `exp` made once)
            let score = match place {
                Some(_) if margin >= 10.0 => *top_score.get_or_insert_with(|| 1.0 / (1.0 + (-(10.0f64) * 0.8).exp())),
                Some(_) => 1.0 / (1.0 + (-(margin.min(10.0)) * 0.8).exp()),
                None => 0.0,
            };
            let text = if texts { t.text.clone() } else { String::new() };
            Resolved { start: t.start, end: t.end, text, kind: t.kind, place, score, pass, contained }
        })
        .collect();
    if texts {
        ctx.countries = country_list.iter().copied().collect();
    }
    if locale.home.is_some() || locale.clock.is_some() {
        let mut weights = country_list.clone();
        for (cc, w) in [(locale.home, tn.locale_home), (locale.clock, tn.locale_clock)] {
            let Some(cc) = cc else { continue };
            match weights.iter_mut().find(|(c, _)| *c == cc) {
                Some(e) => e.1 += w,
                None => weights.push((cc, w)),
            }
        }
        ctx.source_focus = focus_of(&weights);
    }
    (resolved, ctx)
}

/// The place a demonym refers to ("Syrian" → Syria, "Georgian" → Georgia the country
/// unless the article is about the state): its best reading by prior and the countries the
/// article names (`country_w`, its countries' weights as [`doc_context_with`] summed them).
/// Demonyms take no part in the passes above (they are evidence, not places of their own),
/// so this reading changes no other.
fn demonym_reading(t: &Toponym, priors: &[f64], country_w: &[([u8; 2], f64)], gaz: &Gazetteer) -> Option<(u32, &'static str, f64)> {
    let tn = tuning();
    let mut top = TopTwo::default();
    for (posting, &prior) in t.candidates.iter().zip(priors).take(tn.candidates_max) {
        if posting.name_kind != NameKind::Demonym {
            continue;
        }
        let cc = gaz.place_cc_key(posting.place);
        let w = country_w.iter().find(|(c, _)| *c == cc).map_or(0.0, |(_, w)| *w);
        top.offer(posting.place, prior + tn.pass_country * w.min(3.0).sqrt());
    }
    let margin = top.margin();
    top.best.map(|(p, _)| (p, DEMONYM, margin))
}

/// The best-scoring item offered and the runner-up's score (ties keep the first offered).
struct TopTwo<T> {
    best: Option<(T, f64)>,
    second: f64,
}

impl<T> Default for TopTwo<T> {
    fn default() -> Self {
        TopTwo { best: None, second: f64::NEG_INFINITY }
    }
}

impl TopTwo<(usize, &'static str, f64)> {
    /// [`TopTwo::offer`] of a reading `(index, pass, base)` of an unsorted list, offered in
    /// the list's order: a tie of scores goes to the reading a stable sort by `base`, highest
    /// first, would have offered first (the higher base; on equal bases the earlier).
    fn offer_ranked(&mut self, item: (usize, &'static str, f64), score: f64) {
        match &self.best {
            Some((b, bs)) if *bs > score || (*bs == score && b.2 >= item.2) => self.second = self.second.max(score),
            _ => {
                if let Some((_, bs)) = &self.best {
                    self.second = self.second.max(*bs);
                }
                self.best = Some((item, score));
            }
        }
    }
}

impl<T> TopTwo<T> {
    fn offer(&mut self, item: T, score: f64) {
        match &self.best {
            Some((_, bs)) if *bs >= score => self.second = self.second.max(score),
            _ => {
                if let Some((_, bs)) = &self.best {
                    self.second = self.second.max(*bs);
                }
                self.best = Some((item, score));
            }
        }
    }

    /// The best score's lead over the runner-up (10 when there is none).
    fn margin(&self) -> f64 {
        match &self.best {
            Some((_, s)) if self.second.is_finite() => s - self.second,
            _ => 10.0,
        }
    }
}

/// True when the pass that chose a reading is evidence of the article's own (its focus
/// country, state, nearby places, explicit context), not just a prior or a country named
/// somewhere in it.
pub fn locally_supported(pass: &str) -> bool {
    !matches!(pass, "prior" | "borderless-area" | "one-sense-per-discourse" | "country-mentioned" | "none")
}

/// The pass of a demonym's reading.
pub const DEMONYM: &str = "demonym";
/// The "pass" of a name whose every reading the text rules out ("X, Y" with no X in Y;
/// "X in Y" far from every X): the name is a place the gazetteer lacks.
pub const CONTRADICTED: &str = "contradicted";

/// The "pass" of a name whose only readings are small places in a country the article never
/// names, in an article firmly about another country: the name is a place the gazetteer
/// lacks ("Delft" in a Cape Town story), placed like one.
pub const UNSUPPORTED: &str = "unsupported";

/// The [`prior`] of every candidate of every toponym.
// (kept out of `resolve_into`, which it is called once from: inlined, its registers and
// spills were the ranking loops' too)
#[inline(never)]
fn priors_of(toponyms: &[Toponym], gaz: &Gazetteer, priors: &mut PerSpan<f64>, keys: &mut Vec<u64>) {
    let tn = tuning();
    priors.clear();
    priors.items.reserve(toponyms.iter().map(|t| t.candidates.len()).sum());
    // (each span's list length and first place, side by side as one number: the search for
    // an earlier span with the same list reads eight bytes a span, not each span's list
    // through its record, and compares lists only where these agree)
    keys.clear();
    for (k, t) in toponyms.iter().enumerate() {
        // a name read again has the same candidates, so the same priors
        let list: &[Posting] = &t.candidates;
        let key = (list.len() as u64) << 32 | list.first().map_or(u32::MAX, |p| p.place) as u64;
        keys.push(key);
        match keys[..k].iter().enumerate().filter(|&(_, other_key)| *other_key == key).map(|(j, _)| j).find(|&j| *toponyms[j].candidates == *list) {
            Some(j) => priors.repeat(j),
            None => {
                let from = priors.items.len();
                priors.items.extend(t.candidates.iter().map(|posting| {
                    let i = posting.place;
                    // (the place's part kept per place by the gazetteer: its population's
                    // logarithm and the rest computed once, from the record decoded only then)
                    let part = gaz.place_prior_part(i, || prior_place_part(&gaz.place(i), |n| (n as f64 + 1.0).log10()));
                    let r = gaz.record(i);
                    prior_from_place_part(tn, part, (r.kind(), r.population(), r.name_count()), posting)
                }));
                priors.close(from);
            }
        }
    }
}

/// A slice of items for each span of an article, all in one vector (no vector per span; a
/// span read again shares the slice of the first).
struct PerSpan<T> {
    items: Vec<T>,
    /// Each span's slice of `items`.
    at: Vec<std::ops::Range<usize>>,
}

impl<T> Default for PerSpan<T> {
    fn default() -> PerSpan<T> {
        PerSpan { items: Vec::new(), at: Vec::new() }
    }
}

impl<T> PerSpan<T> {
    /// No span yet.
    fn clear(&mut self) {
        self.items.clear();
        self.at.clear();
    }

    /// The next span's slice: the items pushed since `from`.
    fn close(&mut self, from: usize) {
        self.at.push(from..self.items.len());
    }

    /// The next span has no items.
    fn push_empty(&mut self) {
        self.at.push(0..0);
    }

    /// The next span has the items of span `j`.
    fn repeat(&mut self, j: usize) {
        let r = self.at[j].clone();
        self.at.push(r);
    }
}

impl<T: Copy + Default> PerSpan<T> {
    /// Fill anew with `groups` slices, each `(g, item)` of `tagged` put in slice `g`, in
    /// their order: one pass over the items once they are counted per slice, not one pass
    /// over them all for each slice.
    fn group(&mut self, groups: usize, tagged: impl Iterator<Item = (usize, T)> + Clone) {
        self.clear();
        // (each slice's length, then where each starts: its end grows as it is filled)
        self.at.resize(groups, 0..0);
        for (g, _) in tagged.clone() {
            self.at[g].end += 1;
        }
        let mut start = 0;
        for r in &mut self.at {
            let len = r.end;
            *r = start..start;
            start += len;
        }
        self.items.resize(start, T::default());
        for (g, item) in tagged {
            let r = &mut self.at[g];
            self.items[r.end] = item;
            r.end += 1;
        }
    }
}

impl<T> std::ops::Index<usize> for PerSpan<T> {
    type Output = [T];
    fn index(&self, k: usize) -> &[T] {
        &self.items[self.at[k].clone()]
    }
}

/// Count the countries the article talks about, from the candidates' priors ([`priors_of`]).
/// The countries' weights are summed in `weights` too, in the order they are first met (a
/// few countries: found by a comparison of codes each, where the map hashed the code for every
/// span); the context's map of them is left empty, for [`resolve_into`] to make when its
/// caller reads it.
// (kept out of `resolve_into`, which it is called once from: inlined, its registers and
// spills were the ranking loops' too)
#[inline(never)]
fn doc_context_with(toponyms: &[Toponym], gaz: &Gazetteer, priors: &PerSpan<f64>, read: &mut Vec<Option<Option<CountryReading>>>, weights: &mut Vec<([u8; 2], f64)>) -> DocContext {
    // (at most one contribution per span: room for all at once, not grown 4, 8, 16 …)
    let mut ctx = DocContext { contributions: Vec::with_capacity(toponyms.len()), ..DocContext::default() };
    weights.clear();
    // each list's reading, by where its slice of `priors` starts (a name read again shares
    // its first reading's slice, so it is found once; lists of candidates have disjoint
    // slices, so a non-empty slice is known by its start, without a search of the others)
    read.clear();
    read.resize(priors.items.len(), None);
    for (k, t) in toponyms.iter().enumerate() {
        if t.rule == super::CONTAINED_NAME {
            continue;
        }
        let at = &priors.at[k];
        // (no candidate, no reading)
        if at.is_empty() {
            continue;
        }
        let found = *read[at.start].get_or_insert_with(|| country_reading(t, &priors[k], gaz));
        let Some((kind, cc, dominance)) = found else { continue };
        let w = match (t.kind, kind) {
            (SpanKind::Demonym, _) => 1.0,
            (_, Kind::Country) => dominance,
            (_, Kind::Admin1) => 0.7 * dominance,
            _ => 0.5 * dominance,
        };
        // (a new country's weight starts at 0, as the map's entry did)
        match weights.iter_mut().find(|(c, _)| *c == cc) {
            Some(e) => e.1 += w,
            None => weights.push((cc, 0.0 + w)),
        }
        if w > 0.0 {
            ctx.contributions.push((k, cc, w));
            if t.kind != SpanKind::Demonym && kind != Kind::Country {
                ctx.placed.insert(&cc);
            }
        }
    }
    ctx.focus = focus_of(weights);
    ctx
}

/// The focus of an article's country weights: the country of the largest weight (the smaller
/// code on a tie) when it is at least 1 and more than the next largest (0 when it is alone);
/// one pass, nothing sorted.
fn focus_of(weights: &[([u8; 2], f64)]) -> Option<String> {
    let mut best: Option<(&[u8; 2], f64)> = None;
    let mut next: Option<f64> = None;
    for (cc, w) in weights.iter() {
        let w = *w;
        let beaten = |(bcc, bw): (&[u8; 2], f64)| w > bw || (w == bw && cc < bcc);
        let runner_up = match best {
            Some(b) if !beaten(b) => w,
            Some((_, bw)) => {
                best = Some((cc, w));
                bw
            }
            None => {
                best = Some((cc, w));
                continue;
            }
        };
        next = Some(next.map_or(runner_up, |n| n.max(runner_up)));
    }
    let (cc, w) = best?;
    let second = next.unwrap_or(0.0);
    // (the code's bytes up to its zero padding, as `Place::cc` reads it)
    let n = cc.iter().position(|b| *b == 0).unwrap_or(2);
    (w >= 1.0 && w > second).then(|| String::from_utf8_lossy(&cc[..n]).into_owned())
}

/// A list's reading as it votes: (kind, country, dominance).
type CountryReading = (Kind, [u8; 2], f64);

/// The reading a span's list votes through ([`doc_context_with`]): its best by prior, as
/// (kind, country, dominance over the best reading in another country); `None` when it
/// votes for no country.
fn country_reading(t: &Toponym, pri: &[f64], gaz: &Gazetteer) -> Option<CountryReading> {
    // a demonym or a country name votes for its country, an unambiguous place weakly;
    // an ambiguous name (Georgia, Dublin, Paris) must not vote through its own reading
    // (best: prior, place, its country code)
    let mut best: Option<(f64, u32, [u8; 2])> = None;
    let mut second = f64::NEG_INFINITY;
    for (posting, &s) in t.candidates.iter().zip(pri) {
        // (a reading no better than the runner-up so far changes neither: its country, a
        // read of its record, is not needed; most of a long list is such readings)
        if s <= second && best.as_ref().is_some_and(|(bs, _, _)| *bs >= s) {
            continue;
        }
        let cc = gaz.place_cc_key(posting.place);
        match &best {
            Some((bs, _, bcc)) if *bs >= s => {
                if *bcc != cc {
                    second = second.max(s);
                }
            }
            _ => {
                if let Some((bs, _, bcc)) = &best {
                    if *bcc != cc {
                        second = second.max(*bs);
                    }
                }
                best = Some((s, posting.place, cc));
            }
        }
    }
    let (bs, place, _) = best?;
    // (the record's fields read, not a whole place decoded)
    let p = gaz.record(place);
    let (cc, kind) = (p.cc_key(), p.kind());
    // (a division named by compass words alone needs its country named, so it casts no vote)
    if cc == [0, 0] || (matches!(kind, Kind::Admin1 | Kind::Admin2) && compass_name(p.name())) {
        return None;
    }
    // how clearly the best reading wins over readings in other countries
    let dominance = if second.is_finite() { ((bs - second) / 3.0).clamp(0.0, 1.0) } else { 1.0 };
    Some((kind, cc, dominance))
}

/// What "X, Y" or "X in Y" says about where X is.
enum Context {
    /// Y is a country or first-level division: X lies in it.
    Area { cc: [u8; 2], admin1: String },
    /// Y is a town: X lies near it; `strict` ("X in Y") rules out readings far from it.
    Near { lon: f64, lat: f64, strict: bool },
    /// "X, Y" with Y a division that holds none of X's readings: none of them is meant.
    Contradicted,
}

impl Context {
    /// X lies in `p`, a country or a first-level division.
    fn area(p: &Place<'_>) -> Context {
        let admin1 = if p.kind == Kind::Admin1 { p.admin1().to_string() } else { String::new() };
        Context::Area { cc: p.cc_key(), admin1 }
    }
}

/// The reading of a span with the best prior among those `keep` accepts.
fn best_reading<'g>(t: &Toponym, priors: &[f64], gaz: &'g Gazetteer, keep: impl Fn(&Posting, &Place<'_>) -> bool) -> Option<Place<'g>> {
    let mut best: Option<(f64, Place<'g>)> = None;
    for (posting, &s) in t.candidates.iter().zip(priors) {
        let p = gaz.place(posting.place);
        if keep(posting, &p) && best.as_ref().is_none_or(|(bs, _)| s > *bs) {
            best = Some((s, p));
        }
    }
    best.map(|(_, p)| p)
}

/// The lower-cased words of one `[section]` of data/lexicon/place_context.txt, read once for
/// all sections ("within": the words between "in" and a containing place, "in central
/// Baghdad"; "phrase_starts", "street_words", "settlement_words", the cue words …). A
/// section the file lacks is empty.
pub(crate) fn place_context(section: &str) -> &'static std::collections::HashSet<String> {
    static SECTIONS: std::sync::OnceLock<std::collections::HashMap<&'static str, std::collections::HashSet<String>>> = std::sync::OnceLock::new();
    static EMPTY: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    SECTIONS
        .get_or_init(|| {
            let mut all: std::collections::HashMap<&'static str, std::collections::HashSet<String>> = std::collections::HashMap::new();
            for (s, w) in crate::extract::lexicon::entries(include_str!("../../data/lexicon/place_context.txt")) {
                all.entry(s).or_default().insert(w.to_lowercase());
            }
            all
        })
        .get(section)
        .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
}

/// Whether two names have one list of readings, place by place (none: no list).
fn same_readings(a: &Toponym, b: &Toponym) -> bool {
    let (x, y) = (&a.candidates[..], &b.candidates[..]);
    !x.is_empty() && x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.place == q.place)
}

/// The word of `chars` that starts after the white space from `i`: a '/' or '&' alone, or the
/// chars up to the next white space or '/', as [start, end).
fn word_after(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let s = i + chars.get(i..)?.iter().position(|c| !c.is_whitespace())?;
    if matches!(chars[s], '/' | '&') {
        return Some((s, s + 1));
    }
    let e = chars[s..].iter().position(|c| c.is_whitespace() || *c == '/').map_or(chars.len(), |p| s + p);
    Some((s, e))
}

/// The word of `chars` that ends before the white space before `i`, as [`word_after`] reads
/// words.
fn word_before(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let e = chars.get(..i)?.iter().rposition(|c| !c.is_whitespace())? + 1;
    if matches!(chars[e - 1], '/' | '&') {
        return Some((e - 1, e));
    }
    let s = chars[..e].iter().rposition(|c| c.is_whitespace() || matches!(c, '/' | '&')).map_or(0, |p| p + 1);
    Some((s, e))
}

/// Whether the words around the span at [start, end) make it a street's name: a word of
/// `[street_junction_words]` right after it ("the Elysian Fields intersection", "State and
/// Hubbard streets") or after a second name joined to it by "/", "&" or "and" ("the
/// Chartres/Franklin intersection"); or "and" between it and another name after a word of
/// `[street_corner_words]` and "of" ("the intersection of Main and Elm", either name).
fn street_junction(chars: &[char], start: usize, end: usize) -> bool {
    // (the two short lists read once, with the set of the junction words' first letters,
    // and compared word by word: no hashing per name)
    static WORDS: std::sync::OnceLock<([Vec<String>; 2], u32)> = std::sync::OnceLock::new();
    let ([junction_words, corner_words], firsts) = WORDS.get_or_init(|| {
        let lists = ["street_junction_words", "street_corner_words"].map(|s| place_context(s).iter().cloned().collect::<Vec<String>>());
        let firsts = lists[0].iter().filter_map(|w| w.bytes().next()).filter(u8::is_ascii_lowercase).fold(0u32, |m, b| m | 1 << (b - b'a'));
        (lists, firsts)
    });
    // (most names are told at once by the chars next to them: neither a joiner nor the first
    // letter of a junction word after, nor a joiner's last char before)
    let next = chars.get(end..).and_then(|r| r.iter().take(4).find(|c| !c.is_whitespace()));
    let before = &chars[..start.min(chars.len())];
    let before = &before[..before.iter().rposition(|c| !c.is_whitespace()).map_or(0, |p| p + 1)];
    let joined = matches!(before, [.., '/' | '&'] | [.., ' ', 'a', 'n', 'd']);
    let opens = |c: &char| matches!(c, '/' | '&' | 'a') || (c.is_ascii_lowercase() && firsts & 1 << (*c as u8 - b'a') != 0);
    if !joined && !next.is_some_and(opens) {
        return false;
    }
    // (a word's trailing punctuation is not its own: "streets.")
    let bare = |(s, e): (usize, usize)| {
        let e = s + chars[s..e].iter().rposition(|c| c.is_alphanumeric()).map_or(0, |p| p + 1);
        (s, e)
    };
    let is = |w: (usize, usize), words: &[String]| {
        let (s, e) = bare(w);
        let mut buf = [0u8; WORD_BUF];
        e > s && ascii_word(&chars[s..e], true, &mut buf).is_some_and(|w| words.iter().any(|x| x == w))
    };
    let junction = |w: (usize, usize)| chars[w.0].is_lowercase() && is(w, junction_words);
    let capital = |w: (usize, usize)| chars[w.0].is_uppercase() || chars[w.0].is_ascii_digit();
    let joiner = |w: (usize, usize)| matches!(chars[w.0..w.1], ['/'] | ['&'] | ['a', 'n', 'd']);
    // (a name's last word closed by punctuation ends the phrase)
    let closed = |w: (usize, usize)| bare(w).1 < w.1;
    // what may follow the last name: not a plural noun of another kind ("Aleppo and Idlib
    // provinces")
    let may_end = |next: Option<(usize, usize)>| next.is_none_or(|w| !chars[w.0].is_lowercase() || chars[bare(w).1.max(w.0 + 1) - 1] != 's');
    // "intersection of" or "corner of" right before `i`
    let corner_before = |i: usize| {
        word_before(chars, i).filter(|w| chars[w.0..w.1] == ['o', 'f']).and_then(|of| word_before(chars, of.0)).is_some_and(|w| chars[w.0].is_lowercase() && is(w, corner_words))
    };
    let Some(w1) = word_after(chars, end) else { return false };
    if junction(w1) {
        return true;
    }
    if joiner(w1) {
        // the second name, of up to three words
        let mut at = w1.1;
        for _ in 0..3 {
            let Some(w) = word_after(chars, at).filter(|w| capital(*w)) else { return false };
            at = w.1;
            let next = word_after(chars, at);
            if closed(w) {
                return corner_before(start);
            }
            match next {
                Some(n) if junction(n) => return true,
                Some(n) if capital(n) => continue,
                _ => return may_end(next) && corner_before(start),
            }
        }
        return false;
    }
    // the second of two after "intersection of": the first name, of up to three words
    if !may_end(Some(w1)) {
        return false;
    }
    let Some(j) = word_before(chars, start).filter(|j| joiner(*j)) else { return false };
    let mut at = j.0;
    for _ in 0..3 {
        let Some(w) = word_before(chars, at).filter(|w| capital(*w) && !closed(*w)) else { return false };
        at = w.0;
        if corner_before(at) {
            return true;
        }
    }
    false
}

/// Explicit context of toponym `k` from the toponym after it: "Alexandria, La.", "Ariha in
/// Idlib province", "Deir ez-Zor in eastern Syria", "Tahrir Square in central Baghdad".
fn explicit_context(toponyms: &[Toponym], k: usize, chars: &[char], gaz: &Gazetteer, priors: &PerSpan<f64>) -> Option<Context> {
    let t = &toponyms[k];
    let next = toponyms.get(k + 1)?;
    // given spans may overlap or nest ("New York" inside "New York City")
    let gap = chars.get(t.end..next.start)?;
    // (a comma or "in" opens what is between: most gaps are told by their first char, before
    // they are trimmed)
    if !matches!(gap.iter().find(|c| !c.is_whitespace()), Some(',' | 'i' | 'I')) {
        return None;
    }
    // a site named after its town, in that town ("Riverdale Lukoil South in Riverdale"): the
    // town says nothing of which of its namesakes it is
    if same_readings(t, next) {
        return None;
    }
    let between = trim_chars(gap);
    let comma = between == [','];
    // ("Ma'an, in Hama province": a comma may open the phrase, before a division or a
    // country only: "al-Qaida in Iraq, in Muqdadiyah" puts no country in a town)
    let comma_in = !comma && between.first() == Some(&',') && in_phrase(trim_chars(&between[1..]));
    let within = !comma && (in_phrase(between) || comma_in);
    if !comma && !within {
        return None;
    }
    // (the cue may be the span's own last word: "in the Hama Governorate's countryside")
    let names_division = || {
        let last = next.text.rsplit(' ').next().unwrap_or("");
        next.text.contains(' ') && cue_words().admin.words.iter().any(|w| !w.contains(' ') && last.eq_ignore_ascii_case(w))
    };
    let area_linked = comma || admin_cue(chars, next.end) || next.candidates.iter().any(|p| gaz.place_kind(p.place) == Kind::Country) || names_division();
    if comma_in && !area_linked {
        return None;
    }
    // Y's best area reading, else (with "in") its best town reading
    // (by kind, read alone from each record: only the readings kept are decoded below)
    let mut area: Option<(f64, u32)> = None;
    let mut town: Option<(f64, u32)> = None;
    for (posting, &s) in next.candidates.iter().zip(&priors[k + 1]) {
        let slot = match gaz.place_kind(posting.place) {
            Kind::Country | Kind::Admin1 => &mut area,
            Kind::City => &mut town,
            _ => continue,
        };
        if slot.as_ref().is_none_or(|(bs, _)| s > *bs) {
            *slot = Some((s, posting.place));
        }
    }
    // (X must not be an item of a list itself: "Miami, West Palm Beach, New York, and Detroit")
    let listed = k.checked_sub(1).and_then(|j| chars.get(toponyms[j].end..t.start)).is_some_and(|b| trim_chars(b) == [',']);
    // nor the first of three: "stops in Washington, New York and Boston" (Boston a town with
    // no container of its own, unlike "Springfield, Illinois and Springfield, Missouri")
    if comma && list_of_towns_follows(toponyms, k + 1, chars, gaz, priors) {
        return None;
    }
    if (comma || (within && area_linked)) && !listed && contradicts(t, next, &priors[k + 1], chars, gaz, within) {
        return Some(Context::Contradicted);
    }
    match (area, town) {
        (Some((_, p)), _) if area_linked => Some(Context::area(&gaz.place(p))),
        (_, Some((_, p))) if within && !area_linked => {
            let p = gaz.record(p);
            Some(Context::Near { lon: p.lon(), lat: p.lat(), strict: true })
        }
        _ => None,
    }
}

/// "Grantville, Pennsylvania" when no Grantville the gazetteer knows is in Pennsylvania:
/// Y is a division (state, country, county) that none of X's readings lies in, so X is a
/// place the gazetteer lacks, not a namesake elsewhere. Only for X's town-like readings
/// ("France, Germany and Italy" is a list), and, `within` ("Ma'an in Hama province"), its
/// first-level divisions too; only when Y ends the phrase or a division's word follows it
/// ("Kabul, Pakistan said" is two clauses; "Dakota, Otoe and Washington counties" is a list).
fn contradicts(t: &Toponym, next: &Toponym, next_priors: &[f64], chars: &[char], gaz: &Gazetteer, within: bool) -> bool {
    // (or a division's word ends it: "Ma'an in Hama province")
    if t.candidates.is_empty() || !(phrase_ends_after(chars, next.end) || admin_cue(chars, next.end)) {
        return false;
    }
    // Y read on its own must be a division ("Paris, London and Berlin" is a list of towns)
    let top = next.candidates.iter().zip(next_priors).max_by(|a, b| a.1.total_cmp(b.1));
    if !top.is_some_and(|(posting, _)| matches!(gaz.place_kind(posting.place), Kind::Country | Kind::Admin1 | Kind::Admin2)) {
        return false;
    }
    let areas: Vec<Place<'_>> = next
        .candidates
        .iter()
        .take(tuning().candidates_max)
        .map(|posting| gaz.place(posting.place))
        .filter(|p| matches!(p.kind, Kind::Country | Kind::Admin1 | Kind::Admin2))
        .collect();
    if areas.is_empty() {
        return false;
    }
    t.candidates.iter().take(tuning().candidates_max).all(|posting| {
        let p = gaz.place(posting.place);
        (matches!(p.kind, Kind::City | Kind::Facility | Kind::Admin2) || (within && p.kind == Kind::Admin1))
            && !areas.iter().any(|a| match a.kind {
                Kind::Country => a.cc() == p.cc(),
                Kind::Admin1 => a.cc() == p.cc() && a.admin1() == p.admin1(),
                _ => a.cc() == p.cc() && haversine_km(a.lon, a.lat, p.lon, p.lat) <= tuning().pass_county_km,
            })
    })
}


/// Whether toponym `y` is followed by "and"/"or"/", and" and a toponym Z whose best reading
/// is a town and that no ", " container follows: Y is then an item of a list of towns.
/// True when reading `c` is of the kind another name of its list was read as (`o`): a town
/// among towns, a division among divisions (a county's name is often a town's: it counts as
/// neither).
fn same_list_kind(c: &Cand, o: &Cand) -> bool {
    (c.point_like && o.point_like && !o.county) || (c.division && o.division && !c.county && !o.county)
}

/// For each span, the range of span indices of the list of names it is in (`(k, k)`: none).
/// Names are joined by ", ", " and ", " or ", ", and ", ", or "; a list holds three names or
/// more, or two joined by a word.
fn list_ranges(toponyms: &[Toponym], chars: &[char], lists: &mut Vec<(u32, u32)>) {
    lists.clear();
    lists.extend((0..toponyms.len() as u32).map(|k| (k, k)));
    // how span k is joined to span k + 1: 0 not, 1 by a comma, 2 by a word
    let join = |k: usize| -> u8 {
        let (a, b) = (toponyms[k].end, toponyms[k + 1].start);
        if b < a || b - a > 6 {
            return 0;
        }
        match &chars[a..b] {
            [',', ' '] => 1,
            [' ', 'a', 'n', 'd', ' '] | [' ', 'o', 'r', ' '] | [',', ' ', 'a', 'n', 'd', ' '] | [',', ' ', 'o', 'r', ' '] => 2,
            _ => 0,
        }
    };
    let mut k = 0;
    while k + 1 < toponyms.len() {
        let mut e = k;
        let mut worded = false;
        while e + 1 < toponyms.len() {
            let j = join(e);
            if j == 0 {
                break;
            }
            worded |= j == 2;
            e += 1;
        }
        if e - k >= 2 || (e > k && worded) {
            for x in &mut lists[k..=e] {
                *x = (k as u32, e as u32 + 1);
            }
        }
        k = e + 1;
    }
}

fn list_of_towns_follows(toponyms: &[Toponym], y: usize, chars: &[char], gaz: &Gazetteer, priors: &PerSpan<f64>) -> bool {
    let (Some(yt), Some(z)) = (toponyms.get(y), toponyms.get(y + 1)) else { return false };
    let Some(between) = chars.get(yt.end..z.start) else { return false };
    // (read in place, commas then white space skipped: the text between two names may be
    // long, and a copy of it cost more than the test)
    let mut words = trim_chars(between);
    while let [',', rest @ ..] = words {
        words = rest;
    }
    let joined = matches!(trim_chars(words), ['a', 'n', 'd'] | ['o', 'r']);
    if !joined {
        return false;
    }
    let best = z.candidates.iter().zip(&priors[y + 1]).max_by(|a, b| a.1.total_cmp(b.1)).map(|(posting, _)| gaz.place_kind(posting.place));
    if best != Some(Kind::City) {
        return false;
    }
    let contained = toponyms.get(y + 2).is_some_and(|w| chars.get(z.end..w.start).is_some_and(|b| trim_chars(b) == [',']));
    !contained
}

/// Whether the phrase ends after `end`: at punctuation, the end of the text, or a word that
/// starts a new phrase ("Grantville, Pennsylvania, on November 4"; "Kent, Ohio in 1970").
fn phrase_ends_after(chars: &[char], end: usize) -> bool {
    let rest = &chars[end.min(chars.len())..];
    let rest = &rest[rest.iter().position(|c| *c != ' ').unwrap_or(rest.len())..];
    match rest.first() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let n = rest.iter().position(|c| !c.is_alphabetic()).unwrap_or(rest.len());
            let starts = place_context("phrase_starts");
            let mut buf = [0u8; WORD_BUF];
            match ascii_word(&rest[..n], false, &mut buf) {
                Some(word) => starts.contains(word),
                None => starts.contains(&rest[..n].iter().collect::<String>()),
            }
        }
    }
}


/// "the Syrian town of X", "the English city of X", "the Iraqi province of X": X lies in
/// the country (or division) the demonym names.
fn demonym_context(toponyms: &[Toponym], k: usize, chars: &[char], gaz: &Gazetteer, priors: &PerSpan<f64>) -> Option<Context> {
    // (a given span is a place span even when it is a demonym: its postings tell)
    let prev = toponyms.get(k.checked_sub(1)?)?;
    let between = trim_chars(chars.get(prev.end..toponyms[k].start)?);
    // (the words between must end with "of", which two chars tell: most spans fail that
    // before the demonym's candidates or the words are read)
    if !matches!(between, [.., 'o' | 'O', 'f' | 'F']) {
        return None;
    }
    if prev.kind != SpanKind::Demonym && !prev.candidates.iter().any(|p| p.name_kind == NameKind::Demonym) {
        return None;
    }
    // "town of", "border town of": two or three words (most spans after a demonym are far
    // from it; their text is not copied)
    if !(2..=3).contains(&word_count_upto(between, 4)) {
        return None;
    }
    let between: String = between.iter().collect::<String>().to_lowercase();
    let words: Vec<&str> = between.split_whitespace().collect();
    let (last, head) = words.split_last()?;
    if *last != "of" || head.is_empty() || head.len() > 2 || !head.iter().any(|w| DEMONYM_PLACE_NOUNS.contains(w)) {
        return None;
    }
    let p = best_reading(prev, &priors[k - 1], gaz, |posting, p| {
        posting.name_kind == NameKind::Demonym && matches!(p.kind, Kind::Country | Kind::Admin1)
    })?;
    Some(Context::area(&p))
}

/// "London's Heathrow", "Syria's Aleppo", "Aleppo's Sheikh Maqsoud": X lies in or near
/// the place named before it in the possessive.
fn possessive_context(toponyms: &[Toponym], k: usize, chars: &[char], gaz: &Gazetteer, priors: &PerSpan<f64>) -> Option<Context> {
    let prev = toponyms.get(k.checked_sub(1)?)?;
    let t = &toponyms[k];
    if prev.kind == SpanKind::Demonym || prev.end > t.start {
        return None;
    }
    // the "'s" may be inside the span before or between the two
    let gap = &chars[prev.end..t.start];
    // (either way the last char before the name but white space is an "s", or there is none:
    // most gaps are told by their last char, before they are trimmed)
    if !matches!(gap.iter().rfind(|c| !c.is_whitespace()), None | Some('s')) {
        return None;
    }
    let between = trim_chars(gap);
    let possessive = |c: &[char]| matches!(c, ['\'' | '’', 's']);
    let written = possessive(between) || (between.is_empty() && (chars[..prev.end].ends_with(&['’', 's']) || chars[..prev.end].ends_with(&['\'', 's'])));
    if !written {
        return None;
    }
    let p = best_reading(prev, &priors[k - 1], gaz, |posting, p| {
        posting.name_kind != NameKind::Demonym && matches!(p.kind, Kind::Country | Kind::Admin1 | Kind::City)
    })?;
    Some(match p.kind {
        Kind::City => Context::Near { lon: p.lon, lat: p.lat, strict: false },
        _ => Context::area(&p),
    })
}

/// Whether a name is made of compass words alone, but for a division word ("North Western",
/// "Central", "Far North", "Western Region").
pub(crate) fn compass_name(name: &str) -> bool {
    let words = compass_words();
    // one pass over the words, nothing collected (ranking asks for every division candidate);
    // a name opening with a letter no compass word starts with is none
    let first = name.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
    if !matches!(first, b' ' | b'-') && !words.first_letters.contains(&first) {
        return false;
    }
    // (split as bytes: the separators are ASCII, so the pieces are the chars' pieces)
    let mut last: Option<&[u8]> = None;
    let mut head = 0;
    for w in name.as_bytes().split(|b| matches!(b, b' ' | b'-')).filter(|w| !w.is_empty()) {
        // every word but the last must be a compass word (and so the first, whatever follows:
        // tested as soon as it is read, most names fail there)
        if let Some(prev) = last {
            if head > 0 && !words.is_compass(prev) {
                return false;
            }
            head += 1;
        } else if !words.is_compass(w) {
            return false;
        }
        last = Some(w);
    }
    // the last is a compass word too, or a division word after at least one
    last.is_some_and(|w| words.is_compass(w) || (head > 0 && words.divisions.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(w))))
}

/// `[compass_words]` and `[compass_division_words]` of data/lexicon/place_context.txt.
struct CompassWords {
    compass: Vec<String>,
    divisions: Vec<String>,
    /// The first letters of the compass words (a sieve before the comparisons).
    first_letters: Vec<u8>,
    /// The range of `compass` whose words start with each byte (ASCII case ignored): a word is
    /// compared with those alone.
    by_first: [(usize, usize); 256],
}

impl CompassWords {
    /// Whether the word `w` (not empty) is one of `compass`, ASCII case ignored.
    fn is_compass(&self, w: &[u8]) -> bool {
        let (from, to) = w.first().map_or((0, 0), |f| self.by_first[f.to_ascii_lowercase() as usize]);
        self.compass[from..to].iter().any(|c| c.as_bytes().eq_ignore_ascii_case(w))
    }
}

fn compass_words() -> &'static CompassWords {
    static WORDS: std::sync::OnceLock<CompassWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let sorted = |section: &str| {
            let mut v: Vec<String> = place_context(section).iter().cloned().collect();
            v.sort();
            v
        };
        let compass = sorted("compass_words");
        let mut first_letters: Vec<u8> = compass.iter().filter_map(|w| w.bytes().next()).collect();
        first_letters.dedup();
        // (grouped by the lower case of their first byte, the key a word is looked up by)
        let mut compass = compass;
        compass.sort_by_key(|w| w.as_bytes().first().map(u8::to_ascii_lowercase));
        let mut by_first = [(0usize, 0usize); 256];
        for (i, w) in compass.iter().enumerate() {
            if let Some(f) = w.as_bytes().first() {
                let r = &mut by_first[f.to_ascii_lowercase() as usize];
                if r.1 == 0 {
                    r.0 = i;
                }
                r.1 = i + 1;
            }
        }
        CompassWords { compass, divisions: sorted("compass_division_words"), first_letters, by_first }
    })
}

/// Nouns in "the Syrian town of X".
const DEMONYM_PLACE_NOUNS: &[&str] =
    &["city", "town", "village", "port", "capital", "province", "region", "district", "state", "enclave", "suburb", "island", "county", "governorate", "municipality"];

/// What the word right after a name says it names (words in data/lexicon/place_context.txt).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cue {
    None,
    /// "Idlib province", "Orange County": a division.
    Admin,
    /// "Heathrow airport": an airport or air base.
    Airport,
    /// "The Washington Post", "New York Times": a paper named after its city.
    Newspaper,
    /// "the Naivasha market", "the Delft police station": a local site, often named after a
    /// distant town.
    Site,
}

/// The cue words of each kind, lower-case ASCII.
struct CueWords {
    admin: CueList,
    airport: CueList,
    newspaper: CueList,
    site: CueList,
    /// For each ASCII first byte of a word of the four lists, the set of the second bytes
    /// that follow it, one bit each (all bits for a word whose second byte is no ASCII byte).
    pairs: [u128; 128],
}

/// Cue words with the set of their ASCII first bytes, one bit each.
struct CueList {
    /// Sorted by first byte.
    words: Vec<String>,
    first: u128,
    /// For each ASCII byte, the range of `words` that start with it.
    by_first: [(usize, usize); 128],
    /// Where the words that start with a non-ASCII char begin (they sort last).
    non_ascii_from: usize,
}

impl CueList {
    fn new(mut words: Vec<String>) -> CueList {
        words.sort_by_key(|w| w.bytes().next());
        let first = words.iter().filter_map(|w| w.bytes().next()).filter(|b| b.is_ascii()).fold(0u128, |m, b| m | 1 << b);
        let mut by_first = [(0, 0); 128];
        for (b, range) in by_first.iter_mut().enumerate() {
            let from = words.partition_point(|w| w.bytes().next().is_none_or(|f| (f as usize) < b));
            let to = words.partition_point(|w| w.bytes().next().is_none_or(|f| (f as usize) <= b));
            *range = (from, to);
        }
        let non_ascii_from = words.partition_point(|w| w.bytes().next().is_none_or(|f| f.is_ascii()));
        CueList { words, first, by_first, non_ascii_from }
    }

    /// Whether one of the words opens `rest` (the chars after the white space), whose first
    /// char lower-cases to one starting with `lower` ([`first_lowered`]).
    fn opens(&self, rest: &[char], lower: Option<char>) -> bool {
        match lower {
            // a letter that starts no cue word rules them all out at once; only a word
            // starting with it can match
            Some(l) if l.is_ascii() => {
                if self.first & 1 << l as u32 == 0 {
                    return false;
                }
                let (from, to) = self.by_first[l as usize];
                self.words[from..to].iter().any(|w| starts_with_lowercased(rest, w))
            }
            // (a quote, a dash or a letter that lower-cases to no ASCII letter: only a word
            // starting with a non-ASCII char could match, and the lists have none)
            Some(_) => self.words[self.non_ascii_from..].iter().any(|w| starts_with_lowercased(rest, w)),
            None => self.words.iter().any(|w| starts_with_lowercased(rest, w)),
        }
    }
}

/// The first char of `rest` lower-cased (of its lower case, for the few chars whose lower
/// case is two: 'İ' is 'i' and a dot), `None` when `rest` is empty.
fn first_lowered(rest: &[char]) -> Option<char> {
    let c = *rest.first()?;
    Some(if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) })
}

fn cue_words() -> &'static CueWords {
    static WORDS: std::sync::OnceLock<CueWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let list = |section: &str| CueList::new(place_context(section).iter().cloned().collect());
        let (admin, airport, newspaper, site) = (list("admin_cue_words"), list("airport_cue_words"), list("newspaper_cue_words"), list("site_cue_words"));
        let mut pairs = [0u128; 128];
        for w in admin.words.iter().chain(&airport.words).chain(&newspaper.words).chain(&site.words) {
            if let [a, rest @ ..] = w.as_bytes() {
                if a.is_ascii() {
                    pairs[*a as usize] |= match rest.first() {
                        Some(b) if b.is_ascii() => 1 << b,
                        _ => u128::MAX,
                    };
                }
            }
        }
        CueWords { admin, airport, newspaper, site, pairs }
    })
}

/// The cue after a span ending at `end` (the white space after it skipped once for the three
/// lists).
fn cue_after(chars: &[char], end: usize) -> Cue {
    let w = cue_words();
    let rest = cue_window(chars, end);
    let lower = first_lowered(rest);
    // (most words after a name start no cue word of any list)
    if let Some(l) = lower.filter(|l| l.is_ascii()) {
        if (w.admin.first | w.airport.first | w.newspaper.first | w.site.first) & 1 << l as u32 == 0 {
            return Cue::None;
        }
        // (nor do most of those that do, with the next letter: "in", "said", "and". An ASCII
        // second char is compared as it is, lower-cased, so a word opens `rest` only if its
        // first two bytes are these two)
        if let [_, second, ..] = rest {
            if second.is_ascii() && w.pairs[l as usize] & 1 << second.to_ascii_lowercase() as u32 == 0 {
                return Cue::None;
            }
        }
    }
    if w.admin.opens(rest, lower) {
        Cue::Admin
    } else if w.airport.opens(rest, lower) {
        Cue::Airport
    } else if w.newspaper.opens(rest, lower) {
        Cue::Newspaper
    } else if w.site.opens(rest, lower) && site_word_ends(rest) {
        Cue::Site
    } else {
        Cue::None
    }
}

/// Whether the site word that opens `rest` is a whole word ("market", not "marketing").
fn site_word_ends(rest: &[char]) -> bool {
    cue_words().site.words.iter().any(|w| starts_with_lowercased(rest, w) && rest.get(w.chars().count()).is_none_or(|c| !c.is_alphanumeric()))
}

/// "X province", "X governorate", "X district": the span names a division.
fn admin_cue(chars: &[char], end: usize) -> bool {
    let rest = cue_window(chars, end);
    cue_words().admin.opens(rest, first_lowered(rest))
}

/// The next 16 chars after `end`, from the first that is not white space: where a cue word
/// (lower-case ASCII) is looked for. No allocation: the words are ASCII, so any other char
/// ends a comparison.
fn cue_window(chars: &[char], end: usize) -> &[char] {
    let rest = &chars[end..(end + 16).min(chars.len())];
    &rest[rest.iter().position(|c| !c.is_whitespace()).unwrap_or(rest.len())..]
}

/// "in", or "in" and words that may stand before a containing place ("in central").
fn in_phrase(between: &[char]) -> bool {
    match between {
        ['i' | 'I', 'n'] => true,
        ['i' | 'I', 'n', c, rest @ ..] if c.is_whitespace() => {
            let within = place_context("within");
            // (word by word, lower-cased in a buffer, to the first word that is none of them:
            // the rest may be a long stretch of text; a word of other letters, or a long one,
            // sends the whole rest through `str::to_lowercase`, whose result it keeps)
            let mut buf = [0u8; WORD_BUF];
            for word in rest.split(|c| c.is_whitespace()).filter(|w| !w.is_empty()) {
                match ascii_word(word, true, &mut buf) {
                    Some(w) if !within.contains(w) => return false,
                    Some(_) => {}
                    None => return rest.iter().collect::<String>().to_lowercase().split_whitespace().all(|w| within.contains(w)),
                }
            }
            true
        }
        _ => false,
    }
}

/// The longest word [`ascii_word`] copies.
const WORD_BUF: usize = 32;

/// `word` as text in `buf` (lower-cased ASCII when `lower`), when it is all ASCII and fits:
/// a word list is asked without a `String` per word. `None` otherwise.
fn ascii_word<'b>(word: &[char], lower: bool, buf: &'b mut [u8; WORD_BUF]) -> Option<&'b str> {
    if word.len() > WORD_BUF || !word.iter().all(|c| c.is_ascii()) {
        return None;
    }
    for (b, c) in buf.iter_mut().zip(word) {
        *b = if lower { c.to_ascii_lowercase() } else { *c } as u8;
    }
    std::str::from_utf8(&buf[..word.len()]).ok()
}

/// The number of white-space-separated words in `chars` (as `split_whitespace` counts
/// them, also after lower-casing), counting no further than `max`.
fn word_count_upto(chars: &[char], max: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in chars {
        let space = c.is_whitespace();
        if !space && !in_word {
            n += 1;
            if n >= max {
                break;
            }
        }
        in_word = !space;
    }
    n
}

/// `chars` without white space at either end (as `str::trim`).
fn trim_chars(chars: &[char]) -> &[char] {
    let s = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(chars.len());
    let e = chars.iter().rposition(|c| !c.is_whitespace()).map_or(s, |e| e + 1);
    &chars[s..e.max(s)]
}

/// True when `chars`, lower-cased as `str::to_lowercase` would, starts with the ASCII `word`.
fn starts_with_lowercased(chars: &[char], word: &str) -> bool {
    // ASCII chars lower-case one to one: compare them directly, and stop at the first that
    // differs (most words differ in their first letter)
    for (i, b) in word.bytes().enumerate() {
        match chars.get(i) {
            Some(c) if c.is_ascii() => {
                if c.to_ascii_lowercase() as u8 != b {
                    return false;
                }
            }
            _ => return starts_with_lowercased_any(chars, word),
        }
    }
    true
}

/// [`starts_with_lowercased`] for any chars (some lower-case to more than one).
fn starts_with_lowercased_any(chars: &[char], word: &str) -> bool {
    let mut it = chars.iter().flat_map(|c| c.to_lowercase());
    word.chars().all(|w| it.next() == Some(w))
}

pub use crate::geodesy::haversine_km;
use crate::geodesy::haversine_km_with_cos;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_set_holds_the_codes_put_in_it_only() {
        let mut set = CountrySet::default();
        for cc in [b"US", b"ZW", b"AA"] {
            set.insert(cc);
        }
        assert!(set.contains(b"US") && set.contains(b"ZW") && set.contains(b"AA"));
        assert!(!set.contains(b"GB") && !set.contains(b"UT") && !set.contains(b"ZZ"));
        // a code of no two capitals is never in it
        set.insert(&[0, 0]);
        assert!(!set.contains(&[0, 0]));
    }

    #[test]
    fn street_junctions_are_told_by_the_words_around_the_names() {
        let at = |text: &str, name: &str| {
            let chars: Vec<char> = text.chars().collect();
            let b = text.find(name).expect("name in text");
            let s = text[..b].chars().count();
            street_junction(&chars, s, s + name.chars().count())
        };
        for (text, name) in [
            ("the Chartres/Franklin intersection was", "Chartres"),
            ("the Chartres/Franklin intersection was", "Franklin"),
            ("on either side of the Elysian Fields intersection.", "Elysian Fields"),
            ("collapsed at the corner of State and Hubbard streets, police said", "State"),
            ("collapsed at the corner of State and Hubbard streets, police said", "Hubbard"),
            ("rolled down Bourbon and Dauphine streets to", "Bourbon"),
            ("near the intersection of Main and Elm, police said", "Main"),
            ("near the intersection of Main and Elm, police said", "Elm"),
            ("at the corner of Royal and St. Peter in the Quarter", "Royal"),
        ] {
            assert!(at(text, name), "{name} in {text:?}");
        }
        for (text, name) in [
            ("fighting in Aleppo and Idlib provinces", "Aleppo"),
            ("fighting in Aleppo and Idlib provinces", "Idlib"),
            ("flights between Paris and London resumed", "Paris"),
            ("flights between Paris and London resumed", "London"),
            ("a remote corner of Afghanistan, officials said", "Afghanistan"),
            ("the Bethlehem Steel intersection", "Bethlehem"),
            ("Paris/London flights", "Paris"),
            ("the Intersection of Paris and London", "Paris"),
        ] {
            assert!(!at(text, name), "{name} in {text:?}");
        }
    }

    #[test]
    fn compass_names_are_compass_words_with_at_most_a_trailing_division_word() {
        for name in ["Western", "North Western", "Far North", "Western Region", "South-East", "Central Province"] {
            assert!(compass_name(name), "{name}");
        }
        for name in ["Western Cape", "Northern Territory", "Region", "Northern Ireland", "Central African Republic", ""] {
            assert!(!compass_name(name), "{name}");
        }
    }

    #[test]
    fn a_cue_word_is_found_after_any_first_char_and_none_after_a_quote_or_apostrophe() {
        let cue = |text: &str, end: usize| cue_after(&text.chars().collect::<Vec<_>>(), end);
        assert_eq!(cue("Idlib Province", 5), Cue::Admin);
        assert_eq!(cue("Heathrow AIRPORT", 8), Cue::Airport);
        assert_eq!(cue("Washington Post", 10), Cue::Newspaper);
        assert_eq!(cue("Naivasha market", 8), Cue::Site);
        assert_eq!(cue("Delft police station", 5), Cue::Site);
        assert_eq!(cue("Naivasha marketing", 8), Cue::None);
        assert_eq!(cue("Aleppo’s province", 6), Cue::None);
        assert_eq!(cue("Aleppo “province”", 6), Cue::None);
        assert_eq!(cue("Aleppo", 6), Cue::None);
    }

    #[test]
    fn a_phrase_ends_at_punctuation_the_end_or_a_preposition_not_at_and() {
        let chars: Vec<char> = "Grantville, Pennsylvania, on Monday".chars().collect();
        assert!(phrase_ends_after(&chars, 24));
        let chars: Vec<char> = "Kent, Ohio in 1970".chars().collect();
        assert!(phrase_ends_after(&chars, 10));
        let chars: Vec<char> = "Dakota, Otoe and Washington counties".chars().collect();
        assert!(!phrase_ends_after(&chars, 12));
        let chars: Vec<char> = "Kabul, Pakistan said".chars().collect();
        assert!(!phrase_ends_after(&chars, 15));
        assert!(phrase_ends_after(&chars, chars.len()));
    }
}
