//! Compile gazetteer rows into the binary index read by [`super::gazetteer`].
//!
//! Shared by `build.rs` (the embedded default, compiled once at build time) and
//! `conflictmap gazetteer import` (user data, compiled at import time). Depends only on
//! `std`, `fst` and [`super::normalize`].
//!
//! Layout (all little endian):
//! - `places`: fixed [`RECORD_LEN`]-byte records, see [`write_record`];
//! - `strings`: UTF-8 pool for display names and admin codes;
//! - `postings`: per key, `u32 count` then `count` × `u32 (place_index << 4 | flags)`;
//! - `names.fst`: normalised key → byte offset into `postings`.

use std::collections::HashMap;

use super::normalize::{normalize_into, squash};

/// Bytes per place record.
pub const RECORD_LEN: usize = 56;

/// How a name relates to its place (2 bits in a posting).
pub const NAME_PRIMARY: u32 = 0;
pub const NAME_ALT: u32 = 1;
pub const NAME_ABBREV: u32 = 2;
pub const NAME_DEMONYM: u32 = 3;
/// Posting flag: matched only through the space-free ("squashed") key.
pub const FLAG_SQUASHED: u32 = 4;

/// Place kinds, in the order of their `u8` codes.
pub const KINDS: [&str; 11] = [
    "city", "admin2", "admin1", "country", "continent", "region", "sea", "river", "lake",
    "physical", "facility",
];

/// One gazetteer row as the data files hold it (`data/gazetteer/places.tsv.gz`).
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub fclass: String,
    pub fcode: String,
    pub cc: String,
    pub admin1: String,
    pub admin2: String,
    pub lon: f64,
    pub lat: f64,
    pub population: u64,
    pub alt_names: Vec<String>,
    pub abbrevs: Vec<String>,
    pub demonyms: Vec<String>,
    pub source: String,
    pub precision_km: f64,
    /// At least this many names are recorded for the place (0: count them). Lets a
    /// row rebuilt from a compiled index keep the original count, which ranking uses.
    pub name_count: u32,
}

/// Source tags, in the order of their `u8` codes (unknown tags map to `other`; new tags
/// go at the end, so that indexes written before keep their codes).
pub const SOURCES: [&str; 14] = [
    "cities500", "geonames-admin1", "geonames-admin2", "countries", "ne-regions", "ne-marine",
    "ne-rivers", "ne-lakes", "ne-places", "curated", "extra", "import", "other", "airports",
];
/// The code of the `other` source tag.
const OTHER_SOURCE: u8 = 12;

/// Parse one TSV line in the `places.tsv` column order
/// (`id name kind fclass fcode cc admin1 admin2 lon lat population alt_names abbrevs demonyms source [precision_km note]`).
pub fn parse_row(line: &str) -> Result<Row, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 15 {
        return Err(format!("expected at least 15 tab-separated fields, found {}", f.len()));
    }
    let list = |s: &str| -> Vec<String> {
        s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()
    };
    let num = |s: &str, what: &str| -> Result<f64, String> {
        s.trim().parse::<f64>().map_err(|_| format!("field {what}: not a number: {s:?}"))
    };
    let lon = num(f[8], "lon")?;
    let lat = num(f[9], "lat")?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("coordinates out of range: lon {lon}, lat {lat}"));
    }
    Ok(Row {
        id: f[0].trim().parse().map_err(|_| format!("field id: not an integer: {:?}", f[0]))?,
        name: f[1].trim().to_string(),
        kind: f[2].trim().to_string(),
        fclass: f[3].trim().to_string(),
        fcode: f[4].trim().to_string(),
        cc: f[5].trim().to_string(),
        admin1: f[6].trim().to_string(),
        admin2: f[7].trim().to_string(),
        lon,
        lat,
        population: if f[10].trim().is_empty() { 0 } else { num(f[10], "population")?.max(0.0) as u64 },
        alt_names: list(f[11]),
        abbrevs: list(f[12]),
        demonyms: list(f[13]),
        source: f[14].trim().to_string(),
        precision_km: f.get(15).and_then(|s| s.trim().parse().ok()).unwrap_or(0.0),
        name_count: 0,
    })
}

/// The compiled index: four byte blobs.
#[derive(Debug, Default)]
pub struct IndexBlobs {
    pub places: Vec<u8>,
    pub strings: Vec<u8>,
    pub postings: Vec<u8>,
    pub fst: Vec<u8>,
}

/// Compile rows into an index. Rows sharing an id are merged (names united, the first
/// row's attributes kept), so a user import can add names to a GeoNames place.
pub fn build(rows: Vec<Row>) -> Result<IndexBlobs, String> {
    // Merge rows by id, keeping first-seen order.
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    let mut merged: Vec<Row> = Vec::with_capacity(rows.len());
    for row in rows {
        match by_id.get(&row.id) {
            Some(&i) => {
                let m = &mut merged[i];
                if row.name != m.name {
                    m.alt_names.push(row.name);
                }
                m.alt_names.extend(row.alt_names);
                m.abbrevs.extend(row.abbrevs);
                m.demonyms.extend(row.demonyms);
                if m.population == 0 {
                    m.population = row.population;
                }
            }
            None => {
                by_id.insert(row.id, merged.len());
                merged.push(row);
            }
        }
    }
    if merged.len() >= (1 << 28) {
        return Err("too many places for the index (max 2^28)".into());
    }

    let mut blobs = IndexBlobs::default();
    // key → list of postings
    let mut keys: HashMap<String, Vec<u32>> = HashMap::with_capacity(merged.len() * 4);
    let mut buf = String::new();
    for (idx, row) in merged.iter().enumerate() {
        write_record(&mut blobs, row);
        let idx = idx as u32;
        let mut add = |name: &str, kind: u32, keys: &mut HashMap<String, Vec<u32>>| {
            buf.clear();
            normalize_into(name, &mut buf);
            if buf.is_empty() {
                return;
            }
            let sq = squash(&buf);
            for (key, flag) in [(Some(buf.clone()), 0), (sq, FLAG_SQUASHED)] {
                let Some(key) = key else { continue };
                let list = keys.entry(key).or_default();
                let posting = (idx << 4) | kind | flag;
                // keep one posting per place and key: the strongest name kind wins
                if let Some(p) = list.iter_mut().find(|p| **p >> 4 == idx) {
                    if (posting & 0xF) < (*p & 0xF) {
                        *p = posting;
                    }
                } else {
                    list.push(posting);
                }
            }
        };
        add(&row.name, NAME_PRIMARY, &mut keys);
        for n in &row.alt_names {
            add(n, NAME_ALT, &mut keys);
        }
        // a first-level division named with a compass adjective goes by the compass word
        // too: news writes "North Darfur" and "West Darfur" for GeoNames' Northern and
        // Western Darfur (not the other way: "North Kivu" is no "Northern Kivu")
        if row.kind == "admin1" {
            for n in std::iter::once(&row.name).chain(&row.alt_names) {
                if let Some(short) = compass_short_form(n) {
                    add(&short, NAME_ALT, &mut keys);
                }
            }
        }
        for n in &row.abbrevs {
            add(n, NAME_ABBREV, &mut keys);
        }
        for n in &row.demonyms {
            add(n, NAME_DEMONYM, &mut keys);
        }
    }

    let mut sorted: Vec<(String, Vec<u32>)> = keys.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut builder = fst::MapBuilder::memory();
    for (key, mut list) in sorted {
        // most populous first, then by index: deterministic
        list.sort_by(|a, b| {
            let pa = record_population(&blobs.places, (*a >> 4) as usize);
            let pb = record_population(&blobs.places, (*b >> 4) as usize);
            pb.cmp(&pa).then(a.cmp(b))
        });
        let off = blobs.postings.len() as u64;
        blobs.postings.extend_from_slice(&(list.len() as u32).to_le_bytes());
        for p in list {
            blobs.postings.extend_from_slice(&p.to_le_bytes());
        }
        builder.insert(key.as_bytes(), off).map_err(|e| format!("fst insert {key:?}: {e}"))?;
    }
    blobs.fst = builder.into_inner().map_err(|e| format!("fst build: {e}"))?;
    Ok(blobs)
}

/// "Northern Darfur" → "North Darfur", "Western Cape" → "West Cape": a name opened by a
/// compass adjective, with the compass word instead (`None` for any other name).
/// (Any case: the index's keys are lower-cased, see `import::rows_from_gazetteer`.)
pub(crate) fn compass_short_form(name: &str) -> Option<String> {
    ["northern ", "southern ", "eastern ", "western "].iter().find_map(|adj| {
        let head = name.get(..adj.len()).filter(|h| h.eq_ignore_ascii_case(adj))?;
        let rest = &name[adj.len()..];
        // (the adjective less its "ern ": "North", "South", ...)
        (!rest.is_empty()).then(|| format!("{} {rest}", &head[..head.len() - 4]))
    })
}

fn record_population(places: &[u8], idx: usize) -> u32 {
    let o = idx * RECORD_LEN + 24;
    u32::from_le_bytes([places[o], places[o + 1], places[o + 2], places[o + 3]])
}

fn push_str(strings: &mut Vec<u8>, s: &str) -> (u32, usize) {
    let off = strings.len() as u32;
    strings.extend_from_slice(s.as_bytes());
    (off, s.len())
}

/// Record layout (56 bytes):
/// `0 i64 id | 8 f64 lon | 16 f64 lat | 24 u32 population | 28 u32 name_off | 32 u16 name_len |
///  34 u8 kind | 35 u8 fclass | 36 [u8;5] fcode | 41 [u8;2] cc | 43 u8 admin1_len | 44 u32 admin_off |
///  48 u8 admin2_len | 49 u8 source | 50 u16 precision_km | 52 u32 name_count`
fn write_record(blobs: &mut IndexBlobs, row: &Row) {
    let mut r = [0u8; RECORD_LEN];
    r[0..8].copy_from_slice(&row.id.to_le_bytes());
    r[8..16].copy_from_slice(&row.lon.to_le_bytes());
    r[16..24].copy_from_slice(&row.lat.to_le_bytes());
    r[24..28].copy_from_slice(&(row.population.min(u32::MAX as u64) as u32).to_le_bytes());
    let name = truncate(&row.name, u16::MAX as usize);
    let (name_off, name_len) = push_str(&mut blobs.strings, name);
    r[28..32].copy_from_slice(&name_off.to_le_bytes());
    r[32..34].copy_from_slice(&(name_len as u16).to_le_bytes());
    r[34] = KINDS.iter().position(|k| *k == row.kind).unwrap_or(0) as u8;
    r[35] = row.fclass.bytes().next().unwrap_or(b' ');
    for (i, b) in row.fcode.bytes().take(5).enumerate() {
        r[36 + i] = b;
    }
    for (i, b) in row.cc.bytes().take(2).enumerate() {
        r[41 + i] = b;
    }
    let a1 = truncate(&row.admin1, 255);
    let a2 = truncate(&row.admin2, 255);
    let (admin_off, _) = push_str(&mut blobs.strings, a1);
    push_str(&mut blobs.strings, a2);
    r[43] = a1.len() as u8;
    r[44..48].copy_from_slice(&admin_off.to_le_bytes());
    r[48] = a2.len() as u8;
    r[49] = SOURCES.iter().position(|s| *s == row.source).map_or(OTHER_SOURCE, |i| i as u8);
    r[50..52].copy_from_slice(&(row.precision_km.round().clamp(0.0, 65535.0) as u16).to_le_bytes());
    let count = (1 + row.alt_names.len() + row.abbrevs.len() + row.demonyms.len()).max(row.name_count as usize);
    r[52..56].copy_from_slice(&(count as u32).to_le_bytes());
    blobs.places.extend_from_slice(&r);
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
