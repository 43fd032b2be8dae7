import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const fsyncFolder = (folder: string): void => {
  const handle = openSync(folder, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
};

/** mkdir -p, with each new folder's entry synced in its parent, so a new backup folder survives a power loss. */
const makeFolders = (folder: string): void => {
  if (existsSync(folder)) return;
  makeFolders(dirname(folder));
  mkdirSync(folder, { mode: 0o700 });
  fsyncFolder(dirname(folder));
};

/**
 * Writes `content` to `path` so that a crash or power loss leaves either the old file or the new one, whole: a
 * temporary file beside it is written in full and fsynced, then renamed over the target (or, with `exclusive`,
 * hard-linked to it, which fails rather than replace a file that exists), then the folder is fsynced so that the
 * new name itself is on disk (rename(2) and link(2) are atomic; their durability needs the directory's fsync).
 * Mode 0600: the file is the user's.
 */
export const writeFileDurably = (
  path: string,
  content: string,
  options: { readonly exclusive?: boolean } = {},
): void => {
  const folder = dirname(path);
  makeFolders(folder);
  const temporary = join(folder, `.${basename(path)}.${String(process.pid)}.tmp`);
  try {
    const handle = openSync(temporary, 'w', 0o600);
    try {
      // writeFileSync on a descriptor loops until every byte is written (a single write(2) may write less).
      writeFileSync(handle, content);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    if (options.exclusive) {
      linkSync(temporary, path);
      rmSync(temporary);
    } else renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncFolder(folder);
};
