#!/usr/bin/env bash
# Refreshes fixtures/go-conformance/ from the golang.org/x/exp module pinned in
# scripts/go.mod (taken from the Go module cache; nothing is fetched from
# anywhere else):
#
#   tests/*.test              trace/testdata/tests/*.test (txtar: "expect" + raw-text "trace")
#   fuzz/FuzzReader/*         trace/testdata/fuzz/FuzzReader/* (Go fuzz corpus files)
#   LICENSE                   x/exp's LICENSE
#   expected/<name>.trace      the .test's trace section through rawtext text2bytes (Go's raw writer)
#   expected/<name>.parsed.txt checker output for those bytes (x/exp/trace Event.String() lines + OK/ERROR)
#   expected/<name>.raw.txt    rawtext text2bytes | rawtext bytes2text (Go's raw round trip)
#   fuzz-bin/<name>.trace      the corpus entry's []byte value, decoded by scripts/cmd/fuzzcorpus
#   fuzz-bin/<name>.parsed.txt checker output for it
#   README.md                 provenance
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SCRIPTS")"
DEST="$ROOT/fixtures/go-conformance"
export GOFLAGS=-buildvcs=false

"$SCRIPTS/build-oracle.sh" >/dev/null
BIN="$SCRIPTS/out/bin"
cd "$SCRIPTS"
XVER="$(go list -m -f '{{.Version}}' golang.org/x/exp)"
XDIR="$(go list -m -f '{{.Dir}}' golang.org/x/exp)"
if [[ -z "$XDIR" || ! -d "$XDIR" ]]; then
  go mod download golang.org/x/exp
  XDIR="$(go list -m -f '{{.Dir}}' golang.org/x/exp)"
fi
SRC="$XDIR/trace/testdata"

rm -rf "$DEST/tests" "$DEST/fuzz" "$DEST/expected" "$DEST/fuzz-bin"
mkdir -p "$DEST/tests" "$DEST/fuzz/FuzzReader" "$DEST/expected" "$DEST/fuzz-bin"
cp "$SRC"/tests/*.test "$DEST/tests/"
cp "$SRC"/fuzz/FuzzReader/* "$DEST/fuzz/FuzzReader/"
cp "$XDIR/LICENSE" "$DEST/LICENSE"
chmod -R u+w "$DEST"

# trace_section FILE: the content of the txtar entry named "trace".
trace_section() { awk '/^-- trace --$/ { on = 1; next } /^-- .* --$/ { on = 0 } on' "$1"; }

ntests=0
for t in "$DEST"/tests/*.test; do
  name="$(basename "$t" .test)"
  e="$DEST/expected/$name"
  if ! trace_section "$t" | "$BIN/rawtext" text2bytes > "$e.trace" 2> "$e.text2bytes.err"; then
    echo "$name: text2bytes failed: $(cat "$e.text2bytes.err")" >&2
  else
    rm -f "$e.text2bytes.err"
  fi
  "$BIN/checker" "$e.trace" > "$e.parsed.txt"
  if ! "$BIN/rawtext" bytes2text < "$e.trace" > "$e.raw.txt" 2> "$e.raw.err"; then
    echo "$name: bytes2text failed: $(cat "$e.raw.err")" >&2
  else
    rm -f "$e.raw.err"
  fi
  printf '%-72s %-40s %s\n' "$name" "$(sed -n '/^-- expect --$/{n;p;}' "$t" | cut -c1-40)" "$(tail -n 1 "$e.parsed.txt")"
  ntests=$((ntests + 1))
done

nfuzz=0
for f in "$DEST"/fuzz/FuzzReader/*; do
  name="$(basename "$f")"
  b="$DEST/fuzz-bin/$name"
  "$BIN/fuzzcorpus" -o "$b.trace" "$f"
  # The reader must never hang on these; give it a generous bound anyway.
  if ! timeout 60 "$BIN/checker" "$b.trace" > "$b.parsed.txt"; then
    echo "fuzz $name: checker did not finish normally" >&2
  fi
  printf 'fuzz %-67s %s\n' "$name" "$(tail -n 1 "$b.parsed.txt" | cut -c1-80)"
  nfuzz=$((nfuzz + 1))
done

cat > "$DEST/README.md" <<README
# Go's trace conformance files

Copied verbatim from the Go module **golang.org/x/exp $XVER**
(the version pinned in \`scripts/go.mod\`), directory \`trace/testdata/\`:

- \`tests/*.test\` ($ntests files) — from \`trace/testdata/tests/\`. Each is a txtar archive with an
  \`expect\` entry (\`SUCCESS\` or \`FAILURE "<regexp>"\`) and a \`trace\` entry in Go's raw text form
  (see /work/shared/spec/wire-format.md §15–§16).
- \`fuzz/FuzzReader/*\` ($nfuzz files) — from \`trace/testdata/fuzz/FuzzReader/\`, Go fuzzing corpus
  entries (\`go test fuzz v1\` + one \`[]byte("...")\` value).
- \`LICENSE\` — x/exp's license (BSD-style), which covers the files above.

Everything else here was produced by our Go oracle (\`scripts/\`, built with the local Go toolchain
against the same x/exp version):

- \`expected/<name>.trace\` — the \`.test\` file's \`trace\` section converted to bytes by x/exp's raw
  writer (\`scripts/out/bin/rawtext text2bytes\`), exactly as Go's test harness does it.
- \`expected/<name>.parsed.txt\` — \`scripts/out/bin/checker\` on those bytes: x/exp/trace's
  \`Event.String()\` for every event delivered, each followed by a newline, then \`OK <n>\` or
  \`ERROR: <message>\`. (Go's harness also runs a validator over the events; the checker does not.)
- \`expected/<name>.raw.txt\` — those bytes back to text with \`rawtext bytes2text\` (Go's raw round
  trip; identical to the \`trace\` section for every file at this version).
- \`fuzz-bin/<name>.trace\` — the corpus entry's byte value, decoded by \`scripts/cmd/fuzzcorpus\`.
- \`fuzz-bin/<name>.parsed.txt\` — checker output for it.

An \`expected/<name>.text2bytes.err\` or \`.raw.err\` file would hold an error of Go's raw codec; there
are none at this version.

## Refreshing

After changing the x/exp version in \`scripts/go.mod\` (\`cd scripts && go get golang.org/x/exp@<v>\`):

    scripts/sync-conformance.sh

It needs Go (1.26 or newer) and the module in the module cache (\`go mod download\` fetches it).
README
echo "synced $ntests tests and $nfuzz fuzz entries from golang.org/x/exp $XVER into $DEST"
