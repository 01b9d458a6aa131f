//! `conflictmap explain EVENT_ID`: why an event was coded as it was — every field with the
//! rule that decided it, and every report it was merged from.

use std::io::Write;

use super::common::open_existing;
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event's id (the `id` column of `query`).
    pub id: i64,
    /// Print the event and its sources as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let store = open_existing(&cli.db)?;
    let event = store.event(args.id)?.ok_or_else(|| {
        Error::input_hint(format!("event {}", args.id), "no such event in this store", "list ids with `conflictmap query`")
    })?;
    let sources = store.event_sources(args.id)?;
    let mut out = std::io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if args.json {
        let sources: Vec<serde_json::Value> = sources
            .iter()
            .map(|s| serde_json::json!({
                "article_id": s.article_id, "url": s.url, "title": s.title, "published": s.published,
                "sentence": s.sentence, "sentence_start": s.sentence_start, "sentence_end": s.sentence_end,
                "fatalities": s.fatalities, "actor1": s.actor1, "actor2": s.actor2,
            }))
            .collect();
        let v = serde_json::json!({ "event": event, "sources": sources });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(w)?;
        return Ok(());
    }
    let e = &event;
    let lines = [
        format!("event {}: {} / {} (CAMEO {})", e.id, e.event_type, e.sub_event_type, e.cameo_root),
        format!("  type       decided by {}", e.type_rule),
        format!("  date       {} (time precision {}: {}), by {}", e.event_date, e.time_precision, ["", "day", "week", "month"].get(e.time_precision as usize).unwrap_or(&"?"), e.date_rule),
        format!("  place      {} ({}{}) at {:.5}, {:.5} (lon, lat), GeoNames {}, geo-precision {}, by {}",
            e.location, e.country_code, if e.admin1.is_empty() { String::new() } else { format!(", {}", e.admin1) },
            e.lon, e.lat, e.geonameid.map(|g| g.to_string()).unwrap_or_else(|| "-".into()), e.geo_precision, e.place_rule),
        format!("  actors     {} | {}", e.actor1.as_deref().unwrap_or("-"), e.actor2.as_deref().unwrap_or("-")),
        format!("  fatalities {} (the lowest figure among the reports)", e.fatalities),
        format!("  sources    {}", sources.len()),
    ];
    for l in lines {
        writeln!(out, "{l}").map_err(w)?;
    }
    for (i, s) in sources.iter().enumerate() {
        writeln!(out, "  [{}] {} — {}{}", i + 1, s.url, s.title, s.published.map(|d| format!(" ({d})")).unwrap_or_default()).map_err(w)?;
        writeln!(out, "      chars {}..{}: \"{}\"", s.sentence_start, s.sentence_end, s.sentence).map_err(w)?;
        writeln!(out, "      fatalities {}, actors {} | {}", s.fatalities, s.actor1.as_deref().unwrap_or("-"), s.actor2.as_deref().unwrap_or("-")).map_err(w)?;
    }
    Ok(())
}
