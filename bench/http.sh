#!/usr/bin/env bash
# HTTP load benchmark of dsr-portal: GET /healthz (baseline, no database), GET /status/{token}
# and POST /requests, driven by wrk over loopback, on SQLite and on PostgreSQL, at several
# connection counts. Prints one table row per run. See bench/README.md.
#
# Run from the repository root:   bench/http.sh
# Everything is configured by environment variables (defaults below).

set -euo pipefail

DURATION=${DURATION:-20s}             # measured time per run (wrk -d)
WARMUP=${WARMUP:-3s}                  # unmeasured run before each measured one; 0 = none
CONNECTIONS=${CONNECTIONS:-"64 256"}  # wrk -c values
BACKENDS=${BACKENDS:-"sqlite postgres"}
ROUTES=${ROUTES:-"healthz status post"}
WRK_THREADS=${WRK_THREADS:-2}         # wrk -t (the machine has 2 cores)
TIMEOUT=${TIMEOUT:-5s}                # wrk --timeout: slower responses count as errors
TOKENS=${TOKENS:-200}                 # verified requests whose status pages GET /status spreads over
POOL_SIZE=${POOL_SIZE:-32}            # DSR_DATABASE__POOL_SIZE
SERVER_WORKERS=${SERVER_WORKERS:-0}   # DSR_SERVER__WORKERS (0 = one per core)
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}  # server, without a database name
PG_OPTIONS=${PG_OPTIONS:-}            # query string for the server's database URL, e.g. sslmode=disable
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-600}   # seconds to wait for the mail queue after a POST run
BUILD=${BUILD:-auto}                  # auto: build when the binary is missing; 1: always; 0: never
RESULTS=${RESULTS:-}                  # optional file for the rows as tab-separated values
KEEP=${KEEP:-0}                       # 1: keep the work folder (server logs, outbox, SQLite file)
BUSY_WARN=${BUSY_WARN:-25}            # warn when other processes took more than this % of a core
IDLE_WAIT=${IDLE_WAIT:-600}           # before each run, wait up to this many seconds for the
                                      # machine to be idle (other builds/tests); 0 = don't wait
IDLE_SECONDS=${IDLE_SECONDS:-5}       # ... for this many quiet seconds in a row
RETRIES=${RETRIES:-2}                 # repeat a run disturbed by other processes up to this often

# Targets (from the issue); a row that misses one says so in its last column.
TARGET_STATUS_RPS=${TARGET_STATUS_RPS:-10000}
TARGET_POST_RPS=${TARGET_POST_RPS:-2000}      # checked on PostgreSQL only
TARGET_P99_MS=${TARGET_P99_MS:-25}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LUA="$ROOT/bench/wrk.lua"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
BIN="$TARGET_DIR/release/dsr-portal"
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools ---------------------------------------------------------------------------------

need_cmd() { command -v "$1" >/dev/null 2>&1; }

install_wrk() {
    need_cmd wrk && return
    log "wrk is missing: installing it from Debian's packages"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >&2
    need_cmd wrk || die "could not install wrk"
}

install_wrk
for c in curl python3 psql; do
    need_cmd "$c" || die "$c is needed"
done

if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -x "$BIN" ]; }; then
    log "building $BIN (cargo build --release)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release >&2)
fi
[ -x "$BIN" ] || die "no binary at $BIN (build with cargo build --release, or set CARGO_TARGET_DIR)"

# --- state and cleanup ---------------------------------------------------------------------

WORK=$(mktemp -d /tmp/dsr-bench.XXXXXX)
SERVER_PID=""
PG_DB=""
ROWS=()

# When the server is gone: its exit status (or signal) and the end of its log; keeps the
# work folder for a look.
server_gone() {
    local rc=0
    wait "$SERVER_PID" 2>/dev/null || rc=$?
    if [ "$rc" -gt 128 ]; then
        log "the server was killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null || echo '?'))"
    else
        log "the server exited with status $rc"
    fi
    log "last lines of $RUN_DIR/server.log:"
    tail -n 20 "$RUN_DIR/server.log" >&2 || true
    SERVER_PID=""
    KEEP=1
    die "the server is gone"
}

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 150); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

drop_pg_db() {
    if [ -n "$PG_DB" ]; then
        psql "$PG_URL/postgres" -qAtc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 ||
            log "warning: could not drop database $PG_DB"
    fi
    PG_DB=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_server
    drop_pg_db
    if [ "$KEEP" = 1 ]; then
        log "kept the work folder $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- server --------------------------------------------------------------------------------

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
EXPORT_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')

# start_server BACKEND: a fresh database, a fresh folder, the server with its in-process
# worker; sets PORT, BASE, DB_URL, RUN_DIR, SERVER_PID.
start_server() {
    local backend=$1
    RUN_DIR="$WORK/$backend"
    mkdir -p "$RUN_DIR/outbox"
    case "$backend" in
        sqlite) DB_URL="sqlite://$RUN_DIR/bench.db" ;;
        postgres)
            PG_DB="dsr_bench_$$_$RANDOM"
            psql "$PG_URL/postgres" -qAtc "CREATE DATABASE \"$PG_DB\"" >/dev/null
            DB_URL="$PG_URL/$PG_DB${PG_OPTIONS:+?$PG_OPTIONS}"
            ;;
        *) die "unknown backend $backend (sqlite or postgres)" ;;
    esac
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    (
        cd "$RUN_DIR"
        export DSR_SERVER__BIND="127.0.0.1:$PORT" \
            DSR_SERVER__PUBLIC_URL="$BASE" \
            DSR_SERVER__WORKERS="$SERVER_WORKERS" \
            DSR_DATABASE__URL="$DB_URL" \
            DSR_DATABASE__POOL_SIZE="$POOL_SIZE" \
            DSR_MAIL__TRANSPORT=file \
            DSR_MAIL__OUTBOX_DIR="$RUN_DIR/outbox" \
            DSR_SECURITY__RATE_PER_IP_PER_MINUTE=1000000000 \
            DSR_SECURITY__RATE_PER_ADDRESS_PER_HOUR=1000000000 \
            DSR_SECRET_KEY="$SECRET" \
            DSR_EXPORT_KEY="$EXPORT_KEY" \
            RUST_LOG=warn
        exec "$BIN" serve
    ) >"$RUN_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || {
            cat "$RUN_DIR/server.log" >&2
            die "the server exited at start"
        }
        curl -sf "$BASE/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "the server did not answer /healthz within 30 s"
}

# seed: TOKENS requests submitted and verified through the real pages; writes the status
# paths to $RUN_DIR/status_paths and the CSRF cookie and form token to $RUN_DIR/csrf.
seed() {
    python3 - "$BASE" "$RUN_DIR/outbox" "$TOKENS" "$RUN_DIR/status_paths" "$RUN_DIR/csrf" <<'PY'
import email, email.policy, glob, http.client, re, sys, time, urllib.parse

base, outbox, count, paths_file, csrf_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
conn = http.client.HTTPConnection(host, port, timeout=30)

def req(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    return r, r.read().decode("utf-8", "replace")

r, html = req("GET", "/")
assert r.status == 200, f"GET / -> {r.status}"
cookie = re.search(r"dsr_csrf=([^;]+)", r.getheader("Set-Cookie") or "").group(1)
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"dsr_csrf={cookie}"}

for i in range(count):
    body = urllib.parse.urlencode({"email": f"seed-{i}@bench.example", "kind": "access", "csrf": csrf})
    r, _ = req("POST", "/requests", body, form)
    assert r.status == 303, f"POST /requests -> {r.status}"

# The worker mails each verification link into the outbox folder.
links, deadline = {}, time.time() + 120
while len(links) < count and time.time() < deadline:
    for f in glob.glob(f"{outbox}/*.eml"):
        if f in links:
            continue
        with open(f, "rb") as fh:
            msg = email.message_from_binary_file(fh, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain",))
        m = re.search(r"/verify/([A-Za-z0-9_-]{43})", part.get_content() if part else "")
        if m:
            links[f] = m.group(1)
    if len(links) < count:
        time.sleep(0.2)
assert len(links) >= count, f"only {len(links)} of {count} verification emails arrived"

paths = []
for token in links.values():
    r, _ = req("POST", f"/verify/{token}", urllib.parse.urlencode({"csrf": csrf}), form)
    assert r.status == 303, f"POST /verify -> {r.status}"
    paths.append(r.getheader("Location"))
    assert paths[-1].startswith("/status/"), paths[-1]
r, _ = req("GET", paths[0], headers={"Cookie": f"dsr_csrf={cookie}"})
assert r.status == 200, f"GET /status -> {r.status}"

with open(paths_file, "w") as fh:
    fh.write("\n".join(paths) + "\n")
with open(csrf_file, "w") as fh:
    fh.write(f"{cookie} {csrf}\n")
PY
}

# Jobs waiting or running, from /metrics (the same on both backends).
pending_jobs() {
    curl -sf "$BASE/metrics" | awk '/^dsr_jobs\{state="(queued|running)"\}/ { n += $2 } END { print n + 0 }'
}

# Waits until the worker has mailed everything queued; prints "backlog seconds".
drain() {
    local start backlog n
    start=$(date +%s%N)
    backlog=$(pending_jobs)
    n=$backlog
    while [ "$n" -gt 0 ]; do
        if [ $(($(date +%s) - start / 1000000000)) -gt "$DRAIN_TIMEOUT" ]; then
            log "warning: $n jobs still pending after ${DRAIN_TIMEOUT}s"
            break
        fi
        sleep 0.5
        n=$(pending_jobs)
    done
    echo "$backlog $(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
}

# --- CPU accounting ------------------------------------------------------------------------

# utime+stime (clock ticks) of one process, threads included.
proc_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# utime+stime of the PostgreSQL server's processes that work for us: its background
# processes (WAL writer, checkpointer, ...) and the backends of our database, not backends
# of other databases (another benchmark or test suite on the same server).
pg_ticks() {
    local t=0 pid others
    others=" $(psql "$PG_URL/postgres" -qAtc "SELECT pid FROM pg_stat_activity
        WHERE datname IS NOT NULL AND datname <> '${PG_DB:-}'" 2>/dev/null | tr '\n' ' ') "
    for pid in $(pgrep -u postgres 2>/dev/null || true); do
        case "$others" in *" $pid "*) continue ;; esac
        t=$((t + $(proc_ticks "$pid")))
    done
    echo "$t"
}

# Clock ticks the whole machine (all cores) spent running processes (user, nice, system;
# not interrupts), from /proc/stat.
machine_ticks() {
    awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat
}

# Waits (up to IDLE_WAIT s) until the machine is quiet: less than BUSY_WARN % of a core
# busy over one second while our server is idle. A parallel build or test run would
# otherwise take CPU from the benchmark on a 2-core machine.
wait_idle() {
    [ "$IDLE_WAIT" -gt 0 ] || return 0
    local start quiet=0 said=0 a0 a1 busy
    start=$(date +%s)
    while [ "$quiet" -lt "$IDLE_SECONDS" ]; do
        a0=$(machine_ticks)
        sleep 1
        a1=$(machine_ticks)
        busy=$(((a1 - a0) * 100 / CLK_TCK))
        if [ "$busy" -le "$BUSY_WARN" ]; then
            quiet=$((quiet + 1))
            continue
        fi
        quiet=0
        if [ $(($(date +%s) - start)) -ge "$IDLE_WAIT" ]; then
            log "warning: the machine is still busy (${busy}% of a core) after ${IDLE_WAIT}s; running anyway"
            return 0
        fi
        if [ "$said" -eq 0 ]; then
            log "the machine is busy (${busy}% of a core by other processes): waiting for it to be idle"
            said=1
        fi
    done
    return 0
}

# --- one run -------------------------------------------------------------------------------

# run_wrk MODE CONNS DURATION TAG: runs wrk; leaves its BENCH line in $WRK_OUT and its CPU
# seconds (user+sys) in $WRK_CPU.
run_wrk() {
    local mode=$1 conns=$2 duration=$3 tag=$4 args=()
    case "$mode" in
        healthz) args=(healthz) ;;
        status) args=(status "$RUN_DIR/status_paths" "$COOKIE") ;;
        post) args=(post "$tag" "$COOKIE" "$CSRF") ;;
    esac
    local out="$RUN_DIR/wrk-$mode-$conns-$tag.txt" timefile="$RUN_DIR/time-$tag.txt"
    local TIMEFORMAT='%U %S'
    { time wrk -t"$WRK_THREADS" -c"$conns" -d"$duration" --timeout "$TIMEOUT" --latency \
        -s "$LUA" "$BASE" -- "${args[@]}" >"$out" 2>&1; } 2>"$timefile" || {
        cat "$out" >&2
        kill -0 "$SERVER_PID" 2>/dev/null || server_gone
        die "wrk failed"
    }
    WRK_OUT=$(grep '^BENCH ' "$out" || true)
    [ -n "$WRK_OUT" ] || { cat "$out" >&2; die "wrk printed no result"; }
    WRK_CPU=$(awk '{ print $1 + $2 }' "$timefile")
}

field() { # field NAME "BENCH a=1 b=2"
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'
}

declare -A HEALTHZ_RPS
TAGN=0

measure() {
    local backend=$1 route=$2 conns=$3 attempt=0 srv0 pg0 all0 srv1 pg1 all1 secs cpu other
    while :; do
        attempt=$((attempt + 1))
        TAGN=$((TAGN + 1))
        wait_idle
        if [ "$WARMUP" != 0 ]; then
            run_wrk "$route" "$conns" "$WARMUP" "w$TAGN"
            if [ "$route" = post ]; then drain >/dev/null; fi
        fi
        srv0=$(proc_ticks "$SERVER_PID")
        pg0=$(pg_ticks)
        all0=$(machine_ticks)
        run_wrk "$route" "$conns" "$DURATION" "m$TAGN"
        all1=$(machine_ticks)
        srv1=$(proc_ticks "$SERVER_PID")
        pg1=$(pg_ticks)
        kill -0 "$SERVER_PID" 2>/dev/null || server_gone
        secs=$(awk -v d="$(field duration_us "$WRK_OUT")" 'BEGIN { print d / 1e6 }')
        cpu=$(awk -v w="$WRK_CPU" -v s="$((srv1 - srv0))" -v p="$((pg1 - pg0))" -v a="$((all1 - all0))" \
            -v t="$CLK_TCK" -v d="$secs" 'BEGIN {
                w = 100 * w / d; s = 100 * s / t / d; p = 100 * p / t / d; a = 100 * a / t / d
                o = a - w - s - p; if (o < 0) o = 0
                printf "%d/%d/%d/%d", w, s, p, o }')
        other=${cpu##*/}
        [ "$other" -gt "$BUSY_WARN" ] || break
        if [ "$attempt" -gt "$RETRIES" ]; then
            NOTES+=("$backend $route c=$conns: ${other}% of a core went to other processes during the run (another build or test?): its figures are low")
            break
        fi
        log "disturbed: other processes took ${other}% of a core during the run; repeating it"
        if [ "$route" = post ]; then drain >/dev/null; fi
    done

    local rps p50 p99 errs ratio verdict miss=() drained=""
    rps=$(field rps "$WRK_OUT")
    p50=$(field p50_us "$WRK_OUT")
    p99=$(field p99_us "$WRK_OUT")
    errs=$(field errors "$WRK_OUT")
    [ "$route" = healthz ] && HEALTHZ_RPS[$backend/$conns]=$rps
    if [ -n "${HEALTHZ_RPS[$backend/$conns]:-}" ]; then
        ratio=$(awk -v a="$rps" -v b="${HEALTHZ_RPS[$backend/$conns]}" 'BEGIN { printf "%.3f", a / b }')
    else
        ratio="-"
    fi
    below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
    if [ "$route" = status ] && below "$rps" "$TARGET_STATUS_RPS"; then miss+=("rps"); fi
    if [ "$route" = post ] && [ "$backend" = postgres ] && below "$rps" "$TARGET_POST_RPS"; then
        miss+=("rps")
    fi
    if [ "$route" != healthz ]; then
        if below "$TARGET_P99_MS" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')"; then miss+=("p99"); fi
        if [ "$errs" -gt 0 ]; then miss+=("errors"); fi
    fi
    if [ "$route" = healthz ]; then
        verdict="(baseline)"
    elif [ ${#miss[@]} -eq 0 ]; then
        verdict="ok"
    else
        verdict="MISS:$(IFS=,; echo "${miss[*]}")"
    fi
    if [ "$route" = post ]; then
        read -r backlog dsecs < <(drain)
        drained="queue $backlog mails, drained in ${dsecs}s"
    fi

    local label
    case "$route" in
        healthz) label="GET /healthz" ;;
        status) label="GET /status/{token}" ;;
        post) label="POST /requests" ;;
    esac
    local row
    row=$(printf '%-8s  %-19s  %5s  %9.0f  %8.2f  %8.2f  %6s  %6s  %-14s  %s' \
        "$backend" "$label" "$conns" "$rps" "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" \
        "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" "$errs" "$ratio" "$cpu" "$verdict")
    ROWS+=("$row")
    log "$row${drained:+   ($drained)}"
    if [ -n "$RESULTS" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$route" "$conns" "$rps" \
            "$p50" "$p99" "$errs" "$ratio" "$cpu" "$verdict" >>"$RESULTS"
    fi
    if [ -n "$drained" ]; then NOTES+=("$backend POST c=$conns: $drained"); fi
}

HEADER=$(printf '%-8s  %-19s  %5s  %9s  %8s  %8s  %6s  %6s  %-14s  %s' \
    backend route conns "req/s" "p50 ms" "p99 ms" errors "/healthz" "cpu% w/s/pg/o" target)
NOTES=()

REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo '+changes')"
BUILT=$(date -r "$BIN" '+%Y-%m-%d %H:%M' 2>/dev/null || echo '?')

# --- main ----------------------------------------------------------------------------------

if [ -n "$RESULTS" ]; then
    printf 'backend\troute\tconnections\trps\tp50_us\tp99_us\terrors\tratio_healthz\tcpu_wrk_srv_pg_other\ttarget\n' >"$RESULTS"
fi
log "binary $BIN; $(nproc) cores; $(wrk --version 2>&1 | head -1 | cut -c1-40)"
log "duration $DURATION (warm-up $WARMUP), connections $CONNECTIONS, wrk threads $WRK_THREADS, pool $POOL_SIZE"

for backend in $BACKENDS; do
    log "$backend: starting a server on a fresh database"
    start_server "$backend"
    log "$backend: seeding $TOKENS verified requests"
    seed
    read -r COOKIE CSRF <"$RUN_DIR/csrf"
    drain >/dev/null
    for route in $ROUTES; do
        for conns in $CONNECTIONS; do
            log "$backend: $route, $conns connections"
            measure "$backend" "$route" "$conns"
        done
    done
    stop_server
    drop_pg_db
done

echo
echo "dsr-portal HTTP benchmark: tree $REV at start, binary built $BUILT; $(nproc) cores, wrk -t$WRK_THREADS, $DURATION per run, pool $POOL_SIZE${PG_OPTIONS:+, PostgreSQL ?$PG_OPTIONS}"
echo "$HEADER"
printf '%s\n' "${ROWS[@]}"
echo
echo "req/s and latency from wrk; errors = socket errors + responses >= 400 (+ timeouts > $TIMEOUT)."
echo "/healthz = req/s relative to GET /healthz at the same backend and connections."
echo "cpu% w/s/pg/o = CPU used during the run by wrk / the server (incl. its mail worker) / PostgreSQL"
echo "(our database's backends and the server's background processes) / all other processes, in % of one core"
echo "(the machine has $(nproc)00%)."
echo "targets: GET /status >= $TARGET_STATUS_RPS req/s, POST /requests >= $TARGET_POST_RPS req/s (PostgreSQL), p99 <= $TARGET_P99_MS ms, 0 errors."
for n in "${NOTES[@]}"; do echo "note: $n"; done
