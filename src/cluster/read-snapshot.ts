import { existsSync } from 'node:fs';
import type { ProbeKey } from '../model/probes.js';
import type { ClusterSnapshot, ReadRequest } from '../model/snapshot.js';
import { parseDuration } from './duration.js';
import { ClusterError, UsageProblem } from './errors.js';
import type { KubeClient, RequestLogEntry } from './kube-client.js';
import type { KubeconfigOptions } from './kubeconfig.js';
import { dedupSnapshot } from './dedup-objects.js';
import { readBundleSnapshot } from './read-bundle.js';
import { dryRunEvictions, type EvictionAnswer, type EvictionProbe } from './dry-run-evictions.js';
import { readLiveSnapshot } from './read-live.js';
import { addProbes, probesNotInBundle } from './read-probes.js';

export interface SnapshotSourceOptions extends KubeconfigOptions {
  readonly bundle?: string;
  readonly requestTimeout: string;
  /** Told of every request sent (`-v 6` and up); never of a header or a body. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

export interface SnapshotRead {
  readonly snapshot: ClusterSnapshot;
  readonly warnings: readonly string[];
}

export { UsageProblem };

export const requestTimeoutMs = (text: string): number | undefined => {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageProblem(`--request-timeout: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/**
 * client-node is loaded only here, when a live cluster is read: `--help`, `--version` and `--bundle` runs never
 * pay for it (esbuild turns this import into a lazy initialiser inside the one bundle).
 */
export const connect = async (options: SnapshotSourceOptions): Promise<KubeClient> => {
  const timeout = requestTimeoutMs(options.requestTimeout);
  const [{ resolveKubeconfig }, { createKubeClient }] = await Promise.all([
    import('./kubeconfig.js'),
    import('./kube-client.js'),
  ]);
  const resolved = resolveKubeconfig(options);
  return createKubeClient(resolved.config, resolved.contextName, timeout, {}, options.onRequest);
};

/**
 * Runs the kubeconfig's exec credential plugin, if the user has one, before any spinner starts: the plugin writes
 * to stderr and may ask the user something on the terminal (and ora would swallow stdin meanwhile). Every
 * connection of the run then reuses its credential. Nothing to do for a bundle.
 */
export const authenticate = async (options: SnapshotSourceOptions): Promise<void> => {
  if (options.bundle !== undefined) return;
  requestTimeoutMs(options.requestTimeout);
  const { resolveKubeconfig } = await import('./kubeconfig.js');
  await resolveKubeconfig(options).authenticate();
};

/** One read per run: the live cluster through the kubeconfig, or a bundle offline. */
export const readSnapshot = async (
  options: SnapshotSourceOptions,
  requests: readonly ReadRequest[],
  probes: readonly ProbeKey[] = [],
): Promise<SnapshotRead> => {
  // Checked with --bundle too, where it is unused: a typo is a usage error whatever the mode.
  requestTimeoutMs(options.requestTimeout);
  if (options.bundle !== undefined) {
    if (!existsSync(options.bundle)) {
      throw new UsageProblem(
        `--bundle ${options.bundle} does not exist: pass a support bundle zip, folder or YAML file`,
      );
    }
    try {
      const read = await readBundleSnapshot(options.bundle, requests);
      if (read.unusable !== undefined) throw new Error(read.unusable);
      const unique = dedupSnapshot(read.snapshot, 'in the bundle');
      return {
        snapshot: probesNotInBundle(unique.snapshot, probes),
        warnings: [...read.warnings, ...unique.warnings],
      };
    } catch (error) {
      throw new ClusterError(
        'config',
        `cannot read bundle ${options.bundle}: ${error instanceof Error ? error.message : String(error)}`,
        'pass a Harvester support bundle zip, an extracted bundle folder, or kubectl get -o yaml files',
      );
    }
  }
  const client = await connect(options);
  try {
    // The API server lists an object once; a list restarted or paged across a change could still repeat one.
    const unique = dedupSnapshot(await readLiveSnapshot(client, requests), "in the API server's lists");
    const snapshot = unique.snapshot;
    return {
      snapshot: probes.length > 0 ? await addProbes(client, snapshot, probes) : snapshot,
      warnings: unique.warnings,
    };
  } finally {
    client.close();
  }
};

/** `explain-drain --probe`: server-side dry-run evictions on the live cluster, after the read. */
export const probeEvictions = async (
  options: SnapshotSourceOptions,
  pods: readonly EvictionProbe[],
): Promise<EvictionAnswer[]> => {
  const client = await connect(options);
  try {
    return await dryRunEvictions(client, pods);
  } finally {
    client.close();
  }
};
