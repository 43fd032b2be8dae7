import { settingNamed, settingValue, type Setting } from '../model/harvester.js';
import { labelOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { type InstanceManager, LONGHORN_NAMESPACE, LONGHORN_NODE_LABEL } from '../model/longhorn.js';
import { isWitness, type Node } from '../model/node.js';
import type { DaemonSet } from '../model/pod.js';

/**
 * What Harvester's upgrade waits for once it has applied the new Longhorn chart (harvester/harvester
 * package/upgrade/upgrade_manifests.sh wait_longhorn_upgrade, the same from v1.5.0 to v1.9.0-rc6):
 * wait_longhorn_manager, then wait_longhorn_instance_manager_aio. Neither has a timeout.
 * https://github.com/harvester/harvester/blob/v1.8.1/package/upgrade/upgrade_manifests.sh
 */

export const MANAGED_LABEL = 'harvesterhci.io/managed';

/**
 * The nodes both waits count: `kubectl get nodes --selector=harvesterhci.io/managed=true,
 * node-role.harvesterhci.io/witness!=true` (a node without the witness label matches `!=true`).
 */
export const upgradeCountedNodes = (nodes: readonly Node[]): readonly Node[] =>
  nodes.filter((node) => labelOf(node, MANAGED_LABEL) === 'true' && !isWitness(node));

export const LONGHORN_MANAGER = 'longhorn-manager';

/** The longhorn-manager DaemonSet the wait reads (`kubectl get daemonset longhorn-manager -n longhorn-system`). */
export const longhornManagerDaemonSet = (daemonSets: readonly DaemonSet[]): DaemonSet | undefined =>
  daemonSets.find((set) => nameOf(set) === LONGHORN_MANAGER && namespaceOf(set) === LONGHORN_NAMESPACE);

/** The label the Longhorn chart gives longhorn-manager's pods (chart templates/daemonset-sa.yaml selector). */
export const LONGHORN_MANAGER_POD_LABEL = { key: 'app', value: LONGHORN_MANAGER } as const;

/** Harvester's setting that turns on Longhorn's v2 data engine; the wait then also wants a v2 instance manager. */
export const V2_DATA_ENGINE_SETTING = 'longhorn-v2-data-engine-enabled';

/** The script reads `.value` only (`yq e '.value'`), so a default or an unset value means v1 only. */
export const dataEnginesWaitedFor = (settings: readonly Setting[]): readonly ('v1' | 'v2')[] =>
  settingValue(settingNamed(settings, V2_DATA_ENGINE_SETTING))?.trim() === 'true' ? ['v1', 'v2'] : ['v1'];

/** The script skips the instance-manager wait below two counted nodes ("Skip waiting instance-manager (aio)"). */
export const INSTANCE_MANAGER_WAIT_MIN_NODES = 2;

/**
 * Longhorn's instance-manager labels (longhorn/longhorn-manager types/types.go GetInstanceManagerLabels), which the
 * script selects by; objects written before a label existed fall back to the spec field Longhorn copies it from.
 */
const IM_TYPE_LABEL = 'longhorn.io/instance-manager-type';
const IM_DATA_ENGINE_LABEL = 'longhorn.io/data-engine';

export const instanceManagerNode = (manager: InstanceManager): string =>
  labelOf(manager, LONGHORN_NODE_LABEL) ?? manager.spec?.nodeID ?? '';

const instanceManagerType = (manager: InstanceManager): string =>
  labelOf(manager, IM_TYPE_LABEL) ?? manager.spec?.type ?? '';

/** Longhorn before the v2 engine wrote no data engine: every such instance manager serves v1. */
const instanceManagerDataEngine = (manager: InstanceManager): string =>
  labelOf(manager, IM_DATA_ENGINE_LABEL) ?? manager.spec?.dataEngine ?? 'v1';

/**
 * The all-in-one instance managers of `engine` on Longhorn node `node`, by the script's selector without the image
 * (the target's image does not run yet before the upgrade).
 */
export const aioInstanceManagersOn = (
  managers: readonly InstanceManager[],
  node: string,
  engine: string,
): readonly InstanceManager[] =>
  managers.filter(
    (manager) =>
      instanceManagerNode(manager) === node &&
      instanceManagerType(manager) === 'aio' &&
      instanceManagerDataEngine(manager) === engine,
  );

export const isRunningInstanceManager = (manager: InstanceManager): boolean =>
  manager.status?.currentState === 'running';
