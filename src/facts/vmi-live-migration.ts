import { conditionOf } from '../model/kube-object.js';
import { LIVE_MIGRATABLE_CONDITION, type VirtualMachineInstance } from '../model/kubevirt.js';
import { parenthesised } from './pod-health.js';

/**
 * What KubeVirt's eviction webhook weighs: virt-controller's LiveMigratable condition on the VMI. Only `True`
 * lets an eviction start a migration; False or a missing condition makes it a refusal (kubevirt/kubevirt:
 * pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go). explain-drain's verdict and
 * fix-pdb's remedy both read it here, so one never offers a migration the other says cannot happen.
 */
export interface LiveMigration {
  readonly migratable: boolean;
  /** Why, parenthesised: the condition's reason and message, or that there is no condition. */
  readonly why: string;
}

export const liveMigrationOf = (vmi: VirtualMachineInstance): LiveMigration => {
  const live = conditionOf(vmi.status?.conditions, LIVE_MIGRATABLE_CONDITION);
  return {
    migratable: live?.status === 'True',
    why: live ? parenthesised(live.reason, live.message) : ' (no LiveMigratable condition)',
  };
};
