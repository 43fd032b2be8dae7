import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** A file that is not read: not a regular file, or larger than the caller allows. The message says which. */
export class FileProblem extends Error {}

/**
 * O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever; the fstat below then refuses it.
 * (Windows has no such flag, and no FIFOs to open by path.)
 */
const READ_FLAGS = constants.O_RDONLY | ('O_NONBLOCK' in constants ? constants.O_NONBLOCK : 0);

const checked = (stats: { isFile(): boolean; size: number }, max: number): number => {
  if (!stats.isFile()) throw new FileProblem('is not a regular file');
  if (stats.size > max) throw new FileProblem(`is ${String(stats.size)} bytes, over the ${String(max)}-byte limit`);
  return stats.size;
};

/**
 * Reads a regular file of at most `max` bytes, and nothing else: /dev/zero, a FIFO or a terminal would otherwise be
 * read until memory runs out. The size is taken from the open descriptor, and never more than that is read.
 */
export const readRegularFile = async (path: string, max: number): Promise<Buffer> => {
  const handle = await open(path, READ_FLAGS);
  try {
    const size = checked(await handle.stat(), max);
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
};

/** readRegularFile for the one synchronous caller (`fix-pdb --restore`, before anything else happens). */
export const readRegularFileSync = (path: string, max: number): Buffer => {
  const handle = openSync(path, READ_FLAGS);
  try {
    const size = checked(fstatSync(handle), max);
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const bytesRead = readSync(handle, buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(handle);
  }
};
