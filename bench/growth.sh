#!/usr/bin/env bash
# How costs grow with the community (issue #23): builds a generated community in steps (10 k, 100 k
# and 1 M posts, with 50 members, 0.5 challenges, 100 ideas, 1,000 supports and 2,000 notifications
# per 1,000 posts), measures the same reads and writes at each step from outside over HTTP, and
# captures the executed plan of every statement they run. About 25 minutes in full.
# Usage: bench/growth.sh [--quick] [--steps 10000,100000,1000000] [--seconds N]
#   --quick       10 k and 100 k posts, 3 s per request (about 5 minutes)
#   --steps       the community sizes, in posts
#   --seconds N   measured seconds per request at each step (default 6, after 2 s of warm-up)
# Needs Java 17+ and Maven. Writes bench/results/growth-<time>.{md,json} and growth-latest.{md,json};
# see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cocreate.bench.GrowthBench "$@"
