import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from '../run-cli.js';

const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

describe('--version', () => {
  it('prints name/version platform-arch node-version, exit 0', () => {
    const run = runCli(['--version']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(
      `kubectl-harvester_upgrade/${version} ${process.platform}-${process.arch} node-${process.version}\n`,
    );
  });

  it('answers exactly as oclif does: a second word makes oclif itself print the version', () => {
    // src/main.ts answers a lone --version without loading oclif; with anything after it, oclif answers.
    const oclif = runCli(['--version', 'ignored']);
    expect(oclif.status).toBe(0);
    expect(runCli(['--version']).stdout).toBe(oclif.stdout);
  });

  it('does not load oclif for a lone --version (its debug log stays empty), and does for anything else', () => {
    expect(runCli(['--version'], { DEBUG: 'oclif:*' }).stderr).toBe('');
    expect(runCli(['--version', 'ignored'], { DEBUG: 'oclif:*' }).stderr).toMatch(/oclif:config/);
  });

  it('leaves every other command to oclif', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Find what will stop or stall|USAGE|kubectl harvester-upgrade/m);
  });
});
