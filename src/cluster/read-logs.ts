import { logKey, tailOf, type LogRequest, type LogTail, type PodLogs } from '../model/pod-log.js';
import { invalidNameReason } from '../model/object-name.js';
import { InvalidObjectName, resourcePath } from './api-path.js';
import { listBundle } from './bundle-entries.js';
import { ClusterError } from './errors.js';
import { statusMessage } from './kube-client.js';
import { connect, type SnapshotSourceOptions } from './read-snapshot.js';

/** At most this many logs per run, each bounded in bytes by the server, and each request by its own timeout. */
export const MAX_LOGS = 20;
const LOG_BYTES = 256 * 1024;
const LOG_TIMEOUT_MS = 10_000;

/** Why logs were not read when `pods/log` is forbidden: the rule is optional (deploy/rbac/README.md). */
export const LOGS_FORBIDDEN = 'forbidden: get pods/log (grant the optional pods-log rule of deploy/rbac/reader.yaml)';

const PODS = { group: '', version: 'v1', plural: 'pods' };

/** A container name is a DNS label (kubernetes pkg/apis/core/validation ValidateContainerName). */
const containerProblem = (container: string): string | undefined =>
  /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(container)
    ? undefined
    : `not a container name: ${JSON.stringify(container.slice(0, 80))}`;

const failed = (reason: string): LogTail => ({ status: 'not-evaluated', reason });

/**
 * One container's log through `GET /api/v1/namespaces/NS/pods/NAME/log` (the kubelet serves it through the API
 * server), with timestamps as support-bundle-kit writes them (rancher/support-bundle-kit pkg/manager/client/k8s.go
 * GetPodContainerLogRequest), so a live tail and a bundle's read the same.
 */
const readLiveLog = async (
  client: Awaited<ReturnType<typeof connect>>,
  request: LogRequest,
  lines: number,
): Promise<LogTail | 'forbidden'> => {
  const problem = invalidNameReason('Pod', request.pod) ?? containerProblem(request.container);
  if (problem) return failed(`not read: ${problem}`);
  const path = resourcePath(PODS, request.namespace, { kind: 'Pod', name: request.pod, subresource: 'log' });
  const response = await client.request(path, {
    accept: 'text/plain',
    timeoutMs: LOG_TIMEOUT_MS,
    noRetry: true,
    query: {
      container: request.container,
      tailLines: String(lines),
      timestamps: 'true',
      limitBytes: String(LOG_BYTES),
      ...(request.previous ? { previous: 'true' } : {}),
    },
  });
  if (response.status === 403) return 'forbidden';
  if (response.status !== 200) {
    return failed(`pods/log answered ${String(response.status)}: ${statusMessage(response.body).slice(0, 160)}`);
  }
  return { status: 'ok', lines: tailOf(typeof response.body === 'string' ? response.body : '', lines) };
};

const readLive = async (
  options: SnapshotSourceOptions,
  requests: readonly LogRequest[],
  lines: number,
): Promise<PodLogs> => {
  const client = await connect(options);
  const tails: Record<string, LogTail> = {};
  try {
    for (const request of requests.slice(0, MAX_LOGS)) {
      let tail: LogTail | 'forbidden';
      try {
        tail = await readLiveLog(client, request, lines);
      } catch (error) {
        if (error instanceof InvalidObjectName) tail = failed(`not read: ${error.reason}`);
        else if (error instanceof ClusterError) tail = failed(error.oneLine());
        else throw error;
      }
      if (tail === 'forbidden') return { tails: {}, notRead: LOGS_FORBIDDEN };
      tails[logKey(request)] = tail;
    }
  } finally {
    client.close();
  }
  return { tails };
};

/**
 * support-bundle-kit writes each container's log to `logs/<namespace>/<pod>/<container>.log`, and the run before the
 * last restart to `<container>.log.1` (pkg/manager/cluster.go generateSupportBundleLogs, getLogToFile), beside
 * `yamls/`, possibly under one top-level folder.
 */
export const bundleLogPath = (request: LogRequest): string =>
  `logs/${request.namespace}/${request.pod}/${request.container}.log${request.previous ? '.1' : ''}`;

const readBundle = async (path: string, requests: readonly LogRequest[], lines: number): Promise<PodLogs> => {
  const listing = await listBundle(path);
  const tails: Record<string, LogTail> = {};
  try {
    for (const request of requests.slice(0, MAX_LOGS)) {
      const wanted = bundleLogPath(request);
      const entry = listing.entries.find((e) => e.path === wanted || e.path.endsWith(`/${wanted}`));
      if (!entry) {
        tails[logKey(request)] = failed(`not in the bundle (${wanted})`);
        continue;
      }
      try {
        tails[logKey(request)] = entry.problem
          ? failed(entry.problem)
          : { status: 'ok', lines: tailOf((await entry.read()).toString('utf8'), lines) };
      } catch (error) {
        tails[logKey(request)] = failed(
          `cannot read ${wanted}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } finally {
    listing.close();
  }
  return { tails };
};

/** The last `lines` lines of each log asked for, live through pods/log or from the bundle's logs folder. */
export const readPodLogs = async (
  options: SnapshotSourceOptions,
  requests: readonly LogRequest[],
  lines: number,
): Promise<PodLogs> => {
  if (lines <= 0) return { tails: {}, notRead: 'not read (--log-lines 0)' };
  if (requests.length === 0) return { tails: {} };
  return options.bundle !== undefined
    ? readBundle(options.bundle, requests, lines)
    : readLive(options, requests, lines);
};
