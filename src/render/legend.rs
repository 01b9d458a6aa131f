//! The map legend: event types present with counts and marker swatches, a fatalities size key, or
//! in density mode a colour bar.

use super::canvas::{Canvas, Rect};
use super::font;
use super::map::{draw_marker, marker_outline, marker_radius, Sizes, Stats};
use super::style::{self, Shape, TYPE_STYLES};
use super::DENSITY_THRESHOLD;
use crate::Result;

/// `1234` → `"1.2k"`, for colour-bar ticks.
fn compact(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => format!("{}k", trim_zero(n as f64 / 1e3)),
        _ => format!("{}M", trim_zero(n as f64 / 1e6)),
    }
}

fn trim_zero(v: f64) -> String {
    if v >= 10.0 || (v - v.round()).abs() < 0.05 {
        format!("{:.0}", v)
    } else {
        format!("{:.1}", v)
    }
}

enum Item {
    Header(String),
    /// A type row: type index, count, whether to draw the marker swatch.
    Type(usize, usize, bool),
    /// Sample fatality counts drawn as marker sizes.
    Sizes(Vec<u32>),
    /// Colour bar up to `max` events per cell; `note` below it.
    ColorBar { max: u32, note: String },
    Gap,
}

pub(super) struct Legend {
    items: Vec<Item>,
    /// Width and height in pixels.
    pub(super) size: (f64, f64),
}

impl Legend {
    /// Rows for the types present in `rows` (a whole series, or the map itself), counted from
    /// `counts` (this map).
    pub(super) fn markers(rows: &Stats, counts: &Stats, sz: &Sizes) -> Legend {
        let stats = rows;
        let mut items = vec![Item::Header("Event type".into())];
        for (t, &n) in stats.per_type.iter().enumerate() {
            if n > 0 {
                items.push(Item::Type(t, counts.per_type[t], true));
            }
        }
        if stats.max_fatalities > 0 {
            let mut samples: Vec<u32> = [1, 10, 100].into_iter().filter(|&v| v <= stats.max_fatalities).collect();
            if stats.max_fatalities < 100 && !samples.contains(&stats.max_fatalities) {
                samples.push(stats.max_fatalities);
            }
            items.push(Item::Gap);
            items.push(Item::Header("Fatalities".into()));
            items.push(Item::Sizes(samples));
        }
        Legend::measure(items, stats, sz)
    }

    /// The legend `draw_map` will draw, before the view is known (density legends are measured with
    /// their widest possible colour-bar labels).
    pub(super) fn planned(stats: &Stats, sz: &Sizes) -> Legend {
        if stats.n > DENSITY_THRESHOLD {
            Legend::density(stats, stats, stats.n.min(u32::MAX as usize) as u32, 999.0, sz)
        } else {
            Legend::markers(stats, stats, sz)
        }
    }

    pub(super) fn density(rows: &Stats, counts: &Stats, max: u32, cell_km: f64, sz: &Sizes) -> Legend {
        let stats = rows;
        let note = if cell_km >= 1.0 {
            format!("cells ≈ {} km across", trim_zero(cell_km))
        } else {
            format!("cells ≈ {:.0} m across", cell_km * 1000.0)
        };
        let mut items = vec![Item::Header("Events per cell".into()), Item::ColorBar { max, note }, Item::Gap];
        items.push(Item::Header("Event type".into()));
        for (t, &n) in stats.per_type.iter().enumerate() {
            if n > 0 {
                items.push(Item::Type(t, counts.per_type[t], false));
            }
        }
        Legend::measure(items, stats, sz)
    }

    fn metrics(sz: &Sizes) -> (f64, f64, f64) {
        let pad = (12.0 * sz.s).max(5.0);
        let line = sz.legend * 1.25;
        let swatch = (7.0 * sz.s).max(3.5);
        (pad, line, swatch)
    }

    /// Where a row's text starts when it has a marker swatch.
    fn swatch_lead(sz: &Sizes) -> f64 {
        let (_, _, swatch) = Legend::metrics(sz);
        swatch * 2.6 + (6.0 * sz.s).max(3.0)
    }

    fn measure(items: Vec<Item>, stats: &Stats, sz: &Sizes) -> Legend {
        let (pad, line, swatch) = Legend::metrics(sz);
        let mut w: f64 = 0.0;
        let mut h = pad;
        let count_w = stats.per_type.iter().map(|&n| font::text_width(&style::thousands(n as u64), sz.legend, false)).fold(0.0, f64::max);
        for it in &items {
            match it {
                Item::Header(t) => {
                    w = w.max(font::text_width(t, sz.legend, true));
                    h += line;
                }
                Item::Type(t, _, sw) => {
                    let lead = if *sw { Legend::swatch_lead(sz) } else { 0.0 };
                    w = w.max(lead + font::text_width(TYPE_STYLES[*t].name, sz.legend, false) + swatch * 2.0 + count_w);
                    h += line.max(swatch * 2.6);
                }
                Item::Sizes(samples) => {
                    let (rw, rh) = Legend::sizes_extent(samples, sz);
                    w = w.max(rw);
                    h += rh;
                }
                Item::ColorBar { note, .. } => {
                    w = w.max((200.0 * sz.s).max(90.0)).max(font::text_width(note, sz.small, false));
                    h += (12.0 * sz.s).max(6.0) + sz.small * 2.6;
                }
                Item::Gap => h += line * 0.4,
            }
        }
        Legend { items, size: (w + 2.0 * pad, h + pad) }
    }

    fn sizes_extent(samples: &[u32], sz: &Sizes) -> (f64, f64) {
        let mut w = 0.0;
        let mut rmax: f64 = 0.0;
        for &v in samples {
            let r = marker_radius(v, sz.marker);
            rmax = rmax.max(r);
            w += 2.0 * r + 4.0 * sz.s.max(0.5) + font::text_width(&sample_label(v), sz.legend, false) + 12.0 * sz.s.max(0.5);
        }
        (w, 2.0 * rmax + 6.0 * sz.s.max(0.5))
    }

    pub(super) fn draw(&self, c: &mut Canvas, r: Rect, sz: &Sizes) -> Result<()> {
        let (pad, line, swatch) = Legend::metrics(sz);
        c.add_rect(r);
        c.paint(style::PAPER, 0.92);
        c.add_stroke(&[(r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3]), (r[0], r[1])], 1.0);
        c.paint(style::RULE, 1.0);
        let (x0, x1) = (r[0] + pad, r[2] - pad);
        let mut y = r[1] + pad;
        let cap = font::cap_height(sz.legend);
        for it in &self.items {
            match it {
                Item::Header(t) => {
                    c.text(t, x0, y + (line + cap) / 2.0 - line * 0.1, sz.legend, true, style::INK, None)?;
                    y += line;
                }
                Item::Type(t, n, with_swatch) => {
                    let row_h = line.max(swatch * 2.6);
                    let mid = y + row_h / 2.0;
                    let mut tx = x0;
                    if *with_swatch {
                        draw_marker(c, *t, x0 + swatch * 1.2, mid, swatch, sz.marker.min(1.0), "swatch", None);
                        tx += Legend::swatch_lead(sz);
                    }
                    c.text(TYPE_STYLES[*t].name, tx, mid + cap / 2.0, sz.legend, false, style::INK, None)?;
                    let count = style::thousands(*n as u64);
                    let cw = font::text_width(&count, sz.legend, false);
                    c.text(&count, x1 - cw, mid + cap / 2.0, sz.legend, false, style::INK_FAINT, None)?;
                    y += row_h;
                }
                Item::Sizes(samples) => {
                    let (_, rh) = Legend::sizes_extent(samples, sz);
                    let bottom = y + rh - 3.0 * sz.s.max(0.5);
                    let mut x = x0;
                    for &v in samples {
                        let rr = marker_radius(v, sz.marker);
                        let cy = bottom - rr;
                        c.add_circle(x + rr, cy, rr);
                        c.paint([0xE2, 0xE2, 0xE2], 1.0);
                        let mut ring = marker_outline(Shape::Circle, x + rr, cy, rr);
                        ring.push(ring[0]);
                        c.add_stroke(&ring, 1.0);
                        c.paint(style::INK_FAINT, 1.0);
                        x += 2.0 * rr + 4.0 * sz.s.max(0.5);
                        let label = sample_label(v);
                        c.text(&label, x, cy + cap / 2.0, sz.legend, false, style::INK_SOFT, None)?;
                        x += font::text_width(&label, sz.legend, false) + 12.0 * sz.s.max(0.5);
                    }
                    y += rh;
                }
                Item::ColorBar { max, note } => {
                    let bar_w = (200.0 * sz.s).max(90.0);
                    let bar_h = (12.0 * sz.s).max(6.0);
                    let top = y + 2.0;
                    for i in 0..bar_w.ceil() as i64 {
                        let t = i as f64 / (bar_w - 1.0).max(1.0);
                        let x = x0.round() as i64 + i;
                        c.fill_pixels(x, top.round() as i64, x + 1, (top + bar_h).round() as i64, style::viridis(t), 1.0);
                    }
                    // Ticks at powers of ten on the log scale, and the maximum at the end.
                    let ln_max = (*max as f64).ln().max(1e-9);
                    let tick_base = top + bar_h + 2.0 + font::cap_height(sz.small);
                    let mut ticks: Vec<(f64, String)> = Vec::new();
                    let mut v: u64 = 1;
                    while v <= *max as u64 {
                        ticks.push((if *max <= 1 { 0.0 } else { (v as f64).ln() / ln_max }, compact(v)));
                        v *= 10;
                    }
                    let end = compact(*max as u64);
                    let last_x = ticks.last().map_or(-1e9, |t| t.0 * bar_w);
                    if *max > 1 && bar_w - last_x > font::text_width(&end, sz.small, false) * 1.6 {
                        ticks.push((1.0, end));
                    }
                    for (t, label) in ticks {
                        let tw = font::text_width(&label, sz.small, false);
                        let x = (x0 + t * bar_w - tw / 2.0).clamp(x0, x0 + bar_w - tw);
                        c.text(&label, x, tick_base + 1.0, sz.small, false, style::INK_SOFT, None)?;
                    }
                    c.text(note, x0, tick_base + sz.small * 1.35, sz.small, false, style::INK_FAINT, None)?;
                    y += bar_h + sz.small * 2.6;
                }
                Item::Gap => y += line * 0.4,
            }
        }
        Ok(())
    }
}

fn sample_label(v: u32) -> String {
    if v >= 100 {
        "100+".into()
    } else {
        v.to_string()
    }
}
