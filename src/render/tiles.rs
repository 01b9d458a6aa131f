//! An optional raster basemap from an OpenStreetMap-style tile server (`…/{z}/{x}/{y}.png`), fetched
//! over HTTP(S) with a blocking client, cached on disk, resampled onto the map's own projection.
//!
//! Nothing is painted until every tile of the view is at hand: a server that is down, slow, or answers
//! with an error leaves the canvas untouched and the map falls back to the vector basemap, with the
//! reason returned for the caller to show.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::canvas::Canvas;
use super::projection::{Projection, WORLD_WIDTH_M};
use crate::{Error, Result};

/// At most this many tiles for one map (a 1600×1200 map needs about 48).
const MAX_TILES: usize = 256;
const MAX_ZOOM: u32 = 19;

/// Where raster tiles come from.
///
/// ```
/// use conflictmap::render::TileSource;
/// let t = TileSource::new("https://tile.example.org/{z}/{x}/{y}.png").unwrap();
/// assert_eq!(t.url(5, 19, 12), "https://tile.example.org/5/19/12.png");
/// assert!(TileSource::new("https://tile.example.org/{z}/{x}.png").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TileSource {
    /// URL with `{z}`, `{x}` and `{y}` (and optionally `{s}`, replaced by `a`).
    pub url_template: String,
    /// Tiles are kept here (one folder per template) and reused; `None` fetches every time.
    pub cache_dir: Option<PathBuf>,
    /// Credit the tile server asks for, drawn on the map (default: "Tiles: HOST").
    pub attribution: Option<String>,
}

impl TileSource {
    /// Check that the template names a tile (`{z}`, `{x}`, `{y}` over http or https).
    pub fn new(url_template: &str) -> Result<TileSource> {
        let t = url_template.trim();
        let missing: Vec<&str> = ["{z}", "{x}", "{y}"].into_iter().filter(|p| !t.contains(p)).collect();
        if !missing.is_empty() || !(t.starts_with("http://") || t.starts_with("https://")) {
            return Err(Error::input_hint(
                "--tiles",
                format!("{t:?} is not a tile URL template{}", if missing.is_empty() { String::new() } else { format!(" (no {})", missing.join(", ")) }),
                "give an http(s) URL with {z}/{x}/{y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            ));
        }
        Ok(TileSource { url_template: t.to_string(), cache_dir: None, attribution: None })
    }

    /// The URL of tile `(z, x, y)`.
    pub fn url(&self, z: u32, x: u32, y: u32) -> String {
        self.url_template
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
            .replace("{s}", "a")
    }

    /// The credit line drawn on the map.
    pub(crate) fn attribution_text(&self) -> String {
        match &self.attribution {
            Some(a) if !a.trim().is_empty() => a.trim().to_string(),
            _ => format!("Tiles: {}", host(&self.url_template)),
        }
    }

    /// Cache folder for this template: readable host plus a hash of the whole template.
    fn cache_folder(&self) -> Option<PathBuf> {
        let dir = self.cache_dir.as_ref()?;
        let hash = Sha256::digest(self.url_template.as_bytes());
        let hex: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let safe: String = host(&self.url_template).chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
        Some(dir.join(format!("{safe}-{hex}")))
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// One decoded tile, RGB8.
struct Tile {
    size: usize,
    rgb: Vec<u8>,
}

/// Paint the tiles under the whole canvas, or leave it untouched and say why not.
pub(crate) fn draw(canvas: &mut Canvas, proj: &Projection, src: &TileSource) -> std::result::Result<(), String> {
    let z = (proj.zoom().round().max(0.0) as u32).min(MAX_ZOOM);
    let n = 1u64 << z;
    let tile_m = WORLD_WIDTH_M / n as f64;
    let half = WORLD_WIDTH_M / 2.0;
    // Tile columns and rows under the image (columns may run past the antimeridian and wrap).
    let (mx0, my0) = proj.px_to_mercator(0.0, 0.0);
    let (mx1, my1) = proj.px_to_mercator(proj.width() as f64, proj.height() as f64);
    let col0 = ((mx0 + half) / tile_m).floor() as i64;
    let col1 = ((mx1 + half) / tile_m).floor() as i64;
    let row0 = (((half - my0) / tile_m).floor() as i64).clamp(0, n as i64 - 1);
    let row1 = (((half - my1) / tile_m).floor() as i64).clamp(0, n as i64 - 1);
    let count = ((col1 - col0 + 1).max(0) * (row1 - row0 + 1).max(0)) as usize;
    if count > MAX_TILES || col1 - col0 + 1 > n as i64 * 2 {
        return Err(format!("{count} tiles at zoom {z} is more than the {MAX_TILES} one map may fetch"));
    }
    let folder = src.cache_folder();
    let mut fetcher = Fetcher;
    let cols = (col1 - col0 + 1) as usize;
    let mut tiles: Vec<Tile> = Vec::with_capacity(count);
    for row in row0..=row1 {
        for col in col0..=col1 {
            let x = col.rem_euclid(n as i64) as u32;
            let bytes = load(src, folder.as_deref(), &mut fetcher, z, x, row as u32)?;
            let img = image::load_from_memory(&bytes).map_err(|e| format!("tile {z}/{x}/{row} is not an image: {e}"))?.to_rgb8();
            let (w, h) = img.dimensions();
            if w != h || w == 0 {
                return Err(format!("tile {z}/{x}/{row} is {w}×{h}, not square"));
            }
            tiles.push(Tile { size: w as usize, rgb: img.into_raw() });
        }
    }
    // Resample: each canvas pixel looks up its Web Mercator position in the tile grid (bilinear).
    let (w, h) = (canvas.width as usize, canvas.height as usize);
    let rows = (row1 - row0 + 1) as usize;
    let sample = |tx: f64, ty: f64| -> [f64; 3] {
        // tx, ty in tile units from (col0, row0); clamp to the fetched grid.
        let ci = (tx.floor().max(0.0) as usize).min(cols - 1);
        let ri = (ty.floor().max(0.0) as usize).min(rows - 1);
        let t = &tiles[ri * cols + ci];
        let s = t.size as f64;
        let px = ((tx - ci as f64) * s).clamp(0.0, s - 1.0);
        let py = ((ty - ri as f64) * s).clamp(0.0, s - 1.0);
        let (x0, y0) = (px as usize, py as usize);
        let (x1, y1) = ((x0 + 1).min(t.size - 1), (y0 + 1).min(t.size - 1));
        let (fx, fy) = (px - x0 as f64, py - y0 as f64);
        let at = |x: usize, y: usize, k: usize| t.rgb[(y * t.size + x) * 3 + k] as f64;
        std::array::from_fn(|k| {
            let top = at(x0, y0, k) * (1.0 - fx) + at(x1, y0, k) * fx;
            let bottom = at(x0, y1, k) * (1.0 - fx) + at(x1, y1, k) * fx;
            top * (1.0 - fy) + bottom * fy
        })
    };
    for y in 0..h {
        let (_, my) = proj.px_to_mercator(0.0, y as f64 + 0.5);
        let ty = (half - my) / tile_m - row0 as f64;
        for x in 0..w {
            let (mx, _) = proj.px_to_mercator(x as f64 + 0.5, 0.0);
            let tx = (mx + half) / tile_m - col0 as f64;
            let c = sample(tx, ty);
            let i = (y * w + x) * 3;
            for (dst, v) in canvas.buf[i..i + 3].iter_mut().zip(c) {
                *dst = v.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct Fetcher;

impl Fetcher {
    fn get(&mut self, url: &str) -> std::result::Result<Vec<u8>, String> {
        crate::net::get(url).map(|f| f.body)
    }
}


/// A tile from the cache, or from the server (then stored in the cache).
fn load(src: &TileSource, folder: Option<&Path>, fetcher: &mut Fetcher, z: u32, x: u32, y: u32) -> std::result::Result<Vec<u8>, String> {
    let path = folder.map(|f| f.join(z.to_string()).join(x.to_string()).join(format!("{y}.tile")));
    if let Some(p) = &path {
        if let Ok(bytes) = std::fs::read(p) {
            return Ok(bytes);
        }
    }
    let bytes = fetcher.get(&src.url(z, x, y))?;
    if let Some(p) = &path {
        // A cache that cannot be written only costs a fetch next time.
        if let Some(dir) = p.parent() {
            if std::fs::create_dir_all(dir).is_ok() {
                let tmp = p.with_extension(format!("part{}", std::process::id()));
                if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, p).is_err() {
                    let _ = std::fs::remove_file(&tmp);
                }
            }
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_host_and_cache_folder() {
        let mut t = TileSource::new("https://{s}.tile.example.org/{z}/{x}/{y}.png?key=1").unwrap();
        assert_eq!(t.url(3, 4, 5), "https://a.tile.example.org/3/4/5.png?key=1");
        assert_eq!(t.attribution_text(), "Tiles: {s}.tile.example.org");
        t.cache_dir = Some(PathBuf::from("/tmp/c"));
        let f = t.cache_folder().unwrap();
        assert!(f.starts_with("/tmp/c") && f.file_name().unwrap().to_str().unwrap().starts_with("_s_.tile.example.org-"), "{f:?}");
        assert_eq!(TileSource::new("ftp://x/{z}/{x}/{y}").unwrap_err().exit_code(), 2);
    }

    #[test]
    fn a_closed_port_is_a_reason_not_a_panic() {
        // Bind then drop: nothing listens on that port any more.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let src = TileSource::new(&format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")).unwrap();
        let proj = Projection::centered(128, 128, (37.13, 36.2), 2_000.0);
        let mut c = Canvas::new(128, 128, [1, 2, 3]);
        let why = draw(&mut c, &proj, &src).unwrap_err();
        assert!(why.contains(&format!("127.0.0.1:{port}")), "{why}");
        assert!(c.buf.chunks(3).all(|p| p == [1, 2, 3]), "canvas touched");
    }
}
