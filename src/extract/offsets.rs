//! Character offsets: every span in `extract` counts Unicode scalar values (`char`s), not bytes.
//!
//! The evaluation formats (`bench/`, GeoWebNews, LGL) count characters, and so do the spans we store,
//! so regex byte offsets are converted once, here.
//!
//! ```
//! use conflictmap::extract::offsets::{byte_to_char, char_to_byte, char_slice};
//! let s = "Ḩalab: clashes";
//! assert_eq!(byte_to_char(s, 3), 1);          // 'Ḩ' is three bytes
//! assert_eq!(char_to_byte(s, 1), 3);
//! assert_eq!(char_slice(s, 7, 14), "clashes");
//! ```

/// Character offset of byte offset `byte` in `text` (which must lie on a char boundary;
/// a byte inside a char counts as that char's start). Past the end → the char count.
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices().take_while(|&(b, _)| b < byte).count()
}

/// Byte offset of character offset `ch` in `text`. Past the end → `text.len()`.
pub fn char_to_byte(text: &str, ch: usize) -> usize {
    text.char_indices().nth(ch).map_or(text.len(), |(b, _)| b)
}

/// The substring between character offsets `start..end` (clamped to the text).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let b0 = char_to_byte(text, start);
    let b1 = char_to_byte(text, end.max(start));
    &text[b0..b1]
}

/// A byte→char table for one string, for converting many offsets in O(log n) each.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char, plus `text.len()` at the end.
    char_bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut char_bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_bytes.push(text.len());
        CharIndex { char_bytes }
    }

    /// Character offset of a byte offset (a byte inside a char maps to that char).
    pub fn char_of(&self, byte: usize) -> usize {
        match self.char_bytes.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of a character offset (clamped to the end).
    pub fn byte_of(&self, ch: usize) -> usize {
        self.char_bytes[ch.min(self.char_bytes.len() - 1)]
    }

    /// Number of characters in the text.
    pub fn len_chars(&self) -> usize {
        self.char_bytes.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_chars_not_bytes() {
        let s = "Deir ez-Zor — “shelled” again";
        let idx = CharIndex::new(s);
        let b = s.find("shelled").unwrap();
        let c = idx.char_of(b);
        assert_eq!(c, byte_to_char(s, b));
        assert_eq!(char_slice(s, c, c + 7), "shelled");
        assert_eq!(idx.byte_of(c), b);
        assert_eq!(idx.len_chars(), s.chars().count());
        assert_eq!(char_to_byte(s, 10_000), s.len());
    }
}
