//! End-to-end tests of `conflictmap geoparse` and `conflictmap gazetteer`: the real binary,
//! one temporary work dir per test, the GeoNames-layout fixtures in tests/fixtures/geonames/.
//! HOME and CONFLICTMAP_GAZETTEER are set on every run, so a user index on the machine
//! never leaks in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{fixture, succeeded, WorkDir};

/// Run the binary in `dir` with `gazetteer` as CONFLICTMAP_GAZETTEER and `stdin` as input.
fn run_in(dir: &Path, gazetteer: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflictmap"))
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env_remove("XDG_DATA_HOME")
        .env("CONFLICTMAP_GAZETTEER", gazetteer)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run conflictmap");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Run with the embedded gazetteer and return stdout, failing the test on a non-zero exit.
fn embedded(w: &WorkDir, args: &[&str], stdin: &str) -> String {
    succeeded(run_in(&w.dir, "embedded", args, stdin.as_bytes()), args)
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn geonames(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geonames").join(name).display().to_string()
}


/// The characters `[start, end)` of `text`.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn geoparse_nl_offsets_are_characters_not_bytes() {
    let w = WorkDir::new("offsets");
    let text = "Ḩalab’s neighbours — shelling hit Aleppo and Homs.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let aleppo = out.iter().find(|m| m["text"] == "Aleppo").expect("Aleppo found");
    assert_eq!(aleppo["geonameid"], 170063);
    assert_eq!(chars(text, aleppo["start"].as_u64().unwrap(), aleppo["end"].as_u64().unwrap()), "Aleppo");
    for field in ["start", "end", "text", "geonameid", "name", "lat", "lon", "country_code", "feature_code", "admin1", "score", "pass"] {
        assert!(aleppo.get(field).is_some(), "field {field} missing: {aleppo}");
    }
}

#[test]
fn geoparse_url_and_jsonl_url_make_the_site_s_country_likelier() {
    let w = WorkDir::new("url");
    let text = "Police in Perth said the road was closed.";
    let cc = |out: &str| json_lines(out)[0]["country_code"].as_str().unwrap().to_string();
    assert_eq!(cc(&embedded(&w, &["geoparse", "--nl"], text)), "AU");
    assert_eq!(cc(&embedded(&w, &["geoparse", "--nl", "--url", "https://www.thecourier.co.uk/news/1"], text)), "GB");
    let corpus = format!(
        "{}\n{}\n",
        serde_json::json!({"id": 1, "text": text, "url": "https://www.thecourier.co.uk/news/1"}),
        serde_json::json!({"id": 2, "text": text})
    );
    let out = json_lines(&embedded(&w, &["geoparse", "--jsonl", "-"], &corpus));
    assert_eq!(out[0]["mentions"][0]["country_code"], "GB");
    assert_eq!(out[1]["mentions"][0]["country_code"], "AU");
}

#[test]
fn geoparse_spans_one_line_per_span_in_order_null_when_unresolved() {
    let w = WorkDir::new("spans");
    let text = "Qwzxv Plorbtown said nothing.";
    let file = w.write("t.txt", text);
    let spans = w.write("s.json", "[[6, 15], [0, 5]]");
    let out = json_lines(&embedded(&w, &["geoparse", &file, "--spans", &spans, "--nl"], ""));
    assert_eq!(out.len(), 2);
    assert_eq!((out[0]["start"].as_u64(), out[1]["start"].as_u64()), (Some(6), Some(0)), "given order kept");
    for m in &out {
        assert!(m["geonameid"].is_null() && m["lat"].is_null() && m["lon"].is_null(), "unresolved: {m}");
    }

    let text = "Fighting near Aleppo; later in Tripoli, Lebanon.";
    let file = w.write("t2.txt", text);
    let spans = w.write("s2.json", "[[31, 38], [14, 20]]");
    let out = json_lines(&embedded(&w, &["geoparse", &file, "--spans", &spans, "--nl"], ""));
    let ids: Vec<i64> = out.iter().map(|m| m["geonameid"].as_i64().unwrap_or(0)).collect();
    assert_eq!(ids, [266826, 170063], "Tripoli, Lebanon then Aleppo: {out:?}");
}

#[test]
fn geoparse_span_outside_the_text_is_an_error() {
    let w = WorkDir::new("span-outside");
    let file = w.write("t.txt", "Aleppo");
    let spans = w.write("s.json", "[[0, 6], [2, 60]]");
    let out = run_in(&w.dir, "embedded", &["geoparse", &file, "--spans", &spans], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("span 2") && err.contains("6 characters"), "{err}");
    let bad = w.write("bad.json", "{\"spans\": 1}");
    let out = run_in(&w.dir, "embedded", &["geoparse", &file, "--spans", &bad], b"");
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"), "the spans file is named");
}

#[test]
fn geoparse_jsonl_carries_ids_one_line_per_document() {
    let w = WorkDir::new("jsonl");
    let corpus = concat!(
        "{\"id\": \"a-1\", \"text\": \"Shelling hit Aleppo.\"}\n",
        "\n",
        "{\"text\": \"Fighting near Tripoli, Lebanon.\", \"spans\": [[14, 21]], \"url\": \"x\"}\n",
        "{\"id\": 7, \"text\": \"Nothing here.\"}\n",
    );
    let out = json_lines(&embedded(&w, &["geoparse", "--jsonl", "-"], corpus));
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], "a-1");
    assert_eq!(out[0]["mentions"][0]["geonameid"], 170063);
    assert_eq!(out[1]["id"], 3, "a missing id is the line number");
    assert_eq!(out[1]["mentions"].as_array().unwrap().len(), 1, "exactly the given spans");
    assert_eq!(out[1]["mentions"][0]["geonameid"], 266826);
    assert_eq!(out[2]["id"], 7);
    assert_eq!(out[2]["mentions"], serde_json::json!([]));
    // the same from a file
    let file = w.write("c.jsonl", corpus);
    assert_eq!(json_lines(&embedded(&w, &["geoparse", "--jsonl", &file], "")), out);
}

#[test]
fn geoparse_jsonl_bad_line_names_the_line_and_prints_nothing() {
    let w = WorkDir::new("jsonl-bad");
    let file = w.write("c.jsonl", "{\"id\": 1, \"text\": \"Aleppo\"}\n{\"id\": 2, \"txt\": \"Homs\"}\n");
    let out = run_in(&w.dir, "embedded", &["geoparse", "--jsonl", &file], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.jsonl:2") && err.contains("text"), "{err}");
    assert!(out.stdout.is_empty(), "nothing printed before the whole corpus is read");

    let out = run_in(&w.dir, "embedded", &["geoparse", "--jsonl", "-"], b"{\"text\": \"ok\"}\n{\"text\": \"\xff\"}\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:2") && err.contains("UTF-8"), "{err}");
}

#[test]
fn geoparse_invalid_utf8_is_a_clear_error() {
    let w = WorkDir::new("utf8");
    let out = run_in(&w.dir, "embedded", &["geoparse", &fixture("invalid-utf8.txt")], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid-utf8.txt") && err.contains("UTF-8"), "{err}");
}

/// One import of the fixtures, shared by the tests that read it (an import rebuilds the
/// whole embedded gazetteer, which takes seconds in a debug build).
fn imported() -> &'static (PathBuf, String) {
    static IMPORTED: OnceLock<(PathBuf, String)> = OnceLock::new();
    IMPORTED.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("conflictmap-geoparse-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let idx = dir.join("gazetteer.idx").display().to_string();
        let files = [geonames("alternateNamesV2.txt"), geonames("SY.txt"), geonames("admin1CodesASCII.txt"), geonames("countryInfo.txt")];
        let mut args = vec!["gazetteer", "import", "--output", &idx, "--json"];
        args.extend(files.iter().map(String::as_str));
        let report = succeeded(run_in(&dir, "embedded", &args, b""), &args);
        (PathBuf::from(idx), report)
    })
}

fn with_import(args: &[&str], stdin: &str) -> String {
    let (idx, _) = imported();
    succeeded(run_in(idx.parent().unwrap(), &idx.display().to_string(), args, stdin.as_bytes()), args)
}

#[test]
fn import_reports_every_file_alternate_names_last() {
    let report: Value = serde_json::from_str(&imported().1).unwrap();
    let files = report["report"]["files"].as_array().unwrap();
    let kinds: Vec<&str> = files.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["geonames", "admin-codes", "country-info", "alternate-names"]);
    assert_eq!(files[0]["lines"], 5);
    assert_eq!(files[0]["skipped"], 1, "the row with no feature class");
    assert_eq!(report["report"]["places_added"], 3);
}

#[test]
fn imported_village_becomes_a_candidate_for_its_name() {
    let out = json_lines(&with_import(&["gazetteer", "lookup", "Tell Qarmuz", "--nl"], ""));
    assert_eq!(out[0]["geonameid"], 99000001);
    assert_eq!((out[0]["kind"].as_str(), out[0]["matched"].as_str()), (Some("city"), Some("primary")));
    // and the geoparser finds it in running text
    let text = "Shelling hit Tell Qarmuz, north of Aleppo, on Tuesday.";
    let out = json_lines(&with_import(&["geoparse", "--nl"], text));
    let village = out.iter().find(|m| m["text"] == "Tell Qarmuz").expect("recognised");
    assert_eq!(village["geonameid"], 99000001);
}

#[test]
fn alternate_name_from_alternate_names_v2_is_found() {
    let out = json_lines(&with_import(&["gazetteer", "lookup", "Tal Qarmouz", "--nl"], ""));
    assert_eq!((out[0]["geonameid"].as_i64(), out[0]["matched"].as_str()), (Some(99000001), Some("alternate")));
    let out = json_lines(&with_import(&["gazetteer", "lookup", "Halab ash-Shahba", "--nl"], ""));
    assert_eq!((out[0]["geonameid"].as_i64(), out[0]["matched"].as_str()), (Some(170063), Some("alternate")), "added to an embedded place");
    // links, airport codes and names for ids no file has are left out
    let out = with_import(&["gazetteer", "lookup", "Nowhere Village", "--nl"], "");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn embedded_places_still_resolve_after_an_import() {
    let w = WorkDir::new("still-resolve");
    let text = std::fs::read_to_string(fixture("aleppo-prison-assault.txt")).unwrap();
    let key = |v: Vec<Value>| -> Vec<(Value, Value, Value)> {
        v.into_iter().map(|m| (m["start"].clone(), m["end"].clone(), m["geonameid"].clone())).collect()
    };
    let before = key(json_lines(&embedded(&w, &["geoparse", "--nl"], &text)));
    let after = key(json_lines(&with_import(&["geoparse", "--nl"], &text)));
    assert!(before.len() >= 5, "{before:?}");
    assert_eq!(before, after);
    let out = json_lines(&with_import(&["gazetteer", "lookup", "Damascus", "--nl"], ""));
    assert!(out.iter().any(|c| c["geonameid"] == 170654 && c["matched"] == "primary"), "{out:?}");
}

#[test]
fn gazetteer_info_names_the_index_in_use() {
    let (idx, _) = imported();
    let out = with_import(&["gazetteer", "info"], "");
    assert!(out.contains(&idx.display().to_string()) && out.contains("base:       embedded gazetteer of") && out.contains("SY.txt"), "{out}");
    let w = WorkDir::new("info-embedded");
    assert!(embedded(&w, &["gazetteer", "info"], "").contains("embedded"));
}

#[test]
fn import_reads_a_zip_as_downloaded() {
    let w = WorkDir::new("zip");
    let zip_path = w.path("SY.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("SY.txt", opts).unwrap();
        std::io::Write::write_all(&mut z, &std::fs::read(geonames("SY.txt")).unwrap()).unwrap();
        z.start_file("readme.txt", opts).unwrap();
        std::io::Write::write_all(&mut z, b"Readme for GeoNames Gazetteer extract files\n").unwrap();
        z.finish().unwrap();
    }
    let idx = w.path("g.idx").display().to_string();
    let zip_arg = zip_path.display().to_string();
    let out: Value = serde_json::from_str(&embedded(&w, &["gazetteer", "import", &zip_arg, "-o", &idx, "--json"], "")).unwrap();
    let files = out["report"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "readme.txt is not data: {files:?}");
    assert!(files[0]["file"].as_str().unwrap().ends_with("SY.zip/SY.txt"));
    let found = succeeded(run_in(&w.dir, &idx, &["gazetteer", "lookup", "Wadi Qarmuz", "--nl"], b""), &[]);
    assert_eq!(json_lines(&found)[0]["kind"], "river");
}

#[test]
fn import_bad_line_names_the_file_and_line() {
    let w = WorkDir::new("bad-line");
    let idx = w.path("g.idx").display().to_string();
    let out = run_in(&w.dir, "embedded", &["gazetteer", "import", &geonames("bad-line-3.txt"), "-o", &idx], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad-line-3.txt:3") && err.contains("latitude"), "{err}");
    assert!(!w.path("g.idx").exists(), "nothing written");
}

#[test]
fn import_refuses_to_overwrite_without_force() {
    let w = WorkDir::new("force");
    let idx = w.write("g.idx", "keep me");
    let out = run_in(&w.dir, "embedded", &["gazetteer", "import", &geonames("SY.txt"), "-o", &idx], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&idx).unwrap(), "keep me");
}

#[test]
fn missing_or_damaged_user_index_is_a_clear_error() {
    let w = WorkDir::new("damaged");
    let missing = w.path("none.idx").display().to_string();
    let out = run_in(&w.dir, &missing, &["geoparse"], b"Aleppo");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CONFLICTMAP_GAZETTEER") && err.contains("hint:"), "{err}");

    let bytes = std::fs::read(&imported().0).unwrap();
    let cut = w.write("cut.idx", &bytes[..bytes.len() / 2]);
    let out = run_in(&w.dir, &cut, &["geoparse"], b"Aleppo");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("truncated"));
    let other = w.write("other.idx", "not an index at all, just text");
    let out = run_in(&w.dir, &other, &["gazetteer", "info"], b"");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a conflictmap gazetteer index"));
}

#[test]
fn default_user_index_in_home_is_used_when_present() {
    let w = WorkDir::new("home");
    let dest = w.path(".local/share/conflictmap");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::copy(&imported().0, dest.join("gazetteer.idx")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conflictmap"));
    let out = cmd
        .args(["gazetteer", "lookup", "Tell Qarmuz", "--nl"])
        .env("HOME", &w.dir)
        .env_remove("XDG_DATA_HOME")
        .env_remove("CONFLICTMAP_GAZETTEER")
        .output()
        .unwrap();
    assert_eq!(json_lines(&succeeded(out, &[]))[0]["geonameid"], 99000001);
}

/// First-level divisions under the names conflict news gives them, which GeoNames' own table
/// lacks: English compass words ("North Kivu" for Nord Kivu), countryinfo's provinces
/// ("Sud-Kivu", "Hadhramawt") and Natural Earth's labels ("Hadramawt") as alternates.
#[test]
fn admin1_names_news_uses_resolve_to_the_geonames_division() {
    let w = WorkDir::new("admin1-variants");
    for (name, id) in [
        ("North Kivu", 206938),
        ("North-Kivu", 206938),
        ("Sud-Kivu", 205413),
        ("Hadramawt", 75411),
        ("Hadhramawt", 75411),
        ("Nord-Ouest", 2223602),
        ("South Ubangi", 11288216),
    ] {
        let out = json_lines(&embedded(&w, &["gazetteer", "lookup", name, "--nl", "--limit", "50"], ""));
        assert!(out.iter().any(|c| c["geonameid"] == id && c["kind"] == "admin1"), "{name}: {out:?}");
    }
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], "Rebels attacked villages in North Kivu and Hadramawt."));
    let ids: Vec<_> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["geonameid"].as_i64())).collect();
    assert!(ids.contains(&("North Kivu", Some(206938))) && ids.contains(&("Hadramawt", Some(75411))), "{ids:?}");
}

#[test]
fn gazetteer_command_is_in_help_and_readme() {
    let w = WorkDir::new("docs");
    let help = embedded(&w, &["--help"], "");
    assert!(help.contains("gazetteer"), "--help lacks gazetteer");
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for example in ["conflictmap gazetteer import", "conflictmap gazetteer info", "conflictmap gazetteer lookup", "conflictmap geoparse --jsonl", "--spans"] {
        assert!(readme.contains(example), "README lacks `{example}`");
    }
    let help = embedded(&w, &["geoparse", "--help"], "");
    assert!(help.contains("Unicode character offsets"), "{help}");
}

/// `eval geoparse --ranking FILE` ranks with that file's numbers: with the weight of explicit
/// context set to zero, "Paris, Texas" is no longer read as the Texas town; a malformed file
/// is refused by name before anything is scored.
#[test]
fn eval_ranking_file_changes_the_weights_and_a_bad_one_is_named() {
    let w = WorkDir::new("ranking");
    // "Paris, Texas": Paris (4717560) at 33.66 N 95.56 W
    let lgl = w.write(
        "gold.xml",
        r#"<articles><article><text>A fire in Paris, Texas burned two barns.</text><locations>
<location><start>10</start><end>15</end><name>Paris</name><lat>33.66</lat><lon>-95.56</lon></location></locations></article></articles>"#,
    );
    let acc = |out: &str| -> f64 {
        let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
        v["reports"][0]["resolution_gold_spans"]["acc161"].as_f64().unwrap_or_else(|| panic!("no acc161 in {out}"))
    };
    let args = ["eval", "geoparse", "--bench", "no-such-dir", "--lgl", &lgl, "--json"];
    assert_eq!(acc(&embedded(&w, &args, "")), 1.0, "Paris, Texas with the built-in numbers");
    let built_in = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon/ranking.txt")).unwrap();
    assert!(built_in.contains("explicit = 12.0"), "the test edits this line");
    let mine = w.write("mine.txt", built_in.replace("explicit = 12.0", "explicit = 0.0"));
    let with_mine: Vec<&str> = args.iter().copied().chain(["--ranking", mine.as_str()]).collect();
    assert_eq!(acc(&embedded(&w, &with_mine, "")), 0.0, "without explicit context the famous Paris wins");
    let bad = w.write("bad.txt", built_in.replace("explicit = 12.0", "explicit = lots"));
    let with_bad: Vec<&str> = args.iter().copied().chain(["--ranking", bad.as_str()]).collect();
    let out = run_in(&w.dir, "embedded", &with_bad, b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.txt") && err.contains("pass_explicit = lots"), "{err}");
    assert!(out.stdout.is_empty() && !err.contains("panicked"), "{err}");
}

#[test]
fn arabic_generic_words_and_site_words_make_a_name_the_gazetteer_lacks_a_place() {
    let w = WorkDir::new("generic-words");
    let text = "Government forces stormed the farms around Deir Khabiyeh on Monday and pushed on to Wadi Barada. \
                Rebels shelled the Handarat Refugee Camp and the Hayyan Gas Fields near Aleppo, and a car bomb hit the Panorama Checkpoint.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["rule"].as_str().unwrap_or(""))).collect();
    for (name, rule) in [
        ("Deir Khabiyeh", "shape-prefix"),
        ("Wadi Barada", "shape-prefix"),
        ("Handarat Refugee Camp", "shape-facility"),
        ("Hayyan Gas Fields", "shape-feature"),
        ("Panorama Checkpoint", "shape-facility"),
    ] {
        assert!(found.contains(&(name, rule)), "{name} ({rule}) not in {found:?}");
    }
    // each is placed in Syria, the story's country, not left unresolved
    for m in out.iter().filter(|m| m["rule"].as_str().is_some_and(|r| r.starts_with("shape-"))) {
        assert_eq!(m["country_code"], "SY", "{m}");
    }
}

#[test]
fn one_rare_capitalised_word_that_ends_a_locative_phrase_is_a_place() {
    let w = WorkDir::new("locative-one-word");
    let text = "Syrian troops made headway in Jobar, capturing several blocks east of Damascus. \
                Two soldiers were killed near Batrah when their vehicle hit a mine. Eritrea captured Badme at the start of the war. \
                Volunteers from Moorhead pitched in. Groth, whose home flooded, thanked them for a tree planted in Mertens' honor.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["rule"].as_str().unwrap_or(""))).collect();
    for name in ["Jobar", "Batrah", "Badme"] {
        assert!(found.contains(&(name, "shape-locative")), "{name} not in {found:?}");
    }
    let jobar = out.iter().find(|m| m["text"] == "Jobar").unwrap();
    assert_eq!(jobar["country_code"], "SY", "{jobar}");
    // a sentence's first word after "in." and a possessive name are no such place
    assert!(!found.iter().any(|(t, _)| *t == "Groth" || *t == "Mertens"), "{found:?}");
}

#[test]
fn a_site_noun_makes_the_capitalised_words_before_it_a_place() {
    let w = WorkDir::new("site-nouns");
    let text = "Jets struck outposts south of the Kweires airbase in Aleppo province, and two bombs hit the Torkham border crossing. \
                The A417 from the Air Balloon roundabout will close tonight. \
                Rebels shelled the settlement of Mortlu, the outskirts of Bza’a and the key village of Ma’ardes.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["rule"].as_str().unwrap_or(""))).collect();
    for name in ["Kweires", "Torkham", "Air Balloon", "Mortlu", "Bza’a", "Ma’ardes"] {
        assert!(found.contains(&(name, "shape-settlement")), "{name} not in {found:?}");
    }
    // after a town noun even a common word is the town's name, and the gazetteer places it
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], "Three bombs exploded in the western Iraqi town of Hit, killing seven."));
    let hit = out.iter().find(|m| m["text"] == "Hit").unwrap_or_else(|| panic!("Hit not found: {out:?}"));
    assert_eq!((&hit["geonameid"], &hit["country_code"]), (&serde_json::json!(95788), &serde_json::json!("IQ")), "{hit}");
}

#[test]
fn a_surname_the_article_gives_a_person_stays_theirs_after_to_of_and_from() {
    let w = WorkDir::new("person-after-to");
    let text = "The Blue Jays will open a season without Jose Bautista. Fans kept referring to Bautista's home run, \
                just one example of Bautista showing some attitude. \
                The City of Edwardsville has three districts.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let starts: Vec<usize> = out.iter().filter(|m| m["text"] == "Bautista").map(|m| m["start"].as_u64().unwrap_or(0) as usize).collect();
    // the person's name after "to" and "of" is no town (Bautista, Pangasinan)
    let chars: Vec<char> = text.chars().collect();
    let at = |needle: &str| (0..chars.len()).find(|&i| chars[i..].iter().take(needle.chars().count()).copied().eq(needle.chars())).unwrap_or(0);
    for phrase in ["to Bautista's", "of Bautista showing"] {
        let s = at(phrase) + phrase.find(' ').unwrap_or(0) + 1;
        assert!(!starts.contains(&s), "{phrase}: {out:?}");
    }
    // "of" after a town noun still leads a place
    assert!(out.iter().any(|m| m["text"] == "Edwardsville" && m["country_code"] == "US"), "{out:?}");
}

#[test]
fn family_names_initials_and_speech_make_persons_of_place_names() {
    let w = WorkDir::new("person-names");
    let text = "He came as the special envoy of Chinese President Xi Jinping. \
                Mining Minister Victor Cano met the delegations. \
                As The Washington Post's Amy B Wang reported, the results were swift. \
                \"We have no idea,\" said Nash Riad, one of the cashiers. \
                According to Frederick Wu , president of DeltaTrak, the deal is done. \
                He said as Winston Churchill lay dying, he met the Rev. Smith. \
                Talks were held in Kano and Frederick.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    for person in ["Jinping", "Cano", "Wang", "Nash", "Wu", "Winston"] {
        assert!(!found.contains(&person), "{person} read as a place: {found:?}");
    }
    // the places themselves, written as places, still are
    let frederick: Vec<_> = out.iter().filter(|m| m["text"] == "Frederick").collect();
    assert_eq!(frederick.len(), 1, "{found:?}");
    assert!(found.contains(&"Kano"), "{found:?}");
}

#[test]
fn a_peoples_adjective_before_a_noun_is_no_place() {
    let w = WorkDir::new("group-adjective");
    let text = "Ekweremadu is a revered Igbo son, and the apex Igbo group protested. Traders in Igbo met on Monday.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let igbo: Vec<u64> = out.iter().filter(|m| m["text"] == "Igbo").map(|m| m["start"].as_u64().unwrap_or(0)).collect();
    // only the one after "in" is the town
    assert_eq!(igbo.len(), 1, "{out:?}");
    assert!(igbo[0] as usize > text.find("Traders").unwrap_or(0), "{out:?}");
}

#[test]
fn a_town_name_after_a_lower_case_the_that_ends_its_phrase_is_no_town() {
    let w = WorkDir::new("the-town");
    let text = "The bill was sent to the Duma in December. The school sits on land it bought from the Woodlands. \
                Airstrikes hit Duma again, and the Duma council fled.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, u64)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["start"].as_u64().unwrap_or(0))).collect();
    let hit = text.find("hit Duma").map(|i| i as u64 + 4);
    let council = text.find("Duma council").map(|i| i as u64);
    // the assembly and the charity are no towns; the town, and the town as a modifier, are
    assert!(!found.iter().any(|(t, s)| *t == "Duma" && Some(*s) != hit && Some(*s) != council), "{found:?}");
    assert!(!found.iter().any(|(t, _)| *t == "Woodlands"), "{found:?}");
    assert!(found.contains(&("Duma", hit.unwrap_or(0))), "{found:?}");
    assert!(found.contains(&("Duma", council.unwrap_or(0))), "{found:?}");
}

#[test]
fn rare_words_before_a_comma_and_a_division_that_ends_the_phrase_are_a_place_in_it() {
    let w = WorkDir::new("comma-division");
    let text = "2018 calendar. 23/24 June: Croft, Yorkshire. 25/26 August: Knockhill, Fife. \
                Meanwhile, Texas officials said nothing. They mourned Helen, Clarence, Irene and Marie.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let by_text = |t: &str| out.iter().find(|m| m["text"] == t);
    for name in ["Croft", "Knockhill"] {
        let m = by_text(name).unwrap_or_else(|| panic!("{name} not found: {out:?}"));
        assert_eq!(m["country_code"], "GB", "{m}");
    }
    assert_eq!(by_text("Knockhill").map(|m| m["rule"].clone()), Some(serde_json::json!("shape-comma")));
    // a sentence's opening word and a list of persons are no such places
    assert!(by_text("Meanwhile").is_none() && by_text("Helen").is_none(), "{out:?}");
}

#[test]
fn numbered_roads_are_places_and_weapon_codes_are_not() {
    let w = WorkDir::new("numbered-roads");
    let text = "He was driving northbound on I-75 near mile marker 89 in Richmond, Ky. \
                The wreck shut Interstate 64 West at Cross Lanes, and crews closed KY 52, US-24 and State Highway 360. \
                A deer hit a car on state Route 5 in Charles City County. \
                The gunmen carried an AK-47 and an M4 carbine while an F-16 flew over.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["rule"].as_str().unwrap_or(""))).collect();
    for road in ["I-75", "Interstate 64 West", "KY 52", "US-24", "State Highway 360", "Route 5"] {
        assert!(found.contains(&(road, "shape-road")), "{road} not in {found:?}");
    }
    assert!(!found.iter().any(|(t, _)| ["AK-47", "M4", "F-16"].contains(t)), "{found:?}");
    // a road the gazetteer lacks is placed in the article's area
    let i75 = out.iter().find(|m| m["text"] == "I-75").unwrap();
    assert_eq!(i75["country_code"], "US", "{i75}");
}

#[test]
fn a_name_in_a_list_is_read_as_the_kind_of_its_neighbours() {
    let w = WorkDir::new("list-kind");
    let text = "After stops in Washington, New York and Boston, the prince flew home. \
                Costs are high in states such as California or Washington, the report said.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let kinds: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["place_kind"].as_str().unwrap_or(""))).collect();
    // towns among towns, states among states
    assert_eq!(kinds.iter().filter(|k| **k == ("New York", "city")).count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == ("Washington", "city")).count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == ("Washington", "admin1")).count(), 1, "{kinds:?}");
}

#[test]
fn a_region_near_a_country_the_article_names_is_the_region_meant() {
    let w = WorkDir::new("region-near");
    // (the spans given: "the Gulf" alone is no name the recogniser takes)
    let text = "WASHINGTON (AP) — The United States urged Saudi Arabia to lift its embargo on a fellow US ally in the Gulf, Qatar.";
    let chars: Vec<char> = text.chars().collect();
    let at = |w: &str| (0..chars.len()).find(|&i| chars[i..].iter().take(w.chars().count()).copied().eq(w.chars())).unwrap_or(0);
    let spans: Vec<[usize; 2]> = ["WASHINGTON", "United States", "Saudi Arabia", "Gulf", "Qatar"].iter().map(|w| [at(w), at(w) + w.chars().count()]).collect();
    let file = w.write("t.txt", text);
    let spans = w.write("s.json", serde_json::to_string(&spans).unwrap_or_default());
    let out = json_lines(&embedded(&w, &["geoparse", &file, "--spans", &spans, "--nl"], ""));
    let gulf = out.iter().find(|m| m["text"] == "Gulf").unwrap_or_else(|| panic!("Gulf not found: {out:?}"));
    assert_eq!((&gulf["place_kind"], &gulf["geonameid"]), (&serde_json::json!("region"), &serde_json::json!(-6000032)), "{gulf}");
}

#[test]
fn a_given_name_and_a_head_word_after_a_title_or_speech_verb_are_a_person() {
    let w = WorkDir::new("titled-heads");
    let text = "Judge Julian Hall said the case was closed, said Angela Hill, a spokeswoman. \
                The choir sang at Rocky Hill and in Echo Park.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(!found.iter().any(|t| t.contains("Julian") || t.contains("Angela")), "{found:?}");
    assert!(found.contains(&"Rocky Hill") && found.contains(&"Echo Park"), "{found:?}");
}

#[test]
fn words_of_a_web_address_are_no_places() {
    let w = WorkDir::new("url-words");
    let text = "TITLE: Japan lifts ban LINK: https://www.globalmeatnews.com/Article/2018/01/23/Japan-s-ban-on-British-beef\n\
                Japan will lift its ban, see www.example.com/Syria-report for details.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let link = text.find("https://").unwrap_or(0);
    let line2 = text.find('\n').unwrap_or(0);
    let www = text.find("www.example").unwrap_or(0);
    for m in &out {
        let s = m["start"].as_u64().unwrap_or(0) as usize;
        assert!(!(link..line2).contains(&s) && !(www..www + 30).contains(&s), "{m}");
    }
    assert_eq!(out.iter().filter(|m| m["text"] == "Japan").count(), 2, "{out:?}");
}

#[test]
fn an_arabic_article_and_a_rare_word_after_a_locative_is_a_place_but_an_armed_group_is_not() {
    let w = WorkDir::new("al-names");
    let text = "Russian jets struck ISIS positions at Al-Sukhanah, and troops are storming Al-Madiyounah today. \
                Fatah Halab and Jaysh Al-Fateh began a counter-offensive; the fighters of al-Qaeda fled.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(found.contains(&"Al-Sukhanah") && found.contains(&"Al-Madiyounah"), "{found:?}");
    assert!(!found.iter().any(|t| t.contains("Fateh") || t.contains("Qaeda")), "{found:?}");
}

#[test]
fn one_rare_word_after_a_verb_of_going_and_to_is_a_place_but_not_after_other_words() {
    let w = WorkDir::new("motion-to");
    let text = "She has now moved back to Khayelitsha where her sister lives. He drove to Lanexa on Oct. 14. \
                The loss to Petrojet hurt, and the firm was required to Supervise the brokers.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(found.contains(&"Khayelitsha") && found.contains(&"Lanexa"), "{found:?}");
    assert!(!found.contains(&"Petrojet") && !found.contains(&"Supervise"), "{found:?}");
    // the locative words opening a sentence
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], "The army chief toured the tribal areas. At Makeen the COAS met elders. In Brief, nothing."));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(found.contains(&"Makeen") && !found.contains(&"Brief"), "{found:?}");
}

#[test]
fn a_compass_word_and_an_unknown_word_name_a_region() {
    let w = WorkDir::new("compass-region");
    let text = "Eastern Slavonia, the last Serb-held part of Croatia, was returned. Western Union and Northern Trust said nothing.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<(&str, &str)> = out.iter().map(|m| (m["text"].as_str().unwrap_or(""), m["rule"].as_str().unwrap_or(""))).collect();
    assert!(found.contains(&("Eastern Slavonia", "shape-direction")), "{found:?}");
    assert!(!found.iter().any(|(t, _)| t.contains("Union") || t.contains("Trust")), "{found:?}");
}

#[test]
fn sheikh_and_a_rare_word_after_a_locative_is_a_village_but_a_sheikh_alone_is_a_person() {
    let w = WorkDir::new("sheikh");
    let text = "He was killed today while fighting the Syrian Army in Sheikh Sa’eed. \
                Rebels renewed their offensive at Sheikh Miskeen, attacking the town. \
                Sheikh Hasina said the army will stay.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(found.contains(&"Sheikh Sa’eed") && found.contains(&"Sheikh Miskeen"), "{found:?}");
    assert!(!found.iter().any(|t| t.contains("Hasina")), "{found:?}");
}

#[test]
fn a_given_name_before_a_towns_people_or_police_is_the_town() {
    let w = WorkDir::new("hometown-nouns");
    let text = "The body of a 22-year-old Winona man was found on Sunday. Roselle police ticketed hundreds of motorists. \
                His girlfriend Olivia left early.";
    let out = json_lines(&embedded(&w, &["geoparse", "--nl"], text));
    let found: Vec<&str> = out.iter().map(|m| m["text"].as_str().unwrap_or("")).collect();
    assert!(found.contains(&"Winona") && found.contains(&"Roselle"), "{found:?}");
    assert!(!found.contains(&"Olivia"), "{found:?}");
}
