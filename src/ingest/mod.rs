//! Read news into [`Article`]s: plain text, HTML (main text only), JSON lines, RSS/Atom.

mod date;
mod html;
mod markup;
mod text;

pub use date::parse_date;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The input format an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Jsonl,
    Feed,
}

/// One news article, boilerplate removed, ready for extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Where it was read from: a path, `-` for stdin, or a URL; with `:LINE` for JSON lines.
    pub source: String,
    /// The article's URL if known (from `--url`, metadata or the feed), else empty.
    pub url: String,
    pub title: String,
    /// Publication date, from `--published` or the document's metadata.
    pub published: Option<NaiveDate>,
    /// The article's own story text only (menus, captions, "More from…" blocks cut).
    pub text: String,
    pub format: SourceFormat,
}
