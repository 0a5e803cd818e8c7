#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing, builds, then starts firebreak-server on an embedded SQLite store
# and the desktop client connected to it. Stop both with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
# A new build leaves the tests out; one that packaging/test.sh made keeps them, so the two
# commands do not reconfigure each other's build back and forth.
if [[ -f build/CMakeCache.txt ]]; then
    cmake --preset default
else
    cmake --preset default -DFIREBREAK_BUILD_TESTS=OFF
fi
cmake --build --preset default

umask 077
data="${FIREBREAK_DATA:-$HOME/.local/share/firebreak-server}"
listen="${FIREBREAK_LISTEN:-127.0.0.1:8080}"
mkdir -p "$data"
# The store holds the whole log, password and token hashes: only this user may read it.
chmod 700 "$data"
if [[ ! -s "$data/admin-token" ]]; then
    # The server takes a first administrator token only on an empty store: a new one made for
    # an existing store would be printed, then refused (401) everywhere.
    if [[ -e "$data/firebreak.sqlite" ]]; then
        echo "run.sh: $data holds a store but no admin-token file, and a new token would not" >&2
        echo "  be accepted by it. Put a token of an administrator of that store into" >&2
        echo "  $data/admin-token, or start a new store elsewhere:" >&2
        echo "  FIREBREAK_DATA=/path/to/new/folder bash packaging/run.sh" >&2
        exit 1
    fi
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$data/admin-token")
fi
token=$(cat "$data/admin-token")

# The log of earlier runs is kept (it may explain a crash); each run appends after a marker.
log="$data/server.log"
echo "=== firebreak-server started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$log"
# The token goes through the environment, not the command line, which every local user can
# read in ps.
FIREBREAK_ADMIN_TOKEN="$token" ./build/app/server/firebreak-server --listen "$listen" \
    --data "$data" > "$data/ready" 2>> "$log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT

for _ in $(seq 100); do
    grep -q "listening on" "$data/ready" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { tail -n 50 "$log" >&2; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/.*listening on //p' "$data/ready")
echo "firebreak-server is listening on $url (data in $data, log in $log)"
echo "Administrator token: $data/admin-token"
echo "Send Alertmanager webhooks to $url/api/v1/alerts/alertmanager with a key from:"
echo "  export FIREBREAK_SERVER=$url FIREBREAK_TOKEN=\$(cat $data/admin-token)"
echo "  ./build/app/cli/firebreak-cli integration create --source alertmanager --name prometheus"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    echo
    echo "No display found, so the desktop client was not started. The server keeps running."
    echo "On a desktop session run:"
    echo "  FIREBREAK_SERVER=$url FIREBREAK_TOKEN=\$(cat $data/admin-token) ./build/app/desktop/firebreak"
    echo "Over SSH without a display, put xvfb-run -a before ./build/app/desktop/firebreak."
    echo "Press Ctrl+C to stop the server."
    wait "$server"
    exit 0
fi

FIREBREAK_SERVER="$url" FIREBREAK_TOKEN="$token" ./build/app/desktop/firebreak
