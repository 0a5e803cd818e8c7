#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# The text engine against Yjs on the automerge-paper trace, and remote keystroke latency with
# many editors on one server (method: docs/performance.md):
#
#   bash tests/bench/collab/run.sh [--rounds N] [--trace NAME] [--editors N] [--keys N]
#
# Builds the benchmarks in build-collab (or $BENCH_BUILD_DIR), installs the newest Yjs from npm
# into a temporary directory, converts the trace once into a compact file both contenders read,
# then alternates the contenders N times (default 5), each run a fresh process under
# /usr/bin/time: replay time, whole-process peak RSS, the engine's own size, and the load time
# of the stored document. Then starts a firebreak-server on 127.0.0.1 and runs the keystroke
# benchmark (20 editors by default) three times. Prints medians; the raw lines go to
# BUILD/bench-results/collab-TIMESTAMP/.

set -euo pipefail

rounds=5
trace=automerge-paper
editors=20
keys=50
while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --trace) trace=$2; shift 2 ;;
    --editors) editors=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    -h | --help) sed -n '5,17p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-collab}
results=$build_dir/bench-results/collab-$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d /tmp/firebreak-collab-bench.XXXXXX)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$results"

echo "== building the benchmarks in $build_dir"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFIREBREAK_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" --target firebreak-bench-collab firebreak-bench-keystrokes \
    firebreak-server -j2 >/dev/null
bench=$build_dir/tests/bench/collab/firebreak-bench-collab

echo "== installing yjs from npm into $work"
(cd "$work" && npm install --no-audit --no-fund --silent yjs >/dev/null)
replayer=$source_dir/tests/bench/collab/yjs-replay.js

"$bench" convert "$source_dir/tests/data/editing-traces/$trace.json.gz" "$work/trace.bin"

# One measured process: its JSON line, with /usr/bin/time's peak RSS of the whole process added.
measure() {
    local out=$1
    shift
    /usr/bin/time -f '%M' -o "$work/time.txt" "$@" >"$work/line.json"
    python3 - "$work/line.json" "$work/time.txt" >>"$out" <<'PY'
import json, sys
line = json.load(open(sys.argv[1]))
line["processPeakRssKiB"] = int(open(sys.argv[2]).read().split()[-1])
print(json.dumps(line))
PY
}

for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds"
    measure "$results/replay.jsonl" "$bench" replay "$work/trace.bin" "$work/doc.fbtd"
    measure "$results/replay.jsonl" node --expose-gc "$replayer" "$work/node_modules" replay \
        "$work/trace.bin"
    measure "$results/load.jsonl" "$bench" load "$work/doc.fbtd" 101
    measure "$results/load.jsonl" node --expose-gc "$replayer" "$work/node_modules" load \
        "$work/trace.bin" 21
done

echo "== keystroke latency: $editors editors, $keys keys each"
token=bench-admin-token
"$build_dir/app/server/firebreak-server" --listen 127.0.0.1:0 --data "$work/server" \
    --admin-token "$token" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
    url=$(sed -n 's/^firebreak-server listening on //p' "$work/server.out")
    [[ -n $url ]] && break
    sleep 0.1
done
[[ -n $url ]] || { echo "run.sh: firebreak-server did not start" >&2; exit 1; }
for _ in 1 2 3; do
    "$build_dir/tests/bench/collab/firebreak-bench-keystrokes" --server "$url" --token "$token" \
        --editors "$editors" --keys "$keys" >>"$results/keystrokes.jsonl"
done

{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "node $(node --version), yjs $(node -p "require('$work/node_modules/yjs/package.json').version")"
    echo "trace: $trace, rounds: $rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

python3 - "$results" <<'PY' | tee "$results/summary.md"
import json, statistics, sys
results = sys.argv[1]
def rows(name):
    data = {}
    for line in open(f"{results}/{name}.jsonl"):
        line = json.loads(line)
        data.setdefault(line["contender"], []).append(line)
    return data
def median(lines, key):
    return statistics.median(line[key] for line in lines)
replay, load = rows("replay"), rows("load")
assert all(line["correct"] for lines in replay.values() for line in lines), "a replay was wrong"
print("| contender | replay (ms) | process peak RSS (MiB) | RSS added by replay (MiB) "
      "| engine size (MiB) | stored size (KiB) | first load (ms) | load, repeated (ms) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name in ("firebreak", "yjs"):
    r, l = replay[name], load[name]
    added = statistics.median(x["rssAfterKiB"] - x["rssBeforeKiB"] for x in r)
    print(f"| {name} | {median(r, 'replayMs'):.1f} | {median(r, 'processPeakRssKiB') / 1024:.1f} "
          f"| {added / 1024:.1f} | {median(r, 'engineKiB') / 1024:.1f} "
          f"| {median(l, 'snapshotBytes') / 1024:.0f} | {median(l, 'loadFirstMs'):.3f} "
          f"| {median(l, 'loadMedianMs'):.3f} |")
ratio = median(replay["yjs"], "replayMs") / median(replay["firebreak"], "replayMs")
print(f"\nFirebreak replays the trace {ratio:.0f} times as fast as Yjs (medians of "
      f"{len(replay['firebreak'])} runs each).")
keystrokes = [json.loads(line) for line in open(f"{results}/keystrokes.jsonl")]
assert all(k["converged"] for k in keystrokes), "editors ended with different texts"
print(f"\nRemote keystroke latency, {keystrokes[0]['editors']} editors on one server, "
      f"{len(keystrokes)} runs (median of each percentile): "
      f"p50 {statistics.median(k['p50Ms'] for k in keystrokes):.1f} ms, "
      f"p99 {statistics.median(k['p99Ms'] for k in keystrokes):.1f} ms, "
      f"worst {max(k['maxMs'] for k in keystrokes):.1f} ms; "
      f"{sum(k['samples'] for k in keystrokes)} of {sum(k['expected'] for k in keystrokes)} "
      f"deliveries seen.")
PY
echo "raw results: $results"
