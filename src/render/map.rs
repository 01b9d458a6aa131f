//! The event map: fit the view, draw the basemap, then event markers (or a density grid), labels,
//! legend and furniture. Layout and marker symbols live here; the legend (`legend.rs`), the density
//! grid (`density.rs`) and title band, scale bar and north arrow (`furniture.rs`) have their own files.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::basemap;
use super::canvas::{Canvas, Rect};
use super::density::{grid_cell_km, Grid};
use super::font;
use super::furniture::{draw_furniture, draw_note, note_rect};
use super::labels::{Placer, Spot};
use super::legend::Legend;
use super::projection::Projection;
use super::style::{self, Shape, TYPE_STYLES};
use super::tiles;
use super::{check_size, png, Bin, ImageFormat, MapOptions};
use crate::events::Event;
use crate::{Error, Result};

/// Above this many events the map shows a density grid instead of one marker per event.
pub const DENSITY_THRESHOLD: usize = 5_000;

/// A location name is not labelled twice within this many pixels (at 1600×1200).
const REPEAT_LABEL_PX: f64 = 160.0;
/// The smallest ground distance a fitted view spans, so one event shows its surroundings.
const MIN_SPAN_M: f64 = 200_000.0;
/// What an empty map shows.
const WORLD_BBOX: [f64; 4] = [-180.0, -58.0, 180.0, 78.0];
const NO_EVENTS: &str = "No events match";

/// Draw `events` on a map and return the image bytes (PNG, or SVG with [`ImageFormat::Svg`]).
///
/// The view fits the events (or `opts.bbox`); with no events the map shows the world (or the bbox)
/// with a "No events match" note. Above [`DENSITY_THRESHOLD`] events, a density grid replaces the
/// markers. Events whose coordinates are not valid WGS 84 are left out. Warnings (a tile basemap
/// that could not be used) are dropped: use [`render_map_report`] to show them.
pub fn render_map(events: &[Event], opts: &MapOptions) -> Result<Vec<u8>> {
    render_map_report(events, opts).map(|r| r.bytes)
}

/// Draw `events` on a map; the image bytes and what the caller should tell the user.
pub fn render_map_report(events: &[Event], opts: &MapOptions) -> Result<Rendered> {
    let image = draw_map(events, opts)?;
    let bytes = image.encode(opts)?;
    Ok(Rendered { bytes, warnings: image.warnings })
}

/// One map per `every` period (day, ISO week or month) from the first event's period to the last,
/// all with the same view, legend rows and colour scale, so they compare side by side and play as an
/// animation. Periods without events are drawn too (with a note). `each` receives every frame as it
/// is drawn, in date order; an error from it stops the series.
pub fn render_map_frames(
    events: &[Event],
    opts: &MapOptions,
    every: Bin,
    mut each: impl FnMut(Frame) -> Result<()>,
) -> Result<usize> {
    check_options(opts)?;
    let (Some(first), Some(last)) = (events.iter().map(|e| e.event_date).min(), events.iter().map(|e| e.event_date).max())
    else {
        return Ok(0);
    };
    let n = every.index(first, last) + 1;
    if n > MAX_FRAMES {
        return Err(Error::input_hint(
            "--every",
            format!("{first} to {last} makes {n} {} frames", every.noun()),
            format!("at most {MAX_FRAMES}: use a longer period or narrow the dates with --since/--until"),
        ));
    }
    let lay = Layout::new(opts);
    let all = Stats::collect(events, None);
    let legend = Legend::planned(&all, &lay.sz);
    let (proj, corner) = plan(&lay, &all, opts, events, legend.size);
    let view = map_view(&proj, &lay);
    let series_stats = Stats::collect(events, Some(view));
    let density_max = (series_stats.n > DENSITY_THRESHOLD).then(|| Grid::build(events, &proj, density_cell(&lay)).max);
    // Events by period, as indices (events are large; frames borrow them).
    let mut by_period: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in events.iter().enumerate() {
        by_period[every.index(first, e.event_date)].push(i);
    }
    for (k, idx) in by_period.into_iter().enumerate() {
        let start = every.nth(first, k);
        let frame_events: Vec<Event> = idx.iter().map(|&i| events[i].clone()).collect();
        let frame_stats = Stats::collect(&frame_events, Some(view));
        let subtitle = match &opts.subtitle {
            Some(s) => format!("{s} · {}", every.period_label(start)),
            None => format!("{} · {}", every.period_label(start), style::count_noun(frame_stats.n, "event")),
        };
        let series = Series { proj, corner, stats: &series_stats, density_max, subtitle };
        let image = draw_map_in(&frame_events, opts, Some(&series))?;
        let bytes = image.encode(opts)?;
        each(Frame { key: every.period_key(start), start, events: frame_stats.n, bbox: proj.bbox(), bytes, warnings: image.warnings })?;
    }
    Ok(n)
}

/// At most this many frames in one series.
const MAX_FRAMES: usize = 2_000;

/// The image bytes of a map and the warnings for the user.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Something the user should know (e.g. "tiles unavailable, drew the vector basemap"); the image is
    /// still complete.
    pub warnings: Vec<String>,
}

/// One map of a series from [`render_map_frames`].
#[derive(Debug, Clone)]
pub struct Frame {
    /// The period in file-name form: `2024-03-12` (day), `2024-W11` (ISO week), `2024-03` (month).
    pub key: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Events drawn in this frame.
    pub events: usize,
    /// What the image shows, `[lon_min, lat_min, lon_max, lat_max]`: the same for every frame.
    pub bbox: [f64; 4],
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// The projection [`render_map`] uses for these events and options: where a lon/lat lands in the image.
pub fn map_projection(events: &[Event], opts: &MapOptions) -> Result<Projection> {
    check_options(opts)?;
    let lay = Layout::new(opts);
    let stats = Stats::collect(events, None);
    let legend = Legend::planned(&stats, &lay.sz);
    Ok(plan(&lay, &stats, opts, events, legend.size).0)
}

/// The lon/lat box of the map area (the image less the title band and the bottom strip).
fn map_view(proj: &Projection, lay: &Layout) -> [f64; 4] {
    let a = lay.map_area;
    let (lon0, lat0) = proj.to_lonlat(a[0], a[3]);
    let (lon1, lat1) = proj.to_lonlat(a[2], a[1]);
    [lon0, lat0, lon1, lat1]
}

fn check_options(opts: &MapOptions) -> Result<()> {
    check_size("map options", opts.width, opts.height)?;
    if let Some(b) = opts.bbox {
        let ok = b.iter().all(|v| v.is_finite())
            && b[0] < b[2]
            && b[1] < b[3]
            && b[0] >= -180.0
            && b[2] <= 180.0
            && b[1] >= -90.0
            && b[3] <= 90.0;
        if !ok {
            return Err(Error::input_hint(
                "bbox",
                format!("{b:?} is not a valid bounding box"),
                "give lon_min lat_min lon_max lat_max in degrees, with min < max",
            ));
        }
    }
    Ok(())
}

pub(super) fn is_drawable(e: &Event) -> bool {
    e.lon.is_finite() && e.lat.is_finite() && e.lon.abs() <= 180.0 && e.lat.abs() <= 90.0
}

/// What the map needs to know about the drawable events.
pub(super) struct Stats {
    pub(super) n: usize,
    pub(super) per_type: [usize; 7],
    bbox: [f64; 4],
    pub(super) first: Option<NaiveDate>,
    pub(super) last: Option<NaiveDate>,
    pub(super) max_fatalities: u32,
}

impl Stats {
    /// Counts over the drawable events, or only those inside `view` (`[lon_min, lat_min, lon_max,
    /// lat_max]`) when the view is fixed beforehand.
    pub(super) fn collect(events: &[Event], view: Option<[f64; 4]>) -> Stats {
        let mut s = Stats {
            n: 0,
            per_type: [0; 7],
            bbox: [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
            first: None,
            last: None,
            max_fatalities: 0,
        };
        let inside = |e: &Event| view.is_none_or(|v| e.lon >= v[0] && e.lon <= v[2] && e.lat >= v[1] && e.lat <= v[3]);
        for e in events.iter().filter(|e| is_drawable(e) && inside(e)) {
            s.n += 1;
            s.per_type[style::type_index(&e.event_type)] += 1;
            s.bbox = [s.bbox[0].min(e.lon), s.bbox[1].min(e.lat), s.bbox[2].max(e.lon), s.bbox[3].max(e.lat)];
            s.first = Some(s.first.map_or(e.event_date, |d| d.min(e.event_date)));
            s.last = Some(s.last.map_or(e.event_date, |d| d.max(e.event_date)));
            s.max_fatalities = s.max_fatalities.max(e.fatalities);
        }
        s
    }
}

/// Type sizes and stroke widths for an image, scaled from the 1600×1200 design.
pub(super) struct Sizes {
    pub(super) s: f64,
    pub(super) title: f64,
    pub(super) subtitle: f64,
    pub(super) label: f64,
    pub(super) city: f64,
    pub(super) country: f64,
    pub(super) legend: f64,
    pub(super) small: f64,
    pub(super) note: f64,
    /// Multiplier for marker radii and line widths.
    pub(super) marker: f64,
}

/// Where the furniture goes: title band on top, a strip for scale bar and attribution at the bottom,
/// the map proper in between.
pub(super) struct Layout {
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) sz: Sizes,
    pub(super) band: Rect,
    pub(super) title_baseline: f64,
    pub(super) subtitle_baseline: f64,
    pub(super) strip: Rect,
    pub(super) map_area: Rect,
    pub(super) margin: f64,
}

impl Layout {
    fn new(opts: &MapOptions) -> Layout {
        let (w, h) = (opts.width as f64, opts.height as f64);
        let s = (w / 1600.0).min(h / 1200.0).clamp(0.25, 4.0);
        let sz = Sizes {
            s,
            title: (34.0 * s).max(13.0),
            subtitle: (20.0 * s).max(10.0),
            label: (17.0 * s).max(10.0),
            city: (15.5 * s).max(9.5),
            country: (16.0 * s).max(9.5),
            legend: (16.5 * s).max(9.5),
            small: (13.5 * s).max(9.0),
            note: (30.0 * s).max(13.0),
            marker: s.max(0.6),
        };
        let pad = (14.0 * s).max(5.0);
        let title_baseline = pad + font::cap_height(sz.title);
        let subtitle_baseline = title_baseline + font::descent(sz.title) + (8.0 * s).max(3.0) + font::cap_height(sz.subtitle);
        let band_h = subtitle_baseline + font::descent(sz.subtitle) + pad;
        let strip_h = font::cap_height(sz.small) + font::descent(sz.small) + 2.0 * (8.0 * s).max(3.0);
        Layout {
            w,
            h,
            band: [0.0, 0.0, w, band_h],
            title_baseline,
            subtitle_baseline,
            strip: [0.0, h - strip_h, w, h],
            map_area: [0.0, band_h, w, h - strip_h],
            margin: (22.0 * s).max(6.0),
            sz,
        }
    }

    /// Where the events must land: the map area less a margin and the largest marker radius.
    fn fit_target(&self) -> Rect {
        shrink(self.map_area, self.margin + marker_radius(u32::MAX, self.sz.marker))
    }
}

pub(super) fn shrink(r: Rect, by: f64) -> Rect {
    [r[0] + by, r[1] + by, r[2] - by, r[3] - by]
}

/// The four places the legend can go, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Corner {
    BottomLeft,
    TopLeft,
    BottomRight,
    TopRight,
}

const CORNERS: [Corner; 4] = [Corner::BottomLeft, Corner::TopLeft, Corner::BottomRight, Corner::TopRight];

impl Corner {
    fn rect(self, lay: &Layout, (lw, lh): (f64, f64)) -> Rect {
        let a = shrink(lay.map_area, lay.margin * 0.6);
        let r = match self {
            Corner::BottomLeft => [a[0], a[3] - lh, a[0] + lw, a[3]],
            Corner::TopLeft => [a[0], a[1], a[0] + lw, a[1] + lh],
            Corner::BottomRight => [a[2] - lw, a[3] - lh, a[2], a[3]],
            Corner::TopRight => [a[2] - lw, a[1], a[2], a[1] + lh],
        };
        r.map(f64::round)
    }

    /// `target` less the columns (or the rows) the legend takes, plus `gap`.
    fn exclude(self, target: Rect, legend: Rect, gap: f64, columns: bool) -> Rect {
        let mut t = target;
        match (self, columns) {
            (Corner::BottomLeft | Corner::TopLeft, true) => t[0] = t[0].max(legend[2] + gap),
            (Corner::BottomRight | Corner::TopRight, true) => t[2] = t[2].min(legend[0] - gap),
            (Corner::TopLeft | Corner::TopRight, false) => t[1] = t[1].max(legend[3] + gap),
            (Corner::BottomLeft | Corner::BottomRight, false) => t[3] = t[3].min(legend[1] - gap),
        }
        t
    }
}

/// The view, and the corner for a legend of `legend_size`.
///
/// The view fits the events (or the bbox, or the world). If the legend would cover events in every
/// corner, the events are fitted beside or above/below it instead, whichever keeps the largest scale,
/// so the legend never hides an event.
fn plan(lay: &Layout, stats: &Stats, opts: &MapOptions, events: &[Event], legend_size: (f64, f64)) -> (Projection, Corner) {
    let (w, h) = (opts.width, opts.height);
    let density = stats.n > DENSITY_THRESHOLD;
    let covered = |proj: &Projection, corner: Corner| -> usize {
        if density {
            return usize::MAX; // counting a million points per corner is not worth it
        }
        let r = corner.rect(lay, legend_size);
        let grow = marker_radius(0, lay.sz.marker);
        events
            .iter()
            .filter(|e| is_drawable(e))
            .filter(|e| {
                let (x, y) = proj.to_px(e.lon, e.lat);
                x >= r[0] - grow && x <= r[2] + grow && y >= r[1] - grow && y <= r[3] + grow
            })
            .count()
    };
    let least_covered = |proj: &Projection| {
        CORNERS.into_iter().map(|c| (covered(proj, c), c)).min_by_key(|&(n, _)| n).map_or(Corner::BottomLeft, |(_, c)| c)
    };
    if let Some(b) = opts.bbox {
        let proj = Projection::fit(w, h, b, lay.map_area, 1_000.0);
        return (proj, least_covered(&proj));
    }
    if stats.n == 0 {
        return (Projection::fit(w, h, WORLD_BBOX, lay.map_area, 0.0), Corner::BottomLeft);
    }
    // 5 % breathing room around the events (the span minimum covers single points).
    let b = stats.bbox;
    let (px, py) = ((b[2] - b[0]) * 0.05, (b[3] - b[1]) * 0.05);
    let padded = [(b[0] - px).max(-180.0), (b[1] - py).max(-85.0), (b[2] + px).min(180.0), (b[3] + py).min(85.0)];
    let target = lay.fit_target();
    let base = Projection::fit(w, h, padded, target, MIN_SPAN_M);
    if let Some(&corner) = CORNERS.iter().find(|&&c| covered(&base, c) == 0) {
        return (base, corner);
    }
    let gap = marker_radius(u32::MAX, lay.sz.marker) + lay.margin * 0.5;
    let (tw, th) = (target[2] - target[0], target[3] - target[1]);
    let mut best: Option<(f64, Projection, Corner)> = None;
    for corner in CORNERS {
        for columns in [true, false] {
            let t = corner.exclude(target, corner.rect(lay, legend_size), gap, columns);
            if t[2] - t[0] < 0.4 * tw || t[3] - t[1] < 0.4 * th {
                continue;
            }
            let proj = Projection::fit(w, h, padded, t, MIN_SPAN_M);
            let m_per_px = proj.ground_m_per_px(0.0);
            if best.as_ref().is_none_or(|(m, _, _)| m_per_px < m * 0.995) {
                best = Some((m_per_px, proj, corner));
            }
        }
    }
    match best {
        Some((_, proj, corner)) => (proj, corner),
        None => (base, least_covered(&base)),
    }
}

/// Marker radius in pixels: grows with the square root of fatalities (area ∝ deaths), capped at 100.
pub(super) fn marker_radius(fatalities: u32, scale: f64) -> f64 {
    (5.0 + 1.5 * (fatalities.min(100) as f64).sqrt()) * scale
}

/// Outline of a marker of `shape` centred on `(x, y)`; shapes are scaled to roughly the area of the
/// circle of radius `r`.
pub(super) fn marker_outline(shape: Shape, x: f64, y: f64, r: f64) -> Vec<(f64, f64)> {
    let polygon = |n: usize, rr: f64, start: f64| -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| {
                let a = start + i as f64 / n as f64 * std::f64::consts::TAU;
                (x + rr * a.cos(), y + rr * a.sin())
            })
            .collect()
    };
    use std::f64::consts::FRAC_PI_2;
    match shape {
        Shape::Circle => polygon(((r * 2.5) as usize).clamp(12, 64), r, 0.0),
        Shape::Square => {
            let a = r * 0.89;
            vec![(x - a, y - a), (x + a, y - a), (x + a, y + a), (x - a, y + a)]
        }
        Shape::Diamond => polygon(4, r * 1.25, -FRAC_PI_2),
        Shape::Triangle => polygon(3, r * 1.4, -FRAC_PI_2).into_iter().map(|(px, py)| (px, py + r * 0.15)).collect(),
        Shape::TriangleDown => polygon(3, r * 1.4, FRAC_PI_2).into_iter().map(|(px, py)| (px, py - r * 0.15)).collect(),
        Shape::Hexagon => polygon(6, r * 1.1, 0.0),
    }
}

/// One marker: a single element in SVG (`class` "event" or "swatch", `title` its tooltip).
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_marker(c: &mut Canvas, t: usize, x: f64, y: f64, r: f64, scale: f64, class: &str, title: Option<&str>) {
    let ts = TYPE_STYLES[t];
    let ring = marker_outline(ts.shape, x, y, r);
    c.shape(&ring, ts.color, (style::MARKER_OUTLINE, 0.8, (1.1 * scale).max(0.8)), class, title);
}

/// An image ready for encoding, with what tests and callers may want to know about it.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct MapImage {
    pub(crate) canvas: Canvas,
    pub(crate) proj: Projection,
    pub(crate) legend: Rect,
    pub(crate) density: bool,
    pub(crate) warnings: Vec<String>,
    title: String,
}

impl MapImage {
    fn encode(&self, opts: &MapOptions) -> Result<Vec<u8>> {
        match opts.format {
            ImageFormat::Png => png::encode_rgb(self.canvas.width, self.canvas.height, &self.canvas.buf),
            ImageFormat::Svg => self.canvas.svg_document(&self.title).ok_or_else(|| Error::Render("SVG canvas expected".into())),
        }
    }
}

/// What stays fixed across the frames of a series ([`render_map_frames`]).
struct Series<'a> {
    proj: Projection,
    corner: Corner,
    /// Counts over the whole series: the legend rows and the fatality size key.
    stats: &'a Stats,
    /// The colour scale's top in density mode.
    density_max: Option<u32>,
    subtitle: String,
}

/// Density cell size in pixels.
fn density_cell(lay: &Layout) -> usize {
    ((6.0 * lay.sz.s).round() as usize).max(3)
}

pub(crate) fn draw_map(events: &[Event], opts: &MapOptions) -> Result<MapImage> {
    draw_map_in(events, opts, None)
}

fn draw_map_in(events: &[Event], opts: &MapOptions, series: Option<&Series>) -> Result<MapImage> {
    check_options(opts)?;
    font::ensure_registered()?;
    let lay = Layout::new(opts);
    let own_stats;
    let (proj, corner, stats, legend_stats) = match series {
        Some(se) => {
            own_stats = Stats::collect(events, Some(map_view(&se.proj, &lay)));
            (se.proj, se.corner, &own_stats, se.stats)
        }
        None => {
            let all = Stats::collect(events, None);
            let planned = Legend::planned(&all, &lay.sz);
            let (proj, corner) = plan(&lay, &all, opts, events, planned.size);
            // With a fixed box, count and list only what is in view.
            own_stats = if opts.bbox.is_some() { Stats::collect(events, Some(map_view(&proj, &lay))) } else { all };
            (proj, corner, &own_stats, &own_stats)
        }
    };
    let mut canvas = match opts.format {
        ImageFormat::Png => Canvas::new(opts.width, opts.height, style::SEA),
        ImageFormat::Svg => Canvas::new_svg(opts.width, opts.height, style::SEA),
    };
    let mut warnings = Vec::new();
    canvas.open_group("basemap");
    let tiles_drawn = match &opts.tiles {
        None => false,
        Some(_) if opts.format == ImageFormat::Svg => {
            warnings.push("tiles: raster tiles are not embedded in SVG output; drew the vector basemap".to_string());
            false
        }
        Some(t) => match tiles::draw(&mut canvas, &proj, t) {
            Ok(()) => true,
            Err(why) => {
                warnings.push(format!("tiles: {why}; drew the vector basemap instead"));
                false
            }
        },
    };
    if !tiles_drawn {
        basemap::draw(&mut canvas, &proj, lay.sz.marker)?;
    }
    canvas.close_group();

    let mut placer = Placer::new(shrink(lay.map_area, 3.0));
    let mut texts: Vec<(Spot, String, LabelKind)> = Vec::new();
    let density = legend_stats.n > DENSITY_THRESHOLD;
    let legend_rect;
    if density {
        let mut grid = Grid::build(events, &proj, density_cell(&lay));
        if let Some(max) = series.and_then(|se| se.density_max) {
            grid.max = grid.max.max(max);
        }
        canvas.open_group("density");
        grid.draw(&mut canvas);
        canvas.close_group();
        let legend = Legend::density(legend_stats, stats, grid.max, grid_cell_km(&grid, &proj), &lay.sz);
        legend_rect = corner.rect(&lay, legend.size);
        placer.block(legend_rect);
        if stats.n == 0 {
            placer.block(note_rect(&lay, NO_EVENTS));
        }
        let cities = if tiles_drawn { Vec::new() } else { place_cities(&mut placer, &proj, &lay, &[], &mut texts)? };
        if !tiles_drawn {
            place_countries(&mut placer, &proj, &lay, &mut texts)?;
        }
        canvas.open_group("places");
        draw_cities(&mut canvas, &cities, lay.sz.marker);
        draw_texts(&mut canvas, &texts, &lay.sz)?;
        canvas.close_group();
        canvas.open_group("legend");
        legend.draw(&mut canvas, legend_rect, &lay.sz)?;
        canvas.close_group();
    } else {
        let planned = Legend::markers(legend_stats, stats, &lay.sz);
        let markers = markers(events, &proj, lay.map_area, lay.sz.marker);
        legend_rect = corner.rect(&lay, planned.size);
        let show_legend = legend_stats.n > 0;
        if show_legend {
            placer.block(legend_rect);
        }
        if stats.n == 0 {
            placer.block(note_rect(&lay, NO_EVENTS));
        }
        for m in &markers {
            placer.block([m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r]);
        }
        let labelled = place_event_labels(&mut placer, events, &markers, &lay, &mut texts);
        let cities = if tiles_drawn { Vec::new() } else { place_cities(&mut placer, &proj, &lay, &labelled, &mut texts)? };
        if !tiles_drawn {
            place_countries(&mut placer, &proj, &lay, &mut texts)?;
        }
        canvas.open_group("places");
        draw_cities(&mut canvas, &cities, lay.sz.marker);
        canvas.close_group();
        canvas.open_group("events");
        for m in &markers {
            let e = &events[m.event];
            let title = marker_title(e);
            draw_marker(&mut canvas, m.t, m.x, m.y, m.r, lay.sz.marker, "event", Some(&title));
        }
        canvas.close_group();
        canvas.open_group("labels");
        draw_texts(&mut canvas, &texts, &lay.sz)?;
        canvas.close_group();
        if show_legend {
            canvas.open_group("legend");
            planned.draw(&mut canvas, legend_rect, &lay.sz)?;
            canvas.close_group();
        }
    }

    canvas.open_group("furniture");
    let attribution = if tiles_drawn { opts.tiles.as_ref().map(|t| t.attribution_text()) } else { None };
    draw_furniture(&mut canvas, &lay, &proj, stats, opts, series.map(|se| se.subtitle.as_str()), attribution.as_deref())?;
    if stats.n == 0 {
        draw_note(&mut canvas, &lay, NO_EVENTS)?;
    }
    canvas.close_group();
    let title = opts.title.clone().unwrap_or_else(|| DEFAULT_TITLE.to_string());
    Ok(MapImage { canvas, proj, legend: legend_rect, density, warnings, title })
}

/// A marker's tooltip in SVG: where, when, what, how many died.
fn marker_title(e: &Event) -> String {
    let mut t = format!("{} · {} · {}", e.event_date, if e.location.is_empty() { "?" } else { e.location.as_str() }, e.event_type);
    if !e.sub_event_type.is_empty() {
        t.push_str(&format!(" ({})", e.sub_event_type));
    }
    if e.fatalities > 0 {
        let noun = if e.fatalities == 1 { "fatality" } else { "fatalities" };
        t.push_str(&format!(" · {} {noun}", e.fatalities));
    }
    t
}

pub(super) const DEFAULT_TITLE: &str = "Conflict events";

// ---- markers and labels -----------------------------------------------------------------------

struct Marker {
    x: f64,
    y: f64,
    r: f64,
    t: usize,
    /// Index into the events slice.
    event: usize,
}

/// Markers for the events in `area` (the map area: the same events the subtitle and legend count),
/// largest first so small ones stay visible on top.
fn markers(events: &[Event], proj: &Projection, area: Rect, scale: f64) -> Vec<Marker> {
    let mut out: Vec<Marker> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| is_drawable(e))
        .filter_map(|(i, e)| {
            let (x, y) = proj.to_px(e.lon, e.lat);
            let r = marker_radius(e.fatalities, scale);
            let inside = x >= area[0] && y >= area[1] && x <= area[2] && y <= area[3];
            inside.then(|| Marker { x, y, r, t: style::type_index(&e.event_type), event: i })
        })
        .collect();
    out.sort_by(|a, b| b.r.total_cmp(&a.r));
    out
}

/// A placed label's name (lower case) and the point it belongs to.
type Labelled = (String, f64, f64);

/// Whether `name` is already labelled within `radius` pixels of `(x, y)`.
fn labelled_near(labelled: &[Labelled], name: &str, x: f64, y: f64, radius: f64) -> bool {
    labelled.iter().any(|(n, lx, ly)| n == name && (lx - x).hypot(ly - y) < radius)
}

/// Label event locations, busiest first; a name already labelled close by is not repeated.
fn place_event_labels(
    placer: &mut Placer,
    events: &[Event],
    markers: &[Marker],
    lay: &Layout,
    texts: &mut Vec<(Spot, String, LabelKind)>,
) -> Vec<Labelled> {
    struct Group<'a> {
        name: &'a str,
        x: f64,
        y: f64,
        r: f64,
        count: usize,
        fatalities: u64,
    }
    // One label per location and pixel position (co-located events share it).
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(&str, i64, i64), usize> = HashMap::new();
    for m in markers {
        let e = &events[m.event];
        let name = e.location.trim();
        if name.is_empty() {
            continue;
        }
        let key = (name, m.x.round() as i64, m.y.round() as i64);
        let g = *index.entry(key).or_insert_with(|| {
            groups.push(Group { name, x: m.x, y: m.y, r: 0.0, count: 0, fatalities: 0 });
            groups.len() - 1
        });
        let g = &mut groups[g];
        g.r = g.r.max(m.r);
        g.count += 1;
        g.fatalities += e.fatalities as u64;
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(b.fatalities.cmp(&a.fatalities)).then(a.name.cmp(b.name)));
    let max_labels = (40.0 * area_factor(lay)).round() as usize;
    let near = REPEAT_LABEL_PX * lay.sz.s.max(0.5);
    let mut labelled: Vec<Labelled> = Vec::new();
    for g in groups {
        if texts.len() >= max_labels {
            break;
        }
        let key = g.name.to_lowercase();
        if labelled_near(&labelled, &key, g.x, g.y, near) {
            continue;
        }
        let tw = font::text_width(g.name, lay.sz.label, true);
        if let Some(spot) = placer.place_near(g.x, g.y, g.r, tw, lay.sz.label) {
            texts.push((spot, g.name.to_string(), LabelKind::Event));
            labelled.push((key, g.x, g.y));
        }
    }
    labelled
}

/// Image area relative to 1600×1200, bounded, for label budgets.
fn area_factor(lay: &Layout) -> f64 {
    (lay.w * lay.h / (1600.0 * 1200.0)).clamp(0.25, 2.0)
}

struct CityDot {
    x: f64,
    y: f64,
    r: f64,
}

/// Choose the cities worth showing at this zoom (by Natural Earth scalerank, then population) whose
/// dot and label both fit, and that are not already labelled as an event location near by.
fn place_cities(
    placer: &mut Placer,
    proj: &Projection,
    lay: &Layout,
    skip: &[Labelled],
    texts: &mut Vec<(Spot, String, LabelKind)>,
) -> Result<Vec<CityDot>> {
    let zoom = proj.zoom();
    // scalerank 0–1 at world scale, ~4 at country scale, everything from ~zoom 10.
    let max_rank = (zoom * 1.25 - 2.2).max(1.0);
    let area = shrink(lay.map_area, 4.0);
    let mut candidates: Vec<(&basemap::Place, f64, f64)> = basemap::cities()?
        .iter()
        .filter(|p| p.rank <= max_rank)
        .filter_map(|p| {
            let (x, y) = proj.to_px(p.lon, p.lat);
            (x > area[0] && x < area[2] && y > area[1] && y < area[3]).then_some((p, x, y))
        })
        .collect();
    candidates.sort_by(|a, b| a.0.rank.total_cmp(&b.0.rank).then(b.0.pop.total_cmp(&a.0.pop)));
    let max_cities = (36.0 * area_factor(lay)).round() as usize;
    let r = 3.0 * lay.sz.marker;
    let mut dots = Vec::new();
    let mut shown: HashSet<String> = HashSet::new();
    for (p, x, y) in candidates {
        if dots.len() >= max_cities {
            break;
        }
        let key = p.name.to_lowercase();
        if labelled_near(skip, &key, x, y, 4.0 * REPEAT_LABEL_PX * lay.sz.s.max(0.5)) || shown.contains(&key) {
            continue;
        }
        let dot = [x - r - 1.0, y - r - 1.0, x + r + 1.0, y + r + 1.0];
        if !placer.is_free(&dot) {
            continue;
        }
        let tw = font::text_width(&p.name, lay.sz.city, false);
        if let Some(spot) = placer.place_near(x, y, r, tw, lay.sz.city) {
            placer.block(dot);
            texts.push((spot, p.name.clone(), LabelKind::City));
            dots.push(CityDot { x, y, r });
            shown.insert(key);
        }
    }
    Ok(dots)
}

fn draw_cities(c: &mut Canvas, dots: &[CityDot], scale: f64) {
    for d in dots {
        c.add_circle(d.x, d.y, d.r + 1.2 * scale);
    }
    c.paint(style::PAPER, 0.9);
    for d in dots {
        c.add_circle(d.x, d.y, d.r);
    }
    c.paint(style::CITY_DOT, 1.0);
}

/// What a label names, which decides its style and drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Country,
    City,
    Event,
}

/// Country names in spaced capitals at the centre of each country's largest visible piece, where
/// the piece is wide enough and nothing else is; largest countries first.
fn place_countries(placer: &mut Placer, proj: &Projection, lay: &Layout, texts: &mut Vec<(Spot, String, LabelKind)>) -> Result<()> {
    let size = lay.sz.country;
    let (cap, desc) = (font::cap_height(size), font::descent(size));
    let pad = 3.0;
    let max_labels = (14.0 * area_factor(lay)).round() as usize;
    let mut placed = 0;
    for (name, x, y, width, _) in basemap::country_label_anchors(proj, lay.map_area)? {
        if placed >= max_labels {
            break;
        }
        let text = spaced_caps(name);
        let tw = font::text_width(&text, size, false);
        if tw > width * 0.8 {
            continue;
        }
        // The centre, or a little above or below it if that is taken.
        for dy in [0.0, -1.6, 1.6, -3.2, 3.2] {
            let top = y - cap / 2.0 + dy * (cap + desc);
            let rect = [x - tw / 2.0 - pad, top - pad, x + tw / 2.0 + pad, top + cap + desc + pad];
            if placer.is_free(&rect) {
                placer.block(rect);
                texts.push((Spot { rect, x: x - tw / 2.0, baseline: top + cap }, text, LabelKind::Country));
                placed += 1;
                break;
            }
        }
    }
    Ok(())
}

/// "Syria" → "S Y R I A" with thin spaces (U+2009), words apart by an em space: the way atlases set
/// country names, so they read as areas rather than points.
fn spaced_caps(name: &str) -> String {
    name.to_uppercase()
        .split_whitespace()
        .map(|w| w.chars().map(String::from).collect::<Vec<_>>().join("\u{2009}"))
        .collect::<Vec<_>>()
        .join("\u{2003}")
}

/// Country names first, then cities, then event labels on top.
fn draw_texts(c: &mut Canvas, texts: &[(Spot, String, LabelKind)], sz: &Sizes) -> Result<()> {
    for kind in [LabelKind::Country, LabelKind::City, LabelKind::Event] {
        for (spot, text, _) in texts.iter().filter(|t| t.2 == kind) {
            let (size, bold, color, halo) = match kind {
                LabelKind::Country => (sz.country, false, style::COUNTRY_LABEL, style::LAND),
                LabelKind::City => (sz.city, false, style::INK_SOFT, style::PAPER),
                LabelKind::Event => (sz.label, true, style::INK, style::PAPER),
            };
            c.text(text, spot.x, spot.baseline, size, bold, color, Some(halo))?;
        }
    }
    Ok(())
}
