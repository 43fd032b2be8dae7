// `npm run release` (after `npm run build`): packs each built binary (dist/<os>_<arch>/, scripts/build-sea.mjs) with
// LICENSE into the krew archive dist/kubectl-harvester_upgrade_<os>_<arch>.tar.gz, writes its sha256 beside it
// (sha256sum format) and an SBOM of what the binary embeds (scripts/sbom.mjs), then dist/checksums.txt and the
// manifest dist/harvester-upgrade.yaml for exactly the platforms packed here.
//   node scripts/release.mjs                        every platform built in dist/
//   node scripts/release.mjs --platform os/arch     (repeatable) only these; each must have been built
// darwin/arm64 has no Node on the registry, so it is built on the release workflow's macOS runner; a local
// manifest therefore names the four platforms built here, and only the workflow's publish job writes all five.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PINS } from './node-runtime.mjs';
import { writeSbom } from './sbom.mjs';
import { binaryName, targetBinary } from './sea-platform.mjs';

const COMPLETION = 'kubectl_complete-harvester_upgrade';
const { values } = parseArgs({ options: { platform: { type: 'string', multiple: true } } });
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};
const fresh = (file) => existsSync(file) && statSync(file).mtimeMs >= statSync(join('dist', 'cli.cjs')).mtimeMs;

if (!existsSync(join('dist', 'cli.cjs'))) fail('no dist/cli.cjs: run npm run build first');
const unknown = (values.platform ?? []).filter((platform) => !PINS.targets[platform]);
if (unknown.length > 0) fail(`no platform ${unknown.join(', ')} in runtime/node.json`);
const platforms = values.platform ?? Object.keys(PINS.targets).filter((platform) => fresh(targetBinary(platform)));
if (platforms.length === 0) fail('no binary in dist/<os>_<arch>/: run npm run build first');
for (const platform of platforms) {
  if (!fresh(targetBinary(platform))) {
    fail(`${targetBinary(platform)} is missing or older than dist/cli.cjs: run npm run build -- --target ${platform}`);
  }
}

const checksums = [];
for (const platform of platforms) {
  const [os, arch] = platform.split('/');
  const bin = binaryName(os);
  const archive = `kubectl-harvester_upgrade_${os}_${arch}.tar.gz`;
  const stage = join('dist', 'release-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(targetBinary(platform), join(stage, bin));
  chmodSync(join(stage, bin), 0o755);
  copyFileSync('LICENSE', join(stage, 'LICENSE'));
  const files = [bin, 'LICENSE'];
  // kubectl's plugin completion runs an executable, which on Windows would have to be an .exe: shell script only.
  if (os !== 'windows') {
    copyFileSync(join('completion', COMPLETION), join(stage, COMPLETION));
    chmodSync(join(stage, COMPLETION), 0o755);
    files.push(COMPLETION);
  }
  // GNU tar here and on the Linux runners, bsdtar on macOS: -czf -C is common to both.
  execFileSync('tar', ['-czf', join('dist', archive), '-C', stage, ...files], { stdio: 'inherit' });
  rmSync(stage, { recursive: true, force: true });
  const sha = createHash('sha256')
    .update(readFileSync(join('dist', archive)))
    .digest('hex');
  writeFileSync(join('dist', `${archive}.sha256`), `${sha}  ${archive}\n`);
  checksums.push(`${sha}  ${archive}\n`);
  const sbom = writeSbom(platform, join('dist', `kubectl-harvester_upgrade_${os}_${arch}.cdx.json`));
  console.log(`release: dist/${archive} sha256 ${sha}; SBOM ${sbom}`);
}
writeFileSync(join('dist', 'checksums.txt'), checksums.join(''));
execFileSync(
  process.execPath,
  [
    'scripts/krew-manifest.mjs',
    '--checksums',
    join('dist', 'checksums.txt'),
    ...platforms.flatMap((platform) => ['--platform', platform]),
  ],
  { stdio: 'inherit' },
);
