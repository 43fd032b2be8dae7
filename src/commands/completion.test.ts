import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { complete, completionText, DIRECTIVE, kubeconfigNames, type CompletableCommand } from './completion.js';

const COMMANDS: CompletableCommand[] = [
  {
    id: 'machines',
    summary: 'Cross-check Machines.',
    flags: [
      { name: 'output', char: 'o', takesValue: true, options: ['table', 'json'], summary: 'Output format.' },
      { name: 'context', takesValue: true },
      { name: 'kubeconfig', takesValue: true },
      { name: 'bundle', takesValue: true },
      { name: 'no-headers', takesValue: false },
    ],
  },
  {
    id: 'precheck',
    summary: 'Find every blocker.\nMore text.',
    flags: [
      { name: 'only', takesValue: true },
      { name: 'output', char: 'o', takesValue: true, options: ['table', 'json'] },
    ],
  },
];

const sources = {
  checkIds: ['pod-pending', 'pod-phase-unknown', 'node-not-ready'],
  kubeconfigNames: (section: string, kubeconfig: string | undefined) =>
    section === 'contexts' ? (kubeconfig ? ['from-flag'] : ['prod', 'lab']) : [],
};

const words = (...typed: string[]) => complete(COMMANDS, typed, sources);

describe('complete', () => {
  it('offers the commands with their first summary line, and no files', () => {
    expect(words('')).toEqual({
      candidates: ['machines\tCross-check Machines.', 'precheck\tFind every blocker.'],
      directive: DIRECTIVE.noFileComp,
    });
    expect(words('pre').candidates).toEqual(['precheck\tFind every blocker.']);
    expect(words('--').candidates).toEqual(['--help\tShow help.', '--version\tShow the version.']);
  });

  it("offers a command's flags, with --help", () => {
    expect(words('machines', '--no').candidates).toEqual(['--no-headers']);
    expect(words('precheck', '--').candidates).toEqual(['--only', '--output', '--help\tShow help for the command.']);
  });

  it('offers option values after the flag, after its short form, and after --flag=', () => {
    expect(words('machines', '--output', 'j')).toEqual({ candidates: ['json'], directive: DIRECTIVE.noFileComp });
    expect(words('machines', '-o', '').candidates).toEqual(['table', 'json']);
    expect(words('machines', '--output=t').candidates).toEqual(['--output=table']);
    // A value already attached (-ojson) takes no further word.
    expect(words('machines', '-ojson', '').candidates).toEqual([]);
  });

  it('offers check ids one after another in a comma list, without a trailing space', () => {
    expect(words('precheck', '--only', 'pod-p')).toEqual({
      candidates: ['pod-pending', 'pod-phase-unknown'],
      directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace,
    });
    expect(words('precheck', '--only', 'pod-pending,').candidates).toEqual([
      'pod-pending,pod-phase-unknown',
      'pod-pending,node-not-ready',
    ]);
  });

  it('offers contexts from the kubeconfig a --kubeconfig earlier on the line names', () => {
    expect(words('machines', '--context', '').candidates).toEqual(['prod', 'lab']);
    expect(words('machines', '--kubeconfig', 'x.yaml', '--context', '').candidates).toEqual(['from-flag']);
    expect(words('machines', '--kubeconfig=x.yaml', '--context=f').candidates).toEqual(['--context=from-flag']);
  });

  it('leaves paths to the shell and offers nothing for names only the cluster knows', () => {
    expect(words('machines', '--bundle', '')).toEqual({ candidates: [], directive: DIRECTIVE.fileCompletion });
    expect(words('machines', 'node-0', '')).toEqual({ candidates: [], directive: DIRECTIVE.noFileComp });
    expect(words('no-such-command', '')).toEqual({ candidates: [], directive: DIRECTIVE.noFileComp });
  });
});

describe('kubeconfigNames', () => {
  it('merges the KUBECONFIG list and skips files that are missing or not YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hu-complete-'));
    writeFileSync(join(dir, 'a'), 'contexts:\n- name: prod\n- name: lab\nusers:\n- name: admin\n');
    writeFileSync(join(dir, 'b'), 'contexts:\n- name: lab\n- name: edge\n');
    writeFileSync(join(dir, 'c'), ': not yaml :\n  - [');
    const env = { KUBECONFIG: [join(dir, 'a'), join(dir, 'missing'), join(dir, 'c'), join(dir, 'b')].join(delimiter) };
    expect(kubeconfigNames(env)('contexts', undefined)).toEqual(['prod', 'lab', 'edge']);
    expect(kubeconfigNames(env)('users', undefined)).toEqual(['admin']);
    expect(kubeconfigNames(env)('contexts', join(dir, 'b'))).toEqual(['lab', 'edge']);
    expect(kubeconfigNames({ HOME: dir })('contexts', undefined)).toEqual([]);
  });
});

describe('kubeconfigNames with hostile names', () => {
  it('offers no name holding a control, bidi or line-breaking character', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hu-complete-'));
    writeFileSync(
      join(dir, 'a'),
      [
        'contexts:',
        '- name: "ctx\\e[2J\\r\\u2066"',
        '- name: prod',
        'clusters:',
        '- name: "c\\e]0;PWN\\a\\u009b31m\\u202e"',
        'users:',
        '- name: "u\\nforged\\tx"',
        '- name: admin',
        '',
      ].join('\n'),
    );
    const names = kubeconfigNames({ KUBECONFIG: join(dir, 'a') });
    expect(names('contexts', undefined)).toEqual(['prod']);
    expect(names('clusters', undefined)).toEqual([]);
    expect(names('users', undefined)).toEqual(['admin']);
  });
});

describe('completionText', () => {
  it("ends with cobra's directive line", () => {
    expect(completionText({ candidates: ['a', 'b'], directive: 4 })).toBe('a\nb\n:4\n');
    expect(completionText({ candidates: [], directive: 0 })).toBe(':0\n');
  });
});
