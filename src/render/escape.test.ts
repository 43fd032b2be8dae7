import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { diagnosticLine, escapeData, escapeTerminal, jsonTerminalSafe } from './escape.js';
import { renderDocument } from './report.js';
import { paint } from './style.js';
import { unsafeIn } from '../../test/hostile-world.js';

/** Everything a terminal acts on or hides, by code point (test/hostile-world.ts): none may be left. */
const UNSAFE = { test: (text: string): boolean => unsafeIn(text).length > 0 || text.includes('\n') };

const HOSTILE = [
  '\u001b]0;pwned\u0007',
  '\u001b[2J\u001b[H',
  'ok\rFAIL',
  'abc\b\b\bxyz',
  'one\ntwo',
  'pay\u202eexe.txt',
  '\u009b31mred',
  '\u2066iso\u2069 \u200e\u200f\u061c\u200b\u00ad\ufeff\u2028\u2029\u007f\u0085',
  'tag\u{e0041}\u{e007f}',
  'lone\ud800surrogate',
];

describe('escapeTerminal', () => {
  it('shows ESC as kubectl does (^[) and the other controls as readable escapes', () => {
    expect(escapeTerminal('\u001b]0;pwned\u0007')).toBe('^[]0;pwned^G');
    expect(escapeTerminal('\u001b[2J')).toBe('^[[2J');
    expect(escapeTerminal('ok\rFAIL\nnext\tcol\bx')).toBe('ok\\rFAIL\\nnext\\tcol\\bx');
    expect(escapeTerminal('pay\u202eexe')).toBe('pay\\u202eexe');
    expect(escapeTerminal('\u009b31m\u007f')).toBe('\\u009b31m^?');
    expect(escapeTerminal('tag\u{e0041}')).toBe('tag\\u{e0041}');
    expect(escapeTerminal('lone\ud800')).toBe('lone\\ud800');
  });

  it('leaves ordinary text alone, other scripts and emoji included', () => {
    for (const text of ['harvester-node-0', 'Läuft: 3/3 ✓', '节点未就绪', 'back\\slash', 'Ready → False']) {
      expect(escapeTerminal(text)).toBe(text);
    }
  });

  it('leaves no unsafe character in any string, and escaping twice changes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom(...HOSTILE)),
        (text) => {
          const escaped = escapeTerminal(text);
          expect(UNSAFE.test(escaped)).toBe(false);
          expect(escapeTerminal(escaped)).toBe(escaped);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('escapes every string of a value, keys too, before our own colours are added', () => {
    const data = escapeData({ name: 'a\u001b[2Jb', list: ['x\ny', 3, null], ['k\r']: true });
    expect(data).toEqual({ name: 'a^[[2Jb', list: ['x\\ny', 3, null], ['k\\r']: true });
    const painted = paint({ color: true, headers: true }, 'red', data.name);
    expect(painted).toBe('\u001b[31ma^[[2Jb\u001b[0m');
  });

  it('keeps an error or warning on one line', () => {
    expect(diagnosticLine('error', 'denied:\n\u001b[2Jforged line\r')).toBe('error: denied:\\n^[[2Jforged line\\r\n');
  });
});

describe('JSON and YAML stay exact and terminal-safe', () => {
  const document = (value: string) =>
    ({
      apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
      kind: 'Test',
      source: null,
      findings: [],
      value,
      [value]: [value],
    }) as const;

  it('escapes C1, DEL and format characters as \\uXXXX in JSON, which parses back to the same string', () => {
    expect(jsonTerminalSafe(JSON.stringify('a\u202eb\u009bc\u{e0041}'))).toBe('"a\\u202eb\\u009bc\\udb40\\udc41"');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE)), (value) => {
        const text = renderDocument(document(value), 'json');
        expect(UNSAFE.test(text.replace(/\n/g, ''))).toBe(false);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(document(value))));
      }),
      { numRuns: 500 },
    );
  });

  it('writes such strings double-quoted on one line in YAML, which parses back to the same string', () => {
    expect(renderDocument(document('one\ntwo\u202e'), 'yaml')).toContain('value: "one\\ntwo\\u202e"');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE)), (value) => {
        const text = renderDocument(document(value), 'yaml');
        expect(UNSAFE.test(text.replace(/\n/g, ''))).toBe(false);
        expect(parse(text)).toEqual(JSON.parse(JSON.stringify(document(value))));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves ordinary documents as they were', () => {
    const plain = { ...document('harvester-node-0'), text: 'multi word: value', n: 3 };
    expect(renderDocument(plain, 'json')).toBe(JSON.stringify(plain, null, 2));
    expect(renderDocument(plain, 'yaml')).toBe(stringify(plain, { lineWidth: 0 }).trimEnd());
  });
});
