//! `conflictmap query` (alias `events`): list stored events, filtered and ordered.

use std::io::Write;

use super::common::{open_existing, FilterArgs, OutputArgs};
use crate::export::{Format, Writer};
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
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let w = |e: std::io::Error| Error::io("<stdout>", e);
    let o = &args.output;
    if o.csv || o.geojson {
        let format = if o.csv { Format::Csv } else { Format::GeoJson };
        let mut writer = Writer::new(format, &mut out)?;
        store.each_event(&filter, |e| writer.write(&e))?;
        writer.finish()?;
    } else if o.nl {
        // JSON lines of the event records (not GeoJSON features: `export -o -.geojsonl` is that)
        store.each_event(&filter, |e| {
            serde_json::to_writer(&mut out, &e).map_err(|e| w(e.into()))?;
            out.write_all(b"\n").map_err(w)
        })?;
    } else if o.json {
        out.write_all(b"[").map_err(w)?;
        let mut first = true;
        store.each_event(&filter, |e| {
            out.write_all(if first { b"\n" } else { b",\n" })
                .map_err(w)?;
            first = false;
            serde_json::to_writer_pretty(&mut out, &e).map_err(|e| w(e.into()))
        })?;
        out.write_all(b"\n]\n").map_err(w)?;
    } else {
        writeln!(
            out,
            "{:>5}  {:<10}  {:<27} {:<34} {:<22} {:>2} {:>9} {:>9} {:>4}  actors",
            "id", "date", "type", "sub-type", "location", "cc", "lat", "lon", "dead"
        )
        .map_err(w)?;
        let n = store.each_event(&filter, |e| {
            let actors = [e.actor1.as_deref(), e.actor2.as_deref()]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(" vs ");
            writeln!(
                out,
                "{:>5}  {:<10}  {:<27} {:<34} {:<22} {:>2} {:>9.4} {:>9.4} {:>4}  {}",
                e.id,
                e.event_date,
                trunc(&e.event_type, 27),
                trunc(&e.sub_event_type, 34),
                trunc(&e.location, 22),
                e.country_code,
                e.lat,
                e.lon,
                e.fatalities,
                actors
            )
            .map_err(w)
        })?;
        out.flush().map_err(w)?;
        eprintln!("{n} event(s)");
    }
    out.flush().map_err(w)
}

pub fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}
