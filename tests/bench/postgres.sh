#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# PostgreSQL append benchmark (method and figures: docs/performance.md, "PostgreSQL"):
#
#   bash tests/bench/postgres.sh [--rounds N] [--seconds S] [--batches 1,16,64,256] [--quick]
#
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 (default settings: fsync and
# synchronous_commit on; as root it runs as the postgres user), then firebreak-bench-postgres
# writes batches of events for a fixed time in three ways, alternating, each into a fresh
# database: plain INSERTs of the same rows, EventStore appends alone, and EventStore appends
# with a second replica following through LISTEN/NOTIFY. Prints the median events/s of each and
# the ratio of appends with fan-out to plain inserts. Builds in build-bench-postgres (or
# $BENCH_BUILD_DIR); results go to that folder's bench-results/postgres-TIMESTAMP/.

set -euo pipefail

rounds=3
seconds=5
batches=1,16,64,256

while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --quick) rounds=1; seconds=2; shift ;;
    -h | --help) sed -n '5,16p' "$0"; exit 0 ;;
    *) echo "postgres.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-bench-postgres}
results=$build_dir/bench-results/postgres-$(date -u +%Y%m%dT%H%M%SZ)
pg_bin=${FIREBREAK_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d /tmp/firebreak-bench-pg.XXXXXX)
as_postgres=()
started=0

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

cleanup() {
    if ((started)); then
        "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate -w stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -x $pg_bin/initdb ]] \
    || fail "PostgreSQL 15 is not installed in $pg_bin: run packaging/install-deps.sh --tests"

build() {
    local generator=()
    if [[ ! -f $build_dir/CMakeCache.txt ]] && command -v ninja >/dev/null; then
        generator=(-G Ninja)
    fi
    log "building in $build_dir"
    cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DFIREBREAK_BUILD_BENCHMARKS=ON -DFIREBREAK_BUILD_TESTS=OFF >"$work/configure.log" \
        || { cat "$work/configure.log" >&2; fail "configure failed"; }
    cmake --build "$build_dir" --target firebreak-bench-postgres >"$work/build.log" 2>&1 \
        || { tail -40 "$work/build.log" >&2; fail "build failed"; }
}

source "$source_dir/tests/bench/lib.sh"

# PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
start_postgres() {
    mkdir "$work/socket"
    if [[ $(id -u) -eq 0 ]]; then
        as_postgres=(runuser -u postgres --)
        chown postgres: "$work" "$work/socket"
    fi
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 \
        --locale=C >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; fail "initdb"; }
    port=$(free_port)
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $work/socket" start >/dev/null \
        || { cat "$work/server.log" >&2; fail "PostgreSQL did not start"; }
    started=1
    log "PostgreSQL on 127.0.0.1:$port"
}

machine() {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$source_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) x $(nproc)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "postgres: $("$pg_bin/postgres" --version)"
    echo "settings: rounds=$rounds seconds=$seconds batches=$batches"
}

summarise() {
    python3 - "$results/runs.txt" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    fields = dict(re.findall(r'(\w+)=(\S+)', line))
    if fields.get('ok') != '1':
        print('FAILED RUN:', line.strip())
        continue
    key = (int(fields['batch']), fields['mode'])
    runs.setdefault(key, []).append((float(fields['rate']), int(fields['follower_lag_ms'])))
print('| events per transaction | plain inserts (events/s) | appends alone | appends with'
      ' fan-out | fan-out / plain | follower lag at the end (ms) |')
print('|---:|---:|---:|---:|---:|---:|')
for batch in sorted({b for b, _ in runs}):
    def median(mode):
        values = [rate for rate, _ in runs.get((batch, mode), [])]
        return statistics.median(values) if values else float('nan')
    lags = [lag for _, lag in runs.get((batch, 'fanout'), [])]
    plain, alone, fanout = median('plain'), median('append'), median('fanout')
    print(f'| {batch} | {plain:,.0f} | {alone:,.0f} | {fanout:,.0f} | {fanout / plain:.2f} |'
          f' {max(lags) if lags else "-"} |')
PY
}

build
start_postgres
mkdir -p "$results"
machine | tee "$results/machine.txt" >&2
log "running ($rounds rounds of ${seconds}s per contender and batch size)"
"$build_dir/tests/bench/firebreak-bench-postgres" \
    --server "postgresql://postgres@127.0.0.1:$port/postgres" --rounds "$rounds" \
    --seconds "$seconds" --batches "$batches" | tee "$results/runs.txt" >&2
summarise | tee "$results/summary.md"
log "results in $results"
