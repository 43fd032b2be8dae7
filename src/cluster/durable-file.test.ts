import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file.js';

describe('writeFileDurably', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-durable-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates missing folders, writes the content private to the user, and leaves no temporary file', () => {
    const path = join(folder, 'backups', 'fix.json');
    writeFileDurably(path, '{"a":1}');
    writeFileDurably(path, '{"a":2}');
    expect(readFileSync(path, 'utf8')).toBe('{"a":2}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(folder, 'backups'))).toEqual(['fix.json']);
  });

  it('never replaces an existing file when asked for a new one, and cleans up after a failure', () => {
    const path = join(folder, 'fix.json');
    writeFileDurably(path, 'first', { exclusive: true });
    expect(() => {
      writeFileDurably(path, 'second', { exclusive: true });
    }).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(folder)).toEqual(['fix.json']);
  });
});
