#!/usr/bin/env bash
# Load benchmark of the support API on PostgreSQL (issue 7): GET /api/v1/requests/{id} and
# POST /api/v1/requests under wrk at 64 connections (requests/s, p50, p99), after a GET
# /healthz baseline; then the JWT validation micro-benchmark (benches/jwt.rs, µs per token).
# Traffic goes to 127.0.0.1 only; every run is bounded by DURATION.
#
# Run from the repository root:   bench/api.sh        (results: bench/API.md)
set -euo pipefail

DURATION=${DURATION:-20s}            # wrk -d per measured run
WARMUP=${WARMUP:-3s}                 # unmeasured run before each; 0 = none
CONNECTIONS=${CONNECTIONS:-64}       # wrk -c
WRK_THREADS=${WRK_THREADS:-2}
TIMEOUT=${TIMEOUT:-5s}
SEED=${SEED:-1000}                   # requests created before the GET runs
POOL_SIZE=${POOL_SIZE:-32}
SERVER_WORKERS=${SERVER_WORKERS:-0}  # 0 = one per core
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
BUILD=${BUILD:-auto}                 # auto: build when the binary is missing; 1: always; 0: never
JWT=${JWT:-1}                        # 1: also run cargo bench --bench jwt
KEEP=${KEEP:-0}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LUA="$ROOT/bench/api.lua"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
BIN="$TARGET_DIR/release/dsr-portal"

log() { printf '[bench-api %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v wrk >/dev/null 2>&1 || {
    log "installing wrk from Debian's packages"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
}
for c in wrk curl psql python3; do command -v "$c" >/dev/null 2>&1 || die "$c is needed"; done
if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -x "$BIN" ]; }; then
    log "cargo build --release"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --locked >&2)
fi
[ -x "$BIN" ] || die "no binary at $BIN"

WORK=$(mktemp -d /tmp/dsr-bench-api.XXXXXX)
PG_DB="dsr_bench_api_$$_$RANDOM"
SERVER_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    psql "$PG_URL/postgres" -qAtc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
psql "$PG_URL/postgres" -qAtc "CREATE DATABASE \"$PG_DB\"" >/dev/null
export DSR_SERVER__BIND="127.0.0.1:$PORT" DSR_SERVER__PUBLIC_URL="$BASE" \
    DSR_SERVER__WORKERS="$SERVER_WORKERS" \
    DSR_DATABASE__URL="$PG_URL/$PG_DB" DSR_DATABASE__POOL_SIZE="$POOL_SIZE" \
    DSR_MAIL__TRANSPORT=file DSR_MAIL__OUTBOX_DIR="$WORK/outbox" \
    DSR_API__JWT_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')" \
    DSR_API__RATE_PER_MINUTE=1000000000 \
    DSR_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')" \
    RUST_LOG=warn
mkdir -p "$WORK/outbox"
(cd "$WORK" && exec "$BIN" serve) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server exited"; }
    curl -sf "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
TOKEN=$(cd "$WORK" && "$BIN" token issue --sub bench --scope "requests:read requests:write" --ttl 2h)

log "seeding $SEED requests through the API"
python3 - "$BASE" "$TOKEN" "$SEED" "$WORK/ids" <<'PY'
import http.client, json, sys, urllib.parse
base, token, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
ids = []
for i in range(n):
    c.request("POST", "/api/v1/requests", json.dumps({"email": f"seed-{i}@bench.example", "kind": "access"}),
              {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse(); body = r.read()
    assert r.status == 201, (r.status, body)
    ids.append(json.loads(body)["id"])
open(out, "w").write("\n".join(ids) + "\n")
PY

pending() { curl -sf "$BASE/metrics" | awk '/^dsr_jobs\{state="(queued|running)"\}/ { n += $2 } END { print n + 0 }'; }
drain() { local n; for _ in $(seq 1 1200); do n=$(pending); [ "$n" -eq 0 ] && return 0; sleep 0.5; done; log "warning: $n jobs still pending"; }
drain

field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
ROWS=()
run() { # run LABEL DURATION wrk-args...
    local label=$1 duration=$2; shift 2
    local out="$WORK/wrk-$RANDOM.txt"
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$duration" --timeout "$TIMEOUT" --latency "$@" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk failed"; }
    local b
    b=$(grep '^BENCH ' "$out" || true)
    if [ -z "$b" ]; then # plain wrk (healthz): parse its own summary
        local rps p50 p99
        rps=$(awk '/^Requests\/sec/ { print $2 }' "$out")
        p50=$(awk '$1 == "50%" { print $2 }' "$out")
        p99=$(awk '$1 == "99%" { print $2 }' "$out")
        ROWS+=("$(printf '%-30s %5s %10.0f %9s %9s %7s' "$label" "$CONNECTIONS" "$rps" "$p50" "$p99" "-")")
        return
    fi
    ROWS+=("$(printf '%-30s %5s %10.0f %8.2fms %8.2fms %7s' "$label" "$CONNECTIONS" "$(field rps "$b")" \
        "$(awk -v v="$(field p50_us "$b")" 'BEGIN { print v / 1000 }')" \
        "$(awk -v v="$(field p99_us "$b")" 'BEGIN { print v / 1000 }')" "$(field errors "$b")")")
}

log "GET /healthz baseline"
[ "$WARMUP" = 0 ] || run warmup "$WARMUP" "$BASE/healthz" >/dev/null
ROWS=()
run "GET /healthz (baseline)" "$DURATION" "$BASE/healthz"
log "GET /api/v1/requests/{id}"
[ "$WARMUP" = 0 ] || { run warmup "$WARMUP" -s "$LUA" "$BASE" -- get "$WORK/ids" "$TOKEN"; unset 'ROWS[-1]'; }
run "GET /api/v1/requests/{id}" "$DURATION" -s "$LUA" "$BASE" -- get "$WORK/ids" "$TOKEN"
log "POST /api/v1/requests"
[ "$WARMUP" = 0 ] || { run warmup "$WARMUP" -s "$LUA" "$BASE" -- post w "$TOKEN"; unset 'ROWS[-1]'; drain; }
run "POST /api/v1/requests" "$DURATION" -s "$LUA" "$BASE" -- post m "$TOKEN"
log "draining the mail queue of the POST run"
drain
AUDIT=$(psql "$PG_URL/$PG_DB" -qAtc "SELECT count(*) FROM audit_log WHERE actor = 'api:bench'")

echo
echo "dsr-portal support API benchmark: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), PostgreSQL, $(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS, $DURATION per run, pool $POOL_SIZE"
printf '%-30s %5s %10s %10s %10s %7s\n' route conns "req/s" p50 p99 errors
printf '%s\n' "${ROWS[@]}"
echo "(each API call: JWT check, deny-list lookup, the use case, and an audit entry; $AUDIT API audit entries written)"
if [ "$JWT" = 1 ]; then
    echo
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo bench --locked --bench jwt 2>/dev/null | grep -v '^$')
fi
