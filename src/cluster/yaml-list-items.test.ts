import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { splitListText } from './yaml-list-items.js';

const parse = (text: string): unknown[] => loadAll(text, { schema: CORE_SCHEMA });

/** Splitting must give exactly the items a whole parse gives. */
const itemsBySplit = (text: string): unknown[] => {
  const list = splitListText(text);
  if (!list) throw new Error('not split');
  return list.items.flatMap((item) =>
    parse(item).flatMap((entry): unknown[] => (Array.isArray(entry) ? (entry as unknown[]) : [entry])),
  );
};

// kubectl and support-bundle-kit (Go's yaml) write sequences unindented; js-yaml and others indent them.
const GO_STYLE = [
  'apiVersion: v1',
  'items:',
  '- apiVersion: v1',
  '  kind: Pod',
  '  metadata:',
  '    name: a',
  '    annotations:',
  '      note: |',
  '        - not an item',
  '        items:',
  '  spec:',
  '    containers:',
  '    - name: c',
  '',
  '- apiVersion: v1',
  '  kind: Pod',
  '  metadata:',
  '    name: b',
  'kind: List',
  'metadata:',
  '  resourceVersion: ""',
  '',
].join('\n');

const INDENTED = [
  'kind: PodList',
  'apiVersion: v1',
  'items:',
  '  - metadata:',
  '      name: a',
  '  - metadata:',
  '      name: b',
  '',
].join('\n');

describe('splitListText', () => {
  it('splits an unindented (Go yaml) List at its items, block scalars included, as a whole parse reads it', () => {
    const whole = parse(GO_STYLE)[0] as { items: unknown[] };
    expect(itemsBySplit(GO_STYLE)).toEqual(whole.items);
    expect(itemsBySplit(GO_STYLE)).toHaveLength(2);
  });

  it('keeps the List header without its items', () => {
    expect(parse(splitListText(GO_STYLE)?.header ?? '')).toEqual([
      { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } },
    ]);
  });

  it('splits an indented List', () => {
    expect(itemsBySplit(INDENTED)).toEqual([{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }]);
    expect(parse(splitListText(INDENTED)?.header ?? '')).toEqual([{ kind: 'PodList', apiVersion: 'v1' }]);
  });

  it('splits a file with Windows line ends', () => {
    expect(itemsBySplit('kind: List\r\nitems:\r\n- a: 1\r\n- a: 2\r\n')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([
    ['no items key', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n'],
    ['flow-style items', 'apiVersion: v1\nitems: []\nkind: List\n'],
    ['several documents', 'items:\n- a: 1\n---\nitems:\n- a: 2\n'],
    ['a directive', '%YAML 1.2\n---\nitems:\n- a: 1\n'],
    ['a comment at the items level', 'items:\n- a: 1\n# note\n- a: 2\n'],
    ['items that do not start with a dash', 'items:\n  a: 1\n'],
  ])('leaves a file with %s to a whole parse', (_name, text) => {
    expect(splitListText(text)).toBeUndefined();
  });
});
