import type { Check } from './check.js';
import { kubevirtControlPlanePlacement } from './kubevirt-control-plane-placement.js';
import { kubevirtEvacuationPdbLeftover } from './kubevirt-evacuation-pdb-leftover.js';
import { pdbAllowsNoDisruptions } from './pdb-allows-no-disruptions.js';
import { podMultiplePdbs } from './pod-multiple-pdbs.js';
import { singleControlPlane } from './single-control-plane.js';

/** What will stop a node drain: the seed placement trap, budgets that refuse evictions, then the topology risk. */
export const DRAIN_CHECKS: readonly Check[] = [
  kubevirtControlPlanePlacement,
  pdbAllowsNoDisruptions,
  podMultiplePdbs,
  singleControlPlane,
  kubevirtEvacuationPdbLeftover,
];
