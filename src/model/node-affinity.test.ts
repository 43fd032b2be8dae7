import { aNode } from '../../test/builders.js';
import {
  nodeSelectorMatches,
  nodeSelectorTermMatches,
  nodeSelectorTermsMatch,
  requiredNodeAffinityOf,
  requiredPlacementMatches,
} from './node-affinity.js';
import type { NodeSelectorTerm } from './pod.js';

const node = aNode('node-2', { labels: { zone: 'a', gpu: 'true', cores: '32', 'disk-type': 'ssd' } });
const expression = (key: string, operator: string, values?: string[]): NodeSelectorTerm => ({
  matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
});

describe('nodeSelectorTermMatches', () => {
  it.each<[string, NodeSelectorTerm, boolean]>([
    ['In with the value', expression('zone', 'In', ['a', 'b']), true],
    ['In without the value', expression('zone', 'In', ['b']), false],
    ['In on a missing label', expression('rack', 'In', ['1']), false],
    ['NotIn with the value', expression('zone', 'NotIn', ['a']), false],
    ['NotIn with another value', expression('zone', 'NotIn', ['b']), true],
    ['NotIn on a missing label', expression('rack', 'NotIn', ['1']), true],
    ['Exists', expression('gpu', 'Exists'), true],
    ['Exists on a missing label', expression('rack', 'Exists'), false],
    ['DoesNotExist', expression('gpu', 'DoesNotExist'), false],
    ['DoesNotExist on a missing label', expression('rack', 'DoesNotExist'), true],
    ['Gt below the value', expression('cores', 'Gt', ['16']), true],
    ['Gt at the value (strict)', expression('cores', 'Gt', ['32']), false],
    ['Lt above the value', expression('cores', 'Lt', ['64']), true],
    ['Lt at the value (strict)', expression('cores', 'Lt', ['32']), false],
    ['Gt with a negative bound', expression('cores', 'Gt', ['-5']), true],
    ['Gt on a label that is not a number', expression('zone', 'Gt', ['1']), false],
    ['Gt on a missing label', expression('rack', 'Gt', ['1']), false],
  ])('%s', (_, term, expected) => {
    expect(nodeSelectorTermMatches(term, node)).toBe(expected);
  });

  it.each<[string, NodeSelectorTerm]>([
    ['an unknown operator', expression('zone', 'Equals', ['a'])],
    ['In without values', expression('zone', 'In', [])],
    ['NotIn without values', expression('rack', 'NotIn')],
    ['Exists with values', expression('zone', 'Exists', ['a'])],
    ['DoesNotExist with values', expression('rack', 'DoesNotExist', ['a'])],
    ['Gt with two values', expression('cores', 'Gt', ['1', '2'])],
    ['Gt with a bound that is not an integer', expression('cores', 'Gt', ['1.5'])],
    ['Lt with a bound beyond int64', expression('cores', 'Lt', ['9223372036854775808'])],
    ['an empty key', expression('', 'DoesNotExist')],
  ])('a term with %s does not parse and selects nothing', (_, term) => {
    expect(nodeSelectorTermMatches(term, node)).toBe(false);
  });

  it('ANDs the requirements of one term', () => {
    const term: NodeSelectorTerm = {
      matchExpressions: [
        { key: 'zone', operator: 'In', values: ['a'] },
        { key: 'disk-type', operator: 'In', values: ['hdd'] },
      ],
    };
    expect(nodeSelectorTermMatches(term, node)).toBe(false);
  });

  it('selects by metadata.name with matchFields In and NotIn', () => {
    expect(
      nodeSelectorTermMatches({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }, node),
    ).toBe(true);
    expect(
      nodeSelectorTermMatches({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }, node),
    ).toBe(false);
    expect(
      nodeSelectorTermMatches({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }] }, node),
    ).toBe(false);
  });

  it('reads other field keys as empty and refuses other field operators or value counts', () => {
    expect(
      nodeSelectorTermMatches({ matchFields: [{ key: 'spec.podCIDR', operator: 'NotIn', values: ['x'] }] }, node),
    ).toBe(true);
    expect(nodeSelectorTermMatches({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }, node)).toBe(false);
    expect(
      nodeSelectorTermMatches(
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1', 'node-2'] }] },
        node,
      ),
    ).toBe(false);
  });

  it('needs both the labels and the fields of a term to match', () => {
    const term: NodeSelectorTerm = {
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }],
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }],
    };
    expect(nodeSelectorTermMatches(term, node)).toBe(false);
  });
});

describe('nodeSelectorTermsMatch', () => {
  it('ORs the terms', () => {
    expect(nodeSelectorTermsMatch([expression('zone', 'In', ['b']), expression('gpu', 'Exists')], node)).toBe(true);
  });

  it('ignores empty terms and a term that does not parse, and matches nothing without terms', () => {
    expect(nodeSelectorTermsMatch([{}], node)).toBe(false);
    expect(nodeSelectorTermsMatch([{}, expression('zone', 'In', ['a'])], node)).toBe(true);
    expect(nodeSelectorTermsMatch([expression('zone', 'Bogus', ['a']), expression('gpu', 'Exists')], node)).toBe(true);
    expect(nodeSelectorTermsMatch([], node)).toBe(false);
    expect(nodeSelectorTermsMatch(undefined, node)).toBe(false);
  });
});

describe('nodeSelectorMatches', () => {
  it('needs every key with its value; an empty or absent selector matches', () => {
    expect(nodeSelectorMatches({ zone: 'a', gpu: 'true' }, node.metadata?.labels)).toBe(true);
    expect(nodeSelectorMatches({ zone: 'b' }, node.metadata?.labels)).toBe(false);
    expect(nodeSelectorMatches({ rack: '' }, node.metadata?.labels)).toBe(false);
    expect(nodeSelectorMatches({}, node.metadata?.labels)).toBe(true);
    expect(nodeSelectorMatches(null, undefined)).toBe(true);
  });
});

describe('requiredPlacementMatches', () => {
  const affinity = (terms: NodeSelectorTerm[]) => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  });

  it('needs both the nodeSelector and the required affinity', () => {
    expect(
      requiredPlacementMatches(
        { nodeSelector: { zone: 'a' }, affinity: affinity([expression('gpu', 'Exists')]) },
        node,
      ),
    ).toBe(true);
    expect(
      requiredPlacementMatches(
        { nodeSelector: { zone: 'b' }, affinity: affinity([expression('gpu', 'Exists')]) },
        node,
      ),
    ).toBe(false);
    expect(requiredPlacementMatches({ affinity: affinity([expression('gpu', 'DoesNotExist')]) }, node)).toBe(false);
  });

  it('places anywhere without constraints, and nowhere with a required affinity that has no terms', () => {
    expect(requiredPlacementMatches({}, node)).toBe(true);
    expect(requiredPlacementMatches({ affinity: { nodeAffinity: {} } }, node)).toBe(true);
    expect(
      requiredPlacementMatches(
        { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } },
        node,
      ),
    ).toBe(false);
  });

  it('finds the required selector', () => {
    expect(requiredNodeAffinityOf(undefined)).toBeUndefined();
    expect(requiredNodeAffinityOf(affinity([]))).toEqual({ nodeSelectorTerms: [] });
  });
});
