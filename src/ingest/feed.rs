//! RSS 2.0 / RSS 1.0 and Atom feeds: each `<item>` or `<entry>` becomes an article.
//!
//! Item content (`content:encoded`, `description`, Atom `content`/`summary`) is HTML — escaped,
//! in CDATA, or as inline XHTML — and goes through the HTML fragment path, then the usual cuts
//! ("The post … appeared first on …", "Continue reading …").

use super::markup::{Doc, Mode, NodeId};
use super::{html, location, parse_date, Article, IngestOptions, SourceFormat};
use crate::{Error, Result};

pub(crate) fn read(content: &str, source: &str, opts: &IngestOptions) -> Result<Vec<Article>> {
    let doc = Doc::parse(content, Mode::Xml);
    let items: Vec<NodeId> =
        doc.elements().filter(|&(_, n)| n == "item" || n == "entry").map(|(id, _)| id).collect();
    if items.is_empty() {
        let is_feed =
            doc.elements().any(|(_, n)| matches!(n, "rss" | "feed" | "rdf:rdf" | "channel"));
        return Err(if is_feed {
            Error::input(
                location(source),
                "feed has no items (no RSS <item> or Atom <entry> elements)",
            )
        } else {
            Error::input_hint(
                location(source),
                "is not an RSS or Atom feed (no <rss>, <feed>, <item> or <entry> elements)",
                "pass --format text or html if this is an article",
            )
        });
    }
    let articles = items
        .iter()
        .enumerate()
        .map(|(k, &item)| read_item(&doc, item, format!("{source}#{}", k + 1), opts))
        .filter(|a| !a.title.is_empty() || !a.text.is_empty())
        .collect();
    Ok(articles)
}

fn read_item(doc: &Doc, item: NodeId, source: String, opts: &IngestOptions) -> Article {
    // The first child present among `names`, in order of preference.
    let child = |names: &[&str]| names.iter().find_map(|n| doc.child_elements(item, n).next());
    let title = child(&["title"]).map(|t| inline_text(doc, t)).filter(|t| !t.is_empty());
    let published = child(&["pubdate", "published", "dc:date", "updated"])
        .and_then(|d| parse_date(&doc.collapsed_text(d)));
    let text = child(&["content:encoded", "content", "description", "summary"])
        .map(|c| html::fragment_text(&markup_of(doc, c)))
        .unwrap_or_default();
    Article {
        source,
        url: item_link(doc, item).or_else(|| opts.url.clone()).unwrap_or_default(),
        title: title.or_else(|| opts.title.clone()).unwrap_or_default(),
        published: published.or(opts.published),
        text,
        format: SourceFormat::Feed,
        id: child(&["guid", "id"]).map(|g| doc.collapsed_text(g)).unwrap_or_default(),
    }
}

/// The HTML an element carries: its text (entity-decoded or CDATA) when it has only text,
/// or its source when it holds markup directly (Atom `type="xhtml"`, sloppy RSS).
fn markup_of(doc: &Doc, id: NodeId) -> String {
    let has_elements = doc.nodes[id].children.iter().any(|&c| doc.text(c).is_none());
    if has_elements {
        doc.inner_source(id).to_string()
    } else {
        doc.child_text(id)
    }
}

/// Titles are often HTML-escaped once more than XML needs (`type="html"`, `&amp;amp;`);
/// read them as HTML and keep one line of text.
fn inline_text(doc: &Doc, id: NodeId) -> String {
    html::inline_text(&markup_of(doc, id))
}

/// Atom `<link rel="alternate" href>`, else RSS `<link>` text, else a permalink `<guid>`.
fn item_link(doc: &Doc, item: NodeId) -> Option<String> {
    let links: Vec<NodeId> = doc.child_elements(item, "link").collect();
    let href = |rel_ok: &dyn Fn(&str) -> bool| {
        links.iter().find_map(|&l| {
            let href = doc.attr(l, "href")?;
            rel_ok(doc.attr(l, "rel").unwrap_or("alternate")).then(|| href.trim().to_string())
        })
    };
    href(&|rel| rel == "alternate")
        .or_else(|| href(&|_| true))
        .or_else(|| links.iter().map(|&l| doc.collapsed_text(l)).find(|t| !t.is_empty()))
        .or_else(|| {
            let guid = doc.child_elements(item, "guid").next()?;
            let text = doc.collapsed_text(guid);
            let permalink = doc.attr(guid, "ispermalink") != Some("false");
            (permalink && text.starts_with("http")).then_some(text)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/ingest/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn rss_with_two_items() {
        let articles = read(&fixture("feed.rss"), "feed.rss", &IngestOptions::default()).unwrap();
        assert_eq!(articles.len(), 2);
        let (a, b) = (&articles[0], &articles[1]);
        assert_eq!(a.source, "feed.rss#1");
        assert_eq!(a.title, "Curfew imposed after clashes in Al-Mansura");
        assert_eq!(a.url, "https://ledger.example.org/2022/07/05/curfew");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2022, 7, 5));
        assert!(a.text.starts_with("Authorities imposed a night-time curfew"), "{}", a.text);
        assert!(a.text.contains("\n\nThe interior ministry"), "{}", a.text);
        assert!(!a.text.contains("appeared first"), "{}", a.text);
        assert!(!a.text.contains("<p>") && !a.text.contains("&amp;"), "{}", a.text);
        assert_eq!(b.title, "Aid trucks reach besieged town & nearby camps");
        assert_eq!(b.published, NaiveDate::from_ymd_opt(2022, 7, 6));
        assert!(b.text.starts_with("A convoy of 14 trucks"), "{}", b.text);
        assert_eq!(b.id, "https://ledger.example.org/?p=5512");
    }

    #[test]
    fn atom_with_two_entries() {
        let articles = read(&fixture("feed.atom"), "feed.atom", &IngestOptions::default()).unwrap();
        assert_eq!(articles.len(), 2);
        let (a, b) = (&articles[0], &articles[1]);
        assert_eq!(a.title, "Drone strike hits fuel depot near the border");
        assert_eq!(a.url, "https://monitor.example.net/reports/fuel-depot");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2023, 2, 11), "published beats updated");
        assert!(a.text.starts_with("A drone struck a fuel depot"), "{}", a.text);
        assert_eq!(a.id, "tag:monitor.example.net,2023:report-311");
        assert_eq!(b.published, NaiveDate::from_ymd_opt(2023, 2, 12), "updated when no published");
        assert_eq!(
            b.text,
            "Hundreds of teachers marched to the education directorate demanding unpaid salaries."
        );
    }

    #[test]
    fn a_feed_without_items_is_an_error() {
        let e = read(
            "<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>",
            "empty.rss",
            &IngestOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "empty.rss: feed has no items (no RSS <item> or Atom <entry> elements)");
        let e = read(
            "<?xml version=\"1.0\"?><corpus><doc/></corpus>",
            "gold.xml",
            &IngestOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("gold.xml: is not an RSS or Atom feed"), "{e}");
    }
}
