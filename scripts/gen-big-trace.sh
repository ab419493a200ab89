#!/usr/bin/env bash
# Records a big real trace for benchmarks (never committed):
#
#   scripts/gen-big-trace.sh [OUT] [MB]
#
# OUT defaults to scripts/out/big-<MB>mb.trace, MB to 60. Uses the local Go
# toolchain (trace version 26 with Go 1.26) and the "big" workload scenario,
# which keeps going until the trace has reached MB megabytes (the file ends up
# slightly larger: the current generation is finished). The default generation
# period (about a second) is kept, as in real traces. At the end the trace is
# read once with Go's reader (scripts/out/bin/gobench) to make sure it is valid;
# the script fails if it is not.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MB="${2:-60}"
OUT="${1:-$SCRIPTS/out/big-${MB}mb.trace}"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

"$SCRIPTS/build-oracle.sh" >/dev/null
mkdir -p "$SCRIPTS/out/workload/local" "$(dirname "$OUT")"
WL="$SCRIPTS/out/workload/local/workload"
(cd "$SCRIPTS/workload" && go build -trimpath -o "$WL" .)

"$WL" -scenario big -mb "$MB" -out "$OUT.tmp"
if ! "$SCRIPTS/out/bin/gobench" "$OUT.tmp"; then
  echo "gen-big-trace: Go's reader rejected the trace (kept as $OUT.tmp)" >&2
  exit 1
fi
mv "$OUT.tmp" "$OUT"
echo "$OUT"
