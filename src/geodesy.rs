//! Distances on the Earth, for ranking (proximity), linking (facilities) and queries
//! (`--near`). One implementation, from the `geo` crate.

use geo::{Distance, Haversine, Point};

/// Great-circle distance by the haversine formula on a sphere of the mean Earth radius
/// (6,371,008.8 m, as `geo` uses).
///
/// # Units
/// Inputs in decimal degrees (`lon` first), output in kilometres.
///
/// ```
/// use conflictmap::geodesy::haversine_km;
/// let d = haversine_km(37.1343, 36.2021, 36.2913, 33.5102); // Aleppo → Damascus
/// assert!((d - 309.0).abs() < 1.0);
/// ```
pub fn haversine_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}
