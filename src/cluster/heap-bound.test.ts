import { getHeapStatistics } from 'node:v8';
import { boundHeap } from './heap-bound.js';

describe('boundHeap', () => {
  it('collects garbage once the heap has grown past its floor, without --expose-gc on the command line', () => {
    let garbage: string[][] | undefined = [];
    while (getHeapStatistics().used_heap_size < 200 * 1024 * 1024) {
      garbage.push(Array.from({ length: 10_000 }, (_, i) => `${String(i)}-${String(garbage?.length)}`));
    }
    garbage = undefined;
    const before = getHeapStatistics().used_heap_size;
    boundHeap();
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 100 * 1024 * 1024);
  });
});
