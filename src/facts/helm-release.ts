import type { Finding } from '../model/finding.js';
import { labelOf, nameOf, type KubeObject } from '../model/kube-object.js';
import { sh } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

/**
 * The Helm releases Rancher installs and Harvester's upgrade waits on, where they live. upgrade_rancher runs
 * `helm upgrade rancher … --wait`, then `wait_helm_release` for fleet and fleet-crd (cattle-fleet-system) and
 * rancher-webhook (cattle-system), each until its last revision is the new chart and `deployed`, with no timeout
 * (harvester/harvester package/upgrade/upgrade_manifests.sh, every tag from v1.1.0 to v1.9.0-rc6).
 */
export const WATCHED_RELEASES = [
  { key: 'fleetHelmReleaseSecrets', namespace: 'cattle-fleet-system', name: 'fleet' },
  { key: 'fleetHelmReleaseSecrets', namespace: 'cattle-fleet-system', name: 'fleet-crd' },
  { key: 'rancherHelmReleaseSecrets', namespace: 'cattle-system', name: 'rancher' },
  { key: 'rancherHelmReleaseSecrets', namespace: 'cattle-system', name: 'rancher-webhook' },
] as const;

export type WatchedRelease = (typeof WATCHED_RELEASES)[number];

/** The inputs the releases are read from: their Secrets' metadata, one namespace each. */
export const HELM_RELEASE_INPUTS = ['fleetHelmReleaseSecrets', 'rancherHelmReleaseSecrets'] as const;

/**
 * Helm's in-flight states (helm/helm pkg/release/status.go IsPending). While the last revision is in one, Helm
 * refuses to upgrade the release: "another operation (install/upgrade/rollback) is in progress"
 * (pkg/action/upgrade.go). A Helm process killed mid-operation (a restarted Rancher, a node reboot) leaves it so.
 */
export const PENDING_STATUSES: readonly string[] = ['pending-install', 'pending-upgrade', 'pending-rollback'];

/** The version whose upgrade script will run, or a lower bound of it (a model or a path version). */
export interface ScriptVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** v1.8.0 and later, prereleases of v1.8.0 included (the rollback is in v1.8.0-rc1). */
const rollsBack = (version: ScriptVersion): boolean => (version.major - 1 || version.minor - 8) >= 0;

interface Revision {
  readonly revision: number;
  readonly status: string | undefined;
  readonly secret: KubeObject;
}

/** The revision a release Secret holds: its `version` label, else the `.v<N>` its name ends in (storage.go makeKey). */
const revisionOf = (secret: KubeObject): number | undefined => {
  const text = labelOf(secret, 'version') ?? /\.v(\d+)$/.exec(nameOf(secret))?.[1];
  return text !== undefined && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;
};

/** A release's revisions, oldest first, from the metadata of its Secrets. */
const revisionsOf = (snapshot: ClusterSnapshot, release: WatchedRelease): Revision[] =>
  itemsOf(snapshot, release.key)
    .filter(
      (secret) =>
        secret.metadata?.namespace === release.namespace &&
        labelOf(secret, 'owner') === 'helm' &&
        labelOf(secret, 'name') === release.name,
    )
    .flatMap((secret) => {
      const revision = revisionOf(secret);
      return revision === undefined ? [] : [{ revision, status: labelOf(secret, 'status'), secret }];
    })
    .sort((a, b) => a.revision - b.revision);

/** A watched release whose last revision is pending, and the newest revision Helm could roll back to. */
export interface PendingRelease {
  readonly release: WatchedRelease;
  readonly latest: Revision;
  readonly lastDeployed?: number;
}

export const pendingReleases = (snapshot: ClusterSnapshot): PendingRelease[] =>
  WATCHED_RELEASES.flatMap((release) => {
    const revisions = revisionsOf(snapshot, release);
    const latest = revisions.at(-1);
    if (!latest?.status || !PENDING_STATUSES.includes(latest.status)) return [];
    // The script's own choice: the newest `deployed` revision (wait_helm_release, v1.8.0 and later).
    const lastDeployed = revisions.filter((revision) => revision.status === 'deployed').at(-1)?.revision;
    return [{ release, latest, ...(lastDeployed === undefined ? {} : { lastDeployed }) }];
  });

/**
 * What the target's upgrade script does with it. From v1.8.0 (first in v1.8.0-dev-20260215) `wait_helm_release`
 * rolls a pending revision older than 5 minutes back to the newest deployed one, once (`helm rollback --wait`), and
 * then waits again; scripts before v1.8.0 only wait. `rancher` itself is not waited on: `helm upgrade rancher`
 * fails at once and, under `bash -e`, so does the job.
 */
const scriptBehaviour = (release: WatchedRelease, target: ScriptVersion | undefined, targetKnown: boolean): string => {
  if (release.name === 'rancher') {
    return 'the upgrade job\'s "helm upgrade rancher" fails at once (another operation is in progress)';
  }
  const waits = `Harvester's upgrade waits for ${release.name} to be deployed with no timeout`;
  if (target !== undefined && rollsBack(target)) {
    return `${waits}; the upgrade script of ${targetKnown ? target.text : 'v1.8.0 and later'} rolls such a revision back once by itself after 5 minutes, and waits for ever if that rollback fails`;
  }
  if (target !== undefined && targetKnown) {
    return `${waits}; the upgrade script of ${target.text} never rolls it back (only scripts from v1.8.0 do, once, after 5 minutes)`;
  }
  return `${waits}; only upgrade scripts from v1.8.0 roll such a revision back by themselves (once, after 5 minutes)`;
};

/** When Helm last wrote the revision: its modifiedAt or createdAt label, in Unix seconds (secrets.go Create, Update). */
const since = (secret: KubeObject): string => {
  const seconds = labelOf(secret, 'modifiedAt') ?? labelOf(secret, 'createdAt');
  if (seconds === undefined || !/^\d{1,11}$/.test(seconds)) return '';
  return ` since ${new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')}`;
};

const remedyFor = ({ release, lastDeployed }: PendingRelease): string => {
  const history = sh`helm history ${release.name} -n ${release.namespace}`;
  const rancher = 'kubectl -n cattle-system rollout restart deployment rancher';
  if (lastDeployed === undefined) {
    return `No revision was ever deployed to roll back to: see ${history}, and let Rancher install it again (${rancher}) before upgrading.`;
  }
  return (
    `If no Helm operation is running now, roll it back: ${sh`helm rollback ${release.name} ${lastDeployed} -n ${release.namespace}`} ` +
    `(check with ${history}); Rancher then upgrades it again (faster after ${rancher}).`
  );
};

/**
 * One finding per watched release left pending. `target` is the version whose upgrade script will run, when known
 * (the path's target); otherwise the running version, which bounds it from below (`targetKnown` false).
 */
export const helmReleasePendingFindings = (
  snapshot: ClusterSnapshot,
  check: string,
  target: ScriptVersion | undefined,
  targetKnown: boolean,
): Finding[] =>
  pendingReleases(snapshot).map((pending) => {
    const { release, latest, lastDeployed } = pending;
    const deployed = lastDeployed === undefined ? 'no deployed revision' : `last deployed: ${String(lastDeployed)}`;
    return {
      check,
      severity: 'error',
      object: { kind: 'Secret', namespace: release.namespace, name: nameOf(latest.secret) },
      message:
        `the last revision (${String(latest.revision)}) of Helm release ${release.namespace}/${release.name} is ` +
        `${latest.status ?? ''}${since(latest.secret)} (${deployed}), so Helm refuses to upgrade it, and ` +
        scriptBehaviour(release, target, targetKnown),
      remedy: remedyFor(pending),
    };
  });
