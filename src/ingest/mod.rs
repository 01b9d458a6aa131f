//! Read news into [`Article`]s: plain text, HTML (main text only), JSON lines, RSS/Atom.
//!
//! One entry point per kind of input: [`read_path`] for a file (or `-` for stdin) and
//! [`read_bytes`] for bytes already in memory. Both check that the input is text (UTF-8, not
//! binary, not empty), pick the format ([`IngestOptions::format`], else the content, else the
//! extension), and cut boilerplate so that `Article::text` holds the story alone: the character
//! offsets later stages record point into exactly that text.
//!
//! ```
//! use conflictmap::ingest::{read_bytes, IngestOptions, SourceFormat};
//! let text = "Clashes near the river port\n\n\
//!             Fighting broke out near the river port on Monday, residents said.\n\n\
//!             More from the Ledger\n\nAn unrelated story";
//! let articles = read_bytes(text.as_bytes(), "clash.txt", &IngestOptions::default()).unwrap();
//! assert_eq!(articles[0].title, "Clashes near the river port");
//! assert_eq!(articles[0].text, "Fighting broke out near the river port on Monday, residents said.");
//! assert_eq!(articles[0].format, SourceFormat::Text);
//! ```

mod date;
mod feed;
mod html;
mod jsonl;
mod markup;
mod text;

pub use date::parse_date;

use crate::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

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

/// Fetch an article (a page, a feed, JSON lines) over HTTP(S) and read it like a file; the
/// URL becomes the article's `url` unless the document or `opts` give one.
pub fn read_url(url: &str, opts: &IngestOptions) -> Result<Vec<Article>> {
    let fetched = crate::net::get(url).map_err(|e| Error::Input {
        location: url.to_string(),
        message: format!("cannot fetch: {e}"),
        hint: Some("check the address and the network, or save the page and ingest the file".into()),
    })?;
    let mut opts = opts.clone();
    if opts.format.is_none() {
        let ct = fetched.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        opts.format = if ct.contains("html") {
            Some(SourceFormat::Html)
        } else if ct.contains("rss") || ct.contains("atom") {
            Some(SourceFormat::Feed)
        } else {
            None
        };
    }
    let mut articles = read_bytes(&fetched.body, url, &opts)?;
    for a in &mut articles {
        if a.url.is_empty() {
            a.url = url.to_string();
        }
    }
    Ok(articles)
}

/// Read the articles in a file, or in standard input when `path` is `-`.
///
/// Errors: the file cannot be read ([`Error::Io`]); it is a directory, empty, binary, not UTF-8,
/// or its content is malformed for its format ([`Error::Input`], naming the file).
pub fn read_path(path: &Path, opts: &IngestOptions) -> Result<Vec<Article>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        return read_bytes(&bytes, "-", opts);
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::input(
            path.display().to_string(),
            "is a directory; ingest reads one file at a time",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&bytes, &path.display().to_string(), opts)
}

/// Read the articles in `bytes`. `source` names them in errors and in [`Article::source`]
/// (a path, `-`, or a URL); its extension helps choose the format.
pub fn read_bytes(bytes: &[u8], source: &str, opts: &IngestOptions) -> Result<Vec<Article>> {
    let content = decode(bytes, source)?;
    let format = opts.format.unwrap_or_else(|| sniff(content, source));
    match format {
        SourceFormat::Text => {
            let cleaned = text::clean(content, true);
            let title = cleaned.headline.unwrap_or_default();
            let page =
                html::Page { title, url: String::new(), published: None, text: cleaned.text };
            single(page, source, format, opts)
        }
        SourceFormat::Html => single(html::read_page(content), source, format, opts),
        SourceFormat::Jsonl => jsonl::read(content, source, opts),
        SourceFormat::Feed => feed::read(content, source, opts),
    }
}

/// An input holding one article: the caller's options win over the document's metadata, and
/// a story that came out empty is an error rather than an article that yields nothing.
fn single(
    page: html::Page,
    source: &str,
    format: SourceFormat,
    opts: &IngestOptions,
) -> Result<Vec<Article>> {
    if page.text.is_empty() {
        return Err(Error::input_hint(
            location(source),
            "no article text found (everything left was boilerplate)",
            match format {
                SourceFormat::Html => {
                    "if the page loads its story with JavaScript, save it after it has loaded, \
                     or pass the story as text"
                }
                _ => "the file should hold the story's paragraphs",
            },
        ));
    }
    Ok(vec![Article {
        source: source.to_string(),
        url: opts.url.clone().unwrap_or(page.url),
        title: opts.title.clone().unwrap_or(page.title),
        published: opts.published.or(page.published),
        text: page.text,
        format,
        id: String::new(),
    }])
}

/// How errors name a source: stdin by name, everything else as given.
fn location(source: &str) -> String {
    if source == "-" {
        "<stdin>".to_string()
    } else {
        source.to_string()
    }
}

/// Check that `bytes` are text we can read and return them as `&str` (without a BOM).
fn decode<'a>(bytes: &'a [u8], source: &str) -> Result<&'a str> {
    let input =
        |message: String, hint: &str| Err(Error::input_hint(location(source), message, hint));
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return input(
            "is UTF-16 text; conflictmap reads UTF-8".into(),
            "convert it, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`",
        );
    }
    if bytes.starts_with(b"%PDF-") {
        return input(
            "is a PDF, not text".into(),
            "extract its text first, e.g. `pdftotext FILE FILE.txt`",
        );
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return input("is gzip-compressed".into(), "decompress it first, e.g. `gunzip FILE`");
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return input(
            format!("looks like binary data (NUL byte at offset {at}), not text"),
            "ingest reads text, HTML, JSON lines and RSS/Atom files",
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let content = std::str::from_utf8(bytes).map_err(|e| {
        Error::input_hint(
            location(source),
            format!("is not valid UTF-8 (first bad byte at offset {})", e.valid_up_to()),
            "convert it to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`",
        )
    })?;
    if content.trim().is_empty() {
        let what = if content.is_empty() { "is empty" } else { "is empty (only whitespace)" };
        return Err(Error::input(location(source), what));
    }
    let sample: Vec<char> = content.chars().take(4096).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    if controls * 10 > sample.len() {
        return input(
            "looks like binary data (mostly control characters), not text".into(),
            "ingest reads text, HTML, JSON lines and RSS/Atom files",
        );
    }
    Ok(content)
}

/// Choose the format: unambiguous markup at the top of the content first, then the extension,
/// then the first character (`{` → JSON lines, `<` → HTML), else plain text.
fn sniff(content: &str, source: &str) -> SourceFormat {
    let head: String =
        content.trim_start().chars().take(2048).collect::<String>().to_ascii_lowercase();
    let is_feed = |h: &str| h.contains("<rss") || h.contains("<feed") || h.contains("<rdf:rdf");
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return SourceFormat::Html;
    }
    if head.starts_with("<rss") || head.starts_with("<feed") || head.starts_with("<rdf:rdf") {
        return SourceFormat::Feed;
    }
    if head.starts_with("<?xml") {
        return if !is_feed(&head) && head.contains("<html") {
            SourceFormat::Html
        } else {
            SourceFormat::Feed
        };
    }
    let path = source.split(['?', '#']).next().unwrap_or(source);
    let ext = Path::new(path).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return SourceFormat::Html,
        Some("rss" | "atom" | "xml") => return SourceFormat::Feed,
        Some("jsonl" | "ndjson" | "json") => return SourceFormat::Jsonl,
        Some("txt" | "text") => return SourceFormat::Text,
        _ => {}
    }
    if head.starts_with('{') {
        SourceFormat::Jsonl
    } else if head.starts_with('<')
        && ["<body", "<div", "<p>", "<p ", "<article", "<head"].iter().any(|t| head.contains(t))
    {
        SourceFormat::Html
    } else {
        SourceFormat::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(name)
    }

    fn err(bytes: &[u8], source: &str) -> String {
        read_bytes(bytes, source, &IngestOptions::default()).unwrap_err().to_string()
    }

    #[test]
    fn invalid_utf8_names_the_source_and_byte_offset() {
        let e = err(b"Clashes in the old city\xE9 continued.", "latin1.txt");
        assert!(e.starts_with("latin1.txt: is not valid UTF-8"), "{e}");
        assert!(e.contains("offset 23"), "{e}");
    }

    #[test]
    fn empty_and_whitespace_only_inputs_are_errors() {
        assert_eq!(err(b"", "empty.txt"), "empty.txt: is empty");
        assert_eq!(err(b" \n\t\r\n", "-"), "<stdin>: is empty (only whitespace)");
    }

    #[test]
    fn binary_inputs_are_errors() {
        let e = err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.txt");
        assert!(e.starts_with("photo.txt: looks like binary data (NUL byte at offset 8)"), "{e}");
        let e = err(&[0x01, 0x02, 0x03, 0x04, b'a', 0x05, 0x06, 0x07], "blob");
        assert!(e.starts_with("blob: looks like binary data (mostly control"), "{e}");
        assert!(err(b"\xFF\xFEh\0i\0", "utf16.txt").contains("UTF-16"));
    }

    #[test]
    fn missing_file_and_directory() {
        let missing =
            read_path(&fixture("no-such-file.txt"), &IngestOptions::default()).unwrap_err();
        assert!(matches!(missing, Error::Io { .. }), "{missing}");
        assert!(missing.to_string().contains("no-such-file.txt"), "{missing}");
        let dir = read_path(&fixture(""), &IngestOptions::default()).unwrap_err().to_string();
        assert!(dir.contains("ingest") && dir.contains("is a directory"), "{dir}");
    }

    #[test]
    fn format_from_content_then_extension() {
        let cases = [
            ("<!DOCTYPE html><html><p>x</p>", "a.txt", SourceFormat::Html),
            ("<?xml version=\"1.0\"?><rss version=\"2.0\">", "feed", SourceFormat::Feed),
            ("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "-", SourceFormat::Feed),
            ("<div><p>Fragment</p></div>", "page.htm", SourceFormat::Html),
            ("{\"text\": \"x\"}", "-", SourceFormat::Jsonl),
            ("Plain words.", "notes.md", SourceFormat::Text),
            ("<body><p>Saved without a doctype</p>", "-", SourceFormat::Html),
            ("{\"text\": \"x\"}", "https://example.org/a.txt?x=1", SourceFormat::Text),
            ("[UPDATE] Rebels withdrew.", "-", SourceFormat::Text),
        ];
        for (content, source, want) in cases {
            assert_eq!(sniff(content, source), want, "{source}: {content}");
        }
    }

    #[test]
    fn options_override_a_single_article() {
        let opts = IngestOptions {
            published: NaiveDate::from_ymd_opt(2013, 5, 16),
            url: Some("https://example.org/story".into()),
            title: Some("Given title".into()),
            format: None,
        };
        let a = &read_path(&fixture("more-from-block.txt"), &opts).unwrap()[0];
        assert_eq!(a.title, "Given title");
        assert_eq!(a.published, opts.published);
        assert_eq!(a.url, "https://example.org/story");
        assert!(a.text.starts_with("Artillery fire struck"));
        assert!(a.source.ends_with("more-from-block.txt"));
    }

    #[test]
    fn forced_format_skips_detection() {
        let opts = IngestOptions { format: Some(SourceFormat::Text), ..Default::default() };
        let a = &read_bytes(b"<p>Shown as typed, tags and all.</p>", "x.html", &opts).unwrap()[0];
        assert_eq!(a.text, "<p>Shown as typed, tags and all.</p>");
    }

    #[test]
    fn html_news_page_through_read_path() {
        let a = &read_path(&fixture("news-page.html"), &IngestOptions::default()).unwrap()[0];
        assert_eq!(a.format, SourceFormat::Html);
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2021, 3, 14));
        assert!(a.text.starts_with("Two people were killed"), "{}", a.text);
    }

    #[test]
    fn truncated_inputs_do_not_panic() {
        for name in ["news-page.html", "json-ld.html", "feed.rss", "feed.atom", "articles.jsonl"] {
            let s = std::fs::read_to_string(fixture(name)).unwrap();
            for (i, _) in s.char_indices().step_by(53) {
                let _ = read_bytes(&s.as_bytes()[..i], name, &IngestOptions::default());
                let _ = read_bytes(&s.as_bytes()[i..], name, &IngestOptions::default());
            }
        }
    }

    #[test]
    fn a_page_with_no_story_is_an_error() {
        let e = err(b"<html><body><nav><a href=/>Home</a></nav></body></html>", "index.html");
        assert!(e.starts_with("index.html: no article text found"), "{e}");
    }
}
