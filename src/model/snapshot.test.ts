import { snapshotOf } from '../../test/builders.js';
import { perSnapshot } from './snapshot.js';

describe('perSnapshot', () => {
  it('builds once for a snapshot and again for another', () => {
    let builds = 0;
    const index = perSnapshot(() => ({ build: ++builds }));
    const first = snapshotOf({});
    const second = snapshotOf({});
    expect(index(first)).toBe(index(first));
    expect(index(second)).toEqual({ build: 2 });
    expect(builds).toBe(2);
  });
});
