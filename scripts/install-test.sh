#!/usr/bin/env bash
# The release as users get it: validates the krew manifests with krew's own validator, installs this machine's
# release archive with krew itself (`kubectl krew install --manifest --archive`, which also checks the archive's
# sha256 against the manifest), runs the plugin and its shell completion through real kubectl, and uninstalls it.
# Needs `npm run release` first. krew and its validator come from scripts/krew-tools.sh (built once, cached).
set -euo pipefail
# Output is captured before grep -q reads it: grep -q exits at the first match, and under pipefail the writer's
# SIGPIPE would fail a check that passed.
cd "$(dirname "$0")/.."

fail() {
  echo "install-test: $*" >&2
  exit 1
}

tools=$(bash scripts/krew-tools.sh | tail -n 1)
kubectl=$(command -v kubectl || true)
[ -n "$kubectl" ] || kubectl="$(bash scripts/test-binaries.sh 2>/dev/null | tail -n 1)/kubectl"
version="v$(node -p 'require("./package.json").version')"
platform=$(node --input-type=module -e 'import { krewPlatform } from "./scripts/sea-platform.mjs";
  const p = krewPlatform(); console.log(`${p.os}_${p.arch}`);')
archive="$(pwd)/dist/kubectl-harvester_upgrade_${platform}.tar.gz"
manifest="$(pwd)/dist/harvester-upgrade.yaml"
[ -f "$archive" ] && [ -f "$manifest" ] || fail "no $archive or $manifest: run npm run release first"

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
checks=0
ok() { checks=$((checks + 1)); }

# 1. krew's validator. It takes the plugin name from the file name (kubernetes-sigs/krew:
# cmd/validate-krew-manifest/main.go), so the committed template is checked as a copy named harvester-upgrade.yaml.
validate() { "$tools/validate-krew-manifest" -manifest "$1" "${@:2}" >"$work/validate.log" 2>&1; }
mkdir "$work/template"
cp krew-manifest.yaml "$work/template/harvester-upgrade.yaml"
validate "$work/template/harvester-upgrade.yaml" -skip-install || { cat "$work/validate.log" >&2; fail "template invalid"; }
ok
validate "$manifest" -skip-install || { cat "$work/validate.log" >&2; fail "release manifest invalid"; }
ok
# The validator can fail: a malformed sha256 is refused.
mkdir "$work/broken"
sed 's/^\(\s*sha256:\).*/\1 not-a-sha/' krew-manifest.yaml >"$work/broken/harvester-upgrade.yaml"
if validate "$work/broken/harvester-upgrade.yaml" -skip-install; then fail "the validator accepted a bad sha256"; fi
grep -q 'sha256' "$work/validate.log" || fail "the validator failed for another reason: $(cat "$work/validate.log")"
ok

# Without -skip-install the validator downloads every platform's uri with `kubectl krew install` and checks that a
# LICENSE file was extracted. Offline, the release manifest's uri points at this archive on a loopback server.
mkdir "$work/served" "$work/www"
# Every platform the manifest names (the four built here) is installed by the validator, each from its own archive.
cp dist/kubectl-harvester_upgrade_*.tar.gz "$work/www/"
platforms=$(grep -c '^ *- selector:' "$manifest")
node -e '
  const http = require("http"), fs = require("fs"), path = require("path");
  const root = process.argv[1];
  const server = http.createServer((req, res) => {
    const file = path.join(root, path.basename(decodeURIComponent(req.url)));
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200); fs.createReadStream(file).pipe(res);
  });
  server.listen(0, "127.0.0.1", () => fs.writeFileSync(path.join(root, ".port"), String(server.address().port)));
' "$work/www" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/www/.port" ] && break; sleep 0.1; done
[ -s "$work/www/.port" ] || fail "the loopback file server did not start"
sed "s#^\(\s*uri:\).*/\([^/]*\)\$#\1 http://127.0.0.1:$(cat "$work/www/.port")/\2#" "$manifest" \
  >"$work/served/harvester-upgrade.yaml"
PATH="$tools:$(dirname "$kubectl"):$PATH" validate "$work/served/harvester-upgrade.yaml" ||
  { cat "$work/validate.log" >&2; fail "krew's validator could not install the archive"; }
grep -q "all $platforms spec.platforms installed fine" "$work/validate.log" || fail "validator: $(cat "$work/validate.log")"
ok
kill "$server_pid"
server_pid=

# 2. Install with krew into a fresh KREW_ROOT, exactly as `kubectl krew install` lays it out for users.
export KREW_ROOT="$work/krew" KREW_NO_UPGRADE_CHECK=1
export PATH="$KREW_ROOT/bin:$tools:$(dirname "$kubectl"):/usr/local/bin:/usr/bin:/bin"
cd "$work"
# `krew list` and `uninstall` refuse to run without a plugin index, a git clone of krew-index (offline here): an empty
# git repository stands in for it (kubernetes-sigs/krew: cmd/krew/cmd/root.go checkIndex).
mkdir -p "$KREW_ROOT/index/default"
git -C "$KREW_ROOT/index/default" init -q
# The committed template is refused: krew checks even a local --archive against the manifest's sha256.
if kubectl krew install --manifest="$work/template/harvester-upgrade.yaml" --archive="$archive" >"$work/refused.log" 2>&1; then
  fail "krew installed the template, whose sha256 is a placeholder"
fi
grep -q 'checksum does not match' "$work/refused.log" || fail "krew refused the template for another reason: $(cat "$work/refused.log")"
ok
kubectl krew install --manifest="$manifest" --archive="$archive" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "krew install failed"; }
store="$KREW_ROOT/store/harvester-upgrade/$version"
for f in kubectl-harvester_upgrade LICENSE kubectl_complete-harvester_upgrade; do
  [ -f "$store/$f" ] || fail "krew did not extract $f into $store"
done
[ "$(readlink -f "$KREW_ROOT/bin/kubectl-harvester_upgrade")" = "$(readlink -f "$store/kubectl-harvester_upgrade")" ] ||
  fail "krew did not link kubectl-harvester_upgrade into $KREW_ROOT/bin"
ok
grep -qx 'detached/harvester-upgrade' <<<"$(kubectl krew list 2>/dev/null)" ||
  fail "kubectl krew list does not show harvester-upgrade (installed from a manifest: detached/)"
# kubectl plugin list exits 1 when it has warnings (a shadowed or non-executable kubectl-* elsewhere on PATH).
plugins=$(kubectl plugin list 2>&1 || true)
grep -qx "$KREW_ROOT/bin/kubectl-harvester_upgrade" <<<"$plugins" ||
  fail "kubectl plugin list does not show $KREW_ROOT/bin/kubectl-harvester_upgrade: $plugins"
ok
grep -q "^kubectl-harvester_upgrade/${version#v} " <<<"$(kubectl harvester-upgrade --version)" || fail "--version"
ok
grep -q '\$ kubectl harvester-upgrade precheck' <<<"$(kubectl harvester-upgrade precheck --help)" || fail "precheck --help"
ok

# 3. Completion through kubectl's plugin completion (kubectl >= 1.26): `kubectl __complete` is what the shell's
# completion function calls on TAB. The README tells krew users to copy the script next to the plugin's link.
completes() { kubectl __complete harvester-upgrade "$@" 2>/dev/null; }
[ -z "$(completes '' | grep -v '^:')" ] || fail "completion answered before its executable is on PATH"
# The README's command, verbatim.
cp "${KREW_ROOT:-$HOME/.krew}"/store/harvester-upgrade/*/kubectl_complete-harvester_upgrade "${KREW_ROOT:-$HOME/.krew}/bin/"
out=$(completes '')
for cmd in precheck explain-drain machines fix-pdb; do
  grep -q "^$cmd	" <<<"$out" || fail "kubectl __complete harvester-upgrade '' lacks $cmd: $out"
done
grep -q '__complete' <<<"$out" && fail "the hidden __complete command is offered"
[ "$(printf '%s\n' "$out" | tail -n 1)" = ":4" ] || fail "completion directive is not :4 (no file completion): $out"
ok
grep -qx 'pod-pending' <<<"$(completes precheck --only pod-pend)" || fail "precheck --only does not complete check ids"
grep -qx 'json' <<<"$(completes machines -o '')" || fail "-o does not complete its formats"
ok

# 4. Uninstall leaves nothing on PATH (the completion script was copied by hand and is removed by hand).
kubectl krew uninstall harvester-upgrade >/dev/null 2>&1 || fail "krew uninstall failed"
[ ! -e "$KREW_ROOT/bin/kubectl-harvester_upgrade" ] && [ ! -d "$KREW_ROOT/store/harvester-upgrade" ] ||
  fail "krew uninstall left the plugin behind"
ok
echo "install-test: krew validated, installed, ran, completed and uninstalled the $platform release ($checks checks)"
