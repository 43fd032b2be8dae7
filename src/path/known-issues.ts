import { backupTargetRefreshInterval } from '../checks/backup-target-refresh-interval.js';
import { kubeconfigSecretLabel } from '../checks/kubeconfig-secret-label.js';
import { controlPlaneDeadEnds, PLACEMENT_PATCH } from '../facts/kubevirt-placement.js';
import { longhornEvictionRequested } from '../checks/longhorn-eviction-requested.js';
import type { Finding } from '../model/finding.js';
import { settingNamed, settingValue } from '../model/harvester.js';
import { nameOf, namespaceOf, refOf, type KubeObject } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, type InstanceManager, type LonghornVolume } from '../model/longhorn.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import type { ResourceKey } from '../model/resources.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { parseVersion } from '../model/version.js';
import type { HarvesterVersion } from './harvester-version.js';
import { isDocumentedPath, RELEASES, type ReleaseComponents } from './releases.js';
import { sh } from '../model/shell.js';

/**
 * Harvester versions from `atLeast` (inclusive) to `below` (exclusive), ordered as Harvester orders them
 * (./harvester-version.ts). `v1.4.0-0` is the lowest prerelease of v1.4.0, so `minorOf('v1.4')` covers v1.4.0-rc1.
 * A dev version is in no range.
 */
export interface VersionRange {
  readonly atLeast?: string;
  readonly below?: string;
}

export const ANY: VersionRange = {};
/** Every version of a minor line, prereleases included: `minorOf('v1.4')` = v1.4.0-0 up to v1.5.0-0. */
export const minorOf = (minor: string): VersionRange => {
  const [major = '', number = ''] = minor.replace(/^v/, '').split('.');
  return { atLeast: `v${major}.${number}.0-0`, below: `v${major}.${String(Number(number) + 1)}.0-0` };
};
/** One release and its prereleases: `release('v1.4.0')` = v1.4.0-0 up to v1.4.1-0. */
export const release = (version: string): VersionRange => {
  const [major = '', minor = '', patch = ''] = version.replace(/^v/, '').split('.');
  return { atLeast: `v${major}.${minor}.${patch}-0`, below: `v${major}.${minor}.${String(Number(patch) + 1)}-0` };
};

/** What a detection knows about the path it is evaluated for. */
export interface PathContext {
  readonly from: HarvesterVersion;
  readonly to: HarvesterVersion;
  readonly fromRelease: ReleaseComponents | undefined;
  readonly toRelease: ReleaseComponents | undefined;
}

/** Findings, or why the entry cannot be decided (no release data for a version). */
export type DetectionResult = readonly Finding[] | { readonly notEvaluated: string };

export type Detection =
  | {
      readonly kind: 'check';
      /** Inputs it reads; any not read makes the entry "not evaluated". */
      readonly needs: readonly ResourceKey[];
      readonly run: (snapshot: ClusterSnapshot, path: PathContext) => DetectionResult;
    }
  | {
      /** The API cannot see it (host files, partitions): run `command` on every node and compare with `expect`. */
      readonly kind: 'manual';
      readonly command: string;
      readonly expect: string;
    };

export interface KnownIssue {
  /** Stable kebab-case id; the `check` of its findings. */
  readonly id: string;
  readonly title: string;
  /** The running version (setting server-version) and the target this entry applies to. */
  readonly from: VersionRange;
  readonly to: VersionRange;
  readonly detection: Detection;
  /** Upstream issues or documents, as URLs. */
  readonly sources: readonly string[];
  readonly remedy: string;
}

const HARVESTER_ISSUE = 'https://github.com/harvester/harvester/issues/';
const UPGRADE_DOC = 'https://docs.harvesterhci.io/v1.8/upgrade/';
const VERSION_OBJECT: (path: PathContext) => Finding['object'] = (path) => ({
  kind: 'Version',
  namespace: 'harvester-system',
  name: path.to.text,
});

const minorNumber = (text: string | undefined): number | undefined => {
  const version = parseVersion(text);
  return version ? version.major * 1000 + version.minor : undefined;
};
const minorText = (text: string | undefined): string => {
  const version = parseVersion(text);
  return version ? `${String(version.major)}.${String(version.minor)}` : 'unknown';
};

/** The fields of the objects read here beyond the shared model (longhorn v1beta2 volume.go, instancemanager.go). */
interface RwxVolumeSpec {
  readonly accessMode?: string;
  readonly migratable?: boolean;
}
interface InstanceManagerStatus {
  readonly instanceEngines?: Readonly<Record<string, unknown>> | null;
}
interface VmVolumes {
  readonly spec?: {
    readonly template?: {
      readonly spec?: {
        readonly volumes?: readonly { readonly name?: string; readonly containerDisk?: { readonly image?: string } }[];
      };
    };
  };
  readonly status?: { readonly printableStatus?: string };
}

const longhornSetting = (
  snapshot: ClusterSnapshot,
  name: string,
): { value: string | undefined; object: KubeObject | undefined } => {
  const object = settingNamed(itemsOf(snapshot, 'longhornSettings'), name);
  return { value: settingValue(object)?.trim(), object };
};

const settingRef = (name: string, object: KubeObject | undefined): Finding['object'] =>
  object ? refOf('Setting', object) : { kind: 'Setting', namespace: LONGHORN_NAMESPACE, name };

/** Re-labels another check's findings as this entry's, at the entry's severity when given. */
const asEntry = (id: string, findings: readonly Finding[], severity?: Finding['severity']): Finding[] =>
  findings.map((finding) => ({ ...finding, check: id, ...(severity ? { severity } : {}) }));

/** The Addon's chart version (harvester/harvester pkg/apis/harvesterhci.io/v1beta1/addon.go). */
interface AddonVersion {
  readonly spec?: { readonly version?: string };
}

const AUTO_DELETE_POD = 'auto-delete-pod-when-volume-detached-unexpectedly';
const OLD_VMDP_IMAGE = 'registry.suse.com/harvester-beta/vmdp:latest';
const VMDP_IMAGE = 'registry.suse.com/suse/vmdp/vmdp:2.5.4.2';
const SEEDER_VERSION = '0.1.1';
const RWX_ON_STORAGE_NETWORK = 'storage-network-for-rwx-volume-enabled';

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  {
    id: 'kubernetes-minor-skip',
    title: 'Kubernetes moves at most one minor version',
    from: ANY,
    to: ANY,
    detection: {
      kind: 'check',
      needs: [],
      // kube-apiserver may only be upgraded one minor at a time (kubernetes/website
      // content/en/releases/version-skew-policy.md); Harvester's upgrade paths are limited by it (harvester/docs
      // versioned_docs/version-v1.8/upgrade/automatic.md). RKE2's version fixes the Kubernetes version.
      run: (_snapshot, path) => {
        const from = minorNumber(path.fromRelease?.rke2);
        const to = minorNumber(path.toRelease?.rke2);
        if (from === undefined || to === undefined) {
          return {
            notEvaluated: `the RKE2 version of ${from === undefined ? path.from.text : path.to.text} is not in the release table`,
          };
        }
        if (to - from <= 1) return [];
        const hops = RELEASES.filter((row) => minorNumber(row.rke2) === from + 1).map((row) => row.harvester);
        return [
          {
            check: 'kubernetes-minor-skip',
            severity: 'error',
            object: VERSION_OBJECT(path),
            message: `the upgrade moves Kubernetes from ${minorText(path.fromRelease?.rke2)} (RKE2 ${path.fromRelease?.rke2 ?? ''}) to ${minorText(path.toRelease?.rke2)} (RKE2 ${path.toRelease?.rke2 ?? ''}), skipping ${String(to - from - 1)} minor version(s), while kube-apiserver may move only one minor at a time`,
            remedy: `Upgrade through ${hops.length > 0 ? hops.join(' or ') : 'the intermediate release'} first (${UPGRADE_DOC}index#upgrade-paths).`,
          },
        ];
      },
    },
    sources: ['https://kubernetes.io/releases/version-skew-policy/', `${UPGRADE_DOC}index#upgrade-paths`],
    remedy: 'Upgrade through a release one Kubernetes minor ahead first.',
  },
  {
    id: 'undocumented-upgrade-path',
    title: 'The upgrade path is one Harvester documents',
    from: ANY,
    to: ANY,
    detection: {
      kind: 'check',
      needs: [],
      run: (_snapshot, path) => {
        const documented = isDocumentedPath(path.from, path.to);
        if (documented === undefined) return { notEvaluated: `the documented paths do not cover ${path.from.text}` };
        if (documented) return [];
        return [
          {
            check: 'undocumented-upgrade-path',
            severity: 'warning',
            object: VERSION_OBJECT(path),
            message: `the upgrade from ${path.from.text} to ${path.to.text} is not among the documented upgrade paths`,
            remedy: `Follow a documented path (${UPGRADE_DOC}index#upgrade-paths).`,
          },
        ];
      },
    },
    sources: [`${UPGRADE_DOC}index#upgrade-paths`],
    remedy: 'Follow a documented upgrade path.',
  },
  {
    id: 'rke2-certificates-expired-v1-2',
    title: "RKE2's control-plane certificates have not expired",
    from: { below: 'v1.2.2-0' },
    to: minorOf('v1.2'),
    detection: {
      kind: 'manual',
      // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 7 (also for v1.2.1,
      // whose page points there) and v1-2-1-to-v1-2-2.md known issue 1 (harvester#3863, #5828): expired
      // kube-controller-manager or kube-scheduler certificates keep the CAPI cluster Provisioning and the upgrade at
      // Upgrading System Service. The files are only on control-plane nodes; the test is upgrade-helpers'
      // pre-check/v1.x/check.sh check_certs.
      command:
        'for cert in $(find /var/lib/rancher/rke2/server/tls -name \'*.crt\'); do openssl x509 -in "$cert" -noout -checkend 0 >/dev/null || echo "$cert expired"; done',
      expect: 'no output on every control-plane node (worker nodes have no such directory)',
    },
    sources: [
      'https://docs.harvesterhci.io/v1.3/upgrade/v1-2-1-to-v1-2-2',
      `${HARVESTER_ISSUE}3863`,
      `${HARVESTER_ISSUE}5828`,
    ],
    remedy:
      "Rotate RKE2's certificates before upgrading: increase spec.rkeConfig.rotateCertificates.generation of clusters.provisioning.cattle.io local in fleet-local (harvester#3863).",
  },
  {
    id: 'vmdp-container-disk-v1-2',
    title: 'No VM uses the VMDP image that v1.1.0 stopped shipping',
    from: { below: 'v1.2.1-0' },
    to: { atLeast: 'v1.2.0-0', below: 'v1.2.2-0' },
    detection: {
      kind: 'check',
      needs: ['virtualMachines'],
      // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 8 (harvester#4534): the ISO
      // no longer carries harvester-beta/vmdp:latest, which Windows VMs made before v1.1.0 mount as a container disk;
      // once kubelet garbage-collects it, an air-gapped cluster cannot pull it again and the VM cannot start.
      run: (snapshot) =>
        itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
          const volumes = (vm as VmVolumes).spec?.template?.spec?.volumes ?? [];
          const old = volumes.filter((volume) => volume.containerDisk?.image === OLD_VMDP_IMAGE);
          if (old.length === 0) return [];
          return [
            {
              check: 'vmdp-container-disk-v1-2',
              severity: 'warning',
              object: refOf('VirtualMachine', vm),
              message: `volume ${old.map((volume) => volume.name ?? '').join(', ')} uses the container disk ${OLD_VMDP_IMAGE}, which the upgrade does not bring; without a registry the VM cannot start once the image is removed`,
              remedy: `Point the volume at ${VMDP_IMAGE} (${sh`kubectl -n ${namespaceOf(vm)} edit vm ${nameOf(vm)}`}) and restart the VM.`,
            },
          ];
        }),
    },
    sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-1-2-to-v1-2-0', `${HARVESTER_ISSUE}4534`],
    remedy: `Replace ${OLD_VMDP_IMAGE} with ${VMDP_IMAGE} in the VM and restart it.`,
  },
  {
    id: 'instance-manager-pdb-wrong-node-v1-2',
    title: "No instance-manager budget selects another node's pods",
    from: { below: 'v1.2.1-0' },
    to: { atLeast: 'v1.2.0-0', below: 'v1.2.2-0' },
    detection: {
      kind: 'check',
      needs: ['podDisruptionBudgets', 'longhornInstanceManagers'],
      // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 5.2 (harvester#3730): a
      // Longhorn instance-manager PodDisruptionBudget whose longhorn.io/node selector names another node than its
      // InstanceManager's spec.nodeID keeps the drain of that node at Pre-drained.
      run: (snapshot) => {
        const managers = new Map(
          itemsOf(snapshot, 'longhornInstanceManagers').map((manager) => [nameOf(manager), manager]),
        );
        return itemsOf(snapshot, 'podDisruptionBudgets').flatMap((pdb: PodDisruptionBudget): Finding[] => {
          const manager = managers.get(nameOf(pdb));
          const selected = pdb.spec?.selector?.matchLabels?.['longhorn.io/node'];
          const owner = manager?.spec?.nodeID;
          if (namespaceOf(pdb) !== LONGHORN_NAMESPACE || !selected || !owner || selected === owner) return [];
          return [
            {
              check: 'instance-manager-pdb-wrong-node-v1-2',
              severity: 'error',
              object: refOf('PodDisruptionBudget', pdb),
              message: `selects the pods of node ${selected}, while its instance manager runs on ${owner}, so the drain of ${selected} will stop at Pre-drained`,
              remedy: `Check that every attached volume is healthy, then remove the budget with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${LONGHORN_NAMESPACE} ${nameOf(pdb)} --override-operator-budgets`}`,
            },
          ];
        });
      },
    },
    sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-1-2-to-v1-2-0', `${HARVESTER_ISSUE}3730`],
    remedy:
      'Check that every attached volume is healthy, then delete the instance-manager budget that names the wrong node.',
  },
  {
    id: 'harvester-seeder-addon-v1-2-2',
    title: 'The harvester-seeder add-on names a chart that v1.2.2 ships',
    from: release('v1.2.1'),
    to: release('v1.2.2'),
    detection: {
      kind: 'check',
      needs: ['addons'],
      // harvester/docs versioned_docs/version-v1.3/upgrade/v1-2-1-to-v1-2-2.md known issue 2: v1.2.2 bundles
      // harvester-seeder chart 0.1.1, the Addon keeps asking for 0.1.0, and the chart cannot be installed.
      run: (snapshot) =>
        itemsOf(snapshot, 'addons').flatMap((addon): Finding[] => {
          if (nameOf(addon) !== 'harvester-seeder') return [];
          const version = (addon as AddonVersion).spec?.version;
          if (version === undefined || version === SEEDER_VERSION) return [];
          const enabled = addon.spec?.enabled === true;
          return [
            {
              check: 'harvester-seeder-addon-v1-2-2',
              severity: 'warning',
              object: refOf('Addon', addon),
              message: `asks for chart version ${version}, which v1.2.2 does not ship (it bundles ${SEEDER_VERSION}), so the add-on is not upgraded and cannot be enabled again`,
              remedy: `${enabled ? 'Disable the add-on, then: ' : ''}${sh`kubectl -n ${namespaceOf(addon) || 'harvester-system'} patch addons.harvesterhci harvester-seeder --type=json -p '[{"op":"replace","path":"/spec/version","value":"${SEEDER_VERSION}"}]'`}`,
            },
          ];
        }),
    },
    sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-2-1-to-v1-2-2'],
    remedy: `Set the harvester-seeder Addon's spec.version to ${SEEDER_VERSION} (disable it first if it is enabled).`,
  },
  {
    id: 'kubeconfig-secret-label-v1-3-1',
    title: 'The local kubeconfig Secret is labelled for Cluster API before v1.3.1',
    from: { atLeast: 'v1.2.2-0', below: 'v1.3.1-0' },
    to: release('v1.3.1'),
    detection: {
      kind: 'check',
      needs: ['localKubeconfigSecrets'],
      // harvester/docs docs/upgrade/v1-2-2-to-v1-3-1.md known issue 1 (harvester#6041): without the label,
      // capi-controller-manager gets Unauthorized listing nodes and the upgrade stops after the first node
      // ("waiting for kubelet to update"). Same rule as the check.
      run: (snapshot) => asEntry('kubeconfig-secret-label-v1-3-1', kubeconfigSecretLabel.run(snapshot)),
    },
    sources: [`${UPGRADE_DOC}v1-2-2-to-v1-3-1`, `${HARVESTER_ISSUE}6041`],
    remedy:
      'Label the secret before upgrading: kubectl label secret local-kubeconfig -n fleet-local cluster.x-k8s.io/cluster-name=local; if the upgrade is already stuck, restart deployment/capi-controller-manager in cattle-provisioning-capi-system.',
  },
  {
    id: 'two-node-worker-not-ready-v1-3-2',
    title: 'A two-node cluster keeps its worker Ready while RKE2 is upgraded',
    from: release('v1.3.1'),
    to: release('v1.3.2'),
    detection: {
      kind: 'check',
      needs: ['nodes'],
      // harvester/docs docs/upgrade/v1-3-1-to-v1-3-2.md known issue 1 (harvester#6432): on two nodes, restarting
      // rke2-server on the management node can leave the worker's agent load balancer unable to reach the API
      // server; the worker turns NotReady, its pods are evicted and the upgrade stops with the management node at
      // Pre-drained or Waiting Reboot. The docs ask to shut down all VMs first to prevent data loss.
      run: (snapshot, path) => {
        const nodes = itemsOf(snapshot, 'nodes');
        if (nodes.length !== 2) return [];
        return [
          {
            check: 'two-node-worker-not-ready-v1-3-2',
            severity: 'warning',
            object: VERSION_OBJECT(path),
            message: `the cluster has two nodes (${nodes.map(nameOf).join(', ')}): while RKE2 is upgraded on the management node, the worker can turn NotReady and stall the upgrade, with a risk of data loss for running VMs`,
            remedy:
              'Shut down all VMs before upgrading; if the worker turns NotReady, run on it: sudo systemctl restart rke2-agent.service (again after each rke2-server restart).',
          },
        ];
      },
    },
    sources: [`${UPGRADE_DOC}v1-3-1-to-v1-3-2`, `${HARVESTER_ISSUE}6432`],
    remedy:
      'Shut down all VMs before upgrading a two-node cluster; restart rke2-agent on the worker if it turns NotReady.',
  },
  {
    id: 'kubevirt-placement-arrives',
    title: "The target's KubeVirt keeps virt-api and virt-controller on control-plane nodes",
    from: { below: 'v1.4.2-0' },
    to: { atLeast: 'v1.4.2-0' },
    detection: {
      kind: 'check',
      needs: ['kubevirts', 'nodes'],
      // KubeVirt 1.3 requires control-plane nodes for its infra pods when spec.infra.nodePlacement is unset
      // (kubevirt/kubevirt pkg/virt-operator/resource/placement/placement.go). Harvester v1.4.2-rc1 shipped 1.3.1
      // without setting it; the chart sets `nodePlacement: {}` from v1.4.2-rc2 (PR #7725). Issue #7647: with one
      // control-plane node its drain stops at Pre-drained.
      run: (snapshot, path) => {
        const target = path.toRelease;
        if (target?.kubevirt === undefined || target.kubevirtNodePlacement === undefined) {
          return { notEvaluated: `the KubeVirt chart values of ${path.to.text} are not in the release table` };
        }
        const kubevirt = parseVersion(target.kubevirt);
        if (!kubevirt || kubevirt.major * 1000 + kubevirt.minor < 1003 || target.kubevirtNodePlacement) return [];
        const cr = itemsOf(snapshot, 'kubevirts').find((item) => nameOf(item) === 'kubevirt');
        if (!cr || cr.spec?.infra?.nodePlacement) return [];
        const deadEnds = controlPlaneDeadEnds(itemsOf(snapshot, 'nodes'));
        if (deadEnds.length === 0) return [];
        return [
          {
            check: 'kubevirt-placement-arrives',
            severity: 'error',
            object: refOf('KubeVirt', cr),
            message: `${path.to.text} brings KubeVirt ${target.kubevirt} without spec.infra.nodePlacement, so virt-api and virt-controller may run only on control-plane nodes, and ${deadEnds.map(nameOf).join(' or ')} is the only schedulable one: its drain will stop at Pre-drained (virt-api-pdb and virt-controller-pdb allow no disruption)`,
            remedy: `Upgrade to v1.4.2 or later instead, whose chart sets nodePlacement; or, before the upgrade: ${PLACEMENT_PATCH}`,
          },
        ];
      },
    },
    sources: [`${HARVESTER_ISSUE}7647`, 'https://github.com/harvester/harvester/pull/7725'],
    remedy: `Pick a target whose chart sets spec.infra.nodePlacement (v1.4.2 or later), or ${PLACEMENT_PATCH}`,
  },
  {
    id: 'longhorn-orphan-engine-budget',
    title: 'No orphan Longhorn engine holds an instance-manager budget',
    from: release('v1.4.0'),
    to: release('v1.4.1'),
    detection: {
      kind: 'check',
      needs: ['longhornInstanceManagers', 'longhornEngines'],
      // harvester/docs docs/upgrade/v1-4-0-to-v1-4-1.md known issue 1 (harvester#7366, longhorn#6764): an instance
      // manager still lists an engine that is stopped with no node (or gone); longhorn-manager then keeps the
      // instance manager's PodDisruptionBudget ("some volumes are still attached") and the drain stops at Pre-drained.
      run: (snapshot) => {
        const engines = new Map(itemsOf(snapshot, 'longhornEngines').map((engine) => [nameOf(engine), engine]));
        return itemsOf(snapshot, 'longhornInstanceManagers').flatMap((manager: InstanceManager): Finding[] => {
          if (manager.spec?.type === 'replica') return [];
          const node = manager.spec?.nodeID ?? '';
          const listed = Object.keys((manager.status as InstanceManagerStatus | undefined)?.instanceEngines ?? {});
          const orphans = listed.filter((name) => {
            const engine = engines.get(name);
            return !engine || (engine.spec?.nodeID ?? '') !== node;
          });
          if (orphans.length === 0) return [];
          const described = orphans.map((name) => {
            const engine = engines.get(name);
            return engine
              ? `${name} (${engine.status?.currentState ?? 'no state'}, ${engine.spec?.nodeID ? `node ${engine.spec.nodeID}` : 'no node'})`
              : `${name} (gone)`;
          });
          return [
            {
              check: 'longhorn-orphan-engine-budget',
              severity: 'error',
              object: refOf('InstanceManager', manager),
              message: `instance manager ${nameOf(manager)} on ${node} still lists ${described.join(', ')}, so Longhorn keeps its PodDisruptionBudget and the drain of ${node} will stop at Pre-drained`,
              remedy: `When the drain of ${node} stops, check that every attached volume is healthy, then remove the budget with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${namespaceOf(manager) || LONGHORN_NAMESPACE} ${nameOf(manager)} --override-operator-budgets`}`,
            },
          ];
        });
      },
    },
    sources: [
      `${UPGRADE_DOC}v1-4-0-to-v1-4-1`,
      `${HARVESTER_ISSUE}7366`,
      'https://github.com/longhorn/longhorn/issues/6764',
    ],
    remedy:
      'Check that every attached volume is healthy, then delete the instance manager budget the orphan engine holds.',
  },
  {
    id: 'longhorn-eviction-aborts-v1-4',
    title: 'No Longhorn eviction is pending on a v1.4 cluster',
    from: minorOf('v1.4'),
    to: ANY,
    detection: {
      kind: 'check',
      needs: ['longhornNodes'],
      // harvester/upgrade-helpers pre-check/v1.x/check.sh check_longhorn_eviction_status aborts on v1.4.x;
      // harvester#7717: a pending eviction can crash longhorn-manager during the upgrade. Same rule as the check.
      run: (snapshot) => asEntry('longhorn-eviction-aborts-v1-4', longhornEvictionRequested.run(snapshot), 'error'),
    },
    sources: [
      `${HARVESTER_ISSUE}7717`,
      'https://github.com/harvester/upgrade-helpers/blob/main/pre-check/v1.x/check.sh',
    ],
    remedy: 'Let the eviction finish, then clear evictionRequested on the Longhorn node or disk.',
  },
  {
    id: 'backup-target-refresh-to-v1-4-2',
    title: 'The backup target has a refresh interval before v1.4.2',
    from: { below: 'v1.4.2-0' },
    to: release('v1.4.2'),
    detection: {
      kind: 'check',
      needs: ['harvesterSettings'],
      // v1.4.2 introduced refreshIntervalInSeconds; empty or 0 refreshes the target without pause (high CPU,
      // harvester/docs docs/upgrade/v1-4-1-to-v1-4-2.md known issue 1, harvester#7885). Same rule as the check.
      run: (snapshot) => asEntry('backup-target-refresh-to-v1-4-2', backupTargetRefreshInterval.run(snapshot)),
    },
    sources: [`${UPGRADE_DOC}v1-4-1-to-v1-4-2`, `${HARVESTER_ISSUE}7885`],
    remedy:
      'Set refreshIntervalInSeconds in the backup-target setting to a positive value (for example 60) before upgrading.',
  },
  {
    id: 'longhorn-rwx-auto-delete-pod',
    title: 'VMs on migratable RWX volumes are not restarted by Longhorn',
    from: { atLeast: 'v1.3.2-0', below: 'v1.5.2-0' },
    to: { atLeast: 'v1.4.0-0', below: 'v1.5.2-0' },
    detection: {
      kind: 'check',
      needs: ['longhornVolumes', 'longhornSettings'],
      // longhorn/longhorn#11158 (harvester#8534): with auto-delete-pod-when-volume-detached-unexpectedly on (Longhorn's
      // default), VMs using migratable RWX volumes restart when the upgrade restarts the CSI plugin pods; affects
      // Harvester v1.4.x, v1.5.0 and v1.5.1 (harvester/docs docs/upgrade/v1-4-2-to-v1-5-0.md known issue 4).
      run: (snapshot) => {
        const volumes = itemsOf(snapshot, 'longhornVolumes').filter((volume: LonghornVolume) => {
          const spec = volume.spec as RwxVolumeSpec | undefined;
          return spec?.accessMode === 'rwx' && spec.migratable === true;
        });
        const setting = longhornSetting(snapshot, AUTO_DELETE_POD);
        if (volumes.length === 0 || setting.value === 'false') return [];
        return [
          {
            check: 'longhorn-rwx-auto-delete-pod',
            severity: 'warning',
            object: settingRef(AUTO_DELETE_POD, setting.object),
            message: `${AUTO_DELETE_POD} is ${setting.value ?? 'unset (default true)'} while ${String(volumes.length)} migratable RWX volume(s) exist (${volumes.map(nameOf).join(', ')}): their VMs restart when the upgrade restarts Longhorn's CSI plugin pods`,
            remedy: `Before the upgrade: kubectl -n ${LONGHORN_NAMESPACE} patch settings.longhorn.io ${AUTO_DELETE_POD} --type merge -p '{"value":"false"}'; set it back to "true" once the upgrade is complete.`,
          },
        ];
      },
    },
    sources: [
      `${UPGRADE_DOC}v1-4-2-to-v1-5-0`,
      `${HARVESTER_ISSUE}8534`,
      'https://github.com/longhorn/longhorn/issues/11158',
    ],
    remedy: `Disable ${AUTO_DELETE_POD} for the upgrade and enable it again afterwards.`,
  },
  {
    id: 'longhorn-backing-image-crd-v1-4-0',
    title: 'The BackingImage CRD is updated before v1.4.0',
    from: minorOf('v1.3'),
    to: release('v1.4.0'),
    detection: {
      kind: 'check',
      needs: ['longhornBackingImages'],
      // harvester/docs docs/upgrade/v1-3-2-to-v1-4-0.md: without Longhorn v1.7.2's BackingImage CRD applied first,
      // backing images (VM images) may be corrupted (longhorn/longhorn#10644). Only clusters with images are at risk;
      // whether the CRD was already updated is not visible in a snapshot.
      run: (snapshot) => {
        const images = itemsOf(snapshot, 'longhornBackingImages');
        if (images.length === 0) return [];
        return [
          {
            check: 'longhorn-backing-image-crd-v1-4-0',
            severity: 'warning',
            object: { kind: 'CustomResourceDefinition', name: 'backingimages.longhorn.io' },
            message: `${String(images.length)} backing image(s) exist, and unless the BackingImage CRD is updated to Longhorn v1.7.2's before the upgrade to v1.4.0 they may be corrupted`,
            remedy: `Update the CRD first as described in ${UPGRADE_DOC}v1-3-2-to-v1-4-0 ("Preventing Corruption of VM Images During Upgrade").`,
          },
        ];
      },
    },
    sources: [`${UPGRADE_DOC}v1-3-2-to-v1-4-0`, 'https://github.com/longhorn/longhorn/issues/10644'],
    remedy: "Apply Longhorn v1.7.2's BackingImage CRD before upgrading to v1.4.0.",
  },
  {
    id: 'container-disk-vm-blocks-drain',
    title: 'No running VM uses a container disk',
    from: minorOf('v1.3'),
    to: release('v1.4.0'),
    detection: {
      kind: 'check',
      needs: ['virtualMachines'],
      // harvester/docs docs/upgrade/v1-3-2-to-v1-4-0.md known issue 1 (harvester#7005): a VM with a container disk
      // cannot be migrated, so the upgrade stays in pre-drain until it is stopped.
      run: (snapshot) =>
        itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
          const fields = vm as VmVolumes;
          if ((fields.status?.printableStatus ?? '') === 'Stopped') return [];
          const disks = (fields.spec?.template?.spec?.volumes ?? []).filter((volume) => volume.containerDisk);
          if (disks.length === 0) return [];
          return [
            {
              check: 'container-disk-vm-blocks-drain',
              severity: 'warning',
              object: refOf('VirtualMachine', vm),
              message: `uses container disk ${disks.map((disk) => disk.name ?? '').join(', ')} and cannot be live-migrated, so the upgrade waits at pre-drain until it is stopped`,
              remedy: `Stop it before the node is drained: ${sh`kubectl -n ${namespaceOf(vm)} patch vm ${nameOf(vm)} --type merge -p '{"spec":{"runStrategy":"Halted"}}'`}`,
            },
          ];
        }),
    },
    sources: [`${UPGRADE_DOC}v1-3-2-to-v1-4-0`, `${HARVESTER_ISSUE}7005`],
    remedy: 'Stop VMs with container disks before their node is drained.',
  },
  {
    id: 'cos-state-passive-image-size',
    title: 'passive.img is sparse before v1.4.0 → v1.4.1',
    from: release('v1.4.0'),
    to: release('v1.4.1'),
    detection: {
      kind: 'manual',
      command: 'du -sh /run/initramfs/cos-state/cOS/*',
      expect:
        'passive.img about as large as active.img (1.7G); a 3.1G passive.img can leave no room for the new image and the node stuck in Waiting Reboot',
    },
    sources: [`${UPGRADE_DOC}v1-4-0-to-v1-4-1`, `${HARVESTER_ISSUE}7457`, `${HARVESTER_ISSUE}7518`],
    remedy:
      'As root on each such node: mount -o remount,rw /run/initramfs/cos-state && fallocate --dig-holes /run/initramfs/cos-state/cOS/passive.img && mount -o remount,ro /run/initramfs/cos-state',
  },
  {
    id: 'management-network-files-v1-7',
    title: 'The management network configuration survives the move to NetworkManager',
    from: minorOf('v1.6'),
    to: minorOf('v1.7'),
    detection: {
      kind: 'manual',
      // harvester/upgrade-helpers pre-check/v1.x/check.sh check_network_config (run only on v1.6.x, harvester#9301).
      command:
        "ls /oem/90_custom.yaml /oem/99_custom.yaml /oem/harvester.config; yq '.install.networks, .install.managementinterface, .install.management_interface' /oem/harvester.config",
      expect:
        '/oem/90_custom.yaml and /oem/harvester.config exist (no 99_custom.yaml), install.networks is null (the v1.0 schema), and one management-interface key is set',
    },
    sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9301`],
    remedy:
      'Rename /oem/99_custom.yaml to /oem/90_custom.yaml and set install.management_interface (and os.dns_nameservers) in /oem/harvester.config on each node before upgrading.',
  },
  {
    id: 'dhcp-client-id-v1-7-0',
    title: 'DHCP-addressed nodes keep their address on v1.7.0',
    from: minorOf('v1.6'),
    to: release('v1.7.0'),
    detection: {
      kind: 'manual',
      command: 'ls /var/lib/wicked/lease-*-dhcp-ipv4.xml',
      expect:
        'no lease file (static address); a lease file means DHCP, and NetworkManager sends another client ID, so the node may get another address',
    },
    sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9260`],
    remedy:
      'Upgrade to v1.7.1 or later, which keeps the DHCP client ID; or reserve addresses by MAC, or after the upgrade copy <client-id> from the lease file: nmcli con modify bridge-mgmt ipv4.dhcp-client-id <client-id> and reboot.',
  },
  {
    id: 'intel-nic-rename-v1-7',
    title: 'Intel i40e/ice interfaces keep their names',
    from: minorOf('v1.6'),
    to: { atLeast: 'v1.7.0-0', below: 'v1.7.2-0' },
    detection: {
      kind: 'manual',
      command:
        'for nic in /sys/class/net/*; do echo "$(basename "$nic") $(basename "$(readlink "$nic/device/driver")" 2>/dev/null)"; done | grep -wE "i40e|ice"',
      expect: 'no output; listed interfaces (X710 and others) may get a port suffix such as np0 and lose connectivity',
    },
    sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9815`, `${HARVESTER_ISSUE}10397`],
    remedy:
      'Add ifname=<name>:<mac> for each listed interface to third_party_kernel_args (grub2-editenv /oem/grubenv set ...) and reboot, or upgrade to v1.7.2 or later.',
  },
  {
    id: 'cos-state-partition-size-v1-8',
    title: 'COS_STATE is at least 15 GB before v1.8',
    from: minorOf('v1.7'),
    to: minorOf('v1.8'),
    detection: {
      kind: 'manual',
      // harvester/upgrade-helpers pre-check/v1.x/check.sh check_cos_state_partition_size (commit 8e30bdf,
      // harvester#10687): 1K-blocks / 1000000 below 15 fails.
      command: 'df /run/initramfs/cos-state/',
      expect:
        '1K-blocks of at least 15000000 (15 GB); a smaller COS_STATE partition leaves a corrupt OS image after the upgrade to v1.8',
    },
    sources: [
      'https://github.com/harvester/upgrade-helpers/blob/main/pre-check/v1.x/check.sh',
      `${HARVESTER_ISSUE}10687`,
    ],
    remedy: 'Re-install the node so that COS_STATE is 15 GB before upgrading it to v1.8.',
  },
  {
    id: 'rwx-storage-network-post-draining',
    title: 'RWX volumes on the storage network do not stall Post-draining',
    from: minorOf('v1.7'),
    to: minorOf('v1.8'),
    detection: {
      kind: 'check',
      needs: ['longhornSettings'],
      // harvester/docs docs/upgrade/v1-7-x-to-v1-8-x.md known issue 2 (harvester#10532): with RWX volumes on the
      // storage network, Harvester clears endpoint-network-for-rwx-volume before Longhorn's migration, the upgrade
      // repository's share manager gets the endpoint nfs://None/... and a node stays in Post-draining.
      run: (snapshot) => {
        const setting = longhornSetting(snapshot, RWX_ON_STORAGE_NETWORK);
        if (setting.value !== 'true') return [];
        return [
          {
            check: 'rwx-storage-network-post-draining',
            severity: 'warning',
            object: settingRef(RWX_ON_STORAGE_NETWORK, setting.object),
            message: `${RWX_ON_STORAGE_NETWORK} is true, so a node may stay in Post-draining while the upgrade repository's RWX volume cannot be mounted (nfs://None)`,
            remedy: `If it happens: kubectl -n ${LONGHORN_NAMESPACE} patch setting endpoint-network-for-rwx-volume --type merge -p '{"value":"<storage-network NAD>"}', delete the upgrade repository's share-manager pod, and kubectl annotate settings.harvesterhci.io rwx-network rwx-network.settings.harvesterhci.io/initialized- (${UPGRADE_DOC}v1-7-x-to-v1-8-x).`,
          },
        ];
      },
    },
    sources: [`${UPGRADE_DOC}v1-7-x-to-v1-8-x`, `${HARVESTER_ISSUE}10532`],
    remedy: 'Know the documented recovery before upgrading; it restores endpoint-network-for-rwx-volume.',
  },
];

/** The knowledge base as shipped: bump `schemaVersion` when an entry's shape changes, `updated` with its content. */
export const KNOWLEDGE_BASE = {
  schemaVersion: 1,
  updated: '2026-11-22',
  entries: KNOWN_ISSUES,
} as const;

/** Every input any entry reads, so that one read of the cluster serves them all. */
export const KNOWN_ISSUE_INPUTS: readonly ResourceKey[] = [
  ...new Set(KNOWN_ISSUES.flatMap((entry) => (entry.detection.kind === 'check' ? entry.detection.needs : []))),
];
