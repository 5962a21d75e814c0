#!/usr/bin/env bash
# The benchmark suite of issue #9, in one command: builds, starts Cocreate on its embedded
# PostgreSQL and the bare Vert.x floor server, prepares a data set, runs the seven scenarios
# (broadcast, many topics, end to end, reads, idle capacity, slow consumers, reconnect storm) with
# the median of several runs each, profiles the server with JFR, and writes the report.
# Usage: bench/run.sh [--quick] [--runs N] [--only 1,2,...] [--connections-limit N] [--server-jvm "FLAGS"] [--no-profile]
#   --quick       hundreds of clients, one short run each (about 3 minutes); default is the full suite (about 20 minutes)
#   --runs N      runs per figure (the median is reported); default 3, 1 with --quick
#   --only 4,3    these scenarios, in this order (0, memory at rest, always runs: at the start and at the end)
#   --connections-limit N   idle sockets in scenario 5 (default: all that ulimit -n allows)
#   --server-jvm "FLAGS"    JVM options for Cocreate; default none, so it runs with its own heap policy
#                           as `java -jar cocreate.jar` does; a heap or collector option among FLAGS keeps
#                           one JVM with exactly FLAGS (e.g. --server-jvm "-Xmx2g -XX:+UseG1GC")
#   --no-profile  no JFR recording: JFR keeps ~20 MiB in the server once started, so memory
#                 figures are an operator's only without it (issue #23's RSS measurement)
# Needs: Java 17+, Maven, wrk (apt-get install wrk). Writes bench/results/suite-<time>.{md,json},
# bench/results/latest.{md,json} and one JFR recording per scenario; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# Every socket is a file descriptor in the server and one here: take all the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cocreate.bench.BenchSuite "$@"
