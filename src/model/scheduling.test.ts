import { aPod } from '../../test/builders.js';
import { withPlacement } from '../../test/stage-builders.js';
import type { Taint } from './node.js';
import type { Toleration } from './pod.js';
import { podRequests, toleratesTaint } from './scheduling.js';

describe('podRequests', () => {
  it('sums the containers and takes the largest init container when that is more', () => {
    const pod = withPlacement(aPod('web-1'), {
      requests: { cpu: '250m', memory: '128Mi' },
      initRequests: [{ cpu: '1' }, { memory: '64Mi' }],
    });

    expect(podRequests(pod)).toEqual({ cpu: 1000, memory: 128 * 2 ** 20 });
  });

  it('counts missing or unreadable requests as zero', () => {
    expect(podRequests(withPlacement(aPod('web-1'), { requests: { cpu: 'lots' } }))).toEqual({ cpu: 0, memory: 0 });
    expect(podRequests({ metadata: { name: 'bare' } })).toEqual({ cpu: 0, memory: 0 });
  });
});

describe('toleratesTaint', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same value', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['no operator means Equal', { key: 'dedicated', value: 'gpu' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, true],
    ['another key', { key: 'other', operator: 'Exists' }, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['empty effect matches every effect', { key: 'dedicated', operator: 'Exists', effect: '' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['an unknown operator', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false],
  ])('%s', (_, toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });

  it('matches a taint without a value only with an empty value or Exists', () => {
    const bare: Taint = { key: 'CriticalAddonsOnly', effect: 'NoExecute' };
    expect(toleratesTaint({ key: 'CriticalAddonsOnly', operator: 'Equal' }, bare)).toBe(true);
    expect(toleratesTaint({ key: 'CriticalAddonsOnly', value: 'true' }, bare)).toBe(false);
  });
});
