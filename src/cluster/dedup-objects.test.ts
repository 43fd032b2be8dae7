import type { KubeObject } from '../model/kube-object.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { dedupObjects, dedupSnapshot } from './dedup-objects.js';

const node = (name: string, uid?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, ...(uid === undefined ? {} : { uid }) },
});

describe('dedupObjects', () => {
  it('keeps the first of two objects with one uid', () => {
    const first = node('a', 'u1');
    const result = dedupObjects([first, node('a-renamed', 'u1'), node('b', 'u2')]);
    expect(result.objects).toEqual([first, node('b', 'u2')]);
    expect(result.repeated).toEqual([{ object: first, times: 2 }]);
  });

  it('without uids, takes kind, namespace and name for the identity', () => {
    const result = dedupObjects([node('a'), node('a'), { ...node('a'), metadata: { name: 'a', namespace: 'x' } }]);
    expect(result.objects).toHaveLength(2);
    expect(result.repeated).toEqual([{ object: node('a'), times: 2 }]);
  });

  it('keeps distinct objects, and objects with neither uid nor name, as they are', () => {
    const objects = [node('a', 'u1'), node('b', 'u2'), { kind: 'Node', metadata: {} }, { kind: 'Node', metadata: {} }];
    const result = dedupObjects(objects);
    expect(result.objects).toBe(objects);
    expect(result.repeated).toEqual([]);
  });
});

describe('dedupSnapshot', () => {
  const snapshot = (nodes: readonly KubeObject[]): ClusterSnapshot => ({
    source: { mode: 'bundle', path: 'b' },
    readAt: '2026-01-01T00:00:00Z',
    items: { nodes },
    inputs: { nodes: { status: 'ok' } },
  });

  it('warns once per kind, naming the first repeated object', () => {
    const result = dedupSnapshot(
      snapshot([node('a', 'u1'), node('a', 'u1'), node('b', 'u2'), node('b', 'u2'), node('b', 'u2')]),
      'in the bundle',
    );
    expect(result.snapshot.items.nodes).toHaveLength(2);
    expect(result.warnings).toEqual([
      'Node a is listed 2 times, and 1 more objects of its kind are too, in the bundle: counted once',
    ]);
  });

  it('leaves a snapshot without duplicates untouched', () => {
    const clean = snapshot([node('a', 'u1'), node('b', 'u2')]);
    expect(dedupSnapshot(clean, 'in the bundle')).toEqual({ snapshot: clean, warnings: [] });
  });
});

describe('dedupSnapshot warnings', () => {
  // Warnings carry the name exactly; every warning line is escaped where it is printed (render/escape.ts
  // diagnosticLine, test/commands/hostile-bundle.test.ts).
  it('name the object exactly as the bundle does', () => {
    const hostile: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a\u001b[2J', uid: 'u' } };
    const { warnings } = dedupSnapshot(
      { source: { mode: 'bundle', path: 'b' }, readAt: '', items: { nodes: [hostile, hostile] }, inputs: {} },
      'in the bundle',
    );
    expect(warnings).toEqual(['Node a\u001b[2J is listed 2 times in the bundle: counted once']);
  });
});
