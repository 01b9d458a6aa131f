//! Greedy label placement with collision boxes: the most important label goes first and takes the
//! first free slot around its point; a label that fits nowhere is dropped rather than drawn over
//! another.

use super::canvas::{rects_overlap, Rect};
use super::font;

/// Where a placed label goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spot {
    /// The box the label occupies, halo included.
    pub(crate) rect: Rect,
    /// Left end of the text.
    pub(crate) x: f64,
    pub(crate) baseline: f64,
}

pub(crate) struct Placer {
    bounds: Rect,
    taken: Vec<Rect>,
}

impl Placer {
    /// Labels must lie fully inside `bounds`.
    pub(crate) fn new(bounds: Rect) -> Self {
        Placer { bounds, taken: Vec::new() }
    }

    /// Mark a box as occupied (a marker, the legend, a placed label).
    pub(crate) fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    pub(crate) fn is_free(&self, r: &Rect) -> bool {
        r[0] >= self.bounds[0]
            && r[1] >= self.bounds[1]
            && r[2] <= self.bounds[2]
            && r[3] <= self.bounds[3]
            && !self.taken.iter().any(|t| rects_overlap(t, r))
    }

    /// Place a label of `text_w` pixels at font `size` next to a point at `(x, y)` whose symbol has
    /// radius `r`: right, left, then above/below and the diagonals. Blocks and returns the slot taken.
    pub(crate) fn place_near(&mut self, x: f64, y: f64, r: f64, text_w: f64, size: f64) -> Option<Spot> {
        let (cap, desc) = (font::cap_height(size), font::descent(size));
        let pad = (size / 9.0).clamp(1.0, 3.0) + 1.0; // the halo
        let gap = (size * 0.25).max(2.0);
        let h = cap + desc;
        let d = r * std::f64::consts::FRAC_1_SQRT_2;
        // (left of text, top of caps) for each candidate
        let candidates = [
            (x + r + gap, y - cap / 2.0 - desc / 4.0),
            (x - r - gap - text_w, y - cap / 2.0 - desc / 4.0),
            (x + d + gap / 2.0, y - d - gap / 2.0 - h),
            (x + d + gap / 2.0, y + d + gap / 2.0),
            (x - text_w / 2.0, y - r - gap - h),
            (x - text_w / 2.0, y + r + gap),
            (x - d - gap / 2.0 - text_w, y - d - gap / 2.0 - h),
            (x - d - gap / 2.0 - text_w, y + d + gap / 2.0),
        ];
        for (lx, top) in candidates {
            let rect = [lx - pad, top - pad, lx + text_w + pad, top + h + pad];
            if self.is_free(&rect) {
                self.block(rect);
                return Some(Spot { rect, x: lx, baseline: top + cap });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_label_moves_or_drops_but_never_overlaps() {
        let mut p = Placer::new([0.0, 0.0, 400.0, 300.0]);
        let a = p.place_near(200.0, 150.0, 5.0, 60.0, 14.0).unwrap();
        let b = p.place_near(205.0, 150.0, 5.0, 60.0, 14.0).unwrap();
        assert!(!rects_overlap(&a.rect, &b.rect));
        // Fill every slot around a point; the next label there is dropped.
        let mut q = Placer::new([0.0, 0.0, 100.0, 100.0]);
        q.block([0.0, 0.0, 100.0, 100.0]);
        assert!(q.place_near(50.0, 50.0, 3.0, 20.0, 12.0).is_none());
    }
}
