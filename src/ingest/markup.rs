//! A small, forgiving reader for HTML and XML: just enough of the HTML tree-building rules for
//! news pages and of XML for RSS/Atom feeds.
//!
//! Why not `tl`: it nests everything after an unclosed `<p>` or `<li>` inside it and parses `<`
//! inside `<script>` as markup, so the container scores and JSON-LD blocks that main-text
//! extraction depends on come out wrong on ordinary news pages. This reader handles the cases
//! that matter there: void elements, implied end tags (`p`, `li`, `dd`/`dt`, table rows and cells,
//! headings, `option`), raw-text elements (`script`, `style`, `title` …), comments, CDATA,
//! character references, and end tags that do not match the open element.
//!
//! Elements are stored in document order in one arena: a node's children always come after it,
//! so iterating the arena backwards visits children before parents (used for bottom-up sums).

use std::borrow::Cow;

/// How to build the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// HTML rules: void elements, implied end tags, raw-text elements.
    Html,
    /// XML rules (feeds): every element must be closed or self-closed.
    Xml,
}

/// Index of a node in [`Doc::nodes`]. The root is node 0.
pub(crate) type NodeId = usize;

#[derive(Debug)]
pub(crate) enum Kind {
    /// An element; `name` is lower-cased, attribute names too, values entity-decoded.
    Element { name: String, attrs: Vec<(String, String)> },
    /// Character data with entities decoded (CDATA verbatim).
    Text(String),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Byte range of the element's content in the source (between its start and end tags).
    pub inner: (usize, usize),
}

/// A parsed document. Node 0 is a synthetic root element named `#root`.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose content is not markup. `title` and `textarea` still decode entities.
const RAW_TEXT: &[&str] =
    &["script", "style", "title", "textarea", "noscript", "iframe", "xmp", "noembed", "noframes"];
/// Start tags that close an open `<p>` (HTML's "close a p element in button scope").
#[rustfmt::skip]
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul", "li", "dd", "dt", "listing",
];
const P_SCOPE_STOP: &[&str] =
    &["button", "table", "td", "th", "caption", "html", "marquee", "object", "template", "applet"];
/// Containers an implied `</li>` (or `</dd>`) does not search past.
#[rustfmt::skip]
const LIST_SCOPE_STOP: &[&str] = &[
    "ul", "ol", "dl", "table", "td", "th", "body", "article", "section", "nav", "aside", "main",
    "header", "footer", "blockquote", "html",
];
/// Elements that may appear in `<head>`; any other start tag ends it.
const HEAD_CONTENT: &[&str] =
    &["meta", "link", "title", "style", "script", "noscript", "base", "template"];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
/// Deeper elements become siblings instead of children, as in browsers; this bounds the
/// implied-end-tag scans on pathological input.
const MAX_DEPTH: usize = 512;

impl<'a> Doc<'a> {
    pub(crate) fn parse(src: &'a str, mode: Mode) -> Doc<'a> {
        let mut b = Builder {
            src,
            mode,
            pos: 0,
            nodes: vec![Node {
                kind: Kind::Element { name: "#root".into(), attrs: Vec::new() },
                parent: None,
                children: Vec::new(),
                inner: (0, src.len()),
            }],
            stack: vec![0],
        };
        b.run();
        Doc { src, nodes: b.nodes }
    }

    /// The element name, or `""` for a text node.
    pub(crate) fn name(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            Kind::Element { name, .. } => name,
            Kind::Text(_) => "",
        }
    }

    pub(crate) fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            Kind::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
            }
            Kind::Text(_) => None,
        }
    }

    pub(crate) fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            Kind::Text(t) => Some(t),
            Kind::Element { .. } => None,
        }
    }

    /// All element ids in document order, with their names.
    pub(crate) fn elements(&self) -> impl Iterator<Item = (NodeId, &str)> + '_ {
        (0..self.nodes.len()).filter_map(move |id| match &self.nodes[id].kind {
            Kind::Element { name, .. } => Some((id, name.as_str())),
            Kind::Text(_) => None,
        })
    }

    /// Direct child elements named `name`.
    pub(crate) fn child_elements<'s>(
        &'s self,
        id: NodeId,
        name: &'s str,
    ) -> impl Iterator<Item = NodeId> + 's {
        self.nodes[id].children.iter().copied().filter(move |&c| self.name(c) == name)
    }

    /// Whether `id` is `ancestor` or lies inside it.
    pub(crate) fn is_within(&self, mut id: NodeId, ancestor: NodeId) -> bool {
        loop {
            if id == ancestor {
                return true;
            }
            match self.nodes[id].parent {
                Some(p) => id = p,
                None => return false,
            }
        }
    }

    /// All descendant text, whitespace collapsed to single spaces and trimmed.
    pub(crate) fn collapsed_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut todo = vec![id];
        while let Some(n) = todo.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => out.push_str(t),
                Kind::Element { .. } => {
                    out.push(' ');
                    todo.extend(self.nodes[n].children.iter().rev());
                }
            }
        }
        collapse_whitespace(&out)
    }

    /// The element's text children joined as they are (no collapsing: JSON keeps its newlines).
    pub(crate) fn child_text(&self, id: NodeId) -> String {
        self.nodes[id].children.iter().filter_map(|&c| self.text(c)).collect()
    }

    /// The element's content as the source wrote it, between its start and end tags.
    pub(crate) fn inner_source(&self, id: NodeId) -> &'a str {
        let (start, end) = self.nodes[id].inner;
        self.src.get(start..end.max(start)).unwrap_or("")
    }
}

struct Builder<'a> {
    src: &'a str,
    mode: Mode,
    pos: usize,
    nodes: Vec<Node>,
    /// Open elements, root at the bottom.
    stack: Vec<NodeId>,
}

impl<'a> Builder<'a> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        while self.pos < bytes.len() {
            if bytes[self.pos] != b'<' {
                let end = find_byte(bytes, self.pos, b'<').unwrap_or(bytes.len());
                self.push_text(self.pos, end, true);
                self.pos = end;
                continue;
            }
            let rest = &self.src[self.pos..];
            if rest.starts_with("<!--") {
                self.pos = find_str(self.src, self.pos + 4, "-->").map_or(bytes.len(), |i| i + 3);
            } else if rest.starts_with("<![CDATA[") {
                let start = self.pos + 9;
                let end = find_str(self.src, start, "]]>").unwrap_or(bytes.len());
                self.push_text(start, end, false);
                self.pos = (end + 3).min(bytes.len());
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                self.pos = find_byte(bytes, self.pos, b'>').map_or(bytes.len(), |i| i + 1);
            } else if rest.starts_with("</") {
                self.end_tag();
            } else if rest.len() > 1 && bytes[self.pos + 1].is_ascii_alphabetic() {
                self.start_tag();
            } else {
                // A lone `<` in text ("a < b").
                let end = find_byte(bytes, self.pos + 1, b'<').unwrap_or(bytes.len());
                self.push_text(self.pos, end, true);
                self.pos = end;
            }
        }
        let len = self.src.len();
        while self.stack.len() > 1 {
            self.pop(len);
        }
    }

    fn current(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn name_of(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            Kind::Element { name, .. } => name,
            Kind::Text(_) => "",
        }
    }

    fn add(&mut self, kind: Kind, inner_start: usize) -> NodeId {
        let parent = self.current();
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
            inner: (inner_start, self.src.len()),
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn push_text(&mut self, start: usize, end: usize, decode: bool) {
        if start >= end {
            return;
        }
        let raw = &self.src[start..end];
        let text = if decode { decode_entities(raw).into_owned() } else { raw.to_owned() };
        self.add(Kind::Text(text), start);
    }

    /// Pop the top open element, recording where its content ended.
    fn pop(&mut self, content_end: usize) {
        if let Some(id) = self.stack.pop() {
            self.nodes[id].inner.1 = content_end;
        }
    }

    /// Pop up to and including the nearest open element named in `targets`, unless an element
    /// named in `stops` comes first.
    fn close_nearest(&mut self, targets: &[&str], stops: &[&str], at: usize) {
        for depth in (1..self.stack.len()).rev() {
            let name = self.name_of(self.stack[depth]);
            if targets.contains(&name) {
                while self.stack.len() > depth {
                    self.pop(at);
                }
                return;
            }
            if stops.contains(&name) {
                return;
            }
        }
    }

    fn start_tag(&mut self) {
        let tag_start = self.pos;
        let bytes = self.src.as_bytes();
        let mut i = self.pos + 1;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'>'
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let name = self.src[self.pos + 1..i].to_ascii_lowercase();
        let (attrs, self_closing, after) = parse_attributes(self.src, i);
        self.pos = after;

        if self.mode == Mode::Html {
            self.implied_end_tags(&name, tag_start);
        }
        let is_void = self.mode == Mode::Html && VOID.contains(&name.as_str());
        let raw_text = self.mode == Mode::Html && RAW_TEXT.contains(&name.as_str());
        let id = self.add(Kind::Element { name: name.clone(), attrs }, after);
        if self_closing || is_void {
            self.nodes[id].inner.1 = after;
            return;
        }
        if raw_text {
            let end = find_end_tag(self.src, after, &name).unwrap_or(bytes.len());
            self.stack.push(id);
            self.push_text(after, end, name == "title" || name == "textarea");
            self.pop(end);
            self.pos = find_byte(bytes, end, b'>').map_or(bytes.len(), |j| j + 1);
            return;
        }
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        } else {
            self.nodes[id].inner.1 = after;
        }
    }

    fn implied_end_tags(&mut self, name: &str, at: usize) {
        // Body content closes an unclosed <head> (it sits just under <html>, if anywhere).
        if !HEAD_CONTENT.contains(&name)
            && self.stack.iter().take(3).any(|&id| self.name_of(id) == "head")
        {
            self.close_nearest(&["head"], &[], at);
        }
        if CLOSES_P.contains(&name) {
            self.close_nearest(&["p"], P_SCOPE_STOP, at);
        }
        match name {
            "li" => self.close_nearest(&["li"], LIST_SCOPE_STOP, at),
            "dd" | "dt" => self.close_nearest(&["dd", "dt"], LIST_SCOPE_STOP, at),
            "tr" => self.close_nearest(&["tr"], &["table", "tbody", "thead", "tfoot"], at),
            "td" | "th" => self.close_nearest(&["td", "th"], &["tr", "table"], at),
            "tbody" | "thead" | "tfoot" => {
                self.close_nearest(&["tbody", "thead", "tfoot"], &["table"], at)
            }
            "option" if self.name_of(self.current()) == "option" => self.pop(at),
            _ if HEADINGS.contains(&name) && HEADINGS.contains(&self.name_of(self.current())) => {
                self.pop(at)
            }
            _ => {}
        }
    }

    fn end_tag(&mut self) {
        let at = self.pos;
        let bytes = self.src.as_bytes();
        let mut i = self.pos + 2;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
            i += 1;
        }
        let name = self.src[self.pos + 2..i].to_ascii_lowercase();
        self.pos = find_byte(bytes, i, b'>').map_or(bytes.len(), |j| j + 1);
        // Content after `</body>` still belongs to the page; an unmatched end tag is ignored.
        if self.mode == Mode::Html && (name == "body" || name == "html") {
            return;
        }
        self.close_nearest(&[name.as_str()], &[], at);
    }
}

/// Parse attributes from `i` (just after the tag name) to the closing `>`.
/// Returns the attributes, whether the tag ended with `/>`, and the position after `>`.
fn parse_attributes(src: &str, mut i: usize) -> (Vec<(String, String)>, bool, usize) {
    let bytes = src.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, false, bytes.len());
        }
        match bytes[i] {
            b'>' => return (attrs, false, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'>') => return (attrs, true, i + 2),
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == name_start {
            // A stray `=`: skip it.
            i += 1;
            continue;
        }
        let name = src[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attrs.push((name, String::new()));
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value, next) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = find_byte(bytes, j + 1, q).unwrap_or(bytes.len());
                (&src[j + 1..end], (end + 1).min(bytes.len()))
            }
            _ => {
                let mut end = j;
                while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                    end += 1;
                }
                (&src[j..end], end)
            }
        };
        attrs.push((name, decode_entities(value).into_owned()));
        i = next;
    }
}

fn find_byte(bytes: &[u8], from: usize, b: u8) -> Option<usize> {
    bytes.get(from..)?.iter().position(|&c| c == b).map(|i| i + from)
}

fn find_str(s: &str, from: usize, needle: &str) -> Option<usize> {
    s.get(from..)?.find(needle).map(|i| i + from)
}

/// Position of `</name` (any case, followed by space, `/` or `>`) at or after `from`.
fn find_end_tag(src: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(lt) = find_str(src, i, "</") {
        let after = lt + 2 + name.len();
        if bytes.len() >= after
            && bytes[lt + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && bytes.get(after).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        {
            return Some(lt);
        }
        i = lt + 2;
    }
    None
}

/// Collapse runs of whitespace (including no-break spaces) to one space, trim, and drop
/// invisible characters (zero-width space, soft hyphen, BOM).
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace) {
        let word = word.trim_matches(is_invisible);
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| !is_invisible(c)));
    }
    out
}

pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}')
}

/// Decode HTML/XML character references: named (`&amp;`, `&nbsp;`, `&eacute;` …) and numeric
/// (`&#8217;`, `&#x2019;`). Unknown names are left as written. Numeric references in the
/// 0x80–0x9F range are read as Windows-1252, as browsers do.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decode the reference at the start of `s` (which starts with `&`): the char and bytes used.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let digits = s[start..]
            .bytes()
            .take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        let code = u32::from_str_radix(&s[start..start + digits], if hex { 16 } else { 10 })
            .unwrap_or(0xFFFD);
        return Some((numeric_char(code), used));
    }
    let len = s[1..].bytes().take_while(u8::is_ascii_alphanumeric).take(32).count();
    let name = &s[1..1 + len];
    let c = named_entity(name)?;
    if b.get(1 + len) == Some(&b';') {
        Some((c, len + 2))
    } else if LEGACY_NO_SEMICOLON.contains(&name) {
        Some((c, len + 1))
    } else {
        None
    }
}

fn numeric_char(code: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let code = if (0x80..0xA0).contains(&code) { CP1252[(code - 0x80) as usize] } else { code };
    match code {
        0 => '\u{FFFD}',
        _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
    }
}

/// Names browsers still decode without a trailing `;`.
const LEGACY_NO_SEMICOLON: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// Latin-1 entity names for U+00A0..=U+00FF, in code-point order.
#[rustfmt::skip]
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Other named references that turn up in news pages and feeds.
#[rustfmt::skip]
const OTHER_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''), ("OElig", 'Œ'),
    ("oelig", 'œ'), ("Scaron", 'Š'), ("scaron", 'š'), ("Yuml", 'Ÿ'), ("fnof", 'ƒ'), ("circ", 'ˆ'),
    ("tilde", '˜'), ("ensp", '\u{2002}'), ("emsp", '\u{2003}'), ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'), ("zwj", '\u{200D}'), ("lrm", '\u{200E}'), ("rlm", '\u{200F}'),
    ("ZeroWidthSpace", '\u{200B}'), ("hyphen", '‐'), ("ndash", '–'), ("mdash", '—'),
    ("lsquo", '‘'), ("rsquo", '’'), ("sbquo", '‚'), ("ldquo", '“'), ("rdquo", '”'), ("bdquo", '„'),
    ("dagger", '†'), ("Dagger", '‡'), ("bull", '•'), ("hellip", '…'), ("permil", '‰'),
    ("prime", '′'), ("Prime", '″'), ("lsaquo", '‹'), ("rsaquo", '›'), ("oline", '‾'),
    ("frasl", '⁄'), ("euro", '€'), ("trade", '™'), ("larr", '←'), ("uarr", '↑'), ("rarr", '→'),
    ("darr", '↓'), ("harr", '↔'), ("minus", '−'), ("le", '≤'), ("ge", '≥'), ("ne", '≠'),
    ("asymp", '≈'), ("infin", '∞'), ("deg", '°'),
];

fn named_entity(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_ENTITIES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child_names(doc: &Doc, id: NodeId) -> Vec<String> {
        doc.nodes[id].children.iter().map(|&c| doc.name(c).to_string()).collect()
    }

    #[test]
    fn unclosed_paragraphs_do_not_swallow_the_next_container() {
        let doc =
            Doc::parse("<div id=a><p>one<p>two</div><div id=b><P>three</P></div>", Mode::Html);
        assert_eq!(child_names(&doc, 0), ["div", "div"]);
        let a = doc.nodes[0].children[0];
        assert_eq!(child_names(&doc, a), ["p", "p"]);
        assert_eq!(doc.collapsed_text(doc.nodes[0].children[1]), "three");
    }

    #[test]
    fn script_content_is_raw_text() {
        let src = r#"<div><script>if (a < b) { s = "</div>"; }</script><p>after</p></div>"#;
        let doc = Doc::parse(src, Mode::Html);
        let div = doc.nodes[0].children[0];
        assert_eq!(child_names(&doc, div), ["script", "p"]);
        let script = doc.nodes[div].children[0];
        assert_eq!(doc.collapsed_text(script), r#"if (a < b) { s = "</div>"; }"#);
    }

    #[test]
    fn list_items_and_void_elements_close_themselves() {
        let doc = Doc::parse("<ul><li>a<br>b<li>c<img src=x.jpg></ul><p>d", Mode::Html);
        let ul = doc.nodes[0].children[0];
        assert_eq!(child_names(&doc, ul), ["li", "li"]);
        assert_eq!(child_names(&doc, 0), ["ul", "p"]);
    }

    #[test]
    fn body_content_closes_an_unclosed_head() {
        let doc = Doc::parse(
            "<html><head><title>T</title><meta charset=utf-8><body><p>Story",
            Mode::Html,
        );
        let html = doc.nodes[0].children[0];
        assert_eq!(child_names(&doc, html), ["head", "body"]);
    }

    #[test]
    fn attributes_quoted_unquoted_and_entities() {
        let doc = Doc::parse(
            r#"<a href="/x?a=1&amp;b=2" data-x='it>s' rel=canonical hidden>t</a>"#,
            Mode::Html,
        );
        let a = doc.nodes[0].children[0];
        assert_eq!(doc.attr(a, "href"), Some("/x?a=1&b=2"));
        assert_eq!(doc.attr(a, "data-x"), Some("it>s"));
        assert_eq!(doc.attr(a, "rel"), Some("canonical"));
        assert_eq!(doc.attr(a, "hidden"), Some(""));
    }

    #[test]
    fn xml_keeps_cdata_verbatim_and_records_inner_source() {
        let src = "<item><description><![CDATA[<p>a &amp; b</p>]]></description><title>x &amp; y</title></item>";
        let doc = Doc::parse(src, Mode::Xml);
        let item = doc.nodes[0].children[0];
        let desc = doc.child_elements(item, "description").next().unwrap();
        assert_eq!(doc.collapsed_text(desc), "<p>a &amp; b</p>");
        assert_eq!(doc.inner_source(desc), "<![CDATA[<p>a &amp; b</p>]]>");
        let title = doc.child_elements(item, "title").next().unwrap();
        assert_eq!(doc.collapsed_text(title), "x & y");
    }

    #[test]
    fn entities_named_numeric_and_unknown() {
        assert_eq!(
            decode_entities("Caf&eacute; &amp; bar&nbsp;&#8217;&#x2014;&#146;"),
            "Café & bar\u{a0}’—’"
        );
        assert_eq!(decode_entities("AT&T &unknown; &amp"), "AT&T &unknown; &");
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn deep_unclosed_nesting_does_not_overflow() {
        let src = "<span>".repeat(200_000) + "deep";
        let doc = Doc::parse(&src, Mode::Html);
        assert!(doc.collapsed_text(0).ends_with("deep"));
    }
}
