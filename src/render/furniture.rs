//! Map furniture: the title band, the bottom strip with scale bar and attribution, the north arrow,
//! and the centred note of an empty map.

use super::canvas::{Canvas, Rect};
use super::font;
use super::map::{Layout, Stats};
use super::projection::Projection;
use super::style;
use super::MapOptions;
use crate::Result;

const ATTRIBUTION: &str = "Basemap: Natural Earth · Places: GeoNames (CC BY 4.0)";

/// Shorten `text` with an ellipsis until it fits in `max_w` pixels.
fn fit_text(text: &str, max_w: f64, size: f64, bold: bool) -> String {
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

/// Title band, scale bar, north arrow and attribution. `subtitle` replaces the default subtitle (a
/// frame's period) and `attribution` the basemap credit (a tile server's).
pub(super) fn draw_furniture(
    c: &mut Canvas,
    lay: &Layout,
    proj: &Projection,
    stats: &Stats,
    opts: &MapOptions,
    subtitle: Option<&str>,
    attribution: Option<&str>,
) -> Result<()> {
    let sz = &lay.sz;
    let m = lay.margin;

    // Title band.
    c.add_rect(lay.band);
    c.paint(style::PAPER, 1.0);
    c.add_rect([0.0, lay.band[3] - 1.0, lay.w, lay.band[3]]);
    c.paint(style::RULE, 1.0);
    let arrow_w = north_arrow(c, lay)?;
    let text_w = lay.w - 2.0 * m - arrow_w - m;
    let title = opts.title.as_deref().unwrap_or(super::map::DEFAULT_TITLE);
    c.text(&fit_text(title, text_w, sz.title, true), m, lay.title_baseline, sz.title, true, style::INK, None)?;
    let subtitle = match (subtitle, opts.subtitle.as_deref()) {
        (Some(s), _) | (None, Some(s)) => s.to_string(),
        (None, None) => match (stats.first, stats.last) {
            (Some(a), Some(b)) => format!("{} · {}", style::date_range(a, b), style::count_noun(stats.n, "event")),
            _ => "No events".to_string(),
        },
    };
    c.text(&fit_text(&subtitle, text_w, sz.subtitle, false), m, lay.subtitle_baseline, sz.subtitle, false, style::INK_SOFT, None)?;

    // Bottom strip: scale bar left, attribution right.
    c.add_rect(lay.strip);
    c.paint(style::PAPER, 1.0);
    c.add_rect([0.0, lay.strip[1], lay.w, lay.strip[1] + 1.0]);
    c.paint(style::RULE, 1.0);
    let baseline = (lay.strip[1] + lay.strip[3]) / 2.0 + font::cap_height(sz.small) / 2.0;
    let credit = match attribution {
        Some(tiles) => format!("{tiles} · Places: GeoNames (CC BY 4.0)"),
        None => ATTRIBUTION.to_string(),
    };
    let attribution = fit_text(&credit, lay.w - 2.0 * m, sz.small, false);
    let attribution_w = font::text_width(&attribution, sz.small, false);
    c.text(&attribution, (lay.w - m - attribution_w).max(m), baseline, sz.small, false, style::INK_SOFT, None)?;
    let free_w = lay.w - 3.0 * m - attribution_w;
    scale_bar(c, lay, proj, baseline, free_w)?;
    Ok(())
}

/// A north arrow at the right of the title band; returns the width it takes.
fn north_arrow(c: &mut Canvas, lay: &Layout) -> Result<f64> {
    let sz = &lay.sz;
    let band_h = lay.band[3];
    let n_size = sz.legend;
    let cap = font::cap_height(n_size);
    let ah = (band_h * 0.42).max(8.0);
    let aw = ah * 0.62;
    let gap = (4.0 * sz.s).max(2.0);
    let top = (band_h - (cap + gap + ah)) / 2.0;
    let cx = lay.w - lay.margin - aw / 2.0;
    let (tip, base) = (top + cap + gap, top + cap + gap + ah);
    let notch = base - ah * 0.28;
    c.add_ring(&[(cx, tip), (cx - aw / 2.0, base), (cx, notch)]);
    c.paint(style::INK, 1.0);
    c.add_ring(&[(cx, tip), (cx, notch), (cx + aw / 2.0, base)]);
    c.paint(style::PAPER, 1.0);
    c.add_stroke(&[(cx, tip), (cx - aw / 2.0, base), (cx, notch), (cx + aw / 2.0, base), (cx, tip)], 1.0);
    c.paint(style::INK, 1.0);
    let nw = font::text_width("N", n_size, true);
    c.text("N", cx - nw / 2.0, top + cap, n_size, true, style::INK, None)?;
    Ok(aw.max(nw))
}

/// A scale bar for the map centre's latitude, about a fifth of the image wide. Where Mercator's scale
/// varies noticeably across the view the label names the latitude it holds at; on world maps, where
/// one bar would mislead, it is omitted.
fn scale_bar(c: &mut Canvas, lay: &Layout, proj: &Projection, baseline: f64, free_w: f64) -> Result<()> {
    let b = proj.bbox();
    if b[3] - b[1] > 90.0 {
        return Ok(());
    }
    let sz = &lay.sz;
    let m_per_px = proj.ground_m_per_px(proj.center_lonlat().1);
    let target_px = (lay.w / 5.0).min(free_w * 0.6);
    if target_px < 20.0 {
        return Ok(());
    }
    let target_m = target_px * m_per_px;
    // The longest 1, 2 or 5 × 10^k that fits.
    let base = 10f64.powf(target_m.log10().floor());
    let nice = [5.0, 2.0, 1.0].into_iter().map(|f| base * f).find(|&v| v <= target_m).unwrap_or(base);
    let len = nice / m_per_px;
    let mut label = if nice >= 1000.0 { format!("{} km", nice / 1000.0) } else { format!("{nice} m") };
    if b[3] - b[1] > 12.0 {
        let lat = proj.center_lonlat().1;
        label.push_str(&format!(" at {:.0}° {}", lat.abs(), if lat >= 0.0 { "N" } else { "S" }));
    }
    let x0 = lay.margin;
    let y = baseline;
    let tick = font::cap_height(sz.small);
    let lw = (1.6 * sz.s).max(1.0);
    c.add_stroke(&[(x0, y - tick), (x0, y), (x0 + len, y), (x0 + len, y - tick)], lw);
    c.add_stroke(&[(x0 + len / 2.0, y), (x0 + len / 2.0, y - tick * 0.55)], lw * 0.8);
    c.paint(style::INK_SOFT, 1.0);
    c.text(&label, x0 + len + (8.0 * sz.s).max(4.0), baseline, sz.small, false, style::INK_SOFT, None)?;
    Ok(())
}

/// The box of a centred message over the map.
pub(super) fn note_rect(lay: &Layout, text: &str) -> Rect {
    let size = lay.sz.note;
    let tw = font::text_width(text, size, true);
    let pad = (18.0 * lay.sz.s).max(6.0);
    let (cx, cy) = ((lay.map_area[0] + lay.map_area[2]) / 2.0, (lay.map_area[1] + lay.map_area[3]) / 2.0);
    let h = font::cap_height(size) + font::descent(size);
    [cx - tw / 2.0 - pad, cy - h / 2.0 - pad, cx + tw / 2.0 + pad, cy + h / 2.0 + pad].map(f64::round)
}

/// A centred message box over the map ("No events match").
pub(super) fn draw_note(c: &mut Canvas, lay: &Layout, text: &str) -> Result<()> {
    let size = lay.sz.note;
    let r = note_rect(lay, text);
    let tw = font::text_width(text, size, true);
    let (cx, cy) = ((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0);
    let h = font::cap_height(size) + font::descent(size);
    c.add_rect(r);
    c.paint(style::PAPER, 0.92);
    c.add_stroke(&[(r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3]), (r[0], r[1])], 1.0);
    c.paint(style::RULE, 1.0);
    c.text(text, cx - tw / 2.0, cy - h / 2.0 + font::cap_height(size), size, true, style::INK, None)
}
