// Turns dist/cli.cjs into the standalone binary dist/kubectl-harvester_upgrade (.exe on Windows) with Node's Single
// Executable Application support: a blob (with V8 code cache) injected by postject into a copy of the local node.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { binaryName, seaSteps } from './sea-platform.mjs';

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const out = join('dist', binaryName());
const steps = seaSteps(process.platform, out);
const blob = 'dist/sea-prep.blob';

writeFileSync(
  'dist/sea-config.json',
  JSON.stringify({ main: 'dist/cli.cjs', output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }),
);
execFileSync(process.execPath, ['--experimental-sea-config', 'dist/sea-config.json'], { stdio: 'inherit' });

rmSync(out, { force: true });
copyFileSync(process.execPath, out);
chmodSync(out, 0o755);
for (const [program, ...args] of steps.strip) {
  try {
    execFileSync(program, args, { stdio: 'ignore' });
  } catch {
    console.error(`build-sea: ${program} not available, keeping the unstripped node`);
  }
}
for (const [program, ...args] of steps.beforeInject) execFileSync(program, args, { stdio: 'inherit' });

const require = createRequire(import.meta.url);
const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
execFileSync(process.execPath, [postject, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', FUSE, ...steps.postjectArgs], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
for (const [program, ...args] of steps.afterInject) execFileSync(program, args, { stdio: 'inherit' });

// A stock node carries the fuse as ":0"; postject flips it to ":1" only when the blob really went in.
if (!readFileSync(out).includes(Buffer.from(`${FUSE}:1`))) {
  console.error(`build-sea: ${out} has no injected blob (fuse not set)`);
  process.exit(1);
}
const version = execFileSync(out, ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
console.log(`built ${out}: ${version.trim()}`);
