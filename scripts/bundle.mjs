// Bundles the CLI into one CommonJS file (dist/cli.cjs), the input of the single binary and of the command tests,
// and the live tests' variant with the write-step hook (dist/cli-with-steps.cjs), which is never shipped.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Nothing in the bundle may start a program but our exec credential plugin runner (docs/reliability.md,
 * Security). client-node's gcp and azure authenticators run the kubeconfig's cmd-path through /bin/sh and its exec
 * authenticator runs plugins its own way: they are replaced by src/cluster/bundle-auth-stubs.ts. Every other
 * importer of node:child_process gets scripts/bundle-stubs/no-processes.cjs, whose functions only throw.
 * test/commands/bundle-no-spawn.test.ts checks the result.
 */
const noProcesses = {
  name: 'no-processes',
  setup(build) {
    const runner = resolve(root, 'src/cluster/exec-plugin.ts');
    build.onResolve({ filter: /^\.\/(gcp|azure|exec)_auth\.js$/ }, (args) =>
      /[\\/]@kubernetes[\\/]client-node[\\/]/.test(args.importer)
        ? { path: resolve(root, 'src/cluster/bundle-auth-stubs.ts') }
        : undefined,
    );
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      resolve(args.importer) === runner
        ? { path: 'node:child_process', external: true }
        : { path: resolve(root, 'scripts/bundle-stubs/no-processes.cjs') },
    );
  },
};

const options = (entry, outfile) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node26',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // @oclif/core only require()s typescript to read tsconfig files in development; never at run time here.
  external: ['typescript'],
  define: { PLUGIN_VERSION_DEFINE: JSON.stringify(version) },
  plugins: [
    noProcesses,
    {
      // The built-in punycode warns on Node 22+ (DEP0040); see the shim.
      name: 'punycode-shim',
      setup: (bundler) =>
        bundler.onResolve({ filter: /^punycode$/ }, () => ({
          path: fileURLToPath(new URL('punycode-shim.cjs', import.meta.url)),
        })),
    },
  ],
  banner: {
    js: [
      // oclif checks its engines field by reading its own package.json, which a single binary does not have.
      "process.env.OCLIF_DISABLE_ENGINE_WARNING='1';",
      // Inside a Node SEA the injected require() loads built-in modules only (Node's SEA docs).
      "if (require('node:sea').isSea()) require = require('node:module').createRequire(__filename);",
    ].join(''),
  },
  logLevel: 'warning',
  // Which files of which packages went into the bundle: scripts/sbom.mjs lists them in the release's SBOM.
  metafile: true,
});

const result = await build(options('src/main.ts', 'dist/cli.cjs'));
// The live tests' CLI, with fix-pdb's write-step hook installed from the environment (test/live/cli-with-steps.ts):
// a second file, so that the shipped one never reads a test variable (test/commands/shipped-bundle.test.ts).
await build({ ...options('test/live/cli-with-steps.ts', 'dist/cli-with-steps.cjs'), metafile: false });
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
