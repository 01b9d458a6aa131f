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

/// [`haversine_km`] given `cos_lats`, the product of the two latitudes' cosines
/// (`lat1.to_radians().cos() * lat2.to_radians().cos()`): a caller comparing one point with
/// many keeps each point's cosine instead of computing both again for every pair. The same
/// operations in the same order as `geo`'s haversine, so the same result to the last bit.
///
/// # Units
/// Inputs in decimal degrees (`lon` first), output in kilometres.
pub fn haversine_km_with_cos(lon1: f64, lat1: f64, lon2: f64, lat2: f64, cos_lats: f64) -> f64 {
    let delta_theta = (lat2 - lat1).to_radians();
    let delta_lambda = (lon2 - lon1).to_radians();
    let a = (delta_theta / 2.0).sin().powi(2) + cos_lats * (delta_lambda / 2.0).sin().powi(2);
    let c = 2.0 * a.sqrt().asin();
    Haversine.radius() * c / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_with_cosines_is_haversine_to_the_bit() {
        let cos = |lat: f64| lat.to_radians().cos();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |range: f64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 * range - range
        };
        for _ in 0..20_000 {
            let (lon1, lat1) = (next(180.0), next(90.0));
            // near pairs (the proximity pass) and far ones
            let (lon2, lat2) = if next(1.0) > 0.0 { (lon1 + next(3.0), (lat1 + next(2.5)).clamp(-90.0, 90.0)) } else { (next(180.0), next(90.0)) };
            let d = haversine_km(lon1, lat1, lon2, lat2);
            assert_eq!(d.to_bits(), haversine_km_with_cos(lon1, lat1, lon2, lat2, cos(lat1) * cos(lat2)).to_bits(), "{lon1} {lat1} {lon2} {lat2}");
        }
    }
}
