import { readFileSync } from 'node:fs';
import { CLI } from '../run-cli.js';

/**
 * What ships is the bundle, dependencies included: it may reach node:child_process in exactly one place, the
 * exec credential plugin runner (src/cluster/exec-plugin.ts), and that spawns without a shell. scripts/bundle.mjs
 * gives every other importer (client-node's gcp/azure/exec authenticators and its WSL fallback, oclif's Windows
 * shell probe, wsl-utils, powershell-utils) a module that cannot start a process.
 */
describe('the shipped bundle runs no other programs but exec credential plugins', () => {
  const bundle = readFileSync(CLI, 'utf8');

  it('names child_process once: the exec plugin runner, which spawns with shell: false', () => {
    const sites = [...bundle.matchAll(/child_process/g)].map((match) => match.index);
    expect(sites).toHaveLength(1);
    const at = sites[0] ?? 0;
    expect(bundle.slice(at - 'require("node:'.length, at + 'child_process")'.length)).toBe(
      'require("node:child_process")',
    );
    // The runner's module: its function (esbuild keeps names) and the one spawn call, without a shell.
    const runner = bundle.slice(at, at + 4000);
    expect(runner).toContain('"runExecPlugin"');
    expect([...runner.matchAll(/\.spawn\)?\(/g)]).toHaveLength(1);
    expect(runner).toContain('shell:!1');
    expect(bundle).not.toMatch(/shell:(!0|true)/);
  });

  it("contains none of client-node's legacy authenticators, which run a command through /bin/sh", () => {
    expect(bundle).not.toContain('Failed to refresh token');
    expect(bundle).not.toContain('execFn');
    expect(bundle).not.toMatch(/process\.binding|spawn_sync|process_wrap/);
  });
});
