import type { Check } from './check.js';
import { longhornEvictionFindings } from '../facts/longhorn-eviction.js';
import { counted } from '../model/finding.js';

/**
 * A Longhorn node or disk with `evictionRequested` makes Longhorn move every replica (and backing image copy) off
 * it. On Harvester v1.4.x (Longhorn v1.7.x) an eviction pending during the upgrade can crash longhorn-manager
 * (longhorn/longhorn#10464), so the upgrade-helpers script aborts there ("One or more nodes or disks have
 * EvictionRequested set to true. Please resolve this before upgrading.", pre-check/v1.x/check.sh
 * `check_longhorn_eviction_status`, harvester/harvester#7717). Elsewhere an eviction still moving replicas while
 * nodes are drained one by one leaves volumes with fewer healthy copies.
 */
export const longhornEvictionRequested: Check = {
  id: 'longhorn-eviction-requested',
  title: 'No Longhorn eviction pending',
  problem: (findings) => counted(findings, 'Longhorn eviction is pending', 'Longhorn evictions are pending'),
  description:
    'No Longhorn node or disk should have evictionRequested set; on Harvester v1.4.x a pending eviction can crash longhorn-manager during the upgrade (harvester issue #7717).',
  needs: ['longhornNodes'],
  optional: ['harvesterSettings'],
  run: longhornEvictionFindings,
};
