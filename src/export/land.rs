//! The land layer of the HTML export: Natural Earth countries (the PNG maps' basemap,
//! data/basemap/countries.geojson.gz), simplified so a page carries the whole world in a
//! few hundred kilobytes and needs no tile server.

use std::io::{self, Read};
use std::sync::OnceLock;

use serde_json::Value;

const COUNTRIES_GZ: &[u8] = include_bytes!("../../data/basemap/countries.geojson.gz");

/// Douglas–Peucker tolerance, and the size below which an island is dropped.
///
/// # Units
/// Degrees (0.04° ≈ 4.4 km at the equator: invisible below zoom 7).
const TOLERANCE_DEG: f64 = 0.04;

/// The world's land as a GeoJSON FeatureCollection of MultiPolygons, coordinates rounded
/// to 2 decimals. Built once per process.
pub(super) fn land_geojson() -> io::Result<&'static str> {
    static LAND: OnceLock<Result<String, String>> = OnceLock::new();
    LAND.get_or_init(|| build().map_err(|e| e.to_string()))
        .as_deref()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("embedded basemap: {e}")))
}

fn build() -> io::Result<String> {
    let mut text = Vec::with_capacity(COUNTRIES_GZ.len() * 4);
    flate2::read::GzDecoder::new(COUNTRIES_GZ).read_to_end(&mut text)?;
    let doc: Value = serde_json::from_slice(&text)?;
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    let mut first_feature = true;
    for feature in doc["features"].as_array().into_iter().flatten() {
        let geometry = &feature["geometry"];
        let polygons: Vec<&Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&geometry["coordinates"]],
            Some("MultiPolygon") => geometry["coordinates"]
                .as_array()
                .into_iter()
                .flatten()
                .collect(),
            _ => continue,
        };
        let mut kept: Vec<Vec<Vec<[f64; 2]>>> = Vec::new();
        for polygon in polygons {
            let mut rings = Vec::new();
            for (i, ring) in polygon.as_array().into_iter().flatten().enumerate() {
                let points: Vec<[f64; 2]> = ring
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some([p[0].as_f64()?, p[1].as_f64()?]))
                    .collect();
                let simple = simplify_ring(&points, TOLERANCE_DEG);
                if simple.len() >= 4 {
                    rings.push(simple);
                } else if i == 0 {
                    break; // the outer ring vanished: drop the polygon with its holes
                }
            }
            if !rings.is_empty() {
                kept.push(rings);
            }
        }
        if kept.is_empty() {
            continue;
        }
        if !first_feature {
            out.push(',');
        }
        first_feature = false;
        out.push_str("{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (pi, polygon) in kept.iter().enumerate() {
            out.push_str(if pi > 0 { ",[" } else { "[" });
            for (ri, ring) in polygon.iter().enumerate() {
                out.push_str(if ri > 0 { ",[" } else { "[" });
                for (ci, [x, y]) in ring.iter().enumerate() {
                    if ci > 0 {
                        out.push(',');
                    }
                    out.push_str(&format!("[{},{}]", round2(*x), round2(*y)));
                }
                out.push(']');
            }
            out.push(']');
        }
        out.push_str("]}}");
    }
    out.push_str("]}");
    Ok(out)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0 + 0.0
}

/// A closed ring simplified by Douglas–Peucker (the first point is kept, and repeated at
/// the end); empty when the whole ring is smaller than `tolerance`.
fn simplify_ring(ring: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if ring.len() < 4 {
        return Vec::new();
    }
    let (mut min, mut max) = (ring[0], ring[0]);
    for p in ring {
        min = [min[0].min(p[0]), min[1].min(p[1])];
        max = [max[0].max(p[0]), max[1].max(p[1])];
    }
    if max[0] - min[0] < tolerance && max[1] - min[1] < tolerance {
        return Vec::new();
    }
    // Split the closed ring at its point farthest from the start, and simplify both halves.
    let far = (1..ring.len() - 1)
        .max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b])))
        .unwrap_or(1);
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[far] = true;
    keep[ring.len() - 1] = true;
    let mut stack = vec![(0, far), (far, ring.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut best = (0.0, 0);
        for i in a + 1..b {
            let d = segment_distance(ring[i], ring[a], ring[b]);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tolerance {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    ring.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Distance from `p` to the segment `a`–`b`, in the plane of the coordinates.
fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let len2 = dist2(a, b);
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t =
        (((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simplified_world_is_small_valid_geojson() {
        let land = land_geojson().unwrap();
        assert!(land.len() < 1_500_000, "{} bytes", land.len());
        let doc: Value = serde_json::from_str(land).unwrap();
        let features = doc["features"].as_array().unwrap();
        assert!(features.len() > 150, "{}", features.len());
        for f in features {
            for polygon in f["geometry"]["coordinates"].as_array().unwrap() {
                for ring in polygon.as_array().unwrap() {
                    let ring = ring.as_array().unwrap();
                    assert!(ring.len() >= 4);
                    assert_eq!(ring.first(), ring.last(), "closed");
                }
            }
        }
    }

    #[test]
    fn simplification_keeps_corners_and_drops_specks() {
        let square: Vec<[f64; 2]> = vec![
            [0.0, 0.0],
            [0.5, 0.001],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [0.0, 0.0],
        ];
        assert_eq!(
            simplify_ring(&square, 0.01),
            vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
        );
        let speck: Vec<[f64; 2]> = vec![[0.0, 0.0], [0.01, 0.0], [0.01, 0.01], [0.0, 0.0]];
        assert!(simplify_ring(&speck, 0.04).is_empty());
    }
}
