import { labelOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { KUBEVIRT_NAMESPACE } from '../model/kubevirt.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import { controlPlaneDeadEnds, kubeVirtVersion, PLACEMENT_PATCH } from '../facts/kubevirt-placement.js';
import { budgetName } from '../facts/drain-wording.js';
import { plural } from '../model/text.js';
import { budgetsSelecting, drainIndex, podsSelectedBy } from '../facts/drain-index.js';
import type { DrainFilter } from './drain-types.js';
import { evictionIgnoresBudgets } from '../facts/eviction-semantics.js';

const INFRA_COMPONENTS = new Set(['virt-api', 'virt-controller']);

/**
 * The seed case (harvester/harvester#7647, harvester-domain §4.4): KubeVirt 1.3 and later require a control-plane
 * node for virt-api and virt-controller when spec.infra.nodePlacement is unset (kubevirt/kubevirt:
 * pkg/virt-operator/resource/placement/placement.go). Draining the only schedulable control-plane node evicts as
 * many replicas as their budget allows; the replacements stay Pending, so virt-api-pdb and virt-controller-pdb
 * (minAvailable 1) drop to 0 disruptions and the remaining replicas on the node can never be evicted. The trap holds
 * when the budget allows fewer disruptions than it has evictable pods on this node. An empty nodePlacement lets the
 * replacements start anywhere; deleting the budgets helps only until virt-operator recreates them. The node test is
 * the precheck's (kubevirt-control-plane-placement controlPlaneDeadEnds): no other schedulable control-plane node,
 * while some other node could take the pods. An unknown KubeVirt version is taken as 1.3 or later.
 */
export const kubevirtPlacementTrap: DrainFilter = (pod, { snapshot, node }) => {
  const component = labelOf(pod, 'kubevirt.io');
  if (!component || !INFRA_COMPONENTS.has(component) || namespaceOf(pod) !== KUBEVIRT_NAMESPACE) return [];
  if (evictionIgnoresBudgets(pod)) return [];
  const kubevirt = drainIndex(snapshot).kubevirt;
  if (!kubevirt || kubevirt.spec?.infra?.nodePlacement) return [];
  const version = kubeVirtVersion(kubevirt);
  if (version && !atLeast(version, 1, 3)) return [];
  const nodeName = nameOf(node);
  if (!controlPlaneDeadEnds(itemsOf(snapshot, 'nodes')).some((deadEnd) => nameOf(deadEnd) === nodeName)) return [];

  const budgets = budgetsSelecting(pod, snapshot);
  const [pdb] = budgets;
  if (budgets.length !== 1 || !pdb) return [];
  const selected = podsSelectedBy(pdb, snapshot);
  const here = selected.filter((other) => other.spec?.nodeName === nodeName && !evictionIgnoresBudgets(other)).length;
  const allowed = pdb.status?.disruptionsAllowed ?? 0;
  if (here <= allowed) return [];

  const name = budgetName(pdb);
  const pending = selected.filter((other) => other.status?.phase === 'Pending' && !other.spec?.nodeName).length;
  const release = version ? `KubeVirt ${version.text}` : 'KubeVirt of unknown version, taken as 1.3 or later';
  const stuck = pending > 0 ? `; ${plural(pending, 'replacement')} already Pending` : '';
  return [
    {
      filter: 'kubevirt-placement-trap',
      verdict: 'block',
      pdb: name,
      message:
        `${component} may run only on control-plane nodes (${release} without spec.infra.nodePlacement) and no other ` +
        `schedulable control-plane node is left, so replacements of evicted ${component} pods stay Pending and ${name} ` +
        `(${plural(allowed, 'disruption')} allowed) cannot let ${here === 1 ? 'this pod' : `all ${String(here)} of its pods on ${nodeName}`} go${stuck}`,
      remedy: `Let KubeVirt's infra pods run on any node: ${PLACEMENT_PATCH} (virt-operator then schedules the Pending replicas and ${name} lets the drain go on; deleting the budget only helps until virt-operator recreates it; before Harvester v1.4.2 the harvester ManagedChart may revert the patch)`,
    },
  ];
};
