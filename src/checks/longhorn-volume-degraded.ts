import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import {
  LONGHORN_NAMESPACE,
  replicaVolume,
  volumePvc,
  volumeRobustness,
  volumeState,
  type LonghornVolume,
} from '../model/longhorn.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import { multiNodeOnly, nonWitnessNodes } from '../facts/longhorn-replica-nodes.js';
import { sh } from '../model/shell.js';

/**
 * The webhook looks at robustness only when the cluster has three nodes or more, witness included
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go hasDegradedVolume).
 */
const WEBHOOK_MIN_NODES = 3;

/**
 * From three non-witness nodes on, the pre-drain job waits for every attached volume to be healthy; below, it waits
 * for min(2, numberOfReplicas) replicas in RW mode (harvester/harvester: package/upgrade/upgrade_node.sh
 * wait_longhorn_engines).
 */
const PRE_DRAIN_HEALTHY_MIN_NODES = 3;
const PRE_DRAIN_REPLICAS = 2;

const pvcPart = (pvc: string | undefined): string => (pvc ? `, PVC ${pvc}` : '');

const namespaceOfVolume = (volume: LonghornVolume): string => volume.metadata?.namespace ?? LONGHORN_NAMESPACE;

const listReplicas = (volume: LonghornVolume): string =>
  sh`kubectl -n ${namespaceOfVolume(volume)} get replicas.longhorn.io -l longhornvolume=${nameOf(volume)}`;

const lowerReplicas = (volume: LonghornVolume, count: number): string =>
  sh`kubectl -n ${namespaceOfVolume(volume)} patch volumes.longhorn.io ${nameOf(volume)} --type merge -p '{"spec":{"numberOfReplicas":${count}}}'`;

/** Replicas per volume whose instance is running. */
const runningReplicas = (snapshot: ClusterSnapshot): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const replica of itemsOf(snapshot, 'longhornReplicas')) {
    const volume = replicaVolume(replica);
    if (volume !== undefined && replica.status?.currentState === 'running') {
      counts.set(volume, (counts.get(volume) ?? 0) + 1);
    }
  }
  return counts;
};

/**
 * Why a volume that asks for more replicas than there are non-witness nodes stays degraded, and how to stop that;
 * empty when the nodes suffice.
 */
const tooFewNodes = (volume: LonghornVolume, dataNodes: number): string => {
  const wanted = volume.spec?.numberOfReplicas ?? 0;
  return wanted > dataNodes
    ? `only ${String(dataNodes)} non-witness nodes can hold its ${String(wanted)} replicas, so it stays degraded until its replica count is lowered (${lowerReplicas(volume, dataNodes)})`
    : '';
};

const degradedFinding = (
  volume: LonghornVolume,
  totalNodes: number,
  dataNodes: number,
  running: number | undefined,
): Finding => {
  const state = volumeState(volume);
  const pvc = volumePvc(volume);
  const base = { check: 'longhorn-volume-degraded', object: refOf('Volume', volume) };
  const stuck = tooFewNodes(volume, dataNodes);
  const rebuild = `Let Longhorn rebuild the missing replicas (${listReplicas(volume)})`;
  if (totalNodes >= WEBHOOK_MIN_NODES) {
    return {
      ...base,
      severity: 'error',
      message: `robustness is degraded (state ${state}${pvcPart(pvc)})`,
      remedy: stuck
        ? `The upgrade webhook refuses to start while it is degraded, and ${stuck}.`
        : `${rebuild} and upgrade once the volume is healthy; the upgrade webhook refuses to start until then.`,
    };
  }
  const wanted = volume.spec?.numberOfReplicas ?? 0;
  const needed = Math.min(PRE_DRAIN_REPLICAS, wanted);
  if (running === undefined) {
    // The volume's own robustness holds without its Replica CRs; only how many still run is unknown.
    return {
      ...base,
      severity: 'warning',
      message: `robustness is degraded; its replicas were not read, so whether the ${String(needed)} the pre-drain job waits for on ${String(dataNodes)} non-witness nodes run is unknown (state ${state}${pvcPart(pvc)})`,
      remedy: `Count its running replicas (${listReplicas(volume)}): the pre-drain job of every node waits until ${String(needed)} of them are in RW mode.`,
    };
  }
  const counted = `${String(running)} of ${String(wanted)} replicas running`;
  if (running < needed) {
    return {
      ...base,
      severity: 'error',
      message: `robustness is degraded with ${counted}, fewer than the ${String(needed)} the pre-drain job waits for on ${String(dataNodes)} non-witness nodes (state ${state}${pvcPart(pvc)})`,
      remedy: `${rebuild}: the pre-drain job of every node waits until ${String(needed)} of them are in RW mode.`,
    };
  }
  return {
    ...base,
    severity: 'info',
    message: `robustness is degraded with ${counted}, enough for the pre-drain job on ${String(dataNodes)} non-witness nodes (state ${state}${pvcPart(pvc)})`,
    remedy: stuck
      ? `Nothing blocks the upgrade; ${stuck}.`
      : `Nothing blocks the upgrade; ${rebuild.charAt(0).toLowerCase()}${rebuild.slice(1)} for full redundancy.`,
  };
};

/**
 * Harvester's upgrade webhook refuses to start while any volume is degraded on clusters of three or more nodes
 * ("there are degraded volumes, please check all volumes are healthy", harvester/harvester:
 * pkg/webhook/resources/upgrade/validator.go hasDegradedVolume), and each node's pre-drain job waits until every
 * attached volume is healthy on three or more non-witness nodes, or has min(2, numberOfReplicas) RW replicas below
 * (harvester/harvester: package/upgrade/upgrade_node.sh wait_longhorn_engines). So on two nodes a 3-replica volume,
 * degraded for good since Longhorn by default keeps a volume's replicas on distinct nodes, blocks nothing as long as two
 * replicas run; only fewer is an error, read from the replica CRs (the script counts the engine's RW replicas). The
 * upgrade-helpers script fails every multi-node cluster with a degraded or faulted volume (harvester/upgrade-helpers:
 * pre-check/v1.x/check.sh check_volumes) and reaches volumes through their Engine CRs, so it misses volumes without
 * one; this check reads the volumes.
 */
export const longhornVolumeDegraded: Check = {
  id: 'longhorn-volume-degraded',
  title: 'Longhorn volumes are healthy',
  problem: (findings) => counted(findings, 'Longhorn volume is not healthy', 'Longhorn volumes are not healthy'),
  description:
    'No Longhorn volume may be degraded or faulted: the upgrade webhook refuses degraded volumes on three or more nodes, and every node drain waits for attached volumes to be healthy (on two nodes, for two running replicas).',
  needs: ['longhornVolumes', 'nodes'],
  // A bundle without Replica CRs still shows each volume's own robustness; only the two-node count needs them.
  optional: ['longhornReplicas'],
  appliesTo: multiNodeOnly,
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const dataNodes = nonWitnessNodes(nodes).length;
    const running = isAvailable(snapshot, 'longhornReplicas') ? runningReplicas(snapshot) : undefined;
    return itemsOf(snapshot, 'longhornVolumes').flatMap((volume): Finding[] => {
      const robustness = volumeRobustness(volume);
      const state = volumeState(volume);
      const name = nameOf(volume);
      const namespace = namespaceOfVolume(volume);
      const object = refOf('Volume', volume);
      const pvc = volumePvc(volume);
      if (robustness === 'degraded') {
        return [degradedFinding(volume, nodes.length, dataNodes, running && (running.get(name) ?? 0))];
      }
      if (robustness === 'faulted') {
        return [
          {
            check: 'longhorn-volume-degraded',
            severity: 'error',
            object,
            message: `robustness is faulted, no replica is usable (state ${state}${pvcPart(pvc)})`,
            remedy: `Salvage the volume from the Longhorn UI or restore it from a backup, or delete it if unused (${sh`kubectl -n ${namespace} get volumes.longhorn.io ${name} -o yaml`} shows the failed replicas).`,
          },
        ];
      }
      if (robustness === 'unknown' && state === 'attached') {
        const waitsFor =
          dataNodes >= PRE_DRAIN_HEALTHY_MIN_NODES
            ? 'it reports healthy'
            : `${String(Math.min(PRE_DRAIN_REPLICAS, volume.spec?.numberOfReplicas ?? 0))} of its replicas are in RW mode`;
        return [
          {
            check: 'longhorn-volume-degraded',
            severity: 'warning',
            object,
            message: `robustness is unknown while attached${pvc ? ` (PVC ${pvc})` : ''}`,
            remedy: `Check the volume's engine and replicas (${sh`kubectl -n ${namespace} get engines.longhorn.io,replicas.longhorn.io -l longhornvolume=${name}`}); the pre-drain job waits until ${waitsFor}.`,
          },
        ];
      }
      return [];
    });
  },
};
