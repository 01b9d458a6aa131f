//! Read news into [`Article`]s: plain text, HTML (main text only), JSON lines, RSS/Atom.

mod date;
mod feed;
mod html;
mod jsonl;
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
    /// Where it was read from: a path, `-` for stdin, or a URL; with `:LINE` for JSON lines
    /// and `#N` (1-based) for the Nth item of a feed.
    pub source: String,
    /// The article's URL if known (from `--url`, metadata or the feed), else empty.
    pub url: String,
    pub title: String,
    /// Publication date, from `--published` or the document's metadata.
    pub published: Option<NaiveDate>,
    /// The article's own story text only (menus, captions, "More from…" blocks cut).
    pub text: String,
    pub format: SourceFormat,
    /// The record's own identifier, if it has one: JSON lines `id`, RSS `guid`, Atom `id`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
}

/// What the caller knows better than the document.
///
/// For a single-article input (text, HTML) a given field replaces what the document says.
/// For JSON lines and feeds, which hold many articles, it only fills in a record that lacks it.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Skip format detection.
    pub format: Option<SourceFormat>,
}

/// How errors name a source: stdin by name, everything else as given.
fn location(source: &str) -> String {
    if source == "-" {
        "<stdin>".to_string()
    } else {
        source.to_string()
    }
}
