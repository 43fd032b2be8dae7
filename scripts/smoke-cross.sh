#!/usr/bin/env bash
# The binaries built here for other platforms (npm run build -- --all): linux/arm64 runs under qemu-user with
# Debian's arm64 libraries (scripts/cross-tools.sh); darwin and windows cannot run here, so their Mach-O and PE
# structure, the blob, the fuse and (darwin) the code signature are checked by scripts/check-binary.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
fail() {
  echo "smoke-cross: $*" >&2
  exit 1
}
sysroot=$(bash scripts/cross-tools.sh | tail -n 1)
want=$(node -p 'require("./runtime/node.json").targets["linux/arm64"].version')
arm=dist/linux_arm64/kubectl-harvester_upgrade
[ -x "$arm" ] || fail "no $arm: run npm run build -- --all"
node scripts/check-binary.mjs --target linux/arm64 "$arm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { env -u NODE_OPTIONS QEMU_LD_PREFIX="$sysroot" qemu-aarch64-static "$arm" "$@" >"$work/out" 2>"$work/err"; }
run --version || fail "--version: $(cat "$work/err")"
grep -q "^kubectl-harvester_upgrade/[^ ]* linux-arm64 node-v$want$" "$work/out" || fail "--version: $(cat "$work/out")"
run --help || fail "--help: $(cat "$work/err")"
grep -q 'kubectl harvester-upgrade' "$work/out" || fail "--help: $(cat "$work/out")"
set +e
run machines --bundle "$repo/examples/harvester-support-bundle"
status=$?
set -e
[ "$status" = 1 ] || fail "machines --bundle exited $status, expected 1: $(cat "$work/err")"
grep -q 'custom-4d279419a084' "$work/out" || fail "machines --bundle did not report the orphan: $(cat "$work/out")"
echo "smoke-cross: linux/arm64 under qemu: --version (node v$want), --help, machines --bundle"
node scripts/check-binary.mjs --target darwin/amd64 dist/darwin_amd64/kubectl-harvester_upgrade
node scripts/check-binary.mjs --target windows/amd64 dist/windows_amd64/kubectl-harvester_upgrade.exe
