#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs what Firebreak needs to build, run and test on Debian 12, from Debian's packages.
# Usage: packaging/install-deps.sh [--tests]    (as root, or a user who may sudo)
set -euo pipefail

build_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    # Qt6Charts' CMake package needs Qt6OpenGL's, and Qt6Gui's needs XKB; with
    # --no-install-recommends neither comes along on a fresh machine.
    libqt6opengl6-dev libxkbcommon-dev
    libsodium-dev libsqlite3-dev qtkeychain-qt6-dev
)
# run.sh suggests xvfb-run for the desktop on machines without a display.
run_packages=(xvfb xauth)
# Real services the integration tests run on 127.0.0.1 (each test starts its own PostgreSQL
# cluster with the postgresql-15 binaries); openssl makes tst_tls's certificates;
# poppler-utils reads the exported post-mortem PDFs.
test_packages=(prometheus-alertmanager postgresql-15 xvfb xauth curl python3-aiosmtpd openssl
    poppler-utils)

# The sanitizer build of the tests and the fuzz targets use clang, its sanitizer runtimes and
# libFuzzer (libclang-rt-14-dev), and llvm-symbolizer (llvm-14) for readable reports.
fuzz_packages=(clang-14 libclang-rt-14-dev llvm-14)

packages=("${build_packages[@]}" "${run_packages[@]}")
if [[ "${1:-}" == "--tests" ]]; then
    packages+=("${test_packages[@]}" "${fuzz_packages[@]}")
fi

if [[ $(id -u) -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "install-deps: run as root or install sudo" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}"
    # The tests start their own Alertmanager; the package's system service is not wanted.
    if [[ " ${missing[*]} " == *" prometheus-alertmanager "* ]] \
        && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
        "${sudo[@]}" systemctl disable --now prometheus-alertmanager || true
    fi
    if [[ " ${missing[*]} " == *" postgresql-15 "* ]] \
        && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
        "${sudo[@]}" systemctl disable --now postgresql || true
    fi
else
    echo "install-deps: everything is installed"
fi
