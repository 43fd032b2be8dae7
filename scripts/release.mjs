// `npm run release` (after `npm run build`): packs this machine's binary and LICENSE into the krew archive
// dist/kubectl-harvester_upgrade_<os>_<arch>.tar.gz, writes its sha256 beside it (sha256sum format), and writes the
// release manifest dist/harvester-upgrade.yaml for this platform. A SEA is always the local node with the blob
// injected, so each platform is released on its own machine (.github/workflows/release.yml); this refuses others.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { binaryName, krewPlatform } from './sea-platform.mjs';

const COMPLETION = 'kubectl_complete-harvester_upgrade';
const { values } = parseArgs({ options: { platform: { type: 'string' } } });
const host = krewPlatform();
const platform = `${host.os}/${host.arch}`;
if (values.platform && values.platform !== platform) {
  console.error(`release: this machine builds ${platform}, not ${values.platform} (a SEA embeds the local node)`);
  process.exit(1);
}

const bin = binaryName();
const built = join('dist', bin);
if (!existsSync(built) || statSync(built).mtimeMs < statSync(join('dist', 'cli.cjs')).mtimeMs) {
  console.error(`release: ${built} is missing or older than dist/cli.cjs: run npm run build first`);
  process.exit(1);
}

const archive = `kubectl-harvester_upgrade_${host.os}_${host.arch}.tar.gz`;
const stage = join('dist', 'release-stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
copyFileSync(built, join(stage, bin));
chmodSync(join(stage, bin), 0o755);
copyFileSync('LICENSE', join(stage, 'LICENSE'));
const files = [bin, 'LICENSE'];
// kubectl's plugin completion runs an executable, which on Windows would have to be an .exe: shell script only.
if (host.os !== 'windows') {
  copyFileSync(join('completion', COMPLETION), join(stage, COMPLETION));
  chmodSync(join(stage, COMPLETION), 0o755);
  files.push(COMPLETION);
}
// GNU tar here and on the Linux runners, bsdtar on macOS and Windows: -czf -C is common to both.
execFileSync('tar', ['-czf', join('dist', archive), '-C', stage, ...files], { stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });

const sha = createHash('sha256')
  .update(readFileSync(join('dist', archive)))
  .digest('hex');
writeFileSync(join('dist', `${archive}.sha256`), `${sha}  ${archive}\n`);
execFileSync(
  process.execPath,
  ['scripts/krew-manifest.mjs', '--checksums', join('dist', `${archive}.sha256`), '--platform', platform],
  { stdio: 'inherit' },
);
console.log(`release: dist/${archive} sha256 ${sha}`);
