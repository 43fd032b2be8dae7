#!/usr/bin/env bash
# Provides kube-apiserver, kubectl and etcd for the live test tier, laid out for KUBEBUILDER_ASSETS.
# Order of preference (as controller-runtime's envtest looks them up):
#   1. TEST_ASSET_KUBE_APISERVER + TEST_ASSET_ETCD (+ optional TEST_ASSET_KUBECTL)
#   2. KUBEBUILDER_ASSETS holding etcd, kube-apiserver, kubectl
#   3. our cache folder, built once from the Go module proxy with the ordinary go client.
# Prints the assets directory on the last line of stdout; progress goes to stderr.
# Nothing built here is ever committed: the cache lives outside the repository.
# v1.33.13 is the 1.33 patch (the line Harvester pins) whose staging modules the Go module proxy serves in
# full; v1.33.7 is missing several (403 "This module version is not available").
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-v1.33.13}
ETCD_VERSION=${ETCD_VERSION:-v3.5.21}
CACHE=${HU_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/harvester-upgrade-tests}
OUT="$CACHE/k8s/$K8S_VERSION-etcd-$ETCD_VERSION-linux-amd64"
MARKER="$OUT/.complete"
WANT="k8s=$K8S_VERSION etcd=$ETCD_VERSION"

log() { printf 'test-binaries: %s\n' "$*" >&2; }

usable() { [ -x "$1/kube-apiserver" ] && [ -x "$1/etcd" ]; }

if [ -n "${TEST_ASSET_KUBE_APISERVER:-}" ] && [ -n "${TEST_ASSET_ETCD:-}" ]; then
  d=$(mktemp -d)
  ln -s "$TEST_ASSET_KUBE_APISERVER" "$d/kube-apiserver"
  ln -s "$TEST_ASSET_ETCD" "$d/etcd"
  [ -n "${TEST_ASSET_KUBECTL:-}" ] && ln -s "$TEST_ASSET_KUBECTL" "$d/kubectl"
  usable "$d" && { log "using TEST_ASSET_* binaries"; echo "$d"; exit 0; }
fi
if [ -n "${KUBEBUILDER_ASSETS:-}" ] && usable "$KUBEBUILDER_ASSETS"; then
  log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] && usable "$OUT"; then
  log "cached: $WANT"
  echo "$OUT"
  exit 0
fi

command -v go >/dev/null || { log "no Go toolchain: cannot build kube-apiserver (install Go >= 1.24)"; exit 4; }
mkdir -p "$CACHE"
# One build at a time: .ci/run starts it early in the background and the test setup waits for that one.
exec 9>"$CACHE/.build.lock"
flock 9
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] && usable "$OUT"; then
  log "built meanwhile: $WANT"
  echo "$OUT"
  exit 0
fi
avail_kb=$(df -Pk "$CACHE" | awk 'NR==2 {print $4}')
if [ "${avail_kb:-0}" -lt 4000000 ]; then
  log "need about 4 GB free under $CACHE for the Go build, have $((avail_kb / 1024)) MB"; exit 4
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$OUT"
staging="v0.${K8S_VERSION#v1.}"
minor=${staging#v0.}; minor=${minor%%.*}

# kube-apiserver and kubectl from the k8s.io/kubernetes module. Its go.mod replaces every staging
# module with ./staging/...; a consumer must replace each with the published v0.X.Y instead
# (kubernetes/kubernetes#79384). The list is generated from the tag's own go.mod.
kw="$CACHE/build/kube-$K8S_VERSION"
mkdir -p "$kw"
(
  cd "$kw"
  [ -f go.mod ] || go mod init hu-testbin.local/kube >/dev/null 2>&1
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -n "$gomod" ] || { log "the module proxy did not serve k8s.io/kubernetes@$K8S_VERSION"; exit 4; }
  for m in $(sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => \./staging/.*#\1#p' "$gomod"); do
    go mod edit "-replace=$m=$m@$staging"
  done
  go get "k8s.io/kubernetes@$K8S_VERSION" >&2
  # Realistic /version: gitVersion etc. are set by the release build's ldflags.
  ver="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  ver="$ver -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  log "building kube-apiserver and kubectl $K8S_VERSION (slow the first time)"
  go build -trimpath -ldflags "-s -w $ver" -o "$OUT/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl >&2
)

# etcd: go.etcd.io/etcd/server/v3 is itself package main; its replace lines are ignored in a
# dependency, so a wrapper module resolves api/client/pkg to their published versions.
ew="$CACHE/build/etcd-$ETCD_VERSION"
mkdir -p "$ew"
(
  cd "$ew"
  [ -f go.mod ] || go mod init hu-testbin.local/etcd >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
  log "building etcd $ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$OUT/etcd" go.etcd.io/etcd/server/v3 >&2
)

usable "$OUT" || { log "build finished but binaries are missing in $OUT"; exit 4; }
echo "$WANT" >"$MARKER"
log "built: $WANT"
echo "$OUT"
