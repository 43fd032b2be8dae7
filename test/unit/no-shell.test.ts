import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });

describe('the plugin never runs other programs', () => {
  it('imports no child_process and evaluates no code, so cluster-provided text never reaches a shell', () => {
    const offenders = sources(SRC).filter((file) =>
      /node:child_process|from 'child_process'|\beval\(|new Function\(/.test(readFileSync(file, 'utf8')),
    );
    expect(sources(SRC).length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
