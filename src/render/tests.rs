//! Render tests look at pixels of the decoded PNG, not only at whether bytes came out.
//! Images are small: plotters and the rasteriser are slow in debug builds.

use chrono::NaiveDate;

use super::map::draw_map;
use super::style::TYPE_STYLES;
use super::timeline::draw_timeline;
use super::*;
use crate::events::Event;

const ALEPPO: (f64, f64) = (37.1343, 36.2021);
const DAMASCUS: (f64, f64) = (36.2765, 33.5102);

fn event(lon: f64, lat: f64, date: &str, event_type: &str, fatalities: u32, location: &str) -> Event {
    Event {
        id: 0,
        event_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        time_precision: 1,
        event_type: event_type.into(),
        sub_event_type: String::new(),
        cameo_root: String::new(),
        actor1: None,
        actor2: None,
        fatalities,
        location: location.into(),
        geonameid: None,
        lon,
        lat,
        country_code: "SY".into(),
        admin1: String::new(),
        geo_precision: 1,
        source_url: String::new(),
        title: String::new(),
        sentence: String::new(),
        sentence_start: 0,
        sentence_end: 0,
        type_rule: String::new(),
        date_rule: String::new(),
        place_rule: String::new(),
    }
}

struct Decoded {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Decoded {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = (y as usize * self.width as usize + x as usize) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Pixels of exactly `color` inside `[x0, y0, x1, y1)`.
    fn count(&self, color: [u8; 3], r: [u32; 4]) -> usize {
        let mut n = 0;
        for y in r[1]..r[3].min(self.height) {
            for x in r[0]..r[2].min(self.width) {
                n += (self.pixel(x, y) == color) as usize;
            }
        }
        n
    }

    fn all(&self) -> [u32; 4] {
        [0, 0, self.width, self.height]
    }
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut reader = ::png::Decoder::new(bytes).read_info().expect("a PNG header");
    let mut rgb = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut rgb).expect("PNG image data");
    assert_eq!(info.color_type, ::png::ColorType::Rgb);
    assert_eq!(info.bit_depth, ::png::BitDepth::Eight);
    rgb.truncate(info.buffer_size());
    Decoded { width: info.width, height: info.height, rgb }
}

fn small_map() -> MapOptions {
    MapOptions { width: 480, height: 360, ..MapOptions::default() }
}

#[test]
fn png_encoder_round_trips_through_an_independent_decoder() {
    let (w, h) = (37, 11);
    let rgb: Vec<u8> = (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect();
    let bytes = super::png::encode_rgb(w, h, &rgb).unwrap();
    let d = decode(&bytes);
    assert_eq!((d.width, d.height), (w, h));
    assert_eq!(d.rgb, rgb);
}

#[test]
fn single_aleppo_event_shows_aleppo_and_its_surroundings() {
    let events = [event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 3, "Aleppo")];
    let p = map_projection(&events, &MapOptions::default()).unwrap();
    let b = p.bbox();
    assert!(b[0] < ALEPPO.0 && ALEPPO.0 < b[2] && b[1] < ALEPPO.1 && ALEPPO.1 < b[3], "{b:?}");
    // a region (northern Syria), not the country or the world…
    assert!(p.width_km() < 400.0, "view is {} km wide", p.width_km());
    // …and not just the city: at least the 200 km minimum span in both directions.
    let high_km = p.ground_m_per_px(ALEPPO.1) * p.height() as f64 / 1000.0;
    assert!(p.width_km() > 190.0 && high_km > 190.0, "{} × {high_km} km", p.width_km());
}

#[test]
fn marker_colour_is_where_the_projection_puts_the_event() {
    let events = [event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 4, "Aleppo")];
    let opts = small_map();
    let img = decode(&render_map(&events, &opts).unwrap());
    assert_eq!((img.width, img.height), (opts.width, opts.height));
    let (x, y) = map_projection(&events, &opts).unwrap().to_px(ALEPPO.0, ALEPPO.1);
    let battles = TYPE_STYLES[0].color;
    let near = [(x - 3.0) as u32, (y - 3.0) as u32, (x + 4.0) as u32, (y + 4.0) as u32];
    assert!(img.count(battles, near) > 0, "no Battles colour within 3 px of ({x:.1}, {y:.1})");
    // And it is not just somewhere: away from the marker and the legend there is none.
    let legend = draw_map(&events, &opts).unwrap().legend.map(|v| v as u32);
    let total = img.count(battles, img.all());
    let in_legend = img.count(battles, [legend[0], legend[1], legend[2], legend[3]]);
    let at_marker = img.count(battles, [(x - 12.0) as u32, (y - 12.0) as u32, (x + 13.0) as u32, (y + 13.0) as u32]);
    assert_eq!(total, in_legend + at_marker);
}

#[test]
fn legend_shows_exactly_the_types_present() {
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 2, "Aleppo"),
        event(DAMASCUS.0, DAMASCUS.1, "2013-05-16", "Protests", 0, "Damascus"),
        event(DAMASCUS.0 + 0.05, DAMASCUS.1, "2013-05-16", "Protests", 0, "Jobar"),
    ];
    let map = draw_map(&events, &small_map()).unwrap();
    assert!(!map.density);
    let img = decode(&super::png::encode_rgb(map.canvas.width, map.canvas.height, &map.canvas.buf).unwrap());
    let l = map.legend.map(|v| v as u32);
    for (t, style) in TYPE_STYLES.iter().enumerate() {
        let n = img.count(style.color, l);
        if t == 0 || t == 3 {
            assert!(n >= 10, "{}: swatch missing from the legend ({n} px)", style.name);
        } else {
            assert_eq!(n, 0, "{}: in the legend but not in the data", style.name);
            assert_eq!(img.count(style.color, img.all()), 0, "{} colour drawn somewhere", style.name);
        }
    }
}

#[test]
fn no_events_still_draws_a_world_map_with_a_note() {
    let opts = small_map();
    let img = decode(&render_map(&[], &opts).unwrap());
    assert_eq!((img.width, img.height), (480, 360));
    assert!(map_projection(&[], &opts).unwrap().width_km() > 20_000.0);
    // Land and sea are both there…
    assert!(img.count(super::style::LAND, img.all()) > 5_000);
    assert!(img.count(super::style::SEA, img.all()) > 5_000);
    // …and the note box in the middle holds dark text.
    let (cx, cy) = (240, 180);
    let dark = (cx - 80..cx + 80)
        .flat_map(|x| (cy - 10..cy + 10).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y).iter().all(|&c| c < 90))
        .count();
    assert!(dark > 50, "no text in the note box ({dark} dark px)");
}

#[test]
fn a_bbox_is_honoured_even_without_events() {
    let opts = MapOptions { bbox: Some([35.0, 32.0, 42.5, 37.5]), ..small_map() };
    let b = map_projection(&[], &opts).unwrap().bbox();
    assert!(b[0] <= 35.0 && b[1] <= 32.0 && b[2] >= 42.5 && b[3] >= 37.5, "{b:?}");
    assert!(b[2] - b[0] < 12.0, "{b:?}");
}

#[test]
fn a_bad_bbox_is_the_users_error() {
    let opts = MapOptions { bbox: Some([40.0, 30.0, 35.0, 37.0]), ..small_map() };
    let err = render_map(&[], &opts).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
}

#[test]
fn many_events_switch_to_a_density_grid() {
    // A deterministic scatter over northern Syria, densest around Aleppo.
    let mut state = 42u64;
    let mut rnd = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let events: Vec<Event> = (0..DENSITY_THRESHOLD + 500)
        .map(|i| {
            let spread = if i % 3 == 0 { 0.2 } else { 2.0 };
            let (lon, lat) = (ALEPPO.0 + (rnd() - 0.5) * spread, ALEPPO.1 + (rnd() - 0.5) * spread);
            event(lon, lat, "2013-05-15", if i % 2 == 0 { "Battles" } else { "Riots" }, 0, "")
        })
        .collect();
    let opts = MapOptions { width: 320, height: 240, ..MapOptions::default() };
    let map = draw_map(&events, &opts).unwrap();
    assert!(map.density);
    let img = decode(&super::png::encode_rgb(map.canvas.width, map.canvas.height, &map.canvas.buf).unwrap());
    // The densest cells, around Aleppo, are painted from the top of the scale (yellow-green,
    // blended at 90 % over the basemap); the sparse surroundings from the bottom (purple).
    let (x, y) = map.proj.to_px(ALEPPO.0, ALEPPO.1);
    let near = |r: i64| (-r..=r).flat_map(move |dy| (-r..=r).map(move |dx| (x as i64 + dx, y as i64 + dy)));
    let bright = near(6).filter(|&(px, py)| {
        let p = img.pixel(px as u32, py as u32);
        p[1] > 180 && p[2] < 110
    });
    assert!(bright.count() > 10, "no bright cells around Aleppo");
    let purple = img.rgb.chunks(3).filter(|p| p[0] > 50 && p[0] < 110 && p[1] < 70 && p[2] > 80).count();
    assert!(purple > 50, "no low-density cells");
    // No type markers in density mode.
    assert_eq!(img.count(TYPE_STYLES[0].color, img.all()), 0);
}

#[test]
fn timeline_of_two_days_has_bars_in_two_bins() {
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 5, "Aleppo"),
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 0, "Aleppo"),
        event(DAMASCUS.0, DAMASCUS.1, "2013-05-18", "Battles", 1, "Damascus"),
    ];
    let opts = TimelineOptions { width: 480, height: 240, ..TimelineOptions::default() };
    let t = draw_timeline(&events, &opts).unwrap();
    assert_eq!(t.bin, Some(Bin::Day));
    assert_eq!(t.bin_x.len(), 4, "15, 16, 17 and 18 May");
    let img = decode(&render_timeline(&events, &opts).unwrap());
    let battles = TYPE_STYLES[0].color;
    let y = (t.zero_y - 3.0) as u32;
    let has_bar: Vec<bool> = t.bin_x.iter().map(|&x| img.pixel(x as u32, y) == battles).collect();
    assert_eq!(has_bar, [true, false, false, true]);
    // The first day's bar (2 events) is twice as tall as the last day's (1 event).
    // Bar height: from the axis up to the highest pixel of the bar colour (the fatalities line may
    // cross the bar, so do not stop at the first other colour).
    let height = |x: f64| {
        let top = (0..t.zero_y as u32).find(|&yy| img.pixel(x as u32 + 1, yy) == battles).unwrap();
        t.zero_y as u32 - top
    };
    let (h0, h3) = (height(t.bin_x[0]), height(t.bin_x[3]));
    assert!((h0 as f64 / h3 as f64 - 2.0).abs() < 0.1, "{h0} vs {h3}");
}

#[test]
fn empty_timeline_is_still_an_image() {
    let opts = TimelineOptions { width: 320, height: 160, ..TimelineOptions::default() };
    let img = decode(&render_timeline(&[], &opts).unwrap());
    assert_eq!((img.width, img.height), (320, 160));
    let dark = img.rgb.chunks(3).filter(|p| p.iter().all(|&c| c < 150)).count();
    assert!(dark > 30, "no text drawn");
}

#[test]
fn long_spans_get_week_and_month_bins() {
    let a = event(ALEPPO.0, ALEPPO.1, "2013-01-01", "Protests", 0, "Aleppo");
    let b = event(ALEPPO.0, ALEPPO.1, "2013-06-30", "Riots", 0, "Aleppo");
    let c = event(ALEPPO.0, ALEPPO.1, "2016-06-30", "Riots", 0, "Aleppo");
    let opts = TimelineOptions { width: 320, height: 160, ..TimelineOptions::default() };
    assert_eq!(draw_timeline(&[a.clone(), b], &opts).unwrap().bin, Some(Bin::Week));
    let t = draw_timeline(&[a.clone(), c.clone()], &opts).unwrap();
    assert_eq!((t.bin, t.bin_x.len()), (Some(Bin::Month), 42));
    let forced = TimelineOptions { bin: Some(Bin::Week), ..opts };
    assert_eq!(draw_timeline(&[a, c], &forced).unwrap().bin, Some(Bin::Week));
}

// ---- SVG, fixed views, frames, small multiples ------------------------------------------------

fn svg_map() -> MapOptions {
    MapOptions { format: ImageFormat::Svg, ..small_map() }
}

/// Elements of an SVG document with this `class`.
fn svg_class<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.attribute("class") == Some(class)).collect()
}

#[test]
fn svg_map_parses_as_xml_with_one_marker_per_event() {
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 2, "Aleppo"),
        event(DAMASCUS.0, DAMASCUS.1, "2013-05-16", "Protests", 0, "Damascus & <Ghouta>"),
        event(DAMASCUS.0 + 0.05, DAMASCUS.1, "2013-05-16", "Protests", 0, "Jobar"),
    ];
    let bytes = render_map(&events, &svg_map()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.attribute("viewBox")), ("svg", Some("0 0 480 360")));
    let markers = svg_class(&doc, "event");
    assert_eq!(markers.len(), 3, "one marker element per event");
    // Each marker sits where the projection puts its event, and says what it is in its tooltip.
    let proj = map_projection(&events, &svg_map()).unwrap();
    for e in &events {
        let (x, y) = proj.to_px(e.lon, e.lat);
        let m = markers
            .iter()
            .find(|m| m.descendants().any(|n| n.text().is_some_and(|t| t.contains(&e.location))))
            .unwrap_or_else(|| panic!("no marker titled {:?}", e.location));
        let pts: Vec<(f64, f64)> = m.attribute("d").unwrap().split(['M', 'L', 'Z']).filter_map(|p| {
            let mut it = p.split_whitespace().map(|v| v.parse::<f64>().unwrap());
            Some((it.next()?, it.next()?))
        }).collect();
        let (cx, cy) = (pts.iter().map(|p| p.0).sum::<f64>() / pts.len() as f64, pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64);
        assert!((cx - x).abs() < 3.0 && (cy - y).abs() < 3.0, "{}: marker at ({cx:.1}, {cy:.1}), event at ({x:.1}, {y:.1})", e.location);
    }
    // Labels are real text, and the legend names exactly the types present.
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"Aleppo") && texts.contains(&"Battles") && texts.contains(&"Protests"), "{texts:?}");
    assert!(!texts.contains(&"Riots"));
    assert_eq!(svg_class(&doc, "swatch").len(), 2);
}

#[test]
fn svg_timeline_parses_as_xml() {
    let events = [event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 5, "Aleppo")];
    let opts = TimelineOptions { width: 480, height: 240, format: ImageFormat::Svg, ..TimelineOptions::default() };
    let text = String::from_utf8(render_timeline(&events, &opts).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert!(doc.descendants().any(|n| n.has_tag_name("text") && n.text() == Some("Events over time")));
}

#[test]
fn a_fixed_view_counts_and_lists_only_the_events_in_it() {
    // Riots in Baghdad lie outside a box around Aleppo: not in the legend, not in the count.
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 0, "Aleppo"),
        event(44.36, 33.31, "2013-05-15", "Riots", 0, "Baghdad"),
    ];
    let opts = MapOptions { bbox: Some(bbox_around(ALEPPO.0, ALEPPO.1, 50.0)), ..small_map() };
    let map = draw_map(&events, &opts).unwrap();
    let img = decode(&super::png::encode_rgb(map.canvas.width, map.canvas.height, &map.canvas.buf).unwrap());
    assert!(img.count(TYPE_STYLES[0].color, img.all()) > 10);
    assert_eq!(img.count(TYPE_STYLES[4].color, img.all()), 0, "Riots outside the view drawn or listed");
    let b = map.proj.bbox();
    assert!(b[2] - b[0] < 3.0 && b[0] < ALEPPO.0 && ALEPPO.0 < b[2], "{b:?}");
}

#[test]
fn frames_one_per_week_with_the_same_view_and_markers_in_place() {
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-13", "Battles", 0, "Aleppo"), // Monday, week 20
        event(DAMASCUS.0, DAMASCUS.1, "2013-05-19", "Battles", 0, "Damascus"), // Sunday, week 20
        // nothing in week 21
        event(DAMASCUS.0, DAMASCUS.1, "2013-05-27", "Protests", 0, "Damascus"), // week 22
    ];
    let mut frames = Vec::new();
    let n = render_map_frames(&events, &small_map(), Bin::Week, |f| {
        frames.push(f);
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 3);
    let keys: Vec<&str> = frames.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["2013-W20", "2013-W21", "2013-W22"]);
    assert_eq!(frames.iter().map(|f| f.events).collect::<Vec<_>>(), [2, 0, 1]);
    assert!(frames.iter().all(|f| f.bbox == frames[0].bbox), "extents differ");
    // The whole series' view: both cities in every frame.
    let proj = map_projection(&events, &small_map()).unwrap();
    assert_eq!(proj.bbox(), frames[0].bbox);
    let protests = TYPE_STYLES[3].color;
    let (x, y) = proj.to_px(DAMASCUS.0, DAMASCUS.1);
    let near = [(x - 3.0) as u32, (y - 3.0) as u32, (x + 4.0) as u32, (y + 4.0) as u32];
    let last = decode(&frames[2].bytes);
    assert!(last.count(protests, near) > 0, "week 22's protest is not where the projection puts it");
    let first = decode(&frames[0].bytes);
    assert!(first.count(TYPE_STYLES[0].color, near) > 0);
    // Same legend rows in every frame: Protests has a swatch in week 20 too (count 0).
    assert!(first.count(protests, first.all()) > 5, "legend rows differ between frames");
    // The empty week says so.
    let empty = decode(&frames[1].bytes);
    let (cx, cy) = (240, (360 / 2) as u32);
    let dark = (cx - 60..cx + 60).flat_map(|x| (cy - 20..cy + 20).map(move |y| (x, y))).filter(|&(x, y)| empty.pixel(x, y).iter().all(|&c| c < 90)).count();
    assert!(dark > 30, "no note in the empty frame");
}

#[test]
fn period_keys_sort_and_follow_iso_weeks() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(Bin::Week.period_key(d("2024-12-30")), "2025-W01"); // ISO week year
    assert_eq!(Bin::Month.period_key(d("2024-03-01")), "2024-03");
    assert_eq!(Bin::Day.period_key(d("2024-03-09")), "2024-03-09");
    assert_eq!(Bin::Week.period_label(d("2024-03-11")), "Week 11, 11–17 Mar 2024");
}

#[test]
fn timeline_small_multiples_one_panel_per_country() {
    let mut iraq = event(44.36, 33.31, "2013-05-18", "Riots", 0, "Baghdad");
    iraq.country_code = "IQ".into();
    let events = [
        event(ALEPPO.0, ALEPPO.1, "2013-05-15", "Battles", 1, "Aleppo"),
        event(ALEPPO.0, ALEPPO.1, "2013-05-16", "Battles", 0, "Aleppo"),
        iraq,
    ];
    let opts = TimelineOptions { width: 480, height: 400, by: Some(GroupBy::Country), ..TimelineOptions::default() };
    let t = draw_timeline(&events, &opts).unwrap();
    // With only the top panel, Iraq's Riots are neither drawn nor in the legend.
    let top1 = draw_timeline(&events, &TimelineOptions { top: 1, ..opts.clone() }).unwrap();
    let img1 = decode(&super::png::encode_rgb(top1.canvas.width, top1.canvas.height, &top1.canvas.buf).unwrap());
    assert_eq!((top1.panels.len(), img1.count(TYPE_STYLES[4].color, img1.all())), (1, 0));
    assert_eq!(t.panels.len(), 2);
    assert_eq!(t.bin_x.len(), 4, "15–18 May");
    let img = decode(&super::png::encode_rgb(t.canvas.width, t.canvas.height, &t.canvas.buf).unwrap());
    // Syria (2 events) is the top panel with Battles on the 15th; Iraq below with Riots on the 18th,
    // and the shared x axis puts them in the same columns.
    let (syria, iraq) = (t.panels[0], t.panels[1]);
    assert!(syria[3] < iraq[1]);
    let at = |p: [f64; 4], i: usize| img.pixel(t.bin_x[i] as u32, (p[3] - 4.0) as u32);
    assert_eq!(at(syria, 0), TYPE_STYLES[0].color);
    assert_eq!(at(iraq, 3), TYPE_STYLES[4].color);
    assert_ne!(at(iraq, 0), TYPE_STYLES[0].color);
    // Shared y scale: one event is the same bar height in both panels.
    let height = |p: [f64; 4], i: usize, c: [u8; 3]| (p[1] as u32..p[3] as u32).filter(|&y| img.pixel(t.bin_x[i] as u32, y) == c).count();
    assert_eq!(height(syria, 1, TYPE_STYLES[0].color), height(iraq, 3, TYPE_STYLES[4].color));
}
