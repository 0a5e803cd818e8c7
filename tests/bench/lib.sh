# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Shell functions shared by the benchmark scripts of this folder (sourced, not run). Scripts
# that use stop_process keep the processes they start in the array `pids`.

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); \
print(s.getsockname()[1])'
}

# Stops one process started here (TERM, then KILL after ten seconds) and forgets it.
stop_process() {
    local pid=$1 left=() other
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for other in "${pids[@]}"; do
        [[ $other == "$pid" ]] || left+=("$other")
    done
    pids=("${left[@]}")
}

# Starts SERVER on a free port of 127.0.0.1 with a fresh store in DIR/data and the admin
# token TOKEN (further arguments are passed on), its output in DIR/server.out and
# DIR/server.err, and waits for its ready line. Sets server_pid and server_url; returns 1
# (after printing the server's errors) when it did not start within ten seconds.
start_server() {
    local server=$1 dir=$2 token=$3
    shift 3
    "$server" --listen 127.0.0.1:0 --data "$dir/data" --admin-token "$token" "$@" \
        >"$dir/server.out" 2>"$dir/server.err" &
    server_pid=$!
    server_url=
    for _ in $(seq 200); do
        server_url=$(sed -n 's/^firebreak-server listening on //p' "$dir/server.out")
        [[ -n $server_url ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "firebreak-server did not start:" >&2
    cat "$dir/server.err" >&2
    return 1
}
