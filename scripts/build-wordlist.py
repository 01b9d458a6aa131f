#!/usr/bin/env python3
"""Build data/lexicon/english_common.tsv: common English words with their Zipf frequency.

Source: PyPI wordfreq 3.1.1 (code Apache-2.0; word frequency data CC BY-SA 4.0,
Robyn Speer et al., derived from Wikipedia, subtitles, news, books, web text, Twitter, Reddit).
The recogniser uses it to tell "Deal", "Wall" or "Can" (common words that GeoNames also
lists as small places or alternate names) from real toponyms.

Usage: python3 scripts/build-wordlist.py WORDFREQ_WHEEL_OR_DIR [MIN_ZIPF]
Needs the msgpack module (pip install msgpack).
"""
import gzip, io, sys, zipfile, pathlib
import msgpack

src = pathlib.Path(sys.argv[1])
min_zipf = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
if src.suffix == ".whl":
    raw = zipfile.ZipFile(src).read("wordfreq/data/small_en.msgpack.gz")
else:
    raw = (src / "wordfreq/data/small_en.msgpack.gz").read_bytes()
data = msgpack.load(gzip.GzipFile(fileobj=io.BytesIO(raw)), raw=False)
header, buckets = data[0], data[1:]
assert header.get("format") == "cB", header
out = pathlib.Path(__file__).resolve().parent.parent / "data/lexicon/english_common.tsv"
rows = []
for cb, words in enumerate(buckets):
    zipf = 9.0 - cb / 100.0
    if zipf < min_zipf:
        break
    for w in words:
        if w.isalpha() and w.isascii():
            rows.append((w, zipf))
with open(out, "w", encoding="utf-8") as f:
    f.write("# Common English words and their Zipf frequency (log10 per billion words).\n")
    f.write("# From wordfreq 3.1.1 (data CC BY-SA 4.0, Robyn Speer et al.); built by scripts/build-wordlist.py.\n")
    for w, z in rows:
        f.write(f"{w}\t{z:.2f}\n")
print(f"{out}: {len(rows)} words with zipf >= {min_zipf}")
