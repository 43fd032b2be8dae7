import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 lets the old generation grow to several times what is alive before a full collection, and a big cluster's
 * list pages are short-lived garbage that outlives the young generation: on the 1,000-node benchmark precheck kept
 * ~200 MB alive but reached 700 MB of RSS (docs/performance.md). Node 26's SEA config could pass
 * --max-old-space-size through execArgv, but that is a ceiling, not a target: V8 still grows to it before collecting,
 * and a cluster whose live set outgrows it dies with an out-of-memory crash. So the readers call this after each
 * page: a full collection whenever the heap has grown by half again over what the last one left alive.
 */
export const FLOOR_BYTES = 96 * 1024 * 1024;
export const GROWTH = 1.5;

/** What the policy needs of V8: the heap in use, and a full collection (null where none can be had). */
export interface HeapProbe {
  readonly usedHeap: () => number;
  readonly collector: () => (() => void) | null;
}

/** The policy alone: collect past the floor once the heap is GROWTH times what the last collection left alive. */
export const heapBound = (probe: HeapProbe): (() => void) => {
  let aliveAfterLast = 0;
  return () => {
    const used = probe.usedHeap();
    if (used < FLOOR_BYTES || used < GROWTH * aliveAfterLast) return;
    const gc = probe.collector();
    if (!gc) return;
    gc();
    aliveAfterLast = probe.usedHeap();
  };
};

let collect: (() => void) | null | undefined;

/** V8's own full collection, without --expose-gc on the command line. */
export const v8Collector = (): (() => void) | null => {
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

/**
 * A run started with a ceiling on the old generation (a SEA config's `execArgv`, which Node puts in
 * process.execArgv, or `node --max-old-space-size`) leaves collecting to V8: the bound would only add collections
 * under a limit someone chose. V8 accepts its flags with dashes or underscores.
 */
export const heapCeilingSet = (execArgv: readonly string[]): boolean =>
  execArgv.some((flag) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(flag));

export const boundHeap: () => void = heapCeilingSet(process.execArgv)
  ? () => undefined
  : heapBound({ usedHeap: () => getHeapStatistics().used_heap_size, collector: v8Collector });
