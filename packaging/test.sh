#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing, builds and runs every test, then the sanitizer stage. Every service
# the tests need (firebreak-server, Prometheus Alertmanager, PostgreSQL) is started by the tests
# themselves on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh --tests

cmake --preset default -DFIREBREAK_BUILD_TESTS=ON
cmake --build --preset default
ctest --preset default --output-on-failure -j2

# The sanitizer stage (docs/security.md, "Fuzzing and sanitizers"): a second build, with clang
# and AddressSanitizer, LeakSanitizer, UBSan (every report fatal) and libFuzzer's coverage, of
# core, the server, the CLI, every test that does not link the desktop's widgets and the fuzz
# targets. CTest runs those tests under the sanitizers and each fuzz target for
# FIREBREAK_FUZZ_SECONDS over its seed corpus; a last test fails on any sanitizer report that
# any process (the servers and CLIs the tests start included) wrote.
cmake --preset fuzz -DFIREBREAK_FUZZ_SECONDS="${FIREBREAK_FUZZ_SECONDS:-10}"
cmake --build --preset fuzz
ctest --preset sanitizers
