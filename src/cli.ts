import { Config, flush, handle, Plugin, run } from '@oclif/core';
import { planArgv } from './commands/argv.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './results/exit-codes.js';
import { diagnosticLine } from './render/escape.js';
import { installStopHandlers } from './commands/signals.js';
import { PLUGIN_NAME, PLUGIN_VERSION } from './version-line.js';

/**
 * Runs oclif from one bundled file: the package.json and the explicit command registry are compiled in, so the
 * binary needs no package.json or node_modules beside it (toolchain.md §2.4). `bin` is how kubectl users type it.
 */
const pjson = {
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  oclif: {
    bin: 'kubectl harvester-upgrade',
    dirname: 'kubectl-harvester_upgrade',
    topicSeparator: ' ',
    commands: { strategy: 'explicit', target: './commands/index.js', identifier: 'COMMANDS' },
  },
} as const;

/** Everything but the `--version` fast path (src/main.ts). */
export const runCli = async (argv: readonly string[]): Promise<void> => {
  installStopHandlers();
  const commands = Object.keys(COMMANDS).filter((id) => !id.startsWith('__'));
  const plan = planArgv(argv, commands, pjson.oclif.bin);
  if ('usage' in plan) {
    process.stderr.write(diagnosticLine('error', plan.usage));
    process.exitCode = EXIT.usage;
    return;
  }
  const root = __dirname;
  const plugin = new Plugin({ isRoot: true, pjson, root, ignoreManifest: true });
  // oclif loads explicit commands by require()ing the target file; inside one bundle there is no such file, so the
  // registry is handed over directly. This touches a private field, which is why @oclif/core is pinned exactly.
  Reflect.set(plugin, 'commandCache', COMMANDS);
  await plugin.load();
  const config = await Config.load({ root, pjson: plugin.pjson, plugins: new Map([[plugin.name, plugin]]) });
  try {
    await run([...plan.argv], config);
    await flush();
  } catch (error) {
    const oclifExit = (error as { oclif?: { exit?: unknown } }).oclif?.exit;
    if (error instanceof Error && (error as { code?: unknown }).code !== 'EEXIT' && oclifExit !== 0) {
      // oclif's own errors outside a command (` ›   Error: …`) in the one style of every other error.
      process.stderr.write(diagnosticLine('error', error.message.split('\n')[0] ?? ''));
      process.exitCode = typeof oclifExit === 'number' ? oclifExit : EXIT.usage;
      return;
    }
    await handle(error instanceof Error ? error : new Error(String(error)));
  }
};
