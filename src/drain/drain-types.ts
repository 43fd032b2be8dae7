import type { DrainOptions, DrainReason } from '../model/drain.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';

export interface DrainContext {
  readonly snapshot: ClusterSnapshot;
  /** The node being drained. */
  readonly node: Node;
  readonly options: DrainOptions;
}

/** A pure function from a pod on the node to the reasons it contributes; empty when it has nothing to say. */
export type DrainFilter = (pod: Pod, context: DrainContext) => readonly DrainReason[];
