//! Flags shared by the commands that select events (query, export, map, timeline) and
//! print rows, after sqlite-utils and ogr2ogr; and writing an output file safely.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::resolve::{Gazetteer, NameKind};
use crate::store::{Filter, Order, Store};
use crate::{Error, Result};

/// Which events: the same flags for `query`, `export`, `map` and `timeline`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only events inside this box (decimal degrees, ogr2ogr's -spat order; XMIN > XMAX crosses the antimeridian).
    #[arg(long, num_args = 4, value_names = ["XMIN", "YMIN", "XMAX", "YMAX"], allow_negative_numbers = true)]
    pub bbox: Option<Vec<f64>>,
    /// Only events near a place name or a LON,LAT point (with --radius-km).
    #[arg(long, value_name = "PLACE|LON,LAT")]
    pub near: Option<String>,
    /// Radius for --near, in kilometres (great-circle).
    #[arg(long, default_value_t = 25.0, value_name = "KM")]
    pub radius_km: f64,
    /// First day included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// ACLED event type, e.g. "Battles".
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. "Armed clash".
    #[arg(long, value_name = "SUB_TYPE")]
    pub sub_type: Option<String>,
    /// Actor name contains this (case-insensitive).
    #[arg(long)]
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. SY.
    #[arg(long)]
    pub country: Option<String>,
    /// First-level division (province, governorate, state) as the gazetteer names it, e.g. Aleppo, "Northern Darfur" (case-insensitive); or its GeoNames code, e.g. SY.09.
    #[arg(long, value_name = "NAME|CC.CODE")]
    pub admin1: Option<String>,
    /// Full-text query over the sentences that reported the event (SQLite FTS5: words are ANDed, "a phrase", OR, NOT, prefix*; case- and accent-insensitive).
    #[arg(long, value_name = "QUERY")]
    pub text: Option<String>,
    /// Only events placed at least this precisely: ACLED geo_precision ≤ N (1 = the place itself, 2 = near it or part of a region, 3 = a larger area).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=3))]
    pub min_precision: Option<u8>,
    /// Only events reported by an article whose URL contains this (e.g. a domain).
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Sort by date, fatalities, id, country, type, location or distance (from --near); comma-separated, a leading - for descending, e.g. -fatalities,date.
    #[arg(
        long,
        value_name = "KEYS",
        default_value = "date",
        allow_hyphen_values = true
    )]
    pub order: String,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

fn date(flag: &str, v: &Option<String>) -> Result<Option<NaiveDate>> {
    v.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::input_hint(
                    flag,
                    format!("not a date: {s:?}"),
                    "write dates as YYYY-MM-DD, e.g. 2013-05-15",
                )
            })
        })
        .transpose()
}

impl FilterArgs {
    /// Build the store filter, resolving `--near PLACE` and `--admin1 NAME` with the
    /// gazetteer.
    pub fn to_filter(&self) -> Result<Filter> {
        let bbox = match &self.bbox {
            None => None,
            Some(v) => {
                let [w, s, e, n] = [v[0], v[1], v[2], v[3]];
                let lon = -180.0..=180.0;
                let lat = -90.0..=90.0;
                if !lon.contains(&w)
                    || !lon.contains(&e)
                    || !lat.contains(&s)
                    || !lat.contains(&n)
                    || s > n
                {
                    return Err(Error::input_hint(
                        "--bbox",
                        format!("not a box: {w} {s} {e} {n}"),
                        "give XMIN YMIN XMAX YMAX in degrees, e.g. --bbox 36.5 35.8 37.6 36.6",
                    ));
                }
                Some([w, s, e, n])
            }
        };
        if !(self.radius_km > 0.0 && self.radius_km.is_finite()) {
            return Err(Error::input(
                "--radius-km",
                format!("must be a positive number of km, not {}", self.radius_km),
            ));
        }
        let near = match &self.near {
            None => None,
            Some(s) => {
                let (lon, lat) = parse_point_or_place(s)?;
                Some((lon, lat, self.radius_km))
            }
        };
        let since = date("--since", &self.since)?;
        let until = date("--until", &self.until)?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(Error::input("--since/--until", format!("{a} is after {b}")));
            }
        }
        let (admin1, country) = match &self.admin1 {
            None => (None, self.country.clone()),
            Some(value) => match admin1_code(value)? {
                Some((cc, name)) => (Some(name), Some(self.country.clone().unwrap_or(cc))),
                None => (Some(value.clone()), self.country.clone()),
            },
        };
        Ok(Filter {
            since,
            until,
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_type.clone(),
            actor: self.actor.clone(),
            country,
            admin1,
            text: self.text.clone(),
            min_precision: self.min_precision,
            source: self.source.clone(),
            bbox,
            near,
            order: self.order.parse::<Order>()?,
            limit: self.limit,
        })
    }
}

/// `--admin1 CC.CODE` (GeoNames style, e.g. `SY.09`) as (country code, admin1 name);
/// `None` when the value is a name.
fn admin1_code(value: &str) -> Result<Option<(String, String)>> {
    let Some((cc, code)) = value.trim().split_once('.') else {
        return Ok(None);
    };
    let looks_like_code = cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_alphabetic())
        && !code.is_empty()
        && code.len() <= 3
        && code.bytes().all(|b| b.is_ascii_alphanumeric());
    if !looks_like_code {
        return Ok(None);
    }
    let cc = cc.to_ascii_uppercase();
    match Gazetteer::default_for_cli()?.admin1(&cc, code) {
        Some(place) => Ok(Some((cc, place.name().to_owned()))),
        None => Err(Error::input_hint(
            "--admin1",
            format!("the gazetteer has no first-level division {value:?}"),
            "give its name (Aleppo) or a GeoNames code that exists (SY.09)",
        )),
    }
}

/// `LON,LAT` or a place name looked up in the gazetteer (its most prominent reading).
pub fn parse_point_or_place(s: &str) -> Result<(f64, f64)> {
    if let Some((a, b)) = s.split_once(',') {
        if let (Ok(lon), Ok(lat)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
                return Ok((lon, lat));
            }
            return Err(Error::input(
                "--near",
                format!("{s:?} is out of range (LON,LAT in degrees)"),
            ));
        }
    }
    let gaz = Gazetteer::default_for_cli()?;
    let best = gaz
        .lookup(s)
        .into_iter()
        .filter(|p| p.name_kind != NameKind::Demonym)
        .map(|p| gaz.place(p.place))
        .max_by(|a, b| {
            let prior = |p: &crate::resolve::Place<'_>| {
                crate::resolve::rank::prior(
                    p,
                    &crate::resolve::Posting {
                        place: p.index,
                        name_kind: NameKind::Primary,
                        squashed: false,
                    },
                )
            };
            prior(a)
                .partial_cmp(&prior(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    match best {
        Some(p) => Ok((p.lon, p.lat)),
        None => Err(Error::input_hint(
            "--near",
            format!("unknown place {s:?}"),
            "give a gazetteer name (Aleppo) or LON,LAT (37.13,36.20)",
        )),
    }
}

/// How rows are printed.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutputArgs {
    /// Comma-separated values (ACLED column names).
    #[arg(long, group = "out")]
    pub csv: bool,
    /// One JSON array.
    #[arg(long, group = "out")]
    pub json: bool,
    /// One JSON object per line.
    #[arg(long, group = "out")]
    pub nl: bool,
    /// A GeoJSON FeatureCollection.
    #[arg(long, group = "out")]
    pub geojson: bool,
}

/// Open an existing store for reading (read-only; a store from an older conflictmap is
/// upgraded first), with a hint when there is none yet.
pub fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        return Err(Error::input_hint(
            db.display().to_string(),
            "no store here yet",
            "ingest articles first (conflictmap ingest FILE), run `conflictmap demo`, or pass --db PATH",
        ));
    }
    Store::open_for_reading(db)
}

/// Write bytes to `path` (or stdout for `-`), refusing to overwrite without `force`.
pub fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let mut out = OutputFile::create(path, force)?;
    out.write_all(bytes)
        .map_err(|e| Error::io(out.shown(), e))?;
    out.finish()
}

/// Refuse to replace an existing file unless `--force`.
pub fn check_overwrite(path: &Path, force: bool) -> Result<()> {
    if path.as_os_str() != "-" && path.exists() && !force {
        return Err(Error::input_hint(
            path.display().to_string(),
            "already exists",
            "pass --force to overwrite it",
        ));
    }
    Ok(())
}

/// Where a file is written before it is complete: beside `path`, renamed over it at the
/// end, so a failed write never leaves half a file (nor clobbers the old one).
pub fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// An output being written: stdout for `-`, else `<path>.part`, renamed to `path` by
/// [`finish`](Self::finish) (and removed if dropped unfinished).
pub struct OutputFile {
    path: PathBuf,
    part: Option<PathBuf>,
    out: std::io::BufWriter<Box<dyn Write>>,
}

impl OutputFile {
    /// Start writing `path`, refusing to replace an existing file unless `force`.
    pub fn create(path: &Path, force: bool) -> Result<OutputFile> {
        if path.as_os_str() == "-" {
            return Ok(OutputFile {
                path: path.to_path_buf(),
                part: None,
                out: std::io::BufWriter::with_capacity(1 << 16, Box::new(std::io::stdout())),
            });
        }
        check_overwrite(path, force)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let part = part_path(path);
        let file = std::fs::File::create(&part).map_err(|e| Error::io(&part, e))?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            part: Some(part),
            out: std::io::BufWriter::with_capacity(1 << 16, Box::new(file)),
        })
    }

    /// The path for messages (`<stdout>` for `-`).
    pub fn shown(&self) -> PathBuf {
        if self.part.is_some() {
            self.path.clone()
        } else {
            PathBuf::from("<stdout>")
        }
    }

    /// Flush, and move the finished file into place.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(self.shown(), e))?;
        if let Some(part) = self.part.take() {
            std::fs::rename(&part, &self.path).map_err(|e| Error::io(&self.path, e))?;
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(part) = &self.part {
            let _ = std::fs::remove_file(part);
        }
    }
}
