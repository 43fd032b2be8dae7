import { HARVESTER_NAMESPACES, type ResourceKey } from '../model/resources.js';
import { inputName, inputOf, type ClusterSnapshot, type ReadRequest } from '../model/snapshot.js';

/** What a drain's analysis cannot do without; the others it reads when it may (explain-drain and fix-pdb). */
export const DRAIN_NEEDS: readonly ResourceKey[] = ['nodes', 'pods', 'podDisruptionBudgets'];
const OPTIONAL: readonly ResourceKey[] = [
  'vmis',
  'vmims',
  'kubevirts',
  'longhornEngines',
  'longhornReplicas',
  'longhornVolumes',
  'longhornInstanceManagers',
  'longhornSettings',
  'upgrades',
  'upgradePlans',
  'jobs',
  'machines',
  'machinePlanSecrets',
  'provisioningClusters',
];

export const drainReads = (): ReadRequest[] =>
  [...DRAIN_NEEDS, ...OPTIONAL].map((key) => ({
    key,
    // Harvester's hook Jobs live in harvester-system.
    namespace: key === 'jobs' ? 'harvester-system' : HARVESTER_NAMESPACES[key],
  }));

/** An input that was forbidden or failed to list, and why. */
export interface NotReadInput {
  readonly input: string;
  readonly reason: string;
}

/** The drain's inputs that were forbidden or failed to list (absent kinds are not missing anything). */
export const unreadDrainInputs = (snapshot: ClusterSnapshot): NotReadInput[] =>
  drainReads().flatMap(({ key }) => {
    const input = inputOf(snapshot, key);
    return input.status === 'forbidden' || input.status === 'failed'
      ? [{ input: inputName(key), reason: input.reason }]
      : [];
  });

/** The reason of the first input a drain cannot do without that was not read; undefined when all were. */
export const missingDrainNeed = (snapshot: ClusterSnapshot): string | undefined => {
  const [unreadable] = DRAIN_NEEDS.flatMap((key) => {
    const input = inputOf(snapshot, key);
    return input.status === 'ok' ? [] : [input.reason];
  });
  return unreadable;
};
