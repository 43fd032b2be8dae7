import { lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { FileProblem, readRegularFile } from './bounded-read.js';

/** A file inside a bundle: a folder's file or a zip entry. Nothing is ever extracted to disk. */
export interface BundleEntry {
  readonly path: string;
  readonly size: number;
  /**
   * Why this entry is not read, as one warning line (a refused zip entry, a symbolic link, an encrypted entry): it
   * is listed all the same, so that the kind its path names is reported unread rather than absent.
   */
  readonly problem?: string;
  read(): Promise<Buffer>;
}

export interface BundleListing {
  readonly entries: readonly BundleEntry[];
  readonly warnings: readonly string[];
  close(): void;
}

/** Not a bundle at all (an empty folder, a tarball, a zero-byte file): the message is the reason, in one line. */
export class BundleProblem extends Error {}

/** A file that could not be read: the message is the whole warning line, entry name included. */
export class EntryProblem extends Error {}

/**
 * One file larger than this is skipped with a warning, and a zip entry is never inflated past it: memory stays
 * bounded whatever the bundle holds. The largest file of the 1,000-node benchmark bundle is a 48 MB `pods.yaml`.
 */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An empty zip is only its end-of-central-directory record. */
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** What a bundle file that is not a zip may be instead, by its first bytes, so the error can say what to do. */
const OTHER_ARCHIVES: readonly { readonly magic: Buffer; readonly what: string }[] = [
  { magic: Buffer.from([0x1f, 0x8b]), what: 'a gzip file, not a zip (a .tar.gz?)' },
  { magic: Buffer.from('BZh'), what: 'a bzip2 file, not a zip' },
  { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), what: 'an xz file, not a zip' },
  { magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), what: 'a zstd file, not a zip' },
  { magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), what: 'a 7-Zip archive, not a zip' },
  { magic: Buffer.from('Rar!'), what: 'a RAR archive, not a zip' },
];

const firstBytes = async (path: string): Promise<Buffer> => {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

/** What the first bytes say a file is that is not a zip; undefined for text (YAML or JSON, or neither). */
export const archiveKind = (head: Buffer): string | undefined => {
  const known = OTHER_ARCHIVES.find(({ magic }) => head.subarray(0, magic.length).equals(magic));
  if (known) return known.what;
  // POSIX tar: "ustar" at offset 257 of the first header.
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'a tar archive, not a zip';
  return undefined;
};

/**
 * A zip entry's name in quotes, for a warning. Control and bidi characters are escaped where every warning is
 * printed (render/escape.ts), not here.
 */
const quoted = (name: string): string => JSON.stringify(name);

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Refuses the names a zip may use to escape a folder: absolute paths, drive letters, `..` segments. */
export const unsafeZipName = (name: string): string | undefined => {
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split(/[/\\]/).includes('..')) return 'contains ".."';
  return undefined;
};

const refusedEntry = (name: string, problem: string, size = 0): BundleEntry => ({
  path: name,
  size,
  problem,
  read: () => Promise.reject(new EntryProblem(problem)),
});

/**
 * Inflates one entry, counting the bytes that really come out: yauzl's validateEntrySizes stops the stream once it
 * passes the size the central directory declares (yauzl: index.js, AssertByteCountStream), and the count here stops
 * it at MAX_ENTRY_BYTES whatever the header says. yauzl does not check the CRC-32, so it is checked here: a damaged
 * stored entry inflates without error.
 */
const readZipEntry = (zipfile: yauzl.ZipFile, entry: yauzl.Entry, name: string): Promise<Buffer> =>
  new Promise<Buffer>((resolve, reject) => {
    const refuse = (why: string): EntryProblem => new EntryProblem(`refused zip entry ${quoted(name)}: ${why}`);
    zipfile.openReadStream(entry, (streamError, stream) => {
      if (streamError) {
        reject(refuse(streamError.message));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_ENTRY_BYTES) {
          stream.destroy(refuse(`it inflates to more than ${String(MAX_ENTRY_BYTES)} bytes`));
          return;
        }
        crc = crc32(chunk, crc);
        chunks.push(chunk);
      });
      stream.on('error', (error: Error) => {
        const message = error.message;
        if (error instanceof EntryProblem) reject(error);
        else if (message.startsWith('too many bytes in the stream')) {
          reject(
            refuse(
              `it inflates to more than the ${String(entry.uncompressedSize)} bytes its header declares (a zip bomb?)`,
            ),
          );
        } else if (message.startsWith('not enough bytes in the stream')) {
          reject(refuse(`it is cut short: ${message}`));
        } else reject(refuse(`it does not inflate: ${message}`));
      });
      stream.on('end', () => {
        if (crc !== entry.crc32) reject(refuse('its CRC-32 does not match: the zip is damaged'));
        else resolve(Buffer.concat(chunks));
      });
    });
  });

/** A zip's entries by name, in the zip's order: a name given twice is one entry (unzip, too, keeps only one file). */
const zipIndex = (): {
  readonly add: (name: string, entry: BundleEntry, fingerprint: string) => void;
  readonly listed: () => { entries: BundleEntry[]; warnings: string[] };
} => {
  const byName = new Map<string, { entry: BundleEntry; readonly fingerprint: string; count: number }>();
  const order: string[] = [];
  const add = (name: string, entry: BundleEntry, fingerprint: string): void => {
    const known = byName.get(name);
    if (known) {
      known.count += 1;
      if (known.fingerprint !== fingerprint)
        known.entry = refusedEntry(
          name,
          `zip entry ${quoted(name)} appears more than once with different content: neither is read`,
        );
      return;
    }
    byName.set(name, { entry, fingerprint, count: 1 });
    order.push(name);
  };
  const listed = (): { entries: BundleEntry[]; warnings: string[] } => {
    const warnings: string[] = [];
    const entries = order.flatMap((name) => {
      const known = byName.get(name);
      if (!known) return [];
      if (known.count > 1 && known.entry.problem === undefined) {
        warnings.push(`zip entry ${quoted(name)} appears ${String(known.count)} times: read once`);
      }
      return [known.entry];
    });
    return { entries, warnings };
  };
  return { add, listed };
};

/** One zip entry into the index: a file to read, or refused (unsafe name, link, encrypted); folders are skipped. */
const indexZipEntry = (
  zipfile: yauzl.ZipFile,
  entry: yauzl.Entry,
  add: (name: string, entry: BundleEntry, fingerprint: string) => void,
): void => {
  // decodeStrings: false hands over the raw bytes, so names are validated here rather than aborting the zip.
  const rawName: unknown = entry.fileName;
  const name = Buffer.isBuffer(rawName) ? rawName.toString('utf8') : String(rawName);
  const unsafe = unsafeZipName(name);
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  const fingerprint = `${String(entry.crc32)}:${String(entry.uncompressedSize)}`;
  const refused = (why: string): void => {
    add(name, refusedEntry(name, `refused zip entry ${quoted(name)}: ${why}`, entry.uncompressedSize), fingerprint);
  };
  if (unsafe) refused(`it ${unsafe}`);
  else if (mode === S_IFLNK) refused('it is a symbolic link');
  else if (entry.isEncrypted()) {
    refused('it is encrypted (encrypted zips are not read: make the bundle again without a password)');
  } else if (!name.endsWith('/')) {
    add(
      name,
      { path: name, size: entry.uncompressedSize, read: () => readZipEntry(zipfile, entry, name) },
      fingerprint,
    );
  }
};

const listZip = (path: string): Promise<BundleListing> =>
  new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zipfile) => {
        if (error) {
          reject(new BundleProblem(`${path} is not a readable zip: ${error.message}`));
          return;
        }
        const index = zipIndex();
        zipfile.on('error', (zipError: Error) => {
          zipfile.close();
          reject(new BundleProblem(`${path} is a corrupt zip: ${zipError.message}`));
        });
        zipfile.on('entry', (entry: yauzl.Entry) => {
          indexZipEntry(zipfile, entry, index.add);
          zipfile.readEntry();
        });
        zipfile.on('end', () => {
          const { entries, warnings } = index.listed();
          if (entries.length === 0) {
            zipfile.close();
            reject(new BundleProblem('the zip holds no files'));
            return;
          }
          resolve({
            entries,
            warnings,
            close: () => {
              zipfile.close();
            },
          });
        });
        zipfile.readEntry();
      },
    );
  });

/** Where a file's bytes are read: a regular file only, never past the size limit. */
const readFolderFile = async (full: string, name: string): Promise<Buffer> => {
  try {
    return await readRegularFile(full, MAX_ENTRY_BYTES);
  } catch (error) {
    if (error instanceof FileProblem) throw new EntryProblem(`skipped ${name}: it ${error.message}`);
    throw error;
  }
};

const listFolder = async (root: string): Promise<BundleListing> => {
  const entries: BundleEntry[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const dirent of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, dirent.name);
      const name = relative(root, full).split(sep).join('/');
      // Inside a bundle a link may point anywhere (/dev/zero, another user's files): it is never followed.
      if (dirent.isSymbolicLink()) entries.push(refusedEntry(name, `skipped ${name}: symbolic links are not followed`));
      else if (dirent.isDirectory()) await walk(full);
      else if (dirent.isFile()) {
        const { size } = await lstat(full);
        entries.push({ path: name, size, read: () => readFolderFile(full, name) });
      } else entries.push(refusedEntry(name, `skipped ${name}: it is not a regular file`));
    }
  };
  await walk(root);
  if (entries.length === 0) throw new BundleProblem('the folder is empty');
  return { entries, warnings: [], close: () => undefined };
};

/**
 * Lists a bundle given as a folder, a zip, or one YAML/JSON file. The path itself may be a symbolic link (to an
 * extracted bundle, say); links inside a folder or a zip are never followed.
 */
export const listBundle = async (path: string): Promise<BundleListing> => {
  const stats = await stat(path);
  if (stats.isDirectory()) return listFolder(path);
  if (!stats.isFile()) throw new BundleProblem(`${path} is neither a folder, a zip nor a file`);
  if (stats.size === 0) throw new BundleProblem(`${path} is empty (0 bytes)`);
  const head = await firstBytes(path);
  const magic = head.subarray(0, 4);
  if (magic.equals(ZIP_LOCAL) || magic.equals(ZIP_EMPTY)) return listZip(path);
  const other = archiveKind(head);
  if (other) throw new BundleProblem(`${path} is ${other}: extract it and pass the folder`);
  if (/\.zip$/i.test(path)) throw new BundleProblem(`${path} is not a zip: it does not start as a zip file does`);
  if (!/\.(ya?ml|json)$/i.test(path)) throw new BundleProblem(`${path} is not a zip, a folder or a YAML/JSON file`);
  const name = basename(path);
  return {
    entries: [{ path: name, size: stats.size, read: () => readFolderFile(path, name) }],
    warnings: [],
    close: () => undefined,
  };
};
