import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { MERGE_PATCH } from './api.js';
import { freePort } from './control-plane.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';
import { liveState } from './setup.js';

const DAY_MS = 86_400_000;
const CHECK = 'rke2-certificate-expiry';

/** openssl's `ca` date form, YYYYMMDDHHMMSSZ. */
const asn1Time = (date: Date): string => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

/**
 * A self-signed EC certificate valid between two chosen times. `openssl req -x509 -days` takes no past dates and
 * OpenSSL 3.0 has no `-not_after`, so `openssl ca -selfsign` signs the request with explicit dates (no shell).
 */
const certificate = (folder: string, name: string, notBefore: Date, notAfter: Date): KeyPair => {
  const dir = mkdtempSync(join(folder, `${name}-`));
  const [key, csr, cert, config] = ['key.pem', 'req.csr', 'cert.pem', 'ca.cnf'].map((file) => join(dir, file));
  if (!key || !csr || !cert || !config) throw new Error('unreachable');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = d',
      '[d]',
      `database = ${join(dir, 'index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${join(dir, 'serial')}`,
      'default_md = sha256',
      'policy = p',
      'unique_subject = no',
      '[p]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const quiet = { stdio: 'ignore' } as const;
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=${name}`,
    ],
    quiet,
  );
  execFileSync(
    'openssl',
    [
      'ca',
      '-batch',
      '-config',
      config,
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-notext',
      '-startdate',
      asn1Time(notBefore),
      '-enddate',
      asn1Time(notAfter),
    ],
    quiet,
  );
  return { key, cert };
};

interface Served {
  readonly port: number;
  /** Bytes the client sent after its handshake completed: must stay 0. */
  readonly bytesAfterHandshake: () => number;
  /** TCP connections accepted. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** kube-controller-manager or kube-scheduler, as far as a handshake shows: a TLS server with the given pair. */
const serve = async (pair: KeyPair): Promise<Served> => {
  let bytes = 0;
  let connections = 0;
  const server = tls.createServer({ key: readFileSync(pair.key), cert: readFileSync(pair.cert) }, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  server.on('connection', () => {
    connections += 1;
  });
  // The probe closes the socket as soon as it holds the certificate, before the server has seen it finish.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bytesAfterHandshake: () => bytes,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
};

/** Resolves once a handshake with 127.0.0.1:port completes (etcd refuses our empty client certificate after it). */
const handshakeWorks = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    socket.on('error', () => {
      resolve(false);
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(true);
    });
  });

/** A real etcd serving TLS and requiring client certificates, as RKE2 runs it (client-cert-auth). */
const startEtcd = async (
  folder: string,
  pair: KeyPair,
  extra: readonly string[] = [],
): Promise<{ port: number; stop(): void }> => {
  const assets = liveState().assets;
  if (!assets) throw new Error('no test binaries');
  const [client, peer] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(folder, 'etcd-'));
  const child: ChildProcess = spawn(
    join(assets, 'etcd'),
    [
      `--data-dir=${data}`,
      `--listen-client-urls=https://127.0.0.1:${String(client)}`,
      `--advertise-client-urls=https://127.0.0.1:${String(client)}`,
      `--listen-peer-urls=http://127.0.0.1:${String(peer)}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${String(peer)}`,
      `--initial-cluster=default=http://127.0.0.1:${String(peer)}`,
      `--cert-file=${pair.cert}`,
      `--key-file=${pair.key}`,
      '--client-cert-auth',
      `--trusted-ca-file=${pair.cert}`,
      '--log-level=error',
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  const stop = (): void => {
    child.kill('SIGKILL');
  };
  const deadline = Date.now() + 30_000;
  const tls12 = extra.includes('--tls-max-version=TLS1.2');
  // Over TLS 1.2 our handshake never completes (see the test); a plain TCP connect tells it is up.
  while (!(tls12 ? await tcpOpen(client) : await handshakeWorks(client))) {
    if (Date.now() > deadline) {
      stop();
      throw new Error('etcd did not serve TLS within 30s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port: client, stop };
};

const tcpOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });

const json = (run: CliRun): PrecheckResult => {
  try {
    return JSON.parse(run.stdout) as PrecheckResult;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

describeLive('rke2-certificate-expiry against real TLS servers and a real etcd', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;
  const folder = mkdtempSync(join(tmpdir(), 'hu-rke2-certs-'));
  const now = Date.now();
  const expired = certificate(folder, 'kube-controller-manager', new Date(now - 400 * DAY_MS), new Date(now - DAY_MS));
  const fine = certificate(folder, 'kube-scheduler', new Date(now - DAY_MS), new Date(now + 365 * DAY_MS));
  const fiveDays = certificate(folder, 'etcd', new Date(now - DAY_MS), new Date(now + 5 * DAY_MS));
  const created: string[] = [];

  afterAll(async () => {
    for (const name of created) await admin.call('DELETE', `/api/v1/nodes/${name}`);
    rmSync(folder, { recursive: true, force: true });
  });

  /** A node as RKE2 labels a management node, its address in the annotation RKE2 writes and as InternalIP. */
  const node = async (prefix: string, address: string, roles: readonly string[]): Promise<string> => {
    const name = uniqueName(prefix);
    created.push(name);
    await admin.must('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: Object.fromEntries(roles.map((role) => [`node-role.kubernetes.io/${role}`, 'true'])),
        annotations: { 'rke2.io/internal-ip': address },
      },
    });
    await admin.must(
      'PATCH',
      `/api/v1/nodes/${name}/status`,
      { status: { addresses: [{ type: 'InternalIP', address }] } },
      MERGE_PATCH,
    );
    return name;
  };

  const precheck = (ports: Readonly<Record<string, number>>) =>
    env.pluginAsync(
      ['precheck', '--only', CHECK, '-o', 'json'],
      {
        HU_TEST_RKE2_PORTS: Object.entries(ports)
          .map(([component, port]) => `${component}=${String(port)}`)
          .join(','),
      },
      'steps',
    );

  it('fails on an expired certificate, warns on one with 5 days left (etcd, client certificate required), and says which endpoints it could not reach', async () => {
    const kcm = await serve(expired);
    const scheduler = await serve(fine);
    const etcd = await startEtcd(folder, fiveDays);
    const reachable = await node('cp-reachable', '127.0.0.1', ['control-plane', 'etcd', 'master']);
    // Loopback answers on all of 127/8, but nothing listens on 127.0.0.2: every port there is refused.
    const refused = await node('cp-refused', '127.0.0.2', ['control-plane']);
    try {
      const run = await precheck({
        'kube-controller-manager': kcm.port,
        'kube-scheduler': scheduler.port,
        etcd: etcd.port,
      });
      const result = json(run);
      const mine = result.findings.filter((finding) => [reachable, refused].includes(finding.object.name));
      expect(mine).toEqual([
        {
          check: CHECK,
          severity: 'error',
          object: { kind: 'Node', name: reachable },
          message: expect.stringMatching(
            new RegExp(
              `^the serving certificate of kube-controller-manager at 127\\.0\\.0\\.1:${String(kcm.port)} \\(CN kube-controller-manager\\) expired on `,
            ),
          ) as unknown,
          remedy: expect.stringContaining('rotateCertificates.generation') as unknown,
        },
        {
          check: CHECK,
          severity: 'warning',
          object: { kind: 'Node', name: reachable },
          message: expect.stringMatching(
            new RegExp(
              `^the serving certificate of etcd at 127\\.0\\.0\\.1:${String(etcd.port)} \\(CN etcd\\) expires on .*, in 4 days$`,
            ),
          ) as unknown,
          remedy: expect.stringContaining('rotateCertificates.generation') as unknown,
        },
        {
          check: CHECK,
          severity: 'info',
          object: { kind: 'Node', name: refused },
          message: `not evaluated: kube-controller-manager at 127.0.0.2:${String(kcm.port)}: connection refused; kube-scheduler at 127.0.0.2:${String(scheduler.port)}: connection refused`,
          remedy: expect.stringContaining(
            'ssh rancher@127.0.0.2, then as root (sudo -i): for c in $(find /var/lib/rancher/rke2/server/tls',
          ) as unknown,
        },
      ]);
      expect(result.checks).toEqual([expect.objectContaining({ id: CHECK, status: 'fail' })]);
      expect(run.status).toBe(1);
      // One connection each, only the handshake: no request, not a byte after it.
      expect([kcm.connections(), scheduler.connections()]).toEqual([1, 1]);
      expect([kcm.bytesAfterHandshake(), scheduler.bytesAfterHandshake()]).toEqual([0, 0]);
    } finally {
      etcd.stop();
      await Promise.all([kcm.close(), scheduler.close()]);
      for (const name of created.splice(0)) await admin.call('DELETE', `/api/v1/nodes/${name}`);
    }
  });

  it('is not evaluated, never passed, when no endpoint can be reached; etcd over TLS 1.2 aborts before showing its certificate', async () => {
    // Over TLS 1.2 the server's certificate comes before the client's, but the server refuses the empty one before
    // the handshake completes, and Node hands over the peer certificate only on completion.
    const etcd = await startEtcd(folder, fine, ['--tls-max-version=TLS1.2']);
    const refused = await node('cp-refused', '127.0.0.2', ['control-plane']);
    const etcdOnly = await node('witness', '127.0.0.1', ['etcd']);
    try {
      const closed = await freePort();
      const run = await precheck({ 'kube-controller-manager': closed, 'kube-scheduler': closed, etcd: etcd.port });
      const result = json(run);
      expect(result.checks).toEqual([
        expect.objectContaining({
          id: CHECK,
          status: 'not-evaluated',
          reason: expect.stringMatching(/endpoints not read, first: .* \(manual command under the check\)$/) as unknown,
        }),
      ]);
      const messages = result.findings
        .filter((finding) => [refused, etcdOnly].includes(finding.object.name))
        .map((finding) => [finding.severity, finding.object.name, finding.message]);
      expect(messages).toEqual([
        [
          'info',
          refused,
          `not evaluated: kube-controller-manager at 127.0.0.2:${String(closed)}: connection refused; kube-scheduler at 127.0.0.2:${String(closed)}: connection refused`,
        ],
        [
          'info',
          etcdOnly,
          // OpenSSL names alert 40 "sslv3 alert handshake failure" or "ssl/tls alert handshake failure" by version.
          expect.stringMatching(
            new RegExp(
              `^not evaluated: etcd at 127\\.0\\.0\\.1:${String(etcd.port)}: the TLS handshake failed before a certificate was shown \\(.*alert handshake failure\\)$`,
            ),
          ),
        ],
      ]);
      expect(run.status).toBe(3);
    } finally {
      etcd.stop();
      for (const name of created.splice(0)) await admin.call('DELETE', `/api/v1/nodes/${name}`);
    }
  });

  it('is not evaluated offline, with the reason', () => {
    const offline = json(
      runCli([
        'precheck',
        '--bundle',
        join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node'),
        '--only',
        CHECK,
        '-o',
        'json',
      ]),
    );
    expect(offline.checks).toEqual([
      expect.objectContaining({
        status: 'not-evaluated',
        reason: 'RKE2 control-plane certificates (TLS handshakes with the nodes): read live only',
      }),
    ]);
  });
});
