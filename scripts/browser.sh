#!/usr/bin/env bash
# The browser the browser tests drive: Debian's Chromium and its ChromeDriver.
#
#   bash scripts/browser.sh          # install chromium + chromium-driver with apt-get when missing
#
# Idempotent: when /usr/bin/chromium and /usr/bin/chromedriver are there it does nothing. Prints
# the two paths. The tests find them as EVENTWIRE_CHROMIUM / EVENTWIRE_CHROMEDRIVER (defaults:
# /usr/bin/chromium, /usr/bin/chromedriver). Nothing else is downloaded: no browser build of a
# test tool's own.
set -euo pipefail

CHROMIUM="${EVENTWIRE_CHROMIUM:-/usr/bin/chromium}"
DRIVER="${EVENTWIRE_CHROMEDRIVER:-/usr/bin/chromedriver}"

log() { echo "browser: $*" >&2; }

if [ ! -x "$CHROMIUM" ] || [ ! -x "$DRIVER" ]; then
    log "Chromium or ChromeDriver not found: installing them from Debian with apt-get"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-dejavu-core >&2
    if [ ! -x "$CHROMIUM" ] || [ ! -x "$DRIVER" ]; then
        log "install failed: $CHROMIUM or $DRIVER still missing"
        exit 1
    fi
fi
echo "$CHROMIUM"
echo "$DRIVER"
