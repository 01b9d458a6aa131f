//! Readers for the gold geoparsing corpora (see `../shared/bench/FORMATS.md`):
//! LGL-style XML, GeoWebNews `GWN.xml` (+ system outputs in the `gwn_*.txt` layout)
//! and BRAT standoff. Offsets are Unicode character offsets into the article text.

use std::path::Path;

use crate::{Error, Result};

/// One gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub geonameid: Option<i64>,
    /// Gold point, if the toponym is resolvable.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// Gold country: an ISO2 code or a GeoNames country id as text ("#6252001").
    pub country: Option<String>,
    /// Counts as a toponym for recognition scoring.
    pub recognise: bool,
    /// The corpus's own type for the span (GeoWebNews: "Literal", "Metonymic", "Demonym" …), if any.
    pub gold_type: Option<String>,
}

/// One gold article.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    pub id: String,
    /// The news source (LGL `<domain>`, the host of GeoWebNews `<link>`), if known.
    pub source: Option<String>,
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

/// A system's answer for one span, read from a `gwn_*.txt` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemSpan {
    pub start: usize,
    pub end: usize,
    pub lon: f64,
    pub lat: f64,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Decode the five XML entities and numeric character references.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(j) = rest.find(';').filter(|j| *j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..j];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The inner text of the first `<tag ...>…</tag>` in `s`, CDATA unwrapped and entities decoded.
fn element<'a>(s: &'a str, tag: &str) -> Option<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let mut from = 0;
    loop {
        let i = s[from..].find(&open)? + from;
        let after = s[i + open.len()..].chars().next()?;
        if after == '>' || after == ' ' || after == '/' {
            let gt = s[i..].find('>')? + i;
            let attrs = &s[i + open.len()..gt];
            if attrs.ends_with('/') {
                return Some((attrs, ""));
            }
            let close = format!("</{tag}>");
            let end = s[gt + 1..].find(&close)? + gt + 1;
            return Some((attrs, &s[gt + 1..end]));
        }
        from = i + open.len();
    }
}

fn all_elements<'a>(mut s: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let close = format!("</{tag}>");
    while let Some((attrs, inner)) = element(s, tag) {
        out.push((attrs, inner));
        // continue after this element's end
        let base = inner.as_ptr() as usize - s.as_ptr() as usize;
        let next = base + inner.len();
        s = match s[next..].find(&close) {
            Some(k) => &s[next + k + close.len()..],
            None => &s[next..],
        };
    }
    out
}

fn text_of(s: &str, tag: &str) -> Option<String> {
    element(s, tag).map(|(_, inner)| {
        let inner = inner.trim_start_matches("<![CDATA[").trim_end_matches("]]>");
        if element(s, tag).is_some_and(|(_, i)| i.starts_with("<![CDATA[")) {
            inner.to_string()
        } else {
            unescape(inner)
        }
    })
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = attrs.find(&key)? + key.len();
    let j = attrs[i..].find('"')? + i;
    Some(unescape(&attrs[i..j]))
}

/// Read an LGL-style XML corpus (`<article><text><toponyms><toponym><start><end><gaztag>`).
pub fn read_lgl(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = read(path)?;
    let mut docs = Vec::new();
    for (attrs, body) in all_elements(&xml, "article") {
        let id = attr(attrs, "docid").unwrap_or_else(|| docs.len().to_string());
        let text = text_of(body, "text").ok_or_else(|| Error::input(format!("{}: article {id}", path.display()), "no <text>"))?;
        let mut toponyms = Vec::new();
        // (corpora in the same family name their spans <location> with the point right
        // inside, as GeoVirus does: read those too)
        let mut spans = all_elements(body, "toponym");
        if spans.is_empty() {
            spans = all_elements(body, "location");
        }
        for (_, t) in spans {
            let num = |tag: &str| -> Result<usize> {
                text_of(t, tag).and_then(|v| v.trim().parse().ok()).ok_or_else(|| {
                    Error::input(format!("{}: article {id}", path.display()), format!("toponym without a numeric <{tag}>"))
                })
            };
            let (start, end) = (num("start")?, num("end")?);
            let phrase = text_of(t, "phrase").unwrap_or_default();
            let mut g = GoldToponym { start, end, text: phrase, geonameid: None, lon: None, lat: None, country: None, recognise: true, gold_type: None };
            if let Some((gattrs, gaz)) = element(t, "gaztag") {
                g.geonameid = attr(gattrs, "geonameid").and_then(|v| v.parse().ok());
                g.lat = text_of(gaz, "lat").and_then(|v| v.trim().parse().ok());
                g.lon = text_of(gaz, "lon").and_then(|v| v.trim().parse().ok());
                g.country = element(gaz, "country").and_then(|(a, _)| attr(a, "geonameid")).map(|c| format!("#{c}"));
            } else {
                g.lat = text_of(t, "lat").and_then(|v| v.trim().parse().ok());
                g.lon = text_of(t, "lon").and_then(|v| v.trim().parse().ok());
                if g.text.is_empty() {
                    g.text = text_of(t, "name").unwrap_or_default();
                }
            }
            toponyms.push(g);
        }
        let source = text_of(body, "domain")
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .or_else(|| ["url", "source"].into_iter().find_map(|tag| text_of(body, tag).and_then(|u| host(u.trim()))));
        docs.push(GoldDoc { id, source, text, toponyms });
    }
    Ok(docs)
}

/// GeoWebNews types that count as toponyms for recognition (all but the expressions and
/// non-toponyms: 2,720 spans).
const GWN_NOT_TOPONYM: [&str; 3] = ["Literal_Expression", "Non_Lit_Expression", "Non_Toponym"];

/// Read GeoWebNews `GWN.xml`.
pub fn read_gwn(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = read(path)?;
    let mut docs = Vec::new();
    for (attrs, body) in all_elements(&xml, "article") {
        let id = attr(attrs, "file").unwrap_or_else(|| docs.len().to_string());
        let text = text_of(body, "text").ok_or_else(|| Error::input(format!("{}: article {id}", path.display()), "no <text>"))?;
        let mut toponyms = Vec::new();
        for (_, t) in all_elements(body, "toponym") {
            let get = |tag: &str| text_of(t, tag).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            let start = get("start").and_then(|v| v.parse().ok());
            let end = get("end").and_then(|v| v.parse().ok());
            let (Some(start), Some(end)) = (start, end) else { continue };
            let ty = get("type").unwrap_or_default();
            toponyms.push(GoldToponym {
                start,
                end,
                text: get("extractedName").unwrap_or_default(),
                geonameid: get("geonamesID").and_then(|v| v.parse().ok()),
                lat: get("latitude").and_then(|v| v.parse().ok()),
                lon: get("longitude").and_then(|v| v.parse().ok()),
                country: None,
                recognise: !GWN_NOT_TOPONYM.contains(&ty.as_str()),
                gold_type: Some(ty).filter(|t| !t.is_empty()),
            });
        }
        let source = text_of(body, "link").and_then(|l| host(&l));
        docs.push(GoldDoc { id, source, text, toponyms });
    }
    Ok(docs)
}

/// The host part of a URL ("https://www.x.com/a" → "x.com").
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
    let h = rest.split(['/', '?', '#']).next()?.trim().to_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h).to_string();
    (!h.is_empty()).then_some(h)
}

/// Read a system output in the `gwn_*.txt` layout: one line per article (GWN.xml order),
/// records `name,,surface,,lat,,lon,,start,,end` separated by `||`.
pub fn read_gwn_system(path: &Path) -> Result<Vec<Vec<SystemSpan>>> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut spans = Vec::new();
        for rec in line.split("||").filter(|r| !r.trim().is_empty()) {
            let f: Vec<&str> = rec.split(",,").collect();
            if f.len() < 6 {
                return Err(Error::input(format!("{}:{}", path.display(), n + 1), format!("record {rec:?} has {} fields, expected 6", f.len())));
            }
            let p = |i: usize| f[i].trim().parse::<f64>().ok();
            let (Some(lat), Some(lon), Some(s), Some(e)) = (p(2), p(3), p(4), p(5)) else { continue };
            spans.push(SystemSpan { start: s as usize, end: e as usize, lon, lat });
        }
        out.push(spans);
    }
    Ok(out)
}

/// Read a folder of BRAT standoff files (`N.txt` + `N.ann`), e.g. GeoWebNews `brat_gold/`.
/// Every `T` entity is a span; `#` AnnotatorNotes holding a number are its GeoNames id.
/// A BRAT gold toponym names its place by GeoNames id only (an `AnnotatorNotes` line): give
/// it the point and country the gazetteer has for that id, so that it can be scored for
/// resolution. Returns how many ids the gazetteer does not have (those stay unscored).
pub fn locate_by_id(docs: &mut [GoldDoc], gaz: &crate::resolve::Gazetteer) -> usize {
    let mut missing = 0;
    for t in docs.iter_mut().flat_map(|d| d.toponyms.iter_mut()) {
        let Some(id) = t.geonameid.filter(|_| t.lat.is_none()) else { continue };
        match gaz.by_id(id) {
            Some(p) => {
                t.lon = Some(p.lon);
                t.lat = Some(p.lat);
            }
            None => missing += 1,
        }
    }
    missing
}

pub fn read_brat(dir: &Path) -> Result<Vec<GoldDoc>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    names.sort_by_key(|p| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<u64>().ok()).unwrap_or(u64::MAX));
    let mut docs = Vec::new();
    for ann in names {
        // system outputs (brat_spacy/, brat_google/) come without their .txt
        let txt = ann.with_extension("txt");
        let text = if txt.exists() { read(&txt)? } else { String::new() };
        let mut toponyms = Vec::new();
        let mut ids: Vec<(String, i64)> = Vec::new();
        let mut keys = Vec::new();
        for (n, line) in read(&ann)?.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            // entity lines: `T3<TAB>Literal 631 648<TAB>text` (system outputs may use any id, e.g. INDEX)
            if !line.starts_with('#') && f.len() >= 3 && f[1].split_whitespace().count() >= 3 {
                let mut parts = f[1].split_whitespace();
                let ty = parts.next().unwrap_or("");
                let s = parts.next().and_then(|v| v.parse().ok());
                let e = parts.last().and_then(|v| v.parse().ok());
                let (Some(s), Some(e)) = (s, e) else {
                    return Err(Error::input(format!("{}:{}", ann.display(), n + 1), "entity without offsets"));
                };
                keys.push(f[0].to_string());
                toponyms.push(GoldToponym {
                    start: s,
                    end: e,
                    text: f[2].to_string(),
                    geonameid: None,
                    lon: None,
                    lat: None,
                    country: None,
                    recognise: !GWN_NOT_TOPONYM.contains(&ty),
                    gold_type: Some(ty.to_string()),
                });
            } else if line.starts_with('#') && f.len() >= 3 {
                let target = f[1].split_whitespace().last().unwrap_or("").to_string();
                if let Ok(id) = f[2].trim().parse() {
                    ids.push((target, id));
                }
            }
        }
        for (target, id) in ids {
            if let Some(k) = keys.iter().position(|x| *x == target) {
                toponyms[k].geonameid = Some(id);
            }
        }
        let id = ann.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        // GeoWebNews' BRAT texts open with "TITLE: … LINK: <address>": the article's source
        let source = text
            .lines()
            .next()
            .filter(|l| l.starts_with("TITLE: "))
            .and_then(|l| l.rsplit_once(" LINK: "))
            .map(|(_, url)| url.trim().to_string())
            .filter(|u| !u.is_empty());
        docs.push(GoldDoc { id, source, text, toponyms });
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lgl_toponym_with_gaztag_is_read() {
        let dir = std::env::temp_dir().join(format!("cm-lgl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("lgl.xml");
        std::fs::write(&p, r#"<?xml version="1.0"?><articles><article docid="7"><text><![CDATA[Fighting in Homs & Hama.]]></text><toponyms count="2">
<toponym><start>12</start><end>16</end><phrase>Homs</phrase><gaztag geonameid="169577"><name>Homs</name><lat>34.72682</lat><lon>36.72339</lon><country geonameid="163843">Syria</country></gaztag></toponym>
<toponym><start>19</start><end>23</end><phrase>Hama</phrase></toponym></toponyms></article></articles>"#).unwrap();
        let docs = read_lgl(&p).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "Fighting in Homs & Hama.");
        let t = &docs[0].toponyms;
        assert_eq!((t[0].start, t[0].end, t[0].geonameid), (12, 16, Some(169577)));
        assert_eq!(t[0].country.as_deref(), Some("#163843"));
        assert_eq!(t[1].geonameid, None);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn location_spans_with_their_point_inside_are_read() {
        let dir = std::env::temp_dir().join(format!("cm-gv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("gv.xml");
        std::fs::write(&p, r#"<articles><article><source>http://example.org/a</source><text>Cases rose in Kano.</text><locations>
<location><start>14</start><end>18</end><name>Kano</name><lat>12.0</lat><lon>8.5167</lon><page>https://en.wikipedia.org/wiki/Kano</page></location></locations></article></articles>"#).unwrap();
        let docs = read_lgl(&p).unwrap();
        let t = &docs[0].toponyms;
        assert_eq!((t.len(), t[0].start, t[0].end, t[0].text.as_str()), (1, 14, 18, "Kano"));
        assert_eq!((t[0].lon, t[0].lat, t[0].geonameid), (Some(8.5167), Some(12.0), None));
        assert_eq!(docs[0].source.as_deref(), Some("example.org"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn brat_gold_takes_its_source_from_the_link_line_and_its_points_from_the_ids() {
        let dir = std::env::temp_dir().join(format!("cm-brat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "TITLE: Shelling in Aleppo LINK: http://www.example.sy/news/1\nShells hit Aleppo and Qwzx.";
        std::fs::write(dir.join("1.txt"), text).unwrap();
        // Aleppo by its GeoNames id; an id no gazetteer has
        std::fs::write(dir.join("1.ann"), "T1\tLiteral 72 78\tAleppo\n#1\tAnnotatorNotes T1\t170063\nT2\tLiteral 83 87\tQwzx\n#2\tAnnotatorNotes T2\t999999999\n").unwrap();
        let mut docs = read_brat(&dir).unwrap();
        assert_eq!(docs[0].source.as_deref(), Some("http://www.example.sy/news/1"));
        let missing = locate_by_id(&mut docs, crate::resolve::Gazetteer::embedded());
        assert_eq!(missing, 1);
        let t = &docs[0].toponyms;
        assert!(t[0].lat.is_some_and(|lat| (lat - 36.2).abs() < 0.2) && t[0].lon.is_some_and(|lon| (lon - 37.16).abs() < 0.2), "{:?}", t[0]);
        assert_eq!((t[1].lat, t[1].geonameid), (None, Some(999999999)));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(unescape("A &amp; B &#39;c&#x27; &lt;"), "A & B 'c' <");
    }
}
