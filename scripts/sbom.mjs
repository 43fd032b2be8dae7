// A CycloneDX 1.5 SBOM of what one release binary embeds: every npm package that has code in the bundle (from
// esbuild's metafile, dist/meta.json: only inputs with bytes in the output, so tree-shaken packages are left out),
// with the version and license of the package.json it came from, and the Node runtime the blob was injected into
// (runtime/node.json, with the registry tarball's sha512).
//   node scripts/sbom.mjs --platform os/arch [--out FILE] [--meta dist/meta.json]
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PINS } from './node-runtime.mjs';

/** `node_modules/@a/b/node_modules/c/lib/x.js` → `node_modules/@a/b/node_modules/c`: the innermost package. */
export const packageDirOf = (input) => {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const length = parts[at + 1].startsWith('@') ? 2 : 1;
  if (at + 1 + length > parts.length) return undefined;
  return parts.slice(0, at + 1 + length).join('/');
};

const purl = (name, version) => `pkg:npm/${name.replace('@', '%40')}@${version}`;
const licenseOf = (pjson) => {
  const license = typeof pjson.license === 'string' ? pjson.license : pjson.license?.type;
  return license ? [{ expression: license }] : undefined;
};

/** The SBOM document for a platform, from a metafile and a way to read a package's package.json. */
export const sbomFor = (platform, metafile, readPackage, plugin) => {
  const runtime = PINS.targets[platform];
  if (!runtime) throw new Error(`sbom: no platform ${platform} in runtime/node.json`);
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = bytesInOutput > 0 ? packageDirOf(input) : undefined;
      if (dir) dirs.add(dir);
    }
  }
  const packages = new Map();
  for (const dir of [...dirs].sort()) {
    const pjson = readPackage(dir);
    // A nested package.json without a name (e.g. {"type":"module"} in dist/) is not a package of its own.
    if (!pjson.name || !pjson.version) continue;
    packages.set(purl(pjson.name, pjson.version), pjson);
  }
  const node = runtime.native
    ? {
        type: 'platform',
        name: 'node',
        version: runtime.version,
        purl: `pkg:generic/node@${runtime.version}?download_url=https://nodejs.org/dist/v${runtime.version}/`,
        licenses: [{ expression: 'MIT' }],
      }
    : (() => {
        const spec = `${runtime.package}@${runtime.version}`;
        const integrity = PINS.packages[spec]?.integrity ?? '';
        return {
          type: 'platform',
          name: 'node',
          version: runtime.version,
          description: `Node.js ${runtime.version}, the official build republished on the npm registry as ${spec}`,
          purl: purl(runtime.package, runtime.version),
          hashes: [
            { alg: 'SHA-512', content: Buffer.from(integrity.replace(/^sha512-/, ''), 'base64').toString('hex') },
          ],
          licenses: [{ expression: 'MIT' }],
        };
      })();
  node['bom-ref'] = node.purl;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: new Date().toISOString(),
      tools: { components: [{ type: 'application', name: 'scripts/sbom.mjs' }] },
      component: {
        type: 'application',
        'bom-ref': 'kubectl-harvester-upgrade',
        name: plugin.name,
        version: plugin.version,
        licenses: licenseOf(plugin),
        properties: [{ name: 'platform', value: platform }],
      },
    },
    components: [
      node,
      ...[...packages].map(([ref, pjson]) => ({
        type: 'library',
        'bom-ref': ref,
        name: pjson.name,
        version: pjson.version,
        purl: ref,
        ...(licenseOf(pjson) ? { licenses: licenseOf(pjson) } : {}),
      })),
    ],
  };
};

/** Writes the SBOM of a platform's binary from dist/meta.json; returns the file written. */
export const writeSbom = (platform, out, meta = join('dist', 'meta.json')) => {
  const read = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const document = sbomFor(platform, JSON.parse(readFileSync(meta, 'utf8')), read, read('.'));
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  return out;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { platform: { type: 'string' }, out: { type: 'string' }, meta: { type: 'string' } },
  });
  if (!values.platform) {
    console.error('sbom: --platform os/arch is required');
    process.exit(2);
  }
  console.log(
    writeSbom(values.platform, values.out ?? `dist/sbom-${values.platform.replace('/', '_')}.cdx.json`, values.meta),
  );
}
