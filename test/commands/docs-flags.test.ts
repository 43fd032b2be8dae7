import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from '../run-cli.js';

/**
 * Each command has its page in docs/ that names every one of its own flags, the shared flags are on docs/usage.md,
 * the README shows each command once, and every example output in the README and the pages is what the CLI prints.
 */

const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

/** The commands the root help lists. */
const commands = (): string[] =>
  (runCli(['--help']).stdout.split('COMMANDS')[1] ?? '')
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)\s/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);

/** The flags of one group of a command's help: `FLAGS` (its own) or a shared group such as `KUBECTL FLAGS`. */
const flagGroups = (id: string): Map<string, string[]> => {
  const help = runCli([id, '--help']).stdout;
  const groups = new Map<string, string[]>();
  for (const match of help.matchAll(/\n((?:[A-Z]+ )?FLAGS)\n([\s\S]*?)(?=\n\n)/g)) {
    const flags = [...(match[2] ?? '').matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((flag) => flag[1] ?? '');
    groups.set(match[1] ?? '', flags);
  }
  return groups;
};

describe('the command pages in docs/', () => {
  const ids = commands();

  it('exist for every command, and each names all of its own flags', () => {
    expect(ids).toEqual(expect.arrayContaining(['machines', 'precheck', 'explain-drain', 'fix-pdb']));
    const missing = ids.flatMap((id) => {
      const page = read(`docs/${id}.md`);
      return (flagGroups(id).get('FLAGS') ?? [])
        .filter((flag) => !page.includes(`--${flag}`))
        .map((flag) => `${id} --${flag}`);
    });
    expect(missing).toEqual([]);
  });

  it('have docs/usage.md name every shared flag', () => {
    const usage = read('docs/usage.md');
    const missing = ids.flatMap((id) =>
      [...flagGroups(id)]
        .filter(([group]) => group !== 'FLAGS')
        .flatMap(([, flags]) => flags)
        .filter((flag) => !usage.includes(`--${flag}`))
        .map((flag) => `${id} --${flag}`),
    );
    expect(missing).toEqual([]);
    expect(flagGroups('precheck').get('KUBECTL FLAGS')).toEqual(expect.arrayContaining(['context', 'kubeconfig']));
  });

  it('have the README show each command with its page', () => {
    const readme = read('README.md');
    for (const id of ids) {
      expect(readme).toContain(`$ kubectl harvester-upgrade ${id} `);
      expect(readme).toContain(`(docs/${id}.md)`);
    }
  });
});

interface Example {
  readonly page: string;
  readonly args: string[];
  readonly expected: string[];
  readonly status?: number;
}

/** Every ```console block that runs the plugin: `$ kubectl harvester-upgrade ARGS`, its output, maybe `$ echo $?`. */
const examples = (page: string): Example[] =>
  [...read(page).matchAll(/```console\n\$ kubectl harvester-upgrade ([^\n]*)\n([\s\S]*?)```/g)].map((match) => {
    const lines = (match[2] ?? '').replace(/\n$/, '').split('\n');
    const echo = lines.indexOf('$ echo $?');
    const status = echo >= 0 ? Number(lines[echo + 1]) : undefined;
    return {
      page,
      args: (match[1] ?? '').split(' '),
      expected: echo >= 0 ? lines.slice(0, echo) : lines,
      ...(status === undefined ? {} : { status }),
    };
  });

/** The output shown, in order; a line starting with `…` stands for any number of lines left out. */
const shows = (actual: string[], expected: string[]): boolean => {
  let at = 0;
  let skipping = false;
  for (const line of expected) {
    if (line.startsWith('…')) {
      skipping = true;
      continue;
    }
    const found = skipping ? actual.indexOf(line, at) : actual[at] === line ? at : -1;
    if (found < 0) return false;
    at = found + 1;
    skipping = false;
  }
  return skipping || at === actual.length;
};

describe('the example outputs in the README and docs/', () => {
  const all = ['README.md', 'docs/precheck.md', 'docs/explain-drain.md', 'docs/machines.md', 'docs/fix-pdb.md'].flatMap(
    examples,
  );

  it('are there, one per command in the README at least', () => {
    expect(all.filter((example) => example.page === 'README.md').length).toBeGreaterThanOrEqual(4);
  });

  it.each(all.map((example) => [`${example.page}: ${example.args.join(' ')}`, example] as const))(
    'are what the CLI prints: %s',
    (_, example) => {
      const run = runCli(example.args);
      expect(
        shows(run.stdout.replace(/\n$/, '').split('\n'), example.expected) ? example.expected : run.stdout,
      ).toEqual(example.expected);
      if (example.status !== undefined) expect(run.status).toBe(example.status);
    },
  );

  it('are compared line by line, so an edited output fails', () => {
    expect(shows(['a', 'b', 'c'], ['a', '…', 'c'])).toBe(true);
    expect(shows(['a', 'b', 'c'], ['a', 'c'])).toBe(false);
    expect(shows(['a', 'b', 'c'], ['a', 'b', 'x'])).toBe(false);
  });
});
