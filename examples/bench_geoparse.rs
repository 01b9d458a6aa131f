//! Geoparsing throughput on a corpus of texts (used by bench/geoparse.sh).
//!
//! Usage: cargo run --release --example bench_geoparse -- GWN.xml [ROUNDS]
//! Prints gazetteer load time, articles/s and MB/s on one core (after start-up; also the
//! first pass alone, before per-thread memos are warm). Uses the
//! gazetteer the command line would (`CONFLICTMAP_GAZETTEER=embedded` forces the built-in one).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_geoparse GWN.xml|lgl.xml [ROUNDS]");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let t0 = Instant::now();
    // the gazetteer every command uses: a user index when CONFLICTMAP_GAZETTEER names one
    let gaz = conflictmap::resolve::Gazetteer::default_for_cli().unwrap_or_else(|e| panic!("{e}"));
    let load = t0.elapsed();
    let p = std::path::Path::new(&path);
    let docs = if path.contains("lgl") {
        conflictmap::eval::gold::read_lgl(p)
    } else {
        conflictmap::eval::gold::read_gwn(p)
    }
    .expect("read corpus");
    if std::env::var("BENCH_SPLIT").is_ok() {
        split(&docs, gaz, rounds);
    }
    // warm up (lazy word lists, per-thread memos), timed apart: a corpus seen once
    let mut n = 0usize;
    let t = Instant::now();
    for d in &docs {
        n += conflictmap::resolve::geoparse(&d.text, gaz).len();
    }
    let first_pass = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            n += conflictmap::resolve::geoparse(&d.text, gaz).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum::<usize>() * rounds;
    let arts = docs.len() * rounds;
    println!(
        "gazetteer_load_ms {:.2}\narticles {}\nbytes {}\nmentions {}\narticles_per_s {:.0}\nmb_per_s {:.2}\nfirst_pass_articles_per_s {:.0}",
        load.as_secs_f64() * 1000.0,
        arts,
        bytes / rounds,
        n / (rounds + 1),
        arts as f64 / secs,
        bytes as f64 / 1e6 / secs,
        docs.len() as f64 / first_pass
    );
}

/// Stage split (recognition only vs everything), printed when BENCH_SPLIT=1.
#[allow(dead_code)]
fn split(docs: &[conflictmap::eval::gold::GoldDoc], gaz: &conflictmap::resolve::Gazetteer, rounds: usize) {
    let t = Instant::now();
    let mut n = 0;
    let mut nt = conflictmap::extract::toponyms::NormText::default();
    for _ in 0..rounds {
        for d in docs {
            nt.set(&d.text);
            n += nt.chars.len();
        }
    }
    println!("normtext_only_articles_per_s {:.0} ({n})", (docs.len() * rounds) as f64 / t.elapsed().as_secs_f64());
    let t = Instant::now();
    for _ in 0..rounds {
        for d in docs {
            n += conflictmap::extract::toponyms::find_toponyms(&d.text, gaz).len();
        }
    }
    println!("recognition_only_articles_per_s {:.0} ({n})", (docs.len() * rounds) as f64 / t.elapsed().as_secs_f64());
}
