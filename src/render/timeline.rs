//! The timeline: events per day, week or month as bars stacked by type, fatalities as a line on a
//! second axis, a legend of the types present, and date labels that never collide.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::canvas::Canvas;
use super::font;
use super::style::{self, Rgb, TYPE_STYLES};
use super::{check_size, png, Bin, GroupBy, ImageFormat, TimelineOptions};
use crate::events::Event;
use crate::{Error, Result};

/// Draw a timeline of `events` and return the image bytes (PNG, or SVG with [`ImageFormat::Svg`]).
/// With no events the image says "No events". With `opts.by`, one panel per group shares the date
/// axis and both scales.
pub fn render_timeline(events: &[Event], opts: &TimelineOptions) -> Result<Vec<u8>> {
    let image = draw_timeline(events, opts)?;
    match opts.format {
        ImageFormat::Png => png::encode_rgb(image.canvas.width, image.canvas.height, &image.canvas.buf),
        ImageFormat::Svg => {
            let title = opts.title.as_deref().unwrap_or("Events over time");
            image.canvas.svg_document(title).ok_or_else(|| Error::Render("SVG canvas expected".into()))
        }
    }
}

impl Bin {
    /// First day of the bin holding `d`.
    pub(crate) fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bin::Day => d,
            Bin::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Bin::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// Bins between the bin of `first` and the bin of `d`.
    pub(crate) fn index(self, first: NaiveDate, d: NaiveDate) -> usize {
        let (a, b) = (self.start(first), self.start(d));
        let n = match self {
            Bin::Day => (b - a).num_days(),
            Bin::Week => (b - a).num_days() / 7,
            Bin::Month => (b.year() as i64 * 12 + b.month0() as i64) - (a.year() as i64 * 12 + a.month0() as i64),
        };
        n.max(0) as usize
    }

    /// First day of bin `i` counted from the bin of `first`.
    pub(crate) fn nth(self, first: NaiveDate, i: usize) -> NaiveDate {
        let a = self.start(first);
        match self {
            Bin::Day => a + Duration::days(i as i64),
            Bin::Week => a + Duration::days(7 * i as i64),
            Bin::Month => {
                let m = a.year() as i64 * 12 + a.month0() as i64 + i as i64;
                NaiveDate::from_ymd_opt((m / 12) as i32, (m % 12) as u32 + 1, 1).unwrap_or(a)
            }
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            Bin::Day => "day",
            Bin::Week => "week",
            Bin::Month => "month",
        }
    }

    /// Label steps (in bins) that read naturally for this bin.
    fn steps(self) -> &'static [usize] {
        match self {
            Bin::Day => &[1, 2, 7, 14, 28, 56, 91, 182, 364, 728],
            Bin::Week => &[1, 2, 4, 8, 13, 26, 52, 104, 260],
            Bin::Month => &[1, 2, 3, 6, 12, 24, 60, 120],
        }
    }
}

/// Bins more than this are refused: the caller asked for day bins over decades.
const MAX_BINS: usize = 20_000;

/// A drawn timeline and where its bins landed (for tests).
pub(crate) struct TimelineImage {
    pub(crate) canvas: Canvas,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) bin: Option<Bin>,
    /// Pixel x of each bin's centre.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) bin_x: Vec<f64>,
    /// Pixel y of zero events (on the bottom panel).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) zero_y: f64,
    /// Each panel's plot rectangle, top to bottom.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) panels: Vec<[f64; 4]>,
}

struct Sizes {
    s: f64,
    title: f64,
    subtitle: f64,
    legend: f64,
    axis: f64,
}

pub(crate) fn draw_timeline(events: &[Event], opts: &TimelineOptions) -> Result<TimelineImage> {
    check_size("timeline options", opts.width, opts.height)?;
    font::ensure_registered()?;
    let (w, h) = (opts.width as f64, opts.height as f64);
    let s = (w / 1600.0).min(h / 700.0).clamp(0.25, 4.0);
    let sz = Sizes {
        s,
        title: (30.0 * s).max(12.0),
        subtitle: (18.0 * s).max(10.0),
        legend: (16.0 * s).max(9.5),
        axis: (15.0 * s).max(9.0),
    };
    let pad = (18.0 * s).max(6.0);
    let mut canvas = match opts.format {
        ImageFormat::Png => Canvas::new(opts.width, opts.height, style::PAPER),
        ImageFormat::Svg => Canvas::new_svg(opts.width, opts.height, style::PAPER),
    };
    let title = opts.title.as_deref().unwrap_or("Events over time");
    let title_baseline = pad + font::cap_height(sz.title);
    canvas.text(title, pad, title_baseline, sz.title, true, style::INK, None)?;
    let subtitle_baseline = title_baseline + font::descent(sz.title) + (8.0 * s).max(3.0) + font::cap_height(sz.subtitle);

    // One pass over the events into compact columns; everything after reads only those.
    let cols = Columns::from_events(events);
    let (Some(first), Some(last)) = (cols.first(), cols.last())
    else {
        canvas.text("No events", pad, subtitle_baseline, sz.subtitle, false, style::INK_SOFT, None)?;
        let size = (28.0 * s).max(13.0);
        let tw = font::text_width("No events", size, true);
        canvas.text("No events", (w - tw) / 2.0, h / 2.0 + font::cap_height(size) / 2.0, size, true, style::INK_FAINT, None)?;
        return Ok(TimelineImage { canvas, bin: None, bin_x: Vec::new(), zero_y: 0.0, panels: Vec::new() });
    };

    let bin = opts.bin.unwrap_or_else(|| Bin::for_span_days((last - first).num_days()));
    let n_bins = bin.index(first, last) + 1;
    if n_bins > MAX_BINS {
        return Err(Error::input_hint(
            "timeline options",
            format!("{} to {} makes {n_bins} {} bins", first, last, bin.noun()),
            "use a wider bin (week or month), or leave the bin unset to choose one from the span",
        ));
    }

    // One series for the whole selection, or one per group.
    let groups = opts.by.map(|by| group_events(events, by, opts.top.max(1)));
    let bin_of_day = cols.bins(bin, first);
    let all = Series::collect(String::new(), 0..events.len(), &cols, &bin_of_day, n_bins);
    let total_fatalities = all.total_fatalities;
    // The legend lists the types drawn: with panels, those of the events in the panels shown.
    let per_type = match &groups {
        None => all.per_type,
        Some(g) => {
            let mut shown = vec![false; events.len()];
            g.top.iter().flat_map(|(_, idx)| idx.iter()).for_each(|&i| shown[i] = true);
            let mut per_type = [0usize; 7];
            shown.iter().zip(&cols.kind).filter(|(s, _)| **s).for_each(|(_, &t)| per_type[t as usize] += 1);
            per_type
        }
    };
    let series: Vec<Series> = match &groups {
        None => vec![all],
        Some(g) => g.top.iter().map(|(name, idx)| Series::collect(name.clone(), idx.iter().copied(), &cols, &bin_of_day, n_bins)).collect(),
    };

    let fatality_noun = if total_fatalities == 1 { "fatality" } else { "fatalities" };
    let mut subtitle = format!(
        "{} · {} · {} {fatality_noun} · per {}",
        style::date_range(first, last),
        style::count_noun(events.len(), "event"),
        style::thousands(total_fatalities),
        bin.noun()
    );
    if let Some(g) = &groups {
        let shown = g.top.len();
        subtitle.push_str(&format!(" · {} {shown} of {} {}", if shown < g.total { "top" } else { "all" }, style::thousands(g.total as u64), g.noun));
    }
    canvas.text(&subtitle, pad, subtitle_baseline, sz.subtitle, false, style::INK_SOFT, None)?;

    // Legend row(s) under the subtitle.
    let legend_top = subtitle_baseline + font::descent(sz.subtitle) + (14.0 * s).max(5.0);
    let legend_bottom = draw_legend(&mut canvas, &per_type, total_fatalities > 0, pad, legend_top, w - pad, &sz)?;

    // Shared scales: round ticks, the fatalities axis divided like the events axis so grid lines
    // serve both.
    let ymax = series.iter().flat_map(|se| se.counts.iter().map(|c| c.iter().sum::<u32>())).max().unwrap_or(0) as u64;
    let fmax = series.iter().flat_map(|se| se.fatalities.iter().copied()).max().unwrap_or(0);
    let label_gap = (8.0 * s).max(4.0);
    let axis_title_h = font::cap_height(sz.axis) * 2.2;
    let x_label_h = font::cap_height(sz.axis) * 2.0 + sz.axis * 1.25 + (8.0 * s).max(4.0);
    let panels_top = legend_bottom + (12.0 * s).max(4.0) + axis_title_h;
    let panels_bottom = h - pad - x_label_h;
    let n_panels = series.len();
    let header_h = if groups.is_some() { font::cap_height(sz.legend) + font::descent(sz.legend) + font::cap_height(sz.axis) + (8.0 * s).max(3.0) } else { 0.0 };
    let panel_gap = if n_panels > 1 { (22.0 * s).max(8.0) } else { 0.0 };
    let panel_h = (panels_bottom - panels_top - n_panels as f64 * header_h - (n_panels - 1) as f64 * panel_gap) / n_panels as f64;
    // As many grid divisions as the panel height carries (about 5 on a single chart).
    let wanted = (panel_h / (font::cap_height(sz.axis) * 4.5)).floor().clamp(1.0, 5.0);
    let y_step = nice_step(ymax as f64 * 1.05 / wanted);
    let divisions = ((ymax as f64 * 1.05 / y_step as f64).ceil() as u64).max(1);
    let y_top = y_step * divisions;
    let f_step = nice_step(fmax as f64 * 1.05 / divisions as f64);
    let f_top = f_step * divisions;
    let left_w = font::text_width(&style::thousands(y_top), sz.axis, false) + label_gap;
    let right_w = if total_fatalities > 0 { font::text_width(&style::thousands(f_top), sz.axis, false) + label_gap } else { 0.0 };
    let (x0, x1) = ((pad + left_w).round(), (w - pad - right_w).round());
    if x1 - x0 < 20.0 || panel_h < 16.0 {
        return Err(Error::input_hint(
            "timeline options",
            format!("{}×{} leaves no room for {} chart(s)", opts.width, opts.height, n_panels),
            "make the image larger (or ask for fewer groups with --top)",
        ));
    }
    let px_per_bin = (x1 - x0) / n_bins as f64;
    let bin_x: Vec<f64> = (0..n_bins).map(|i| x0 + (i as f64 + 0.5) * px_per_bin).collect();

    // Axis titles above the first panel.
    let cap = font::cap_height(sz.axis);
    let title_y = panels_top - axis_title_h + cap;
    canvas.text("Events", pad, title_y, sz.axis, true, style::INK_SOFT, None)?;
    if total_fatalities > 0 {
        let tw = font::text_width("Fatalities", sz.axis, true);
        canvas.text("Fatalities", w - pad - tw, title_y, sz.axis, true, style::INK_SOFT, None)?;
    }

    let scales = Scales { y_step, y_top, f_step, f_top, divisions, label_gap, with_fatalities: total_fatalities > 0 };
    let mut panels = Vec::with_capacity(n_panels);
    let mut top = panels_top;
    for se in &series {
        if groups.is_some() {
            let base = top + font::cap_height(sz.legend);
            let name = fit_width(&se.name, x1 - x0 - (120.0 * s), sz.legend, true);
            canvas.text(&name, x0, base, sz.legend, true, style::INK, None)?;
            let note = format!("  {} · {} {}", style::count_noun(se.events, "event"), style::thousands(se.total_fatalities), if se.total_fatalities == 1 { "fatality" } else { "fatalities" });
            canvas.text(&note, x0 + font::text_width(&name, sz.legend, true), base, sz.legend, false, style::INK_FAINT, None)?;
            top += header_h;
        }
        let plot = [x0, top.round(), x1, (top + panel_h).round()];
        canvas.open_group("panel");
        draw_panel(&mut canvas, se, plot, &bin_x, px_per_bin, &scales, &sz)?;
        canvas.close_group();
        panels.push(plot);
        top += panel_h + panel_gap;
    }
    let zero_y = panels.last().map_or(panels_bottom, |p| p[3]);
    draw_x_labels(&mut canvas, bin, first, &bin_x, zero_y, x1, &sz)?;
    Ok(TimelineImage { canvas, bin: Some(bin), bin_x, zero_y, panels })
}

/// The columns of the events a timeline needs, read once (the events themselves are large and
/// their type names live on the heap).
struct Columns {
    /// Days since the Common Era.
    day: Vec<i32>,
    kind: Vec<u8>,
    fatalities: Vec<u32>,
    min_day: i32,
    max_day: i32,
}

impl Columns {
    fn from_events(events: &[Event]) -> Columns {
        let n = events.len();
        let mut c = Columns { day: Vec::with_capacity(n), kind: Vec::with_capacity(n), fatalities: Vec::with_capacity(n), min_day: i32::MAX, max_day: i32::MIN };
        for e in events {
            let d = e.event_date.num_days_from_ce();
            c.min_day = c.min_day.min(d);
            c.max_day = c.max_day.max(d);
            c.day.push(d);
            c.kind.push(style::type_index(&e.event_type) as u8);
            c.fatalities.push(e.fatalities);
        }
        c
    }

    fn first(&self) -> Option<NaiveDate> {
        (!self.day.is_empty()).then(|| NaiveDate::from_num_days_from_ce_opt(self.min_day)).flatten()
    }

    fn last(&self) -> Option<NaiveDate> {
        (!self.day.is_empty()).then(|| NaiveDate::from_num_days_from_ce_opt(self.max_day)).flatten()
    }

    /// The bin of every day from the first to the last, indexed by day − first day.
    fn bins(&self, bin: Bin, first: NaiveDate) -> Vec<u32> {
        (self.min_day..=self.max_day)
            .map(|d| NaiveDate::from_num_days_from_ce_opt(d).map_or(0, |date| bin.index(first, date) as u32))
            .collect()
    }
}

/// Counts of one panel.
struct Series {
    name: String,
    counts: Vec<[u32; 7]>,
    fatalities: Vec<u64>,
    per_type: [usize; 7],
    events: usize,
    total_fatalities: u64,
}

impl Series {
    fn collect(name: String, rows: impl Iterator<Item = usize>, cols: &Columns, bin_of_day: &[u32], n_bins: usize) -> Series {
        let mut se = Series {
            name,
            counts: vec![[0u32; 7]; n_bins],
            fatalities: vec![0u64; n_bins],
            per_type: [0; 7],
            events: 0,
            total_fatalities: 0,
        };
        for r in rows {
            let i = (bin_of_day[(cols.day[r] - cols.min_day) as usize] as usize).min(n_bins - 1);
            let t = cols.kind[r] as usize;
            let f = cols.fatalities[r] as u64;
            se.counts[i][t] += 1;
            se.fatalities[i] += f;
            se.per_type[t] += 1;
            se.events += 1;
            se.total_fatalities += f;
        }
        se
    }
}

/// The largest groups (by events), each with its events' indices.
struct Groups {
    top: Vec<(String, Vec<usize>)>,
    total: usize,
    noun: &'static str,
}

fn group_events(events: &[Event], by: GroupBy, top: usize) -> Groups {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        match by {
            GroupBy::Actor => {
                let mut seen: Option<&str> = None;
                for a in [e.actor1.as_deref(), e.actor2.as_deref()].into_iter().flatten() {
                    let a = a.trim();
                    if !a.is_empty() && seen != Some(a) {
                        map.entry(a.to_string()).or_default().push(i);
                        seen = Some(a);
                    }
                }
            }
            GroupBy::Admin1 => {
                let a = e.admin1.trim();
                let key = if a.is_empty() { format!("{} (no admin1)", country_name(&e.country_code)) } else { format!("{a}, {}", e.country_code) };
                map.entry(key).or_default().push(i);
            }
            GroupBy::Country => map.entry(country_name(&e.country_code)).or_default().push(i),
        }
    }
    let total = map.len();
    let mut all: Vec<(String, Vec<usize>)> = map.into_iter().collect();
    all.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    all.truncate(top);
    let noun = match by {
        GroupBy::Actor => "actor",
        GroupBy::Admin1 => "admin1 division",
        GroupBy::Country => "country",
    };
    Groups { top: all, total, noun: if total == 1 { noun } else { plural(noun) } }
}

fn plural(noun: &'static str) -> &'static str {
    match noun {
        "actor" => "actors",
        "admin1 division" => "admin1 divisions",
        "country" => "countries",
        other => other,
    }
}

/// "Syria (SY)" from the gazetteer, or the code alone.
fn country_name(cc: &str) -> String {
    let cc = cc.trim();
    if cc.is_empty() {
        return "Unknown country".into();
    }
    match crate::resolve::Gazetteer::embedded().country(cc) {
        Some(p) => format!("{} ({cc})", p.name()),
        None => cc.to_string(),
    }
}

/// Shorten `text` with an ellipsis to fit `max_w` pixels.
fn fit_width(text: &str, max_w: f64, size: f64, bold: bool) -> String {
    if font::text_width(text, size, bold) <= max_w {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let t: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if font::text_width(&t, size, bold) <= max_w {
            return t;
        }
    }
    "…".into()
}

/// The scales every panel shares.
struct Scales {
    y_step: u64,
    y_top: u64,
    f_step: u64,
    f_top: u64,
    divisions: u64,
    label_gap: f64,
    with_fatalities: bool,
}

/// Grid, stacked bars, the fatalities line and both axes' tick labels of one panel in `plot`.
fn draw_panel(c: &mut Canvas, se: &Series, plot: [f64; 4], bin_x: &[f64], px_per_bin: f64, sc: &Scales, sz: &Sizes) -> Result<()> {
    let y_px = |v: f64, top: u64| plot[3] - v / top as f64 * (plot[3] - plot[1]);
    // Grid lines first, so bars cover them.
    for k in 1..=sc.divisions {
        let y = y_px((k * sc.y_step) as f64, sc.y_top).round() + 0.5;
        c.add_stroke(&[(plot[0], y), (plot[2], y)], 1.0);
    }
    c.paint(GRID, 1.0);

    // Stacked bars on whole pixels, one paint per type (types in palette order from the bottom).
    let gap = if px_per_bin >= 5.0 { 0.14 * px_per_bin } else { 0.0 };
    let mut tops = vec![0u32; bin_x.len()];
    for t in 0..7 {
        let mut any = false;
        for (i, counts) in se.counts.iter().enumerate() {
            let n = counts[t];
            if n == 0 {
                continue;
            }
            let below: u32 = counts[..t].iter().sum();
            tops[i] = below + n;
            let left = plot[0] + i as f64 * px_per_bin + gap;
            let (l, r) = (left.round(), (left + px_per_bin - 2.0 * gap).round().max(left.round() + 1.0));
            let (y0, y1) = (y_px(below as f64, sc.y_top).round(), y_px((below + n) as f64, sc.y_top).round());
            if y0 > y1 {
                c.add_rect([l, y1, r, y0]);
                any = true;
            }
        }
        if any {
            c.paint(TYPE_STYLES[t].color, 1.0);
        }
    }

    // Axis line and tick labels.
    c.add_stroke(&[(plot[0], plot[3] + 0.5), (plot[2], plot[3] + 0.5)], 1.0);
    c.paint(AXIS, 1.0);
    let cap = font::cap_height(sz.axis);
    for k in 0..=sc.divisions {
        let y = y_px((k * sc.y_step) as f64, sc.y_top) + cap / 2.0;
        let label = style::thousands(k * sc.y_step);
        let lw = font::text_width(&label, sz.axis, false);
        c.text(&label, plot[0] - sc.label_gap - lw, y, sz.axis, false, style::INK_SOFT, None)?;
        if sc.with_fatalities {
            c.text(&style::thousands(k * sc.f_step), plot[2] + sc.label_gap, y, sz.axis, false, style::INK_SOFT, None)?;
        }
    }

    // Fatalities: an antialiased line with dots on the bins that had any.
    if sc.with_fatalities {
        let pts: Vec<(f64, f64)> = se.fatalities.iter().zip(bin_x).map(|(&f, &x)| (x, y_px(f as f64, sc.f_top))).collect();
        let s = sz.s;
        let lw = (2.0 * s).max(1.2);
        c.add_stroke(&pts, lw + 2.0 * s.max(0.5));
        c.paint(style::PAPER, 0.7);
        c.add_stroke(&pts, lw);
        c.paint(style::FATALITIES_LINE, 1.0);
        let r = (3.2 * s).max(1.8);
        if pts.len() <= 400 {
            for (p, &f) in pts.iter().zip(&se.fatalities) {
                if f > 0 {
                    c.add_circle(p.0, p.1, r);
                }
            }
            c.paint(style::FATALITIES_LINE, 1.0);
        }
    }
    Ok(())
}

const GRID: Rgb = [0xE4, 0xE4, 0xE4];
const AXIS: Rgb = [0x9A, 0x9A, 0x9A];

/// The smallest whole 1, 2, 2.5 or 5 × 10^k at or above `v`: a round tick step.
fn nice_step(v: f64) -> u64 {
    if v.is_nan() || v <= 1.0 {
        return 1;
    }
    let p = 10f64.powf(v.log10().floor());
    let f = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|f| f * p >= v && (f * p).fract() == 0.0).unwrap_or(10.0);
    (f * p).round() as u64
}

/// Horizontal legend of the types present (with counts) and the fatalities line; returns its bottom.
fn draw_legend(c: &mut Canvas, per_type: &[usize; 7], with_fatalities: bool, x0: f64, top: f64, x_max: f64, sz: &Sizes) -> Result<f64> {
    let size = sz.legend;
    let (cap, line) = (font::cap_height(size), size * 1.5);
    let sw = (cap * 1.1).round();
    let gap = (26.0 * sz.s).max(8.0);
    let (mut x, mut y) = (x0, top);
    let mut place = |width: f64| -> (f64, f64) {
        if x > x0 && x + width > x_max {
            x = x0;
            y += line;
        }
        let at = (x, y);
        x += width + gap;
        at
    };
    for (t, &n) in per_type.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let name = TYPE_STYLES[t].name;
        let count = style::thousands(n as u64);
        let nw = font::text_width(name, size, false);
        let cw = font::text_width(&count, size, false);
        let (lx, ly) = place(sw + 6.0 + nw + 6.0 + cw);
        let baseline = ly + cap;
        c.add_rect([lx, baseline - sw, lx + sw, baseline]);
        c.paint(TYPE_STYLES[t].color, 1.0);
        c.text(name, lx + sw + 6.0, baseline, size, false, style::INK, None)?;
        c.text(&count, lx + sw + 12.0 + nw, baseline, size, false, style::INK_FAINT, None)?;
    }
    if with_fatalities {
        let label = "Fatalities (right axis)";
        let lw = sw * 1.8;
        let (lx, ly) = place(lw + 6.0 + font::text_width(label, size, false));
        let mid = ly + cap / 2.0;
        c.add_stroke(&[(lx, mid), (lx + lw, mid)], (2.0 * sz.s).max(1.2));
        c.add_circle(lx + lw / 2.0, mid, (3.2 * sz.s).max(1.8));
        c.paint(style::FATALITIES_LINE, 1.0);
        c.text(label, lx + lw + 6.0, ly + cap, size, false, style::INK, None)?;
    }
    Ok(y + cap + font::descent(size))
}

/// Date labels under the bars, every `step` bins so they never touch; the year is written under the
/// first label and wherever it changes.
fn draw_x_labels(c: &mut Canvas, bin: Bin, first: NaiveDate, bin_x: &[f64], zero_y: f64, plot_right: f64, sz: &Sizes) -> Result<()> {
    let n = bin_x.len();
    if n == 0 {
        return Ok(());
    }
    let size = sz.axis;
    let px_per_bin = if n > 1 { (bin_x[n - 1] - bin_x[0]) / (n - 1) as f64 } else { plot_right - bin_x[0] };
    let sample = match bin {
        Bin::Month => "Sep",
        _ => "30 Sep",
    };
    let need = font::text_width(sample, size, false) + (18.0 * sz.s).max(8.0);
    let step = bin.steps().iter().copied().find(|&st| st as f64 * px_per_bin >= need).unwrap_or(n.max(1));
    let years_only = bin == Bin::Month && step >= 12;
    // Months align to the calendar (quarters, years); days and weeks count from the first bin.
    let offset = match bin {
        Bin::Month if step > 1 && 12 % step == 0 || step % 12 == 0 => {
            let m0 = first.year() as usize * 12 + first.month0() as usize;
            (step - m0 % step) % step
        }
        _ => 0,
    };
    let tick = (5.0 * sz.s).max(3.0);
    let line1 = zero_y + tick + 3.0 + font::cap_height(size);
    let line2 = line1 + size * 1.25;
    let mut last_year = None;
    let mut i = offset;
    while i < n {
        let d = bin.nth(first, i);
        let x = bin_x[i];
        c.add_stroke(&[(x, zero_y), (x, zero_y + tick)], 1.0);
        c.paint([0x9A, 0x9A, 0x9A], 1.0);
        let (top, year) = if years_only {
            (d.format("%Y").to_string(), None)
        } else if bin == Bin::Month {
            (d.format("%b").to_string(), Some(d.year()))
        } else {
            (d.format("%-d %b").to_string(), Some(d.year()))
        };
        let tw = font::text_width(&top, size, false);
        c.text(&top, x - tw / 2.0, line1, size, false, style::INK_SOFT, None)?;
        if let Some(y) = year {
            if last_year != Some(y) {
                let ys = y.to_string();
                let yw = font::text_width(&ys, size, true);
                c.text(&ys, x - yw / 2.0, line2, size, true, style::INK_SOFT, None)?;
                last_year = Some(y);
            }
        }
        i += step;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_follow_the_calendar() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(Bin::Week.start(d(2013, 5, 16)), d(2013, 5, 13)); // a Thursday → Monday
        assert_eq!(Bin::Month.index(d(2012, 11, 30), d(2013, 2, 1)), 3);
        assert_eq!(Bin::Month.nth(d(2012, 11, 30), 3), d(2013, 2, 1));
        assert_eq!(Bin::for_span_days(60), Bin::Day);
        assert_eq!(Bin::for_span_days(61), Bin::Week);
        assert_eq!(Bin::for_span_days(800), Bin::Month);
        assert_eq!((nice_step(0.4), nice_step(1.3), nice_step(2.2), nice_step(7.3), nice_step(180.0), nice_step(2_200.0)), (1, 2, 5, 10, 200, 2_500));
    }
}
