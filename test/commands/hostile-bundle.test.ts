import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hostileNames, hostileValue, MARKER, unsafeIn } from '../hostile-world.js';
import { REPO, runCli } from '../run-cli.js';
import { expectValid } from '../schema.js';
import { suggestedCommands, wordTexts } from '../shell-words.js';

/**
 * A bundle whose every name and message is hostile (test/hostile-world.ts), through the built CLI with NO_COLOR and
 * stdout piped, as a script or `| less` would see it: no raw control or format character on stdout or stderr, as
 * many lines as the same bundle with tame names, the exact strings in `-o json` and `-o yaml`, and suggested
 * commands that are one command each. A file with a hostile name that does not parse gives the warning line.
 */
const SOURCE = join(REPO, 'test', 'fixtures', 'drain', 'kubevirt-trap-pre-drained');
const BAD_FILE = 'broken\u001b]0;pwned\u0007\r\nwarning: forged.yaml';

const writeBundle = (tame: boolean): { dir: string; names: Map<string, string> } => {
  const files = readdirSync(SOURCE).filter((file) => file.endsWith('.json'));
  const documents = files.map((file) => JSON.parse(readFileSync(join(SOURCE, file), 'utf8')) as unknown);
  const names = hostileNames(documents, tame);
  const dir = mkdtempSync(join(tmpdir(), 'hu-hostile-'));
  files.forEach((file, index) => {
    writeFileSync(join(dir, file), JSON.stringify(hostileValue(documents[index], names, tame)));
  });
  // Both bundles hold a file that does not parse, so both runs exit alike (an unread file is never a pass: exit 3).
  writeFileSync(join(dir, tame ? 'broken.yaml' : BAD_FILE), 'items: [unclosed\n');
  return { dir, names };
};

const ENV = { NO_COLOR: '1' };
const COMMANDS = [['machines'], ['precheck'], ['explain-drain']] as const;

describe('a hostile bundle through the CLI, piped, with NO_COLOR', () => {
  const hostile = writeBundle(false);
  const tame = writeBundle(true);
  const hostileNameList = [...hostile.names.values()];

  it.each(COMMANDS)('%s prints no raw control character and forges no line, in table (and wide)', (command) => {
    // -o wide exists for machines only; the other commands refuse it (docs/usage.md).
    for (const output of command === 'machines' ? ['table', 'wide'] : ['table']) {
      const run = runCli([command, '--bundle', hostile.dir, '-o', output], ENV);
      const calm = runCli([command, '--bundle', tame.dir, '-o', output], ENV);
      expect(run.status).toBe(calm.status);
      expect(run.stdout).toContain(MARKER);
      expect(unsafeIn(run.stdout)).toEqual([]);
      expect(unsafeIn(run.stderr)).toEqual([]);
      expect(run.stdout.split('\n').length).toBe(calm.stdout.split('\n').length);
      // The hostile file name is in one warning line, made visible.
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines.every((line) => /^(warning|error): /.test(line))).toBe(true);
      expect(lines).toContainEqual(expect.stringContaining('broken^[]0;pwned^G\\r\\nwarning: forged.yaml'));
    }
  });

  it.each(COMMANDS)('%s carries the exact hostile names in -o json and -o yaml', (command) => {
    const json = runCli([command, '--bundle', hostile.dir, '-o', 'json'], ENV);
    const yaml = runCli([command, '--bundle', hostile.dir, '-o', 'yaml'], ENV);
    for (const run of [json, yaml]) expect(unsafeIn(run.stdout)).toEqual([]);
    const document: unknown = JSON.parse(json.stdout);
    expectValid(command, document);
    expect(parse(yaml.stdout)).toEqual(document);
    const text = JSON.stringify(document);
    expect(hostileNameList.filter((name) => text.includes(JSON.stringify(name).slice(1, -1))).length).toBeGreaterThan(
      3,
    );
  });

  it('suggests only commands that keep each hostile name one word', () => {
    let named = 0;
    const problems: string[] = [];
    for (const [command] of COMMANDS) {
      const run = runCli([command, '--bundle', hostile.dir, '-o', 'json'], ENV);
      const remedies = JSON.stringify(JSON.parse(run.stdout)).match(/"remedy":"(?:[^"\\]|\\.)*"/g) ?? [];
      for (const remedy of remedies.map((entry) => JSON.parse(entry.slice('"remedy":'.length)) as string)) {
        // ' Also: ' joins one pod's remedies (src/drain/explain-drain.ts): each is a sentence of its own.
        for (const suggested of remedy.split(' Also: ').flatMap(suggestedCommands)) {
          if (suggested.unsafe.length > 0) problems.push(`${suggested.unsafe.join(', ')} in: ${remedy}`);
          // Message tails (QQm…) are quoted text, not names.
          for (const word of suggested.words
            .flatMap(wordTexts)
            .filter((one) => one.includes(MARKER) && !one.includes(`${MARKER}m`))) {
            if (hostileNameList.some((name) => word.includes(name))) named += 1;
            else problems.push(`${JSON.stringify(word)} is a broken name in: ${remedy}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(named).toBeGreaterThan(3);
  });

  it('keeps an error about a hostile argument on one line', () => {
    const run = runCli(['explain-drain', 'node\u001b[2J\nerror: forged', '--bundle', hostile.dir], ENV);
    expect(run.status).toBe(2);
    // Refused as a name before the bundle is read (model/object-name.ts), in one line with the value escaped.
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(unsafeIn(run.stderr)).toEqual([]);
    expect(run.stderr).toContain('NODE: "node\\u001b[2J\\nerror: forged" is not a valid node name');
  });
});
