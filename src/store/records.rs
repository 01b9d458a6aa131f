//! The article and mention records the store keeps next to events.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// One ingested article. The store keeps one row per distinct `content_hash`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRecord {
    pub url: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    /// Where the text was read from (file path, feed URL …).
    pub source_path: String,
    pub text: String,
    /// Hex SHA-256 of `text` (see [`content_hash`]); re-ingesting the same text is a no-op.
    pub content_hash: String,
    /// Input format the article came in ("text", "html", "jsonl" …).
    pub format: String,
}

/// A place mention in an article and how the resolver decided it.
///
/// # Units
/// `start`/`end` are Unicode scalar offsets into the article text; `lon`/`lat` are
/// WGS 84 degrees, `None` when the mention was not resolved to a place.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRecord {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub geonameid: Option<i64>,
    pub name: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub country_code: String,
    pub admin1: String,
    pub feature_code: String,
    pub score: f64,
    /// The ranking pass that decided this mention.
    pub pass: String,
    pub sentence_index: usize,
}

/// Hex SHA-256 of an article's text: the value [`ArticleRecord::content_hash`] must hold.
///
/// ```
/// assert_eq!(
///     conflictmap::store::content_hash(""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}
