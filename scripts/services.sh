#!/usr/bin/env bash
# Services the tests need: a PostgreSQL server on loopback.
#
#   bash scripts/services.sh start    # install (Debian apt-get) if missing, init, start; prints the URL
#   bash scripts/services.sh stop|status|url
#   export EVENTWIRE_TEST_PG="$(bash scripts/services.sh start)"   # what `make test` does
#
# stdout carries only the URL; progress goes to stderr.
# Idempotent: a running server is left running. Everything lives in $EVENTWIRE_PG_DIR
# (default /tmp/eventwire-pg); the URL is also written to $EVENTWIRE_PG_DIR/url for tools that
# cannot take the export. Settings: EVENTWIRE_PG_PORT (54329), EVENTWIRE_PG_DB (eventwire_test).
set -euo pipefail

DIR="${EVENTWIRE_PG_DIR:-/tmp/eventwire-pg}"
PORT="${EVENTWIRE_PG_PORT:-54329}"
DB="${EVENTWIRE_PG_DB:-eventwire_test}"
USER_NAME=eventwire
DATA="$DIR/data"
URL="postgresql://${USER_NAME}@127.0.0.1:${PORT}/${DB}"

log() { echo "services: $*" >&2; }

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

install_pg() {
    if pg_bindir >/dev/null; then return 0; fi
    log "PostgreSQL not found: installing it from Debian with apt-get"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
    pg_bindir >/dev/null || { log "PostgreSQL install failed"; exit 1; }
}

# PostgreSQL refuses to run as root: run its tools as the 'postgres' user then.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home "$DIR" postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    local bin; bin="$(pg_bindir)" || return 1
    [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    install_pg
    local bin; bin="$(pg_bindir)"
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        log "initdb in $DATA"
        as_owner "$bin/initdb" -D "$DATA" -U "$USER_NAME" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! running; then
        log "starting PostgreSQL on 127.0.0.1:$PORT"
        as_owner "$bin/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$DB"
    fi
    echo "$URL" > "$DIR/url"
    echo "$URL"
}

stop() {
    local bin; bin="$(pg_bindir)" || return 0
    if running; then as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; fi
    rm -f "$DIR/url"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) if running; then log "running: $URL"; else log "not running"; exit 1; fi ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
