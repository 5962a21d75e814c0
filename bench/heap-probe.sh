#!/usr/bin/env bash
# Heap options against each other, quickly (issue #23): starts the packaged jar with the demo
# community on a fresh data directory, reads a thread page with wrk for 10 s to warm up and 20 s
# measured, and prints requests/s, young and full collections (count and seconds, from jstat)
# during the measured 20 s, the server's RSS at the end of the reads, and 40 s and 80 s later.
# Usage: bench/heap-probe.sh NAME "JVM OPTIONS" [VAR=VALUE ...]
#   bench/heap-probe.sh policy ""                                  # java -jar: the heap policy
#   bench/heap-probe.sh g1 "-Xmx512m -Xms32m -XX:+UseG1GC -XX:G1PeriodicGCInterval=30000"
#   bench/heap-probe.sh defaults "" COCREATE_HEAP_POLICY=off       # the JVM's defaults
# Needs: target/cocreate.jar (mvn -q -B package -DskipTests), wrk, jstat (a JDK). RSS is the
# server JVM's alone (not its launcher's). Compare options within minutes of each other: on a
# shared machine the load changes the figures.
set -euo pipefail
name=$1; options=$2; shift 2
jar="$(cd "$(dirname "$0")/.." && pwd)/target/cocreate.jar"
dir=$(mktemp -d "/tmp/heap-probe-$name-XXXX"); chmod 755 "$dir"; cd "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086
env "$@" COCREATE_DEMO=true COCREATE_RATE_LIMITS=off COCREATE_LOG_LEVEL=WARN COCREATE_HTTP_PORT="$port" \
  COCREATE_HTTP_HOST=127.0.0.1 java $options -jar "$jar" > server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 180); do curl -sf "127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
sleep 5 # the demo community is seeded just after ready
server=$(pgrep -P $pid java || echo $pid)
rss() { echo $(( $(awk '/VmRSS/{print $2}' /proc/"$server"/status) / 1024 )); }
gc() { jstat -gc "$server" | tail -1 | awk '{print $(NF-6), $(NF-5), $(NF-4), $(NF-3)}'; } # YGC YGCT FGC FGCT
url="http://127.0.0.1:$port/t/9"
wrk -t2 -c32 -d10s "$url" >/dev/null
read -r y0 yt0 f0 ft0 <<<"$(gc)"
rps=$(wrk -t2 -c32 -d20s "$url" | awk '/Requests\/sec/{print $2}')
read -r y1 yt1 f1 ft1 <<<"$(gc)"
end=$(rss)
sleep 40; later=$(rss); sleep 40; latest=$(rss)
printf '%s: %s req/s; young GCs %d (%.2f s), full GCs %d (%.2f s) in 20 s; RSS MiB at the end %s, +40 s %s, +80 s %s; load %s\n' \
  "$name" "$rps" $((y1 - y0)) "$(echo "$yt1 - $yt0" | bc)" $((f1 - f0)) "$(echo "$ft1 - $ft0" | bc)" "$end" "$later" "$latest" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
