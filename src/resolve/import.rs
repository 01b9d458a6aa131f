//! Import GeoNames dumps into a user gazetteer: the embedded places, rebuilt from the
//! compiled index, merged with the rows of the files given.
//!
//! Files are read in GeoNames' own layouts (tab-separated, UTF-8, plain or inside a
//! `.zip` as downloaded):
//! - the geoname table, 19 columns: `allCountries.txt`, per-country `XX.txt`, `cities500.txt` …
//!   (geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
//!   feature code, country code, cc2, admin1..4 codes, population, elevation, dem,
//!   timezone, modification date);
//! - `alternateNamesV2.txt`, 10 columns (alternateNameId, geonameid, isolanguage,
//!   alternate name, isPreferredName, isShortName, isColloquial, isHistoric, from, to;
//!   the older `alternateNames.txt` has the first 8);
//! - `admin1CodesASCII.txt` / `admin2Codes.txt`, 4 columns (`CC.A1[.A2]`, name, asciiname, geonameid);
//! - `countryInfo.txt`, `#` comments then 19 columns (ISO, ISO3, …, Country, Capital, …, geonameid, …).
//!
//! The geoname tables are read first, then the code tables and country info, then the
//! alternate names (which only ever add names to places already known), whatever the order
//! on the command line. A row whose GeoNames id is already known merges into that place:
//! names are united and the import's attributes win (a population of 0, GeoNames' "unknown",
//! keeps the old one); new ids become new places.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::gazetteer::{Gazetteer, NameKind};
use super::index_build::{self, IndexBlobs, Row};
use super::normalize::normalize;
use crate::{Error, Result};

/// What a GeoNames file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DumpKind {
    /// The 19-column geoname table (allCountries, XX, citiesN).
    Geonames,
    /// alternateNamesV2 (or the older 8-column alternateNames).
    AlternateNames,
    /// admin1CodesASCII / admin2Codes.
    AdminCodes,
    /// countryInfo.
    CountryInfo,
}

/// Which rows of the geoname tables to keep (the other files are never filtered).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Feature classes to keep (`P`, `A`, `H` …); empty keeps all.
    pub classes: Vec<char>,
    /// ISO country codes to keep; empty keeps all.
    pub countries: Vec<String>,
}

/// What one file contributed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    /// The file (and the member, for a zip: `SY.zip/SY.txt`).
    pub file: String,
    pub kind: DumpKind,
    /// Data lines read (comments and blank lines not counted).
    pub lines: usize,
    /// Lines that added or changed a place or a name.
    pub used: usize,
    /// Lines left out: filtered, an unknown GeoNames id, a name no one writes in running
    /// text (codes, links, other scripts), or a place with no position to give it.
    pub skipped: usize,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// Places in the embedded gazetteer the import started from.
    pub embedded_places: usize,
    /// New places (GeoNames ids the embedded gazetteer lacks).
    pub places_added: usize,
    /// Embedded places whose attributes or names the import changed.
    pub places_updated: usize,
    /// Names added from alternate-name lists, code tables and country info.
    pub names_added: usize,
    /// Places and name keys in the index written.
    pub places: usize,
    pub name_keys: usize,
}

/// Merge the GeoNames files at `paths` into the embedded gazetteer and compile the result.
pub fn import(paths: &[PathBuf], opts: &ImportOptions) -> Result<(IndexBlobs, ImportReport)> {
    let mut sources = Vec::new();
    for p in paths {
        sources.extend(classify(p)?);
    }
    let base = Gazetteer::embedded();
    let mut m = Merge::new(rows_from_gazetteer(base));
    let mut report = ImportReport { embedded_places: base.len(), ..ImportReport::default() };
    let order = [DumpKind::Geonames, DumpKind::AdminCodes, DumpKind::CountryInfo, DumpKind::AlternateNames];
    for kind in order {
        for src in sources.iter().filter(|s| s.kind == kind) {
            if kind != DumpKind::Geonames && m.centres.is_none() {
                m.centres = Some(Centres::of(&m.rows));
            }
            let mut fr = FileReport { file: src.label.clone(), kind, lines: 0, used: 0, skipped: 0 };
            src.read_lines(|line| {
                fr.lines += 1;
                let used = match kind {
                    DumpKind::Geonames => m.geoname(line, opts)?,
                    DumpKind::AlternateNames => m.alternate_name(line)?,
                    DumpKind::AdminCodes => m.admin_code(line)?,
                    DumpKind::CountryInfo => m.country_info(line)?,
                };
                if used {
                    fr.used += 1;
                } else {
                    fr.skipped += 1;
                }
                Ok(())
            })?;
            report.files.push(fr);
        }
    }
    report.places_added = m.rows.len() - m.embedded;
    report.places_updated = m.touched[..m.embedded].iter().filter(|t| **t).count();
    report.names_added = m.names_added;
    let rows = m.finish();
    let blobs = index_build::build(rows).map_err(|e| Error::Data(format!("gazetteer index: {e}")))?;
    report.places = blobs.places.len() / index_build::RECORD_LEN;
    report.name_keys = fst::Map::new(&blobs.fst[..]).map(|f| f.len()).unwrap_or(0);
    Ok((blobs, report))
}

/// The rows a compiled gazetteer was built from, as far as the index keeps them: display
/// names and attributes from the place records, every other name from the FST keys (in
/// their normalised form, which compiles to the same keys). Compiling the rows again gives
/// the same index byte for byte.
pub fn rows_from_gazetteer(gaz: &Gazetteer) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..gaz.len() as u32)
        .map(|i| {
            let p = gaz.place(i);
            Row {
                id: p.id,
                name: p.name().to_string(),
                kind: p.kind.as_str().to_string(),
                fclass: p.fclass.to_string().trim().to_string(),
                fcode: p.fcode().to_string(),
                cc: p.cc().to_string(),
                admin1: p.admin1().to_string(),
                admin2: p.admin2().to_string(),
                lon: p.lon,
                lat: p.lat,
                population: p.population as u64,
                source: p.source.to_string(),
                precision_km: p.precision_km as f64,
                name_count: p.name_count,
                ..Row::default()
            }
        })
        .collect();
    let primary: Vec<String> = rows.iter().map(|r| normalize(&r.name)).collect();
    use fst::Streamer;
    let mut stream = gaz.fst().stream();
    while let Some((key, offset)) = stream.next() {
        let Ok(key) = std::str::from_utf8(key) else { continue };
        for p in gaz.postings_at(offset.value()) {
            // a squashed posting is re-derived from the spaced key it came from
            if p.squashed {
                continue;
            }
            let i = p.place as usize;
            let list = match p.name_kind {
                NameKind::Primary if key == primary[i] => continue,
                NameKind::Primary | NameKind::Alternate => &mut rows[i].alt_names,
                NameKind::Abbreviation => &mut rows[i].abbrevs,
                NameKind::Demonym => &mut rows[i].demonyms,
            };
            list.push(key.to_string());
        }
    }
    // the names the index derives from a division's others ("north darfur" of "Northern
    // Darfur") are left to it: kept, they would count as names of their own
    for r in rows.iter_mut().filter(|r| r.kind == "admin1") {
        let derived: Vec<String> = std::iter::once(&r.name).chain(&r.alt_names).filter_map(|n| index_build::compass_short_form(n)).map(|n| normalize(&n)).collect();
        if !derived.is_empty() {
            r.alt_names.retain(|a| !derived.contains(a));
        }
    }
    rows
}

/// Our place kind for a GeoNames feature class and code; `None` leaves the row out.
///
/// ```
/// use conflictmap::resolve::import::kind_for;
/// assert_eq!(kind_for("P", "PPLA"), Some("city"));
/// assert_eq!(kind_for("A", "ADM1"), Some("admin1"));
/// assert_eq!(kind_for("A", "PCLI"), Some("country"));
/// assert_eq!(kind_for("H", "STM"), Some("river"));
/// assert_eq!(kind_for("", ""), None);
/// ```
pub fn kind_for(fclass: &str, fcode: &str) -> Option<&'static str> {
    Some(match fclass {
        "P" => "city",
        "A" => match fcode {
            "ADM1" | "ADM1H" => "admin1",
            "ADMF" => "facility",
            c if c.starts_with("ADM") => "admin2",
            c if c.starts_with("PCL") || c == "TERR" => "country",
            _ => "region",
        },
        "H" => match fcode {
            "OCN" | "SEA" | "GULF" | "BAY" | "BAYS" | "BGHT" | "COVE" | "STRT" | "SD" | "CHN"
            | "CHNM" | "CHNN" | "FJD" | "FJDS" | "INLT" | "ESTY" => "sea",
            c if c.starts_with("STM") || c.starts_with("CNL") || c.starts_with("WAD") => "river",
            c if c.starts_with("LK") || c.starts_with("RSV") || c.starts_with("LGN") || c.starts_with("POND") => "lake",
            _ => "physical",
        },
        "L" if fcode == "CONT" => "continent",
        "L" => "region",
        "T" | "V" | "U" => "physical",
        "S" | "R" => "facility",
        _ => return None,
    })
}

/// Alternate names plausibly written in running text: Latin or Arabic script, no digits,
/// links or IATA/ICAO-like codes, and not GeoNames' lower-case romanisations. The same
/// rule `scripts/build-data.py` (`keep_alt`) applies to the embedded gazetteer.
///
/// ```
/// use conflictmap::resolve::import::keep_alt;
/// assert!(keep_alt("Ḩalab"));
/// assert!(keep_alt("حلب"));
/// assert!(!keep_alt("ALP"));
/// assert!(!keep_alt("a lei po"));
/// assert!(!keep_alt("Халеб"));
/// ```
pub fn keep_alt(s: &str) -> bool {
    if s.is_empty() || s.chars().count() > 60 || s.chars().any(|c| c.is_numeric()) {
        return false;
    }
    let n = s.chars().count();
    if (2..=4).contains(&n) && s.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let low = s.to_lowercase();
    if ["http", "www.", "://", ".com", ".org"].iter().any(|x| low.contains(x)) {
        return false;
    }
    let script_ok = |c: char| {
        let o = c as u32;
        o < 0x370
            || (0x1E00..0x1F00).contains(&o)
            || (0x2000..0x2070).contains(&o)
            || (0x600..0x700).contains(&o)
            || (0x750..0x780).contains(&o)
            || (0x8A0..0x900).contains(&o)
            || (0xFB50..0xFE00).contains(&o)
            || (0xFE70..0xFF00).contains(&o)
    };
    if !s.chars().all(script_ok) {
        return false;
    }
    let latin_letter = |c: char| c.is_alphabetic() && (c as u32) < 0x2000 && !(0x600..0x900).contains(&(c as u32));
    // GeoNames carries lower-case romanisations of CJK, Korean, Thai names ("a lei po"):
    // a Latin-script name in running text has at least one capital
    !s.chars().any(latin_letter) || s.chars().any(char::is_uppercase)
}

/// One file to read: a plain file or a member of a zip.
struct Source {
    label: String,
    path: PathBuf,
    member: Option<String>,
    kind: DumpKind,
}

/// Members of GeoNames zips that are documentation, not data.
const NOT_DATA: [&str; 2] = ["readme.txt", "iso-languagecodes.txt"];

/// Find what `path` holds (every data member, for a zip).
fn classify(path: &Path) -> Result<Vec<Source>> {
    let shown = path.display().to_string();
    let is_zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !is_zip {
        let mut r = BufReader::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?);
        let kind = kind_of(path_name(path), &mut r, &shown)?;
        return Ok(vec![Source { label: shown, path: path.to_path_buf(), member: None, kind }]);
    }
    let mut zip = open_zip(path)?;
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let mut out = Vec::new();
    for name in names {
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        if name.ends_with('/') || NOT_DATA.contains(&base.to_ascii_lowercase().as_str()) {
            continue;
        }
        let label = format!("{shown}/{name}");
        let member = zip.by_name(&name).map_err(|e| Error::input(&label, format!("unreadable zip member: {e}")))?;
        let kind = kind_of(&base, &mut BufReader::new(member), &label)?;
        out.push(Source { label, path: path.to_path_buf(), member: Some(name), kind });
    }
    if out.is_empty() {
        return Err(Error::input_hint(shown, "the zip holds no GeoNames data file", "pass the .txt file or the zip as downloaded from GeoNames"));
    }
    Ok(out)
}

fn path_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<std::fs::File>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    zip::ZipArchive::new(f).map_err(|e| Error::input(path.display().to_string(), format!("not a readable zip: {e}")))
}

/// The kind of a GeoNames file, from its name or else its first data line.
fn kind_of(name: &str, r: &mut impl BufRead, label: &str) -> Result<DumpKind> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "alternatenamesv2.txt" | "alternatenames.txt" => return Ok(DumpKind::AlternateNames),
        "admin1codesascii.txt" | "admin1codes.txt" | "admin2codes.txt" => return Ok(DumpKind::AdminCodes),
        "countryinfo.txt" => return Ok(DumpKind::CountryInfo),
        _ => {}
    }
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf).map_err(|e| Error::io(label, e))?;
        if n == 0 {
            return Err(Error::input(label, "no data lines"));
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let int = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let upper = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_uppercase());
        return match f.len() {
            19 if int(f[0]) => Ok(DumpKind::Geonames),
            17..=19 if upper(f[0], 2) && upper(f[1], 3) => Ok(DumpKind::CountryInfo),
            8 | 10 if int(f[0]) && int(f[1]) => Ok(DumpKind::AlternateNames),
            4 if f[0].contains('.') && int(f[3]) => Ok(DumpKind::AdminCodes),
            n => Err(Error::input_hint(
                label,
                format!("not a GeoNames file this importer knows (its first data line has {n} tab-separated fields)"),
                "expected allCountries.txt or XX.txt (19 columns), alternateNamesV2.txt (10), admin1CodesASCII.txt (4) or countryInfo.txt, plain or zipped",
            )),
        };
    }
}

impl Source {
    /// Call `f` on every data line (blank and `#` lines skipped); its error message is
    /// reported at `file:line`.
    fn read_lines(&self, mut f: impl FnMut(&str) -> Result<(), String>) -> Result<()> {
        let each = |r: &mut dyn BufRead, f: &mut dyn FnMut(&str) -> Result<(), String>| -> Result<()> {
            let mut buf = Vec::new();
            let mut n = 0usize;
            loop {
                buf.clear();
                n += 1;
                let at = || format!("{}:{n}", self.label);
                if r.read_until(b'\n', &mut buf).map_err(|e| Error::io(at(), e))? == 0 {
                    return Ok(());
                }
                let line = std::str::from_utf8(&buf).map_err(|_| Error::input(at(), "not valid UTF-8"))?;
                let line = line.trim_end_matches(['\n', '\r']);
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                f(line).map_err(|m| Error::input(at(), m))?;
            }
        };
        match &self.member {
            None => {
                let file = std::fs::File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
                each(&mut BufReader::with_capacity(1 << 16, file), &mut f)
            }
            Some(name) => {
                let mut zip = open_zip(&self.path)?;
                let member = zip.by_name(name).map_err(|e| Error::input(&self.label, format!("unreadable zip member: {e}")))?;
                let mut reader = BufReader::with_capacity(1 << 16, member);
                each(&mut reader, &mut f)
            }
        }
    }
}

/// The rows being merged.
struct Merge {
    rows: Vec<Row>,
    by_id: HashMap<i64, usize>,
    /// Rows `0..embedded` came from the embedded gazetteer.
    embedded: usize,
    /// Rows the import changed (their names are de-duplicated at the end).
    touched: Vec<bool>,
    names_added: usize,
    /// Points for divisions and countries that only the code tables name.
    centres: Option<Centres>,
}

fn fields<'a>(line: &'a str, want: &[usize], what: &str) -> Result<Vec<&'a str>, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if !want.contains(&f.len()) {
        let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        return Err(format!("expected {} tab-separated fields ({what}), found {}", want.join(" or "), f.len()));
    }
    Ok(f)
}

fn geonameid(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!("geonameid {s:?} is not a positive integer")),
    }
}

impl Merge {
    fn new(rows: Vec<Row>) -> Merge {
        let by_id = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let embedded = rows.len();
        Merge { touched: vec![false; embedded], rows, by_id, embedded, names_added: 0, centres: None }
    }

    /// A line of the geoname table.
    fn geoname(&mut self, line: &str, opts: &ImportOptions) -> Result<bool, String> {
        let f = fields(line, &[19], "the GeoNames geoname table")?;
        let id = geonameid(f[0])?;
        let name = f[1].trim();
        if name.is_empty() {
            return Err(format!("geonameid {id} has an empty name"));
        }
        let coord = |s: &str, what: &str, max: f64| -> Result<f64, String> {
            match s.trim().parse::<f64>() {
                Ok(v) if v.abs() <= max => Ok(v),
                _ => Err(format!("{what} {s:?} is not a number within ±{max}")),
            }
        };
        let lat = coord(f[4], "latitude", 90.0)?;
        let lon = coord(f[5], "longitude", 180.0)?;
        let population = match f[14].trim() {
            "" => 0,
            p => p.parse::<i64>().map_err(|_| format!("population {p:?} is not an integer"))?.max(0) as u64,
        };
        let (fclass, fcode, cc) = (f[6].trim(), f[7].trim(), f[8].trim());
        let Some(kind) = kind_for(fclass, fcode) else { return Ok(false) };
        if !opts.classes.is_empty() && !fclass.chars().next().is_some_and(|c| opts.classes.contains(&c)) {
            return Ok(false);
        }
        if !opts.countries.is_empty() && !opts.countries.iter().any(|c| c.eq_ignore_ascii_case(cc)) {
            return Ok(false);
        }
        let mut alt_names = Vec::new();
        let ascii = f[2].trim();
        if !ascii.is_empty() && ascii != name {
            alt_names.push(ascii.to_string());
        }
        alt_names.extend(f[3].split(',').map(str::trim).filter(|a| *a != name && keep_alt(a)).map(String::from));
        let row = Row {
            id,
            name: name.to_string(),
            kind: kind.to_string(),
            fclass: fclass.to_string(),
            fcode: fcode.to_string(),
            cc: cc.to_string(),
            admin1: f[10].trim().to_string(),
            admin2: f[11].trim().to_string(),
            lon,
            lat,
            population,
            alt_names,
            source: "import".to_string(),
            ..Row::default()
        };
        match self.by_id.get(&id) {
            Some(&i) => {
                let old = &mut self.rows[i];
                let old_name = std::mem::replace(&mut old.name, row.name);
                if old_name != old.name {
                    old.alt_names.push(old_name);
                }
                old.alt_names.extend(row.alt_names);
                old.kind = row.kind;
                old.fclass = row.fclass;
                old.fcode = row.fcode;
                old.cc = row.cc;
                old.admin1 = row.admin1;
                old.admin2 = row.admin2;
                old.lon = row.lon;
                old.lat = row.lat;
                if row.population > 0 {
                    old.population = row.population;
                }
                old.source = row.source;
                old.precision_km = 0.0;
                self.touched[i] = true;
            }
            None => self.push(row),
        }
        Ok(true)
    }

    fn push(&mut self, row: Row) {
        self.by_id.insert(row.id, self.rows.len());
        self.rows.push(row);
        self.touched.push(true);
    }

    /// Add a name to a known place; false when it adds nothing.
    fn add_name(&mut self, i: usize, name: &str, kind: NameKind) -> bool {
        let row = &mut self.rows[i];
        if name == row.name {
            return false;
        }
        let list = if kind == NameKind::Abbreviation { &mut row.abbrevs } else { &mut row.alt_names };
        list.push(name.to_string());
        self.touched[i] = true;
        self.names_added += 1;
        true
    }

    /// A line of alternateNamesV2: a name for a place we know.
    fn alternate_name(&mut self, line: &str) -> Result<bool, String> {
        let f = fields(line, &[10, 8], "GeoNames alternateNamesV2")?;
        let id = geonameid(f[1])?;
        let (lang, name) = (f[2].trim(), f[3].trim());
        let Some(&i) = self.by_id.get(&id) else { return Ok(false) };
        match lang {
            "link" | "wkdt" | "post" | "iata" | "icao" | "faac" | "tcid" | "unlc" | "phon" => Ok(false),
            // "U.S.", "Calif.": two capitals alone collide with words and ISO codes ("IN", "CA")
            "abbr" if name.chars().count() > 2 || name.contains('.') => Ok(self.add_name(i, name, NameKind::Abbreviation)),
            "abbr" => Ok(false),
            _ if keep_alt(name) => Ok(self.add_name(i, name, NameKind::Alternate)),
            _ => Ok(false),
        }
    }

    /// A line of admin1CodesASCII / admin2Codes: names for a division, and the division itself
    /// when no other file has it (placed at its seat or the centre of its places).
    fn admin_code(&mut self, line: &str) -> Result<bool, String> {
        let f = fields(line, &[4], "GeoNames admin1CodesASCII / admin2Codes")?;
        let id = geonameid(f[3])?;
        let code: Vec<&str> = f[0].trim().split('.').collect();
        let (cc, a1, a2, kind, fcode) = match code[..] {
            [cc, a1] if !cc.is_empty() && !a1.is_empty() => (cc, a1, "", "admin1", "ADM1"),
            [cc, a1, a2] if !cc.is_empty() && !a1.is_empty() && !a2.is_empty() => (cc, a1, a2, "admin2", "ADM2"),
            _ => return Err(format!("code {:?} is not CC.ADMIN1 or CC.ADMIN1.ADMIN2", f[0])),
        };
        let (name, ascii) = (f[1].trim(), f[2].trim());
        if let Some(&i) = self.by_id.get(&id) {
            let mut used = false;
            for n in [name, ascii] {
                if !n.is_empty() && n != self.rows[i].name && !self.rows[i].alt_names.iter().any(|a| a == n) {
                    used |= self.add_name(i, n, NameKind::Alternate);
                }
            }
            let r = &mut self.rows[i];
            if r.cc.is_empty() && r.admin1.is_empty() {
                (r.cc, r.admin1, r.admin2) = (cc.to_string(), a1.to_string(), a2.to_string());
                self.touched[i] = true;
                used = true;
            }
            return Ok(used);
        }
        if name.is_empty() {
            return Err(format!("code {} has an empty name", f[0]));
        }
        let key = (cc.to_string(), a1.to_string(), a2.to_string());
        let Some((lon, lat, population)) = self.centres.as_ref().and_then(|c| c.division.get(&key)).map(|a| a.point()) else {
            return Ok(false);
        };
        let mut row = Row {
            id,
            name: name.to_string(),
            kind: kind.to_string(),
            fclass: "A".into(),
            fcode: fcode.into(),
            cc: key.0,
            admin1: key.1,
            admin2: key.2,
            lon,
            lat,
            population,
            source: "import".into(),
            ..Row::default()
        };
        if !ascii.is_empty() && ascii != name {
            row.alt_names.push(ascii.to_string());
        }
        self.push(row);
        Ok(true)
    }

    /// A line of countryInfo: the country's name and population, and the country itself
    /// when no other file has it (placed at its capital or the centre of its places).
    fn country_info(&mut self, line: &str) -> Result<bool, String> {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 {
            return Err(format!("expected 19 tab-separated fields (GeoNames countryInfo), found {}", f.len()));
        }
        let iso = f[0].trim();
        if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("ISO code {iso:?} is not two capital letters"));
        }
        let (country, capital) = (f[4].trim(), f[5].trim());
        let population = f[7].trim().parse::<u64>().unwrap_or(0);
        if f[16].trim().is_empty() {
            return Ok(false); // a few historical entries carry no geonameid
        }
        let id = geonameid(f[16])?;
        if let Some(&i) = self.by_id.get(&id) {
            let mut used = false;
            if !country.is_empty() && country != self.rows[i].name && !self.rows[i].alt_names.iter().any(|a| a == country) {
                used |= self.add_name(i, country, NameKind::Alternate);
            }
            let r = &mut self.rows[i];
            if population > 0 && r.population != population {
                r.population = population;
                used = true;
            }
            if r.cc.is_empty() {
                r.cc = iso.to_string();
                used = true;
            }
            self.touched[i] |= used;
            return Ok(used);
        }
        if country.is_empty() {
            return Err(format!("country {iso} has an empty name"));
        }
        let c = self.centres.as_ref();
        let at = c
            .and_then(|c| c.capital.get(&(iso.to_string(), normalize(capital))))
            .or_else(|| c.and_then(|c| c.country.get(iso)))
            .map(|a| a.point());
        let Some((lon, lat, _)) = at else { return Ok(false) };
        self.push(Row {
            id,
            name: country.to_string(),
            kind: "country".into(),
            fclass: "A".into(),
            fcode: "PCLI".into(),
            cc: iso.to_string(),
            lon,
            lat,
            population,
            source: "import".into(),
            ..Row::default()
        });
        Ok(true)
    }

    /// The rows to compile: names of changed places de-duplicated by lookup key (so that
    /// the name count, which ranking reads, counts names rather than spellings).
    fn finish(mut self) -> Vec<Row> {
        for (row, _) in self.rows.iter_mut().zip(&self.touched).filter(|(_, t)| **t) {
            let mut seen = std::collections::HashSet::new();
            seen.insert(normalize(&row.name));
            for list in [&mut row.alt_names, &mut row.abbrevs, &mut row.demonyms] {
                list.retain(|n| {
                    let k = normalize(n);
                    !k.is_empty() && seen.insert(k)
                });
            }
        }
        self.rows
    }
}

/// Population-weighted centres and seats of the towns in each division and country.
#[derive(Default)]
struct Centres {
    division: HashMap<(String, String, String), Agg>,
    country: HashMap<String, Agg>,
    capital: HashMap<(String, String), Agg>,
}

#[derive(Default)]
struct Agg {
    sum_w: f64,
    sum_lon: f64,
    sum_lat: f64,
    population: u64,
    /// The most populous seat (PPLA for a first-level division, PPLA2 for a second, PPLC for a country).
    seat: Option<(f64, f64, u64)>,
}

impl Agg {
    fn add(&mut self, r: &Row, seat: bool) {
        let w = r.population.max(500) as f64;
        self.sum_w += w;
        self.sum_lon += r.lon * w;
        self.sum_lat += r.lat * w;
        self.population += r.population;
        if seat && self.seat.is_none_or(|s| s.2 < r.population) {
            self.seat = Some((r.lon, r.lat, r.population));
        }
    }

    /// The seat if there is one, else the weighted centre; with the summed population.
    fn point(&self) -> (f64, f64, u64) {
        match self.seat {
            Some((lon, lat, _)) => (lon, lat, self.population),
            None => (self.sum_lon / self.sum_w, self.sum_lat / self.sum_w, self.population),
        }
    }
}

impl Centres {
    fn of(rows: &[Row]) -> Centres {
        let mut c = Centres::default();
        for r in rows.iter().filter(|r| r.kind == "city" && !r.cc.is_empty()) {
            c.country.entry(r.cc.clone()).or_default().add(r, r.fcode == "PPLC");
            c.capital.entry((r.cc.clone(), normalize(&r.name))).or_default().add(r, r.fcode == "PPLC");
            if !r.admin1.is_empty() {
                c.division.entry((r.cc.clone(), r.admin1.clone(), String::new())).or_default().add(r, r.fcode == "PPLA");
                if !r.admin2.is_empty() {
                    c.division.entry((r.cc.clone(), r.admin1.clone(), r.admin2.clone())).or_default().add(r, r.fcode == "PPLA2");
                }
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, name: &str, pop: u64, alts: &[&str]) -> Row {
        Row {
            id,
            name: name.into(),
            kind: "city".into(),
            fclass: "P".into(),
            fcode: "PPL".into(),
            cc: "SY".into(),
            admin1: "09".into(),
            lon: 37.0,
            lat: 36.0,
            population: pop,
            alt_names: alts.iter().map(|s| s.to_string()).collect(),
            abbrevs: vec!["A.B.".into()],
            demonyms: vec!["Aleppan".into()],
            source: "cities500".into(),
            ..Row::default()
        }
    }

    fn same_blobs(a: &IndexBlobs, b: &IndexBlobs) -> bool {
        a.places == b.places && a.strings == b.strings && a.postings == b.postings && a.fst == b.fst
    }

    #[test]
    fn rows_rebuilt_from_an_index_compile_to_the_same_index() {
        let rows = || {
            vec![
                row(1, "Deir ez-Zor", 300_000, &["Deir Ezzor", "Dayr az Zawr", "Dayr az Zawr"]),
                row(2, "Al-Bab", 60_000, &["al Bab", "Ḩalab"]),
                row(3, "Aleppo", 2_000_000, &["Halab", "Ḩalab", "حلب", "Aleppo"]),
            ]
        };
        let first = index_build::build(rows()).unwrap();
        let gaz = Gazetteer::from_blobs(index_build::build(rows()).unwrap()).unwrap();
        let again = index_build::build(rows_from_gazetteer(&gaz)).unwrap();
        assert!(same_blobs(&first, &again));
    }

    /// The guarantee an import rests on: the embedded places survive it unchanged.
    #[test]
    fn embedded_gazetteer_rebuilt_from_its_index_is_identical() {
        let gaz = Gazetteer::embedded();
        let again = index_build::build(rows_from_gazetteer(gaz)).unwrap();
        let embedded = IndexBlobs {
            places: include_bytes!(concat!(env!("OUT_DIR"), "/gaz_places.bin")).to_vec(),
            strings: include_bytes!(concat!(env!("OUT_DIR"), "/gaz_strings.bin")).to_vec(),
            postings: include_bytes!(concat!(env!("OUT_DIR"), "/gaz_postings.bin")).to_vec(),
            fst: include_bytes!(concat!(env!("OUT_DIR"), "/gaz_names.fst")).to_vec(),
        };
        assert_eq!(again.places.len(), embedded.places.len());
        assert!(again.places == embedded.places, "place records differ");
        assert!(again.strings == embedded.strings, "string pools differ");
        assert!(again.fst == embedded.fst, "name keys differ");
        assert!(again.postings == embedded.postings, "postings differ");
    }

    #[test]
    fn geoname_line_merges_into_a_known_id_and_the_import_wins() {
        let mut m = Merge::new(vec![row(170063, "Aleppo", 2_000_000, &["Halab"])]);
        let line = "170063\tAleppo City\tAleppo City\tHalab,Ḩalab,ALP,http://x.org\t36.2\t37.16\tP\tPPLA\tSY\t\t09\t\t\t\t0\t\t380\tAsia/Damascus\t2024-01-01";
        assert!(m.geoname(line, &ImportOptions::default()).unwrap());
        let r = &m.finish()[0];
        assert_eq!((r.name.as_str(), r.lat, r.population), ("Aleppo City", 36.2, 2_000_000));
        assert!(r.alt_names.iter().any(|a| a == "Aleppo"), "the old display name stays a name: {:?}", r.alt_names);
        assert!(!r.alt_names.iter().any(|a| a == "ALP" || a.contains("http")));
        assert_eq!(r.alt_names.iter().filter(|a| normalize(a) == "halab").count(), 1);
    }

    #[test]
    fn geoname_line_with_18_fields_is_an_error() {
        let mut m = Merge::new(Vec::new());
        let err = m.geoname(&["1"; 18].join("\t"), &ImportOptions::default()).unwrap_err();
        assert!(err.contains("19") && err.contains("18"), "{err}");
    }

    #[test]
    fn alternate_names_skip_links_codes_and_unknown_ids() {
        let mut m = Merge::new(vec![row(5, "Aleppo", 1, &[])]);
        assert!(m.alternate_name("1\t5\ten\tBeroea\t\t\t\t1\t\t").unwrap());
        assert!(!m.alternate_name("2\t5\tlink\thttps://en.wikipedia.org/wiki/Aleppo\t\t\t\t\t\t").unwrap());
        assert!(!m.alternate_name("3\t5\tiata\tALP\t\t\t\t\t\t").unwrap());
        assert!(!m.alternate_name("4\t6\ten\tElsewhere\t\t\t\t\t\t").unwrap());
        assert!(!m.alternate_name("5\t5\tabbr\tAL\t\t\t\t\t\t").unwrap());
        assert!(m.alternate_name("6\t5\tabbr\tAlp.\t\t\t\t\t\t").unwrap());
        assert!(m.alternate_name("7\tx\ten\tA\t\t\t\t\t\t").unwrap_err().contains("geonameid"));
    }

    #[test]
    fn admin1_code_without_a_geoname_row_is_placed_at_its_seat() {
        let mut seat = row(10, "Idlib", 100_000, &[]);
        seat.fcode = "PPLA".into();
        seat.admin1 = "10".into();
        let mut m = Merge::new(vec![seat]);
        m.centres = Some(Centres::of(&m.rows));
        assert!(m.admin_code("SY.10\tIdlib Governorate\tIdlib Governorate\t169388").unwrap());
        assert!(!m.admin_code("SY.99\tNowhere\tNowhere\t1").unwrap(), "no towns carry SY.99: no point to give it");
        let r = &m.rows[1];
        assert_eq!((r.kind.as_str(), r.cc.as_str(), r.admin1.as_str(), r.lon), ("admin1", "SY", "10", 37.0));
        assert!(m.admin_code("SY\tx\tx\t1").unwrap_err().contains("CC.ADMIN1"));
    }

    #[test]
    fn keep_alt_matches_the_build_script_rule() {
        assert!(keep_alt("Deir ez-Zor"));
        assert!(!keep_alt("Haleb 2"));
        assert!(!keep_alt("www.aleppo.gov"));
        assert!(!keep_alt("阿勒颇"));
    }
}
