#!/usr/bin/env bash
# The load generator against two stdio servers, beside the clients users compare it with:
#   - fast_server (benchmarks/fast_server.c): answers every request at once, so the client is
#     the limit;
#   - mcp-server-time (PyPI, in .test-env): a real Python server, which is the limit.
# Clients: `preflight load` (release build), a script around the official Python SDK's
# ClientSession (benchmarks/sdk_client.py), a minimal hand-written stdlib pipe client
# (benchmarks/pipe_client.py). Same concurrency, same duration, rounds interleaved so that a busy
# machine hurts every client alike (each round starts with a different client); the table shows
# the median of the rounds, and for mcp-server-time the median of each round's ratio of
# preflight's throughput to the pipe client's (paired, so that the machine's drift cancels).
#
#   benchmarks/load.sh                 # ROUNDS=3 DURATION=10 CONCURRENCY=16
#   ROUNDS=5 DURATION=10 benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.test-env/bin/python}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-16}
TIME_SERVER=${TIME_SERVER:-.test-env/bin/mcp-server-time}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"

gcc -O2 -o "$work/fast_server" benchmarks/fast_server.c
swift build -c release --product preflight >&2
preflight=.build/release/preflight

# One JSON line per run: server, client, calls/s, p50 and p99 (ms), client CPU per call (µs).
run() {
    local server=$1 client=$2 tool=$3 args=$4
    shift 4
    case $client in
    preflight)
        "$preflight" load --format json --threshold 'rate<1' --tool "$tool" --args "$args" \
            --concurrency "$CONCURRENCY" --duration "$DURATION" -- "$@" |
            "$PYTHON" -c 'import json, sys
r = json.load(sys.stdin); o = r["overall"]
u = r["resources"]["instances"][0]
print(json.dumps({"callsPerSecond": o["throughputPerSecond"], "p50Ms": o["latencyMs"]["p50"],
                  "p99Ms": o["latencyMs"]["p99"], "calls": o["calls"], "errors": o["errors"]["total"],
                  "cpuMicrosPerCall": r["client"]["cpuMicrosecondsPerCall"],
                  "serverCpuMsPerCall": u["cpuSeconds"] * 1000 / max(1, o["calls"])}))'
        ;;
    pipe) "$PYTHON" benchmarks/pipe_client.py --tool "$tool" --args "$args" --concurrency "$CONCURRENCY" --duration "$DURATION" -- "$@" ;;
    sdk) "$PYTHON" benchmarks/sdk_client.py --tool "$tool" --args "$args" --concurrency "$CONCURRENCY" --duration "$DURATION" -- "$@" 2>/dev/null ;;
    esac | "$PYTHON" -c 'import json, sys
r = json.loads(sys.stdin.read()); r.update(server=sys.argv[1], client=sys.argv[2], round=int(sys.argv[3]))
print(json.dumps(r))' "$server" "$client" "$round" >>"$results"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
orders=("preflight pipe sdk" "pipe sdk preflight" "sdk preflight pipe")
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    order=${orders[$(((round - 1) % 3))]}
    for client in $order; do
        run fast "$client" echo '{"text":"hi"}' "$work/fast_server"
    done
    for client in $order; do
        run mcp-server-time "$client" get_current_time '{"timezone":"UTC"}' "$TIME_SERVER"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$PYTHON" - "$results" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
print("| server | client | calls/s (median) | each round | p50 ms | p99 ms | client CPU µs/call | server CPU µs/call |")
print("|---|---|---:|---|---:|---:|---:|---:|")
for server in ["fast", "mcp-server-time"]:
    for client in ["preflight", "pipe", "sdk"]:
        mine = [r for r in runs if r["server"] == server and r["client"] == client]
        if not mine:
            continue
        med = lambda key: statistics.median(r[key] for r in mine if r.get(key) is not None)
        cpu = f'{med("cpuMicrosPerCall"):.2f}' if client == "preflight" else ""
        server_cpu = f'{med("serverCpuMsPerCall") * 1000:.2f}' if any("serverCpuMsPerCall" in r for r in mine) else ""
        rounds = ", ".join(f'{r["callsPerSecond"]:,.0f}' for r in mine)
        print(f'| {server} | {client} | {med("callsPerSecond"):,.0f} | {rounds} | {med("p50Ms"):.3f} | {med("p99Ms"):.3f} | {cpu} | {server_cpu} |')
pairs = {}
for r in runs:
    pairs.setdefault((r["server"], r["round"]), {})[r["client"]] = r
print()
for server in ["fast", "mcp-server-time"]:
    for other in ["pipe", "sdk"]:
        ratios = [p["preflight"]["callsPerSecond"] / p[other]["callsPerSecond"]
                  for (s, _), p in pairs.items() if s == server and "preflight" in p and other in p and p[other]["callsPerSecond"]]
        if ratios:
            print(f"- {server}: preflight / {other} throughput, per round: "
                  + ", ".join(f"{x:.2f}" for x in ratios) + f"; median {statistics.median(ratios):.2f}")
EOF
