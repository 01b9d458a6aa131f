//! Draw sample maps and timelines into a directory, and time a 1,000,000-event density map and
//! timeline (median of 5 runs, in memory to PNG bytes, one thread).
//!
//! ```text
//! cargo run --release --example render_bench -- /tmp/conflictmap-render [--bench-only]
//! ```
//! Figures go to stdout (`figure NAME SECONDS` lines are read by bench/render.sh, which also times
//! the same plots with geopandas + matplotlib from `points_1m.csv`); the images are for looking at,
//! not for tests.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use conflictmap::events::Event;
use conflictmap::render::{
    bbox_around, render_map, render_map_frames, render_timeline, Bin, GroupBy, ImageFormat, MapOptions, TimelineOptions,
};

/// Some Syrian places (GeoNames coordinates, rounded).
const PLACES: &[(&str, f64, f64)] = &[
    ("Aleppo", 37.1343, 36.2021),
    ("Damascus", 36.2765, 33.5102),
    ("Homs", 36.7235, 34.7324),
    ("Hama", 36.7578, 35.1318),
    ("Idlib", 36.6331, 35.9306),
    ("Deir ez-Zor", 40.1408, 35.3359),
    ("Raqqa", 39.0164, 35.9528),
    ("Daraa", 36.1033, 32.6189),
    ("Latakia", 35.7917, 35.5167),
    ("Al-Bab", 37.5158, 36.3706),
    ("Azaz", 37.0439, 36.5866),
    ("Manbij", 37.9500, 36.5281),
    ("Al-Qusayr", 36.5797, 34.5092),
    ("Douma", 36.4013, 33.5711),
    ("Jobar", 36.3300, 33.5300),
    ("Maarat al-Numan", 36.6717, 35.6436),
    ("Khan Shaykhun", 36.6383, 35.4417),
    ("Palmyra", 38.2684, 34.5560),
    ("Tal Abyad", 38.9490, 36.6975),
    ("Qamishli", 41.2266, 37.0513),
    ("Hasakah", 40.7412, 36.5024),
    ("Kobani", 38.3570, 36.8900),
    ("Saraqib", 36.8000, 35.8644),
    ("Jisr al-Shughur", 36.3181, 35.8117),
];

const TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() * xs.len() as f64) as usize % xs.len()]
    }
}

fn event(lon: f64, lat: f64, date: NaiveDate, event_type: &str, fatalities: u32, location: &str) -> Event {
    Event {
        id: 0,
        event_date: date,
        time_precision: 1,
        event_type: event_type.to_string(),
        sub_event_type: String::new(),
        cameo_root: String::new(),
        actor1: None,
        actor2: None,
        fatalities,
        location: location.to_string(),
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

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Events at the listed places, spread over `days` days from `start`.
fn syria(rng: &mut Rng, n: usize, start: &str, days: i64, jitter: f64) -> Vec<Event> {
    (0..n)
        .map(|_| {
            let (name, lon, lat) = rng.pick(PLACES);
            let t = rng.pick(&TYPES);
            let f = if rng.next() < 0.4 { 0 } else { (rng.next().powi(3) * 120.0) as u32 };
            let d = day(start) + Duration::days((rng.next() * days as f64) as i64);
            event(lon + rng.normal() * jitter, lat + rng.normal() * jitter, d, t, f, name)
        })
        .collect()
}

fn write(dir: &str, name: &str, bytes: &[u8]) {
    let path = format!("{dir}/{name}");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("wrote {path} ({} KB)", bytes.len() / 1024);
}

/// Median and best of `runs` timings of `f`, in seconds.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], last.unwrap())
}

/// The events as CSV for the peer benchmark (bench/render_peer.py reads the same points).
fn write_csv(path: &str, events: &[Event]) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap_or_else(|e| panic!("{path}: {e}")));
    writeln!(out, "longitude,latitude,event_date,event_type,fatalities").unwrap();
    for e in events {
        writeln!(out, "{:.5},{:.5},{},{},{}", e.lon, e.lat, e.event_date, e.event_type, e.fatalities).unwrap();
    }
    out.flush().unwrap();
    println!("wrote {path} ({} events)", events.len());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.iter().find(|a| !a.starts_with("--")).cloned().unwrap_or_else(|| "/tmp/conflictmap-render".into());
    let samples = !args.iter().any(|a| a == "--bench-only");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let map = MapOptions::default();

    let t = Instant::now();
    let one = [event(37.1343, 36.2021, day("2013-05-15"), "Battles", 7, "Aleppo Central Prison")];
    let png = render_map(&one, &MapOptions { title: Some("Assault on Aleppo Central Prison".into()), ..map.clone() }).unwrap();
    println!("first map (parses the basemap): {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let mixed = syria(&mut rng, 80, "2013-05-01", 30, 0.0);
    if samples {
        write(&dir, "map_aleppo_single.png", &png);
        let svg = MapOptions { format: ImageFormat::Svg, title: Some("Assault on Aleppo Central Prison".into()), ..map.clone() };
        write(&dir, "map_aleppo_single.svg", &render_map(&one, &svg).unwrap());
        let t = Instant::now();
        let png = render_map(&mixed, &map).unwrap();
        println!("80-event map: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
        write(&dir, "map_syria_80.png", &png);
        write(&dir, "map_syria_80.svg", &render_map(&mixed, &MapOptions { format: ImageFormat::Svg, ..map.clone() }).unwrap());

        let cluster: Vec<Event> = PLACES[..1]
            .iter()
            .chain(PLACES[9..12].iter())
            .flat_map(|&(name, lon, lat)| {
                let d = day("2016-08-01");
                (0..6).map(move |i| event(lon + 0.01 * i as f64, lat, d, TYPES[i % 6], (i * 4) as u32, name))
            })
            .collect();
        write(&dir, "map_aleppo_cluster.png", &render_map(&cluster, &map).unwrap());
        write(&dir, "map_empty.png", &render_map(&[], &map).unwrap());
        let bbox = MapOptions { bbox: Some([34.5, 32.0, 42.5, 37.6]), title: Some("Syria".into()), ..map.clone() };
        write(&dir, "map_empty_bbox.png", &render_map(&[], &bbox).unwrap());
        let around = MapOptions { bbox: Some(bbox_around(37.1343, 36.2021, 60.0)), title: Some("Within 60 km of Aleppo".into()), ..map.clone() };
        write(&dir, "map_around_aleppo.png", &render_map(&mixed, &around).unwrap());
        let small = MapOptions { width: 640, height: 480, ..map.clone() };
        write(&dir, "map_syria_80_small.png", &render_map(&mixed, &small).unwrap());
        let frames = MapOptions { width: 800, height: 600, ..map.clone() };
        render_map_frames(&mixed, &frames, Bin::Week, |f| {
            write(&dir, &format!("frame-{}.png", f.key), &f.bytes);
            Ok(())
        })
        .unwrap();
    }

    // Density: a million events around Syrian towns.
    let million = syria(&mut rng, 1_000_000, "2012-01-01", 2000, 0.15);
    write_csv(&format!("{dir}/points_1m.csv"), &million);
    let (median, best, png) = time(5, || render_map(&million, &map).unwrap());
    println!("1,000,000-event density map 1600×1200: median {:.0} ms, best {:.0} ms (5 runs)", median * 1e3, best * 1e3);
    println!("figure rust_map_1m_s {median:.4}");
    write(&dir, "map_density_1m.png", &png);

    let tl = TimelineOptions::default();
    let (median, best, png) = time(5, || render_timeline(&million, &tl).unwrap());
    println!("1,000,000-event timeline 1600×700: median {:.0} ms, best {:.0} ms (5 runs)", median * 1e3, best * 1e3);
    println!("figure rust_timeline_1m_s {median:.4}");
    let (median, _, _) = time(5, || render_timeline(&million[..1000], &tl).unwrap());
    println!("  of which drawing and encoding (a 1,000-event timeline): {:.0} ms", median * 1e3);
    let (median, _, _) = time(5, || render_map(&million[..1000], &map).unwrap());
    println!("  (a 1,000-event map: {:.0} ms)", median * 1e3);
    write(&dir, "timeline_months_1m.png", &png);

    if samples {
        // And a million spread over the whole world (worst case for the basemap: everything in view).
        let world: Vec<Event> = (0..1_000_000)
            .map(|_| event(rng.next() * 360.0 - 180.0, rng.next() * 140.0 - 60.0, day("2020-01-01"), "Battles", 0, ""))
            .collect();
        let t = Instant::now();
        let png = render_map(&world, &map).unwrap();
        println!("1,000,000 world-wide events 1600×1200: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
        write(&dir, "map_density_world_1m.png", &png);

        let few = syria(&mut rng, 120, "2013-05-01", 40, 0.0);
        write(&dir, "timeline_days.png", &render_timeline(&few, &tl).unwrap());
        let year = syria(&mut rng, 3000, "2013-01-01", 500, 0.0);
        write(&dir, "timeline_weeks.png", &render_timeline(&year, &tl).unwrap());
        write(&dir, "timeline_empty.png", &render_timeline(&[], &tl).unwrap());
        let forced = TimelineOptions { bin: Some(Bin::Month), width: 800, height: 400, ..tl.clone() };
        write(&dir, "timeline_small_months.png", &render_timeline(&year, &forced).unwrap());
        let mut actors = year.clone();
        for (i, e) in actors.iter_mut().enumerate() {
            e.actor1 = Some(["Military Forces of Syria", "Syrian rebels", "IS", "SDF"][i % 4].to_string());
        }
        let by = TimelineOptions { by: Some(GroupBy::Actor), top: 4, height: 1240, ..tl.clone() };
        write(&dir, "timeline_by_actor.png", &render_timeline(&actors, &by).unwrap());
        write(&dir, "timeline_by_actor.svg", &render_timeline(&actors, &TimelineOptions { format: ImageFormat::Svg, ..by }).unwrap());
    }
}
