import { harvesterReleaseOfKubelet } from '../model/harvester.js';
import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { isControlPlane, isEtcd, isWitness, kubeletVersionOf, type Node } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { compareVersions, parseVersion, type Version } from '../model/version.js';
import type { Check } from './check.js';
import { upgradingNodes } from '../facts/harvester-upgrade.js';

interface Kubelet {
  readonly node: Node;
  readonly version: Version;
}

const minorIndex = (version: Version): number => version.major * 1000 + version.minor;

/** Highest version first; build metadata (`+rke2r2`) breaks ties so that two texts never compare equal. */
const newestFirst = (a: Version, b: Version): number => compareVersions(b, a) || b.text.localeCompare(a.text);

/** `v1.29.9+rke2r1 on node-1, node-2; v1.30.7+rke2r1 on node-3`, oldest version first. */
const whoRunsWhat = (kubelets: readonly Kubelet[]): string => {
  const byText = new Map<string, { version: Version; nodes: string[] }>();
  for (const { node, version } of kubelets) {
    const entry = byText.get(version.text) ?? { version, nodes: [] };
    entry.nodes.push(nameOf(node));
    byText.set(version.text, entry);
  }
  return [...byText.values()]
    .sort((a, b) => newestFirst(b.version, a.version))
    .map(({ version, nodes }) => `${version.text} on ${nodes.sort().join(', ')}`)
    .join('; ');
};

/** A node that is neither control plane nor etcd: Rancher upgrades it only after those tiers. */
const isPlainWorker = (node: Node): boolean => !isControlPlane(node) && !isEtcd(node) && !isWitness(node);

const releases = (older: Version, newer: Version): string => {
  const from = harvesterReleaseOfKubelet(older);
  const to = harvesterReleaseOfKubelet(newer);
  return from && to && from !== to ? `Harvester ${from} → ${to}` : '';
};

const LATEST_UPGRADE =
  'kubectl -n harvester-system get upgrades.harvesterhci.io -l harvesterhci.io/latestUpgrade=true -o yaml (status.nodeStatuses)';

const kubeletsOf = (snapshot: ClusterSnapshot): Kubelet[] =>
  itemsOf(snapshot, 'nodes').flatMap((node): Kubelet[] => {
    const version = parseVersion(kubeletVersionOf(node));
    return version ? [{ node, version }] : [];
  });

/** What every kubelet is measured against. */
interface SkewFrame {
  readonly summary: string;
  readonly oldestControlPlane: Version | undefined;
  readonly aheadOfControlPlane: (k: Kubelet) => boolean;
  readonly newest: Version;
  readonly newestInMinor: (version: Version) => Version;
}

const skewFrame = (kubelets: readonly Kubelet[]): SkewFrame | undefined => {
  const summary = whoRunsWhat(kubelets);
  const sorted = [...kubelets].sort((a, b) => newestFirst(a.version, b.version));
  const oldestControlPlane = sorted.filter((k) => isControlPlane(k.node)).at(-1)?.version;
  const aheadOfControlPlane = (k: Kubelet): boolean =>
    oldestControlPlane !== undefined && isPlainWorker(k.node) && minorIndex(k.version) > minorIndex(oldestControlPlane);
  // A worker ahead of the control plane is the fault itself; the others are measured against the rest.
  const level = sorted.filter((k) => !aheadOfControlPlane(k));
  const newest = level[0]?.version;
  if (!newest) return undefined;
  const newestInMinor = (version: Version): Version =>
    level.find((k) => minorIndex(k.version) === minorIndex(version))?.version ?? version;
  return { summary, oldestControlPlane, aheadOfControlPlane, newest, newestInMinor };
};

/** The one finding (or none) for a kubelet: ahead of the control plane, minors behind, one behind, or a patch apart. */
const kubeletFindings = (kubelet: Kubelet, frame: SkewFrame, upgrading: string | undefined): Finding[] => {
  const { node, version } = kubelet;
  const { summary, oldestControlPlane, newest } = frame;
  const finding = (severity: Finding['severity'], fact: string, remedy: string): Finding[] => [
    {
      check: 'kubelet-version-skew',
      severity,
      object: refOf('Node', node),
      message: `${fact} (${summary})`,
      remedy,
    },
  ];
  if (oldestControlPlane && frame.aheadOfControlPlane(kubelet)) {
    return finding(
      'error',
      `worker kubelet ${version.text} is newer than the oldest control-plane kubelet ${oldestControlPlane.text}`,
      `A kubelet must never be newer than the API server; the node was probably installed from a newer ISO: reinstall ${nameOf(node)} with the cluster's Harvester version.`,
    );
  }
  const gap = minorIndex(newest) - minorIndex(version);
  if (gap > 1) {
    return finding(
      'error',
      `kubelet ${version.text} is ${String(gap)} minors behind ${newest.text}`,
      `Kubernetes upgrades one minor at a time, so this node missed an upgrade: find why (${LATEST_UPGRADE}; kubectl -n fleet-local get machines.cluster.x-k8s.io) and bring it level before upgrading again.`,
    );
  }
  if (gap === 1) {
    const harvester = releases(version, newest);
    return upgrading
      ? finding(
          'info',
          `kubelet ${version.text} is one minor behind ${newest.text} while ${upgrading} upgrades the nodes`,
          'Nothing to do: the upgrade moves one node at a time.',
        )
      : finding(
          'error',
          `kubelet ${version.text} is one minor behind ${newest.text} and no upgrade is upgrading nodes: a stalled upgrade${harvester ? ` (${harvester} incomplete)` : ''}`,
          `Finish the earlier upgrade before starting another: ${LATEST_UPGRADE}; kubectl -n fleet-local get clusters.provisioning.cattle.io local -o yaml.`,
        );
  }
  const top = frame.newestInMinor(version);
  if (top.text === version.text) return [];
  const harvester = releases(version, top);
  return finding(
    'info',
    `kubelet ${version.text} differs from ${top.text} by patch level only${harvester ? ` (${harvester})` : ''}`,
    upgrading
      ? 'Nothing to do: the upgrade moves one node at a time.'
      : `Harmless for the upgrade; if no upgrade runs, check that the last one finished on this node: ${LATEST_UPGRADE}.`,
  );
};

/**
 * Kubernetes allows kubelets to lag the API server but never to lead it, and upgrades one minor at a time
 * (kubernetes/website: content/en/releases/version-skew-policy.md). Harvester's upgrade moves every node to the
 * release's RKE2 one node at a time, control plane before workers, so adjacent minors are normal only while an
 * upgrade is in its node phase; mixed minors otherwise mean an earlier upgrade stopped half way (e.g.
 * v1.29.9+rke2r1 and v1.30.7+rke2r1 = Harvester v1.4.0 → v1.4.1), which the next upgrade trips over — the webhook
 * refuses to delete an upgrade mid node phase for that reason (harvester/harvester:
 * pkg/webhook/resources/upgrade/validator.go). Control-plane and etcd nodes are exempt from the "newer than the
 * control plane" rule: RKE2 upgrades a server's API server and kubelet together, and Rancher's planner may take an
 * etcd-only (witness) node before the control plane (its tier order is not re-verified here).
 */
export const kubeletVersionSkew: Check = {
  id: 'kubelet-version-skew',
  title: 'Nodes run one Kubernetes version',
  description:
    'Kubelet versions must not be more than one minor apart, a worker must not be ahead of the control plane, and ' +
    'different minors are expected only while an upgrade is upgrading nodes.',
  needs: ['nodes', 'upgrades'],
  optional: ['upgradePlans'],
  run: (snapshot) => {
    const kubelets = kubeletsOf(snapshot);
    if (new Set(kubelets.map((k) => k.version.text)).size < 2) return [];
    const frame = skewFrame(kubelets);
    if (!frame) return [];
    const upgrading = upgradingNodes(snapshot);
    return kubelets.flatMap((kubelet) => kubeletFindings(kubelet, frame, upgrading));
  },
};
