/**
 * Runs inside the pseudo-terminal that util-linux `script` opens (test/commands/terminal-width.test.ts): sets the
 * terminal's size with `stty` (an argv, no shell), then becomes the CLI's parent with the arguments of HU_ARGS
 * (a JSON array), sharing the terminal, and exits with its status.
 */
const { spawnSync } = require('node:child_process');

const size = spawnSync('stty', ['cols', process.env.HU_COLS ?? '80', 'rows', '50'], { stdio: 'inherit' });
if (size.status !== 0) process.exit(125);
const args = JSON.parse(process.env.HU_ARGS ?? '[]');
const run = spawnSync(process.execPath, [process.env.HU_CLI ?? '', ...args], { stdio: 'inherit' });
process.exit(run.status ?? 126);
