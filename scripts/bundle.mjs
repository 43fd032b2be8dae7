// Bundles the CLI into one CommonJS file (dist/cli.cjs), the input of the single binary and of the command tests.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const result = await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // @oclif/core only require()s typescript to read tsconfig files in development; never at run time here.
  external: ['typescript'],
  define: { PLUGIN_VERSION_DEFINE: JSON.stringify(version) },
  plugins: [
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
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
