//! `conflictmap query` (alias `events`): list stored events, filtered.

use std::io::Write;

use super::common::{open_existing, FilterArgs, OutputArgs};
use crate::export::{export, Format};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let events = store.events(&filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let w = |e| Error::io("<stdout>", e);
    let o = &args.output;
    if o.csv || o.nl || o.geojson {
        let f = if o.csv { Format::Csv } else if o.nl { Format::GeoJsonLines } else { Format::GeoJson };
        if o.nl {
            // plain JSON lines of the event records (not GeoJSON features)
            for e in &events {
                serde_json::to_writer(&mut out, e).map_err(|e| Error::io("<stdout>", e.into()))?;
                writeln!(out).map_err(w)?;
            }
        } else {
            export(&events, f, &mut out)?;
        }
    } else if o.json {
        serde_json::to_writer_pretty(&mut out, &events).map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
    } else {
        writeln!(out, "{:>5}  {:<10}  {:<27} {:<34} {:<22} {:>2} {:>9} {:>9} {:>4}  actors",
            "id", "date", "type", "sub-type", "location", "cc", "lat", "lon", "dead").map_err(w)?;
        for e in &events {
            let actors = [e.actor1.as_deref(), e.actor2.as_deref()].iter().flatten().copied().collect::<Vec<_>>().join(" vs ");
            writeln!(out, "{:>5}  {:<10}  {:<27} {:<34} {:<22} {:>2} {:>9.4} {:>9.4} {:>4}  {}",
                e.id, e.event_date, trunc(&e.event_type, 27), trunc(&e.sub_event_type, 34), trunc(&e.location, 22),
                e.country_code, e.lat, e.lon, e.fatalities, actors).map_err(w)?;
        }
        out.flush().map_err(w)?;
        eprintln!("{} event(s)", events.len());
    }
    out.flush().map_err(w)
}

pub fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n - 1).chain(std::iter::once('…')).collect() }
}
