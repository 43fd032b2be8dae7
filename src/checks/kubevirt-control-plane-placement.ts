import { naming, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import {
  controlPlaneDeadEnds,
  harvesterKubeVirt,
  KUBEVIRT_NAMESPACE,
  kubeVirtVersion,
  PLACEMENT_PATCH,
} from '../facts/kubevirt-placement.js';
import type { Check } from './check.js';

/** virt-operator names each PDB `<deployment>-pdb` (pkg/virt-operator/resource/generate/components/deployments.go). */
const INFRA_PDBS = ['virt-api-pdb', 'virt-controller-pdb'];

/** The infra PDBs present, or both names when PDBs were not read or are missing (virt-operator recreates them). */
const infraPdbs = (snapshot: ClusterSnapshot): string[] => {
  const present = itemsOf(snapshot, 'podDisruptionBudgets')
    .filter((pdb) => namespaceOf(pdb) === KUBEVIRT_NAMESPACE && INFRA_PDBS.includes(nameOf(pdb)))
    .map(nameOf);
  return present.length > 0 ? present : INFRA_PDBS;
};

/**
 * KubeVirt 1.3 made `RequireControlPlanePreferNonWorker` the default infra placement whenever spec.infra or
 * spec.infra.nodePlacement is nil: virt-api and virt-controller require a control-plane (or master) node
 * (kubevirt/kubevirt: pkg/virt-operator/resource/placement/placement.go). With one schedulable control-plane node,
 * draining it evicts one replica of each, the replacement stays Pending, their PDBs (minAvailable 1) then allow 0
 * disruptions and the drain never ends: the node stays Pre-drained (harvester/harvester issue #7647, v1.4.1 to
 * v1.4.2-rc1). An empty nodePlacement restores "any node"; Harvester's chart sets it from v1.4.2 (PR #7725).
 * When no version can be read, the placement may or may not apply: a warning.
 */
export const kubevirtControlPlanePlacement: Check = {
  id: 'kubevirt-control-plane-placement',
  title: 'KubeVirt infra pods can leave the control-plane node',
  problem: (findings) => naming(findings, 'KubeVirt infra pods cannot leave the control-plane node'),
  description:
    'KubeVirt 1.3+ without spec.infra.nodePlacement keeps virt-api and virt-controller on control-plane nodes; with a single schedulable control-plane node their PDBs block its drain (Pre-drained forever).',
  needs: ['kubevirts', 'nodes'],
  optional: ['podDisruptionBudgets'],
  run: (snapshot) => {
    const kubevirt = harvesterKubeVirt(snapshot);
    if (!kubevirt || kubevirt.spec?.infra?.nodePlacement) return [];
    const version = kubeVirtVersion(kubevirt);
    if (version && !atLeast(version, 1, 3)) return [];
    const deadEnds = controlPlaneDeadEnds(itemsOf(snapshot, 'nodes'));
    if (deadEnds.length === 0) return [];
    const pdbs = infraPdbs(snapshot).join(' and ');
    const release = version ? `KubeVirt ${version.text}` : 'KubeVirt version unknown, taken as 1.3 or later';
    const finding: Finding = {
      check: 'kubevirt-control-plane-placement',
      severity: version ? 'error' : 'warning',
      object: refOf('KubeVirt', kubevirt),
      message:
        `virt-api and virt-controller (${release}) run only on control-plane nodes while spec.infra.nodePlacement is unset, ` +
        `and draining ${deadEnds.map(nameOf).join(' or ')} leaves no other schedulable control-plane node, so ${pdbs} will block the drain and the node stays Pre-drained`,
      remedy: `Let them run on any node: ${PLACEMENT_PATCH} (Harvester v1.4.2 and later charts set this; on older charts the harvester ManagedChart may revert it)`,
    };
    return [finding];
  },
};
