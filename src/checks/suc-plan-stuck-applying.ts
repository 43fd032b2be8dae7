import { sucPlanStuckFindings } from '../facts/suc-plan-stuck.js';
import type { Check } from './check.js';
import { counted } from '../model/finding.js';

/**
 * system-upgrade-controller runs every per-node step of a Harvester upgrade (image preload, node upgrade) as a
 * Plan, and Harvester waits for each Plan with no timeout. A Plan that lists a node in `status.applying` while no
 * Job of it runs there is never finished: the controller does not create the Job again until something makes it
 * sync the Plan (harvester/docs upgrade/v1-7-x-to-v1-8-x.md known issue 3, harvester/harvester#9880). The rule lives
 * in ../facts/suc-plan-stuck.ts, shared with the knowledge base.
 */
export const sucPlanStuckApplying: Check = {
  id: 'suc-plan-stuck-applying',
  title: 'No system-upgrade-controller Plan is stuck applying',
  problem: (findings) =>
    counted(
      findings,
      'system-upgrade-controller Plan is stuck applying',
      'system-upgrade-controller Plans are stuck applying',
    ),
  description:
    'A Plan listing a node as applying with no Job running there never completes, and the upgrade step waiting for it hangs.',
  needs: ['sucPlans', 'jobs', 'nodes'],
  run: sucPlanStuckFindings,
};
