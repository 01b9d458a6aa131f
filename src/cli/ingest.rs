//! `conflictmap ingest FILE...`: read articles, code their events, store them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::events::code_article;
use crate::ingest::{parse_date, read_path, read_url, Article, IngestOptions, SourceFormat};
use crate::resolve::Gazetteer;
use crate::store::{content_hash, ArticleRecord, IngestOutcome, MentionRecord, Store};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders or http(s) URLs to read (`-` = standard input). Plain text, HTML, JSON
    /// lines ({"text": ..., "published": ..., "url": ..., "title": ...} per line), RSS/Atom.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD): relative dates ("on Wednesday") are resolved against it.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The article's URL (kept as its source).
    #[arg(long)]
    pub url: Option<String>,
    /// The article's title.
    #[arg(long)]
    pub title: Option<String>,
    /// Input format, when the extension and content don't tell: text, html, jsonl, feed.
    #[arg(long, value_parser = ["text", "html", "jsonl", "feed"])]
    pub format: Option<String>,
}

/// Extensions read when a folder is given.
const ARTICLE_EXTENSIONS: [&str; 10] = ["txt", "text", "html", "htm", "jsonl", "ndjson", "json", "xml", "rss", "atom"];

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let published = match &args.published {
        None => None,
        Some(s) => Some(parse_date(s).ok_or_else(|| {
            Error::input_hint("--published", format!("not a date: {s:?}"), "write it as YYYY-MM-DD, e.g. 2013-05-16")
        })?),
    };
    let opts = IngestOptions {
        published,
        url: args.url.clone(),
        title: args.title.clone(),
        format: args.format.as_deref().map(|f| match f {
            "html" => SourceFormat::Html,
            "jsonl" => SourceFormat::Jsonl,
            "feed" => SourceFormat::Feed,
            _ => SourceFormat::Text,
        }),
    };
    // read everything first: a bad input stops the run before the store is touched
    let mut articles = Vec::new();
    for f in &args.files {
        let arg = f.to_string_lossy();
        if arg.starts_with("http://") || arg.starts_with("https://") {
            articles.extend(read_url(&arg, &opts)?);
            continue;
        }
        for path in expand(f)? {
            articles.extend(read_path(&path, &opts)?);
        }
    }
    let gaz = Gazetteer::default_for_cli()?;
    let today = chrono::Local::now().date_naive();
    let summary = ingest_articles(&cli.db, &articles, gaz, today)?;
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "{}: {} article(s) read, {} new, {} already stored; {} new event(s), {} merged into existing ones",
        cli.db.display(), articles.len(), summary.new_articles, summary.duplicates, summary.events_new, summary.events_merged
    );
    Ok(())
}

/// What one ingest run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub new_articles: usize,
    pub duplicates: usize,
    pub events_new: usize,
    pub events_merged: usize,
    pub warnings: Vec<String>,
}

/// Code and store a batch of articles in one transaction.
pub fn ingest_articles(db: &Path, articles: &[Article], gaz: &Gazetteer, today: NaiveDate) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut rows: Vec<(ArticleRecord, Vec<MentionRecord>, Vec<crate::events::Event>)> = Vec::with_capacity(articles.len());
    for a in articles {
        let published = match a.published {
            Some(d) => d,
            None => {
                summary.warnings.push(format!(
                    "{}: no publication date (pass --published YYYY-MM-DD); relative dates resolved against today, {today}",
                    a.source
                ));
                today
            }
        };
        let coded = code_article(a, published, gaz);
        let record = ArticleRecord {
            url: if a.url.is_empty() { a.source.clone() } else { a.url.clone() },
            title: a.title.clone(),
            published: a.published,
            source_path: a.source.clone(),
            text: a.text.clone(),
            content_hash: content_hash(&a.text),
            format: serde_json::to_value(a.format).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        };
        let mentions = coded
            .mentions
            .iter()
            .map(|(m, sentence_index)| MentionRecord {
                start: m.start,
                end: m.end,
                text: m.text.clone(),
                geonameid: m.geonameid,
                name: m.name.as_deref().unwrap_or_default().to_string(),
                lon: m.lon,
                lat: m.lat,
                country_code: m.country_code.as_deref().unwrap_or_default().to_string(),
                admin1: m.admin1.as_deref().unwrap_or_default().to_string(),
                feature_code: m.feature_code.as_deref().unwrap_or_default().to_string(),
                score: m.score,
                pass: m.pass.to_string(),
                sentence_index: *sentence_index,
            })
            .collect();
        rows.push((record, mentions, coded.events));
    }
    let mut store = Store::open(db)?;
    let outcomes = store.insert_articles(rows.iter().map(|(a, m, e)| (a, m.as_slice(), e.as_slice())))?;
    for o in outcomes {
        match o {
            IngestOutcome::Duplicate { .. } => summary.duplicates += 1,
            IngestOutcome::Stored { events_new, events_merged, .. } => {
                summary.new_articles += 1;
                summary.events_new += events_new;
                summary.events_merged += events_merged;
            }
        }
    }
    Ok(summary)
}

/// A file as is; a folder as the article files in it (recursively, sorted).
fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    if path.as_os_str() == "-" || !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut skipped = 0usize;
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries {
            let p = entry.map_err(|e| Error::io(&dir, e))?.path();
            if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())) {
                out.push(p);
            } else {
                skipped += 1;
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Error::input_hint(
            path.display().to_string(),
            format!("folder holds no article files ({skipped} other file(s) skipped)"),
            format!("ingest reads files ending in .{}", ARTICLE_EXTENSIONS.join(", .")),
        ));
    }
    Ok(out)
}
