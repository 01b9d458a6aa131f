//! A small, fast, non-cryptographic hasher for the per-article maps of the geoparser
//! (short keys, no untrusted-input DoS concern): the multiply-rotate scheme of rustc's FxHasher.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: one multiply and rotate per 8 bytes.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // the tail little-endian and zero-padded, gathered byte by byte: a copy of its
            // few bytes into a zeroed buffer is a `memcpy` call, dearer than the hash itself
            let mut word = 0u64;
            for (i, b) in rest.iter().enumerate() {
                word |= (*b as u64) << (8 * i);
            }
            self.add(word);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// [`FxHasher`] with its last step's well-mixed high bits rotated down to the low ones, for
/// look-up tables that nothing iterates (word lists, packed words, memos).
///
/// The hash table picks a key's bucket by the hash's low bits, and after Fx's last multiply
/// those depend only on the low bits of what was mixed in: for a packed word, its first
/// letters. Words sharing them crowded a few buckets, and a look-up probed group after group
/// (rustc's own FxHasher rotates the same way). The hash values differ from [`FxHasher`]'s, so
/// a table's order does too: only tables whose order no output reads use it.
#[derive(Default, Clone, Copy)]
pub struct FxLookupHasher(FxHasher);

impl Hasher for FxLookupHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0.add(i);
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        // (two words, not the bytes' chunk loop)
        self.0.add(i as u64);
        self.0.add((i >> 64) as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0.hash.rotate_left(26)
    }
}

/// A `HashMap` with [`FxLookupHasher`]: for look-ups only (its order is not [`FxHashMap`]'s).
pub type FxLookupMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxLookupHasher>>;
/// A `HashSet` with [`FxLookupHasher`]: for look-ups only.
pub type FxLookupSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxLookupHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of every length of tail is the one of the tail copied into a zeroed buffer
    /// (map orders, and so outputs, depend on the hash values).
    #[test]
    fn a_tail_hashes_as_its_zero_padded_word() {
        let bytes: Vec<u8> = (1..=23u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=bytes.len() {
            let mut h = FxHasher::default();
            h.write(&bytes[..n]);
            let mut want = FxHasher::default();
            let mut chunks = bytes[..n].chunks_exact(8);
            for c in &mut chunks {
                want.add(u64::from_le_bytes(c.try_into().unwrap()));
            }
            if !chunks.remainder().is_empty() {
                let mut buf = [0u8; 8];
                buf[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
                want.add(u64::from_le_bytes(buf));
            }
            assert_eq!(h.finish(), want.finish(), "{n} bytes");
        }
    }
}
