#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing, builds and runs every test. Every service the tests need
# (firebreak-server, Prometheus Alertmanager) is started by the tests themselves on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh --tests

cmake --preset default -DFIREBREAK_BUILD_TESTS=ON
cmake --build --preset default
ctest --preset default --output-on-failure -j2
