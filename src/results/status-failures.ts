import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { kubeletVersionOf } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { ChosenUpgrade } from './status-phases.js';
import type { JobEvidence, NodeRow, StatusPhase } from './status-types.js';

/** harvester/docs docs/upgrade/troubleshooting.md: a bundle before anything else; never restart in phase 4. */
const TROUBLESHOOTING = 'harvester/docs docs/upgrade/troubleshooting.md';

const kindOf = (chosen: ChosenUpgrade): string => chosen.kind;

/** The failed upgrade: the phase that failed, the failing Job's message, and what the docs say to do next. */
export const failureFindings = (
  chosen: ChosenUpgrade,
  phases: readonly StatusPhase[],
  jobs: readonly JobEvidence[],
): Finding[] => {
  const failed = phases.find((phase) => phase.state === 'failed');
  const job = jobs.filter((j) => j.state === 'failed').at(-1);
  const inNodes = failed?.id.startsWith('node/') === true;
  const where = failed ? `${failed.title} failed${failed.detail ? ` (${failed.detail})` : ''}` : 'it is marked Failed';
  const jobText = job ? `; Job ${job.namespace}/${job.name} failed${job.message ? `: ${job.message}` : ''}` : '';
  return [
    {
      check: 'upgrade-failed',
      severity: 'error',
      object: refOf(kindOf(chosen), chosen.object),
      message: `upgrade ${nameOf(chosen.object)} failed: ${where}${jobText}`,
      remedy: inNodes
        ? `Generate a support bundle first. The upgrade failed while upgrading nodes: do not restart it unless SUSE support tells you to (${TROUBLESHOOTING}, Phase 4); read the failing Job's log above (kubectl -n ${job?.namespace ?? 'harvester-system'} logs job/${job?.name ?? `${nameOf(chosen.object)}-…`}).`
        : `Generate a support bundle, fix what the failing Job's log above names, then stop the upgrade and start it again (${TROUBLESHOOTING}, "Restart the upgrade").`,
    },
  ];
};

/** Kubelet versions with the nodes that run each, for the "mixed versions" sentence. */
const versionSpread = (snapshot: ClusterSnapshot): string => {
  const byVersion = new Map<string, string[]>();
  for (const node of itemsOf(snapshot, 'nodes')) {
    const version = kubeletVersionOf(node) || 'unknown';
    byVersion.set(version, [...(byVersion.get(version) ?? []), nameOf(node)]);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, nodes]) => `${version} on ${nodes.sort().join(', ')}`)
    .join('; ');
};

/**
 * A node lost while the upgrade works on its nodes. Harvester cannot finish, stop or redo the upgrade around it: the
 * upgrade webhook refuses to delete an Upgrade while NodesUpgraded is Unknown ("node upgrade is in progressing"), as
 * removing it would leave nodes on different RKE2 versions and fail the next upgrade, and refuses a new Upgrade while
 * fleet-local/local is Provisioning, which a lost machine keeps it (harvester/harvester
 * pkg/webhook/resources/upgrade/validator.go at v1.8.1). The node's turn, one node at a time
 * (secret_controller.go checkEligibleToDrain), never comes for the others.
 */
export const nodeLossFindings = (
  snapshot: ClusterSnapshot,
  chosen: ChosenUpgrade,
  nodes: readonly NodeRow[],
): Finding[] => {
  const statuses =
    chosen.kind === 'Upgrade'
      ? (chosen.object.status?.nodeStatuses ?? {})
      : (chosen.object.status?.nodeUpgradeStatuses ?? {});
  if (Object.keys(statuses).length === 0) return [];
  const versions = versionSpread(snapshot);
  const mixed = new Set(itemsOf(snapshot, 'nodes').map(kubeletVersionOf)).size > 1;
  return nodes
    .filter((row) => row.ready !== 'Ready' && row.state !== 'Succeeded')
    .map((row) => ({
      check: 'node-lost-mid-upgrade',
      severity: 'error',
      object: { kind: 'Node', name: row.node },
      message:
        `node ${row.node} is ${row.ready === 'missing' ? 'gone' : `not Ready (${row.ready})`} while upgrade ${nameOf(chosen.object)} upgrades nodes (its state: ${row.state})` +
        `; Harvester cannot remove a node during an upgrade, nor stop this upgrade, and ${mixed ? `the nodes are left on mixed versions: ${versions}` : 'the nodes not yet upgraded stay on the old version'}`,
      remedy:
        `1. Generate a support bundle (${TROUBLESHOOTING}). 2. Bring ${row.node} back (power, network, disk) until its kubelet reports Ready: its Job then runs again and the upgrade resumes where it stopped. ` +
        `3. If it cannot come back, do not delete the Upgrade or start a new one: the webhook refuses both while nodes are upgrading or fleet-local/local is Provisioning (harvester/harvester pkg/webhook/resources/upgrade/validator.go); ` +
        `contact SUSE support, as the docs say for any upgrade stuck in its node phase (${TROUBLESHOOTING}, Phase 4).`,
    }));
};
