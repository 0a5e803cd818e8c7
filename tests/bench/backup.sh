#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Memory of a backup of a big store (docs/performance.md, "Backups of stores larger than
# memory").
#
#   bash tests/bench/backup.sh [BUILD_DIR]
#
# Starts firebreak-server (SQLite, a fresh data directory under /tmp) on 127.0.0.1, uploads
# EVIDENCE_MB evidence files of 1 MiB of random bytes, takes in ALERTS generic alerts, then
# runs `firebreak-cli backup create` and `backup restore`. Prints the sizes, the times, the
# server's resident size before and its peak (VmHWM) after the backup, and the CLI's peak
# resident size for each command (GNU time).
set -euo pipefail

build=${1:-build}
server=$build/app/server/firebreak-server
cli=$build/app/cli/firebreak-cli
evidence=${EVIDENCE_MB:-300}
alerts=${ALERTS:-20000}
token=bench-backup-token

[[ -x $server && -x $cli ]] || { echo "build firebreak-server and firebreak-cli first" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

start_server "$server" "$work" "$token" --max-body-bytes 2000000 || exit 1
pid=$server_pid
url=$server_url
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB; load before:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$url" "$token" "$evidence" "$alerts" <<'PY'
import http.client, json, os, sys, urllib.parse
url, token, evidence, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host = urllib.parse.urlparse(url)
connection = http.client.HTTPConnection(host.hostname, host.port, timeout=600)
def request(method, path, body, auth, content='application/json'):
    connection.request(method, path, body=body,
                       headers={'Authorization': 'Bearer ' + auth, 'Content-Type': content})
    response = connection.getresponse()
    return response.status, response.read()
for _ in range(evidence):
    status, data = request('POST', '/api/v1/evidence', os.urandom(1 << 20), token,
                           'application/octet-stream')
    assert status == 201, data
status, data = request('POST', '/api/v1/integrations',
                       json.dumps({'source': 'generic', 'name': 'bench',
                                   'config': {'mapping': {'alerts': 'items'}}}), token)
assert status == 201, data
key = json.loads(data)['key']
for first in range(0, count, 200):
    items = [{'title': 'Disk nearly full on host-%d (%s)' % (i, 'x' * 200),
              'dedup_key': 'bench-%d' % i, 'severity': 'warning',
              'labels': {'host': 'host-%d' % (i % 500)}} for i in range(first, first + 200)]
    status, data = request('POST', '/api/v1/alerts/generic', json.dumps({'items': items}), key)
    assert status == 202, data
PY

rss() { awk -v key="$1" '$1 == key":" {print int($2 / 1024) " MiB"}' "/proc/$pid/status"; }
echo "store: $(du -sm "$work/data/firebreak.sqlite" | cut -f1) MiB of SQLite," \
    "$(du -sm "$work/data/evidence" | cut -f1) MiB of evidence"
echo "server resident before the backup: $(rss VmRSS) (peak so far $(rss VmHWM))"
export FIREBREAK_SERVER=$url FIREBREAK_TOKEN=$token
/usr/bin/time -f "backup create: %e s, CLI peak resident %M KiB" \
    "$cli" backup create --output "$work/backup.tar"
echo "archive: $(du -sm "$work/backup.tar" | cut -f1) MiB"
echo "server resident after the backup: $(rss VmRSS) (peak $(rss VmHWM))"
/usr/bin/time -f "backup restore: %e s, CLI peak resident %M KiB" \
    "$cli" backup restore --input "$work/backup.tar" --data "$work/restored"
leftovers=$(find "$work/data" -maxdepth 1 -name '.backup-*' | wc -l)
echo "temporary files left in the data folder: $leftovers"
