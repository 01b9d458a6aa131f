#!/usr/bin/env bash
# Render benchmark (not a test): a 1600x1200 map and a 1600x700 timeline of 1,000,000 events with
# conflictmap (examples/render_bench.rs) and with geopandas + matplotlib (bench/render_peer.py) from
# the same points and the same Natural Earth countries layer, in the same run, both pinned to one
# core. Prints both timings and the ratios.
#
#   bash bench/render.sh [OUT_DIR]        (default /tmp/conflictmap-render-bench)
#
# Targets (issue 6): map <= 2 s, timeline <= 0.5 s, and >= 10x faster than the peer.
# The peer runs in a venv (default /tmp/conflictmap-render-venv, or $RENDER_VENV) made on first use
# with `pip install geopandas matplotlib pyogrio` from PyPI.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-/tmp/conflictmap-render-bench}"
venv="${RENDER_VENV:-/tmp/conflictmap-render-venv}"
mkdir -p "$out"

# One core for both sides (the Rust renderer is single-threaded anyway; numpy/BLAS would not be).
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv (geopandas, matplotlib, pyogrio from PyPI)…" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q geopandas matplotlib pyogrio
fi

echo "== conflictmap (cargo run --release --example render_bench)" >&2
cargo build -q --release --example render_bench
"${pin[@]}" cargo run -q --release --example render_bench -- "$out" --bench-only | tee "$out/rust.txt"

# The countries layer conflictmap embeds, as plain GeoJSON for the peer.
gzip -dc data/basemap/countries.geojson.gz > "$out/countries.geojson"

echo "== geopandas + matplotlib (bench/render_peer.py)" >&2
"${pin[@]}" "$venv/bin/python" bench/render_peer.py "$out/points_1m.csv" "$out/countries.geojson" "$out" --runs 3 | tee "$out/peer.txt"

python3 - "$out/rust.txt" "$out/peer.txt" <<'EOF'
import sys
fig = {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith("figure "):
            _, name, value = line.split()
            fig[name] = float(value)
print()
print(f"{'1,000,000 events':<22}{'conflictmap':>14}{'geopandas+mpl':>16}{'ratio':>9}{'target':>22}")
for what, rust, peer, limit in [("map 1600x1200", "rust_map_1m_s", "peer_map_1m_s", 2.0), ("timeline 1600x700", "rust_timeline_1m_s", "peer_timeline_1m_s", 0.5)]:
    r, p = fig[rust], fig[peer]
    ok = "ok" if r <= limit and p / r >= 10 else "MISSED"
    print(f"{what:<22}{r:>12.3f} s{p:>14.3f} s{p / r:>8.1f}x   <= {limit} s, >= 10x: {ok}")
EOF
