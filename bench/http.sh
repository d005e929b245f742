#!/usr/bin/env bash
# HTTP load benchmark of dsr-portal: GET /healthz (baseline, no database), GET /status/{token}
# and POST /requests, driven by wrk over loopback, on SQLite and on PostgreSQL, at several
# connection counts. Prints one table row per run. See bench/README.md.
#
# Run from the repository root:   bench/http.sh
# Everything is configured by environment variables (defaults below).

set -euo pipefail

DURATION=${DURATION:-30s}             # measured time per run (wrk -d)
WARMUP=${WARMUP:-3s}                  # unmeasured run before each measured one; 0 = none
CONNECTIONS=${CONNECTIONS:-"64 256"}  # wrk -c values
BACKENDS=${BACKENDS:-"postgres"}      # also: sqlite
# healthz and static are floors (no database); status_<state> is the status page of a request
# in that state (fresh: awaiting approval; processing: with per-store progress; completed:
# with its download); status spreads over all three.
ROUTES=${ROUTES:-"healthz static status_fresh status_processing status_completed post"}
FLOOR=${FLOOR:-1}                     # on PostgreSQL, also pgbench running the same SQL
WRK_THREADS=${WRK_THREADS:-2}         # wrk -t (the machine has 2 cores)
TIMEOUT=${TIMEOUT:-5s}                # wrk --timeout: slower responses count as errors
TOKENS=${TOKENS:-200}                 # requests of each kind (access, erasure) seeded for the status pages
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
PROFILE=${PROFILE:-0}                 # 1: record the server with perf during each measured run
                                      # (perf-<route>-<conns>.data in the kept work folder)
PERF_ARGS=${PERF_ARGS:-"-F 499 --call-graph dwarf,16384"}  # perf record options for PROFILE=1

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
import email, email.policy, glob, hashlib, http.client, re, sys, time, urllib.parse

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

# Access requests (exported by the worker: completed, with a download) and erasures (they
# wait for a DPO's approval: the page of a fresh request, no progress yet).
kinds = {}
for i in range(count):
    for kind in ("access", "erasure"):
        email_addr = f"seed-{kind}-{i}@bench.example"
        body = urllib.parse.urlencode({"email": email_addr, "kind": kind, "csrf": csrf})
        r, _ = req("POST", "/requests", body, form)
        assert r.status == 303, f"POST /requests -> {r.status}"
        kinds[email_addr] = kind
count *= 2

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
            links[f] = (kinds[str(msg["To"]).strip("<>")], m.group(1))
    if len(links) < count:
        time.sleep(0.2)
assert len(links) >= count, f"only {len(links)} of {count} verification emails arrived"

paths = {"access": [], "erasure": []}
for kind, token in links.values():
    r, _ = req("POST", f"/verify/{token}", urllib.parse.urlencode({"csrf": csrf}), form)
    assert r.status == 303, f"POST /verify -> {r.status}"
    paths[kind].append(r.getheader("Location"))
    assert paths[kind][-1].startswith("/status/"), paths[kind][-1]

# Every export done: then half of them are put back to `processing` (their per-store
# progress rows stay), the other half keep their download.
deadline = time.time() + 600
pending = list(paths["access"])
while pending and time.time() < deadline:
    r, html = req("GET", pending[-1], headers={"Cookie": f"dsr_csrf={cookie}"})
    assert r.status == 200, f"GET /status -> {r.status}"
    if 'state-completed' in html:
        pending.pop()
    else:
        time.sleep(0.2)
assert not pending, f"{len(pending)} exports not done after 600 s"
half = len(paths["access"]) // 2
states = {"fresh": paths["erasure"], "processing": paths["access"][:half], "completed": paths["access"][half:]}
for state, ps in states.items():
    with open(f"{paths_file}.{state}", "w") as fh:
        fh.write("\n".join(ps) + "\n")
with open(f"{paths_file}.processing.hashes", "w") as fh:
    for path in states["processing"]:
        fh.write(hashlib.sha256(path.rsplit("/", 1)[1].encode()).hexdigest() + "\n")
with open(paths_file, "w") as fh:
    fh.write("\n".join(p for ps in states.values() for p in ps) + "\n")
with open(csrf_file, "w") as fh:
    fh.write(f"{cookie} {csrf}\n")
PY
}

# One SQL statement against the server's database (psql, or python's sqlite3).
sql() {
    case "$DB_URL" in
        postgres*) psql "$PG_URL/$PG_DB" -qAtc "$1" ;;
        sqlite*) python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(map(str, x)) for x in r))' "${DB_URL#sqlite://}" "$1" ;;
    esac
}

# Half of the completed exports back to `processing` (their per-store progress rows stay):
# the status page of a request being worked on.
make_processing() {
    local list
    list=$(awk '{ printf "%s\x27%s\x27", (NR > 1 ? "," : ""), $1 }' "$RUN_DIR/status_paths.processing.hashes")
    sql "UPDATE requests SET status = 'processing', completed_at = NULL
         WHERE id IN (SELECT request_id FROM tokens WHERE token_hash IN ($list))" >/dev/null
}

# The floor under the two database-bound routes, measured with pgbench against the same
# database (server stopped) with as many clients as the server's pool: the intake's one
# statement (request, link, mail with bodies of the verification mail's size, job, audit
# entry), and the status page's one query (over the seeded status links). Prints rows.
pg_floor() {
    local dir="$RUN_DIR/pgbench" pgbench n
    pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
    [ -x "$pgbench" ] || { log "no pgbench: no floor"; return 0; }
    mkdir -p "$dir"
    sql "CREATE TABLE bench_tokens AS SELECT row_number() OVER () AS n, token_hash
         FROM tokens WHERE purpose = 'status'; CREATE UNIQUE INDEX ON bench_tokens (n)" >/dev/null
    n=$(sql "SELECT count(*) FROM bench_tokens")
    cat >"$dir/insert.sql" <<'SQL'
WITH r AS (INSERT INTO requests (id, kind, status, email, jurisdiction, ticket_ref, received_at,
    verify_by, updated_at, details)
  VALUES (gen_random_uuid()::text, 'access', 'unverified',
    'pgb-' || gen_random_uuid()::text || '@bench.example', 'gdpr', NULL, now(),
    now() + interval '1 day', now(), NULL)
  ON CONFLICT DO NOTHING RETURNING id),
t AS (INSERT INTO tokens (token_hash, request_id, purpose, created_at, expires_at)
  SELECT md5(random()::text) || md5(random()::text), id, 'verify', now(), now() + interval '1 day' FROM r),
o AS (INSERT INTO outbox (id, request_id, message, to_addr, subject, body_text, body_html,
    created_at, attempts)
  SELECT gen_random_uuid()::text, id, 'verify', 'pgb@bench.example', 'Confirm your privacy request',
    repeat('x', 900), repeat('x', 3500), now(), 0 FROM r),
j AS (INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
  SELECT 'send_email', '{"kind": "send_email", "outbox_id": "00000000-0000-0000-0000-000000000000"}',
    'queued', 0, 10, now(), now(), now() FROM r),
a AS (INSERT INTO audit_log (at, actor, event, request_id, detail)
  SELECT now(), 'subject', 'created', id, '{"kind": "access", "jurisdiction": "gdpr", "ticket_ref": null}' FROM r)
SELECT count(*) FROM r;
SQL
    cat >"$dir/status.sql" <<SQL
\set n random(1, $n)
SELECT t.*, r.*, e.expires_at, e.deleted_at, p.*
  FROM tokens t JOIN requests r ON r.id = t.request_id
  LEFT JOIN exports e ON e.request_id = t.request_id
  LEFT JOIN request_progress p ON p.request_id = t.request_id
  WHERE t.token_hash = (SELECT token_hash FROM bench_tokens WHERE n = :n) AND t.purpose = 'status'
  ORDER BY p.store;
SQL
    local what label out tps p50 p99 errs
    for what in insert status; do
        case "$what" in
            insert) label="pgbench intake INSERT" ;;
            status) label="pgbench status SELECT" ;;
        esac
        wait_idle
        rm -f "$dir"/pgbench_log.*
        out=$(cd "$dir" && "$pgbench" -n -M prepared -c "$POOL_SIZE" -j "$WRK_THREADS" -T "${DURATION%s}" \
            -l -f "$what.sql" "$PG_URL/$PG_DB" 2>&1) || { echo "$out" >&2; log "pgbench failed"; continue; }
        tps=$(awk '/^tps = / { print $3; exit }' <<<"$out")
        errs=$(awk '/failed transactions:/ { for (i = 1; i < NF; i++) if ($i == "transactions:") print $(i + 1); exit }' <<<"$out")
        read -r p50 p99 < <(cat "$dir"/pgbench_log.* | awk '{ print $3 }' | sort -n |
            awk '{ a[NR] = $1 } END { printf "%.2f %.2f\n", a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000 }')
        ROWS+=("$(printf '%-8s  %-22s  %5s  %9.0f  %8.2f  %8.2f  %6s  %6s  %-14s  %s' \
            postgres "$label" "$POOL_SIZE" "$tps" "$p50" "$p99" "${errs:-0}" - - "(floor)")")
        log "${ROWS[-1]}"
    done
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

PERF_PID=""
# With PROFILE=1: call graphs of the server's threads during the measured run.
start_profile() {
    [ "$PROFILE" = 1 ] || return 0
    need_cmd perf || die "PROFILE=1 needs perf (Debian package linux-perf)"
    KEEP=1
    perf record -q $PERF_ARGS -p "$SERVER_PID" -o "$RUN_DIR/perf-$1-$2.data" >/dev/null 2>&1 &
    PERF_PID=$!
}
stop_profile() {
    [ -n "$PERF_PID" ] || return 0
    kill -TERM "$PERF_PID" 2>/dev/null || true
    wait "$PERF_PID" 2>/dev/null || true
    PERF_PID=""
}

# run_wrk MODE CONNS DURATION TAG: runs wrk; leaves its BENCH line in $WRK_OUT and its CPU
# seconds (user+sys) in $WRK_CPU.
run_wrk() {
    local mode=$1 conns=$2 duration=$3 tag=$4 args=()
    case "$mode" in
        healthz) args=(healthz) ;;
        static) args=(static) ;;
        status) args=(status "$RUN_DIR/status_paths" "$COOKIE") ;;
        status_*) args=(status "$RUN_DIR/status_paths.${mode#status_}" "$COOKIE") ;;
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
        start_profile "$route" "$conns"
        run_wrk "$route" "$conns" "$DURATION" "m$TAGN"
        stop_profile
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
    case "$route" in status*) below "$rps" "$TARGET_STATUS_RPS" && miss+=("rps") ;; esac
    if [ "$route" = post ] && [ "$backend" = postgres ] && below "$rps" "$TARGET_POST_RPS"; then
        miss+=("rps")
    fi
    if [ "$route" != healthz ] && [ "$route" != static ]; then
        if below "$TARGET_P99_MS" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')"; then miss+=("p99"); fi
        if [ "$errs" -gt 0 ]; then miss+=("errors"); fi
    fi
    if [ "$route" = healthz ] || [ "$route" = static ]; then
        verdict="(floor)"
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
        static) label="GET /static/app.css" ;;
        status) label="GET /status/{token}" ;;
        status_*) label="GET /status ${route#status_}" ;;
        post) label="POST /requests" ;;
    esac
    local row
    row=$(printf '%-8s  %-22s  %5s  %9.0f  %8.2f  %8.2f  %6s  %6s  %-14s  %s' \
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

HEADER=$(printf '%-8s  %-22s  %5s  %9s  %8s  %8s  %6s  %6s  %-14s  %s' \
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
    log "$backend: seeding $TOKENS access and $TOKENS erasure requests, verified"
    seed
    make_processing
    read -r COOKIE CSRF <"$RUN_DIR/csrf"
    drain >/dev/null
    for route in $ROUTES; do
        for conns in $CONNECTIONS; do
            log "$backend: $route, $conns connections"
            measure "$backend" "$route" "$conns"
        done
    done
    stop_server
    if [ "$backend" = postgres ] && [ "$FLOOR" = 1 ]; then pg_floor; fi
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
