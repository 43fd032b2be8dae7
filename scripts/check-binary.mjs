// Checks a built binary that cannot run here by reading its structure:
//   node scripts/check-binary.mjs --target os/arch FILE [--main dist/cli.cjs]
// - its format and CPU are the target's (ELF e_machine, Mach-O cputype, PE Machine);
// - the SEA blob sits where Node looks for it: the Mach-O section NODE_SEA/__NODE_SEA_BLOB, the PE resource
//   RT_RCDATA "NODE_SEA_BLOB" (Node's src/node_sea.cc, FindSingleExecutableResource), and it holds the bundle
//   dist/cli.cjs byte for byte;
// - the SEA fuse reads ":1" (a stock node carries ":0", and then ignores any blob);
// - a Mach-O binary carries a code signature whose SHA-256 page hashes match the file as it is now (an ad hoc
//   signature made before the blob went in would not, and macOS on arm64 kills a binary whose signature is invalid).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const { values, positionals } = parseArgs({
  options: { target: { type: 'string' }, main: { type: 'string', default: 'dist/cli.cjs' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file || !values.target) {
  console.error('check-binary: usage: node scripts/check-binary.mjs --target os/arch FILE');
  process.exit(2);
}
const bin = readFileSync(file);
const main = readFileSync(values.main);
const problems = [];
const facts = [];
const cstr = (buffer, start, length) =>
  buffer
    .subarray(start, start + length)
    .toString('latin1')
    .replace(/\0.*$/s, '');

const checkBlob = (where, blob) => {
  if (!blob) {
    problems.push(`no SEA blob in ${where}`);
    return;
  }
  if (blob.indexOf(main) < 0) problems.push(`the blob in ${where} (${blob.length} bytes) does not hold ${values.main}`);
  else facts.push(`blob in ${where}: ${blob.length} bytes, holds ${values.main}`);
};

const elf = () => {
  const machine = bin.readUInt16LE(18);
  const want = { amd64: 62, arm64: 183 }[values.target.split('/')[1]];
  if (machine !== want) problems.push(`ELF e_machine ${machine}, expected ${want}`);
  else facts.push(`ELF, e_machine ${machine}`);
};

const macho = () => {
  if (bin.readUInt32LE(0) !== 0xfeedfacf) {
    problems.push('not a 64-bit Mach-O file');
    return;
  }
  const cpu = bin.readUInt32LE(4);
  const want = { amd64: 0x01000007, arm64: 0x0100000c }[values.target.split('/')[1]];
  if (cpu !== want) problems.push(`Mach-O cputype 0x${cpu.toString(16)}, expected 0x${want.toString(16)}`);
  const ncmds = bin.readUInt32LE(16);
  let at = 32;
  let blob;
  let signature;
  for (let i = 0; i < ncmds; i++) {
    const cmd = bin.readUInt32LE(at);
    const size = bin.readUInt32LE(at + 4);
    if (cmd === 0x19 && cstr(bin, at + 8, 16) === 'NODE_SEA') {
      const nsects = bin.readUInt32LE(at + 64);
      for (let s = 0; s < nsects; s++) {
        const sect = at + 72 + s * 80;
        if (cstr(bin, sect, 16) !== '__NODE_SEA_BLOB') continue;
        const length = Number(bin.readBigUInt64LE(sect + 40));
        const offset = bin.readUInt32LE(sect + 48);
        blob = bin.subarray(offset, offset + length);
      }
    }
    if (cmd === 0x1d) signature = { offset: bin.readUInt32LE(at + 8), size: bin.readUInt32LE(at + 12) };
    at += size;
  }
  checkBlob('section NODE_SEA,__NODE_SEA_BLOB', blob);
  if (!signature) {
    problems.push('no LC_CODE_SIGNATURE: the binary is unsigned');
    return;
  }
  // The signature is a big-endian SuperBlob (0xfade0cc0) whose CodeDirectory (slot 0, magic 0xfade0c02) lists one
  // hash per page of the file up to codeLimit (Apple's xnu: osfmk/kern/cs_blobs.h).
  const sig = bin.subarray(signature.offset, signature.offset + signature.size);
  if (sig.readUInt32BE(0) !== 0xfade0cc0) {
    problems.push('LC_CODE_SIGNATURE does not point at a SuperBlob');
    return;
  }
  const count = sig.readUInt32BE(8);
  let cd;
  for (let i = 0; i < count; i++) {
    const type = sig.readUInt32BE(12 + i * 8);
    const offset = sig.readUInt32BE(16 + i * 8);
    if (type === 0 && sig.readUInt32BE(offset) === 0xfade0c02) cd = sig.subarray(offset);
  }
  if (!cd) {
    problems.push('the signature has no CodeDirectory');
    return;
  }
  const flags = cd.readUInt32BE(12);
  const hashOffset = cd.readUInt32BE(16);
  const nCodeSlots = cd.readUInt32BE(28);
  const codeLimit = cd.readUInt32BE(32);
  const hashSize = cd.readUInt8(36);
  const hashType = cd.readUInt8(37);
  const pageSize = 2 ** cd.readUInt8(39);
  if (hashType !== 2 || hashSize !== 32) {
    problems.push(`CodeDirectory hash type ${hashType}/${hashSize}, expected SHA-256`);
    return;
  }
  if (codeLimit !== signature.offset)
    problems.push(`codeLimit ${codeLimit} is not the signature's offset ${signature.offset}`);
  let bad = 0;
  for (let slot = 0; slot < nCodeSlots; slot++) {
    const page = bin.subarray(slot * pageSize, Math.min((slot + 1) * pageSize, codeLimit));
    const want = cd.subarray(hashOffset + slot * hashSize, hashOffset + (slot + 1) * hashSize);
    if (!createHash('sha256').update(page).digest().equals(want)) bad++;
  }
  if (bad > 0) problems.push(`${bad} of ${nCodeSlots} signed pages do not match the file: the signature is stale`);
  else facts.push(`signed${flags & 0x2 ? ' ad hoc' : ''}: ${nCodeSlots} SHA-256 page hashes match`);
};

const pe = () => {
  if (bin.toString('latin1', 0, 2) !== 'MZ') {
    problems.push('not a PE file (no MZ header)');
    return;
  }
  const coff = bin.readUInt32LE(0x3c);
  if (bin.toString('latin1', coff, coff + 4) !== 'PE\0\0') {
    problems.push('no PE signature');
    return;
  }
  const machine = bin.readUInt16LE(coff + 4);
  if (machine !== 0x8664) problems.push(`PE Machine 0x${machine.toString(16)}, expected 0x8664 (AMD64)`);
  const sections = bin.readUInt16LE(coff + 6);
  const optional = coff + 24;
  const optionalSize = bin.readUInt16LE(coff + 20);
  if (bin.readUInt16LE(optional) !== 0x20b) problems.push('not PE32+');
  const resourceRva = bin.readUInt32LE(optional + 112 + 2 * 8);
  const table = optional + optionalSize;
  const toOffset = (rva) => {
    for (let i = 0; i < sections; i++) {
      const s = table + i * 40;
      const va = bin.readUInt32LE(s + 12);
      const raw = bin.readUInt32LE(s + 16);
      if (rva >= va && rva < va + Math.max(raw, bin.readUInt32LE(s + 8))) return bin.readUInt32LE(s + 20) + rva - va;
    }
    return -1;
  };
  const root = toOffset(resourceRva);
  if (!resourceRva || root < 0) {
    problems.push('no resource directory');
    return;
  }
  // IMAGE_RESOURCE_DIRECTORY: named then id entries of 8 bytes; a set high bit marks a name string / a subdirectory.
  const entries = (dir) => {
    const n = bin.readUInt16LE(dir + 12) + bin.readUInt16LE(dir + 14);
    return Array.from({ length: n }, (_, i) => {
      const name = bin.readUInt32LE(dir + 16 + i * 8);
      const data = bin.readUInt32LE(dir + 20 + i * 8);
      let label = name;
      if (name & 0x80000000) {
        const at = root + (name & 0x7fffffff);
        label = bin.toString('utf16le', at + 2, at + 2 + 2 * bin.readUInt16LE(at));
      }
      return { label, data: root + (data & 0x7fffffff), directory: (data & 0x80000000) !== 0 };
    });
  };
  const rcdata = entries(root).find((e) => e.label === 10 && e.directory);
  const named = rcdata && entries(rcdata.data).find((e) => e.label === 'NODE_SEA_BLOB' && e.directory);
  const leaf = named && entries(named.data).find((e) => !e.directory);
  let blob;
  if (leaf) {
    const at = toOffset(bin.readUInt32LE(leaf.data));
    blob = bin.subarray(at, at + bin.readUInt32LE(leaf.data + 4));
  }
  checkBlob('resource RT_RCDATA/NODE_SEA_BLOB', blob);
};

const os = values.target.split('/')[0];
if (os === 'linux') elf();
else if (os === 'darwin') macho();
else if (os === 'windows') pe();
else problems.push(`unknown target ${values.target}`);
const fuses = [':0', ':1'].map((state) => bin.includes(Buffer.from(FUSE + state)));
if (!fuses[1] || fuses[0]) problems.push(`the SEA fuse is not flipped to :1 (:0 ${fuses[0]}, :1 ${fuses[1]})`);
else facts.push('fuse :1');

if (problems.length > 0) {
  console.error(`check-binary: ${file} (${values.target}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-binary: ${file} (${values.target}): ${facts.join('; ')}`);
