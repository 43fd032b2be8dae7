import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `content` so that a crash or power loss leaves either the old file or the new one, whole:
 * write a temporary file beside it, fsync it, rename it over the target, fsync the folder so the rename itself is
 * on disk (rename(2) is atomic; its durability needs the directory's fsync). Mode 0600: the file is the user's.
 */
export const writeFileDurably = (path: string, content: string): void => {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${basename(path)}.${String(process.pid)}.tmp`);
  const file = openSync(temporary, 'w', 0o600);
  try {
    writeSync(file, content);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
  const directory = openSync(folder, 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
};
