//! The density grid drawn instead of markers above [`DENSITY_THRESHOLD`](super::DENSITY_THRESHOLD)
//! events: counts on a square grid in screen space, coloured on a log scale. One pass over the events,
//! no allocation per event.

use super::canvas::Canvas;
use super::map::is_drawable;
use super::projection::Projection;
use super::style;
use crate::events::Event;

/// Event counts on a square grid in screen space.
pub(super) struct Grid {
    pub(super) cell: usize,
    cols: usize,
    rows: usize,
    counts: Vec<u32>,
    pub(super) max: u32,
}

impl Grid {
    pub(super) fn build(events: &[Event], proj: &Projection, cell: usize) -> Grid {
        let (w, h) = (proj.width() as usize, proj.height() as usize);
        let (cols, rows) = (w.div_ceil(cell), h.div_ceil(cell));
        let mut counts = vec![0u32; cols * rows];
        let (wf, hf) = (w as f64, h as f64);
        for e in events {
            if !is_drawable(e) {
                continue;
            }
            let (x, y) = proj.to_px(e.lon, e.lat);
            if x >= 0.0 && y >= 0.0 && x < wf && y < hf {
                counts[(y as usize / cell) * cols + x as usize / cell] += 1;
            }
        }
        let max = counts.iter().copied().max().unwrap_or(0);
        Grid { cell, cols, rows, counts, max }
    }

    /// Position on the colour scale of a cell holding `count` events (log scale; 1 → 0, max → 1).
    fn scale(&self, count: u32) -> f64 {
        if self.max <= 1 {
            return 0.0;
        }
        (count as f64).ln() / (self.max as f64).ln()
    }

    pub(super) fn draw(&self, c: &mut Canvas) {
        for row in 0..self.rows {
            for col in 0..self.cols {
                let n = self.counts[row * self.cols + col];
                if n == 0 {
                    continue;
                }
                let (x, y) = ((col * self.cell) as i64, (row * self.cell) as i64);
                let cell = self.cell as i64;
                c.fill_pixels(x, y, x + cell, y + cell, style::viridis(self.scale(n)), 0.9);
            }
        }
    }
}

/// Ground size of a grid cell at the view's centre.
pub(super) fn grid_cell_km(grid: &Grid, proj: &Projection) -> f64 {
    proj.ground_m_per_px(proj.center_lonlat().1) * grid.cell as f64 / 1000.0
}
