import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumePvc, volumeState, type LonghornVolume } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast, type Version } from '../model/version.js';
import type { Check } from './check.js';
import { SKIP_SINGLE_REPLICA_DETACHED_VOL, webhookAnnotation } from '../facts/webhook-annotations.js';
import { serverVersion } from '../facts/harvester-version.js';
import { multiNodeOnly } from '../facts/longhorn-replica-nodes.js';
import { sh } from '../model/shell.js';

/**
 * States in which the volume's engine runs. The webhook uses these three (VolumeStateCreating, Attached,
 * Attaching); the upgrade-helpers script compares with `create`, which Longhorn never writes, so it reports a
 * creating volume as detached (pre-check/v1.x/check.sh `check_volumes`).
 */
const RUNNING_STATES = new Set(['creating', 'attaching', 'attached']);

const raiseReplicas = (volume: LonghornVolume): string =>
  sh`kubectl -n ${volume.metadata?.namespace ?? LONGHORN_NAMESPACE} patch volumes.longhorn.io ${nameOf(volume)} --type merge -p '{"spec":{"numberOfReplicas":3}}'`;

const detachedVerdict = (
  version: Version | undefined,
): { severity: Finding['severity']; consequence: string; skip: boolean } => {
  if (!version) {
    return {
      severity: 'warning',
      consequence:
        'before v1.4.0 it blocks the drain of its node; from v1.5.0 the upgrade webhook refuses it unless the Upgrade is annotated harvesterhci.io/skipSingleReplicaDetachedVol (the running version is unknown)',
      skip: true,
    };
  }
  if (!atLeast(version, 1, 4, 0)) {
    return { severity: 'error', consequence: `on ${version.text} it blocks the drain of its node`, skip: false };
  }
  if (!atLeast(version, 1, 5, 0)) {
    return {
      severity: 'warning',
      consequence: 'the drain is not blocked, but the node holding its only copy goes through the upgrade',
      skip: false,
    };
  }
  return {
    severity: 'error',
    consequence: `the upgrade webhook of ${version.text} refuses the upgrade unless the Upgrade is annotated harvesterhci.io/skipSingleReplicaDetachedVol`,
    skip: true,
  };
};

/**
 * A single-replica volume has its only copy on one node. While it runs, the instance manager on that node keeps a
 * PodDisruptionBudget Longhorn will not remove (longhorn/longhorn-manager: controller/instance_manager_controller.go),
 * so the drain of that node never finishes; the webhook refuses such volumes from v1.3.0, where
 * checkSingleReplicaVolumes first appears ("Following PVCs with active single-replica volume …"). Detached ones
 * block the drain only under Longhorn's default node-drain-policy `block-if-contains-last-replica`, which Harvester
 * replaces by `allow-if-replica-is-stopped` from v1.4.0; from v1.5.0 the webhook still refuses them ("… even the
 * volume is detached, upgrade may have potential data integrity concerns") unless the Upgrade carries the
 * annotation harvesterhci.io/skipSingleReplicaDetachedVol (harvester/harvester:
 * pkg/webhook/resources/upgrade/validator.go checkSingleReplicaVolumes, at v1.3.0 and v1.5.0).
 */
export const longhornSingleReplicaVolume: Check = {
  id: 'longhorn-single-replica-volume',
  title: 'No single-replica Longhorn volumes',
  problem: (findings) =>
    counted(findings, 'Longhorn volume has a single replica', 'Longhorn volumes have a single replica'),
  description:
    'A Longhorn volume with one replica blocks the drain of its node while in use, and Harvester refuses to upgrade with one (detached ones too from v1.5.0, unless the Upgrade is annotated).',
  needs: ['longhornVolumes', 'nodes'],
  optional: ['harvesterSettings'],
  appliesTo: multiNodeOnly,
  run: (snapshot, options) => {
    const version = serverVersion(snapshot);
    const skipAnnotation = webhookAnnotation(
      snapshot,
      { upgradeAnnotations: options?.upgradeAnnotations },
      SKIP_SINGLE_REPLICA_DETACHED_VOL,
    );
    // Any non-empty value makes the webhook check only running volumes (validator.go skipSingleReplicaDetachedVolCheck).
    const accepted = skipAnnotation !== undefined && skipAnnotation.value !== '' ? skipAnnotation : undefined;
    const detached = accepted
      ? {
          severity: 'info' as const,
          consequence: `the webhook accepts it, since ${accepted.key} is "${accepted.value}" on ${accepted.where}`,
          skip: false,
        }
      : detachedVerdict(version);
    return itemsOf(snapshot, 'longhornVolumes')
      .filter((volume) => volume.spec?.numberOfReplicas === 1)
      .map((volume): Finding => {
        const state = volumeState(volume);
        const pvc = volumePvc(volume);
        const what = pvc ? `PVC ${pvc}` : 'the volume';
        if (RUNNING_STATES.has(state)) {
          return {
            check: 'longhorn-single-replica-volume',
            severity: 'error',
            object: refOf('Volume', volume),
            message: `single-replica volume is ${state}${pvc ? ` (PVC ${pvc})` : ''}, so the drain of its node cannot finish`,
            remedy: `Raise its replica count (${raiseReplicas(volume)}) or shut down the workload using ${what} before upgrading.`,
          };
        }
        return {
          check: 'longhorn-single-replica-volume',
          severity: detached.severity,
          object: refOf('Volume', volume),
          message: `single-replica volume is ${state}${pvc ? ` (PVC ${pvc})` : ''}: ${detached.consequence}`,
          remedy:
            `Raise its replica count (${raiseReplicas(volume)}) and attach it once (start its VM) so Longhorn builds the new replicas, or delete ${what} if unused` +
            (detached.skip
              ? '; to accept the risk, create the Upgrade with the annotation harvesterhci.io/skipSingleReplicaDetachedVol: "true".'
              : '.'),
        };
      });
  },
};
