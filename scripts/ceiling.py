#!/usr/bin/env python3
"""Name-match ceiling of the gazetteer on the geoparsing benchmarks.

For every gold toponym, does some gazetteer row whose name, alternate name,
abbreviation or demonym equals the surface phrase (case-insensitively) lie within
161 km of the gold point, or carry the gold GeoNames id? That share is an upper
bound for any resolver that only looks names up exactly.

    python3 scripts/ceiling.py [--bench ../shared/bench/geoparse] [--misses N]

Reads data/gazetteer/places.tsv.gz and data/gazetteer/extra.tsv. Two numbers are
printed per corpus: `exact` (casefold only, the definition above) and `normalised`
(also folding accents, quotes, hyphens/spaces and a leading "the"), which is closer
to what the program's index does. Python 3 standard library only.
"""

import argparse
import collections
import gzip
import math
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RADIUS_KM = 161.0


def exact_key(s):
    return s.strip().casefold()


def norm_key(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[‘’ʼʻ`´']", "", s)
    s = re.sub(r"[-‐‑‒–—_.,]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def load_gazetteer():
    rows = {}

    def read(lines):
        for i, line in enumerate(lines):
            if i == 0 or not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            rid = int(f[0])
            names = [f[1]] + [x for col in (11, 12, 13) for x in f[col].split("|") if x]
            if rid in rows:
                rows[rid][2].extend(names)
            else:
                rows[rid] = (float(f[8]), float(f[9]), names, f[2])
    with gzip.open(os.path.join(REPO, "data", "gazetteer", "places.tsv.gz"), "rt", encoding="utf-8") as f:
        read(f)
    extra = os.path.join(REPO, "data", "gazetteer", "extra.tsv")
    if os.path.exists(extra):
        with open(extra, encoding="utf-8") as f:
            read(f)
    idx = {"exact": collections.defaultdict(list), "norm": collections.defaultdict(list)}
    for rid, (lon, lat, names, kind) in rows.items():
        for n in set(names):
            idx["exact"][exact_key(n)].append(rid)
        for k in {norm_key(n) for n in names}:
            idx["norm"][k].append(rid)
    return rows, idx


def lgl_gold(path):
    out = []
    root = ET.parse(path).getroot()
    for t in root.iter("toponym"):
        phrase = (t.findtext("phrase") or "").strip()
        gz = t.find("gaztag")
        if gz is None:
            continue
        gid = gz.get("geonameid")
        lat, lon = gz.findtext("lat"), gz.findtext("lon")
        if lat is None and gid is None:
            continue
        out.append((phrase, float(lon) if lon else None, float(lat) if lat else None,
                    int(gid) if gid else None))
    return out


def gwn_gold(path):
    out = []
    with open(path, encoding="utf-8") as f:
        data = f.read()
    for rec in data.split("||"):
        if not rec.strip():
            continue
        p = rec.split(",,")
        if len(p) != 6:
            continue
        out.append((p[1].strip(), float(p[3]), float(p[2]), None))
    return out


def evaluate(gold, rows, idx, which):
    hit = 0
    misses = collections.Counter()
    nomatch = collections.Counter()
    for phrase, lon, lat, gid in gold:
        key = exact_key(phrase) if which == "exact" else norm_key(phrase)
        cands = idx[which].get(key, [])
        ok = False
        for rid in cands:
            if gid is not None and rid == gid:
                ok = True
                break
            r = rows[rid]
            if lon is not None and haversine_km(lon, lat, r[0], r[1]) <= RADIUS_KM:
                ok = True
                break
        if ok:
            hit += 1
        else:
            (misses if cands else nomatch)[phrase] += 1
    return hit, len(gold), misses, nomatch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(os.path.dirname(REPO), "shared", "bench", "geoparse"))
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent misses")
    args = ap.parse_args()
    rows, idx = load_gazetteer()
    corpora = []
    lgl = os.path.join(args.bench, "LGL", "lgl.xml")
    gwn = os.path.join(args.bench, "GeoWebNews", "gwn_full.txt")
    if os.path.exists(lgl):
        corpora.append(("LGL", lgl_gold(lgl)))
    if os.path.exists(gwn):
        corpora.append(("GWN", gwn_gold(gwn)))
    if not corpora:
        sys.exit("no benchmark found under %s" % args.bench)
    print("gazetteer rows: %d" % len(rows))
    for name, gold in corpora:
        for which in ("exact", "norm"):
            hit, n, misses, nomatch = evaluate(gold, rows, idx, which)
            print("%s %-10s %5d / %5d = %.1f%%  (misses: %d name found elsewhere, %d name absent)"
                  % (name, "exact" if which == "exact" else "normalised", hit, n, 100.0 * hit / n,
                     sum(misses.values()), sum(nomatch.values())))
            if args.misses and which == "exact":
                print("  top misses, name present but > %d km:" % RADIUS_KM,
                      ", ".join("%s×%d" % kv for kv in misses.most_common(args.misses)))
                print("  top misses, name absent:",
                      ", ".join("%s×%d" % kv for kv in nomatch.most_common(args.misses)))


if __name__ == "__main__":
    main()
