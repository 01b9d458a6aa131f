//! The SVG side of [`Canvas`](super::canvas::Canvas): the same drawing calls, recorded as SVG
//! elements instead of rasterised.
//!
//! Shapes added between two paints become one `<path>` in one colour (fills), plus one stroked
//! `<path>` per line width (strokes); a paint below full opacity wraps them in a `<g opacity>` so
//! overlapping pieces do not darken, as on the raster. Text is real `<text>` in the embedded font's
//! family with generic fallbacks; `textLength` pins each string to the width the layout measured, so
//! labels never run into each other whichever font the viewer substitutes. Event markers are one
//! element each (`class="event"`, with a `<title>` tooltip).
//!
//! # Units
//! User units are image pixels (`viewBox="0 0 width height"`), origin top-left, y down.

use std::fmt::Write;

use super::font;
use super::style::Rgb;

/// Font stack for `<text>`: the embedded DejaVu Sans first, then fonts with near-identical metrics.
const FONT_FAMILY: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Geneva, sans-serif";

/// Width, dash (on, off) and path data of strokes drawn alike.
type StrokeRun = (f64, Option<(f64, f64)>, String);

pub(crate) struct Svg {
    width: u32,
    height: u32,
    body: String,
    /// Path data of the rings added since the last paint.
    rings: String,
    /// The strokes added since the last paint.
    strokes: Vec<StrokeRun>,
}

pub(crate) fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// A number with at most two decimals and no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Append `M x y L … ` for `pts` to `d`, closing it with `Z` if `close`.
fn path_data(d: &mut String, pts: &[(f64, f64)], close: bool) {
    for (i, &(x, y)) in pts.iter().enumerate() {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&num(x));
        d.push(' ');
        d.push_str(&num(y));
    }
    if close {
        d.push('Z');
    }
}

impl Svg {
    pub(crate) fn new(width: u32, height: u32, background: Rgb) -> Svg {
        let mut body = String::with_capacity(1 << 16);
        let _ = write!(body, r#"<rect width="{width}" height="{height}" fill="{}"/>"#, hex(background));
        body.push('\n');
        Svg { width, height, body, rings: String::new(), strokes: Vec::new() }
    }

    pub(crate) fn ring(&mut self, pts: &[(f64, f64)]) {
        if pts.len() >= 3 {
            path_data(&mut self.rings, pts, true);
        }
    }

    pub(crate) fn stroke(&mut self, pts: &[(f64, f64)], width: f64, dash: Option<(f64, f64)>) {
        if pts.len() < 2 {
            return;
        }
        let i = match self.strokes.iter().position(|s| s.0 == width && s.1 == dash) {
            Some(i) => i,
            None => {
                self.strokes.push((width, dash, String::new()));
                self.strokes.len() - 1
            }
        };
        path_data(&mut self.strokes[i].2, pts, false);
    }

    /// Emit what was added since the last paint in `color` at opacity `alpha`.
    pub(crate) fn paint(&mut self, color: Rgb, alpha: f64) {
        if self.rings.is_empty() && self.strokes.is_empty() {
            return;
        }
        let grouped = alpha < 0.999;
        if grouped {
            let _ = write!(self.body, r#"<g opacity="{}">"#, num(alpha));
        }
        let c = hex(color);
        if !self.rings.is_empty() {
            let _ = writeln!(self.body, r#"<path fill="{c}" d="{}"/>"#, self.rings);
            self.rings.clear();
        }
        for (w, dash, d) in self.strokes.drain(..) {
            let dash = dash.map(|(on, off)| format!(r#" stroke-dasharray="{} {}""#, num(on), num(off))).unwrap_or_default();
            let _ = writeln!(
                self.body,
                r#"<path fill="none" stroke="{c}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="square"{dash} d="{d}"/>"#,
                num(w)
            );
        }
        if grouped {
            self.body.push_str("</g>\n");
        }
    }

    /// A pixel-aligned rectangle (density cells, colour-bar steps).
    pub(crate) fn rect(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, color: Rgb, alpha: f64) {
        let op = if alpha < 0.999 { format!(r#" fill-opacity="{}""#, num(alpha)) } else { String::new() };
        let _ = writeln!(self.body, r#"<rect x="{x0}" y="{y0}" width="{}" height="{}" fill="{}"{op}/>"#, x1 - x0, y1 - y0, hex(color));
    }

    /// One filled and outlined shape as a single element (an event marker, a legend swatch).
    pub(crate) fn shape(&mut self, ring: &[(f64, f64)], fill: Rgb, outline: (Rgb, f64, f64), class: &str, title: Option<&str>) {
        let mut d = String::new();
        path_data(&mut d, ring, true);
        let (oc, oa, ow) = outline;
        let _ = write!(
            self.body,
            r#"<path class="{class}" d="{d}" fill="{}" stroke="{}" stroke-opacity="{}" stroke-width="{}""#,
            hex(fill),
            hex(oc),
            num(oa),
            num(ow)
        );
        match title {
            Some(t) => {
                let _ = writeln!(self.body, "><title>{}</title></path>", escape(t));
            }
            None => self.body.push_str("/>\n"),
        }
    }

    /// `text` with its left end at `x` and its baseline at `baseline`; `size` as in [`font`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(&mut self, text: &str, x: f64, baseline: f64, size: f64, bold: bool, color: Rgb, halo: Option<(Rgb, f64)>) {
        let size = font::snap(size);
        let width = font::text_width(text, size, bold);
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let halo = halo
            .map(|(c, r)| {
                format!(
                    r#" stroke="{}" stroke-opacity="0.9" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
                    hex(c),
                    num(2.0 * r)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{}"{halo} textLength="{}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
            num(x),
            num(baseline),
            num(font::em_px(size)),
            hex(color),
            num(width),
            escape(text)
        );
    }

    pub(crate) fn open_group(&mut self, id: &str) {
        let _ = writeln!(self.body, r#"<g id="{}">"#, escape(id));
    }

    pub(crate) fn close_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// The finished document.
    pub(crate) fn finish(&self, title: &str) -> Vec<u8> {
        let (w, h) = (self.width, self.height);
        let mut out = String::with_capacity(self.body.len() + 512);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}" text-rendering="geometricPrecision">"#,
            FONT_FAMILY
        );
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        let _ = writeln!(out, r#"<clipPath id="image"><rect width="{w}" height="{h}"/></clipPath>"#);
        let _ = writeln!(out, r#"<g clip-path="url(#image)">"#);
        out.push_str(&self.body);
        out.push_str("</g>\n</svg>\n");
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!((num(1.0), num(1.25), num(-0.001), num(3.456)), ("1".into(), "1.25".into(), "0".into(), "3.46".into()));
        assert_eq!(escape("Tom & \"Jerry\" <x>"), "Tom &amp; &quot;Jerry&quot; &lt;x&gt;");
    }
}
