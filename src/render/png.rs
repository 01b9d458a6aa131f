//! A small PNG encoder for 8-bit RGB buffers (flate2 does the compression and the CRC), so the render
//! stage returns bytes without writing a file and without another image crate.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};

use crate::{Error, Result};

/// Encode a row-major RGB8 buffer as PNG. Every row uses the "Up" filter, which suits maps and charts
/// (large flat areas, vertical repetition) and keeps encoding fast.
pub(crate) fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>> {
    let row = width as usize * 3;
    if width == 0 || height == 0 || rgb.len() != row * height as usize {
        return Err(Error::Render(format!("PNG encoder: buffer of {} bytes is not {width}×{height} RGB", rgb.len())));
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit, truecolour, deflate, adaptive filters, no interlace

    let mut z = ZlibEncoder::new(Vec::with_capacity(rgb.len() / 10), Compression::new(4));
    let mut line = vec![0u8; row + 1];
    let mut prev: &[u8] = &[];
    for cur in rgb.chunks_exact(row) {
        if prev.is_empty() {
            line[0] = 0;
            line[1..].copy_from_slice(cur);
        } else {
            line[0] = 2;
            for ((o, &c), &p) in line[1..].iter_mut().zip(cur).zip(prev) {
                *o = c.wrapping_sub(p);
            }
        }
        z.write_all(&line).map_err(|e| Error::Render(format!("PNG encoder: {e}")))?;
        prev = cur;
    }
    let idat = z.finish().map_err(|e| Error::Render(format!("PNG encoder: {e}")))?;

    let mut out = Vec::with_capacity(idat.len() + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    Ok(out)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}
