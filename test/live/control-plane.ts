import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, type Api } from './api';
import { CRDS, crdManifest } from './crds';
import { alive } from '../processes';

/** A real etcd + kube-apiserver on loopback, as controller-runtime's envtest and k8s's integration framework run them. */
export interface ControlPlane {
  readonly dir: string;
  readonly server: string;
  readonly caFile: string;
  readonly adminToken: string;
  /** Bound by RBAC rules the tests create (tokens.csv users with no groups). */
  readonly limitedToken: string;
  readonly kubeconfig: string;
  /**
   * The process group ids to kill at teardown: etcd's, then kube-apiserver's while it runs. restartApiServer keeps
   * this list, and the state file that global teardown and .ci/run's stop_leftovers read, up to date.
   */
  readonly pids: number[];
  /** How kube-apiserver was started, so that restartApiServer starts it again the same way. */
  readonly apiserver: { readonly binary: string; readonly args: readonly string[]; readonly log: string };
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const start = (binary: string, args: readonly string[], log: string): ChildProcess => {
  const out = openSync(log, 'a');
  // Own process group, so teardown can kill the whole group by id.
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  return child;
};

const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs: number, log: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  const errors = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => /error|fatal/i.test(line))
        .slice(-1)
    : [];
  throw new Error(`${what} did not become ready within ${String(timeoutMs / 1000)}s: ${errors[0] ?? `see ${log}`}`);
};

export const kubeconfigYaml = (server: string, caFile: string, users: Readonly<Record<string, string>>): string => {
  const names = Object.keys(users);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: envtest`,
    `  cluster: {server: "${server}", certificate-authority: "${caFile}"}`,
    'users:',
    ...names.map((name) => `- name: ${name}\n  user: {token: "${users[name] ?? ''}"}`),
    'contexts:',
    ...names.map((name) => `- name: ${name}\n  context: {cluster: envtest, user: ${name}}`),
    `current-context: ${names[0] ?? ''}`,
    '',
  ].join('\n');
};

/** Extra flags, for the benchmark's larger cluster (e.g. etcd's backend quota). */
export interface ControlPlaneOptions {
  readonly etcdArgs?: readonly string[];
  readonly apiServerArgs?: readonly string[];
}

export const startControlPlane = async (assets: string, options: ControlPlaneOptions = {}): Promise<ControlPlane> => {
  const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(shm, 'hu-envtest-'));
  const pki = join(dir, 'pki');
  mkdirSync(pki);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdLog = join(dir, 'etcd.log');
  const etcd = start(
    join(assets, 'etcd'),
    [
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${String(etcdClient)}`,
      `--advertise-client-urls=http://127.0.0.1:${String(etcdClient)}`,
      `--listen-peer-urls=http://127.0.0.1:${String(etcdPeer)}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${String(etcdPeer)}`,
      `--initial-cluster=default=http://127.0.0.1:${String(etcdPeer)}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
      ...(options.etcdArgs ?? []),
    ],
    etcdLog,
  );
  const pids = [etcd.pid ?? 0];
  try {
    await waitFor(
      'etcd',
      async () => (await fetch(`http://127.0.0.1:${String(etcdClient)}/health`)).ok,
      30_000,
      etcdLog,
    );

    const adminToken = randomBytes(16).toString('hex');
    const limitedToken = randomBytes(16).toString('hex');
    // hu-reader (context `reader`) gets its rights only from deploy/rbac, whose bindings name this group.
    const readerToken = randomBytes(16).toString('hex');
    writeFileSync(
      join(dir, 'tokens.csv'),
      `${adminToken},admin,1,"system:masters"\n${limitedToken},limited-reader,2\n` +
        `${readerToken},hu-reader,3,"harvester-upgrade-readers"\n`,
    );
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    // kube-apiserver reads EC keys in SEC1 form (EC PRIVATE KEY), not PKCS#8, for --service-account-key-file.
    writeFileSync(join(dir, 'sa.pem'), privateKey.export({ format: 'pem', type: 'sec1' }));
    const server = `https://127.0.0.1:${String(apiPort)}`;
    const apiLog = join(dir, 'kube-apiserver.log');
    const apiserverArgs = [
      `--etcd-servers=http://127.0.0.1:${String(etcdClient)}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${String(apiPort)}`,
      // Pinned so nothing is advertised on the machine's real interface.
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      // No --tls-cert-file: the server writes a self-signed serving certificate for 127.0.0.1 here.
      `--cert-dir=${pki}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}`,
      `--service-account-key-file=${join(dir, 'sa.pem')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.pem')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--disable-admission-plugins=ServiceAccount',
      '--enable-priority-and-fairness=false',
      ...(options.apiServerArgs ?? []),
    ];
    const apiserver = start(join(assets, 'kube-apiserver'), apiserverArgs, apiLog);
    pids.push(apiserver.pid ?? 0);
    const caFile = join(pki, 'apiserver.crt');
    await waitFor('kube-apiserver certificate', () => Promise.resolve(existsSync(caFile)), 60_000, apiLog);
    const admin = apiClient(server, caFile, adminToken);
    await waitFor('kube-apiserver', async () => (await admin.call('GET', '/readyz')).status === 200, 90_000, apiLog);

    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      kubeconfigYaml(server, caFile, { admin: adminToken, limited: limitedToken, reader: readerToken }),
    );
    await installCrds(admin, apiLog);
    return {
      dir,
      server,
      caFile,
      adminToken,
      limitedToken,
      kubeconfig,
      pids,
      apiserver: { binary: join(assets, 'kube-apiserver'), args: apiserverArgs, log: apiLog },
    };
  } catch (error) {
    stopControlPlane({ pids, dir });
    throw error;
  }
};

const installCrds = async (admin: Api, log: string): Promise<void> => {
  for (const spec of CRDS) {
    await admin.must('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crdManifest(spec));
  }
  await waitForCrds(admin, log);
};

/**
 * Served means discovery lists it and a LIST answers 200 (envtest's WaitForCRDs). Asked all at once: the first LIST of
 * each CRD after a start builds its storage, which takes most of the wait.
 */
const waitForCrds = async (admin: Api, log: string): Promise<void> => {
  await Promise.all(
    CRDS.map((spec) =>
      waitFor(
        `CRD ${spec.plural}.${spec.group}`,
        async () =>
          (await admin.call('GET', `/apis/${spec.group}/${spec.versions[0] ?? ''}/${spec.plural}`)).status === 200,
        30_000,
        log,
      ),
    ),
  );
};

/** Kills by process group id (never by name): SIGTERM, then SIGKILL, then removes the tmpfs folder. */
export const stopControlPlane = (plane: { readonly pids: readonly number[]; readonly dir: string }): void => {
  for (const pid of [...plane.pids].reverse()) {
    if (!pid) continue;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  for (const pid of plane.pids) {
    // This loop blocks the event loop, so Node cannot reap its own children: a zombie counts as stopped.
    while (pid && Date.now() < deadline && !exited(pid))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    if (pid && !exited(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(plane.dir, { recursive: true, force: true });
};

/**
 * Gone, or a zombie its parent has not reaped yet. A zombie group leader may still have threads exiting, which hold
 * the process's sockets: stopApiServer also waits for its port to refuse connections.
 */
const exited = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .startsWith('Z');
  } catch {
    return !alive(pid);
  }
};

/** Whether a connection to the port on loopback is refused: nothing listens there any more. */
const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED');
    });
  });

/** The pids in the state file of this jest run, so that teardown and stop_leftovers kill what runs now. */
const recordPids = (plane: ControlPlane): void => {
  const path = process.env.HU_LIVE_STATE;
  if (!path || !existsSync(path)) return;
  const state = JSON.parse(readFileSync(path, 'utf8')) as { plane?: { pids?: number[] } };
  if (state.plane) state.plane.pids = [...plane.pids];
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
};

/**
 * Kills kube-apiserver's process group with SIGKILL, as a crash or an OOM kill would (no graceful shutdown, open
 * connections cut), and waits until it has exited. etcd keeps running, so nothing stored is lost.
 */
export const stopApiServer = async (plane: ControlPlane): Promise<void> => {
  const pid = plane.pids[1];
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  const deadline = Date.now() + 10_000;
  const port = Number(new URL(plane.server).port);
  while (!exited(pid) || !(await refused(port))) {
    if (Date.now() > deadline) throw new Error(`kube-apiserver (pid ${String(pid)}) did not exit after SIGKILL`);
    await sleep(50);
  }
  plane.pids.splice(1);
  recordPids(plane);
};

/**
 * Starts kube-apiserver again with the arguments it first ran with: the same port, etcd, tokens and --cert-dir, whose
 * serving certificate it reuses when it can read it (k8s.io/apiserver: pkg/server/options/serving.go,
 * MaybeDefaultWithSelfSignedCerts), so kubeconfigs keep working. Returns once /readyz and every CRD answer.
 */
export const startApiServer = async (plane: ControlPlane): Promise<void> => {
  if (plane.pids.length > 1) throw new Error('kube-apiserver is already running');
  const { binary, args, log } = plane.apiserver;
  const { pid } = start(binary, args, log);
  // Never 0: stop_leftovers would kill process group 0, its own.
  if (pid === undefined) throw new Error(`cannot start ${binary}`);
  plane.pids.push(pid);
  recordPids(plane);
  const admin = apiClient(plane.server, plane.caFile, plane.adminToken);
  await waitFor('kube-apiserver', async () => (await admin.call('GET', '/readyz')).status === 200, 90_000, log);
  await waitForCrds(admin, log);
};

/** A real restart: SIGKILL, then the same command line again, waiting until it serves. */
export const restartApiServer = async (plane: ControlPlane): Promise<void> => {
  await stopApiServer(plane);
  await startApiServer(plane);
};

/** Whether kube-apiserver runs: for a test's `finally`, which must leave the shared plane serving. */
export const apiServerRunning = (plane: ControlPlane): boolean => {
  const pid = plane.pids[1];
  return pid !== undefined && !exited(pid);
};
