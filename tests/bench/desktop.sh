#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# The desktop's speed benchmarks in one command (method and figures: docs/performance.md):
#
#   bash tests/bench/desktop.sh [--rounds N] [--events N] [--incidents N] [--quick] [--no-build]
#   bash tests/bench/desktop.sh --catchup [N] [--rounds N] [--no-build]
#
# Builds firebreak and firebreak-bench-desktop (Release) in build-bench (or $BENCH_BUILD_DIR),
# then measures, under Xvfb when it is installed and on the offscreen platform:
# 1. the timeline of an incident with 100,000 events opening in the real main window against a
#    bare QListView with uniform item sizes holding the same rows, and the scroll frames of both;
# 2. the main window holding 50,000 incidents: build and first paint, scroll frames, a filter
#    keystroke; 3. resident memory with all of it loaded;
# 4. process start to first painted window of firebreak against a minimal Qt window.
# Results go to build-bench/bench-results/desktop-TIMESTAMP.txt with a note of the machine.
# --no-build uses the binaries already in $BENCH_BUILD_DIR (a build configured with
# -DFIREBREAK_BUILD_BENCHMARKS=ON) as they are.
# --catchup measures only catching up: a firebreak-server with a store of N events (default
# 100,000) and, alternating, the headless sync client and the real main window catching up.

set -euo pipefail

rounds=5
build=1
events=100000
incidents=50000
catchup=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --incidents) incidents=$2; shift 2 ;;
    --quick) rounds=2; events=20000; incidents=10000; shift ;;
    --no-build) build=0; shift ;;
    --catchup)
        catchup=100000
        shift
        if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then catchup=$1; shift; fi
        ;;
    -h | --help) awk 'NR > 2 && !/^#/ { exit } NR > 4 { print }' "$0"; exit 0 ;;
    *) echo "desktop.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$source_dir/build-bench}
mkdir -p "$build_dir/bench-results"
results=$build_dir/bench-results/desktop-$(date -u +%Y%m%dT%H%M%SZ).txt
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ $build == 1 ]]; then
    generator=()
    if [[ ! -f $build_dir/CMakeCache.txt ]] && command -v ninja >/dev/null; then
        generator=(-G Ninja)
    fi
    log "building in $build_dir"
    cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DFIREBREAK_BUILD_BENCHMARKS=ON -DFIREBREAK_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build_dir" --target firebreak firebreak-server firebreak-bench-desktop \
        >/dev/null
fi
bench=$build_dir/tests/bench/firebreak-bench-desktop
desktop=$build_dir/app/desktop/firebreak
server=$build_dir/app/server/firebreak-server

{
    echo "# Firebreak desktop benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
        "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
        "load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit: $(git -C "$source_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
        "build: $(grep -m1 CMAKE_BUILD_TYPE: "$build_dir/CMakeCache.txt" | cut -d= -f2)"
    echo
} >"$results"

run() {
    local platform=$1
    shift
    log "$platform: $*"
    echo "## $platform" >>"$results"
    if [[ $platform == xvfb ]]; then
        xvfb-run -a -s "-screen 0 1920x1080x24" env -u QT_QPA_PLATFORM "$@" >>"$results"
    else
        QT_QPA_PLATFORM=offscreen "$@" >>"$results"
    fi
    echo >>"$results"
}

if [[ $catchup -gt 0 ]]; then
    run offscreen "$bench" --catchup "$server" --catchup-events "$catchup" --rounds "$rounds"
    cat "$results"
    log "results in $results"
    exit 0
fi

platforms=(offscreen)
command -v xvfb-run >/dev/null && platforms=(xvfb offscreen)
for platform in "${platforms[@]}"; do
    run "$platform" "$bench" --first-paint "$desktop" --rounds $((rounds * 2))
    run "$platform" "$bench" --events "$events" --incidents "$incidents" --rounds "$rounds"
done
cat "$results"
log "results in $results"
