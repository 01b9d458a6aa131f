//! An RGB pixel buffer with antialiased fills, strokes and text (glyphs from plotters' ab_glyph backend).
//!
//! Shapes are accumulated as signed edge coverage (the accumulation rasteriser of font-rs) and then
//! painted in one pass with [`Canvas::paint`]. Everything added between two paints is one union in one
//! colour: neighbouring countries share edges without seams, overlapping stroke pieces do not darken.
//!
//! # Units
//! Pixels, origin at the top-left corner, y down. A pixel's centre is at `(x + 0.5, y + 0.5)`.

use super::font;
use super::style::Rgb;
use super::svg::Svg;
use crate::{Error, Result};

/// A rectangle `[left, top, right, bottom]` in pixels.
pub(crate) type Rect = [f64; 4];

pub(crate) fn rects_overlap(a: &Rect, b: &Rect) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

pub(crate) struct Canvas {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// RGB8, row-major, no padding: what `BitMapBackend::with_buffer` and the PNG encoder take.
    pub(crate) buf: Vec<u8>,
    /// Signed coverage deltas, `stride` cells per row (two spare cells on the right).
    acc: Vec<f32>,
    stride: usize,
    /// Rows touched since the last paint (first, last), and per row the first and last cell touched:
    /// a paint visits only those cells, so a thin line across the image costs its length, not the
    /// area of its bounding box.
    dirty: Option<(usize, usize)>,
    spans: Vec<[u32; 2]>,
    /// Record the drawing as SVG instead of rasterising it.
    svg: Option<Svg>,
}

impl Canvas {
    pub(crate) fn new(width: u32, height: u32, background: Rgb) -> Self {
        let n = width as usize * height as usize;
        let mut buf = Vec::with_capacity(n * 3);
        for _ in 0..n {
            buf.extend_from_slice(&background);
        }
        let stride = width as usize + 2;
        Canvas {
            width,
            height,
            buf,
            acc: vec![0.0; stride * height as usize],
            stride,
            dirty: None,
            spans: vec![[u32::MAX, 0]; height as usize],
            svg: None,
        }
    }

    /// A canvas that records SVG elements instead of pixels (the pixel buffer stays blank).
    pub(crate) fn new_svg(width: u32, height: u32, background: Rgb) -> Self {
        Canvas {
            width,
            height,
            buf: Vec::new(),
            acc: Vec::new(),
            stride: 0,
            dirty: None,
            spans: Vec::new(),
            svg: Some(Svg::new(width, height, background)),
        }
    }

    /// The SVG document, if this canvas records SVG.
    pub(crate) fn svg_document(&self, title: &str) -> Option<Vec<u8>> {
        self.svg.as_ref().map(|s| s.finish(title))
    }

    /// Start a named group of elements (SVG `<g id>`; nothing on a raster).
    pub(crate) fn open_group(&mut self, id: &str) {
        if let Some(s) = &mut self.svg {
            s.open_group(id);
        }
    }

    pub(crate) fn close_group(&mut self) {
        if let Some(s) = &mut self.svg {
            s.close_group();
        }
    }

    /// One filled shape with an outline of `(colour, opacity, width)`: a single element in SVG, with
    /// `title` as its tooltip.
    pub(crate) fn shape(&mut self, ring: &[(f64, f64)], fill: Rgb, outline: (Rgb, f64, f64), class: &str, title: Option<&str>) {
        if let Some(s) = &mut self.svg {
            s.shape(ring, fill, outline, class, title);
            return;
        }
        self.add_ring(ring);
        self.paint(fill, 1.0);
        let mut closed = ring.to_vec();
        if let Some(&first) = ring.first() {
            closed.push(first);
        }
        self.add_stroke(&closed, outline.2);
        self.paint(outline.0, outline.1);
    }

    /// Blend `color` into pixel `(x, y)` with weight `a` (0..=255). Out-of-range pixels are ignored.
    #[inline]
    pub(crate) fn blend(&mut self, x: usize, y: usize, color: Rgb, a: u32) {
        if self.svg.is_some() || x >= self.width as usize || y >= self.height as usize || a == 0 {
            return;
        }
        let i = (y * self.width as usize + x) * 3;
        let p = &mut self.buf[i..i + 3];
        if a >= 255 {
            p.copy_from_slice(&color);
        } else {
            for k in 0..3 {
                p[k] = ((color[k] as u32 * a + p[k] as u32 * (255 - a) + 127) / 255) as u8;
            }
        }
    }

    /// Fill the pixel-aligned rectangle `[x0, x1) × [y0, y1)`, clipped to the canvas.
    pub(crate) fn fill_pixels(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, color: Rgb, alpha: f64) {
        if let Some(s) = &mut self.svg {
            s.rect(x0, y0, x1, y1, color, alpha);
            return;
        }
        let a = (alpha.clamp(0.0, 1.0) * 255.0).round() as u32;
        let (w, h) = (self.width as i64, self.height as i64);
        for y in y0.max(0)..y1.min(h) {
            for x in x0.max(0)..x1.min(w) {
                self.blend(x as usize, y as usize, color, a);
            }
        }
    }

    // ---- shape accumulation -------------------------------------------------------------------

    /// Add a closed ring (the last point joins the first).
    pub(crate) fn add_ring(&mut self, pts: &[(f64, f64)]) {
        if let Some(s) = &mut self.svg {
            s.ring(pts);
            return;
        }
        self.raster_ring(pts);
    }

    fn raster_ring(&mut self, pts: &[(f64, f64)]) {
        if pts.len() < 3 {
            return;
        }
        let mut prev = pts[pts.len() - 1];
        for &p in pts {
            self.add_edge(prev, p);
            prev = p;
        }
    }

    /// Add an axis-aligned rectangle.
    pub(crate) fn add_rect(&mut self, r: Rect) {
        self.add_ring(&[(r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3])]);
    }

    /// Add a regular polygon approximating a circle.
    pub(crate) fn add_circle(&mut self, cx: f64, cy: f64, r: f64) {
        let n = ((r * 2.5) as usize).clamp(12, 64);
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        self.add_ring(&pts);
    }

    /// Add a stroke of `width` pixels along a polyline (square caps, so joins have no gaps).
    pub(crate) fn add_stroke(&mut self, pts: &[(f64, f64)], width: f64) {
        if let Some(s) = &mut self.svg {
            s.stroke(pts, width, None);
            return;
        }
        self.raster_stroke(pts, width);
    }

    fn raster_stroke(&mut self, pts: &[(f64, f64)], width: f64) {
        let hw = width / 2.0;
        for seg in pts.windows(2) {
            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
            let (dx, dy) = (bx - ax, by - ay);
            let len = (dx * dx + dy * dy).sqrt();
            if len < 1e-9 {
                continue;
            }
            let (ux, uy) = (dx / len * hw, dy / len * hw);
            let (ax, ay, bx, by) = (ax - ux, ay - uy, bx + ux, by + uy);
            let (nx, ny) = (-uy, ux);
            self.raster_ring(&[(ax + nx, ay + ny), (bx + nx, by + ny), (bx - nx, by - ny), (ax - nx, ay - ny)]);
        }
    }

    /// Add a dashed stroke: `on` pixels drawn, `off` pixels skipped, along the polyline.
    pub(crate) fn add_dashed_stroke(&mut self, pts: &[(f64, f64)], width: f64, on: f64, off: f64) {
        if let Some(s) = &mut self.svg {
            s.stroke(pts, width, Some((on, off)));
            return;
        }
        let period = on + off;
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut phase = 0.0; // distance into the current period
        for seg in pts.windows(2) {
            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
            let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
            let mut t = 0.0;
            while t < len {
                let drawing = phase < on;
                let step = if drawing { on - phase } else { period - phase }.min(len - t);
                let p0 = (ax + (bx - ax) * t / len, ay + (by - ay) * t / len);
                let t1 = t + step;
                let p1 = (ax + (bx - ax) * t1 / len, ay + (by - ay) * t1 / len);
                if drawing {
                    if run.is_empty() {
                        run.push(p0);
                    }
                    run.push(p1);
                } else if !run.is_empty() {
                    self.raster_stroke(&run, width);
                    run.clear();
                }
                t = t1;
                phase += step;
                if phase >= period - 1e-9 {
                    phase = 0.0;
                }
            }
        }
        if run.len() > 1 {
            self.raster_stroke(&run, width);
        }
    }

    /// Add one polygon edge, clipped so that x stays in `0..=width` (what lies left of the canvas is
    /// folded onto x = 0, which keeps the winding of everything to its right; what lies right of it
    /// cannot change any visible pixel and is dropped).
    fn add_edge(&mut self, a: (f64, f64), b: (f64, f64)) {
        let ((x0, y0), (x1, y1)) = (a, b);
        if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) || y0 == y1 {
            return;
        }
        let (w, h) = (self.width as f64, self.height as f64);
        if (y0 <= 0.0 && y1 <= 0.0) || (y0 >= h && y1 >= h) || (x0 >= w && x1 >= w) {
            return;
        }
        let mut cuts = [0.0, 1.0, 1.0, 1.0];
        let mut n = 1;
        for xc in [0.0, w] {
            if (x0 - xc) * (x1 - xc) < 0.0 {
                cuts[n] = (xc - x0) / (x1 - x0);
                n += 1;
            }
        }
        cuts[n] = 1.0;
        n += 1;
        cuts[..n].sort_by(f64::total_cmp);
        for k in 0..n - 1 {
            let (ta, tb) = (cuts[k], cuts[k + 1]);
            if tb <= ta {
                continue;
            }
            let (ax, ay) = (x0 + (x1 - x0) * ta, y0 + (y1 - y0) * ta);
            let (bx, by) = (x0 + (x1 - x0) * tb, y0 + (y1 - y0) * tb);
            let xm = (ax + bx) / 2.0;
            if xm >= w {
                continue;
            }
            if xm <= 0.0 {
                self.line(0.0, ay, 0.0, by);
            } else {
                self.line(ax.clamp(0.0, w), ay, bx.clamp(0.0, w), by);
            }
        }
    }

    /// Accumulate the signed area of one edge whose x lies in `0..=width` (font-rs `draw_line`).
    fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        if y0 == y1 {
            return;
        }
        let (dir, (x0, y0), (x1, y1)) =
            if y0 < y1 { (1.0f64, (x0, y0), (x1, y1)) } else { (-1.0, (x1, y1), (x0, y0)) };
        let dxdy = (x1 - x0) / (y1 - y0);
        let mut x = x0;
        if y0 < 0.0 {
            x -= y0 * dxdy;
        }
        let row0 = y0.max(0.0) as usize;
        let row1 = (self.height as usize).min(y1.ceil().max(0.0) as usize);
        if row0 >= row1 {
            return;
        }
        let max_cell = self.stride - 1;
        self.dirty = Some(match self.dirty {
            None => (row0, row1 - 1),
            Some((a, b)) => (a.min(row0), b.max(row1 - 1)),
        });
        let stride = self.stride;
        let acc = &mut self.acc;
        for (y, span) in self.spans.iter_mut().enumerate().take(row1).skip(row0) {
            let line = y * stride;
            let dy = ((y + 1) as f64).min(y1) - (y as f64).max(y0);
            let xnext = (x + dxdy * dy).clamp(0.0, (stride - 2) as f64);
            let d = (dy * dir) as f32;
            let (xa, xb) = if x < xnext { (x, xnext) } else { (xnext, x) };
            let xa_floor = xa.floor();
            let xai = xa_floor as usize;
            let xb_ceil = xb.ceil();
            let xbi = xb_ceil as usize;
            span[0] = span[0].min(xai as u32);
            span[1] = span[1].max(xbi.max(xai + 1).min(max_cell) as u32);
            if xbi <= xai + 1 {
                let xmf = (0.5 * (x + xnext) - xa_floor) as f32;
                acc[line + xai] += d - d * xmf;
                acc[line + (xai + 1).min(max_cell)] += d * xmf;
            } else {
                let s = (1.0 / (xb - xa)) as f32;
                let xaf = (xa - xa_floor) as f32;
                let a0 = 0.5 * s * (1.0 - xaf) * (1.0 - xaf);
                let xbf = (xb - xb_ceil + 1.0) as f32;
                let am = 0.5 * s * xbf * xbf;
                acc[line + xai] += d * a0;
                if xbi == xai + 2 {
                    acc[line + xai + 1] += d * (1.0 - a0 - am);
                } else {
                    let a1 = s * (1.5 - xaf);
                    acc[line + xai + 1] += d * (a1 - a0);
                    for xi in xai + 2..xbi - 1 {
                        acc[line + xi] += d * s;
                    }
                    let a2 = a1 + (xbi - xai - 3) as f32 * s;
                    acc[line + xbi - 1] += d * (1.0 - a2 - am);
                }
                acc[line + xbi.min(max_cell)] += d * am;
            }
            x = xnext;
        }
    }

    /// Paint everything accumulated since the last paint in `color` at opacity `alpha` (non-zero
    /// winding, coverage clamped to 1), and reset the accumulator.
    pub(crate) fn paint(&mut self, color: Rgb, alpha: f64) {
        if let Some(s) = &mut self.svg {
            s.paint(color, alpha);
            return;
        }
        let Some((y0, y1)) = self.dirty.take() else { return };
        let a255 = (alpha.clamp(0.0, 1.0) * 255.0) as f32;
        let w = self.width as usize;
        for y in y0..=y1 {
            let [x0, x1] = std::mem::replace(&mut self.spans[y], [u32::MAX, 0]);
            if x0 > x1 {
                continue;
            }
            let (x0, x1) = (x0 as usize, x1 as usize);
            let line = y * self.stride;
            let mut sum = 0.0f32;
            for x in x0..=x1 {
                sum += self.acc[line + x];
                self.acc[line + x] = 0.0;
                if x < w {
                    let a = (sum.abs().min(1.0) * a255 + 0.5) as u32;
                    if a > 0 {
                        self.blend(x, y, color, a);
                    }
                }
            }
            // Right of the last edge the winding no longer changes: a shape that reaches past the
            // right border fills the rest of the row.
            let a = (sum.abs().min(1.0) * a255 + 0.5) as u32;
            if a > 0 {
                for x in x1 + 1..w {
                    self.blend(x, y, color, a);
                }
            }
        }
    }

    // ---- text ---------------------------------------------------------------------------------

    /// Draw `text` with its left end at `x` and its baseline at `baseline`.
    ///
    /// Glyph coverage comes from plotters' ab_glyph backend; we place the glyphs (see `font.rs`) into
    /// one coverage mask. `halo` paints a soft outline of that colour under the text, made by
    /// dilating the mask, which keeps labels legible on any background.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        text: &str,
        x: f64,
        baseline: f64,
        size: f64,
        bold: bool,
        color: Rgb,
        halo: Option<Rgb>,
    ) -> Result<()> {
        font::ensure_registered()?;
        let size = font::snap(size);
        let halo_r = if halo.is_some() { (size / 10.0).clamp(1.0, 2.5) } else { 0.0 };
        if let Some(s) = &mut self.svg {
            s.text(text, x, baseline, size, bold, color, halo.map(|c| (c, halo_r)));
            return Ok(());
        }
        let glyphs = font::layout(text, size, bold);
        let width: f64 = glyphs.iter().map(|g| g.1).sum();
        let pad = halo_r.ceil() as i64 + 2;
        // The mask spans the text box plus the halo; glyph rows run from about one size above the
        // baseline to half a size below it.
        let (mx0, my0) = (x.floor() as i64 - pad, (baseline - size).floor() as i64 - pad);
        let (mw, mh) = ((width.ceil() as i64 + 2 * pad + 2) as usize, ((size * 1.6).ceil() as i64 + 2 * pad) as usize);
        let mut mask = vec![0f32; mw * mh];
        let desc = font::desc(size, bold);
        let top = (baseline - size / 2.0).round() as i64;
        let mut pen = x;
        let mut one = [0u8; 4];
        for (c, advance, lsb) in glyphs {
            if !c.is_whitespace() {
                let gx = pen.round() as i64 + lsb.floor() as i64;
                desc.draw(c.encode_utf8(&mut one), (0, 0), |px, py, cov| {
                    let (mx, my) = (gx + px as i64 - mx0, top + py as i64 - my0);
                    if mx >= 0 && my >= 0 && (mx as usize) < mw && (my as usize) < mh {
                        let m = &mut mask[my as usize * mw + mx as usize];
                        *m = (*m + cov).min(1.0);
                    }
                    Ok::<(), ()>(())
                })
                .map_err(|e| Error::Render(format!("drawing text {text:?}: {e}")))?
                .map_err(|_| Error::Render(format!("drawing text {text:?}")))?;
            }
            pen += advance;
        }
        if let Some(halo) = halo {
            let halo_mask = dilate(&mask, mw, mh, halo_r);
            self.composite(&halo_mask, mw, mx0, my0, halo, 0.9);
        }
        self.composite(&mask, mw, mx0, my0, color, 1.0);
        Ok(())
    }

    /// Blend `color` through a coverage mask whose top-left pixel sits at `(x0, y0)`.
    fn composite(&mut self, mask: &[f32], mw: usize, x0: i64, y0: i64, color: Rgb, alpha: f32) {
        for (i, &m) in mask.iter().enumerate() {
            if m <= 0.0 {
                continue;
            }
            let (x, y) = (x0 + (i % mw) as i64, y0 + (i / mw) as i64);
            if x >= 0 && y >= 0 {
                self.blend(x as usize, y as usize, color, (m * alpha * 255.0 + 0.5) as u32);
            }
        }
    }
}

/// Grow a coverage mask by a disc of radius `r` (max filter, soft edge on the last pixel ring).
fn dilate(mask: &[f32], w: usize, h: usize, r: f64) -> Vec<f32> {
    let ri = r.ceil() as i64;
    let mut offsets = Vec::new();
    for dy in -ri..=ri {
        for dx in -ri..=ri {
            let d = ((dx * dx + dy * dy) as f64).sqrt();
            let weight = (r + 0.5 - d).clamp(0.0, 1.0) as f32;
            if weight > 0.0 {
                offsets.push((dx, dy, weight));
            }
        }
    }
    let mut out = vec![0f32; mask.len()];
    for y in 0..h as i64 {
        for x in 0..w as i64 {
            let mut best = 0f32;
            for &(dx, dy, weight) in &offsets {
                let (sx, sy) = (x + dx, y + dy);
                if sx >= 0 && sy >= 0 && sx < w as i64 && sy < h as i64 {
                    best = best.max(mask[(sy * w as i64 + sx) as usize] * weight);
                }
            }
            out[(y * w as i64 + x) as usize] = best;
        }
    }
    out
}
