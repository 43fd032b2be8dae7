import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 lets the old generation grow to several times what is alive before a full collection, and a big cluster's
 * list pages are short-lived garbage that outlives the young generation: on the 1,000-node benchmark precheck kept
 * ~200 MB alive but reached 700 MB of RSS (docs/performance.md). A single binary cannot pass --max-old-space-size
 * (Node 20's SEA has no execArgv, and the flag cannot change once the heap exists), so the readers call this after
 * each page: a full collection whenever the heap has grown by half again over what the last one left alive.
 */
const FLOOR_BYTES = 96 * 1024 * 1024;
const GROWTH = 1.5;

let collect: (() => void) | null | undefined;
let aliveAfterLast = 0;

const collector = (): (() => void) | null => {
  if (collect !== undefined) return collect;
  try {
    // `gc` is exposed to contexts created after the flag is set (V8's --expose-gc), not to the running one.
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
};

export const boundHeap = (): void => {
  const used = getHeapStatistics().used_heap_size;
  if (used < FLOOR_BYTES || used < GROWTH * aliveAfterLast) return;
  const gc = collector();
  if (!gc) return;
  gc();
  aliveAfterLast = getHeapStatistics().used_heap_size;
};
