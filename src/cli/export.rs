//! `conflictmap export -o FILE`: write the selected events as GeoJSON, GeoJSONSeq,
//! GeoJSON lines, CSV, KML, a Leaflet page or a GeoPackage.

use std::path::{Path, PathBuf};

use super::common::{check_overwrite, open_existing, part_path, FilterArgs, OutputFile};
use crate::export::{Format, Writer};
use crate::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output file; the format follows the extension: .geojson/.json, .geojsons, .geojsonl/.ndjson, .csv, .kml, .html, .gpkg. `-` = stdout (GeoJSON unless -f says otherwise).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Format, overriding the extension: GeoJSON, GeoJSONSeq, GeoJSONL, CSV, KML, HTML, GPKG.
    #[arg(short = 'f', long = "format")]
    pub format: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(cli: &super::Cli, args: &Args) -> Result<()> {
    let to_stdout = args.output.as_os_str() == "-";
    let format = match &args.format {
        Some(f) => f.parse::<Format>()?,
        None if to_stdout => Format::GeoJson,
        None => Format::from_path(&args.output)?,
    };
    check_overwrite(&args.output, args.force)?;
    if !to_stdout && same_file(&args.output, &cli.db) {
        return Err(Error::input_hint(
            args.output.display().to_string(),
            "is the store being exported",
            "write the export to another file",
        ));
    }
    let filter = args.filter.to_filter()?;
    let store = open_existing(&cli.db)?;
    let count = if format.is_stream() {
        let mut out = OutputFile::create(&args.output, args.force)?;
        let mut writer = Writer::new(format, &mut out)?;
        store.each_event(&filter, |event| writer.write(&event))?;
        let count = writer.finish()?;
        out.finish()?;
        count
    } else {
        // SQLite writes a file, not a stream: build it beside the target (or in the temp
        // folder for stdout), then move it into place.
        let part = if to_stdout {
            std::env::temp_dir().join(format!("conflictmap-export-{}.gpkg", std::process::id()))
        } else {
            part_path(&args.output)
        };
        remove_if_present(&part)?;
        let copied = store.copy_events(&filter, &part);
        let placed = copied.and_then(|count| {
            if to_stdout {
                let mut file = std::fs::File::open(&part).map_err(|e| Error::io(&part, e))?;
                let mut out = OutputFile::create(&args.output, args.force)?;
                std::io::copy(&mut file, &mut out).map_err(|e| Error::io("<stdout>", e))?;
                out.finish()?;
                remove_if_present(&part)?;
            } else {
                std::fs::rename(&part, &args.output).map_err(|e| Error::io(&args.output, e))?;
            }
            Ok(count)
        });
        if placed.is_err() {
            let _ = remove_if_present(&part);
        }
        placed?
    };
    if !to_stdout {
        eprintln!(
            "wrote {count} event(s) to {} ({format})",
            args.output.display()
        );
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<()> {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(PathBuf::from(name), e))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
