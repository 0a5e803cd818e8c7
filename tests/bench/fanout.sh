#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Live fan-out and catch-up benchmark (docs/performance.md, "Fan-out to 1,000 clients").
#
#   bash tests/bench/fanout.sh [BUILD_DIR]
#
# Starts firebreak-server (SQLite, a fresh data directory) and the bare QWebSocketServer relay
# of firebreak-bench-fanout on 127.0.0.1, connects CLIENTS sync clients to each in turn and
# measures delivery delay at a steady rate and deliveries per second at saturation, alternating
# the two contenders ROUNDS times; prints every run and the medians. Then it writes 100,000
# events and times a client that catches up from nothing. Everything runs on 127.0.0.1.
set -euo pipefail

build=${1:-build}
bench=$build/tests/bench/firebreak-bench-fanout
server=$build/app/server/firebreak-server
clients=${CLIENTS:-1000}
rounds=${ROUNDS:-3}
latency_events=${LATENCY_EVENTS:-200}
rate=${RATE:-20}
events=${EVENTS:-1000}
catchup_events=${CATCHUP_EVENTS:-100000}
token=bench-fanout-token

[[ -x $bench && -x $server ]] || {
    echo "build first: cmake --preset default -DFIREBREAK_BUILD_BENCHMARKS=ON && cmake --build --preset default" >&2
    exit 1
}
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

wait_line() { # file sed-expression -> prints the captured value
    for _ in $(seq 200); do
        local value
        value=$(sed -n "$2" "$1" 2>/dev/null || true)
        [[ -n $value ]] && { echo "$value"; return 0; }
        sleep 0.05
    done
    echo "no ready line in $1" >&2
    return 1
}

"$server" --listen 127.0.0.1:0 --data "$work/data" --admin-token "$token" \
    >"$work/server.out" 2>"$work/server.err" &
pids+=($!)
http=$(wait_line "$work/server.out" 's/^firebreak-server listening on //p')
sync_url=${http/http:/ws:}/api/v1/sync
incident=$(curl -sf -H "Authorization: Bearer $token" \
    -d '{"type":"incident.declare","title":"Fan-out benchmark","severity":"P3"}' \
    "$http/api/v1/commands" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["incident"])')

"$bench" relay >"$work/relay.out" 2>"$work/relay.err" &
pids+=($!)
relay_url=ws://127.0.0.1:$(wait_line "$work/relay.out" 's/^relay listening on //p')

echo "machine: $(nproc) cores, $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clients=$clients rate=$rate/s latency_events=$latency_events events=$events rounds=$rounds"
common=(--clients "$clients" --rate "$rate" --latency-events "$latency_events" --events "$events")
: >"$work/results"
for round in $(seq "$rounds"); do
    "$bench" fanout --url "$sync_url" --token "$token" --incident "$incident" "${common[@]}" \
        | tee -a "$work/results"
    "$bench" fanout --url "$relay_url" "${common[@]}" | tee -a "$work/results"
    echo "round $round done; load $(cut -d' ' -f1 /proc/loadavg)"
done
python3 - "$work/results" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.startswith('{')]
def median(target, key):
    values = [r[key] for r in runs if r.get('target') == target and key in r]
    return statistics.median(values) if values else float('nan')
for key in ('latencyP50Ms', 'latencyP99Ms', 'deliveriesPerSecond'):
    f, r = median('firebreak', key), median('relay', key)
    print(f"median {key}: firebreak {f:.1f}  relay {r:.1f}")
f, r = median('firebreak', 'deliveriesPerSecond'), median('relay', 'deliveriesPerSecond')
print(f"throughput ratio firebreak/relay: {f / r:.2f} (goal >= 0.7); "
      f"p99 {median('firebreak', 'latencyP99Ms'):.1f} ms (goal < 100)")
EOF

# Catch-up: fill the log to at least catchup_events events, then subscribe from nothing.
echo "writing $catchup_events events…"
"$bench" fanout --url "$sync_url" --token "$token" --incident "$incident" --clients 0 \
    --latency-events 0 --events "$catchup_events" --window 512 >/dev/null
for round in $(seq "$rounds"); do
    "$bench" catchup --url "$sync_url" --token "$token" --expect "$catchup_events"
    "$bench" catchup-client --url "$sync_url" --token "$token" --expect "$catchup_events"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
