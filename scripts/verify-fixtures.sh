#!/usr/bin/env bash
# Re-derives every Go-side expectation from the committed inputs and compares
# it with the committed files, without touching them:
#   fixtures/traces/*.trace           -> sha256 vs MANIFEST.json, checker output, raw text (+ .raw.err)
#   fixtures/go-conformance/tests     -> text2bytes bytes, checker output, raw round trip
#   fixtures/go-conformance/fuzz      -> decoded bytes, checker output
# Exit status 1 if anything differs (e.g. after bumping x/exp).
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SCRIPTS")"
"$SCRIPTS/build-oracle.sh" >/dev/null
BIN="$SCRIPTS/out/bin"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
bad=0
same() { # same EXPECTED_FILE ACTUAL_FILE LABEL
  if ! cmp -s "$1" "$2"; then echo "DIFFERS: $3" >&2; bad=1; fi
}

T="$ROOT/fixtures/traces"
n=0
for f in "$T"/*.trace; do
  name="$(basename "$f" .trace)"
  sum="$(sha256sum "$f" | cut -d' ' -f1)"
  grep -q "\"file\": \"$name.trace\".*" "$T/MANIFEST.json" && grep -q "$sum" "$T/MANIFEST.json" \
    || { echo "DIFFERS: $name.trace sha256 not in MANIFEST.json" >&2; bad=1; }
  "$BIN/checker" "$f" > "$TMP/p"
  same "$T/$name.parsed.txt" "$TMP/p" "$name.parsed.txt"
  if "$BIN/rawtext" bytes2text < "$f" > "$TMP/r" 2> "$TMP/e"; then
    [[ -f "$T/$name.raw.err" ]] && { echo "DIFFERS: $name.raw.err exists but the raw reader succeeded" >&2; bad=1; }
  else
    same "$T/$name.raw.err" "$TMP/e" "$name.raw.err"
  fi
  same "$T/$name.raw.txt" "$TMP/r" "$name.raw.txt"
  n=$((n + 1))
done

C="$ROOT/fixtures/go-conformance"
m=0
for t in "$C"/tests/*.test; do
  name="$(basename "$t" .test)"
  awk '/^-- trace --$/ { on = 1; next } /^-- .* --$/ { on = 0 } on' "$t" | "$BIN/rawtext" text2bytes > "$TMP/b"
  same "$C/expected/$name.trace" "$TMP/b" "expected/$name.trace"
  "$BIN/checker" "$TMP/b" > "$TMP/p"
  same "$C/expected/$name.parsed.txt" "$TMP/p" "expected/$name.parsed.txt"
  "$BIN/rawtext" bytes2text < "$TMP/b" > "$TMP/r"
  same "$C/expected/$name.raw.txt" "$TMP/r" "expected/$name.raw.txt"
  m=$((m + 1))
done
for f in "$C"/fuzz/FuzzReader/*; do
  name="$(basename "$f")"
  "$BIN/fuzzcorpus" -o "$TMP/b" "$f"
  same "$C/fuzz-bin/$name.trace" "$TMP/b" "fuzz-bin/$name.trace"
  "$BIN/checker" "$TMP/b" > "$TMP/p"
  same "$C/fuzz-bin/$name.parsed.txt" "$TMP/p" "fuzz-bin/$name.parsed.txt"
  m=$((m + 1))
done

if [[ $bad -ne 0 ]]; then echo "verify-fixtures: differences found" >&2; exit 1; fi
echo "verify-fixtures: $n real traces and $m conformance files match"
