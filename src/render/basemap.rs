//! Natural Earth basemap layers, embedded in the binary, parsed on first use, clipped to the view
//! in lon/lat before they are projected.
//!
//! Sources (`data/basemap/*.geojson.gz`, gzip'd GeoJSON FeatureCollections, Natural Earth, public
//! domain): countries (polygons, `name`), borders and coastline (lines), admin1 (lines, `name`,
//! `iso_a2`), rivers (lines, `name`, `scalerank`), lakes (polygons, `name`, `scalerank`), cities
//! (points, `name`, `pop_max`, `scalerank`). Property names are matched case-insensitively, since
//! Natural Earth spells them both ways.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::sync::OnceLock;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::canvas::Canvas;
use super::projection::Projection;
use super::style;
use crate::{Error, Result};

/// One feature's geometry as parts (rings of a polygon, or lines) in lon/lat, with bounding boxes.
#[derive(Debug)]
pub(crate) struct Shape {
    pub(crate) rank: f64,
    /// The feature's `name` (countries, rivers, lakes).
    pub(crate) name: Option<String>,
    bbox: [f64; 4],
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    bbox: [f64; 4],
    pts: Vec<[f64; 2]>,
}

/// A populated place.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) name: String,
    pub(crate) lon: f64,
    pub(crate) lat: f64,
    pub(crate) pop: f64,
    /// Natural Earth scalerank: 0 = world city … 10 = local town.
    pub(crate) rank: f64,
}

macro_rules! embedded_layer {
    ($file:literal) => {
        (concat!("data/basemap/", $file), include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/basemap/", $file)))
    };
}

type Embedded = (&'static str, &'static [u8]);
const COUNTRIES: Embedded = embedded_layer!("countries.geojson.gz");
const BORDERS: Embedded = embedded_layer!("borders.geojson.gz");
const COASTLINE: Embedded = embedded_layer!("coastline.geojson.gz");
const ADMIN1: Embedded = embedded_layer!("admin1.geojson.gz");
const RIVERS: Embedded = embedded_layer!("rivers.geojson.gz");
const LAKES: Embedded = embedded_layer!("lakes.geojson.gz");
const CITIES: Embedded = embedded_layer!("cities.geojson.gz");

type Cell<T> = OnceLock<std::result::Result<T, String>>;

fn cached<T>(cell: &'static Cell<T>, parse: impl FnOnce() -> std::result::Result<T, String>) -> Result<&'static T> {
    cell.get_or_init(parse).as_ref().map_err(|e| Error::Data(e.clone()))
}

fn shapes(cell: &'static Cell<Vec<Shape>>, src: Embedded, polygons: bool) -> Result<&'static [Shape]> {
    cached(cell, || parse_shapes(src, polygons)).map(Vec::as_slice)
}

pub(crate) fn countries() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, COUNTRIES, true)
}
pub(crate) fn borders() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, BORDERS, false)
}
pub(crate) fn coastline() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, COASTLINE, false)
}
pub(crate) fn admin1() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, ADMIN1, false)
}
pub(crate) fn rivers() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, RIVERS, false)
}
pub(crate) fn lakes() -> Result<&'static [Shape]> {
    static C: Cell<Vec<Shape>> = OnceLock::new();
    shapes(&C, LAKES, true)
}
pub(crate) fn cities() -> Result<&'static [Place]> {
    static C: Cell<Vec<Place>> = OnceLock::new();
    cached(&C, || parse_places(CITIES)).map(Vec::as_slice)
}

// ---- parsing ----------------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawCollection {
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(default)]
    properties: Option<HashMap<String, serde_json::Value>>,
    #[serde(default)]
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: Option<Coords>,
}

/// GeoJSON `coordinates` of any depth; positions keep lon/lat and drop any elevation.
enum Coords {
    Pos([f64; 2]),
    List(Vec<Coords>),
}

enum NumOrCoords {
    Num(f64),
    Coords(Coords),
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_seq(CoordsVisitor)
    }
}

struct CoordsVisitor;

impl<'de> Visitor<'de> for CoordsVisitor {
    type Value = Coords;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("GeoJSON coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Coords, A::Error> {
        match seq.next_element::<NumOrCoords>()? {
            None => Ok(Coords::List(Vec::new())),
            Some(NumOrCoords::Num(x)) => {
                let y = match seq.next_element::<NumOrCoords>()? {
                    Some(NumOrCoords::Num(y)) => y,
                    _ => return Err(de::Error::custom("a position needs two numbers")),
                };
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Coords::Pos([x, y]))
            }
            Some(NumOrCoords::Coords(first)) => {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(16) + 1);
                list.push(first);
                while let Some(item) = seq.next_element::<NumOrCoords>()? {
                    match item {
                        NumOrCoords::Coords(c) => list.push(c),
                        NumOrCoords::Num(_) => return Err(de::Error::custom("mixed numbers and arrays")),
                    }
                }
                Ok(Coords::List(list))
            }
        }
    }
}

impl<'de> Deserialize<'de> for NumOrCoords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumOrCoords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or an array")
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<NumOrCoords, E> {
                Ok(NumOrCoords::Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<NumOrCoords, E> {
                Ok(NumOrCoords::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<NumOrCoords, E> {
                Ok(NumOrCoords::Num(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<NumOrCoords, A::Error> {
                CoordsVisitor.visit_seq(seq).map(NumOrCoords::Coords)
            }
        }
        d.deserialize_any(V)
    }
}

fn read_collection((path, bytes): Embedded) -> std::result::Result<RawCollection, String> {
    let mut json = Vec::with_capacity(bytes.len() * 6);
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut json).map_err(|e| format!("{path}: gunzip: {e}"))?;
    serde_json::from_slice(&json).map_err(|e| format!("{path}: {e}"))
}

/// A property by name, ignoring case.
fn prop<'a>(props: &'a Option<HashMap<String, serde_json::Value>>, key: &str) -> Option<&'a serde_json::Value> {
    let props = props.as_ref()?;
    props.get(key).or_else(|| props.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

fn prop_f64(props: &Option<HashMap<String, serde_json::Value>>, key: &str) -> Option<f64> {
    prop(props, key).and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
}

fn positions(c: Coords) -> Vec<[f64; 2]> {
    match c {
        Coords::Pos(p) => vec![p],
        Coords::List(items) => items
            .into_iter()
            .filter_map(|c| match c {
                Coords::Pos(p) => Some(p),
                Coords::List(_) => None,
            })
            .collect(),
    }
}

fn list(c: Coords) -> Vec<Coords> {
    match c {
        Coords::List(items) => items,
        Coords::Pos(_) => Vec::new(),
    }
}

/// Twice the signed area of a ring (positive = counter-clockwise in lon/lat).
fn signed_area2(pts: &[[f64; 2]]) -> f64 {
    let mut a = 0.0;
    let mut prev = pts[pts.len() - 1];
    for &p in pts {
        a += (prev[0] - p[0]) * (prev[1] + p[1]);
        prev = p;
    }
    a
}

fn bbox_of(pts: &[[f64; 2]]) -> [f64; 4] {
    pts.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| {
        [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
    })
}

fn union_bbox(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

fn parse_shapes(src: Embedded, polygons: bool) -> std::result::Result<Vec<Shape>, String> {
    let collection = read_collection(src)?;
    let mut out = Vec::with_capacity(collection.features.len());
    for f in collection.features {
        let Some(RawGeometry { kind, coordinates: Some(coords) }) = f.geometry else { continue };
        let mut parts: Vec<Vec<[f64; 2]>> = Vec::new();
        match kind.as_str() {
            "LineString" => parts.push(positions(coords)),
            "MultiLineString" => parts.extend(list(coords).into_iter().map(positions)),
            "Polygon" => push_polygon(&mut parts, coords, polygons),
            "MultiPolygon" => {
                for poly in list(coords) {
                    push_polygon(&mut parts, poly, polygons);
                }
            }
            _ => continue,
        }
        let parts: Vec<Part> = parts
            .into_iter()
            .filter(|p| p.len() >= 2)
            .map(|pts| Part { bbox: bbox_of(&pts), pts })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let bbox = parts.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| union_bbox(b, p.bbox));
        let name = prop(&f.properties, "name").and_then(|v| v.as_str()).filter(|n| !n.is_empty()).map(str::to_string);
        out.push(Shape { rank: prop_f64(&f.properties, "scalerank").unwrap_or(f64::NAN), name, bbox, parts });
    }
    Ok(out)
}

/// Rings of one polygon; for filling, the outer ring is made counter-clockwise and holes clockwise,
/// so that non-zero winding cuts the holes out whatever order the source used.
fn push_polygon(parts: &mut Vec<Vec<[f64; 2]>>, coords: Coords, polygons: bool) {
    for (i, ring) in list(coords).into_iter().enumerate() {
        let mut ring = positions(ring);
        if ring.len() < 3 {
            continue;
        }
        if polygons && ((signed_area2(&ring) > 0.0) != (i == 0)) {
            ring.reverse();
        }
        parts.push(ring);
    }
}

fn parse_places(src: Embedded) -> std::result::Result<Vec<Place>, String> {
    let collection = read_collection(src)?;
    let mut out = Vec::with_capacity(collection.features.len());
    for f in collection.features {
        let Some(RawGeometry { coordinates: Some(Coords::Pos([lon, lat])), .. }) = f.geometry else { continue };
        let Some(name) = prop(&f.properties, "name").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) else {
            continue;
        };
        out.push(Place {
            name: name.to_string(),
            lon,
            lat,
            pop: prop_f64(&f.properties, "pop_max").unwrap_or(0.0),
            rank: prop_f64(&f.properties, "scalerank").unwrap_or(10.0),
        });
    }
    Ok(out)
}

// ---- clipping ---------------------------------------------------------------------------------

fn bbox_overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

fn bbox_contains(outer: &[f64; 4], inner: &[f64; 4]) -> bool {
    outer[0] <= inner[0] && outer[1] <= inner[1] && inner[2] <= outer[2] && inner[3] <= outer[3]
}

/// Sutherland–Hodgman: clip a closed ring to an axis-aligned box (exact in lon/lat, since Mercator
/// maps meridians and parallels to straight lines).
fn clip_ring(ring: &[[f64; 2]], b: &[f64; 4], out: &mut Vec<[f64; 2]>, tmp: &mut Vec<[f64; 2]>) {
    out.clear();
    out.extend_from_slice(ring);
    // (axis, bound, keep-if-greater)
    for (axis, bound, greater) in [(0, b[0], true), (0, b[2], false), (1, b[1], true), (1, b[3], false)] {
        if out.is_empty() {
            return;
        }
        std::mem::swap(out, tmp);
        out.clear();
        let inside = |p: &[f64; 2]| if greater { p[axis] >= bound } else { p[axis] <= bound };
        let mut prev = tmp[tmp.len() - 1];
        for &p in tmp.iter() {
            let (pin, qin) = (inside(&prev), inside(&p));
            if pin != qin {
                let t = (bound - prev[axis]) / (p[axis] - prev[axis]);
                let mut x = [prev[0] + (p[0] - prev[0]) * t, prev[1] + (p[1] - prev[1]) * t];
                x[axis] = bound;
                out.push(x);
            }
            if qin {
                out.push(p);
            }
            prev = p;
        }
    }
}

/// Liang–Barsky on each segment: the runs of a polyline inside a box, handed to `emit`.
fn clip_line(line: &[[f64; 2]], b: &[f64; 4], mut emit: impl FnMut(&[[f64; 2]])) {
    let mut run: Vec<[f64; 2]> = Vec::new();
    for seg in line.windows(2) {
        let (p, q) = (seg[0], seg[1]);
        let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let mut visible = true;
        for (pk, qk) in [(-dx, p[0] - b[0]), (dx, b[2] - p[0]), (-dy, p[1] - b[1]), (dy, b[3] - p[1])] {
            if pk == 0.0 {
                if qk < 0.0 {
                    visible = false;
                    break;
                }
            } else {
                let r = qk / pk;
                if pk < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if !visible || t0 > t1 {
            if run.len() > 1 {
                emit(&run);
            }
            run.clear();
            continue;
        }
        let a = [p[0] + dx * t0, p[1] + dy * t0];
        let c = [p[0] + dx * t1, p[1] + dy * t1];
        if run.is_empty() || t0 > 0.0 {
            if run.len() > 1 {
                emit(&run);
            }
            run.clear();
            run.push(a);
        }
        run.push(c);
        if t1 < 1.0 {
            emit(&run);
            run.clear();
        }
    }
    if run.len() > 1 {
        emit(&run);
    }
}

/// Project to pixels, dropping points closer than `min_px` to the last one kept.
fn project_into(proj: &Projection, pts: &[[f64; 2]], min_px: f64, out: &mut Vec<(f64, f64)>) {
    out.clear();
    let min2 = min_px * min_px;
    for (i, p) in pts.iter().enumerate() {
        let q = proj.to_px(p[0], p[1]);
        if let Some(last) = out.last() {
            let d2 = (q.0 - last.0).powi(2) + (q.1 - last.1).powi(2);
            if d2 < min2 && i + 1 != pts.len() {
                continue;
            }
        }
        out.push(q);
    }
}

/// Reusable buffers for clipping and projecting one layer.
#[derive(Default)]
struct Scratch {
    clipped: Vec<[f64; 2]>,
    tmp: Vec<[f64; 2]>,
    px: Vec<(f64, f64)>,
}

/// Add the visible parts of polygon `shapes` to the canvas accumulator (as fills).
fn add_fills<'a>(canvas: &mut Canvas, proj: &Projection, view: &[f64; 4], shapes: impl Iterator<Item = &'a Shape>) {
    let mut s = Scratch::default();
    for shape in shapes.filter(|sh| bbox_overlaps(&sh.bbox, view)) {
        for part in shape.parts.iter().filter(|p| bbox_overlaps(&p.bbox, view)) {
            let pts: &[[f64; 2]] = if bbox_contains(view, &part.bbox) {
                &part.pts
            } else {
                clip_ring(&part.pts, view, &mut s.clipped, &mut s.tmp);
                &s.clipped
            };
            if pts.len() < 3 {
                continue;
            }
            project_into(proj, pts, 0.35, &mut s.px);
            canvas.add_ring(&s.px);
        }
    }
}

/// How a line is stroked.
#[derive(Clone, Copy)]
pub(crate) struct Stroke {
    pub(crate) width: f64,
    pub(crate) dash: Option<(f64, f64)>,
}

/// Add the visible parts of line `shapes` (or polygon outlines) to the canvas accumulator.
fn add_lines<'a>(
    canvas: &mut Canvas,
    proj: &Projection,
    view: &[f64; 4],
    shapes: impl Iterator<Item = &'a Shape>,
    stroke: impl Fn(&Shape) -> Stroke,
) {
    let mut px = Vec::new();
    for shape in shapes.filter(|sh| bbox_overlaps(&sh.bbox, view)) {
        let st = stroke(shape);
        for part in shape.parts.iter().filter(|p| bbox_overlaps(&p.bbox, view)) {
            clip_line(&part.pts, view, |run| {
                project_into(proj, run, 0.5, &mut px);
                match st.dash {
                    Some((on, off)) => canvas.add_dashed_stroke(&px, st.width, on, off),
                    None => canvas.add_stroke(&px, st.width),
                }
            });
        }
    }
}

/// A country name and where it can go: `(name, x, y, width_px, area_px²)`.
pub(crate) type LabelAnchor = (&'static str, f64, f64, f64, f64);

/// Where a country's name can go: for each country in view, the centre of its largest visible piece
/// (if that centre lies inside the piece), with the piece's on-screen width and area.
///
/// # Units
/// Pixels: `(name, x, y, width_px, area_px²)`, largest area first.
pub(crate) fn country_label_anchors(proj: &Projection, area: [f64; 4]) -> Result<Vec<LabelAnchor>> {
    let (lon0, lat0) = proj.to_lonlat(area[0], area[3]);
    let (lon1, lat1) = proj.to_lonlat(area[2], area[1]);
    let view = [lon0, lat0, lon1, lat1];
    let mut s = Scratch::default();
    let mut out = Vec::new();
    for shape in countries()?.iter().filter(|sh| bbox_overlaps(&sh.bbox, &view)) {
        let Some(name) = shape.name.as_deref() else { continue };
        let mut best: Option<(f64, f64, f64, f64)> = None; // (area, cx, cy, width)
        for part in shape.parts.iter().filter(|p| bbox_overlaps(&p.bbox, &view)) {
            if signed_area2(&part.pts) <= 0.0 {
                continue; // a hole
            }
            clip_ring(&part.pts, &view, &mut s.clipped, &mut s.tmp);
            if s.clipped.len() < 3 {
                continue;
            }
            project_into(proj, &s.clipped, 0.5, &mut s.px);
            let (a, cx, cy) = centroid(&s.px);
            if a.abs() < 1.0 || best.is_some_and(|b| b.0 >= a.abs()) {
                continue;
            }
            let (xmin, xmax) = s.px.iter().fold((f64::MAX, f64::MIN), |m, p| (m.0.min(p.0), m.1.max(p.0)));
            if inside(&s.px, cx, cy) {
                best = Some((a.abs(), cx, cy, xmax - xmin));
            }
        }
        if let Some((a, x, y, w)) = best {
            out.push((name, x, y, w, a));
        }
    }
    out.sort_by(|a, b| b.4.total_cmp(&a.4));
    Ok(out)
}

/// Signed area and centroid of a pixel ring.
fn centroid(pts: &[(f64, f64)]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    let mut prev = pts[pts.len() - 1];
    for &p in pts {
        let cross = prev.0 * p.1 - p.0 * prev.1;
        a += cross;
        cx += (prev.0 + p.0) * cross;
        cy += (prev.1 + p.1) * cross;
        prev = p;
    }
    if a.abs() < 1e-9 {
        return (0.0, pts[0].0, pts[0].1);
    }
    (a / 2.0, cx / (3.0 * a), cy / (3.0 * a))
}

/// Even-odd point-in-ring test.
fn inside(pts: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut c = false;
    let mut prev = pts[pts.len() - 1];
    for &p in pts {
        if (p.1 > y) != (prev.1 > y) && x < (prev.0 - p.0) * (y - p.1) / (prev.1 - p.1) + p.0 {
            c = !c;
        }
        prev = p;
    }
    c
}

/// Thin lines look better drawn one pixel wide and faded than as a sub-pixel sliver.
fn thin(width: f64, alpha: f64) -> (f64, f64) {
    if width < 1.0 {
        (1.0, alpha * width)
    } else {
        (width, alpha)
    }
}

/// Draw land, water and boundaries for the view. `scale` multiplies line widths (1.0 at 1600×1200).
pub(crate) fn draw(canvas: &mut Canvas, proj: &Projection, scale: f64) -> Result<()> {
    let view = proj.bbox_with_margin(8.0);
    let zoom = proj.zoom();
    let lw = scale.max(0.6);

    add_fills(canvas, proj, &view, countries()?.iter());
    canvas.paint(style::LAND, 1.0);

    // Lakes: small ones only once zoomed in.
    let lakes = lakes()?;
    let lake_ok = |s: &&Shape| s.rank.is_nan() || s.rank <= zoom + 2.0;
    add_fills(canvas, proj, &view, lakes.iter().filter(lake_ok));
    canvas.paint(style::LAKE, 1.0);
    let (w, a) = thin(0.7 * lw, 1.0);
    add_lines(canvas, proj, &view, lakes.iter().filter(lake_ok), |_| Stroke { width: w, dash: None });
    canvas.paint(style::WATER_LINE, a);

    // Rivers: scalerank 0 (Nile) … 12 (streams); show what the zoom can carry, major ones wider.
    let river_ok = |s: &&Shape| s.rank.is_nan() || s.rank <= zoom;
    add_lines(canvas, proj, &view, rivers()?.iter().filter(river_ok), |s| {
        let w = if s.rank <= 3.0 { 1.6 } else if s.rank <= 6.0 { 1.2 } else { 0.9 };
        Stroke { width: (w * lw).max(1.0), dash: None }
    });
    canvas.paint(style::RIVER, 1.0);

    if zoom >= 4.0 {
        let (w, a) = thin(0.9 * lw, 1.0);
        add_lines(canvas, proj, &view, admin1()?.iter(), |_| Stroke { width: w, dash: Some((5.0 * lw, 3.0 * lw)) });
        canvas.paint(style::ADMIN1, a);
    }

    let (w, a) = thin(0.8 * lw, 1.0);
    add_lines(canvas, proj, &view, coastline()?.iter(), |_| Stroke { width: w, dash: None });
    canvas.paint(style::WATER_LINE, a);

    // Country borders: a light casing under a darker line keeps them readable over rivers.
    let (w, a) = thin(1.3 * lw, 1.0);
    add_lines(canvas, proj, &view, borders()?.iter(), |_| Stroke { width: w + 2.0 * lw, dash: None });
    canvas.paint(style::LAND, 0.6);
    add_lines(canvas, proj, &view, borders()?.iter(), |_| Stroke { width: w, dash: None });
    canvas.paint(style::BORDER, a);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_ring_to_box() {
        let square = [[-1.0, -1.0], [3.0, -1.0], [3.0, 3.0], [-1.0, 3.0]];
        let (mut out, mut tmp) = (Vec::new(), Vec::new());
        clip_ring(&square, &[0.0, 0.0, 2.0, 2.0], &mut out, &mut tmp);
        assert!((signed_area2(&out).abs() / 2.0 - 4.0).abs() < 1e-9, "{out:?}");
    }

    #[test]
    fn clip_line_splits_runs() {
        let zigzag = [[-1.0, 0.5], [0.5, 0.5], [0.5, 5.0], [0.7, 0.5], [0.9, 0.5]];
        let mut runs = Vec::new();
        clip_line(&zigzag, &[0.0, 0.0, 1.0, 1.0], |r| runs.push(r.to_vec()));
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0][0], [0.0, 0.5]);
        assert_eq!(*runs[1].last().unwrap(), [0.9, 0.5]);
    }

    #[test]
    fn embedded_layers_parse() {
        assert!(!countries().unwrap().is_empty());
        assert!(cities().unwrap().iter().any(|p| p.name == "Aleppo"));
    }
}
