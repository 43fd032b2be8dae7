import { harvesterReleaseOfKubelet } from '../model/harvester.js';
import { naming, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { isControlPlane, isEtcd, isWitness, kubeletVersionOf, type Node } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { compareVersions, parseVersion, type Version } from '../model/version.js';
import type { Check } from './check.js';
import { NODE_UPGRADE_DONE, nodePhase, type NodePhase } from '../facts/harvester-upgrade.js';
import { sh } from '../model/shell.js';

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

/**
 * How many minors a kubelet may lag the API server (kubernetes/website content/en/releases/version-skew-policy.md):
 * two up to Kubernetes 1.27; from 1.28, three, except that a kubelet older than 1.25 keeps two. Harvester's own
 * path relies on it: v1.0.3 → v1.1.x takes RKE2 from 1.22 to 1.24 in one upgrade.
 */
const allowedLag = (server: Version, kubelet: Version): number =>
  minorIndex(server) >= 1028 && minorIndex(kubelet) >= 1025 ? 3 : 2;

const minors = (gap: number): string => (gap === 1 ? 'one minor' : `${String(gap)} minors`);

/** A kubelet behind the newest: beyond the policy, waiting its turn, left behind by its own turn, or stalled. */
const laggingFinding = (
  kubelet: Kubelet,
  frame: SkewFrame,
  phase: NodePhase | undefined,
  finding: (severity: Finding['severity'], fact: string, remedy: string) => Finding[],
): Finding[] => {
  const { node, version } = kubelet;
  const { newest } = frame;
  const gap = minorIndex(newest) - minorIndex(version);
  const behind = `kubelet ${version.text} is ${minors(gap)} behind ${newest.text}`;
  const allowed = allowedLag(newest, version);
  if (gap > allowed) {
    return finding(
      'error',
      `${behind}, more than the ${String(allowed)} the Kubernetes version skew policy allows`,
      `This node missed an upgrade: find why (${LATEST_UPGRADE}; kubectl -n fleet-local get machines.cluster.x-k8s.io) and bring it level before upgrading again.`,
    );
  }
  const state = phase?.stateOf(nameOf(node));
  if (phase && state !== NODE_UPGRADE_DONE) {
    return finding(
      'info',
      `${behind} while ${phase.upgrade} upgrades the nodes; this node's turn has not come (${state ? `state ${state}` : 'no state yet'})`,
      'Nothing to do: the upgrade moves one node at a time.',
    );
  }
  if (phase) {
    return finding(
      'error',
      `${behind}, yet ${phase.upgrade} records this node's upgrade as ${NODE_UPGRADE_DONE}`,
      `RKE2 did not come up at the new version on this node: look at ${sh`journalctl -u rke2-server -u rke2-agent`} on ${nameOf(node)}, and at ${LATEST_UPGRADE}.`,
    );
  }
  const harvester = releases(version, newest);
  return finding(
    'error',
    `${behind} and no upgrade is upgrading nodes: a stalled upgrade${harvester ? ` (${harvester} incomplete)` : ''}`,
    `Finish the earlier upgrade before starting another: ${LATEST_UPGRADE}; kubectl -n fleet-local get clusters.provisioning.cattle.io local -o yaml.`,
  );
};

/** The one finding (or none) for a kubelet: ahead of the control plane, minors behind, or a patch apart. */
const kubeletFindings = (kubelet: Kubelet, frame: SkewFrame, phase: NodePhase | undefined): Finding[] => {
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
  if (minorIndex(newest) > minorIndex(version)) return laggingFinding(kubelet, frame, phase, finding);
  const upgrading = phase?.upgrade;
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
 * Kubernetes allows kubelets to lag the API server, by two or three minors, but never to lead it
 * (kubernetes/website: content/en/releases/version-skew-policy.md). Harvester's upgrade moves every node to the
 * target's RKE2 one node at a time, control plane before workers, and its path may jump minors (v1.0.3 → v1.1.x:
 * RKE2 1.22 → 1.24). So a lag within the policy is normal on a node whose turn has not come while an upgrade is in
 * its node phase; on a node the upgrade records as done, or with no upgrade upgrading nodes, it means an upgrade
 * stopped half way (e.g. v1.29.9+rke2r1 and v1.30.7+rke2r1 = Harvester v1.4.0 → v1.4.1), which the next upgrade
 * trips over — the webhook refuses to delete an upgrade mid node phase for that reason (harvester/harvester:
 * pkg/webhook/resources/upgrade/validator.go). The newest kubelet stands for the API server: RKE2 runs a server's
 * kube-apiserver at its kubelet's version. Control-plane and etcd nodes are exempt from the "newer than the control
 * plane" rule: RKE2 upgrades a server's API server and kubelet together, and Rancher's planner may take an etcd-only
 * (witness) node before the control plane (its tier order is not re-verified here).
 */
export const kubeletVersionSkew: Check = {
  id: 'kubelet-version-skew',
  title: 'Nodes run one Kubernetes version',
  problem: (findings) => naming(findings, 'Nodes run more than one Kubernetes version'),
  description:
    'Kubelets may lag the API server only as far as the Kubernetes skew policy allows, a worker must not be ahead ' +
    'of the control plane, and different minors are expected only on nodes an upgrade has yet to reach.',
  needs: ['nodes', 'upgrades'],
  optional: ['upgradePlans'],
  run: (snapshot) => {
    const kubelets = kubeletsOf(snapshot);
    if (new Set(kubelets.map((k) => k.version.text)).size < 2) return [];
    const frame = skewFrame(kubelets);
    if (!frame) return [];
    const phase = nodePhase(snapshot);
    return kubelets.flatMap((kubelet) => kubeletFindings(kubelet, frame, phase));
  },
};
