#!/usr/bin/env bash
# Issue #21's recommendations query on a generated community (5,000 members, 2,000 ideas, 100,000
# supports, 50,000 replies by default): its median, p90, p99 and max over many members, and its
# executed plans. Not a test: the target (under 50 ms) is reported, not asserted. About 2 minutes.
# Usage: bench/recommend.sh [--members N] [--ideas N] [--supports N] [--replies N] [--samples N]
# Needs Java 17+ and Maven. Writes bench/results/recommend-<time>.md; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cocreate.bench.RecommendBench "$@"
