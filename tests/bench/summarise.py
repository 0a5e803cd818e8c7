#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
"""Turns the result files of tests/bench/run.sh into Markdown tables (medians over rounds).

Usage: summarise.py RESULTS_DIR  (reads runs.txt, latency.txt and machine.txt there)
"""

import statistics
import sys
from pathlib import Path

GOAL_RATIO = 1.5
GOAL_P99_MS = 100.0
CONTENDERS = ["firebreak", "firebreak-b", "firebreak-full", "alertmanager", "nginx"]
TITLES = {
    "firebreak": "firebreak-server (SQLite, durable 202)",
    "firebreak-b": "firebreak-server B (the --compare binary)",
    "firebreak-full": "firebreak-server --synchronous-full",
    "alertmanager": "Prometheus Alertmanager (memory only)",
    "nginx": "nginx `return 204` (ceiling)",
}


def parse(path):
    rows = []
    if not path.exists():
        return rows
    for line in path.read_text().splitlines():
        fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
        if fields:
            rows.append(fields)
    return rows


def successes(row):
    total = 0
    for item in row.get("statuses", "").split(","):
        if ":" in item:
            status, count = item.split(":")
            if status.startswith("2"):
                total += int(count)
    return total


def per_second(row, per_request):
    return successes(row) * per_request / float(row["seconds"])


def cpu_per_alert(row, per_request):
    alerts = successes(row) * per_request
    cpu = float(row.get("server_cpu_s", "nan"))
    return cpu * 1e6 / alerts if alerts else float("nan")


def other_cores(row):
    """Cores busy with work charged to neither the server nor wrk during the run."""
    if "other_cpu_s" not in row or "window_s" not in row:
        return "-"
    return f"{float(row['other_cpu_s']) / float(row['window_s']):.2f}"


def median(values):
    return statistics.median(values) if values else float("nan")


def ingestion_tables(rows):
    out = []
    modes = sorted({int(row["per_request"]) for row in rows})
    present = [c for c in CONTENDERS if any(row["contender"] == c for row in rows)]
    medians = {}
    for per_request in modes:
        out.append(f"\n### {per_request} alert(s) per request\n")
        out.append("| contender | runs | alerts/s (median) | requests/s (median) | "
                   "p50 ms | p90 ms | p99 ms | max ms | server CPU µs/alert | server cores | "
                   "vs Alertmanager | vs nginx |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for contender in present:
            runs = [r for r in rows
                    if r["contender"] == contender and int(r["per_request"]) == per_request]
            alerts = median([per_second(r, per_request) for r in runs])
            requests = median([per_second(r, 1) for r in runs])
            medians[(per_request, contender)] = alerts
            latency = {p: median([float(r[f"{p}_ms"]) for r in runs])
                       for p in ("p50", "p90", "p99")}
            worst = max(float(r["max_ms"]) for r in runs)
            cost = median([cpu_per_alert(r, per_request) for r in runs])
            cores = median([float(r.get("server_cpu_s", "nan")) / float(r["seconds"])
                            for r in runs])
            out.append(f"| {TITLES[contender]} | {len(runs)} | {alerts:,.0f} | {requests:,.0f} | "
                       f"{latency['p50']:.2f} | {latency['p90']:.2f} | {latency['p99']:.2f} | "
                       f"{worst:.1f} | {cost:.1f} | {cores:.2f} | "
                       f"{{am:{contender}}} | {{ng:{contender}}} |")
        for contender in present:
            mine = medians[(per_request, contender)]
            am = medians.get((per_request, "alertmanager"))
            ng = medians.get((per_request, "nginx"))
            ratio_am = f"{mine / am:.2f}x" if am else "-"
            ratio_ng = f"{mine / ng:.2f}x" if ng else "-"
            out = [line.replace(f"{{am:{contender}}}", ratio_am)
                   .replace(f"{{ng:{contender}}}", ratio_ng) for line in out]
    return out, medians, modes


def round_ratios(rows, contender, per_request):
    """Each round's contender alerts/s over Alertmanager's in the same round, by round.

    The contenders of a round run one after the other within a minute, so a machine whose
    speed drifts over the minutes of a run (a shared host) moves both alike: the ratio of a
    round is paired, where the ratio of the two medians compares different minutes.
    """
    def by_round(name):
        return {r["round"]: per_second(r, per_request) for r in rows
                if r["contender"] == name and int(r["per_request"]) == per_request}
    mine, am = by_round(contender), by_round("alertmanager")
    return [mine[k] / am[k] for k in sorted(mine, key=int) if k in am and am[k]]


def goal_lines(medians, modes, rows):
    out = ["\n### Goal: Firebreak durable alerts/s >= 1.5 x Alertmanager's\n",
           "Met only when both the ratio of the medians and the median of the rounds' own "
           "ratios reach it.\n"]
    for contender in ("firebreak", "firebreak-b"):
        for per_request in modes:
            mine = medians.get((per_request, contender))
            am = medians.get((per_request, "alertmanager"))
            if not mine or not am:
                continue
            ratio = mine / am
            paired = round_ratios(rows, contender, per_request)
            paired_median = median(paired)
            verdict = "met" if min(ratio, paired_median) >= GOAL_RATIO else "NOT met"
            rounds = ", ".join(f"{r:.2f}" for r in paired)
            out.append(f"- {contender}, {per_request} alert(s) per request: {mine:,.0f} vs "
                       f"{am:,.0f} alerts/s = {ratio:.2f}x; rounds {rounds} (median "
                       f"{paired_median:.2f}x): **{verdict}**")
    return out


def run_lines(rows):
    out = ["\n### Every run\n",
           "| round | per request | contender | load1 before | requests | statuses | "
           "alerts/s | p99 ms | server CPU s | wrk CPU s | other cores | stored | check |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        per_request = int(r["per_request"])
        out.append(f"| {r['round']} | {per_request} | {r['contender']} | {r['load1']} | "
                   f"{r['requests']} | {r['statuses']} | {per_second(r, per_request):,.0f} | "
                   f"{float(r['p99_ms']):.2f} | {r.get('server_cpu_s', '-')} | "
                   f"{r.get('client_cpu_s', '-')} | {other_cores(r)} | "
                   f"{r.get('stored', '-')} | {r.get('check', '-')} |")
    failed = [r for r in rows if r.get("check", "").startswith("FAILED")]
    out.append("")
    out.append(f"Firebreak checks failed: {len(failed)}" if failed
               else "Every Firebreak run passed its checks: all answers 202, no socket errors, "
                    "stored = acknowledged plus at most the requests in flight at the cut-off, "
                    "and one alert.received event per stored alert.")
    return out


def latency_lines(rows):
    if not rows:
        return []
    out = ["\n## End-to-end latency (POST written -> event applied to the client projection)\n",
           "| run | load1 before | alerts | rate/s | statuses | e2e p50 ms | e2e p90 ms | "
           "e2e p99 ms | e2e max ms | 202 p50 ms | 202 p99 ms |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "e2e_p50_ms" not in r:
            out.append(f"| {r.get('run')} | {r.get('load1')} | failed | | | | | | | | |")
            continue
        out.append(f"| {r['run']} | {r['load1']} | {r['applied']}/{r['count']} | {r['rate']} | "
                   f"{r['statuses']} | {r['e2e_p50_ms']} | {r['e2e_p90_ms']} | "
                   f"{r['e2e_p99_ms']} | {r['e2e_max_ms']} | {r['ack_p50_ms']} | "
                   f"{r['ack_p99_ms']} |")
    quiet = [r for r in rows if r.get("run") != "storm"]
    p99 = [float(r["e2e_p99_ms"]) for r in quiet if "e2e_p99_ms" in r]
    complete = all(r.get("applied") == r.get("count") for r in quiet)
    if p99:
        worst = max(p99)
        verdict = "met" if worst < GOAL_P99_MS and len(p99) == len(quiet) and complete \
            else "NOT met"
        out.append(f"\nGoal p99 < {GOAL_P99_MS:.0f} ms (quiet runs): worst run p99 = "
                   f"{worst:.2f} ms: **{verdict}**")
    if any(r.get("run") == "storm" for r in rows):
        out.append("\nThe run named storm is measured while wrk posts 64-alert webhooks on 10 "
                   "connections alongside; it is not part of the goal.")
    return out


def main():
    results = Path(sys.argv[1])
    machine_file = results / "machine.txt"
    machine = [line.split("=", 1) for line in machine_file.read_text().splitlines()
               if "=" in line] if machine_file.exists() else []
    runs = parse(results / "runs.txt")
    latency = parse(results / "latency.txt")

    lines = ["# Firebreak benchmark results\n"]
    for key, value in machine:
        lines.append(f"- {key}: {value}")
    if runs:
        lines.append("\n## Ingestion (wrk, medians over rounds)")
        tables, medians, modes = ingestion_tables(runs)
        lines += tables
        lines += goal_lines(medians, modes, runs)
        lines += run_lines(runs)
    lines += latency_lines(latency)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
