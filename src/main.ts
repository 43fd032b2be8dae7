import { readFileSync } from 'node:fs';
import { versionLine } from './version-line.js';

/**
 * The entry point. `--version` is answered here without evaluating oclif or any command (docs/performance.md: it
 * costs 4× a bare Node start through oclif); everything else loads the CLI, which esbuild keeps in lazy module
 * initialisers of the same bundle.
 */
const isWsl = (): boolean => {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft');
  } catch {
    return false;
  }
};

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === 'version')) {
  process.stdout.write(`${versionLine(isWsl())}\n`);
} else {
  void import('./cli.js').then(({ runCli }) => runCli(argv));
}
