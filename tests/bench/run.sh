#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Firebreak's speed benchmarks in one command (method and figures: docs/performance.md):
#
#   bash tests/bench/run.sh [--rounds N] [--duration SECONDS] [--quick] [--full-sync]
#                           [--server PATH] [--compare PATH] [--storm]
#
# 1. Ingestion: wrk with 50 connections posts unique alerts, 1 and 64 per request, to
#    firebreak-server (SQLite, default durability), a real Prometheus Alertmanager (its own
#    POST /api/v2/alerts, memory only) and nginx answering 204 (the machine's ceiling). The
#    contenders alternate, each run on a fresh instance for a fixed duration; Firebreak's
#    answers and its count of stored alerts are checked after every run.
# 2. End-to-end latency: firebreak-bench-latency posts webhooks at a steady rate and times each
#    alert until a sync client has applied it to its projection.
#
# Builds what it needs in build-bench (or $BENCH_BUILD_DIR), starts every service itself on
# 127.0.0.1 with free ports and stops them all on exit, also on failure. Results go to
# build-bench/bench-results/TIMESTAMP/ (runs.txt, latency.txt, machine.txt, summary.md).
# --full-sync adds firebreak-server --synchronous-full (fsync on every commit) as a contender;
# --server measures another firebreak-server binary (and builds only the latency tool, if it is
# missing); --compare adds one as contender
# firebreak-b, alternating with the others (an A/B comparison of a change); --storm adds a
# latency run during an alert storm (wrk posting 64-alert webhooks alongside).

set -euo pipefail

rounds=5
duration=10
connections=50
wrk_threads=2
alert_groups=16
batch=64
latency_runs=3
latency_count=2000
latency_rate=200
full_sync=0
server_override=
storm=0
compare_binary=

while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --quick) rounds=1; duration=3; latency_runs=1; latency_count=400; shift ;;
    --full-sync) full_sync=1; shift ;;
    --server) server_override=$2; shift 2 ;;
    --storm) storm=1; shift ;;
    --compare) compare_binary=$(realpath "$2"); shift 2 ;;
    -h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 4 { print }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_dir=$source_dir/tests/bench
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-bench}
results=$build_dir/bench-results/$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d /tmp/firebreak-bench.XXXXXX)
admin_token=bench-admin-token
pids=()

# Everything started here is stopped here, whatever happens.
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'log "stopped by a failed command at line $LINENO"' ERR

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

need_tools() {
    local tool
    for tool in cmake curl wrk nginx prometheus-alertmanager python3; do
        command -v "$tool" >/dev/null || fail "$tool is not installed"
    done
}

build() {
    local generator=()
    latency_binary=$build_dir/tests/bench/firebreak-bench-latency
    # With --server, nothing of this tree is measured but the latency tool (a client).
    if [[ -n $server_override && -x $latency_binary ]]; then
        server_binary=$server_override
        log "measuring $server_binary; not building"
        return
    fi
    if [[ ! -f $build_dir/CMakeCache.txt ]] && command -v ninja >/dev/null; then
        generator=(-G Ninja)
    fi
    log "building in $build_dir"
    cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DFIREBREAK_BUILD_BENCHMARKS=ON -DFIREBREAK_BUILD_TESTS=OFF >"$work/configure.log" \
        || { cat "$work/configure.log" >&2; fail "configure failed"; }
    cmake --build "$build_dir" --target firebreak-server firebreak-bench-latency \
        >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; fail "build failed"; }
    server_binary=${server_override:-$build_dir/app/server/firebreak-server}
    latency_binary=$build_dir/tests/bench/firebreak-bench-latency
}

source "$bench_dir/lib.sh"

wait_for_url() {
    local url=$1
    for _ in $(seq 100); do
        curl -s -o /dev/null "$url" && return 0
        sleep 0.1
    done
    return 1
}

# Sets firebreak_pid, firebreak_url and firebreak_key.
start_firebreak() {
    local dir=$1 extra=$2 binary=${3:-$server_binary}
    mkdir -p "$dir"
    # shellcheck disable=SC2086 # $extra is empty or one option
    "$binary" --listen 127.0.0.1:0 --data "$dir/data" --admin-token "$admin_token" \
        $extra >"$dir/stdout" 2>"$dir/stderr" &
    firebreak_pid=$!
    pids+=("$firebreak_pid")
    firebreak_url=
    for _ in $(seq 100); do
        firebreak_url=$(sed -n 's/^firebreak-server listening on //p' "$dir/stdout" 2>/dev/null \
            || true)
        [[ -n $firebreak_url ]] && break
        sleep 0.1
    done
    [[ -n $firebreak_url ]] || { cat "$dir/stderr" >&2; fail "firebreak-server did not start"; }
    firebreak_key=$(curl -sf -H "Authorization: Bearer $admin_token" \
        -d '{"source": "alertmanager", "name": "bench"}' "$firebreak_url/api/v1/integrations" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])') \
        || fail "cannot create an integration"
}

# Sets alertmanager_pid and alertmanager_url.
start_alertmanager() {
    local dir=$1 port
    mkdir -p "$dir/data"
    port=$(free_port)
    cat >"$dir/alertmanager.yml" <<'EOF'
route:
  receiver: discard
  group_by: ['group']
receivers:
  - name: discard
EOF
    prometheus-alertmanager --web.listen-address="127.0.0.1:$port" --cluster.listen-address= \
        --storage.path="$dir/data" --config.file="$dir/alertmanager.yml" --log.level=warn \
        >"$dir/stdout" 2>"$dir/stderr" &
    alertmanager_pid=$!
    pids+=("$alertmanager_pid")
    alertmanager_url=http://127.0.0.1:$port
    wait_for_url "$alertmanager_url/-/ready" \
        || { cat "$dir/stderr" >&2; fail "Alertmanager did not start"; }
}

# Sets nginx_pid and nginx_url.
start_nginx() {
    local dir=$1 port
    mkdir -p "$dir"
    port=$(free_port)
    cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location / { return 204; }
    }
}
EOF
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout" 2>"$dir/stderr" &
    nginx_pid=$!
    pids+=("$nginx_pid")
    nginx_url=http://127.0.0.1:$port
    wait_for_url "$nginx_url/" || { cat "$dir/stderr" >&2; fail "nginx did not start"; }
}

metric() {
    curl -sf "$1/metrics" \
        | awk -v name="$2" 'index($0, name) == 1 { sum += $NF } END { print sum + 0 }'
}

# Waits until requests still in flight when wrk stopped have been committed.
settled_metric() {
    local url=$1 name=$2 before after
    after=$(metric "$url" "$name")
    for _ in $(seq 50); do
        sleep 0.2
        before=$after
        after=$(metric "$url" "$name")
        [[ $before == "$after" ]] && break
    done
    echo "$after"
}

# run_wrk LABEL URL FORMAT PER_REQUEST RUN_ID KEY: one wrk run; prints its result line.
run_wrk() {
    local label=$1 url=$2 format=$3 per_request=$4 run_id=$5 key=$6 out
    local TIMEFORMAT='%U %S'
    out=$work/wrk-$run_id.txt
    rm -f "$out"
    { time BENCH_RESULT_FILE=$out wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" \
        --timeout 10s -s "$bench_dir/ingest.lua" "$url" -- "$format" "$per_request" "$run_id" \
        "$alert_groups" "$key" >"$work/wrk-$run_id.log" 2>&1; } 2>"$work/wrk-$run_id.time" \
        || { cat "$work/wrk-$run_id.log" >&2; fail "wrk failed for $label"; }
    echo "$(cat "$out") client_cpu_s=$(awk '{ printf "%.2f", $1 + $2 }' "$work/wrk-$run_id.time")"
}

field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# A Firebreak run passes when every answer was 202, nothing failed at the socket, the server
# stored every acknowledged alert (plus at most the requests in flight at the cut-off), and
# its log holds one alert.received per stored alert: besides those, a fresh store has only the
# administrator token, the integration and one incident.opened per group.
check_firebreak() {
    local line=$1 per_request=$2 stored=$3 events=$4 incidents=$5
    local acknowledged responses statuses errors
    responses=$(field "$line" responses)
    statuses=$(field "$line" statuses)
    acknowledged=$(sed -n 's/.*202:\([0-9]*\).*/\1/p' <<<"$statuses")
    acknowledged=$(( ${acknowledged:-0} * per_request ))
    errors=$(( $(field "$line" connect_errors) + $(field "$line" read_errors) \
        + $(field "$line" write_errors) + $(field "$line" timeouts) ))
    if [[ $statuses != "202:$responses" ]]; then
        echo "acknowledged=$acknowledged check=FAILED:not-all-202"
    elif (( errors > 0 )); then
        echo "acknowledged=$acknowledged check=FAILED:socket-errors"
    elif (( stored < acknowledged || stored > acknowledged + connections * per_request )); then
        echo "acknowledged=$acknowledged check=FAILED:stored-differs"
    elif (( events != stored + incidents + 2 )); then
        echo "acknowledged=$acknowledged check=FAILED:alerts-not-distinct"
    else
        echo "acknowledged=$acknowledged check=ok"
    fi
}

# CPU seconds (user + system) a process has used so far, all its threads included.
cpu_seconds() {
    awk -v tick="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tick }' \
        "/proc/$1/stat"
}

# CPU seconds the whole machine has been busy (all cores; idle and I/O wait excluded).
busy_seconds() {
    awk -v tick="$(getconf CLK_TCK)" '/^cpu / {
        printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / tick; exit }' /proc/stat
}

load_average() { awk '{ printf "load1=%s load5=%s load15=%s", $1, $2, $3 }' /proc/loadavg; }

# One measured run of one contender on a fresh instance; appends to runs.txt.
run_contender() {
    local round=$1 per_request=$2 contender=$3 dir line stored verdict head pid cpu
    local events incidents busy window
    local run_id
    run_id=r${round}b${per_request}${contender:0:2}$RANDOM
    dir=$work/$run_id
    head="round=$round per_request=$per_request contender=$contender $(load_average)"
    case "$contender" in
    firebreak | firebreak-full | firebreak-b)
        local extra="" binary=$server_binary
        [[ $contender == firebreak-full ]] && extra=--synchronous-full
        [[ $contender == firebreak-b ]] && binary=$compare_binary
        start_firebreak "$dir" "$extra" "$binary"
        pid=$firebreak_pid
        cpu=$(cpu_seconds "$pid")
        busy=$(busy_seconds)
        window=$(date +%s.%N)
        line=$(run_wrk "$contender" "$firebreak_url/api/v1/alerts/alertmanager" webhook \
            "$per_request" "$run_id" "$firebreak_key")
        stored=$(settled_metric "$firebreak_url" firebreak_alerts_accepted_total)
        events=$(metric "$firebreak_url" firebreak_log_head)
        incidents=$(metric "$firebreak_url" firebreak_incidents_total)
        verdict="events=$events incidents=$incidents"
        verdict+=" $(check_firebreak "$line" "$per_request" "$stored" "$events" "$incidents")"
        ;;
    alertmanager)
        start_alertmanager "$dir"
        pid=$alertmanager_pid
        cpu=$(cpu_seconds "$pid")
        busy=$(busy_seconds)
        window=$(date +%s.%N)
        line=$(run_wrk "$contender" "$alertmanager_url/api/v2/alerts" api "$per_request" \
            "$run_id" -)
        stored=$(settled_metric "$alertmanager_url" 'alertmanager_alerts{')
        verdict="check=n/a"
        ;;
    nginx)
        start_nginx "$dir"
        pid=$nginx_pid
        cpu=$(cpu_seconds "$pid")
        busy=$(busy_seconds)
        window=$(date +%s.%N)
        line=$(run_wrk "$contender" "$nginx_url/" api "$per_request" "$run_id" -)
        stored=0
        verdict="check=n/a"
        ;;
    esac
    cpu=$(awk -v after="$(cpu_seconds "$pid")" -v before="$cpu" \
        'BEGIN { printf "%.2f", after - before }')
    # Busy time charged to neither the server nor wrk: other processes (and kernel work).
    busy=$(awk -v after="$(busy_seconds)" -v before="$busy" -v server="$cpu" \
        -v client="$(field "$line" client_cpu_s)" \
        'BEGIN { printf "%.2f", after - before - server - client }')
    window=$(awk -v now="$(date +%s.%N)" -v start="$window" 'BEGIN { printf "%.2f", now - start }')
    stop_process "$pid"
    echo "$head $line stored=$stored server_cpu_s=$cpu other_cpu_s=$busy window_s=$window" \
        "$verdict" | tee -a "$results/runs.txt" >&2
    rm -rf "$dir"
}

describe_machine() {
    {
        echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "nproc=$(nproc)"
        echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        echo "memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "kernel=$(uname -sr)"
        echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
        echo "qt=$(qtpaths6 --qt-version 2>/dev/null || pkg-config --modversion Qt6Core)"
        echo "sqlite=$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo unknown)"
        echo "alertmanager=$(prometheus-alertmanager --version 2>&1 | head -1)"
        echo "nginx=$(nginx -v 2>&1)"
        echo "wrk=$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
        echo "commit=$(git -C "$source_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "server_binary=$server_binary"
        [[ -z $compare_binary ]] || echo "compare_binary=$compare_binary"
        echo "settings=rounds=$rounds duration=${duration}s connections=$connections" \
            "wrk_threads=$wrk_threads groups=$alert_groups batch=$batch" \
            "latency_runs=$latency_runs latency_count=$latency_count latency_rate=$latency_rate"
        echo "start_$(load_average | tr ' ' '\n' | head -1)"
    } >"$results/machine.txt"
}

run_ingestion() {
    local contenders=(firebreak alertmanager nginx) round per_request contender
    (( full_sync )) && contenders=(firebreak firebreak-full alertmanager nginx)
    [[ -n $compare_binary ]] && contenders=(firebreak firebreak-b "${contenders[@]:1}")
    for round in $(seq "$rounds"); do
        for per_request in 1 "$batch"; do
            for contender in "${contenders[@]}"; do
                log "round $round/$rounds, $per_request alert(s) per request: $contender"
                run_contender "$round" "$per_request" "$contender"
            done
        done
    done
}

run_latency() {
    local run load out
    for run in $(seq "$latency_runs"); do
        log "end-to-end latency $run/$latency_runs: $latency_count alerts at $latency_rate/s"
        start_firebreak "$work/latency-$run" ""
        load=$(load_average)
        out=$work/latency-$run.txt
        "$latency_binary" --server "$firebreak_url" --token "$admin_token" \
            --count "$latency_count" --rate "$latency_rate" --output "$out" >&2 \
            || log "latency run $run did not complete"
        echo "run=$run $load $(cat "$out" 2>/dev/null || echo failed=1)" >>"$results/latency.txt"
        stop_process "$firebreak_pid"
    done
}

# The same latency measurement while wrk posts 64-alert webhooks on 10 connections.
run_storm_latency() {
    local load out tool_pid wrk_pid
    log "end-to-end latency during an alert storm"
    start_firebreak "$work/storm" ""
    load=$(load_average)
    out=$work/storm.txt
    "$latency_binary" --server "$firebreak_url" --token "$admin_token" \
        --count "$(( latency_rate * duration ))" --rate "$latency_rate" --output "$out" >&2 &
    tool_pid=$!
    pids+=("$tool_pid")
    sleep 2
    wrk -t 1 -c 10 -d "${duration}s" --timeout 10s -s "$bench_dir/ingest.lua" \
        "$firebreak_url/api/v1/alerts/alertmanager" -- webhook "$batch" storm "$alert_groups" \
        "$firebreak_key" >"$work/storm-wrk.log" 2>&1 &
    wrk_pid=$!
    pids+=("$wrk_pid")
    wait "$tool_pid" || log "the storm latency run did not complete"
    wait "$wrk_pid" || true
    stop_process "$tool_pid"
    stop_process "$wrk_pid"
    echo "run=storm $load $(cat "$out" 2>/dev/null || echo failed=1)" >>"$results/latency.txt"
    stop_process "$firebreak_pid"
}

need_tools
build
mkdir -p "$results"
describe_machine
run_ingestion
run_latency
(( storm )) && run_storm_latency
python3 "$bench_dir/summarise.py" "$results" | tee "$results/summary.md"
log "results in $results"
