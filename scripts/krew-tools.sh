#!/usr/bin/env bash
# Provides krew's own tools, built from the sigs.k8s.io/krew Go module through the Go module proxy:
#   kubectl-krew            the krew CLI (cmd/krew), used to install our archive exactly as users do
#   validate-krew-manifest  the validator krew-index CI runs on every manifest (cmd/validate-krew-manifest)
# Prints the directory holding both on the last line of stdout; progress goes to stderr.
# Nothing built here is committed: the cache lives outside the repository (as in scripts/test-binaries.sh).
# v0.4.4 is the newest krew release the module proxy serves; v0.4.5 answers 403 "not available".
# Neither tool needs the network for what we use: `krew install --manifest` skips the plugin index
# (kubernetes-sigs/krew: cmd/krew/cmd/install.go), a build without a release tag skips the upgrade check
# (cmd/krew/cmd/root.go isDevelopmentBuild), and we also set KREW_NO_UPGRADE_CHECK.
set -euo pipefail

KREW_VERSION=${KREW_VERSION:-v0.4.4}
CACHE=${HU_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/harvester-upgrade-tests}
OUT="$CACHE/krew/$KREW_VERSION"
MARKER="$OUT/.complete"

log() { printf 'krew-tools: %s\n' "$*" >&2; }
usable() { [ -x "$OUT/kubectl-krew" ] && [ -x "$OUT/validate-krew-manifest" ]; }

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$KREW_VERSION" ] && usable; then
  echo "$OUT"
  exit 0
fi
command -v go >/dev/null || { log "no Go toolchain: cannot build krew's validator (install Go >= 1.20)"; exit 4; }
mkdir -p "$CACHE"
exec 9>"$CACHE/.krew-build.lock"
flock 9
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$KREW_VERSION" ] && usable; then
  echo "$OUT"
  exit 0
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
work="$CACHE/build/krew-$KREW_VERSION"
mkdir -p "$work" "$OUT"
(
  cd "$work"
  [ -f go.mod ] || go mod init hu-testbin.local/krew >/dev/null 2>&1
  go get "sigs.k8s.io/krew@$KREW_VERSION" >&2
  log "building krew and validate-krew-manifest $KREW_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$OUT/kubectl-krew" sigs.k8s.io/krew/cmd/krew >&2
  go build -trimpath -ldflags "-s -w" -o "$OUT/validate-krew-manifest" sigs.k8s.io/krew/cmd/validate-krew-manifest >&2
)
usable || { log "build finished but binaries are missing in $OUT"; exit 4; }
echo "$KREW_VERSION" >"$MARKER"
log "built: krew $KREW_VERSION"
echo "$OUT"
