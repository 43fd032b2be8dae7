import type { Check } from './check.js';
import { kubeletVersionSkew } from './kubelet-version-skew.js';
import { nodeMaintenanceMode } from './node-maintenance-mode.js';
import { nodeNotReady } from './node-not-ready.js';
import { nodePromotionInProgress } from './node-promotion-in-progress.js';
import { nodeTimeNotSynced } from './node-time-not-synced.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { witnessNodeCount } from './witness-node-count.js';
import { witnessNodeTaint } from './witness-node-taint.js';

/** Node state, in reading order: Ready, cordons and what explains them, witness layout, versions, clocks. */
export const NODE_CHECKS: readonly Check[] = [
  nodeNotReady,
  nodeUnschedulable,
  nodePromotionInProgress,
  nodeMaintenanceMode,
  witnessNodeCount,
  witnessNodeTaint,
  kubeletVersionSkew,
  nodeTimeNotSynced,
];
