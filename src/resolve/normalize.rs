//! Name normalisation shared by the gazetteer builder (`build.rs`) and the matcher.
//!
//! Both sides must agree byte for byte, so this file depends on nothing but `std` and
//! `unicode-normalization` and is compiled into the build script too.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalise a place name or a run of text tokens into a lookup key:
/// NFKD, combining marks dropped (Ḩalab → halab), lower case, apostrophes and quotes
/// dropped (Shi'a → shia), hyphens/underscores/slashes and runs of white space → one space.
/// Dots are kept so that abbreviations stay distinct ("u.s." is not "us").
///
/// ```
/// use conflictmap::resolve::normalize::normalize;
/// assert_eq!(normalize("Deir ez-Zor"), "deir ez zor");
/// assert_eq!(normalize("Ḩalab"), "halab");
/// assert_eq!(normalize("  Al–Bab "), "al bab");
/// assert_eq!(normalize("U.S."), "u.s.");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] appending to a reusable buffer (no allocation when it has room).
pub fn normalize_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    for c in s.chars() {
        match normalize_char(c, out, pending_space && out.len() > start) {
            Piece::Separator => pending_space = true,
            Piece::Skip => {}
            Piece::Text => pending_space = false,
        }
    }
}

/// What one input character contributed to a normalised key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Nothing (apostrophes, combining marks).
    Skip,
    /// A separator (space, hyphen, slash): becomes one space before the next text.
    Separator,
    /// Text was appended (preceded by one space if `space_first` was set).
    Text,
}

/// Normalise one character, appending its text to `out`; when it has text and
/// `space_first` is set, a single space goes first. The streaming form of [`normalize`],
/// used to normalise a whole article once while keeping a map back to character offsets.
pub fn normalize_char(c: char, out: &mut String, space_first: bool) -> Piece {
    // fast path: ASCII needs no decomposition
    if c.is_ascii() {
        return match c {
            '\'' | '`' | '"' => Piece::Skip,
            '-' | '_' | '/' => Piece::Separator,
            c if c.is_ascii_whitespace() => Piece::Separator,
            c => {
                if space_first {
                    out.push(' ');
                }
                out.push(c.to_ascii_lowercase());
                Piece::Text
            }
        };
    }
    let mut piece = Piece::Skip;
    let mut first = true;
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '"' | '“' | '”' => continue,
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '_' | '/' => {
                if piece == Piece::Skip {
                    piece = Piece::Separator;
                }
                continue;
            }
            d if d.is_whitespace() => {
                if piece == Piece::Skip {
                    piece = Piece::Separator;
                }
                continue;
            }
            _ => {}
        }
        if first && space_first {
            out.push(' ');
        }
        first = false;
        piece = Piece::Text;
        match d {
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
            d => out.extend(d.to_lowercase()),
        }
    }
    piece
}

/// The key with all spaces removed: "deir ez zor" → "deirezzor", so that
/// Deir Ezzor and Deir ez-Zor meet. Returns `None` when it equals the key.
pub fn squash(key: &str) -> Option<String> {
    if key.contains(' ') {
        Some(key.chars().filter(|c| *c != ' ').collect())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_and_space_variants_meet_when_squashed() {
        let a = normalize("Deir ez-Zor");
        let b = normalize("Deir Ezzor");
        assert_ne!(a, b);
        assert_eq!(squash(&a), squash(&b));
        assert_eq!(squash(&a).as_deref(), Some("deirezzor"));
    }

    #[test]
    fn arabic_script_is_kept() {
        assert_eq!(normalize("حلب"), "حلب");
    }

    #[test]
    fn apostrophes_dropped() {
        assert_eq!(normalize("Ma’arrat al-Nu'man"), "maarrat al numan");
    }
}
