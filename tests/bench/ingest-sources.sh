#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Ingestion of every alert source, with routing, grouping and suppression on, side by side with
# a real Prometheus Alertmanager (method and figures: docs/performance.md, "Every source"):
#
#   bash tests/bench/ingest-sources.sh [--rounds N] [--duration SECONDS] [--quick]
#                                      [--server PATH] [--sources "a b c"]
#
# For each source a fresh firebreak-server (SQLite, default durability) gets an integration,
# two routes (one grouping by service behind a threshold of 2 alerts in 10 minutes, one
# catch-all grouping by alertname; flapping watch on) and a silence on env=staging (one alert
# in eight); then wrk posts one new alert per request in that source's own format for the
# duration. Alertmanager's own POST /api/v2/alerts is measured between the sources with the
# same alerts. Every Firebreak answer must be a 202 given after the commit, and the server must
# report exactly the alerts it acknowledged. Builds firebreak-server in build-bench (or
# $BENCH_BUILD_DIR) unless --server is given; results in BUILD/bench-results/sources-TIMESTAMP/.

set -euo pipefail

rounds=3
duration=10
connections=50
wrk_threads=2
groups=16
server_binary=
sources="alertmanager grafana datadog newrelic pagerduty enqueue opsgenie sentry cloudwatch generic"

while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --quick) rounds=1; duration=3; shift ;;
    --server) server_binary=$2; shift 2 ;;
    --sources) sources=$2; shift 2 ;;
    -h | --help) sed -n '4,20p' "$0"; exit 0 ;;
    *) echo "ingest-sources.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_dir=$source_dir/tests/bench
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-bench}
results=$build_dir/bench-results/sources-$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d /tmp/firebreak-sources.XXXXXX)
admin_token=bench-admin-token
pids=()

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

log() { printf '[sources %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

for tool in cmake curl wrk prometheus-alertmanager python3; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done

if [[ -z $server_binary ]]; then
    generator=()
    [[ ! -f $build_dir/CMakeCache.txt ]] && command -v ninja >/dev/null && generator=(-G Ninja)
    log "building firebreak-server in $build_dir"
    cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DFIREBREAK_BUILD_TESTS=OFF >"$work/configure.log" \
        || { cat "$work/configure.log" >&2; fail "configure failed"; }
    cmake --build "$build_dir" --target firebreak-server >"$work/build.log" 2>&1 \
        || { tail -40 "$work/build.log" >&2; fail "build failed"; }
    server_binary=$build_dir/app/server/firebreak-server
fi

source "$bench_dir/lib.sh"

api() { # api METHOD PATH [BODY]: an administrator's REST call to the running server
    curl -sf -X "$1" -H "Authorization: Bearer $admin_token" \
        ${3:+-H 'Content-Type: application/json' -d "$3"} "$firebreak_url$2"
}

# Sets firebreak_pid, firebreak_url and firebreak_key, with the fatigue controls configured.
start_firebreak() {
    local dir=$1 source=$2 integration_source=$2
    [[ $source == enqueue ]] && integration_source=pagerduty
    mkdir -p "$dir"
    "$server_binary" --listen 127.0.0.1:0 --data "$dir/data" --admin-token "$admin_token" \
        >"$dir/stdout" 2>"$dir/stderr" &
    firebreak_pid=$!
    pids+=("$firebreak_pid")
    firebreak_url=
    for _ in $(seq 100); do
        firebreak_url=$(sed -n 's/^firebreak-server listening on //p' "$dir/stdout")
        [[ -n $firebreak_url ]] && break
        sleep 0.1
    done
    [[ -n $firebreak_url ]] || { cat "$dir/stderr" >&2; fail "firebreak-server did not start"; }
    firebreak_key=$(api POST /api/v1/integrations \
        "{\"source\": \"$integration_source\", \"name\": \"bench\"}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])') \
        || fail "cannot create a $integration_source integration"
    api POST /api/v1/routes '{"name": "by service", "position": 1,
        "matchers": [{"field": "service", "op": "=~", "value": "svc-.*"}],
        "set": {"team": "bench"}, "groupBy": ["service"],
        "threshold": {"alerts": 2, "minutes": 10},
        "flapping": {"transitions": 6, "minutes": 30}}' >/dev/null || fail "route"
    api POST /api/v1/routes '{"name": "everything else", "position": 2,
        "groupBy": ["alertname"]}' >/dev/null || fail "route"
    api POST /api/v1/silences "{\"kind\": \"maintenance\",
        \"matchers\": [{\"label\": \"env\", \"value\": \"staging\"}],
        \"endsAt\": \"$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)\"}" >/dev/null \
        || fail "silence"
}

start_alertmanager() {
    local dir=$1 port
    mkdir -p "$dir/data"
    port=$(free_port)
    printf 'route:\n  receiver: discard\n  group_by: [service]\nreceivers:\n  - name: discard\n' \
        >"$dir/alertmanager.yml"
    prometheus-alertmanager --web.listen-address="127.0.0.1:$port" --cluster.listen-address= \
        --storage.path="$dir/data" --config.file="$dir/alertmanager.yml" --log.level=warn \
        >"$dir/stdout" 2>"$dir/stderr" &
    alertmanager_pid=$!
    pids+=("$alertmanager_pid")
    alertmanager_url=http://127.0.0.1:$port
    for _ in $(seq 100); do
        curl -s -o /dev/null "$alertmanager_url/-/ready" && return 0
        sleep 0.1
    done
    cat "$dir/stderr" >&2
    fail "Alertmanager did not start"
}

accepted_metric() {
    local before after
    after=$(curl -sf "$firebreak_url/metrics" | awk '/^firebreak_alerts_accepted_total/ { print $2 }')
    for _ in $(seq 50); do
        sleep 0.2
        before=$after
        after=$(curl -sf "$firebreak_url/metrics" \
            | awk '/^firebreak_alerts_accepted_total/ { print $2 }')
        [[ $before == "$after" ]] && break
    done
    echo "${after:-0}"
}

field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

run_wrk() { # run_wrk SOURCE URL KEY RUN_ID: prints wrk's result line
    local out=$work/wrk-$4.txt
    BENCH_RESULT_FILE=$out wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" \
        --timeout 10s -s "$bench_dir/ingest-sources.lua" "$2" -- "$1" "$4" "$groups" "$3" \
        >"$work/wrk-$4.log" 2>&1 || { cat "$work/wrk-$4.log" >&2; fail "wrk failed for $1"; }
    cat "$out"
}

# Every answer a 202, no socket errors, and the server counted exactly what it acknowledged
# (plus at most the requests in flight when wrk stopped).
verdict() {
    local line=$1 stored=$2 responses statuses acknowledged errors
    responses=$(field "$line" responses)
    statuses=$(field "$line" statuses)
    acknowledged=$(sed -n 's/.*202:\([0-9]*\).*/\1/p' <<<"$statuses")
    errors=$(( $(field "$line" connect_errors) + $(field "$line" read_errors) \
        + $(field "$line" write_errors) + $(field "$line" timeouts) ))
    if [[ $statuses != "202:$responses" ]]; then
        echo "check=FAILED:not-all-202"
    elif (( errors > 0 )); then
        echo "check=FAILED:socket-errors"
    elif (( stored < acknowledged || stored > acknowledged + connections )); then
        echo "check=FAILED:stored-$stored-acknowledged-$acknowledged"
    else
        echo "check=ok"
    fi
}

run_one() { # run_one ROUND CONTENDER
    local round=$1 contender=$2 id dir line stored check url
    id=r${round}${contender:0:4}$RANDOM
    dir=$work/$id
    if [[ $contender == alertmanager-api ]]; then
        start_alertmanager "$dir"
        line=$(run_wrk api "$alertmanager_url/api/v2/alerts" - "$id")
        stop_process "$alertmanager_pid"
        check="check=n/a"
    else
        start_firebreak "$dir" "$contender"
        url=$firebreak_url/api/v1/alerts/$contender
        [[ $contender == enqueue ]] && url=$firebreak_url/v2/enqueue
        line=$(run_wrk "$contender" "$url" "$firebreak_key" "$id")
        stored=$(accepted_metric)
        check=$(verdict "$line" "$stored")
        stop_process "$firebreak_pid"
    fi
    echo "round=$round contender=$contender load1=$(cut -d' ' -f1 /proc/loadavg) $line $check" \
        | tee -a "$results/runs.txt" >&2
    rm -rf "$dir"
}

mkdir -p "$results"
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) commit=$(git -C "$source_dir" \
        rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "settings=rounds=$rounds duration=${duration}s connections=$connections groups=$groups"
} >"$results/machine.txt"

for round in $(seq "$rounds"); do
    for contender in $sources; do
        log "round $round/$rounds: alertmanager, then $contender"
        run_one "$round" alertmanager-api
        run_one "$round" "$contender"
    done
done

python3 - "$results/runs.txt" <<'PY' | tee "$results/summary.md"
import collections, statistics, sys
runs = collections.defaultdict(list)
checks = collections.defaultdict(set)
baseline = []
for line in open(sys.argv[1]):
    fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
    codes = dict(c.split(":") for c in fields["statuses"].split(",") if ":" in c)
    ok = sum(int(n) for s, n in codes.items() if s.startswith("2"))
    rate = ok / float(fields["seconds"])
    if fields["contender"] == "alertmanager-api":
        baseline.append(rate)
    else:
        runs[fields["contender"]].append((rate, float(fields["p99_ms"])))
        checks[fields["contender"]].add(fields["check"])
am = statistics.median(baseline)
print("| source | alerts/s (median) | p99 ms | ÷ Alertmanager | checks |")
print("|---|---:|---:|---:|---|")
print(f"| Alertmanager 0.25, POST /api/v2/alerts | {am:,.0f} | | 1.00 | |")
for source, values in runs.items():
    rate = statistics.median(v[0] for v in values)
    p99 = statistics.median(v[1] for v in values)
    print(f"| {source} | {rate:,.0f} | {p99:.1f} | {rate / am:.2f} | {', '.join(sorted(checks[source]))} |")
PY
log "results in $results"
