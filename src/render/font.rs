//! The embedded DejaVu Sans fonts: registration with plotters, and glyph metrics for laying out text.
//!
//! plotters' ab_glyph backend rasterises glyphs well but places each one at its advance position
//! without its left side bearing, so spacing looks uneven ("again st"). We therefore read advances
//! and side bearings from the font's own `hmtx`/`cmap` tables, place every glyph ourselves and only
//! ask plotters ([`FontDesc::draw`]) for each glyph's coverage.
//!
//! # Units
//! Sizes are plotters font sizes: pixels from descender to ascender (the em is ≈ 0.86 of it for
//! DejaVu Sans). Snapped to even pixels (see [`snap`]) so every glyph shares the same baseline.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle};

use crate::{Error, Result};

/// Family name under which the embedded DejaVu Sans is registered with plotters.
pub(crate) const FAMILY: &str = "conflictmap-dejavu-sans";

static SANS: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/fonts/DejaVuSans.ttf"));
static SANS_BOLD: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/fonts/DejaVuSans-Bold.ttf"));

/// Register the embedded fonts with plotters once per process.
pub(crate) fn ensure_registered() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, SANS).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, SANS_BOLD).is_ok()
    });
    if ok && metrics(false).is_some() && metrics(true).is_some() {
        Ok(())
    } else {
        Err(Error::Data("embedded font data/fonts/DejaVuSans*.ttf is not a usable TrueType font".into()))
    }
}

/// plotters places the baseline at `top + size / 2` truncated per glyph; with an even size every
/// glyph truncates the same way, so they sit on one baseline.
pub(crate) fn snap(size: f64) -> f64 {
    ((size / 2.0).round() * 2.0).max(6.0)
}

/// The plotters font at `size` (already snapped by the caller).
pub(crate) fn desc(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FAMILY), size, style)
}

/// Advance width of `text` in pixels.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let size = snap(size);
    match metrics(bold) {
        Some(m) => text.chars().map(|c| m.glyph(c, size).0).sum(),
        None => text.chars().count() as f64 * size * 0.5,
    }
}

/// Distance from the baseline up to the top of capitals.
pub(crate) fn cap_height(size: f64) -> f64 {
    0.63 * snap(size)
}

/// The CSS font size (em, in pixels) that draws this font at `size` (see the module's Units).
pub(crate) fn em_px(size: f64) -> f64 {
    let size = snap(size);
    match metrics(false) {
        Some(m) => size * m.units_per_em / m.height_units,
        None => size * 0.86,
    }
}

/// Distance from the baseline down to the bottom of descenders.
pub(crate) fn descent(size: f64) -> f64 {
    0.21 * snap(size)
}

/// Advance and left side bearing, in pixels, of each glyph of `text`, for drawing.
pub(crate) fn layout(text: &str, size: f64, bold: bool) -> Vec<(char, f64, f64)> {
    let m = metrics(bold);
    text.chars()
        .map(|c| {
            let (adv, lsb) = m.map_or((size * 0.5, 0.0), |m| m.glyph(c, size));
            (c, adv, lsb)
        })
        .collect()
}

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static REGULAR: OnceLock<Option<Metrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<Metrics>> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| Metrics::parse(SANS_BOLD)).as_ref()
    } else {
        REGULAR.get_or_init(|| Metrics::parse(SANS)).as_ref()
    }
}

/// Horizontal metrics of a TrueType font, read straight from its tables.
struct Metrics {
    ttf: &'static [u8],
    /// ab_glyph scales so that ascent − descent = the font size.
    height_units: f64,
    units_per_em: f64,
    num_h_metrics: usize,
    hmtx: usize,
    /// (format, offset) of the Unicode cmap subtable.
    cmap: (u16, usize),
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(d: &[u8], at: usize) -> Option<i16> {
    u16_at(d, at).map(|v| v as i16)
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl Metrics {
    fn parse(ttf: &'static [u8]) -> Option<Metrics> {
        let num_tables = u16_at(ttf, 4)? as usize;
        let table = |tag: &[u8; 4]| -> Option<usize> {
            (0..num_tables).find_map(|i| {
                let rec = 12 + 16 * i;
                (ttf.get(rec..rec + 4)? == tag).then(|| u32_at(ttf, rec + 8).map(|o| o as usize)).flatten()
            })
        };
        let hhea = table(b"hhea")?;
        let units_per_em = u16_at(ttf, table(b"head")? + 18)? as f64;
        let (mut ascent, mut descent) = (i16_at(ttf, hhea + 4)? as f64, i16_at(ttf, hhea + 6)? as f64);
        if let Some(os2) = table(b"OS/2") {
            // fsSelection bit 7: USE_TYPO_METRICS (what ab_glyph honours).
            if u16_at(ttf, os2 + 62).is_some_and(|f| f & 0x80 != 0) {
                ascent = i16_at(ttf, os2 + 68)? as f64;
                descent = i16_at(ttf, os2 + 70)? as f64;
            }
        }
        let num_h_metrics = u16_at(ttf, hhea + 34)? as usize;
        let hmtx = table(b"hmtx")?;
        let cmap = table(b"cmap")?;
        let n = u16_at(ttf, cmap + 2)? as usize;
        let mut best: Option<(u8, (u16, usize))> = None;
        for i in 0..n {
            let rec = cmap + 4 + 8 * i;
            let (platform, encoding) = (u16_at(ttf, rec)?, u16_at(ttf, rec + 2)?);
            let offset = cmap + u32_at(ttf, rec + 4)? as usize;
            let format = u16_at(ttf, offset)?;
            let rank = match (platform, encoding, format) {
                (3, 10, 12) | (0, _, 12) => 2,
                (3, 1, 4) | (0, _, 4) => 1,
                _ => continue,
            };
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, (format, offset)));
            }
        }
        Some(Metrics { ttf, height_units: ascent - descent, units_per_em, num_h_metrics, hmtx, cmap: best?.1 })
    }

    fn glyph_id(&self, c: char) -> u16 {
        let d = self.ttf;
        let c = c as u32;
        let (format, at) = self.cmap;
        let found = if format == 12 {
            let groups = u32_at(d, at + 12).unwrap_or(0) as usize;
            (0..groups).find_map(|i| {
                let g = at + 16 + 12 * i;
                let (start, end, glyph) = (u32_at(d, g)?, u32_at(d, g + 4)?, u32_at(d, g + 8)?);
                (start <= c && c <= end).then(|| (glyph + c - start) as u16)
            })
        } else {
            (|| {
                if c > 0xFFFF {
                    return None;
                }
                let seg_x2 = u16_at(d, at + 6)? as usize;
                let ends = at + 14;
                let starts = ends + seg_x2 + 2;
                let deltas = starts + seg_x2;
                let ranges = deltas + seg_x2;
                let i = (0..seg_x2 / 2).find(|&i| u16_at(d, ends + 2 * i).is_some_and(|e| e as u32 >= c))?;
                let start = u16_at(d, starts + 2 * i)? as u32;
                if start > c {
                    return None;
                }
                let delta = u16_at(d, deltas + 2 * i)?;
                let range = u16_at(d, ranges + 2 * i)? as usize;
                if range == 0 {
                    return Some((c as u16).wrapping_add(delta));
                }
                let g = u16_at(d, ranges + 2 * i + range + 2 * (c - start) as usize)?;
                (g != 0).then(|| g.wrapping_add(delta))
            })()
        };
        found.unwrap_or(0)
    }

    /// (advance, left side bearing) in pixels at `size`.
    fn glyph(&self, c: char, size: f64) -> (f64, f64) {
        let g = self.glyph_id(c) as usize;
        let d = self.ttf;
        let last = self.num_h_metrics.saturating_sub(1);
        let advance = u16_at(d, self.hmtx + 4 * g.min(last)).unwrap_or(0) as f64;
        let lsb = if g < self.num_h_metrics {
            i16_at(d, self.hmtx + 4 * g + 2)
        } else {
            i16_at(d, self.hmtx + 4 * self.num_h_metrics + 2 * (g - self.num_h_metrics))
        }
        .unwrap_or(0) as f64;
        let scale = size / self.height_units;
        (advance * scale, lsb * scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_agree_with_plotters_and_bearings_are_read() {
        ensure_registered().unwrap();
        for (text, bold) in [("Violence against civilians", false), ("Strategic developments", true), ("Ḩalab 1,234", false)] {
            let ours = text_width(text, 20.0, bold);
            let theirs = desc(20.0, bold).box_size(text).unwrap().0 as f64;
            // plotters adds kerning and truncates to whole pixels.
            assert!((ours - theirs).abs() <= 3.0, "{text}: {ours} vs {theirs}");
        }
        let m = metrics(false).unwrap();
        assert!(m.glyph('1', 20.0).1 > m.glyph('l', 20.0).1, "'1' sits further right in its box than 'l'");
        assert_ne!(m.glyph_id('Ḩ'), 0);
    }
}
