#!/usr/bin/env bash
# Live fan-out benchmark: N WebSocket subscribers on one topic, Cocreate vs a bare Vert.x floor.
# Usage: bench/live-fanout.sh [--connections 2000] [--events 100] [--rate 5] [--size 1024] [--sources K] [--deflate] [--only cocreate|bare]
# Needs a JDK (java, jcmd) and Maven; starts its own embedded PostgreSQL unless COCREATE_TEST_DB_URL is set.
# Results: bench/results/live-fanout-<time>.{md,json} (and each server's log).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx2g -Dcocreate.test.dataDir=target/bench-data \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cocreate.bench.LiveFanoutBench "$@"
