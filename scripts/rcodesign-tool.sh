#!/usr/bin/env bash
# Provides rcodesign (the apple-codesign crate), which signs Mach-O binaries ad hoc on Linux the way macOS's
# `codesign --sign -` does: the darwin binaries built here must carry a valid signature after the SEA blob went in.
# Built once with cargo from crates.io (--locked: the crate's own lock file) into a cache outside the repository, as
# scripts/krew-tools.sh does for krew; a cold build takes several minutes on 2 cores (docs/reliability.md).
# Prints the path of the rcodesign executable on the last line of stdout; progress goes to stderr.
set -euo pipefail

VERSION=${RCODESIGN_VERSION:-0.29.0}
CACHE=${HU_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/harvester-upgrade-tests}
OUT="$CACHE/rcodesign/$VERSION"
MARKER="$OUT/.complete"

log() { printf 'rcodesign-tool: %s\n' "$*" >&2; }
usable() { [ -x "$OUT/bin/rcodesign" ] && [ "$(cat "$MARKER" 2>/dev/null)" = "$VERSION" ]; }

if usable; then
  echo "$OUT/bin/rcodesign"
  exit 0
fi
command -v cargo >/dev/null || { log "no cargo: cannot build rcodesign (install Rust, or sign on macOS)"; exit 4; }
mkdir -p "$CACHE"
exec 9>"$CACHE/.rcodesign-build.lock"
flock 9
if usable; then
  echo "$OUT/bin/rcodesign"
  exit 0
fi
log "building apple-codesign $VERSION (cargo install, several minutes cold)"
cargo install apple-codesign --version "=$VERSION" --locked --root "$OUT" >&2
[ -x "$OUT/bin/rcodesign" ] || { log "cargo finished but $OUT/bin/rcodesign is missing"; exit 4; }
echo "$VERSION" >"$MARKER"
log "built: rcodesign $VERSION"
echo "$OUT/bin/rcodesign"
