#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# The text engine against Yjs on the automerge-paper trace (method: docs/performance.md):
#
#   bash tests/bench/collab/run.sh [--rounds N] [--trace NAME]
#
# Builds firebreak-bench-collab in build-collab (or $BENCH_BUILD_DIR) with benchmarks on,
# installs the newest Yjs from npm into a temporary directory, converts the trace once into a
# compact file both contenders read, then alternates the contenders N times (default 5), each
# run a fresh process under /usr/bin/time: replay time, whole-process peak RSS, the engine's
# own size, and the load time of the stored document. Prints medians; the raw lines go to
# BUILD/bench-results/collab-TIMESTAMP/.

set -euo pipefail

rounds=5
trace=automerge-paper
while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --trace) trace=$2; shift 2 ;;
    -h | --help) sed -n '5,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-collab}
results=$build_dir/bench-results/collab-$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d /tmp/firebreak-collab-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"

echo "== building firebreak-bench-collab in $build_dir"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFIREBREAK_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" --target firebreak-bench-collab -j2 >/dev/null
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

{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "node $(node --version), yjs $(node -p "require('$work/node_modules/yjs/package.json').version")"
    echo "trace: $trace, rounds: $rounds"
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
PY
echo "raw results: $results"
