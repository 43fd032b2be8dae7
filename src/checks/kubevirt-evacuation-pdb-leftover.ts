import { counted, type Finding } from '../model/finding.js';
import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { VirtualMachineInstanceMigration } from '../model/kubevirt.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { sh } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';

/** What Harvester's pre-drain greps `kubectl get pdb -o name -A` for. */
const EVACUATION_PDB = 'kubevirt-migration-pdb-kubevirt-evacuation-';
const MIGRATION_PDB_PREFIX = 'kubevirt-migration-pdb-';
const MIGRATION_NAME_LABEL = 'kubevirt.io/migrationName';
/** A migration in either phase is over (kubevirt.io/api core/v1 VirtualMachineInstanceMigration IsFinal). */
const FINAL_PHASES: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

/** The migration the budget guarded: its label, else the name after `kubevirt-migration-pdb-`. */
const migrationOf = (pdb: PodDisruptionBudget): string => {
  const name = nameOf(pdb);
  const at = name.indexOf(MIGRATION_PDB_PREFIX);
  return labelOf(pdb, MIGRATION_NAME_LABEL) ?? name.slice(at + MIGRATION_PDB_PREFIX.length);
};

const finding = (pdb: PodDisruptionBudget, running: VirtualMachineInstanceMigration | undefined): Finding => {
  const namespace = namespaceOf(pdb);
  const migration = migrationOf(pdb);
  const base = `Harvester's pre-drain waits, without a timeout, until no budget named ${EVACUATION_PDB}* is left in any namespace`;
  if (running) {
    return {
      check: 'kubevirt-evacuation-pdb-leftover',
      severity: 'warning',
      object: refOf('PodDisruptionBudget', pdb),
      message: `${base}; its migration ${migration} is still ${running.status?.phase ?? 'without a phase'}`,
      remedy: `Let the migration finish before upgrading (${sh`kubectl -n ${namespace} get vmim ${migration}`}); KubeVirt removes the budget with it.`,
    };
  }
  return {
    check: 'kubevirt-evacuation-pdb-leftover',
    severity: 'error',
    object: refOf('PodDisruptionBudget', pdb),
    message: `${base}, and no migration ${migration} is running: this leftover holds every node's pre-drain`,
    remedy: `Check that the VM's migration is over (${sh`kubectl -n ${namespace} get vmim`}), then delete the leftover: ${sh`kubectl -n ${namespace} delete pdb ${nameOf(pdb)}`}`,
  };
};

const runningMigration = (
  snapshot: ClusterSnapshot,
  pdb: PodDisruptionBudget,
): VirtualMachineInstanceMigration | undefined =>
  itemsOf(snapshot, 'vmims').find(
    (vmim) =>
      namespaceOf(vmim) === namespaceOf(pdb) &&
      nameOf(vmim) === migrationOf(pdb) &&
      !FINAL_PHASES.has(vmim.status?.phase ?? ''),
  );

/**
 * Before it lets Rancher drain a node, Harvester's upgrade job runs `wait_evacuation_pdb_gone`: it loops, every 5 s
 * and with no timeout, until `kubectl get pdb -o name -A` shows no `kubevirt-migration-pdb-kubevirt-evacuation-`
 * (harvester/harvester package/upgrade/upgrade_node.sh, command_pre_drain, from v1.0 to master). Such budgets were
 * made per migration by KubeVirt's migration controller of v0.44 to v0.48 (kubevirt-migration-pdb-<migration>,
 * evacuations being named kubevirt-evacuation-<suffix>); later releases only delete the ones they recognise by the
 * kubevirt.io/migrationName label (kubevirt/kubevirt pkg/util/pdbs/pdbs.go IsPDBFromOldMigrationController). One
 * left behind stops the upgrade at its first node's pre-drain.
 */
export const kubevirtEvacuationPdbLeftover: Check = {
  id: 'kubevirt-evacuation-pdb-leftover',
  title: 'No leftover KubeVirt evacuation budget',
  problem: (findings) =>
    counted(findings, 'KubeVirt evacuation budget is left over', 'KubeVirt evacuation budgets are left over'),
  description: `Harvester's pre-drain waits forever while a PodDisruptionBudget named ${EVACUATION_PDB}* exists in any namespace.`,
  needs: ['podDisruptionBudgets'],
  optional: ['vmims'],
  run: (snapshot) =>
    itemsOf(snapshot, 'podDisruptionBudgets')
      .filter((pdb) => nameOf(pdb).includes(EVACUATION_PDB))
      .map((pdb) => finding(pdb, runningMigration(snapshot, pdb))),
};
