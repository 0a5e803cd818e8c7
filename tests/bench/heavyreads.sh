#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Heavy reads against a big store (docs/performance.md, "Heavy reads and the event loop").
#
#   bash tests/bench/heavyreads.sh [BUILD_DIR]
#
# Starts firebreak-server (SQLite, a fresh data directory) on 127.0.0.1, takes in ALERTS
# generic alerts (each its own incident; every fourth one resolved again), then times
# GET /api/v1/alerts/noise, GET /metrics and POST /api/v1/routes/dry-run (limit 1000, a draft
# route with a title regex), ROUNDS times each, and for each the time of a GET /healthz sent
# HEALTHZ_DELAY seconds (default 0.2) after the heavy request started. Prints every run and the
# medians.
set -euo pipefail

build=${1:-build}
server=$build/app/server/firebreak-server
alerts=${ALERTS:-40000}
rounds=${ROUNDS:-3}
delay=${HEALTHZ_DELAY:-0.2}
token=bench-heavyreads-token

[[ -x $server ]] || { echo "build firebreak-server first" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

start_server "$server" "$work" "$token" || exit 1
url=$server_url

echo "machine: $(nproc) cores, $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$url" "$token" "$alerts" "$rounds" "$delay" <<'EOF'
import http.client, json, statistics, sys, threading, time, urllib.parse

url, token, count, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
delay = float(sys.argv[5])
host = urllib.parse.urlparse(url)

def request(method, path, body=None, auth=token):
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=600)
    headers = {'Content-Type': 'application/json'}
    if auth:
        headers['Authorization'] = 'Bearer ' + auth
    started = time.monotonic()
    connection.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = time.monotonic() - started
    connection.close()
    return response.status, data, elapsed

status, data, _ = request('POST', '/api/v1/integrations', {
    'source': 'generic', 'name': 'bench', 'config': {'mapping': {'alerts': 'items'}}})
assert status == 201, data
key = json.loads(data)['key']

started = time.monotonic()
batch = 200
for first in range(0, count, batch):
    items = [{'title': 'Disk nearly full on host-%d (%s)' % (i, 'x' * 200),
              'dedup_key': 'bench-%d' % i, 'severity': ['critical', 'error', 'warning'][i % 3],
              'labels': {'host': 'host-%d' % (i % 500), 'env': 'prod'}}
             for i in range(first, min(first + batch, count))]
    status, data, _ = request('POST', '/api/v1/alerts/generic', {'items': items}, key)
    assert status == 202, data
    resolved = [dict(item, status='resolved') for n, item in enumerate(items) if n % 4 == 0]
    status, data, _ = request('POST', '/api/v1/alerts/generic', {'items': resolved}, key)
    assert status == 202, data
_, health, _ = request('GET', '/healthz')
print('store: %d alerts, head %d, taken in in %.0f s'
      % (count, json.loads(health)['head'], time.monotonic() - started))

heavy = {
    'noise': ('GET', '/api/v1/alerts/noise?since=1970-01-02T00:00:00Z&until=2100-01-01T00:00:00Z',
              None, token),
    'metrics': ('GET', '/metrics', None, None),
    'dry-run': ('POST', '/api/v1/routes/dry-run',
                {'limit': 1000, 'routes': [{'name': 'disks', 'matchers': [
                    {'field': 'title', 'op': '=~', 'value': '.*[Dd]isk.*full.*host-1.*'}],
                    'set': {'severity': 'P1'}}]}, token),
}
results = {}
for name, (method, path, body, auth) in heavy.items():
    for round in range(rounds):
        answer = {}
        def run():
            answer['status'], answer['data'], answer['seconds'] = request(method, path, body, auth)
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(delay)
        _, _, health = request('GET', '/healthz')
        thread.join()
        assert answer['status'] == 200, answer['data'][:300]
        run_result = {'request': name, 'seconds': float('%.3f' % answer['seconds']),
                      'healthz': float('%.3f' % health)}
        print(json.dumps(run_result))
        results.setdefault(name, []).append(run_result)
for name, runs in results.items():
    print('%-8s median %.3f s; /healthz during it: median %.3f s, worst %.3f s'
          % (name, statistics.median(r['seconds'] for r in runs),
             statistics.median(r['healthz'] for r in runs), max(r['healthz'] for r in runs)))
EOF
