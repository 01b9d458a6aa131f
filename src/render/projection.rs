//! Web Mercator (EPSG:3857) and fitting a view to an extent.

/// WGS 84 semi-major axis, the sphere radius of Web Mercator.
const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// Latitude where Web Mercator's square world ends.
pub(crate) const MAX_LAT: f64 = 85.051_128_78;
pub(crate) const WORLD_WIDTH_M: f64 = 2.0 * std::f64::consts::PI * EARTH_RADIUS_M;

/// Longitude/latitude → Web Mercator metres.
pub(crate) fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    (EARTH_RADIUS_M * lon.to_radians(), EARTH_RADIUS_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln())
}

/// Web Mercator metres → longitude/latitude.
pub(crate) fn inverse_mercator(x: f64, y: f64) -> (f64, f64) {
    let lon = (x / EARTH_RADIUS_M).to_degrees();
    let lat = (2.0 * (y / EARTH_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    (lon, lat)
}

/// The box `[lon_min, lat_min, lon_max, lat_max]` around a circle of `radius_km` (great-circle)
/// centred on `(lon, lat)`, for a map of everything within that distance.
///
/// # Units
/// Degrees in and out; `radius_km` in kilometres (mean Earth radius 6371 km).
///
/// ```
/// let b = conflictmap::render::bbox_around(37.1343, 36.2021, 50.0);
/// assert!((b[3] - b[1] - 0.899).abs() < 0.01); // 100 km ≈ 0.9° of latitude
/// assert!(b[2] - b[0] > b[3] - b[1]); // and more degrees of longitude at 36° N
/// ```
pub fn bbox_around(lon: f64, lat: f64, radius_km: f64) -> [f64; 4] {
    let dlat = (radius_km / 6371.0).to_degrees();
    let (lat0, lat1) = ((lat - dlat).max(-MAX_LAT), (lat + dlat).min(MAX_LAT));
    // The circle's widest longitude span (spherical trigonometry): asin(sin d / cos φ).
    let ratio = (radius_km / 6371.0).sin() / lat.to_radians().cos().max(1e-9);
    let dlon = if ratio >= 1.0 { 180.0 } else { ratio.asin().to_degrees() };
    [(lon - dlon).max(-180.0), lat0, (lon + dlon).min(180.0), lat1]
}

/// Where a map image sits on the Web Mercator plane: which lon/lat lands on which pixel.
///
/// # Units
/// Pixels from the image's top-left corner (x right, y down); longitude/latitude in WGS 84 degrees.
///
/// ```
/// use conflictmap::render::Projection;
/// let p = Projection::centered(800, 600, (37.1343, 36.2021), 100.0);
/// let (x, y) = p.to_px(37.1343, 36.2021);
/// assert!((x - 400.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    width: u32,
    height: u32,
    /// Web Mercator metres at the image centre.
    center: (f64, f64),
    /// Web Mercator metres per pixel (true ground metres per pixel are this × cos(latitude)).
    m_per_px: f64,
}

impl Projection {
    /// A `width`×`height` view centred on `(lon, lat)` with `m_per_px` Web Mercator metres per pixel.
    pub fn centered(width: u32, height: u32, center: (f64, f64), m_per_px: f64) -> Self {
        Projection { width, height, center: mercator(center.0, center.1), m_per_px }
    }

    /// The view that shows `bbox` (`[lon_min, lat_min, lon_max, lat_max]`) inside the pixel rectangle
    /// `target` (`[left, top, right, bottom]`) of a `width`×`height` image, without distortion, at least
    /// `min_span_m` ground metres across in both directions, and never wider than the world.
    pub(crate) fn fit(width: u32, height: u32, bbox: [f64; 4], target: [f64; 4], min_span_m: f64) -> Self {
        let (x0, y0) = mercator(bbox[0], bbox[1]);
        let (x1, y1) = mercator(bbox[2], bbox[3]);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (_, center_lat) = inverse_mercator(cx, cy);
        // Ground metres → Mercator metres at this latitude.
        let min_span = min_span_m / center_lat.to_radians().cos().max(0.05);
        let (span_x, span_y) = ((x1 - x0).abs().max(min_span), (y1 - y0).abs().max(min_span));
        let (tw, th) = ((target[2] - target[0]).max(1.0), (target[3] - target[1]).max(1.0));
        let m_per_px = (span_x / tw).max(span_y / th).min(WORLD_WIDTH_M / width as f64);
        // Put the extent's centre at the target's centre.
        let dx = (target[0] + target[2]) / 2.0 - width as f64 / 2.0;
        let dy = (target[1] + target[3]) / 2.0 - height as f64 / 2.0;
        let mut center = (cx - dx * m_per_px, cy + dy * m_per_px);
        // Do not show empty space beyond the poles if the world is tall enough to fill the image.
        let half_h = height as f64 / 2.0 * m_per_px;
        let world_half = WORLD_WIDTH_M / 2.0;
        if half_h < world_half {
            center.1 = center.1.clamp(-world_half + half_h, world_half - half_h);
        }
        Projection { width, height, center, m_per_px }
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// Pixel position of `(lon, lat)`; may lie outside the image.
    #[inline]
    pub fn to_px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = mercator(lon, lat);
        self.mercator_to_px(x, y)
    }

    /// Web Mercator metres under pixel position `(x, y)`.
    #[inline]
    pub(crate) fn px_to_mercator(&self, x: f64, y: f64) -> (f64, f64) {
        (self.center.0 + (x - self.width as f64 / 2.0) * self.m_per_px, self.center.1 - (y - self.height as f64 / 2.0) * self.m_per_px)
    }

    #[inline]
    pub(crate) fn mercator_to_px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.width as f64 / 2.0 + (x - self.center.0) / self.m_per_px,
            self.height as f64 / 2.0 - (y - self.center.1) / self.m_per_px,
        )
    }

    /// Longitude/latitude under pixel position `(x, y)`.
    pub fn to_lonlat(&self, x: f64, y: f64) -> (f64, f64) {
        inverse_mercator(
            self.center.0 + (x - self.width as f64 / 2.0) * self.m_per_px,
            self.center.1 - (y - self.height as f64 / 2.0) * self.m_per_px,
        )
    }

    /// What the image shows: `[lon_min, lat_min, lon_max, lat_max]`.
    pub fn bbox(&self) -> [f64; 4] {
        self.bbox_with_margin(0.0)
    }

    /// What the image shows, grown by `margin_px` pixels on every side.
    pub(crate) fn bbox_with_margin(&self, margin_px: f64) -> [f64; 4] {
        let (lon0, lat0) = self.to_lonlat(-margin_px, self.height as f64 + margin_px);
        let (lon1, lat1) = self.to_lonlat(self.width as f64 + margin_px, -margin_px);
        [lon0, lat0, lon1, lat1]
    }

    /// Ground metres per pixel at latitude `lat` (Mercator's scale grows towards the poles).
    ///
    /// # Units
    /// Metres per pixel.
    pub fn ground_m_per_px(&self, lat: f64) -> f64 {
        self.m_per_px * lat.clamp(-MAX_LAT, MAX_LAT).to_radians().cos()
    }

    /// Ground distance across the image at its centre, in km.
    pub fn width_km(&self) -> f64 {
        self.ground_m_per_px(self.center_lonlat().1) * self.width as f64 / 1000.0
    }

    /// Longitude/latitude of the image centre.
    pub fn center_lonlat(&self) -> (f64, f64) {
        inverse_mercator(self.center.0, self.center.1)
    }

    /// Web-map zoom level equivalent (0 = the world in 256 px; each level doubles).
    /// Decides which rivers, lakes and cities are detailed enough to draw.
    pub fn zoom(&self) -> f64 {
        (WORLD_WIDTH_M / self.m_per_px / 256.0).log2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trips() {
        for &(lon, lat) in &[(0.0, 0.0), (37.1343, 36.2021), (-122.4, 37.8), (179.0, -60.0)] {
            let (x, y) = mercator(lon, lat);
            let (lon2, lat2) = inverse_mercator(x, y);
            assert!((lon - lon2).abs() < 1e-9 && (lat - lat2).abs() < 1e-9);
        }
    }

    #[test]
    fn fit_keeps_the_minimum_span_around_a_point() {
        let p = Projection::fit(800, 600, [37.13, 36.2, 37.13, 36.2], [0.0, 0.0, 800.0, 600.0], 60_000.0);
        let km_high = p.ground_m_per_px(36.2) * 600.0 / 1000.0;
        assert!((km_high - 60.0).abs() < 1.0, "{km_high}");
        let (x, y) = p.to_px(37.13, 36.2);
        assert!((x - 400.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6);
    }
}
