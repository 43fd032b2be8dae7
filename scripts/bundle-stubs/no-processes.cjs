// What every dependency gets in the shipped bundle when it imports node:child_process (scripts/bundle.mjs
// redirects it here): client-node's WSL kubeconfig fallback, oclif's Windows shell probe, wsl-utils and
// powershell-utils. Each function throws, so no dependency can start a program, with or without a shell; all of
// them call it inside try/catch or a promise and fall back. Only src/cluster/exec-plugin.ts gets the real module.
// CommonJS, because the importers take it as a default import and as named ones alike.
'use strict';

const refuse = () => {
  throw new Error('kubectl-harvester_upgrade runs no other programs but kubeconfig exec credential plugins');
};

module.exports = {
  spawn: refuse,
  spawnSync: refuse,
  exec: refuse,
  execSync: refuse,
  execFile: refuse,
  execFileSync: refuse,
  fork: refuse,
};
