//! Compiles the embedded gazetteer (`data/gazetteer/`) into a ready-to-use index in
//! OUT_DIR once per build, so that start-up parses nothing (see src/resolve/index_build.rs).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

#[allow(dead_code)]
#[path = "src/resolve/normalize.rs"]
mod normalize;
#[allow(dead_code)]
#[path = "src/resolve/index_build.rs"]
mod index_build;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    // CONFLICTMAP_GAZETTEER_TSV: build with another places table (developers' override).
    println!("cargo:rerun-if-env-changed=CONFLICTMAP_GAZETTEER_TSV");
    let gz = match std::env::var_os("CONFLICTMAP_GAZETTEER_TSV") {
        Some(p) => std::path::PathBuf::from(p),
        None => Path::new(&manifest).join("data/gazetteer/places.tsv.gz"),
    };
    let extra = Path::new(&manifest).join("data/gazetteer/extra.tsv");
    for p in [&gz, &extra] {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    println!("cargo:rerun-if-changed=src/resolve/normalize.rs");
    println!("cargo:rerun-if-changed=src/resolve/index_build.rs");

    let mut rows = Vec::new();
    let file = std::fs::File::open(&gz)
        .unwrap_or_else(|e| panic!("{}: {e}\nhint: run `bash scripts/build-data.sh`", gz.display()));
    read_rows(BufReader::new(flate2::read::GzDecoder::new(file)), &gz, &mut rows);
    if let Ok(file) = std::fs::File::open(&extra) {
        read_rows(BufReader::new(file), &extra, &mut rows);
    }
    let blobs = index_build::build(rows).unwrap_or_else(|e| panic!("gazetteer index: {e}"));
    let out = Path::new(&out);
    for (name, bytes) in [
        ("gaz_places.bin", &blobs.places),
        ("gaz_strings.bin", &blobs.strings),
        ("gaz_postings.bin", &blobs.postings),
        ("gaz_names.fst", &blobs.fst),
    ] {
        std::fs::write(out.join(name), bytes).expect("write index blob");
    }
}

fn read_rows(reader: impl Read, path: &Path, rows: &mut Vec<index_build::Row>) {
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        if n == 0 || line.trim().is_empty() || line.starts_with('#') {
            continue; // header, blank or comment
        }
        match index_build::parse_row(&line) {
            Ok(row) => rows.push(row),
            Err(e) => panic!("{}:{}: {e}", path.display(), n + 1),
        }
    }
}
