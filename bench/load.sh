#!/usr/bin/env bash
# Load benchmark: a mixed read/write request stream (reads, replies, votes, idea supports) at a fixed
# offered rate while N live subscribers follow the threads and the challenge, against the packaged
# server on its embedded PostgreSQL. Reports error rate (must be 0), p50/p99 latency per request kind,
# live deliveries against what was sent, and the server's memory every 10 s.
# Usage: bench/load.sh [duration-seconds=300] [subscribers=1000] [requests-per-second=100]
# Needs: Java 17+, Maven. Writes bench/results/load.{md,json}; exits non-zero on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-300}"
SUBSCRIBERS="${2:-1000}"
RATE="${3:-100}"

[ -f target/cocreate.jar ] || mvn -q -B package -DskipTests
mvn -q -B -Pbench test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
DATA=$(mktemp -d /tmp/cocreate-load-XXXX)
chmod 755 "$DATA"
PORT=$((20000 + RANDOM % 20000))
# Every subscriber connects from 127.0.0.1: lift the per-address connection cap (default 256).
export COCREATE_DATA_DIR="$DATA" COCREATE_HTTP_HOST=127.0.0.1 COCREATE_HTTP_PORT="$PORT" COCREATE_RATE_LIMITS=off \
  COCREATE_LOG_LEVEL=WARN COCREATE_MAX_CONNECTIONS_PER_IP=5000
export COCREATE_ADMIN_PASSWORD="bench-admin-password"
java -jar target/cocreate.jar create-admin benchadmin >/dev/null
java -jar target/cocreate.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done

java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.cocreate.bench.LoadBench \
  --base "http://127.0.0.1:$PORT" --admin benchadmin --password "$COCREATE_ADMIN_PASSWORD" --server-pid "$SERVER" \
  --duration "$DURATION" --subscribers "$SUBSCRIBERS" --rate "$RATE" --out bench/results/load.json
