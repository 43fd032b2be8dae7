import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from '../run-cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The commands the root help lists, and each one's own flags (the FLAGS group of its help; kubectl's are shared). */
const commands = (): string[] =>
  (runCli(['--help']).stdout.split('COMMANDS')[1] ?? '')
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)\s/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);

const ownFlags = (id: string): string[] => {
  const help = runCli([id, '--help']).stdout;
  const flags = /\nFLAGS\n([\s\S]*?)\n\n/.exec(help)?.[1] ?? '';
  return [...flags.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((match) => match[1] ?? '');
};

describe('README', () => {
  it('has a section for every command that names each of its own flags', () => {
    const ids = commands();
    expect(ids).toEqual(expect.arrayContaining(['machines', 'precheck', 'explain-drain', 'fix-pdb']));
    const missing = ids.flatMap((id) => {
      const start = readme.indexOf(`## \`${id}\``);
      if (start < 0) return [`no section for ${id}`];
      const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
      return ownFlags(id)
        .filter((flag) => !section.includes(`--${flag}`))
        .map((flag) => `${id} --${flag}`);
    });
    expect(missing).toEqual([]);
  });
});
