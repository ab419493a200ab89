#!/usr/bin/env bash
# Builds the Go oracle tools into scripts/out/bin and prints their paths:
#   checker, gobench, fuzzcorpus  - commands of our module (gotrace.local/scripts)
#   rawtext, rawbench             - our own rawtools/*.go, built inside a private
#                                   copy of the pinned golang.org/x/exp module so
#                                   they can import its internal raw codec
# Uses the local Go toolchain (go 1.26). Idempotent: a tool is rebuilt only
# when its sources, go.mod/go.sum or the toolchain changed.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$SCRIPTS/out"
BIN="$OUT/bin"
mkdir -p "$BIN"
cd "$SCRIPTS"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

GOVER="$(go env GOVERSION)"
XVER="$(go list -m -f '{{.Version}}' golang.org/x/exp)"
XDIR="$(go list -m -f '{{.Dir}}' golang.org/x/exp)"
if [[ -z "$XDIR" || ! -d "$XDIR" ]]; then
  go mod download golang.org/x/exp
  XDIR="$(go list -m -f '{{.Dir}}' golang.org/x/exp)"
fi

# stamp NAME FILES... : succeeds (returns 0) when NAME is up to date.
stamp_of() { { echo "$GOVER $XVER"; cat "$@"; } | sha256sum | cut -d' ' -f1; }
up_to_date() {
  local name="$1"; shift
  [[ -x "$BIN/$name" && -f "$BIN/.$name.stamp" && "$(cat "$BIN/.$name.stamp")" == "$(stamp_of "$@")" ]]
}
mark() { local name="$1"; shift; stamp_of "$@" > "$BIN/.$name.stamp"; }

# 1. Commands of our own module.
for cmd in checker gobench fuzzcorpus; do
  srcs=(go.mod go.sum cmd/$cmd/*.go)
  if ! up_to_date "$cmd" "${srcs[@]}"; then
    go build -o "$BIN/$cmd" "./cmd/$cmd"
    mark "$cmd" "${srcs[@]}"
  fi
done

# 2. Private, writable copy of the pinned x/exp module (made once per version).
XCOPY="$OUT/xexp-$XVER"
if [[ ! -f "$XCOPY/.complete" ]]; then
  rm -rf "$XCOPY.tmp"
  cp -R "$XDIR" "$XCOPY.tmp"
  chmod -R u+w "$XCOPY.tmp"
  rm -rf "$XCOPY"
  mv "$XCOPY.tmp" "$XCOPY"
  touch "$XCOPY/.complete"
fi

# 3. Tools that need x/exp's internal raw package: drop our sources in under
#    trace/internal/raw/cmd/<tool>/ of the copy and build them there.
for tool in rawtext rawbench; do
  src="rawtools/$tool.go"
  if ! up_to_date "$tool" "$src"; then
    dir="$XCOPY/trace/internal/raw/cmd/$tool"
    mkdir -p "$dir"
    cp "$src" "$dir/main.go"
    # The file carries "//go:build ignore" so that our own module skips it;
    # naming the file explicitly makes go build compile it anyway.
    (cd "$XCOPY" && GOFLAGS="-mod=mod -buildvcs=false" go build -o "$BIN/$tool" "./trace/internal/raw/cmd/$tool/main.go")
    mark "$tool" "$src"
  fi
done

for t in checker rawtext gobench rawbench fuzzcorpus; do echo "$BIN/$t"; done
