import { aNode } from '../../test/builders.js';
import { listed, names, plural } from './wording.js';

describe('listed', () => {
  it('joins with commas and a final "and"', () => {
    expect(listed(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listed(['a', 'b'])).toBe('a and b');
  });

  it('leaves one item or none as it is', () => {
    expect(listed(['a'])).toBe('a');
    expect(listed([])).toBe('');
  });
});

describe('plural', () => {
  it('adds an s for any count but one', () => {
    expect(plural(0, 'node')).toBe('0 nodes');
    expect(plural(2, 'node')).toBe('2 nodes');
  });

  it('keeps the singular for one', () => {
    expect(plural(1, 'node')).toBe('1 node');
  });
});

describe('names', () => {
  it('names the nodes in order', () => {
    expect(names([aNode('b'), aNode('a')])).toEqual(['b', 'a']);
    expect(names([])).toEqual([]);
  });
});
