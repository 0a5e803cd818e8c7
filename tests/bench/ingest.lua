-- SPDX-FileCopyrightText: 2026 The Firebreak authors
-- SPDX-License-Identifier: Apache-2.0
--
-- wrk script for the ingestion benchmark (tests/bench/run.sh).
--
--   wrk ... -s ingest.lua URL -- FORMAT PER_REQUEST RUN_ID GROUPS [KEY]
--
-- FORMAT is "webhook" (Alertmanager webhook v4 body, what firebreak-server takes) or "api"
-- (a JSON array of alerts, what Alertmanager's own POST /api/v2/alerts takes). Every alert is
-- unique: its labels carry the run id, the wrk thread and a counter. A request's alerts share
-- one group label; consecutive requests cycle through GROUPS groups. KEY, when given and not
-- "-", is sent as "Authorization: Bearer KEY". The statuses received are tallied, and done()
-- appends one line of key=value figures to the file named by $BENCH_RESULT_FILE (or prints
-- it).

local threads = {}
local counter = 0
local sent = 0

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    format = args[1] or "webhook"
    per_request = tonumber(args[2] or "1")
    run_id = args[3] or "run"
    groups = tonumber(args[4] or "16")
    key = args[5]
    statuses = {}
    responses = 0
    starts_at = os.date("!%Y-%m-%dT%H:%M:%SZ")

    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    if key and key ~= "-" then
        wrk.headers["Authorization"] = "Bearer " .. key
    end
end

-- The labels of alert number n of this thread: unique across threads and runs.
local function labels(group, n)
    return string.format(
        '{"alertname":"BenchAlert","group":"g%d","instance":"%s-t%d-%d",' ..
        '"job":"bench","severity":"warning"}',
        group, run_id, thread_id, n)
end

local function webhook_alert(group, n)
    return string.format(
        '{"status":"firing","labels":%s,"annotations":{"summary":"bench alert %d"},' ..
        '"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",' ..
        '"generatorURL":"http://bench.invalid/graph","fingerprint":"%s%04x%08x"}',
        labels(group, n), n, starts_at, run_id, thread_id, n)
end

local function api_alert(group, n)
    return string.format(
        '{"labels":%s,"annotations":{"summary":"bench alert %d"},"startsAt":"%s",' ..
        '"generatorURL":"http://bench.invalid/graph"}',
        labels(group, n), n, starts_at)
end

function request()
    local group = (thread_id + sent) % groups
    sent = sent + 1
    local alerts = {}
    for i = 1, per_request do
        counter = counter + 1
        if format == "api" then
            alerts[i] = api_alert(group, counter)
        else
            alerts[i] = webhook_alert(group, counter)
        end
    end
    local list = "[" .. table.concat(alerts, ",") .. "]"
    if format == "api" then
        return wrk.format(nil, nil, nil, list)
    end
    local body = string.format(
        '{"version":"4","groupKey":"{}:{group=\\"g%d\\"}","status":"firing",' ..
        '"receiver":"firebreak","groupLabels":{"group":"g%d"},' ..
        '"commonLabels":{"alertname":"BenchAlert","group":"g%d"},"commonAnnotations":{},' ..
        '"externalURL":"http://bench.invalid","truncatedAlerts":0,"alerts":%s}',
        group, group, group, list)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    responses = responses + 1
end

function done(summary, latency, requests)
    local tally = {}
    local counted = 0
    for _, thread in ipairs(threads) do
        local seen = thread:get("statuses")
        counted = counted + thread:get("responses")
        for status, count in pairs(seen) do
            tally[status] = (tally[status] or 0) + count
        end
    end
    local codes = {}
    for status, count in pairs(tally) do
        table.insert(codes, string.format("%d:%d", status, count))
    end
    table.sort(codes)

    local errors = summary.errors
    local seconds = summary.duration / 1e6
    local line = string.format(
        "requests=%d responses=%d seconds=%.3f statuses=%s non2xx=%d connect_errors=%d " ..
        "read_errors=%d write_errors=%d timeouts=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " ..
        "max_ms=%.3f mean_ms=%.3f",
        summary.requests, counted, seconds, table.concat(codes, ","), errors.status,
        errors.connect, errors.read, errors.write, errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000)

    local path = os.getenv("BENCH_RESULT_FILE")
    if path and path ~= "" then
        local file = io.open(path, "a")
        file:write(line, "\n")
        file:close()
    else
        print(line)
    end
end
