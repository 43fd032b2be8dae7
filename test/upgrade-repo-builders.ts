import type { Upgrade } from '../src/model/harvester.js';
import type { VirtualMachine } from '../src/model/kubevirt.js';
import type { LonghornVolume } from '../src/model/longhorn.js';
import type { Deployment } from '../src/model/pod.js';
import { anUpgrade } from './builders.js';
import { aVolume } from './longhorn-builders.js';

/** An upgrade in its node phase whose repository came up (RepoReady True), its ISO image harvester-system/<name>. */
export const anUpgradeWithRepo = (name = 'hvst-upgrade-abcde', version = 'v1.7.2'): Upgrade => {
  const upgrade = anUpgrade(name, {
    state: 'UpgradingNodes',
    version,
    conditions: [
      { type: 'ImageReady', status: 'True' },
      { type: 'RepoReady', status: 'True' },
      { type: 'NodesUpgraded', status: 'Unknown' },
    ],
  });
  return { ...upgrade, status: { ...upgrade.status, imageID: `harvester-system/${name}` } };
};

/** The v1.7+ repo Deployment, Available or not (the deployment controller's MinimumReplicasAvailable reasons). */
export const aRepoDeployment = (upgrade: string, available: boolean, ready = available ? 2 : 1): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `upgrade-repo-${upgrade}`, namespace: 'harvester-system' },
  spec: { replicas: 2 },
  status: {
    replicas: 2,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: [
      {
        type: 'Available',
        status: available ? 'True' : 'False',
        reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      },
    ],
  },
});

/** The repo VM of targets up to v1.6 with this printableStatus. */
export const aRepoVm = (upgrade: string, printableStatus: string): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: `upgrade-repo-${upgrade}`, namespace: 'harvester-system' },
  spec: { runStrategy: 'RerunOnFailure' },
  status: { printableStatus },
});

/** The repo's Longhorn volume, of PVC harvester-system/<pvc>, in `state`. */
export const aRepoVolume = (pvc: string, state: string): LonghornVolume =>
  aVolume(`pvc-repo-${pvc}`, {
    state,
    pvc: `harvester-system/${pvc}`,
    robustness: state === 'attached' ? 'healthy' : 'unknown',
    workloads: [],
  });
