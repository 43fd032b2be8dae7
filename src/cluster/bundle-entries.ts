import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import yauzl from 'yauzl';

/** A file inside a bundle: a folder's file or a zip entry. Nothing is ever extracted to disk. */
export interface BundleEntry {
  readonly path: string;
  readonly size: number;
  read(): Promise<Buffer>;
}

export interface BundleListing {
  readonly entries: readonly BundleEntry[];
  readonly warnings: readonly string[];
  close(): void;
}

/** One file larger than this is skipped with a warning: memory stays bounded whatever the bundle holds. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

const isZip = async (path: string): Promise<boolean> => {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    await handle.close();
  }
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Refuses the names a zip may use to escape a folder: absolute paths, drive letters, `..` segments. */
export const unsafeZipName = (name: string): string | undefined => {
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split(/[/\\]/).includes('..')) return 'contains ".."';
  return undefined;
};

const listZip = (path: string): Promise<BundleListing> =>
  new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zipfile) => {
      if (error) {
        reject(new Error(`${path} is not a readable zip: ${error.message}`));
        return;
      }
      const entries: BundleEntry[] = [];
      const warnings: string[] = [];
      zipfile.on('error', (zipError: Error) => {
        zipfile.close();
        reject(new Error(`${path} is a corrupt zip: ${zipError.message}`));
      });
      zipfile.on('entry', (entry: yauzl.Entry) => {
        // decodeStrings: false hands over the raw bytes, so names are validated here rather than aborting the zip.
        const rawName: unknown = entry.fileName;
        const name = Buffer.isBuffer(rawName) ? rawName.toString('utf8') : String(rawName);
        const unsafe = unsafeZipName(name);
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (unsafe) warnings.push(`refused zip entry ${JSON.stringify(name)}: it ${unsafe}`);
        else if (mode === S_IFLNK) warnings.push(`refused zip entry ${JSON.stringify(name)}: it is a symbolic link`);
        else if (!name.endsWith('/')) {
          entries.push({
            path: name,
            size: entry.uncompressedSize,
            read: () =>
              new Promise<Buffer>((resolveRead, rejectRead) => {
                zipfile.openReadStream(entry, (streamError, stream) => {
                  if (streamError) {
                    rejectRead(streamError);
                    return;
                  }
                  const chunks: Buffer[] = [];
                  let total = 0;
                  stream.on('data', (chunk: Buffer) => {
                    total += chunk.length;
                    if (total > MAX_ENTRY_BYTES) stream.destroy(new Error('entry is larger than it claims'));
                    else chunks.push(chunk);
                  });
                  stream.on('error', rejectRead);
                  stream.on('end', () => {
                    resolveRead(Buffer.concat(chunks));
                  });
                });
              }),
          });
        }
        zipfile.readEntry();
      });
      zipfile.on('end', () => {
        resolve({
          entries,
          warnings,
          close: () => {
            zipfile.close();
          },
        });
      });
      zipfile.readEntry();
    });
  });

const listFolder = async (root: string): Promise<BundleListing> => {
  const entries: BundleEntry[] = [];
  const warnings: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const dirent of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, dirent.name);
      const name = relative(root, full).split(sep).join('/');
      if (dirent.isSymbolicLink()) warnings.push(`skipped ${name}: symbolic links are not followed`);
      else if (dirent.isDirectory()) await walk(full);
      else if (dirent.isFile()) {
        const { size } = await lstat(full);
        entries.push({ path: name, size, read: () => readFile(full) });
      }
    }
  };
  await walk(root);
  return { entries, warnings, close: () => undefined };
};

/** Lists a bundle given as a folder, a zip, or one YAML/JSON file. */
export const listBundle = async (path: string): Promise<BundleListing> => {
  const stats = await lstat(path);
  if (stats.isDirectory()) return listFolder(path);
  if (stats.isFile() && (await isZip(path))) return listZip(path);
  if (stats.isFile()) {
    return {
      entries: [{ path: path.split(sep).pop() ?? path, size: stats.size, read: () => readFile(path) }],
      warnings: [],
      close: () => undefined,
    };
  }
  throw new Error(`${path} is neither a folder, a zip nor a file`);
};
