import { aNode } from '../../test/builders.js';
import { joinedWithAnd, names } from './wording.js';
import { plural } from '../model/text.js';

describe('joinedWithAnd', () => {
  it('joins with commas and a final "and"', () => {
    expect(joinedWithAnd(['a', 'b', 'c'])).toBe('a, b and c');
    expect(joinedWithAnd(['a', 'b'])).toBe('a and b');
  });

  it('leaves one item or none as it is', () => {
    expect(joinedWithAnd(['a'])).toBe('a');
    expect(joinedWithAnd([])).toBe('');
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
