import fc from 'fast-check';
import { readShellCommand } from '../../test/shell-words.js';
import { sh, shellQuote } from './shell.js';

const HOSTILE = ['x;touch${IFS}/tmp/p;#', '$(id)', '`id`', "it's", "'", '', 'a b', '-n', '=ls', '~root', '*', 'a\nb'];

describe('shellQuote', () => {
  it('leaves plain names as they are, so ordinary output does not change', () => {
    for (const name of ['harvester-node-0', 'custom-4d279419a084', 'app.kubernetes.io/name=x', 'a:b,c@d%e+f']) {
      expect(shellQuote(name)).toBe(name);
    }
  });

  it("single-quotes anything else, with an embedded quote as '\\''", () => {
    expect(shellQuote('x;touch${IFS}/tmp/p;#')).toBe("'x;touch${IFS}/tmp/p;#'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('=ls')).toBe("'=ls'");
  });

  it('gives back every string exactly as one word when a shell reads it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE)), (word) => {
        const read = readShellCommand(`kubectl describe machine ${shellQuote(word)}`);
        expect(read.unsafe).toEqual([]);
        expect(read.words).toEqual(['kubectl', 'describe', 'machine', word]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sh', () => {
  it('keeps ordinary commands byte for byte', () => {
    const ns = 'fleet-local';
    const name = 'custom-4d279419a084';
    expect(sh`kubectl -n ${ns} describe machine ${name}`).toBe(
      'kubectl -n fleet-local describe machine custom-4d279419a084',
    );
    expect(sh`kubectl -n ${ns} get pdb ${['a', 'b']} -o yaml`).toBe('kubectl -n fleet-local get pdb a b -o yaml');
    expect(sh`-p '{"spec":{"numberOfReplicas":${3}}}'`).toBe(`-p '{"spec":{"numberOfReplicas":3}}'`);
  });

  it('makes each value one word wherever it lands: alone, inside a word, in single or double quotes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom(...HOSTILE)),
        // A word of its own that starts with `-` gets no command at all (below).
        fc.array(
          fc.string().filter((word) => !word.startsWith('-')),
          { maxLength: 3 },
        ),
        (value, list) => {
          const read = readShellCommand(
            sh`kubectl -n ${value} get pdb ${list} -l app=${value} job/${value} -p '{"a":"${value}"}' "${value}" --x`,
          );
          expect(read.unsafe).toEqual([]);
          expect(read.words).toEqual([
            'kubectl',
            '-n',
            value,
            'get',
            'pdb',
            ...list,
            '-l',
            `app=${value}`,
            `job/${value}`,
            '-p',
            `{"a":"${value}"}`,
            value,
            '--x',
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives no command where a name that starts with "-" would be read as an option', () => {
    for (const name of ['--all', '-A', '--kubeconfig=kc.yaml', '--restore=evil-backup.json']) {
      const text = sh`kubectl -n kube-system delete pod ${name}`;
      expect(text).toBe(
        `(no command shown: ${JSON.stringify(name)} starts with "-", and the command would read it as an option)`,
      );
      expect(text).not.toContain('kubectl');
      expect(sh`kubectl -n default get pdb ${['web', name]} -o yaml`).not.toContain('kubectl');
    }
  });

  it("keeps the command where such a value is a flag's value or inside a word", () => {
    expect(sh`kubectl -n ${'-x'} get pods -l app=${'-y'} --field-selector spec.nodeName=${'-z'}`).toBe(
      'kubectl -n -x get pods -l app=-y --field-selector spec.nodeName=-z',
    );
    expect(sh`kubectl get pdb -o yaml --namespace ${'-w'}`).toBe('kubectl get pdb -o yaml --namespace -w');
  });
});
