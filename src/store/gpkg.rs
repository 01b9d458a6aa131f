//! GeoPackage binary geometry for the `events.geom` column.
//!
//! Layout (GeoPackage 1.4 §2.1.3): magic `GP`, version 0, a flags byte, the srs_id as
//! int32, an optional envelope, then a WKB geometry. Points get no envelope (it would
//! only repeat the point), so the blob is always 8 + 21 = 29 bytes.

/// The only SRS conflictmap stores: WGS 84 lon/lat.
pub const SRS_ID_WGS84: i32 = 4326;

/// Flags byte: bit 0 = little-endian header, bits 1–3 = envelope type 0 (none),
/// bit 4 = not empty, bit 5 = standard (not extended) GeoPackage binary.
const FLAGS_LE_NO_ENVELOPE: u8 = 0b0000_0001;

/// WKB geometry type code for a 2D Point.
const WKB_POINT: u32 = 1;

/// Length of a point blob made by [`point_blob`].
pub const POINT_BLOB_LEN: usize = 29;

/// GeoPackage binary for a WGS 84 point.
///
/// # Units
/// `lon`, `lat` in decimal degrees (EPSG:4326, written x = lon, y = lat).
pub fn point_blob(lon: f64, lat: f64) -> [u8; POINT_BLOB_LEN] {
    let mut blob = [0u8; POINT_BLOB_LEN];
    blob[0..2].copy_from_slice(b"GP");
    blob[2] = 0; // version 1 of the format is written as 0
    blob[3] = FLAGS_LE_NO_ENVELOPE;
    blob[4..8].copy_from_slice(&SRS_ID_WGS84.to_le_bytes());
    blob[8] = 1; // WKB byte order: little-endian
    blob[9..13].copy_from_slice(&WKB_POINT.to_le_bytes());
    blob[13..21].copy_from_slice(&lon.to_le_bytes());
    blob[21..29].copy_from_slice(&lat.to_le_bytes());
    blob
}

/// The point in a GeoPackage binary geometry, if it holds a non-empty 2D (or Z/M) point.
///
/// # Units
/// `(x, y)` as stored: `(lon, lat)` in degrees for EPSG:4326.
///
/// ```
/// use conflictmap::store::{point_blob, point_from_blob};
/// assert_eq!(point_from_blob(&point_blob(37.13, 36.2)), Some((37.13, 36.2)));
/// assert_eq!(point_from_blob(b"not a geometry"), None);
/// ```
pub fn point_from_blob(blob: &[u8]) -> Option<(f64, f64)> {
    if blob.len() < 8 || &blob[0..2] != b"GP" || blob[3] & 0b1_0000 != 0 {
        return None;
    }
    let envelope = match (blob[3] >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return None,
    };
    let wkb = blob.get(8 + envelope..)?;
    let le = *wkb.first()? == 1;
    let word = |at: usize| -> Option<[u8; 4]> { wkb.get(at..at + 4)?.try_into().ok() };
    let raw_type = if le {
        u32::from_le_bytes(word(1)?)
    } else {
        u32::from_be_bytes(word(1)?)
    };
    if (raw_type & 0x0FFF_FFFF) % 1000 != 1 {
        return None;
    }
    let float = |at: usize| -> Option<f64> {
        let raw: [u8; 8] = wkb.get(at..at + 8)?.try_into().ok()?;
        Some(if le {
            f64::from_le_bytes(raw)
        } else {
            f64::from_be_bytes(raw)
        })
    };
    let (x, y) = (float(5)?, float(13)?);
    (!x.is_nan() && !y.is_nan()).then_some((x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_blob_header_bytes_follow_the_geopackage_spec() {
        let blob = point_blob(37.1343, 36.2021);
        assert_eq!(&blob[0..2], b"GP", "magic");
        assert_eq!(blob[2], 0, "version");
        assert_eq!(
            blob[3], 0x01,
            "flags: little-endian, no envelope, not empty, standard"
        );
        assert_eq!(
            &blob[4..8],
            &[0xE6, 0x10, 0x00, 0x00],
            "srs_id 4326 little-endian"
        );
        assert_eq!(blob[8], 0x01, "WKB little-endian");
        assert_eq!(&blob[9..13], &[1, 0, 0, 0], "WKB type Point");
        assert_eq!(
            f64::from_le_bytes(blob[13..21].try_into().unwrap()),
            37.1343,
            "x = lon"
        );
        assert_eq!(
            f64::from_le_bytes(blob[21..29].try_into().unwrap()),
            36.2021,
            "y = lat"
        );
    }
}
