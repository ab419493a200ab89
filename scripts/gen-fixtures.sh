#!/usr/bin/env bash
# Regenerates the committed real-trace fixtures in fixtures/traces/.
#
#   scripts/gen-fixtures.sh            # all fixtures
#   scripts/gen-fixtures.sh mixed-go125 idle-go122   # only these (MANIFEST is rewritten for all)
#
# For each planned fixture it runs scripts/workload with the given Go toolchain
# (older ones are fetched through GOTOOLCHAIN from the module proxy) and writes
#   <name>.trace        the trace as the runtime wrote it
#   <name>.parsed.txt   checker output: x/exp/trace Event.String() of every event + OK/ERROR line
#   <name>.raw.txt      rawtext bytes2text output (Go's raw text form)
#   <name>.raw.err      only if the raw reader failed: its error text (raw.txt then
#                       holds what it printed before failing)
# and finally MANIFEST.json. A recording is retried (up to $ATTEMPTS times) until
# the checker accepts it and it fits the size limits; runtime scheduling makes
# the traces vary from run to run.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SCRIPTS")"
FIX="$ROOT/fixtures/traces"
OUT="$SCRIPTS/out"
ATTEMPTS="${ATTEMPTS:-25}"
MAX_TRACE_BYTES="${MAX_TRACE_BYTES:-120000}"     # per trace
MAX_PARSED_BYTES="${MAX_PARSED_BYTES:-1150000}"  # per .parsed.txt
export GOFLAGS=-buildvcs=false

# name | toolchain | scenario | GODEBUG | expected trace version | requirements
# A requirement is raw:REGEX or parsed:REGEX, an (extended) grep pattern that
# must match a line of the raw text or of the checker output; an attempt that
# lacks one is retried (GC mark assists, CPU samples and proc steals depend on
# scheduling luck).
MIXED_REQ="raw:^GCMarkAssistBegin raw:^GCSweepBegin raw:^CPUSample raw:^ProcSteal raw:^UserLog raw:^ProcsChange"
PLAN=(
  "mixed-go122|go1.22.12|mixed|traceadvanceperiod=30000000|22|$MIXED_REQ"
  "mixed-go123|go1.23.12|mixed|traceadvanceperiod=30000000|23|$MIXED_REQ raw:^GoSwitch"
  "mixed-go124|go1.24.13|mixed|traceadvanceperiod=30000000|23|$MIXED_REQ raw:^GoSwitch"
  "mixed-go125|go1.25.14|mixed|traceadvanceperiod=30000000|25|$MIXED_REQ raw:^GoSwitch"
  "mixed-go126|go1.26.8|mixed|traceadvanceperiod=30000000|26|$MIXED_REQ raw:^GoSwitch"
  "annotations-go122|go1.22.12|annotations|traceadvanceperiod=2000000|22|raw:^UserTaskBegin raw:^UserRegionBegin"
  "annotations-go126|go1.26.8|annotations|traceadvanceperiod=2000000|26|raw:^UserTaskBegin raw:^UserRegionBegin"
  "cpu-go122|go1.22.12|cpu||22|raw:^CPUSample"
  "cpu-go126|go1.26.8|cpu||26|raw:^CPUSample"
  "idle-go122|go1.22.12|idle||22|"
  "idle-go123|go1.23.12|idle||23|"
  "idle-go124|go1.24.13|idle||23|"
  "idle-go125|go1.25.14|idle||25|"
  "idle-go126|go1.26.8|idle||26|"
  "allocfree-go123|go1.23.12|small|traceallocfree=1|23|parsed:Experimental"
  "allocfree-go124|go1.24.13|small|traceallocfree=1|23|parsed:Experimental"
  "allocfree-go125|go1.25.14|small|traceallocfree=1|25|parsed:Experimental"
  "allocfree-go126|go1.26.8|small|traceallocfree=1|26|parsed:Experimental"
)

"$SCRIPTS/build-oracle.sh" >/dev/null
BIN="$OUT/bin"
CHECKER="$BIN/checker"
RAWTEXT="$BIN/rawtext"
XVER="$(cd "$SCRIPTS" && go list -m -f '{{.Version}}' golang.org/x/exp)"
mkdir -p "$FIX" "$OUT/workload"

# workload_bin TOOLCHAIN: builds (once per toolchain and source change) and prints the path.
workload_bin() {
  local tc="$1" dir="$OUT/workload/$1"
  local stamp; stamp="$(cat "$SCRIPTS"/workload/go.mod "$SCRIPTS"/workload/*.go | sha256sum | cut -d' ' -f1)"
  if [[ ! -x "$dir/workload" || "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    mkdir -p "$dir"
    (cd "$SCRIPTS/workload" && GOTOOLCHAIN="$tc" go build -trimpath -o "$dir/workload" .) >&2
    echo "$stamp" > "$dir/.stamp"
  fi
  echo "$dir/workload"
}

# header_version FILE: the N of a "go 1.N trace" header.
header_version() { head -c 16 "$1" | tr -d '\0' | sed -n 's/^go 1\.\([0-9]*\) trace$/\1/p'; }

generate() {
  local name="$1" tc="$2" scenario="$3" godebug="$4" want="$5" req="$6"
  local wl; wl="$(workload_bin "$tc")"
  local tmp="$OUT/fixture-tmp"; mkdir -p "$tmp"
  local best="" bestsize=0 attempt
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    local t="$tmp/$name.$attempt.trace"
    GODEBUG="$godebug" "$wl" -out "$t" -scenario "$scenario" 2>/dev/null
    local v; v="$(header_version "$t")"
    if [[ "$v" != "$want" ]]; then
      echo "$name: header says version '$v', expected $want" >&2; exit 1
    fi
    "$CHECKER" "$t" > "$t.parsed"
    if ! tail -n 1 "$t.parsed" | grep -q '^OK '; then
      echo "  $name attempt $attempt: checker said $(tail -n 1 "$t.parsed")" >&2
      continue
    fi
    "$RAWTEXT" bytes2text < "$t" > "$t.raw" 2>/dev/null || true
    local missing="" r
    for r in $req; do
      local src="$t.raw"; [[ "$r" == parsed:* ]] && src="$t.parsed"
      grep -Eq -- "${r#*:}" "$src" || missing="$missing ${r#*:}"
    done
    if [[ -n "$missing" ]]; then
      echo "  $name attempt $attempt: lacks$missing" >&2
      continue
    fi
    local size psize; size=$(wc -c < "$t"); psize=$(wc -c < "$t.parsed")
    # Keep the attempt with the smallest parsed text (it dominates the size).
    if [[ -z "$best" || $psize -lt $bestsize ]]; then best="$t"; bestsize=$psize; fi
    if (( size <= MAX_TRACE_BYTES && psize <= MAX_PARSED_BYTES )); then break; fi
    echo "  $name attempt $attempt: $size bytes, parsed $psize bytes; over the limit, again" >&2
  done
  if [[ -z "$best" ]]; then echo "$name: no attempt was accepted (checker verdict or requirements)" >&2; exit 1; fi
  cp "$best" "$FIX/$name.trace"
  cp "$best.parsed" "$FIX/$name.parsed.txt"
  rm -f "$FIX/$name.raw.err"
  if ! "$RAWTEXT" bytes2text < "$FIX/$name.trace" > "$FIX/$name.raw.txt" 2> "$tmp/raw.err"; then
    cp "$tmp/raw.err" "$FIX/$name.raw.err"
  fi
  rm -rf "$tmp"
  echo "$name: $(wc -c < "$FIX/$name.trace") bytes, $(tail -n 1 "$FIX/$name.parsed.txt")$([[ -f "$FIX/$name.raw.err" ]] && echo ", raw reader: $(head -n 1 "$FIX/$name.raw.err")")"
}

selected() {
  local name="$1" arg; shift
  [[ $# -eq 0 ]] && return 0
  for arg in "$@"; do [[ "$arg" == "$name" ]] && return 0; done
  return 1
}

for entry in "${PLAN[@]}"; do
  IFS='|' read -r name tc scenario godebug want req <<< "$entry"
  if selected "$name" "$@"; then generate "$name" "$tc" "$scenario" "$godebug" "$want" "$req"; fi
done

# MANIFEST.json, for every planned fixture present on disk.
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
{
  echo "{"
  echo "  \"generator\": \"scripts/gen-fixtures.sh\","
  echo "  \"xExpVersion\": $(json_str "golang.org/x/exp $XVER"),"
  echo "  \"checker\": \"scripts/cmd/checker (golang.org/x/exp/trace NewReader/ReadEvent, Event.String())\","
  echo "  \"rawText\": \"scripts/rawtools/rawtext.go bytes2text (x/exp trace/internal/raw)\","
  echo "  \"fixtures\": ["
  first=1
  for entry in "${PLAN[@]}"; do
    IFS='|' read -r name tc scenario godebug want req <<< "$entry"
    f="$FIX/$name.trace"
    [[ -f "$f" ]] || continue
    verdict="$(tail -n 1 "$FIX/$name.parsed.txt")"
    events=null; [[ "$verdict" == OK\ * ]] && events="${verdict#OK }"
    rawerr=null; [[ -f "$FIX/$name.raw.err" ]] && rawerr="$(json_str "$(head -n 1 "$FIX/$name.raw.err")")"
    [[ $first -eq 1 ]] || echo ","
    first=0
    printf '    {"file": "%s", "traceVersion": %s, "goToolchain": "%s", "scenario": "%s", "godebug": %s,\n' \
      "$name.trace" "$(header_version "$f")" "$tc" "$scenario" "$(json_str "$godebug")"
    printf '     "bytes": %s, "sha256": "%s", "events": %s, "verdict": %s,\n' \
      "$(wc -c < "$f")" "$(sha256sum "$f" | cut -d' ' -f1)" "$events" "$(json_str "$verdict")"
    printf '     "parsed": "%s", "raw": "%s", "rawError": %s}' "$name.parsed.txt" "$name.raw.txt" "$rawerr"
  done
  echo
  echo "  ]"
  echo "}"
} > "$FIX/MANIFEST.json"
echo "wrote $FIX/MANIFEST.json"
