//! Export tests: outputs are checked parsed, not byte for byte.

use serde_json::Value;

use super::*;
use crate::store::test_support::{require_tool, TempDir};
use crate::store::tests::{event, random_events};

fn sample() -> Vec<Event> {
    let mut a = event("2024-01-02", 37.161_171_234_9, 36.201_249_999_9);
    a.id = 1;
    a.fatalities = 7;
    let mut b = event("2024-01-05", -0.000_000_1, -33.000_000_5);
    b.id = 2;
    b.actor2 = None;
    b.geonameid = None;
    b.event_type = "Violence against civilians".into();
    b.sub_event_type = "Attack".into();
    b.sentence = "Gunmen said \"no\", then fired,\nkilling 3.".into();
    vec![a, b]
}

fn export_to_string(events: &[Event], format: Format) -> String {
    let mut out = Vec::new();
    export(events, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The number of decimals a JSON number was written with.
fn decimals(raw: &str) -> usize {
    raw.split_once('.').map_or(0, |(_, frac)| frac.len())
}

#[test]
fn geojson_is_a_feature_collection_of_lon_lat_points_with_6_decimals() {
    let text = export_to_string(&sample(), Format::GeoJson);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    assert!(doc.get("crs").is_none(), "RFC 7946 has no crs member");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);

    let first = &features[0];
    assert_eq!(first["type"], "Feature");
    assert_eq!(first["id"], 1);
    assert_eq!(first["geometry"]["type"], "Point");
    assert_eq!(
        first["geometry"]["coordinates"],
        serde_json::json!([37.161171, 36.20125]),
        "[lon, lat]"
    );
    assert!(text.contains("[37.161171,36.20125]"), "{text}");
    let second = &features[1]["geometry"]["coordinates"];
    assert_eq!(second, &serde_json::json!([0.0, -33.000001]));
    assert!(!text.contains("-0.0,"), "no negative zero: {text}");

    let props = first["properties"].as_object().unwrap();
    let keys: Vec<&str> = props.keys().map(String::as_str).collect();
    let mut expected = vec![
        "id",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "cameo_root",
        "actor1",
        "actor2",
        "fatalities",
        "location",
        "geonameid",
        "country_code",
        "admin1",
        "geo_precision",
        "source_url",
        "title",
        "sentence",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected, "flat properties");
    assert_eq!(props["event_date"], "2024-01-02");
    assert_eq!(props["fatalities"], 7);
    assert_eq!(props["geonameid"], 170063);
    assert_eq!(features[1]["properties"]["actor2"], Value::Null);
    assert_eq!(
        features[1]["properties"]["sentence"],
        "Gunmen said \"no\", then fired,\nkilling 3."
    );
}

#[test]
fn coordinates_never_carry_more_than_6_decimals() {
    let mut events = random_events(500, 99);
    for (i, e) in events.iter_mut().enumerate() {
        e.id = i as i64 + 1;
    }
    let text = export_to_string(&events, Format::GeoJsonLines);
    for (line, e) in text.lines().zip(&events) {
        let start = line.find("\"coordinates\":[").unwrap() + "\"coordinates\":[".len();
        let raw = &line[start..start + line[start..].find(']').unwrap()];
        let (lon, lat) = raw.split_once(',').unwrap();
        assert!(decimals(lon) <= 6 && decimals(lat) <= 6, "{raw}");
        assert!(!lon.contains('e') && !lat.contains('e'), "{raw}");
        assert!(
            (lon.parse::<f64>().unwrap() - e.lon).abs() <= 5.0e-7,
            "{raw} vs {}",
            e.lon
        );
        assert!(
            (lat.parse::<f64>().unwrap() - e.lat).abs() <= 5.0e-7,
            "{raw} vs {}",
            e.lat
        );
    }
}

#[test]
fn geojson_sequences_frame_each_feature() {
    let seq = export_to_string(&sample(), Format::GeoJsonSeq);
    let records: Vec<&str> = seq.split('\x1e').collect();
    assert_eq!(records[0], "", "RFC 8142: every record starts with RS");
    assert_eq!(records.len(), 3);
    for record in &records[1..] {
        assert!(record.ends_with('\n'));
        let feature: Value = serde_json::from_str(record).unwrap();
        assert_eq!(feature["type"], "Feature");
    }

    let lines = export_to_string(&sample(), Format::GeoJsonLines);
    assert!(!lines.contains('\x1e'));
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        parsed.len(),
        2,
        "the newline inside a sentence stays escaped"
    );
    assert_eq!(parsed[1]["properties"]["fatalities"], 0);
}

#[test]
fn an_empty_export_is_still_valid() {
    let doc: Value = serde_json::from_str(&export_to_string(&[], Format::GeoJson)).unwrap();
    assert_eq!(doc["features"], serde_json::json!([]));
    assert_eq!(export_to_string(&[], Format::GeoJsonSeq), "");
    assert_eq!(
        export_to_string(&[], Format::Csv),
        format!("{}\r\n", ACLED_COLUMNS.join(","))
    );
}

/// A small RFC 4180 reader for checking our writer.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '"' && c != '\n' && c != '\r', "unquoted {c:?} in CSV");
                field.push(c);
            }
        }
    }
    assert!(field.is_empty() && row.is_empty(), "CSV must end with CRLF");
    rows
}

#[test]
fn csv_has_acled_columns_and_rfc4180_quoting() {
    let text = export_to_string(&sample(), Format::Csv);
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], ACLED_COLUMNS);
    assert!(rows.iter().all(|r| r.len() == ACLED_COLUMNS.len()));
    let col = |row: &Vec<String>, name: &str| {
        row[ACLED_COLUMNS.iter().position(|c| *c == name).unwrap()].clone()
    };

    let (a, b) = (&rows[1], &rows[2]);
    assert_eq!(col(a, "event_id_cnty"), "SY1");
    assert_eq!(col(a, "event_date"), "2024-01-02");
    assert_eq!(col(a, "year"), "2024");
    assert_eq!(col(a, "disorder_type"), "Political violence");
    assert_eq!(col(a, "latitude"), "36.20125");
    assert_eq!(col(a, "longitude"), "37.161171");
    assert_eq!(col(a, "fatalities"), "7");
    assert_eq!(col(a, "civilian_targeting"), "");
    assert_eq!(col(a, "geonameid"), "170063");
    assert_eq!(col(a, "source"), "https://example.org/a");
    assert_eq!(
        col(b, "notes"),
        "Gunmen said \"no\", then fired,\nkilling 3."
    );
    assert_eq!(col(b, "civilian_targeting"), "Civilian targeting");
    assert_eq!(col(b, "actor2"), "");
    assert_eq!(col(b, "geonameid"), "");
    assert_eq!(col(b, "longitude"), "0");
}

#[test]
fn the_format_comes_from_the_extension() {
    let cases = [
        ("out.geojson", Format::GeoJson),
        ("OUT.JSON", Format::GeoJson),
        ("a/b.geojsons", Format::GeoJsonSeq),
        ("x.geojsonl", Format::GeoJsonLines),
        ("x.ndjson", Format::GeoJsonLines),
        ("events.csv", Format::Csv),
        ("events.KML", Format::Kml),
        ("map.html", Format::Html),
        ("map.htm", Format::Html),
        ("subset.gpkg", Format::GeoPackage),
    ];
    for (path, format) in cases {
        assert_eq!(
            Format::from_path(Path::new(path)).unwrap(),
            format,
            "{path}"
        );
    }
    for path in ["events.shp", "events"] {
        let err = Format::from_path(Path::new(path)).unwrap_err();
        assert!(matches!(err, Error::Input { .. }));
        assert!(
            err.to_string().contains(path) && err.to_string().contains("hint: use .geojson"),
            "{err}"
        );
    }
    assert_eq!("GeoJSONSeq".parse::<Format>().unwrap(), Format::GeoJsonSeq);
    assert_eq!("csv".parse::<Format>().unwrap(), Format::Csv);
    assert_eq!("GPKG".parse::<Format>().unwrap(), Format::GeoPackage);
    assert_eq!("leaflet".parse::<Format>().unwrap(), Format::Html);
    assert!(!Format::GeoPackage.is_stream() && Format::Kml.is_stream());
    assert!("shapefile".parse::<Format>().is_err());
}

#[test]
fn write_errors_keep_their_io_kind() {
    struct BrokenPipe;
    impl Write for BrokenPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }
    let err = export(&sample(), Format::GeoJson, &mut BrokenPipe).unwrap_err();
    match err {
        Error::Io { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::BrokenPipe),
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn ogrinfo_reads_exported_geojson_as_epsg_4326_points() {
    if !require_tool(
        "ogrinfo",
        "ogrinfo_reads_exported_geojson_as_epsg_4326_points",
    ) {
        return;
    }
    let dir = TempDir::new("ogrinfo-export");
    let mut events = random_events(40, 3);
    for (i, e) in events.iter_mut().enumerate() {
        e.id = i as i64 + 1;
    }
    for (name, format) in [
        ("events.geojson", Format::GeoJson),
        ("events.geojsons", Format::GeoJsonSeq),
    ] {
        let path = dir.join(name);
        let mut file = std::fs::File::create(&path).unwrap();
        export(&events, format, &mut file).unwrap();
        drop(file);
        let out = std::process::Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&path)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{name}: {text}");
        assert!(text.contains("Geometry: Point"), "{name}: {text}");
        assert!(text.contains("Feature Count: 40"), "{name}: {text}");
        assert!(text.contains("ID[\"EPSG\",4326]"), "{name}: {text}");
        assert!(
            text.contains("fatalities: Integer") && text.contains("event_date: Date"),
            "{name}: {text}"
        );
    }
}

#[test]
fn a_geopackage_is_not_a_stream() {
    let err = export(&sample(), Format::GeoPackage, &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("cannot be streamed"), "{err}");
}

#[test]
fn kml_has_a_style_per_type_dated_placemarks_and_escaped_text() {
    let mut events = sample();
    events[1].time_precision = 2; // 2024-01-05 is a Friday: the week of Monday 1 January
    events[1].sentence = "Fire & <smoke> at \"Café\"\u{1}".into();
    let kml = export_to_string(&events, Format::Kml);
    assert!(kml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"));
    assert!(kml.trim_end().ends_with("</kml>"));
    assert_eq!(kml.matches("<Placemark ").count(), 2);
    assert_eq!(kml.matches("<Style id=").count(), 7);
    // Okabe-Ito vermillion #D55E00 in KML's aabbggrr.
    assert!(
        kml.contains("<Style id=\"battles\"><IconStyle><color>ff005ED5</color>"),
        "{kml}"
    );
    assert!(
        kml.contains("<TimeStamp><when>2024-01-02</when></TimeStamp><styleUrl>#battles</styleUrl>")
    );
    assert!(kml.contains("<TimeSpan><begin>2024-01-01</begin><end>2024-01-07</end></TimeSpan><styleUrl>#civilians</styleUrl>"));
    assert!(
        kml.contains("<description>Fire &amp; &lt;smoke&gt; at &quot;Café&quot;</description>"),
        "{kml}"
    );
    assert!(kml.contains("<coordinates>37.161171,36.20125</coordinates>"));
    assert!(kml.contains("<SimpleData name=\"fatalities\">7</SimpleData>"));
    assert_eq!(
        kml.matches("<SimpleData name=\"actor2\">").count(),
        1,
        "the second event has no actor2: empty fields are left out"
    );
    // Every element opened is closed (a cheap well-formedness check).
    for tag in [
        "Placemark",
        "ExtendedData",
        "SchemaData",
        "Point",
        "Document",
        "Folder",
        "Schema",
    ] {
        assert_eq!(
            kml.matches(&format!("<{tag}>")).count() + kml.matches(&format!("<{tag} ")).count(),
            kml.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }
}

#[test]
fn the_html_page_is_self_contained_and_no_sentence_can_break_out_of_its_script() {
    let mut events = sample();
    events[0].sentence = "</script><script>alert(1)</script><!-- and <b>bold</b>".into();
    events[1].source_url = "javascript:alert(1)".into();
    let page = export_to_string(&events, Format::Html);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(
        !page.contains("alert(1)</script>"),
        "a sentence closed the script element"
    );
    assert!(page.contains(r"\u003c/script>\u003cscript>alert(1)\u003c/script>"));
    assert_eq!(
        page.matches("<script").count(),
        page.matches("</script>").count()
    );
    let lower = page.to_ascii_lowercase();
    for outside in [
        "<script src",
        "<link",
        "url(http",
        "@import",
        "tile.openstreetmap",
    ] {
        assert!(!lower.contains(outside), "the page loads {outside}");
    }
    assert!(
        page.contains("Leaflet 1.9.4") && page.contains("BSD 2-Clause License"),
        "licence travels with the code"
    );
    assert!(page.contains("\"Battles\":\"#D55E00\""));
    // The events are a FeatureCollection the page's script reads.
    let start = page.find("var CM_EVENTS = ").unwrap() + "var CM_EVENTS = ".len();
    let end = start + page[start..].find(";\n</script>").unwrap();
    let doc: Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(doc["features"].as_array().unwrap().len(), 2);
    assert_eq!(
        doc["features"][0]["properties"]["sentence"],
        events[0].sentence
    );
    // Source links are only ever http(s).
    assert!(page.contains(r"/^https?:\/\//i.test(p.source_url)"));
}
