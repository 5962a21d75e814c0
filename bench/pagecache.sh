#!/usr/bin/env bash
# Page cache benchmark (issue #23, target 2): requests/s and p99 of the thread page (GET /t/{id}) for
# visitors and for a signed-in member, and of the visitors' thread JSON, at 50 connections, on a
# 200-post thread, with the page cache on (pageCache=32MiB) and off, the same build and data, the
# two modes alternating run by run (the server is restarted on the same data directory for each).
# Usage: bench/pagecache.sh [duration-seconds=10] [connections=50]
#   RUNS=3 (default) runs per mode; the median of each figure is reported.
#   --smoke as the only argument: 2-second runs, one per mode (checks the script, measures nothing).
# Needs: Java 17+, Maven, wrk (apt-get install wrk), curl, jq. Writes bench/results/pagecache.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--smoke" ]]; then
  DURATION=2; CONNECTIONS=50; RUNS=1
else
  DURATION="${1:-10}"; CONNECTIONS="${2:-50}"; RUNS="${RUNS:-3}"
fi
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required: apt-get install jq" >&2; exit 2; }

[ -f target/cocreate.jar ] || mvn -q -B package -DskipTests
DATA=$(mktemp -d /tmp/cocreate-pagecache-XXXX)
chmod 755 "$DATA"
PORT=$((20000 + RANDOM % 20000))
BASE="http://127.0.0.1:$PORT"
export COCREATE_DATA_DIR="$DATA" COCREATE_HTTP_PORT="$PORT" COCREATE_RATE_LIMITS=off COCREATE_LOG_LEVEL=WARN
export COCREATE_MAX_CONNECTIONS_PER_IP=0 COCREATE_ADMIN_PASSWORD="bench-admin-password"
SERVER=""
stop_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  fi
}
trap 'stop_server; rm -rf "$DATA"' EXIT
start_server() { # pageCache value
  COCREATE_PAGE_CACHE="$1" java -jar target/cocreate.jar >> "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 240); do curl -sf "$BASE/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "server did not start; see $DATA/server.log" >&2
  exit 1
}

java -jar target/cocreate.jar create-admin benchadmin >/dev/null
start_server 32MiB
. bench/lib/debate.sh
seed_debate

member_cookie() { # a web session of the admin, as a browser signs in
  local jar="$DATA/cookies" csrf
  rm -f "$jar"
  curl -sf -c "$jar" -b "$jar" "$BASE/login" >/dev/null
  csrf=$(awk '$6 == "cc_csrf" {print $7}' "$jar")
  curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=benchadmin" --data-urlencode "password=bench-admin-password" \
    --data-urlencode "_csrf=$csrf" "$BASE/login"
  awk '$6 == "cc_session" || $6 == "cc_csrf" {printf "%s=%s; ", $6, $7}' "$jar"
}

# wrk's p99 in milliseconds from its --latency table.
p99_ms() { awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
  print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v) }'; }
measure() { # name url [header] -> appends "name rps p99" to $DATA/figures-<mode>
  local name=$1 url=$2 header=${3:-X-Bench: 1} out
  wrk -t2 -c"$CONNECTIONS" -d2s -H "$header" "$url" >/dev/null 2>&1 # warm-up: JIT, prepared statements, the cache
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$header" "$url")
  echo "$name $(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | p99_ms) $(echo "$out" | awk '/Non-2xx/ {print $4}')" \
    >> "$DATA/figures-$MODE"
}

for run in $(seq 1 "$RUNS"); do
  for MODE in on off; do
    stop_server
    start_server "$([ "$MODE" = on ] && echo 32MiB || echo off)"
    COOKIE=$(member_cookie)
    measure visitor_page "$BASE/t/$THREAD"
    measure member_page "$BASE/t/$THREAD" "Cookie: $COOKIE"
    measure visitor_json "$BASE/api/threads/$THREAD/posts?limit=100"
    if [ "$MODE" = on ]; then
      curl -sf "$BASE/metrics" | grep -E '^cocreate_pagecache_(hits|misses|bytes|evictions)' >> "$DATA/metrics-run$run" || true
    fi
  done
done
stop_server

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "null")}'; }
figure() { awk -v n="$2" -v c="$3" '$1 == n {print $c}' "$DATA/figures-$1" | median; }
mkdir -p bench/results
{
  echo "{\"thread_posts\": 200, \"connections\": $CONNECTIONS, \"duration_s\": $DURATION, \"runs\": $RUNS,"
  echo " \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  sep=""
  for mode in on off; do
    for name in visitor_page member_page visitor_json; do
      printf '%s "%s_%s_rps": %s, "%s_%s_p99_ms": %s' "$sep" "$name" "$mode" "$(figure $mode $name 2)" "$name" "$mode" "$(figure $mode $name 3)"
      sep=","
    done
  done
  echo "}"
} > bench/results/pagecache.json
{
  echo "| 200-post thread, $CONNECTIONS connections, median of $RUNS x ${DURATION}s, load $(cut -d' ' -f1-3 /proc/loadavg) | cache on: req/s | p99 ms | cache off: req/s | p99 ms | on / off |"
  echo "|---|---|---|---|---|---|"
  for name in visitor_page member_page visitor_json; do
    on=$(figure on $name 2); off=$(figure off $name 2)
    echo "| $name | $on | $(figure on $name 3) | $off | $(figure off $name 3) | $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.2f", a / b}') |"
  done
  echo
  echo "Non-2xx answers (must be none): $(awk '$4 != "" {print $1": "$4}' "$DATA"/figures-* | tr '\n' ' ')"
  echo
  echo "Cache figures after the last run with it on:"
  echo '```'
  cat "$DATA/metrics-run$RUNS" 2>/dev/null || true
  echo '```'
} > bench/results/pagecache.md
cat bench/results/pagecache.md
