import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../../test/zip-builder.js';
import { archiveKind, BundleProblem, listBundle, unsafeZipName } from './bundle-entries.js';

describe('unsafeZipName', () => {
  it.each(['../x', 'a/../../x', '..\\x', 'a\\..\\x', 'bundle/..'])('refuses %j for its ".."', (name) => {
    expect(unsafeZipName(name)).toBe('contains ".."');
  });

  it.each(['/etc/passwd', 'C:\\x', 'c:/x', '\\\\server\\share\\x'])('refuses the absolute path %j', (name) => {
    expect(unsafeZipName(name)).toBe('is an absolute path');
  });

  it('refuses a NUL byte', () => {
    expect(unsafeZipName('a\0b.yaml')).toBe('contains a NUL byte');
  });

  it.each(['bundle/yamls/cluster/v1/nodes.yaml', 'bundle/', 'a/..b/c..yaml', 'logs/x.log'])('accepts %j', (name) => {
    expect(unsafeZipName(name)).toBeUndefined();
  });
});

describe('archiveKind', () => {
  it.each([
    [Buffer.from([0x1f, 0x8b, 8, 0]), 'a gzip file, not a zip (a .tar.gz?)'],
    [Buffer.from('BZh91AY'), 'a bzip2 file, not a zip'],
    [Buffer.concat([Buffer.alloc(257), Buffer.from('ustar\u000000')]), 'a tar archive, not a zip'],
  ])('names an archive that is not a zip by its first bytes', (head, what) => {
    expect(archiveKind(head)).toBe(what);
  });

  it('says nothing about text', () => {
    expect(archiveKind(Buffer.from('apiVersion: v1\nkind: List\n'))).toBeUndefined();
  });
});

describe('listBundle', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-entries-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const zipOf = (name: string, entries: Parameters<typeof buildZip>[0]): string => {
    const path = join(folder, name);
    writeFileSync(path, buildZip(entries));
    return path;
  };

  it('lists a zip entry given twice with the same content once, with a warning', async () => {
    const listing = await listBundle(
      zipOf('twice.zip', [
        { name: 'a.yaml', content: 'x' },
        { name: 'a.yaml', content: 'x' },
      ]),
    );
    expect(listing.entries.map((entry) => entry.path)).toEqual(['a.yaml']);
    expect(listing.warnings).toEqual(['zip entry "a.yaml" appears 2 times: read once']);
    listing.close();
  });

  it('refuses both when the two copies differ', async () => {
    const listing = await listBundle(
      zipOf('differ.zip', [
        { name: 'a.yaml', content: 'x' },
        { name: 'a.yaml', content: 'y' },
      ]),
    );
    expect(listing.entries.map((entry) => entry.problem)).toEqual([
      'zip entry "a.yaml" appears more than once with different content: neither is read',
    ]);
    listing.close();
  });

  it('lists an encrypted entry as refused', async () => {
    const listing = await listBundle(
      zipOf('locked.zip', [{ name: 'a.yaml', content: 'x', encrypted: true, method: 'deflate' }]),
    );
    expect(listing.entries[0]?.problem).toMatch(/^refused zip entry "a\.yaml": it is encrypted/);
    listing.close();
  });

  it('refuses an entry whose bytes do not match its CRC-32', async () => {
    const zip = buildZip([{ name: 'a.yaml', content: 'kind: List' }]);
    const at = 30 + 'a.yaml'.length; // the first byte of the stored data
    zip.writeUInt8((zip.readUInt8(at) ^ 0x01) & 0xff, at);
    const path = join(folder, 'flipped.zip');
    writeFileSync(path, zip);
    const listing = await listBundle(path);
    await expect(listing.entries[0]?.read()).rejects.toThrow(/CRC-32 does not match/);
    listing.close();
  });

  it('says an empty folder and an empty zip are empty', async () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    await expect(listBundle(empty)).rejects.toThrow(new BundleProblem('the folder is empty'));
    await expect(listBundle(zipOf('empty.zip', []))).rejects.toThrow(new BundleProblem('the zip holds no files'));
  });
});
