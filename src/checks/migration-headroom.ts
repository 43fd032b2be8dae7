import { counted, type Finding } from '../model/finding.js';
import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { requiredPlacementMatches } from '../model/node-affinity.js';
import { isWitness, type Node } from '../model/node.js';
import { controllerOf, podPhase, type Pod } from '../model/pod.js';
import { formatBytes, formatMillicores, quantityMilliValue, quantityValue } from '../model/quantity.js';
import { podRequests, untoleratedTaints, type Resources } from '../model/scheduling.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { isNodeReady } from '../facts/node-readiness.js';
import { joinedWithAnd } from '../facts/wording.js';
import { plural } from '../model/text.js';

const ID = 'migration-headroom';

/** KubeVirt labels every VM's pod `kubevirt.io=virt-launcher` (kubevirt/kubevirt: pkg/virt-controller/services/template.go). */
const isLauncher = (pod: Pod): boolean => labelOf(pod, 'kubevirt.io') === 'virt-launcher';

/** The VM a launcher pod runs: label vm.kubevirt.io/name, else its VMI owner. */
const vmOf = (pod: Pod): string =>
  `${namespaceOf(pod)}/${labelOf(pod, 'vm.kubevirt.io/name') ?? controllerOf(pod)?.name ?? nameOf(pod)}`;

interface Free {
  readonly node: Node;
  cpu: number;
  memory: number;
}

const describe = (resources: Resources): string =>
  `${formatMillicores(resources.cpu)} CPU and ${formatBytes(resources.memory)} memory`;

const sum = (items: readonly Resources[]): Resources =>
  items.reduce((total, item) => ({ cpu: total.cpu + item.cpu, memory: total.memory + item.memory }), {
    cpu: 0,
    memory: 0,
  });

const positive = (resources: Resources): Resources => ({
  cpu: Math.max(0, resources.cpu),
  memory: Math.max(0, resources.memory),
});

/** Allocatable minus what the non-terminal pods bound to each node request: what the scheduler still has there. */
const freeByNode = (nodes: readonly Node[], pods: readonly Pod[]): Map<string, Resources> => {
  const used = new Map<string, Resources>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node || ['Succeeded', 'Failed'].includes(podPhase(pod))) continue;
    used.set(node, sum([used.get(node) ?? { cpu: 0, memory: 0 }, podRequests(pod)]));
  }
  return new Map(
    nodes.map((node) => {
      const allocatable = node.status?.allocatable ?? {};
      const taken = used.get(nameOf(node)) ?? { cpu: 0, memory: 0 };
      return [
        nameOf(node),
        {
          cpu: (quantityMilliValue(allocatable.cpu) ?? 0) - taken.cpu,
          memory: (quantityValue(allocatable.memory) ?? 0) - taken.memory,
        },
      ];
    }),
  );
};

const runningLaunchersByNode = (pods: readonly Pod[]): Map<string, Pod[]> => {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node || !isLauncher(pod) || podPhase(pod) !== 'Running') continue;
    const onNode = byNode.get(node);
    if (onNode) onNode.push(pod);
    else byNode.set(node, [pod]);
  }
  return byNode;
};

/**
 * While the upgrade drains a node, KubeVirt live-migrates its VMs, and each migration needs a target virt-launcher
 * pod that the scheduler places with the same requests. This packs the drained node's VMs, largest memory first,
 * onto the other Ready, schedulable, non-witness nodes, using their allocatable minus what their pods request, and
 * does so for every node in turn. A VM that fits nowhere has its migration target Pending; KubeVirt fails the
 * migration and Harvester's pre-drain job shuts the VM down instead (harvester/harvester: package/upgrade/
 * upgrade_node.sh wait_vms_out_or_shutdown). VMs Harvester cannot migrate at all are vm-not-live-migratable's.
 */
export const migrationHeadroom: Check = {
  id: ID,
  title: "Each node's VMs fit on the other nodes",
  problem: (findings) =>
    counted(findings, "node's VMs do not fit on the other nodes", "nodes' VMs do not fit on the other nodes"),
  description:
    'With each node drained in turn, its VMs (virt-launcher pod requests) must fit on the remaining Ready, schedulable nodes (allocatable minus requests); otherwise their live migration cannot be scheduled and Harvester shuts them down.',
  needs: ['nodes', 'pods'],
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const pods = itemsOf(snapshot, 'pods');
    const free = freeByNode(nodes, pods);
    const hosts = nodes.filter((node) => !isWitness(node) && isNodeReady(node) && node.spec?.unschedulable !== true);
    const launchers = runningLaunchersByNode(pods);
    const findings: Finding[] = [];
    for (const drained of nodes.filter(isNodeReady)) {
      const name = nameOf(drained);
      const vms = (launchers.get(name) ?? [])
        .map((pod) => ({ pod, needs: podRequests(pod) }))
        .sort((a, b) => b.needs.memory - a.needs.memory || b.needs.cpu - a.needs.cpu);
      const targets = hosts.filter((node) => nameOf(node) !== name);
      if (vms.length === 0 || targets.length === 0) continue;
      const room: Free[] = targets.map((node) => ({ node, ...(free.get(nameOf(node)) ?? { cpu: 0, memory: 0 }) }));
      const stranded: typeof vms = [];
      for (const vm of vms) {
        // The fitting target with the most free memory, the first of equals: one pass, as every node is drained in
        // turn and a 1,000-node cluster asks this a million times.
        let fits: Free | undefined;
        for (const target of room) {
          if (
            (fits === undefined || target.memory > fits.memory) &&
            target.cpu >= vm.needs.cpu &&
            target.memory >= vm.needs.memory &&
            untoleratedTaints(vm.pod, target.node.spec?.taints).length === 0 &&
            // The migration target pod carries the VMI's nodeSelector and required node affinity.
            requiredPlacementMatches(vm.pod.spec ?? {}, target.node)
          )
            fits = target;
        }
        if (!fits) {
          stranded.push(vm);
          continue;
        }
        fits.cpu -= vm.needs.cpu;
        fits.memory -= vm.needs.memory;
      }
      if (stranded.length === 0) continue;
      const needed = sum(vms.map((vm) => vm.needs));
      const available = sum(targets.map((node) => free.get(nameOf(node)) ?? { cpu: 0, memory: 0 }).map(positive));
      const short = {
        cpu: Math.max(0, needed.cpu - available.cpu),
        memory: Math.max(0, needed.memory - available.memory),
      };
      const shortfall =
        short.cpu > 0 || short.memory > 0
          ? `short by ${[short.cpu > 0 ? `${formatMillicores(short.cpu)} CPU` : '', short.memory > 0 ? `${formatBytes(short.memory)} memory` : ''].filter(Boolean).join(' and ')}`
          : 'enough in total, but not on any single node for each of them';
      const names = stranded.map((vm) => vmOf(vm.pod));
      findings.push({
        check: ID,
        severity: 'warning',
        object: refOf('Node', drained),
        message: `its ${plural(vms.length, 'VM')} request ${describe(needed)}, and the other schedulable nodes have ${describe(available)} free (${shortfall}), so ${joinedWithAnd(names)} cannot be live-migrated when the upgrade drains it`,
        remedy: `Make room before upgrading: stop or shrink VMs you can spare (virtctl stop <vm> -n <namespace>), or add a node; otherwise Harvester shuts ${names.length === 1 ? 'this VM' : 'these VMs'} down during the upgrade.`,
      });
    }
    return findings;
  },
};
