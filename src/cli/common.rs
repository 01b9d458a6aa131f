//! Flags shared by the commands that select events (query, export, map, timeline) and
//! print rows, after sqlite-utils and ogr2ogr.

use std::path::Path;

use chrono::NaiveDate;

use crate::resolve::Gazetteer;
use crate::store::{Filter, Store};
use crate::{Error, Result};

/// Which events: the same flags for `query`, `export`, `map` and `timeline`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only events inside this box (decimal degrees, ogr2ogr's -spat order).
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
    /// Sentence or location contains this text (case-insensitive).
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

fn date(flag: &str, v: &Option<String>) -> Result<Option<NaiveDate>> {
    v.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::input_hint(flag, format!("not a date: {s:?}"), "write dates as YYYY-MM-DD, e.g. 2013-05-15")
            })
        })
        .transpose()
}

impl FilterArgs {
    /// Build the store filter, resolving `--near PLACE` with the gazetteer.
    pub fn to_filter(&self) -> Result<Filter> {
        let bbox = match &self.bbox {
            None => None,
            Some(v) => {
                let [w, s, e, n] = [v[0], v[1], v[2], v[3]];
                if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) || !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) || s > n {
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
            return Err(Error::input("--radius-km", format!("must be a positive number of km, not {}", self.radius_km)));
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
        Ok(Filter {
            since,
            until,
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_type.clone(),
            actor: self.actor.clone(),
            country: self.country.clone(),
            text: self.text.clone(),
            bbox,
            near,
            limit: self.limit,
        })
    }
}

/// `LON,LAT` or a place name looked up in the gazetteer (its most prominent reading).
pub fn parse_point_or_place(s: &str) -> Result<(f64, f64)> {
    if let Some((a, b)) = s.split_once(',') {
        if let (Ok(lon), Ok(lat)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
                return Ok((lon, lat));
            }
            return Err(Error::input("--near", format!("{s:?} is out of range (LON,LAT in degrees)")));
        }
    }
    let gaz = Gazetteer::default_for_cli()?;
    let best = gaz
        .lookup(s)
        .into_iter()
        .filter(|p| p.name_kind != crate::resolve::NameKind::Demonym)
        .map(|p| gaz.place(p.place))
        .max_by(|a, b| {
            let pa = crate::resolve::rank::prior(a, &crate::resolve::Posting { place: a.index, name_kind: crate::resolve::NameKind::Primary, squashed: false });
            let pb = crate::resolve::rank::prior(b, &crate::resolve::Posting { place: b.index, name_kind: crate::resolve::NameKind::Primary, squashed: false });
            pa.partial_cmp(&pb).unwrap_or(std::cmp::Ordering::Equal)
        });
    match best {
        Some(p) => Ok((p.lon, p.lat)),
        None => Err(Error::input_hint("--near", format!("unknown place {s:?}"), "give a gazetteer name (Aleppo) or LON,LAT (37.13,36.20)")),
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

/// Open an existing store for reading, with a hint when there is none yet.
pub fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        return Err(Error::input_hint(
            db.display().to_string(),
            "no store here yet",
            "ingest articles first (conflictmap ingest FILE), run `conflictmap demo`, or pass --db PATH",
        ));
    }
    Store::open(db)
}

/// Write bytes to `path` (or stdout for `-`), refusing to overwrite without `force`.
pub fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    use std::io::Write;
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| Error::io("<stdout>", e));
    }
    check_overwrite(path, force)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // write beside, then rename: a failed write never leaves half a file
    let tmp = path.with_extension(format!("{}.part", path.extension().and_then(|e| e.to_str()).unwrap_or("out")));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Refuse to replace an existing file unless `--force`.
pub fn check_overwrite(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::input_hint(path.display().to_string(), "already exists", "pass --force to overwrite it"));
    }
    Ok(())
}
