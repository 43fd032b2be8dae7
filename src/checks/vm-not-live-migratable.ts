import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { upgradeConfig } from '../facts/harvester-upgrade.js';
import {
  migrationRulesFor,
  nonLiveMigratableReason,
  RESTORE_VM_HINT,
  restoreVmHonoured,
  stopVmCommand,
  vmHostNodes,
} from '../facts/vm-migration-rules.js';

/**
 * Harvester's upgrade webhook lists every VMI it cannot live-migrate (vm-migration-rules.ts) and refuses the Upgrade:
 * "There are non-live migratable VMs that need to be shut off before initiating the upgrade: <ns/vmi>, …"
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go checkNonLiveMigratableVMs, from v1.2.2; v1.2.0
 * and v1.2.1 do not have it). It counts VMIs in every phase. It skips the test when upgrade-config restoreVM is true
 * (v1.6.0+) or when only one node can host VMs, since Harvester then shuts the VMs down itself. Before v1.2.2
 * nothing refuses the upgrade; the pre-drain job's vm-live-migrate-detector shuts these VMs down
 * (harvester/harvester: package/upgrade/upgrade_node.sh).
 */
export const vmNotLiveMigratable: Check = {
  id: 'vm-not-live-migratable',
  title: 'Harvester can live-migrate every VM',
  problem: (findings) => counted(findings, 'VM cannot be live-migrated', 'VMs cannot be live-migrated'),
  description:
    "Harvester's upgrade webhook refuses to start while a VM has a nodeSelector, host devices, or a required node " +
    'affinity no other schedulable node satisfies, unless upgrade-config restoreVM is true.',
  needs: ['vmis', 'nodes', 'harvesterSettings'],
  appliesTo: (snapshot) => {
    const version = serverVersion(snapshot);
    if (upgradeConfig(snapshot).restoreVM && restoreVmHonoured(version)) {
      return 'upgrade-config restoreVM is true: Harvester shuts these VMs down before upgrading their node and restores them afterwards';
    }
    if (vmHostNodes(itemsOf(snapshot, 'nodes'), migrationRulesFor(version)).length === 1) {
      return 'only one node can host VMs: Harvester shuts every VM down during the upgrade';
    }
    return undefined;
  },
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    const rules = migrationRulesFor(version);
    const hosts = vmHostNodes(itemsOf(snapshot, 'nodes'), rules);
    const refused = version === undefined || atLeast(version, 1, 2, 2);
    const findings: Finding[] = [];
    for (const vmi of itemsOf(snapshot, 'vmis')) {
      const reason = nonLiveMigratableReason(vmi, hosts, rules);
      if (reason === undefined) continue;
      const stop = stopVmCommand(namespaceOf(vmi), nameOf(vmi));
      findings.push({
        check: 'vm-not-live-migratable',
        severity: refused ? 'error' : 'warning',
        object: refOf('VirtualMachineInstance', vmi),
        message: refused
          ? `cannot be live-migrated by Harvester: ${reason}`
          : `cannot be live-migrated by Harvester (${reason}), so the pre-drain job shuts it down during the upgrade`,
        remedy: refused
          ? `Shut the VM down before upgrading (${stop}), or remove what pins it to its node and restart it` +
            (restoreVmHonoured(version) ? `; or ${RESTORE_VM_HINT}.` : '.')
          : `Plan the downtime, or shut it down yourself before upgrading (${stop}).`,
      });
    }
    return findings;
  },
};
