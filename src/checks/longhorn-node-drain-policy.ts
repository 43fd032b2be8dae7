import { naming, type Finding } from '../model/finding.js';
import { settingValue } from '../model/harvester.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { chartNodeDrainPolicy, LONGHORN_NAMESPACE, NODE_DRAIN_POLICY } from '../model/longhorn.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

const NODE_DRAIN_POLICY_SETTING = 'node-drain-policy';

const setPolicy = (namespace: string): string =>
  sh`kubectl -n ${namespace} patch settings.longhorn.io ${NODE_DRAIN_POLICY_SETTING} --type merge -p '{"value":"${NODE_DRAIN_POLICY.allowIfReplicaIsStopped}"}'`;

/**
 * Whether the coming upgrade replaces `block-if-contains-last-replica` before any node is drained.
 * harvester/harvester: package/upgrade/upgrade_manifests.sh `patch_longhorn_settings` (present in every release
 * from v1.4.0, run by `upgrade_managedchart_harvester` in the manifests phase, before the node phase) sets
 * `spec.values.longhorn.defaultSettings.nodeDrainPolicy: allow-if-replica-is-stopped` in the `harvester`
 * ManagedChart only when the chart does not set nodeDrainPolicy yet and the live Longhorn setting is exactly
 * `block-if-contains-last-replica`; any other value is left alone as the user's choice. Fresh installs from
 * v1.4.0 carry the value in the chart already (pkg/installer/config/templates/rancherd-10-harvester.yaml), so there
 * the script never patches again. Certain only when the cluster runs v1.4.0 or later (so the target release has
 * the function) and the chart was read; otherwise the check assumes the policy stays.
 */
const upgradeSwitchesPolicy = (snapshot: ClusterSnapshot): boolean => {
  const version = serverVersion(snapshot);
  const chart = itemsOf(snapshot, 'managedCharts').find(
    (c) => nameOf(c) === 'harvester' && namespaceOf(c) === 'fleet-local',
  );
  return version !== undefined && atLeast(version, 1, 4, 0) && chart !== undefined && !chartNodeDrainPolicy(chart);
};

/**
 * Longhorn's `node-drain-policy` decides when it lets go of an instance manager's PodDisruptionBudget on a cordoned
 * node, once no engine runs there any more (longhorn/longhorn-manager: controller/instance_manager_controller.go
 * `canDeleteInstanceManagerPDB`): `block-for-eviction` waits until every replica has left the node, which cannot
 * happen when every
 * other node already holds a replica of the volume and replica soft anti-affinity is off;
 * `block-for-eviction-if-contains-last-replica` waits until replicas that are a volume's last healthy copy have
 * been moved; `block-if-contains-last-replica` (Longhorn's default) keeps the PDB while the node holds a volume's
 * only healthy replica, stopped or not, which is always the case for a single-replica volume;
 * `allow-if-replica-is-stopped` (Harvester's default from v1.4.0) and `always-allow` do not wait for stopped
 * replicas (a replica never started does not count for any policy). A running single-replica volume blocks every
 * policy but always-allow (longhorn-single-replica-volume reports those).
 */
export const longhornNodeDrainPolicy: Check = {
  id: 'longhorn-node-drain-policy',
  title: 'Longhorn node-drain-policy lets drains finish',
  problem: (findings) => naming(findings, 'Longhorn node-drain-policy can keep a drain from finishing'),
  description:
    "Longhorn's node-drain-policy should not make node drains wait for replica eviction; Harvester expects allow-if-replica-is-stopped.",
  needs: ['longhornSettings', 'longhornVolumes'],
  optional: ['managedCharts', 'harvesterSettings'],
  run: (snapshot) => {
    const setting = itemsOf(snapshot, 'longhornSettings').find((s) => nameOf(s) === NODE_DRAIN_POLICY_SETTING);
    const policy = settingValue(setting)?.trim();
    if (!setting || !policy) return [];
    const namespace = setting.metadata?.namespace ?? LONGHORN_NAMESPACE;
    const finding = (message: string): Finding[] => [
      {
        check: 'longhorn-node-drain-policy',
        severity: 'warning',
        object: refOf('Setting', setting),
        message,
        remedy: `For the upgrade, use Harvester's default: ${setPolicy(namespace)}`,
      },
    ];
    switch (policy) {
      case NODE_DRAIN_POLICY.blockForEviction:
        return finding(
          `node-drain-policy is ${policy}: every node drain waits until Longhorn has evicted all replicas from the node`,
        );
      case NODE_DRAIN_POLICY.blockForEvictionIfContainsLastReplica:
        return finding(
          `node-drain-policy is ${policy}: a node drain waits until Longhorn has moved every replica that is the last healthy copy of its volume`,
        );
      case NODE_DRAIN_POLICY.blockIfContainsLastReplica: {
        const single = itemsOf(snapshot, 'longhornVolumes').filter((volume) => volume.spec?.numberOfReplicas === 1);
        if (single.length === 0 || upgradeSwitchesPolicy(snapshot)) return [];
        const names = single.map(nameOf).sort();
        const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${String(names.length - 5)} more` : '');
        return finding(
          `node-drain-policy is ${policy} and ${String(single.length)} volume${single.length > 1 ? 's have' : ' has'} a single replica (${shown}): the drain of a node holding one waits even while the volume is detached`,
        );
      }
      default:
        return [];
    }
  },
};
