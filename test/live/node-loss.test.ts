import { join } from 'node:path';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { parseJson, REPO, runCli } from '../run-cli.js';
import { MERGE_PATCH } from './api.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

const SCENARIOS = join(REPO, 'test', 'fixtures', 'scenarios');
const DAY_MS = 86_400_000;

const NODE_LOSS = [
  'topology-change-in-progress',
  'etcd-quorum-at-risk',
  'management-role-redundancy',
  'longhorn-disk-unhealthy',
  'blockdevice-unhealthy',
  'volume-redundancy-on-node-loss',
  'migration-headroom',
  'upgrade-single-point-of-failure',
  'backup-target-unhealthy',
].join(',');

describeLive('node-loss checks against a real API server (issue #11)', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;

  /** The node-loss checks (backup age aside) live and offline on one scenario, with the live result. */
  const both = async (scenario: string): Promise<{ live: PrecheckResult; status: number | null }> => {
    const folder = join(SCENARIOS, scenario);
    const offline = parseJson(runCli(['precheck', '--bundle', folder, '--only', NODE_LOSS, '-o', 'json']));
    const loaded = await loadFixture(admin, folder);
    try {
      const run = env.plugin(['precheck', '--only', NODE_LOSS, '-o', 'json']);
      const live = parseJson(run) as PrecheckResult;
      expect(live.checks).toEqual((offline as PrecheckResult).checks);
      expect(live.findings).toEqual((offline as PrecheckResult).findings);
      return { live, status: run.status };
    } finally {
      await loaded.unload();
    }
  };

  it('gives the quorum error for three etcd members with one NotReady', async () => {
    const { live, status } = await both('etcd-member-not-ready');
    expect(status).toBe(1);
    expect(live.findings.filter((finding) => finding.severity === 'error')).toEqual([
      expect.objectContaining({
        check: 'etcd-quorum-at-risk',
        object: { kind: 'Node', name: 'harvester-node-2' },
        message: expect.stringMatching(/^etcd member is not Ready \(Ready=Unknown\): 2 of 3 etcd members/) as unknown,
      }),
    ]);
  });

  it('names the node that holds the only healthy replica of a volume', async () => {
    const { live, status } = await both('last-healthy-replica');
    expect(status).toBe(1);
    expect(live.findings).toEqual([
      expect.objectContaining({
        check: 'volume-redundancy-on-node-loss',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-0d7c3e1a-5b2f-4c1e-9a7d-000000000001' },
        message: expect.stringContaining('its only healthy replica is on harvester-node-0') as unknown,
      }),
    ]);
  });

  it('names the node whose VMs the rest of the cluster cannot absorb', async () => {
    const { live, status } = await both('no-migration-headroom');
    expect(status).toBe(0);
    expect(live.findings).toEqual([
      expect.objectContaining({
        check: 'migration-headroom',
        severity: 'warning',
        object: { kind: 'Node', name: 'harvester-node-0' },
        message: expect.stringContaining('short by 6 CPU and 24Gi memory') as unknown,
      }),
    ]);
  });

  it('judges backup age against the time of the live read', async () => {
    const namespace = uniqueName('backups');
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    const vms = `/apis/kubevirt.io/v1/namespaces/${namespace}/virtualmachines`;
    const backups = `/apis/harvesterhci.io/v1beta1/namespaces/${namespace}/virtualmachinebackups`;
    const created: string[] = [];
    const create = async (
      collection: string,
      object: { readonly metadata: { readonly name: string } } & Record<string, unknown>,
      status: unknown,
    ) => {
      await admin.must('POST', collection, object);
      const path = `${collection}/${object.metadata.name}`;
      created.push(path);
      await admin.must('PATCH', `${path}/status`, { status }, MERGE_PATCH);
    };
    const ago = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      for (const vm of ['fresh', 'stale', 'never']) {
        await create(
          vms,
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachine',
            metadata: { name: vm },
            spec: { runStrategy: 'Always' },
          },
          { printableStatus: 'Running' },
        );
      }
      for (const [vm, days] of [
        ['fresh', 1],
        ['stale', 30],
      ] as const) {
        await create(
          backups,
          {
            apiVersion: 'harvesterhci.io/v1beta1',
            kind: 'VirtualMachineBackup',
            metadata: { name: `${vm}-backup` },
            spec: { type: 'backup', source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm } },
          },
          { readyToUse: true, progress: 100, creationTime: ago(days) },
        );
      }
      const args = ['precheck', '--only', 'vm-without-recent-backup', '-o', 'json'];
      const mine = (result: PrecheckResult) =>
        result.findings
          .filter((finding) => finding.object.namespace === namespace)
          .map((finding) => [finding.severity, finding.object.name]);
      const run = env.plugin(args);
      expect(run.status).toBe(0);
      expect(mine(parseJson(run) as PrecheckResult)).toEqual([
        ['info', 'never'],
        ['info', 'stale'],
      ]);
      const warned = env.plugin([...args, '--warn-old-backups', '--backup-max-age', '60d', '--fail-on', 'warning']);
      expect(warned.status).toBe(1);
      expect(mine(parseJson(warned) as PrecheckResult)).toEqual([['warning', 'never']]);
    } finally {
      for (const path of created.reverse()) await admin.call('DELETE', path);
    }
  });
});
