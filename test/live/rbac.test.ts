import { join } from 'node:path';
import type { Access, RbacObject } from '../rbac-manifests.js';
import { readRbac } from '../rbac-manifests.js';
import { REPO, type CliRun } from '../run-cli.js';
import type { Api } from './api.js';
import { loadFixture, type LoadedFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

/**
 * deploy/rbac/reader.yaml, applied as shipped, is exactly enough: the tokens.csv user hu-reader (context `reader`)
 * is only in the group its bindings name, and gets the same answers as the admin from all three read-only commands.
 * Taking one rule away makes what needs it "not evaluated" (exit 3), so the test can fail.
 */
const SCENARIO = join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node');
const NODE = 'harvester-node-0';
/** Other live test files leave objects behind (no namespace controller runs), so removals ask narrow questions. */
const EMPTY_NODE = uniqueName('rbac-empty-node');
const USER = { user: 'hu-reader', groups: ['harvester-upgrade-readers'] };
const RBAC_API = '/apis/rbac.authorization.k8s.io/v1';

const pathOf = (object: RbacObject, withName = true): string => {
  const plural = `${object.kind.toLowerCase()}s`;
  const base = object.metadata.namespace
    ? `${RBAC_API}/namespaces/${object.metadata.namespace}/${plural}`
    : `${RBAC_API}/${plural}`;
  return withName ? `${base}/${object.metadata.name}` : base;
};

/** The authorizer's own answer for hu-reader (SubjectAccessReview), which is what RBAC changes are awaited on. */
const mayReader = async (api: Api, access: Access): Promise<boolean> => {
  const review = (await api.must('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      ...USER,
      resourceAttributes: {
        group: access.group,
        resource: access.resource,
        verb: access.verb,
        ...(access.subresource ? { subresource: access.subresource } : {}),
        ...(access.namespace ? { namespace: access.namespace } : {}),
      },
    },
  })) as { status?: { allowed?: boolean } };
  return review.status?.allowed === true;
};

/** RBAC reaches the authorizer through an informer: wait (bounded) until it answers as expected. */
const awaitAccess = async (api: Api, access: Access, allowed: boolean): Promise<void> => {
  for (let attempt = 0; attempt < 300; attempt++) {
    if ((await mayReader(api, access)) === allowed) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`RBAC did not ${allowed ? 'grant' : 'revoke'} ${JSON.stringify(access)}`);
};

interface Report {
  readonly checks?: readonly { readonly id: string; readonly status: string; readonly reason?: string }[];
  readonly findings: readonly unknown[];
}

const report = (run: CliRun): Report => {
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/** The document without what differs between two runs (who read it, and when). */
const comparable = (run: CliRun): unknown => {
  const { source: _source, readAt: _readAt, ...rest } = JSON.parse(run.stdout) as Record<string, unknown>;
  return rest;
};

const COMMANDS: readonly (readonly string[])[] = [
  ['precheck', '-o', 'json'],
  ['explain-drain', NODE, '-o', 'json'],
  ['explain-drain', '-o', 'json'],
  ['machines', '-o', 'json'],
];

interface Removal {
  readonly what: string;
  readonly role: RbacObject;
  readonly access: Access;
  readonly run: readonly string[];
  readonly expectNotEvaluated?: { readonly id: string; readonly reason: string };
  /** The exit code with every rule in place: 0 unless the fixture itself is a finding. */
  readonly fullStatus?: number;
}

describeLive('deploy/rbac/reader.yaml on a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;
  const objects = readRbac('reader.yaml');
  const role = (kind: string, name: string, namespace?: string): RbacObject => {
    const found = objects.find(
      (object) =>
        object.kind === kind &&
        object.metadata.name === name &&
        (namespace === undefined || object.metadata.namespace === namespace),
    );
    if (!found) throw new Error(`deploy/rbac/reader.yaml has no ${kind} ${name}`);
    return found;
  };
  const asReader = (args: readonly string[]): CliRun => env.plugin([...args, '--context', 'reader']);
  let loaded: LoadedFixture | undefined;

  beforeAll(async () => {
    loaded = await loadFixture(admin, SCENARIO);
    for (const namespace of new Set(objects.flatMap((object) => object.metadata.namespace ?? []))) {
      await admin.call('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
    }
    for (const object of objects) await admin.must('POST', pathOf(object, false), object);
    await admin.must('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: EMPTY_NODE } });
    for (const namespace of ['fleet-local', 'cattle-fleet-system', 'cattle-system']) {
      await awaitAccess(admin, { group: '', resource: 'secrets', verb: 'list', namespace }, true);
    }
    await awaitAccess(admin, { group: 'longhorn.io', resource: 'volumes', verb: 'list' }, true);
  });

  afterAll(async () => {
    for (const object of [...objects].reverse()) await admin.call('DELETE', pathOf(object));
    await admin.call('DELETE', `/api/v1/nodes/${EMPTY_NODE}`);
    await loaded?.unload();
  });

  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))(
    'is enough for %s: the same answer as the admin gets, nothing not evaluated',
    (_name, args) => {
      const run = asReader(args);
      expect(run.status).not.toBe(3);
      expect((report(run).checks ?? []).filter((check) => check.status === 'not-evaluated')).toEqual([]);
      const asAdmin = env.plugin([...args, '--context', 'admin']);
      expect(comparable(run)).toEqual(comparable(asAdmin));
      expect(run.status).toBe(asAdmin.status);
    },
  );

  const removals: readonly Removal[] = [
    {
      what: 'list secrets in fleet-local',
      role: role('Role', 'harvester-upgrade-secret-metadata'),
      access: { group: '', resource: 'secrets', verb: 'list', namespace: 'fleet-local' },
      run: ['precheck', '--only', 'machine-plan-secret-count,kubeconfig-secret-label', '-o', 'json'],
      expectNotEvaluated: {
        id: 'machine-plan-secret-count',
        reason: 'forbidden: list secrets in namespace fleet-local',
      },
    },
    {
      what: 'list secrets in cattle-fleet-system',
      role: role('Role', 'harvester-upgrade-helm-release-metadata', 'cattle-fleet-system'),
      access: { group: '', resource: 'secrets', verb: 'list', namespace: 'cattle-fleet-system' },
      run: ['precheck', '--only', 'helm-release-pending', '-o', 'json'],
      expectNotEvaluated: {
        id: 'helm-release-pending',
        reason: 'forbidden: list secrets in namespace cattle-fleet-system',
      },
    },
    {
      what: 'list clusters.fleet.cattle.io',
      role: role('ClusterRole', 'harvester-upgrade-reader'),
      access: { group: 'fleet.cattle.io', resource: 'clusters', verb: 'list', namespace: 'fleet-local' },
      run: ['precheck', '--only', 'fleet-cluster-not-ready', '-o', 'json'],
      expectNotEvaluated: { id: 'fleet-cluster-not-ready', reason: 'forbidden: list clusters.fleet.cattle.io' },
    },
    {
      what: 'get nodes/proxy',
      role: role('ClusterRole', 'harvester-upgrade-reader'),
      access: { group: '', resource: 'nodes', subresource: 'proxy', verb: 'get' },
      run: ['precheck', '--only', 'node-disk-space', '-o', 'json'],
      expectNotEvaluated: { id: 'node-disk-space', reason: 'forbidden: get nodes/proxy' },
      // The test server's nodes have no kubelet: their stats are missing, an error as the webhook refuses them.
      fullStatus: 1,
    },
    {
      what: 'list bundles.fleet.cattle.io',
      role: role('ClusterRole', 'harvester-upgrade-reader'),
      access: { group: 'fleet.cattle.io', resource: 'bundles', verb: 'list' },
      run: ['precheck', '--only', 'fleet-bundle-not-ready', '-o', 'json'],
      expectNotEvaluated: { id: 'fleet-bundle-not-ready', reason: 'forbidden: list bundles.fleet.cattle.io' },
    },
    {
      what: 'list deployments.apps',
      role: role('ClusterRole', 'harvester-upgrade-reader'),
      access: { group: 'apps', resource: 'deployments', verb: 'list', namespace: 'cattle-fleet-local-system' },
      run: ['precheck', '--only', 'rancher-rollout-incomplete', '-o', 'json'],
      expectNotEvaluated: { id: 'rancher-rollout-incomplete', reason: 'forbidden: list deployments.apps' },
    },
    // Read by explain-drain only. Its JSON has no per-input status, and a blocked pod's exit 1 would outrank 3, so
    // this asks about a node of its own with no pods (exit 0 with every input read).
    {
      what: 'list engines.longhorn.io',
      role: role('ClusterRole', 'harvester-upgrade-reader'),
      access: { group: 'longhorn.io', resource: 'engines', verb: 'list', namespace: 'longhorn-system' },
      run: ['explain-drain', EMPTY_NODE],
    },
  ];

  it.each(removals.map((removal) => [removal.what, removal] as const))(
    'without %s, what needs it is not evaluated and the exit code is 3',
    async (_what, removal) => {
      // With every rule in place the same question is fully answered.
      expect(asReader(removal.run).status).toBe(removal.fullStatus ?? 0);
      const resource = removal.access.subresource
        ? `${removal.access.resource}/${removal.access.subresource}`
        : removal.access.resource;
      const rules = (removal.role.rules ?? [])
        .map((rule) =>
          rule.apiGroups.includes(removal.access.group)
            ? { ...rule, resources: rule.resources.filter((name) => name !== resource) }
            : rule,
        )
        .filter((rule) => rule.resources.length > 0);
      expect(rules).not.toEqual(removal.role.rules);
      await admin.must('PUT', pathOf(removal.role), { ...removal.role, rules });
      try {
        await awaitAccess(admin, removal.access, false);
        const run = asReader(removal.run);
        if (run.status !== 3) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
        expect(run.status).toBe(3);
        if (removal.expectNotEvaluated) {
          expect(report(run).checks).toContainEqual(
            expect.objectContaining({
              id: removal.expectNotEvaluated.id,
              status: 'not-evaluated',
              reason: expect.stringContaining(removal.expectNotEvaluated.reason) as unknown,
            }),
          );
        }
      } finally {
        await admin.must('PUT', pathOf(removal.role), removal.role);
        await awaitAccess(admin, removal.access, true);
      }
    },
  );
});
