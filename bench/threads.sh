#!/usr/bin/env bash
# Thread read benchmark: requests/s for the thread JSON (GET /api/threads/{id}/posts, first page of
# 100 in tree order) and the thread page (GET /t/{id}) on a 200-post thread, next to the HTTP floor
# of the same server (GET /health/live: routing and headers, no database) measured in the same run.
# Usage: bench/threads.sh [duration-seconds] [connections]
# Needs: Java 17+, Maven, wrk (apt-get install wrk), curl, jq. Writes bench/results/threads.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
RUNS="${RUNS:-3}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required: apt-get install jq" >&2; exit 2; }

[ -f target/cocreate.jar ] || mvn -q -B package -DskipTests
DATA=$(mktemp -d /tmp/cocreate-bench-XXXX)
chmod 755 "$DATA"
PORT=$((20000 + RANDOM % 20000))
BASE="http://127.0.0.1:$PORT"
export COCREATE_DATA_DIR="$DATA" COCREATE_HTTP_PORT="$PORT" COCREATE_RATE_LIMITS=off COCREATE_LOG_LEVEL=WARN
export COCREATE_ADMIN_PASSWORD="bench-admin-password"
java -jar target/cocreate.jar create-admin benchadmin >/dev/null
java -jar target/cocreate.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" >/dev/null && break; sleep 0.5; done

. bench/lib/debate.sh
seed_debate

measure() { # url -> median requests/s over RUNS
  local url=$1 values=()
  wrk -t2 -c"$CONNECTIONS" -d2s "$url" >/dev/null 2>&1 # warm-up: JIT and prepared statements
  for _ in $(seq 1 "$RUNS"); do
    values+=("$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$url" | awk '/Requests\/sec/ {print $2}')")
  done
  printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
FLOOR=$(measure "$BASE/health/live")
JSON_RPS=$(measure "$BASE/api/threads/$THREAD/posts?limit=100")
PAGE_RPS=$(measure "$BASE/t/$THREAD")
mkdir -p bench/results
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
cat > bench/results/threads.json <<JSON
{"thread_posts": 200, "connections": $CONNECTIONS, "duration_s": $DURATION, "runs": $RUNS,
 "floor_health_live_rps": $FLOOR, "thread_json_rps": $JSON_RPS, "thread_page_rps": $PAGE_RPS,
 "thread_json_ratio_to_floor": $(ratio "$JSON_RPS" "$FLOOR"), "thread_page_ratio_to_floor": $(ratio "$PAGE_RPS" "$FLOOR")}
JSON
cat > bench/results/threads.md <<MD
| scenario (200-post thread, $CONNECTIONS connections, median of $RUNS x ${DURATION}s) | requests/s | ratio to floor |
|---|---|---|
| floor: GET /health/live (same server, no database) | $FLOOR | 1.000 |
| thread JSON: GET /api/threads/{id}/posts?limit=100 | $JSON_RPS | $(ratio "$JSON_RPS" "$FLOOR") |
| thread page: GET /t/{id} | $PAGE_RPS | $(ratio "$PAGE_RPS" "$FLOOR") |
MD
cat bench/results/threads.md
