#!/usr/bin/env bash
# The benchmark suite of issue #9, in one command: builds, starts Cocreate on its embedded
# PostgreSQL and the bare Vert.x floor server, prepares a data set, runs the seven scenarios
# (broadcast, many topics, end to end, reads, idle capacity, slow consumers, reconnect storm) with
# the median of several runs each, profiles the server with JFR, and writes the report.
# Usage: bench/run.sh [--quick] [--runs N] [--only 1,2,...] [--connections-limit N]
#   --quick  hundreds of clients, one short run each (about 3 minutes); default is the full suite (about 20 minutes)
# Needs: Java 17+, Maven, wrk (apt-get install wrk). Writes bench/results/suite-<time>.{md,json},
# bench/results/latest.{md,json} and one JFR recording per scenario; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# Every socket is a file descriptor in the server and one here: take all the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cocreate.bench.BenchSuite "$@"
