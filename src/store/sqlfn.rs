//! SQL functions conflictmap registers on every connection to a store.
//!
//! - `ST_IsEmpty`, `ST_MinX`, `ST_MaxX`, `ST_MinY`, `ST_MaxY` on GeoPackage binary
//!   geometries: the functions the GeoPackage R*Tree triggers call (GeoPackage 1.3 §F.3).
//!   GDAL registers the same ones; plain SQLite has none, so without them nothing can be
//!   written to `events`.
//! - `haversine_km(lon1, lat1, lon2, lat2)`: great-circle distance, the one `--near` uses.
//! - `contains_ci(haystack, needle)`: Unicode case-insensitive substring test (`--actor`);
//!   SQLite's own `LIKE` folds ASCII letters only.
//!
//! All are deterministic and free of side effects, so `conflictmap sql` offers them too.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::filter::haversine_km;

const FLAGS: FunctionFlags = FunctionFlags::SQLITE_UTF8
    .union(FunctionFlags::SQLITE_DETERMINISTIC)
    .union(FunctionFlags::SQLITE_INNOCUOUS);

/// Register every function on `conn`.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    type Bound = fn(&Envelope) -> f64;
    let bounds: [(&str, Bound); 4] = [
        ("ST_MinX", |e| e.min_x),
        ("ST_MaxX", |e| e.max_x),
        ("ST_MinY", |e| e.min_y),
        ("ST_MaxY", |e| e.max_y),
    ];
    for (name, pick) in bounds {
        conn.create_scalar_function(name, 1, FLAGS, move |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Blob(blob) => envelope(blob).map(|e| pick(&e)),
                _ => None,
            })
        })?;
    }
    conn.create_scalar_function("ST_IsEmpty", 1, FLAGS, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Blob(blob) => is_empty(blob).map(i64::from),
            _ => None,
        })
    })?;
    conn.create_scalar_function("haversine_km", 4, FLAGS, |ctx| {
        let mut v = [0.0; 4];
        for (i, slot) in v.iter_mut().enumerate() {
            match ctx.get::<Option<f64>>(i)? {
                Some(x) => *slot = x,
                None => return Ok(None),
            }
        }
        Ok(Some(haversine_km((v[0], v[1]), (v[2], v[3]))))
    })?;
    conn.create_scalar_function("contains_ci", 2, FLAGS, |ctx| {
        let haystack = ctx.get::<Option<String>>(0)?;
        let needle = ctx.get::<Option<String>>(1)?;
        Ok(match (haystack, needle) {
            (Some(h), Some(n)) => Some(h.to_lowercase().contains(&n.to_lowercase())),
            _ => None,
        })
    })?;
    Ok(())
}

/// A geometry's bounding box.
///
/// # Units
/// The geometry's own coordinates (degrees for EPSG:4326).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Envelope {
    pub min_x: f64,
    pub max_x: f64,
    pub min_y: f64,
    pub max_y: f64,
}

/// Where the WKB starts in a GeoPackage binary blob, and its flags byte; `None` if the
/// blob is not GeoPackage binary.
fn gp_header(blob: &[u8]) -> Option<(usize, u8)> {
    if blob.len() < 8 || &blob[0..2] != b"GP" {
        return None;
    }
    let flags = blob[3];
    let envelope_len = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return None,
    };
    let start = 8 + envelope_len;
    (blob.len() >= start).then_some((start, flags))
}

fn f64_at(bytes: &[u8], at: usize, little_endian: bool) -> Option<f64> {
    let raw: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(if little_endian {
        f64::from_le_bytes(raw)
    } else {
        f64::from_be_bytes(raw)
    })
}

/// The envelope of a GeoPackage binary geometry: the one in its header if there is one,
/// else computed from the WKB. `None` for an empty geometry or a blob we cannot read.
pub(crate) fn envelope(blob: &[u8]) -> Option<Envelope> {
    let (start, flags) = gp_header(blob)?;
    if flags & 0b1_0000 != 0 {
        return None; // empty
    }
    if start > 8 {
        let le = flags & 1 == 1;
        let e = Envelope {
            min_x: f64_at(blob, 8, le)?,
            max_x: f64_at(blob, 16, le)?,
            min_y: f64_at(blob, 24, le)?,
            max_y: f64_at(blob, 32, le)?,
        };
        return Some(e);
    }
    let mut acc: Option<Envelope> = None;
    let mut reader = Wkb {
        bytes: blob,
        at: start,
    };
    reader.geometry(&mut acc, 0)?;
    acc
}

/// Whether a GeoPackage binary geometry is empty (the header's flag, or a point of NaNs
/// as GeoPackage encodes an empty point); `None` if the blob is not GeoPackage binary.
pub(crate) fn is_empty(blob: &[u8]) -> Option<bool> {
    let (_, flags) = gp_header(blob)?;
    Some(flags & 0b1_0000 != 0 || envelope(blob).is_none())
}

/// A cursor over WKB (ISO and EWKB dimension flags), collecting a bounding box.
struct Wkb<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Wkb<'_> {
    fn u32(&mut self, le: bool) -> Option<u32> {
        let raw: [u8; 4] = self.bytes.get(self.at..self.at + 4)?.try_into().ok()?;
        self.at += 4;
        Some(if le {
            u32::from_le_bytes(raw)
        } else {
            u32::from_be_bytes(raw)
        })
    }

    fn point(&mut self, le: bool, dims: usize, acc: &mut Option<Envelope>) -> Option<()> {
        let x = f64_at(self.bytes, self.at, le)?;
        let y = f64_at(self.bytes, self.at + 8, le)?;
        self.at += 8 * dims;
        if x.is_nan() || y.is_nan() {
            return Some(()); // an empty point adds nothing
        }
        let e = acc.get_or_insert(Envelope {
            min_x: x,
            max_x: x,
            min_y: y,
            max_y: y,
        });
        e.min_x = e.min_x.min(x);
        e.max_x = e.max_x.max(x);
        e.min_y = e.min_y.min(y);
        e.max_y = e.max_y.max(y);
        Some(())
    }

    fn geometry(&mut self, acc: &mut Option<Envelope>, depth: usize) -> Option<()> {
        if depth > 32 {
            return None;
        }
        let le = *self.bytes.get(self.at)? == 1;
        self.at += 1;
        let raw_type = self.u32(le)?;
        // EWKB: Z = 0x8000_0000, M = 0x4000_0000; ISO: +1000 Z, +2000 M, +3000 ZM.
        let ewkb_dims =
            usize::from(raw_type & 0x8000_0000 != 0) + usize::from(raw_type & 0x4000_0000 != 0);
        let iso = raw_type & 0x0FFF_FFFF;
        let (base, iso_dims) = (
            iso % 1000,
            [0, 1, 1, 2].get((iso / 1000) as usize).copied()?,
        );
        let dims = 2 + ewkb_dims + iso_dims;
        match base {
            1 => self.point(le, dims, acc),
            2 => {
                for _ in 0..self.u32(le)? {
                    self.point(le, dims, acc)?;
                }
                Some(())
            }
            3 => {
                for _ in 0..self.u32(le)? {
                    for _ in 0..self.u32(le)? {
                        self.point(le, dims, acc)?;
                    }
                }
                Some(())
            }
            4..=7 => {
                for _ in 0..self.u32(le)? {
                    self.geometry(acc, depth + 1)?;
                }
                Some(())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::gpkg::point_blob;

    fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn
    }

    #[test]
    fn st_functions_read_our_point_blobs() {
        let conn = conn();
        let blob = point_blob(37.1343, 36.2021);
        let row: (f64, f64, f64, f64, i64) = conn
            .query_row(
                "SELECT ST_MinX(?1), ST_MaxX(?1), ST_MinY(?1), ST_MaxY(?1), ST_IsEmpty(?1)",
                [&blob[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(row, (37.1343, 37.1343, 36.2021, 36.2021, 0));
    }

    #[test]
    fn st_functions_use_the_header_envelope_and_see_empty_geometries() {
        // A big-endian header with an xy envelope around a little-endian linestring.
        let mut blob = b"GP\x00\x02".to_vec(); // flags: big-endian header, envelope type 1
        blob.extend(4326i32.to_be_bytes());
        for v in [1.0f64, 3.0, -2.0, 5.0] {
            blob.extend(v.to_be_bytes());
        }
        blob.push(1);
        blob.extend(2u32.to_le_bytes());
        blob.extend(2u32.to_le_bytes());
        for v in [1.0f64, -2.0, 3.0, 5.0] {
            blob.extend(v.to_le_bytes());
        }
        assert_eq!(
            envelope(&blob),
            Some(Envelope {
                min_x: 1.0,
                max_x: 3.0,
                min_y: -2.0,
                max_y: 5.0
            })
        );
        // Without the envelope the WKB gives the same box.
        let mut bare = b"GP\x00\x01".to_vec();
        bare.extend(4326i32.to_le_bytes());
        bare.extend(&blob[40..]);
        assert_eq!(envelope(&bare), envelope(&blob));

        let mut empty = b"GP\x00\x11".to_vec(); // little-endian, empty flag
        empty.extend(4326i32.to_le_bytes());
        empty.push(1);
        empty.extend(1u32.to_le_bytes());
        empty.extend(f64::NAN.to_le_bytes());
        empty.extend(f64::NAN.to_le_bytes());
        assert_eq!(is_empty(&empty), Some(true));
        assert_eq!(envelope(&empty), None);
        assert_eq!(is_empty(b"not a geometry"), None);
        let conn = conn();
        let null: Option<f64> = conn
            .query_row("SELECT ST_MinX(x'00')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(null, None);
    }

    #[test]
    fn haversine_and_contains_ci_match_the_rust_functions() {
        let conn = conn();
        let (km, hit, miss): (f64, bool, bool) = conn
            .query_row(
                "SELECT haversine_km(37.1343, 36.2021, 36.2913, 33.5102), \
                 contains_ci('Forces de l''ÉTAT', 'état'), contains_ci('abc', 'd')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(km, haversine_km((37.1343, 36.2021), (36.2913, 33.5102)));
        assert!(hit && !miss);
    }
}
