#!/usr/bin/env bash
# Vendor Leaflet from its npm package into data/vendor/leaflet/, for the self-contained
# HTML export (src/export/leaflet.rs inlines these files; no CDN, no network at run time).
#
#   scripts/vendor-leaflet.sh [VERSION]     (default: the version in data/vendor/leaflet/VERSION)
#
# Takes only the built files (dist/leaflet.js, dist/leaflet.css) and the licence, and
# records the version and the package's npm integrity hash next to them.
set -euo pipefail
cd "$(dirname "$0")/.."

dest=data/vendor/leaflet
version="${1:-$(cat "$dest/VERSION" 2>/dev/null || echo 1.9.4)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "leaflet@$version" >/dev/null)
tar -xzf "$tmp/leaflet-$version.tgz" -C "$tmp"

mkdir -p "$dest"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$dest/"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
integrity="$(npm view "leaflet@$version" dist.integrity)"
{
  echo "# leaflet@$version from the npm registry; package integrity $integrity"
  (cd "$dest" && sha256sum leaflet.js leaflet.css LICENSE)
} > "$dest/SHA256SUMS"
echo "vendored leaflet $version into $dest" >&2
