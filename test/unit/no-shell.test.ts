import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });

/** The one file that may start a program: the kubeconfig exec credential plugin runner. */
const RUNNER = 'cluster/exec-plugin.ts';

describe('the plugin runs no other programs but exec credential plugins, and never a shell', () => {
  const files = sources(SRC);
  const text = (file: string): string => readFileSync(file, 'utf8');

  it('evaluates no code, so cluster-provided text never becomes code', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => /\beval\(|new Function\(/.test(text(file)))).toEqual([]);
  });

  it('imports child_process only in the exec plugin runner', () => {
    const importers = files.filter((file) => text(file).includes('child_process'));
    expect(importers.map((file) => relative(SRC, file).split('\\').join('/'))).toEqual([RUNNER]);
  });

  it('has the runner import spawn alone and call it once, with shell: false', () => {
    const runner = text(join(SRC, RUNNER));
    expect(runner.match(/^import .*child_process.*$/gm)).toEqual(["import { spawn } from 'node:child_process';"]);
    expect(runner.match(/\bspawn\(/g)).toHaveLength(1);
    expect(runner).toMatch(/spawn\([^)]*\{\s*shell: false,/);
    expect(runner).not.toMatch(/shell: true|exec(File)?(Sync)?\(|spawnSync|fork\(/);
  });
});
