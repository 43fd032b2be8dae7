// `npm run bench`: bundles the TypeScript benchmark (test/bench/run-bench.ts) with esbuild and runs it. The
// benchmark starts its own etcd and kube-apiserver (scripts/test-binaries.sh), so nothing else needs to be up.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNode } from './node-runtime.mjs';

const dir = mkdtempSync(join(tmpdir(), 'hu-bench-build-'));
const out = join(dir, 'run-bench.cjs');
try {
  await build({
    entryPoints: ['test/bench/run-bench.ts'],
    bundle: true,
    platform: 'node',
    target: 'node26',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  // The node the binary embeds: --version's floor and the client floor run on it (test/bench/run-bench.ts).
  const args = process.argv.slice(2);
  const runtime = args.includes('--runtime') ? [] : ['--runtime', testNode()];
  const result = spawnSync(process.execPath, [out, ...args, ...runtime], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
