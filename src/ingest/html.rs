//! HTML page → the story's own text and its metadata.
//!
//! Where the text comes from, in order: JSON-LD `articleBody`; else the `<article>` element
//! that holds most of the page's prose; else the densest block of paragraphs (a readability-lite
//! score of `<p>`-bearing containers, inside `<main>` when there is one). Menus, asides, figures,
//! captions, forms and blocks whose class or id says nav/related/share/… are removed first, and
//! link-heavy blocks inside the chosen container are skipped. The result then goes through the
//! same line rules as plain text ([`super::text::clean`]).

use super::markup::{decode_entities, Doc, Kind, Mode, NodeId};
use super::{parse_date, text};
use chrono::NaiveDate;
use serde_json::Value;

/// What a single-article document (an HTML page, a text file) yields before the caller's
/// options are applied.
#[derive(Debug)]
pub(crate) struct Page {
    pub title: String,
    pub url: String,
    pub published: Option<NaiveDate>,
    pub text: String,
}

/// Read a whole news page.
pub(crate) fn read_page(src: &str) -> Page {
    let doc = Doc::parse(src, Mode::Html);
    let meta = Meta::collect(&doc);

    let (text, roots) = match meta.ld.body.as_deref() {
        Some(body) => (body_text(body), vec![0]),
        None => {
            let a = Analysis::new(&doc);
            let roots = a.main_roots();
            (text::clean(&a.render(&roots), false).text, roots)
        }
    };
    let title = meta.title(&doc, &roots);
    Page {
        text: text::drop_leading_title(&text, &title),
        url: meta.url(),
        published: meta.published(&doc, &roots),
        title,
    }
}

/// Text of an HTML fragment (a feed item's content, an HTML `articleBody`): every block is kept
/// except the boilerplate the page rules remove.
pub(crate) fn fragment_text(src: &str) -> String {
    let doc = Doc::parse(src, Mode::Html);
    let a = Analysis::new(&doc);
    text::clean(&a.render(&[0]), false).text
}

/// One line of text from a bit of HTML (a feed item's title): tags stripped, entities decoded.
pub(crate) fn inline_text(src: &str) -> String {
    let doc = Doc::parse(src, Mode::Html);
    super::markup::collapse_whitespace(&Analysis::new(&doc).render(&[0]))
}

/// `articleBody` is plain text with newlines on most sites, HTML on some.
fn body_text(body: &str) -> String {
    if looks_like_html(body) {
        return fragment_text(body);
    }
    let decoded = decode_entities(body);
    let paragraphs: Vec<String> =
        decoded.lines().map(super::markup::collapse_whitespace).filter(|l| !l.is_empty()).collect();
    text::clean(&paragraphs.join("\n\n"), false).text
}

fn looks_like_html(s: &str) -> bool {
    ["<p", "<br", "<div", "<P", "<BR"].iter().any(|t| s.contains(t))
}

/// Elements that are never story text.
#[rustfmt::skip]
const STRUCTURAL_BOILERPLATE: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "video", "audio", "select", "button", "textarea", "input", "nav", "header", "footer", "aside",
    "figure", "figcaption", "menu", "dialog", "head", "title",
];
/// Words in a class or id that mark a block as not the story.
#[rustfmt::skip]
const BOILERPLATE_WORDS: &[&str] = &[
    "nav", "menu", "related", "recommend", "share", "sharing", "social", "comment", "newsletter",
    "promo", "advert", "ad", "ads", "footer", "sidebar", "breadcrumb", "caption", "cookie",
    "consent", "subscribe", "signup", "popup", "modal", "outbrain", "taboola", "trending",
    "mostread", "byline", "toolbar", "masthead", "banner", "widget",
];
/// Words that start like one of the above but are not boilerplate.
const STORY_WORDS_NOT_BOILERPLATE: &[&str] = &["commentary", "navy"];
/// Words in a class or id that favour a block as the story.
const STORY_WORDS: &[&str] =
    &["article", "body", "content", "entry", "main", "post", "story", "text", "blog"];
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
];
/// Containers skipped inside the story when most of their text is links.
const LINK_LIST_CONTAINERS: &[&str] = &["div", "section", "ul", "ol", "dl", "table", "p"];
/// Non-whitespace characters a block needs to count as the story.
const MIN_STORY_CHARS: usize = 120;

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Class/id words: `"article-body relatedLinks"` → `article`, `body`, `relatedlinks`.
fn class_words(doc: &Doc, id: NodeId) -> Vec<String> {
    let class = doc.attr(id, "class").unwrap_or("");
    let idattr = doc.attr(id, "id").unwrap_or("");
    format!("{class} {idattr}")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn says_boilerplate(words: &[String]) -> bool {
    words.iter().any(|w| {
        !STORY_WORDS_NOT_BOILERPLATE.iter().any(|s| w.starts_with(s))
            && BOILERPLATE_WORDS.iter().any(|b| {
                // Short words match whole ("ad", not "threads"), except "nav" ("navbar",
                // "mainnav"); longer ones as prefixes ("comments") or suffixes ("sitefooter").
                if b.len() <= 3 && *b != "nav" {
                    w == b
                } else {
                    w.starts_with(b) || w.ends_with(b)
                }
            })
    })
}

fn says_story(words: &[String]) -> bool {
    words.iter().any(|w| STORY_WORDS.iter().any(|s| w.contains(s)))
}

/// Per-node figures for choosing and rendering the story. Indexed by [`NodeId`].
struct Analysis<'d> {
    doc: &'d Doc<'d>,
    /// The node or an ancestor is boilerplate.
    removed: Vec<bool>,
    /// Visible non-whitespace characters under the node.
    text_len: Vec<usize>,
    /// Of those, the ones inside links.
    link_len: Vec<usize>,
    commas: Vec<usize>,
    /// Some descendant element is a block (so this is not a paragraph itself).
    has_block: Vec<bool>,
}

impl<'d> Analysis<'d> {
    fn new(doc: &'d Doc<'d>) -> Self {
        let n = doc.nodes.len();
        // Paragraph text before anything is removed: a weak boilerplate signal (a class name, a
        // wrapping <form>) never removes the block that holds most of the page's paragraphs.
        let mut raw_len = vec![0usize; n];
        let mut raw_p = vec![0usize; n];
        for id in (0..n).rev() {
            match &doc.nodes[id].kind {
                Kind::Text(t) => raw_len[id] = visible_chars(t),
                Kind::Element { name, .. } => {
                    if matches!(name.as_str(), "script" | "style" | "noscript" | "template") {
                        raw_len[id] = 0;
                        continue;
                    }
                    let kids = &doc.nodes[id].children;
                    raw_len[id] = kids.iter().map(|&c| raw_len[c]).sum();
                    raw_p[id] = if name == "p" {
                        raw_len[id]
                    } else {
                        kids.iter().map(|&c| raw_p[c]).sum()
                    };
                }
            }
        }
        let total_p = raw_p[0];

        let mut removed = vec![false; n];
        for id in 1..n {
            let parent = doc.nodes[id].parent.unwrap_or(0);
            removed[id] = removed[parent]
                || match &doc.nodes[id].kind {
                    Kind::Text(_) => false,
                    Kind::Element { name, .. } => {
                        STRUCTURAL_BOILERPLATE.contains(&name.as_str())
                            || (weak_boilerplate(doc, id, name) && raw_p[id] * 2 <= total_p)
                    }
                };
        }

        let mut text_len = vec![0usize; n];
        let mut link_len = vec![0usize; n];
        let mut commas = vec![0usize; n];
        let mut has_block = vec![false; n];
        for id in (0..n).rev() {
            if removed[id] {
                continue;
            }
            match &doc.nodes[id].kind {
                Kind::Text(t) => {
                    text_len[id] = visible_chars(t);
                    commas[id] = t.matches([',', '،']).count();
                }
                Kind::Element { name, .. } => {
                    for &c in doc.nodes[id].children.iter().filter(|&&c| !removed[c]) {
                        text_len[id] += text_len[c];
                        link_len[id] += link_len[c];
                        commas[id] += commas[c];
                        has_block[id] |= has_block[c] || is_block(doc.name(c));
                    }
                    if name == "a" {
                        link_len[id] = text_len[id];
                    }
                }
            }
        }
        Analysis { doc, removed, text_len, link_len, commas, has_block }
    }

    fn link_density(&self, id: NodeId) -> f64 {
        match self.text_len[id] {
            0 => 0.0,
            len => self.link_len[id] as f64 / len as f64,
        }
    }

    /// Non-link text: what a block says in its own words.
    fn story_len(&self, id: NodeId) -> usize {
        self.text_len[id] - self.link_len[id]
    }

    /// The visible element passing `is_kind` with the most prose, if it has enough to be a story.
    fn largest(&self, is_kind: impl Fn(NodeId, &str) -> bool) -> Option<NodeId> {
        self.doc
            .elements()
            .filter(|&(id, name)| !self.removed[id] && is_kind(id, name))
            .map(|(id, _)| id)
            .max_by_key(|&id| self.story_len(id))
            .filter(|&id| self.story_len(id) >= MIN_STORY_CHARS)
    }

    /// The container(s) holding the story, in document order.
    fn main_roots(&self) -> Vec<NodeId> {
        // An <article> that holds most of the page's prose (on a live blog every update is an
        // <article>, and none of them is the story alone).
        if let Some(article) = self.largest(|_, name| name == "article") {
            if self.story_len(article) * 2 >= self.story_len(0) {
                return vec![article];
            }
        }
        let main =
            self.largest(|id, name| name == "main" || self.doc.attr(id, "role") == Some("main"));
        self.densest(main.unwrap_or(0))
    }

    /// Readability-lite: each paragraph scores its parent (fully), grandparent (half) and
    /// great-grandparent (a sixth) by length and commas; a container's score is then scaled by
    /// its share of non-link text. The best container is joined by siblings that score well or
    /// read like paragraphs.
    fn densest(&self, scope: NodeId) -> Vec<NodeId> {
        let doc = self.doc;
        let n = doc.nodes.len();
        let mut score = vec![f64::NAN; n];
        for (id, name) in doc.elements() {
            let paragraph = name == "p"
                || name == "pre"
                || (matches!(name, "div" | "section" | "td" | "blockquote") && !self.has_block[id]);
            if self.removed[id] || !paragraph || self.text_len[id] < 25 || !doc.is_within(id, scope)
            {
                continue;
            }
            let points = 1.0 + self.commas[id] as f64 + (self.text_len[id] as f64 / 100.0).min(3.0);
            let mut ancestor = doc.nodes[id].parent;
            for divisor in [1.0, 2.0, 6.0] {
                let Some(a) = ancestor.filter(|&a| doc.is_within(a, scope)) else { break };
                if score[a].is_nan() {
                    let words = class_words(doc, a);
                    score[a] = if says_story(&words) { 25.0 } else { 0.0 };
                }
                score[a] += points / divisor;
                ancestor = doc.nodes[a].parent;
            }
        }
        let fin = |id: NodeId| {
            if score[id].is_nan() {
                f64::NAN
            } else {
                score[id] * (1.0 - self.link_density(id))
            }
        };
        let Some(top) =
            (0..n).filter(|&id| !score[id].is_nan()).max_by(|&a, &b| fin(a).total_cmp(&fin(b)))
        else {
            return vec![scope];
        };
        let parent = match doc.nodes[top].parent {
            Some(p) if top != scope && doc.is_within(p, scope) => p,
            _ => return vec![top],
        };
        let threshold = (fin(top) * 0.2).max(10.0);
        doc.nodes[parent]
            .children
            .iter()
            .copied()
            .filter(|&s| {
                if s == top {
                    return true;
                }
                if self.removed[s] || doc.text(s).is_some() {
                    return false;
                }
                if fin(s) >= threshold {
                    return true;
                }
                let ld = self.link_density(s);
                let len = self.text_len[s];
                doc.name(s) == "p"
                    && ((len > 80 && ld < 0.25)
                        || (len > 0 && ld == 0.0 && doc.collapsed_text(s).ends_with('.')))
            })
            .collect()
    }

    /// Skipped inside the chosen container: removed blocks, the headline, link lists, and a
    /// "Related"-style label whose box was removed.
    fn skip(&self, id: NodeId) -> bool {
        let name = self.doc.name(id);
        self.removed[id]
            || name == "h1"
            || (LINK_LIST_CONTAINERS.contains(&name) && self.link_density(id) > 0.5)
            || self.is_orphan_label(id)
    }

    fn is_orphan_label(&self, id: NodeId) -> bool {
        let doc = self.doc;
        if !matches!(doc.name(id), "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "strong")
            || self.text_len[id] > 60
            || !text::is_end_cue(&doc.collapsed_text(id))
        {
            return false;
        }
        let Some(parent) = doc.nodes[id].parent else { return false };
        let siblings = &doc.nodes[parent].children;
        let me = siblings.iter().position(|&s| s == id).unwrap_or(0);
        match siblings[me + 1..].iter().find(|&&s| doc.text(s).is_none_or(|t| !t.trim().is_empty()))
        {
            None => true,
            Some(&next) => doc.text(next).is_none() && self.skip_box(next),
        }
    }

    fn skip_box(&self, id: NodeId) -> bool {
        self.removed[id]
            || (LINK_LIST_CONTAINERS.contains(&self.doc.name(id)) && self.link_density(id) > 0.5)
    }

    /// Text of `roots`: blocks become paragraphs ("\n\n"), `<br>` a line break, whitespace
    /// collapsed, table cells separated by spaces.
    fn render(&self, roots: &[NodeId]) -> String {
        enum Step {
            Enter(NodeId),
            Leave(NodeId),
        }
        let doc = self.doc;
        let mut sink = Sink::default();
        let mut todo: Vec<Step> = roots.iter().rev().map(|&r| Step::Enter(r)).collect();
        while let Some(step) = todo.pop() {
            match step {
                Step::Enter(id) => match &doc.nodes[id].kind {
                    Kind::Text(t) => {
                        if !self.removed[id] {
                            sink.text(t);
                        }
                    }
                    Kind::Element { name, .. } => {
                        if self.skip(id) && !roots.contains(&id) {
                            continue;
                        }
                        match name.as_str() {
                            "br" => sink.line_break(),
                            "td" | "th" => sink.space(),
                            n if is_block(n) => sink.block(),
                            _ => {}
                        }
                        todo.push(Step::Leave(id));
                        todo.extend(doc.nodes[id].children.iter().rev().map(|&c| Step::Enter(c)));
                    }
                },
                Step::Leave(id) => {
                    if is_block(doc.name(id)) {
                        sink.block();
                    }
                }
            }
        }
        sink.out
    }
}

/// Signals that usually, not always, mark boilerplate (a class name can be wrong; some
/// sites wrap the whole page in a `<form>`).
fn weak_boilerplate(doc: &Doc, id: NodeId, name: &str) -> bool {
    let role = doc.attr(id, "role").unwrap_or("");
    let style = doc.attr(id, "style").unwrap_or("").replace(' ', "").to_ascii_lowercase();
    name == "form"
        || matches!(role, "navigation" | "banner" | "contentinfo" | "complementary" | "search")
        || doc.attr(id, "hidden").is_some()
        || doc.attr(id, "aria-hidden") == Some("true")
        || style.contains("display:none")
        || says_boilerplate(&class_words(doc, id))
}

fn visible_chars(t: &str) -> usize {
    t.chars().filter(|c| !c.is_whitespace()).count()
}

/// Builds text from a walk over the tree, collapsing whitespace and placing breaks.
#[derive(Default)]
struct Sink {
    out: String,
    space: bool,
    /// 0 = none, 1 = line break, 2 = paragraph break before the next character.
    breaks: u8,
}

impl Sink {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            if super::markup::is_invisible(c) {
                continue;
            }
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                match self.breaks {
                    0 if self.space => self.out.push(' '),
                    0 => {}
                    1 => self.out.push('\n'),
                    _ => self.out.push_str("\n\n"),
                }
            }
            self.breaks = 0;
            self.space = false;
            self.out.push(c);
        }
    }

    fn block(&mut self) {
        self.breaks = 2;
    }

    fn line_break(&mut self) {
        self.breaks = (self.breaks + 1).min(2);
    }

    fn space(&mut self) {
        self.space = true;
    }
}

/// The JSON-LD article object's fields we use.
#[derive(Debug, Default)]
struct LdArticle {
    body: Option<String>,
    headline: Option<String>,
    date_published: Option<String>,
    url: Option<String>,
}

/// Metadata gathered from `<head>` and the page.
#[derive(Debug, Default)]
struct Meta {
    /// `<meta>` key (property, name or itemprop, lower-cased) → content, first one wins.
    tags: Vec<(String, String)>,
    canonical: Option<String>,
    doc_title: Option<String>,
    ld: LdArticle,
}

impl Meta {
    fn collect(doc: &Doc) -> Meta {
        let mut meta = Meta::default();
        let mut ld_objects = Vec::new();
        for (id, name) in doc.elements() {
            match name {
                "title" if meta.doc_title.is_none() => {
                    meta.doc_title = Some(doc.collapsed_text(id)).filter(|t| !t.is_empty());
                }
                "meta" => {
                    let key = ["property", "name", "itemprop"]
                        .iter()
                        .find_map(|k| doc.attr(id, k))
                        .map(str::to_ascii_lowercase);
                    if let (Some(key), Some(content)) = (key, doc.attr(id, "content")) {
                        meta.tags.push((key, content.trim().to_string()));
                    }
                }
                "link" if meta.canonical.is_none() => {
                    let rel = doc.attr(id, "rel").unwrap_or("").to_ascii_lowercase();
                    if rel.split_whitespace().any(|r| r == "canonical") {
                        meta.canonical = doc.attr(id, "href").map(|h| h.trim().to_string());
                    }
                }
                "script" => {
                    let ty = doc.attr(id, "type").unwrap_or("").to_ascii_lowercase();
                    if ty.contains("ld+json") {
                        if let Some(v) = parse_json_ld(&doc.child_text(id)) {
                            flatten_ld(v, &mut ld_objects);
                        }
                    }
                }
                _ => {}
            }
        }
        meta.ld = pick_ld_article(&ld_objects);
        meta
    }

    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    fn title(&self, doc: &Doc, roots: &[NodeId]) -> String {
        let h1s: Vec<NodeId> =
            doc.elements().filter(|&(_, n)| n == "h1").map(|(id, _)| id).collect();
        let h1_in_story = h1s
            .iter()
            .find(|&&h| roots.iter().any(|&r| r != 0 && doc.is_within(h, r)))
            .map(|&h| doc.collapsed_text(h));
        let candidates = [
            self.tag("og:title").map(str::to_string),
            self.tag("twitter:title").map(str::to_string),
            self.ld.headline.clone(),
            h1_in_story,
            self.doc_title.as_deref().map(trim_site_name),
            h1s.first().map(|&h| doc.collapsed_text(h)),
        ];
        candidates
            .into_iter()
            .flatten()
            .map(|t| super::markup::collapse_whitespace(&decode_entities(&t)))
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }

    fn url(&self) -> String {
        let candidates = [self.canonical.as_deref(), self.tag("og:url"), self.ld.url.as_deref()];
        let present = || candidates.into_iter().flatten().filter(|u| !u.is_empty());
        present()
            .find(|u| u.starts_with("http://") || u.starts_with("https://"))
            .or_else(|| present().next())
            .map(str::to_string)
            .unwrap_or_default()
    }

    fn published(&self, doc: &Doc, roots: &[NodeId]) -> Option<NaiveDate> {
        let from_meta = [
            self.tag("article:published_time"),
            self.ld.date_published.as_deref(),
            self.tag("datepublished"),
            self.tag("date"),
            self.tag("pubdate"),
            self.tag("publishdate"),
            self.tag("dc.date.issued"),
            self.tag("dc.date"),
            self.tag("dcterms.created"),
            self.tag("parsely-pub-date"),
            self.tag("sailthru.date"),
            self.tag("og:published_time"),
        ];
        if let Some(d) = from_meta.iter().flatten().find_map(|s| parse_date(s)) {
            return Some(d);
        }
        // <time datetime>: the story's own first, then any on the page.
        let times: Vec<(NodeId, NaiveDate)> = doc
            .elements()
            .filter(|&(_, n)| n == "time")
            .filter_map(|(id, _)| Some((id, parse_date(doc.attr(id, "datetime")?)?)))
            .collect();
        times
            .iter()
            .find(|(id, _)| roots.iter().any(|&r| r != 0 && doc.is_within(*id, r)))
            .or(times.first())
            .map(|&(_, d)| d)
    }
}

/// "Rebels take the bridge | The Daily Ledger" → "Rebels take the bridge".
fn trim_site_name(title: &str) -> String {
    const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " » "];
    let Some(sep) = SEPARATORS.iter().find(|s| title.contains(*s)) else {
        return title.to_string();
    };
    title
        .split(*sep)
        .min_by_key(|part| std::cmp::Reverse(part.split_whitespace().count()))
        .filter(|part| part.split_whitespace().count() >= 3)
        .unwrap_or(title)
        .trim()
        .to_string()
}

/// Parse a JSON-LD block; many sites leave raw newlines inside strings, which JSON forbids.
fn parse_json_ld(src: &str) -> Option<Value> {
    let src = src.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
    serde_json::from_str(src).ok().or_else(|| serde_json::from_str(&escape_raw_controls(src)).ok())
}

fn escape_raw_controls(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in src.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' => {
                    out.push_str("\\n");
                    continue;
                }
                '\r' => continue,
                '\t' => {
                    out.push_str("\\t");
                    continue;
                }
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// Every object in a JSON-LD value: top-level arrays and `@graph` lists are opened.
fn flatten_ld(v: Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten_ld(i, out)),
        Value::Object(mut obj) => {
            if let Some(graph) = obj.remove("@graph") {
                flatten_ld(graph, out);
            }
            out.push(obj);
        }
        _ => {}
    }
}

fn pick_ld_article(objects: &[serde_json::Map<String, Value>]) -> LdArticle {
    let string = |obj: &serde_json::Map<String, Value>, key: &str| -> Option<String> {
        match obj.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Object(o) => o.get("@id").and_then(Value::as_str).map(str::to_string),
            Value::Array(a) => a.iter().find_map(Value::as_str).map(str::to_string),
            _ => None,
        }
    };
    let is_article = |obj: &serde_json::Map<String, Value>| {
        let types: Vec<&str> = match obj.get("@type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        types.iter().any(|t| t.contains("Article") || t.contains("Posting") || *t == "Report")
    };
    let chosen = objects
        .iter()
        .find(|o| string(o, "articleBody").is_some())
        .or_else(|| objects.iter().find(|o| is_article(o)));
    match chosen {
        Some(obj) => LdArticle {
            body: string(obj, "articleBody"),
            headline: string(obj, "headline").or_else(|| string(obj, "name")),
            date_published: string(obj, "datePublished").or_else(|| string(obj, "dateCreated")),
            url: string(obj, "url").or_else(|| string(obj, "mainEntityOfPage")),
        },
        None => LdArticle::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/ingest/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn news_page_keeps_story_and_drops_menus_related_captions_footer() {
        let page = read_page(&fixture("news-page.html"));
        let t = &page.text;
        for story in [
            "Two people were killed and at least eleven wounded",
            "The protest began after Friday prayers",
            "A statement from the provincial council",
            "Shopkeepers along the market street",
        ] {
            assert!(t.contains(story), "missing {story:?} in:\n{t}");
        }
        for junk in [
            "World",
            "Sign in",
            "Most read",
            "Ceasefire holds",
            "Grain convoy",
            "Riot police line",
            "Share on",
            "Copyright",
            "Cookie",
            "Advertisement",
            "Accept all",
            "window.dataLayer",
            "Tags",
        ] {
            assert!(!t.contains(junk), "found {junk:?} in:\n{t}");
        }
        assert!(!t.contains("Protesters clash with police in Dar al-Salam"), "headline repeated");
        assert_eq!(page.title, "Protesters clash with police in Dar al-Salam");
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2021, 3, 14));
        assert_eq!(page.url, "https://ledger.example.org/world/2021/03/14/dar-al-salam-protest");
        assert!(t.split("\n\n").all(|p| !p.trim().is_empty()), "paragraphs: {t:?}");
    }

    #[test]
    fn news_page_without_article_or_main_uses_the_densest_block() {
        let page = fixture("news-page.html")
            .replace("<article class=\"story\">", "<div class=\"x\">")
            .replace("</article>", "</div>")
            .replace("<main id=\"content\">", "<div id=\"wrap\">")
            .replace("</main>", "</div>")
            .replace("story-body", "x");
        let with_article = read_page(&fixture("news-page.html"));
        assert_eq!(read_page(&page).text, with_article.text);
    }

    #[test]
    fn json_ld_article_body_wins_over_the_page() {
        let page = read_page(&fixture("json-ld.html"));
        assert!(
            page.text.starts_with("Government forces retook the hilltop village"),
            "{}",
            page.text
        );
        assert!(page.text.contains("\n\nThe village lies on the road"), "{}", page.text);
        assert!(!page.text.contains("teaser"), "{}", page.text);
        assert_eq!(page.title, "Army retakes hilltop village after two-day battle");
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2019, 8, 2));
        assert_eq!(page.url, "https://wire.example.com/2019/08/02/hilltop-village");
    }

    #[test]
    fn published_date_from_meta_name_date() {
        let html = r#"<html><head><meta name="date" content="2016-11-03"><title>Roadside bomb hits convoy – Ledger</title></head>
            <body><p>A roadside bomb struck a supply convoy near the river crossing on Thursday, killing a driver and wounding two guards, police said.</p></body></html>"#;
        let page = read_page(html);
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2016, 11, 3));
        assert_eq!(page.title, "Roadside bomb hits convoy");
        assert!(page.text.starts_with("A roadside bomb struck"));
    }

    #[test]
    fn time_element_inside_the_story_beats_one_in_a_teaser() {
        let html = r#"<body><aside><time datetime="2020-01-01">1 Jan</time></aside>
            <div class="teaser"><time datetime="2020-02-02">2 Feb</time></div>
            <article><time datetime="2020-06-09T08:15:00+03:00">9 June</time>
            <p>Fighting resumed on the northern front line overnight, with shelling reported in three villages and at least four civilians hurt.</p></article></body>"#;
        assert_eq!(read_page(html).published, NaiveDate::from_ymd_opt(2020, 6, 9));
    }

    #[test]
    fn density_picks_the_paragraph_block_without_article_or_main() {
        let html = r#"<body><div id="top"><a href="/">Home</a> <a href="/w">World</a> <a href="/p">Politics</a></div>
            <div class="col"><div class="txt">
              <p>Clashes broke out between two armed factions in the port city on Saturday, residents said, forcing shops to close.</p>
              <p>At least six fighters were killed, according to a medical source, and the road to the harbour was blocked.</p>
            </div></div>
            <div class="links"><p><a href="/a">Other story one with a long linked headline here</a></p>
              <p><a href="/b">Other story two with a long linked headline there</a></p></div></body>"#;
        let page = read_page(html);
        assert_eq!(
            page.text,
            "Clashes broke out between two armed factions in the port city on Saturday, residents said, forcing shops to close.\n\n\
             At least six fighters were killed, according to a medical source, and the road to the harbour was blocked."
        );
    }

    #[test]
    fn a_page_wrapped_in_a_form_keeps_its_story() {
        let html = r#"<body><form id="aspnetForm"><div class="article-body">
            <p>Security forces detained dozens of students at the university gates on Monday, a rights group said.</p>
            <p>The students had called for the release of two classmates arrested last week, the group added.</p>
            </div></form></body>"#;
        assert!(read_page(html).text.contains("Security forces detained dozens"));
    }

    #[test]
    fn br_separated_text_becomes_paragraphs() {
        let t = fragment_text(
            "<div>First part of the report.<br><br>Second part.<br>Same paragraph.</div>",
        );
        assert_eq!(t, "First part of the report.\n\nSecond part.\nSame paragraph.");
    }

    #[test]
    fn json_ld_with_raw_newlines_in_strings_is_read() {
        let v =
            parse_json_ld("{\"@type\":\"NewsArticle\",\"articleBody\":\"One.\nTwo.\"}").unwrap();
        assert_eq!(v["articleBody"], "One.\nTwo.");
    }

    #[test]
    fn class_words_match_whole_or_as_affixes() {
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(says_boilerplate(&w("related-stories")));
        assert!(says_boilerplate(&w("mainnav")));
        assert!(says_boilerplate(&w("ad")));
        assert!(!says_boilerplate(&w("commentary adjacent threads header-image-lead")));
        assert!(!says_boilerplate(&w("article body")));
    }
}
