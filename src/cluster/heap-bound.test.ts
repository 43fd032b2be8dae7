import { FLOOR_BYTES, GROWTH, heapBound, heapCeilingSet, v8Collector } from './heap-bound.js';

const MB = 1024 * 1024;

/** A heap whose size the test sets, and a collector that counts its calls and leaves `alive` behind. */
const fakeHeap = (alive: number) => {
  const heap = { used: 0, collections: 0 };
  const bound = heapBound({
    usedHeap: () => heap.used,
    collector: () => () => {
      heap.collections += 1;
      heap.used = alive;
    },
  });
  return { heap, bound };
};

describe('heapBound', () => {
  it('never collects below the floor', () => {
    const { heap, bound } = fakeHeap(10 * MB);
    heap.used = FLOOR_BYTES - 1;
    bound();
    expect(heap.collections).toBe(0);
  });

  it('collects once past the floor, then only after the heap grows GROWTH times over what was left alive', () => {
    const alive = 80 * MB;
    const { heap, bound } = fakeHeap(alive);
    heap.used = FLOOR_BYTES;
    bound();
    expect(heap.collections).toBe(1);
    heap.used = Math.max(FLOOR_BYTES, GROWTH * alive) - 1;
    bound();
    expect(heap.collections).toBe(1);
    heap.used = Math.max(FLOOR_BYTES, GROWTH * alive);
    bound();
    expect(heap.collections).toBe(2);
  });

  it('does nothing where V8 gives no collector', () => {
    let asked = 0;
    const bound = heapBound({
      usedHeap: () => 10 * FLOOR_BYTES,
      collector: () => {
        asked += 1;
        return null;
      },
    });
    expect(() => {
      bound();
    }).not.toThrow();
    expect(asked).toBe(1);
  });

  it("gets V8's full collection without --expose-gc on the command line", () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    expect(typeof v8Collector()).toBe('function');
  });
});

describe('heapCeilingSet', () => {
  it('sees a heap ceiling the runtime was started with (a SEA config execArgv lands in process.execArgv)', () => {
    expect(heapCeilingSet(['--max-old-space-size=320'])).toBe(true);
    expect(heapCeilingSet(['--max_old_space_size', '320'])).toBe(true);
  });

  it('leaves the bound on without one', () => {
    expect(heapCeilingSet([])).toBe(false);
    expect(heapCeilingSet(['--max-semi-space-size=16', '--stack-size=2000'])).toBe(false);
  });
});
