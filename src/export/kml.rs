//! KML 2.2: a Document with one Style per event type and one Placemark per event, with a
//! TimeStamp, or a TimeSpan for a week or month (Google Earth's time slider), and every
//! field as typed ExtendedData that GDAL and QGIS read as attributes.

use std::io::{self, Write};

use super::palette::{type_style, TYPE_COLORS};
use crate::events::Event;
use crate::store::date_range;

/// The attribute fields, in order, with their KML SimpleField types.
const FIELDS: [(&str, &str); 17] = [
    ("id", "int"),
    ("event_date", "string"),
    ("time_precision", "int"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),
    ("actor2", "string"),
    ("fatalities", "int"),
    ("location", "string"),
    ("geonameid", "string"),
    ("country_code", "string"),
    ("admin1", "string"),
    ("geo_precision", "int"),
    ("source_url", "string"),
    ("title", "string"),
    ("sentence", "string"),
    ("cameo_root", "string"),
];

pub(super) fn begin(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n\
          <name>conflictmap events</name>\n",
    )?;
    for (_, hex, id) in TYPE_COLORS {
        // KML colours are aabbggrr.
        let (r, g, b) = (&hex[1..3], &hex[3..5], &hex[5..7]);
        writeln!(
            out,
            "<Style id=\"{id}\"><IconStyle><color>ff{b}{g}{r}</color><scale>0.9</scale></IconStyle>\
             <LabelStyle><scale>0</scale></LabelStyle></Style>"
        )?;
    }
    out.write_all(b"<Schema name=\"event\" id=\"event\">\n")?;
    for (name, kind) in FIELDS {
        writeln!(out, "<SimpleField name=\"{name}\" type=\"{kind}\"/>")?;
    }
    out.write_all(b"</Schema>\n<Folder><name>events</name>\n")
}

pub(super) fn placemark(e: &Event, out: &mut dyn Write) -> io::Result<()> {
    if !e.lon.is_finite() || !e.lat.is_finite() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "event {} has no valid position ({}, {})",
                e.id, e.lon, e.lat
            ),
        ));
    }
    let date = e.event_date.format("%Y-%m-%d").to_string();
    let (_, _, style) = type_style(&e.event_type);
    // A day is a TimeStamp; a week or month (ACLED time precision 2, 3) is a TimeSpan.
    let when = match date_range(e.event_date, e.time_precision) {
        (start, end) if start == end => format!("<TimeStamp><when>{date}</when></TimeStamp>"),
        (start, end) => format!("<TimeSpan><begin>{start}</begin><end>{end}</end></TimeSpan>"),
    };
    writeln!(
        out,
        "<Placemark id=\"e{}\"><name>{}</name><description>{}</description>{when}<styleUrl>#{style}</styleUrl>",
        e.id,
        xml(&format!("{}: {}", e.event_type, e.location)),
        xml(&e.sentence),
    )?;
    out.write_all(b"<ExtendedData><SchemaData schemaUrl=\"#event\">")?;
    let values: [String; 17] = [
        e.id.to_string(),
        date,
        e.time_precision.to_string(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        e.actor1.clone().unwrap_or_default(),
        e.actor2.clone().unwrap_or_default(),
        e.fatalities.to_string(),
        e.location.clone(),
        e.geonameid.map(|g| g.to_string()).unwrap_or_default(),
        e.country_code.clone(),
        e.admin1.clone(),
        e.geo_precision.to_string(),
        e.source_url.clone(),
        e.title.clone(),
        e.sentence.clone(),
        e.cameo_root.clone(),
    ];
    for ((name, _), value) in FIELDS.iter().zip(&values) {
        if !value.is_empty() {
            write!(
                out,
                "<SimpleData name=\"{name}\">{}</SimpleData>",
                xml(value)
            )?;
        }
    }
    writeln!(
        out,
        "</SchemaData></ExtendedData><Point><coordinates>{},{}</coordinates></Point></Placemark>",
        super::round6(e.lon),
        super::round6(e.lat)
    )
}

pub(super) fn end(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"</Folder>\n</Document>\n</kml>\n")
}

/// Text escaped for XML content and attributes, without the characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a < b & \"c\" 'd' >\u{1}\u{7}\tz"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;\tz"
        );
    }
}
