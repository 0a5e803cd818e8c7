-- SPDX-FileCopyrightText: 2026 The Firebreak authors
-- SPDX-License-Identifier: Apache-2.0
--
-- wrk script for the per-source ingestion benchmark (tests/bench/ingest-sources.sh).
--
--   wrk ... -s ingest-sources.lua URL -- SOURCE RUN_ID GROUPS KEY
--
-- SOURCE is a Firebreak source (alertmanager, grafana, datadog, newrelic, pagerduty, opsgenie,
-- sentry, cloudwatch, generic), "enqueue" (PagerDuty Events API v2 at /v2/enqueue, KEY as
-- routing_key) or "api" (Prometheus Alertmanager's own POST /api/v2/alerts). Every request
-- carries one new alert in that source's documented format, with a unique identity (and a
-- unique delivery id where the source has one). Alerts cycle through GROUPS services
-- (service="svc-N"); one in eight carries env="staging", which the benchmark silences. done()
-- appends one key=value line to $BENCH_RESULT_FILE, like ingest.lua.

local threads = {}

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    source = args[1] or "generic"
    run_id = args[2] or "run"
    groups = tonumber(args[3] or "16")
    key = args[4]
    counter = 0
    statuses = {}
    responses = 0
    now_iso = os.date("!%Y-%m-%dT%H:%M:%SZ")
    now_ms = tostring(os.time() * 1000)
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    if key and key ~= "-" and source ~= "enqueue" then
        wrk.headers["Authorization"] = "Bearer " .. key
    end
end

local function ids()
    counter = counter + 1
    local unique = string.format("%s-t%d-%d", run_id, thread_id, counter)
    local service = string.format("svc-%d", (thread_id + counter) % groups)
    local env = (counter % 8 == 0) and "staging" or "prod"
    return unique, service, env
end

local bodies = {}

bodies.alertmanager = function(u, service, env)
    return string.format(
        '{"version":"4","groupKey":"{}:{service=\\"%s\\"}","status":"firing","receiver":"fb",' ..
        '"groupLabels":{"service":"%s"},"commonLabels":{},"commonAnnotations":{},' ..
        '"externalURL":"http://bench.invalid","truncatedAlerts":0,"alerts":[{"status":"firing",' ..
        '"labels":{"alertname":"BenchAlert","service":"%s","env":"%s","instance":"%s",' ..
        '"severity":"warning"},"annotations":{"summary":"bench alert"},"startsAt":"%s",' ..
        '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://bench.invalid/graph",' ..
        '"fingerprint":"%s"}]}', service, service, service, env, u, now_iso, u)
end

bodies.api = function(u, service, env)
    return string.format(
        '[{"labels":{"alertname":"BenchAlert","service":"%s","env":"%s","instance":"%s",' ..
        '"severity":"warning"},"annotations":{"summary":"bench alert"},"startsAt":"%s",' ..
        '"generatorURL":"http://bench.invalid/graph"}]', service, env, u, now_iso)
end

bodies.grafana = function(u, service, env)
    return string.format(
        '{"receiver":"fb","status":"firing","orgId":1,"alerts":[{"status":"firing",' ..
        '"labels":{"alertname":"BenchAlert","service":"%s","env":"%s","instance":"%s",' ..
        '"severity":"warning"},"annotations":{"summary":"bench alert"},"startsAt":"%s",' ..
        '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://bench.invalid/alerting",' ..
        '"fingerprint":"%s","dashboardURL":"http://bench.invalid/d/1",' ..
        '"values":{"A":91.8}}],"groupLabels":{"service":"%s"},"commonLabels":{},' ..
        '"commonAnnotations":{},"externalURL":"http://bench.invalid/","version":"1",' ..
        '"groupKey":"{}:{service=\\"%s\\"}","truncatedAlerts":0,"state":"alerting"}',
        service, env, u, now_iso, u, service, service)
end

bodies.datadog = function(u, service, env)
    return string.format(
        '{"id":"%s","last_updated":"%s","event_type":"query_alert_monitor",' ..
        '"title":"[Triggered on {host:%s}] Bench latency","date":"%s","org":{"id":"1",' ..
        '"name":"Bench"},"body":"bench","alert_id":"4242","alert_cycle_key":"%s",' ..
        '"alert_transition":"Triggered","alert_type":"error","alert_priority":"P2",' ..
        '"alert_title":"Bench latency","alert_scope":"host:%s","tags":"service:%s,env:%s",' ..
        '"link":"https://app.datadoghq.com/event/event?id=1"}',
        u, now_ms, u, now_ms, u, u, service, env)
end

bodies.newrelic = function(u, service, env)
    return string.format(
        '{"id":"%s","issueUrl":"https://one.newrelic.com/issue/1","title":"Bench error rate",' ..
        '"priority":"HIGH","impactedEntities":["%s"],"totalIncidents":1,"state":"ACTIVATED",' ..
        '"trigger":"STATE_CHANGE","isCorrelated":false,"createdAt":%s,"updatedAt":%s,' ..
        '"sources":["%s"],"alertPolicyNames":["bench"],"alertConditionNames":["errors"],' ..
        '"workflowName":"bench"}', u, service, now_ms, now_ms, env)
end

bodies.pagerduty = function(u, service, env)
    return string.format(
        '{"event":{"id":"%s","event_type":"incident.triggered","resource_type":"incident",' ..
        '"occurred_at":"%s","data":{"id":"%s","type":"incident","number":1,' ..
        '"status":"triggered","title":"Bench incident %s","service":{"id":"P%s",' ..
        '"summary":"%s","html_url":"https://x.pagerduty.com/services/P1"},' ..
        '"urgency":"high","priority":{"summary":"P2"},"teams":[{"summary":"%s"}],' ..
        '"html_url":"https://x.pagerduty.com/incidents/1"}}}',
        u, now_iso, u, env, service, service, env)
end

bodies.enqueue = function(u, service, env)
    return string.format(
        '{"routing_key":"%s","event_action":"trigger","dedup_key":"%s","payload":' ..
        '{"summary":"Bench trigger","source":"host-%s","severity":"error",' ..
        '"component":"%s","group":"%s","timestamp":"%s"}}', key, u, u, service, env, now_iso)
end

bodies.opsgenie = function(u, service, env)
    return string.format(
        '{"action":"Create","integrationId":"1","integrationName":"bench","source":' ..
        '{"name":"","type":"API"},"alert":{"alertId":"%s","alias":"%s","tinyId":"1",' ..
        '"message":"Bench alert","entity":"%s","tags":["env:%s","bench"],' ..
        '"details":{"service":"%s"},"priority":"P2","createdAt":%s,"updatedAt":%s000000}}',
        u, u, service, env, service, now_ms, now_ms)
end

bodies.sentry = function(u, service, env)
    return string.format(
        '{"action":"triggered","actor":{"id":"sentry","type":"application"},"data":' ..
        '{"event":{"event_id":"%s","issue_id":"%s","title":"TypeError in bench",' ..
        '"level":"error","project":1,"environment":"%s","datetime":"%s",' ..
        '"web_url":"https://sentry.io/issues/1/","tags":[["service","%s"],["env","%s"]]},' ..
        '"triggered_rule":"bench"},"installation":{"uuid":"1"}}',
        u, u, env, now_iso, service, env)
end

bodies.cloudwatch = function(u, service, env)
    local alarm = string.format(
        '{\\"AlarmName\\":\\"bench-high\\",\\"AWSAccountId\\":\\"1\\",' ..
        '\\"NewStateValue\\":\\"ALARM\\",\\"NewStateReason\\":\\"bench\\",' ..
        '\\"StateChangeTime\\":\\"2024-05-14T10:30:12.345+0000\\",\\"Region\\":\\"EU\\",' ..
        '\\"AlarmArn\\":\\"arn:aws:cloudwatch:eu-west-1:1:alarm:%s\\",\\"Trigger\\":' ..
        '{\\"MetricName\\":\\"m\\",\\"Namespace\\":\\"n\\",\\"Dimensions\\":' ..
        '[{\\"name\\":\\"service\\",\\"value\\":\\"%s\\"},{\\"name\\":\\"env\\",' ..
        '\\"value\\":\\"%s\\"}]}}', u, service, env)
    return string.format(
        '{"Type":"Notification","MessageId":"%s","TopicArn":"arn:aws:sns:eu-west-1:1:bench",' ..
        '"Subject":"ALARM","Message":"%s","Timestamp":"%s","SignatureVersion":"1"}',
        u, alarm, now_iso)
end

bodies.generic = function(u, service, env)
    return string.format(
        '{"title":"Bench check failed","dedup_key":"%s","status":"firing",' ..
        '"severity":"high","occurred_at":"%s","labels":{"service":"%s","env":"%s"}}',
        u, now_iso, service, env)
end

function request()
    local u, service, env = ids()
    local body = bodies[source](u, service, env)
    -- wrk.format takes these headers instead of wrk.headers, so they start as a copy.
    local headers = {}
    for name, value in pairs(wrk.headers) do
        headers[name] = value
    end
    if source == "pagerduty" then
        headers["X-Webhook-Id"] = u
    elseif source == "sentry" then
        headers["Sentry-Hook-Resource"] = "event_alert"
    end
    return wrk.format(nil, nil, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    responses = responses + 1
end

function done(summary, latency, requests)
    local tally = {}
    local counted = 0
    for _, thread in ipairs(threads) do
        counted = counted + thread:get("responses")
        for status, count in pairs(thread:get("statuses")) do
            tally[status] = (tally[status] or 0) + count
        end
    end
    local codes = {}
    for status, count in pairs(tally) do
        table.insert(codes, string.format("%d:%d", status, count))
    end
    table.sort(codes)
    local errors = summary.errors
    local line = string.format(
        "requests=%d responses=%d seconds=%.3f statuses=%s connect_errors=%d read_errors=%d " ..
        "write_errors=%d timeouts=%d p50_ms=%.3f p99_ms=%.3f",
        summary.requests, counted, summary.duration / 1e6, table.concat(codes, ","),
        errors.connect, errors.read, errors.write, errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000)
    local path = os.getenv("BENCH_RESULT_FILE")
    if path and path ~= "" then
        local file = io.open(path, "a")
        file:write(line, "\n")
        file:close()
    else
        print(line)
    end
end
