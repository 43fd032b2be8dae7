#!/usr/bin/env bash
# Smoke test of the built single binary as kubectl runs it: from PATH, with no node_modules or package.json beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bin=$(mktemp -d)
cp dist/kubectl-harvester_upgrade "$bin/"
kubectl=$(command -v kubectl || true)
if [ -z "$kubectl" ]; then
  kubectl="$(bash scripts/test-binaries.sh 2>/dev/null | tail -n 1)/kubectl"
fi
run() { (cd "$bin" && env PATH="$bin:$PATH" "$kubectl" harvester-upgrade "$@"); }
expect_exit() {
  local want=$1; shift
  set +e; run "$@" >"$bin/out" 2>"$bin/err"; local got=$?; set -e
  if [ "$got" != "$want" ]; then
    echo "smoke: 'kubectl harvester-upgrade $*' exited $got, expected $want" >&2
    cat "$bin/out" "$bin/err" >&2
    exit 1
  fi
}

# Captured first: grep -q exits at the first match, and under pipefail kubectl's SIGPIPE would fail the step.
plugins=$(PATH="$bin:$PATH" "$kubectl" plugin list 2>/dev/null || true)
grep -q "$bin/kubectl-harvester_upgrade" <<<"$plugins"
expect_exit 0 --version
# The line names the Node the binary embeds: the one pinned in runtime/node.json, not the machine's.
node_version=$(node -p 'require("./runtime/node.json").targets["linux/amd64"].version')
grep -q "^kubectl-harvester_upgrade/[^ ]* linux-x64 node-v$node_version\$" "$bin/out" ||
  { echo "smoke: --version does not name node v$node_version: $(cat "$bin/out")" >&2; exit 1; }
expect_exit 0 --help
grep -q 'kubectl harvester-upgrade' "$bin/out"
expect_exit 0 machines --help
grep -q '\$ kubectl harvester-upgrade machines' "$bin/out"
expect_exit 2 machines --no-such-flag
expect_exit 0 machines --bundle "$repo/test/fixtures/bundles/healthy-3-node"
expect_exit 1 machines --bundle "$repo/examples/harvester-support-bundle"
grep -q 'custom-4d279419a084' "$bin/out"
expect_exit 3 machines --kubeconfig /nonexistent
expect_exit 0 precheck --bundle "$repo/test/fixtures/scenarios/healthy-3-node"
expect_exit 1 precheck --bundle "$repo/test/fixtures/scenarios/kubevirt-single-control-plane"
grep -q 'kubevirt-control-plane-placement' "$bin/out"
expect_exit 1 explain-drain --bundle "$repo/test/fixtures/drain/kubevirt-trap-pre-drained"
grep -q 'virt-api-6c9f7d8b5-r1x1' "$bin/out"
expect_exit 2 explain-drain --probe --bundle "$repo/test/fixtures/drain/daemonsets-only"
expect_exit 1 fix-pdb --bundle "$repo/test/fixtures/drain/kubevirt-trap-pre-drained"
grep -q 'patch KubeVirt harvester-system/kubevirt' "$bin/out"
expect_exit 2 fix-pdb --yes --bundle "$repo/test/fixtures/drain/kubevirt-trap-pre-drained"
rm -rf "$bin"
echo "smoke: the binary works through kubectl (17 checks)"
