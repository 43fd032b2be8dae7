import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileProblem, readRegularFile, readRegularFileSync } from './bounded-read.js';

describe('readRegularFile and readRegularFileSync', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-bounded-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('read a regular file within the limit whole', async () => {
    const file = join(folder, 'small.json');
    writeFileSync(file, '{"a":1}');
    expect((await readRegularFile(file, 7)).toString()).toBe('{"a":1}');
    expect(readRegularFileSync(file, 7).toString()).toBe('{"a":1}');
  });

  it('refuse a file over the limit by its size, without reading it', async () => {
    const file = join(folder, 'big.json');
    writeFileSync(file, '');
    truncateSync(file, 1024 ** 3);
    await expect(readRegularFile(file, 1024)).rejects.toThrow(
      new FileProblem('is 1073741824 bytes, over the 1024-byte limit'),
    );
    expect(() => readRegularFileSync(file, 1024)).toThrow('is 1073741824 bytes, over the 1024-byte limit');
  });

  it('refuse a folder', async () => {
    await expect(readRegularFile(folder, 1024)).rejects.toThrow('is not a regular file');
  });

  const devZero = existsSync('/dev/zero') ? it : it.skip;
  devZero('refuse a device that never ends (/dev/zero)', async () => {
    await expect(readRegularFile('/dev/zero', 1024)).rejects.toThrow(FileProblem);
    expect(() => readRegularFileSync('/dev/zero', 1024)).toThrow('is not a regular file');
  });
});
