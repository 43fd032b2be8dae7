import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  /** The entry's bytes before compression. */
  readonly content: string | Buffer;
  readonly symlink?: boolean;
  /** Store the bytes as given (default), deflate them, or store `content` as an already deflated stream. */
  readonly method?: 'store' | 'deflate' | 'raw-deflate';
  /** The uncompressed size the headers claim, when it should lie. */
  readonly declaredSize?: number;
  /** Sets the "encrypted" flag (the data itself stays plain): a reader must refuse it, not read it. */
  readonly encrypted?: boolean;
}

/**
 * A zip with exactly the entries given, including entries a safe reader must refuse: names that escape, symbolic
 * links, sizes that lie, the encryption flag. `raw-deflate` takes `content` as a deflate stream (see deflateBomb).
 */
export const buildZip = (entries: readonly ZipEntrySpec[]): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const plain = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content, 'utf8');
    const method = entry.method ?? 'store';
    const data = method === 'deflate' ? deflateRawSync(plain) : plain;
    const crc = method === 'raw-deflate' ? 0 : crc32(plain);
    const size = entry.declaredSize ?? (method === 'raw-deflate' ? 0 : plain.length);
    const flags = 0x0800 | (entry.encrypted ? 0x0001 : 0); // UTF-8 names
    const compression = method === 'store' ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(compression, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(compression, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
};

/**
 * A deflate stream of `mebibytes` MiB of spaces, about 1 KB per MiB: one full-flushed block of 1 MiB repeated
 * (a full flush ends each block on a byte boundary and forgets the window, so copies chain), then an empty final
 * block. 1 MB of it inflates to about 1 GB, without the test ever holding the inflated bytes.
 */
export const deflateBomb = (mebibytes: number): Buffer => {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { finishFlush: 3 /* Z_FULL_FLUSH */ });
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), Buffer.from([0x03, 0x00])]);
};
