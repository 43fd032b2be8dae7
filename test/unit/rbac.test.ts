import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';
import { PATH_INPUTS } from '../../src/path/evaluate-path.js';
import { drainReads } from '../../src/results/drain-reads.js';
import { statusReads } from '../../src/results/status.js';
import { Machines } from '../../src/commands/machines.js';
import { isProbeKey, type ProbeKey } from '../../src/model/probes.js';
import { HARVESTER_NAMESPACES, RESOURCES } from '../../src/model/resources.js';
import type { ReadRequest } from '../../src/model/snapshot.js';
import { accessText, allows, readRbac, type Access } from '../rbac-manifests.js';

// The commands' read lists come with the commands, which load ora (ESM only, which Jest on Node 20 cannot require);
// no spinner runs here.
jest.mock('ora', () => ({}));

const listOf = (request: ReadRequest): Access => {
  const type = RESOURCES[request.key];
  return {
    group: type.group,
    resource: type.plural,
    verb: 'list',
    ...(type.namespaced && request.namespace ? { namespace: request.namespace } : {}),
  };
};

/** The requests behind each probe (src/cluster/read-probes.ts). */
const PROBE_ACCESS: Readonly<Record<ProbeKey, Access>> = {
  nodeFilesystems: { group: '', resource: 'nodes', subresource: 'proxy', verb: 'get' },
  apiServerCertificates: { group: 'discovery.k8s.io', resource: 'endpointslices', verb: 'list', namespace: 'default' },
  // TLS handshakes with the node addresses of the node list: no request to the API server of its own.
  rke2Certificates: { group: '', resource: 'nodes', verb: 'list' },
};

/** What each read-only command requests, built the way the commands build their reads. */
const commandAccess = (): Readonly<Record<'precheck' | 'explain-drain' | 'machines' | 'status', readonly Access[]>> => {
  // precheck reads its checks' inputs and, for the upgrade path (--to, or by default), PATH_INPUTS.
  const inputs = [
    ...new Set([
      ...PRECHECK_GROUPS.flatMap((group) => group.checks).flatMap((c) => [...c.needs, ...(c.optional ?? [])]),
      ...PATH_INPUTS,
    ]),
  ];
  const machinesNamespace = Machines.flags.namespace.default;
  if (typeof machinesNamespace !== 'string') throw new Error('machines --namespace has no default');
  return {
    precheck: inputs.map((key) =>
      isProbeKey(key) ? PROBE_ACCESS[key] : listOf({ key, namespace: HARVESTER_NAMESPACES[key] }),
    ),
    'explain-drain': drainReads().map(listOf),
    machines: (['machines', 'nodes', 'machinePlanSecrets'] as const).map((key) =>
      listOf({ key, namespace: machinesNamespace }),
    ),
    // status reads the upgrade Jobs' logs through pods/log (src/cluster/read-logs.ts), an optional rule.
    status: [...statusReads().map(listOf), { group: '', resource: 'pods', subresource: 'log', verb: 'get' }],
  };
};

const reader = readRbac('reader.yaml');
const fixPdb = readRbac('fix-pdb.yaml');
const READERS = 'harvester-upgrade-readers';
const FIXERS = 'harvester-upgrade-fixers';

const everyAccess = (): Access[] => Object.values(commandAccess()).flat();

describe('deploy/rbac/reader.yaml', () => {
  it.each(Object.entries(commandAccess()))('grants everything %s requests', (_command, accesses) => {
    expect(accesses.filter((access) => !allows(reader, READERS, access)).map(accessText)).toEqual([]);
  });

  it('grants nothing the commands do not request', () => {
    const needed = everyAccess();
    const unused = reader.flatMap((object) =>
      (object.rules ?? []).flatMap((rule) =>
        rule.apiGroups.flatMap((group) =>
          rule.resources.flatMap((resource) =>
            rule.verbs.flatMap((verb) => {
              const [name = '', subresource] = resource.split('/');
              const used = needed.some(
                (access) =>
                  access.group === group &&
                  access.resource === name &&
                  access.subresource === subresource &&
                  access.verb === verb &&
                  // A Role is used only by requests in its namespace.
                  (object.kind === 'ClusterRole' || access.namespace === object.metadata.namespace),
              );
              return used ? [] : [`${object.kind} ${object.metadata.name}: ${verb} ${resource} in ${group || 'core'}`];
            }),
          ),
        ),
      ),
    );
    expect(unused).toEqual([]);
  });

  it('has no wildcards, only list (and get on nodes/proxy and pods/log), and no write verb', () => {
    const rules = reader.flatMap((object) => object.rules ?? []);
    expect(rules.flatMap((rule) => [...rule.apiGroups, ...rule.resources, ...rule.verbs])).not.toContain('*');
    const getOn = rules.filter((rule) => rule.verbs.includes('get')).flatMap((rule) => rule.resources);
    expect(getOn).toEqual(['nodes/proxy', 'pods/log']);
    expect([...new Set(rules.flatMap((rule) => rule.verbs))].sort()).toEqual(['get', 'list']);
  });

  // fleet-local: machine plans and local-kubeconfig; cattle-fleet-system and cattle-system: Helm release Secrets.
  it.each(['fleet-local', 'cattle-fleet-system', 'cattle-system'])(
    'lets secrets be listed in %s, and never read one by name',
    (namespace) => {
      const secrets: Access = { group: '', resource: 'secrets', verb: 'list', namespace };
      expect(allows(reader, READERS, secrets)).toBe(true);
      expect(allows(reader, READERS, { ...secrets, verb: 'get' })).toBe(false);
      expect(allows(reader, READERS, { ...secrets, verb: 'watch' })).toBe(false);
    },
  );

  it('lets secrets be listed in no other namespace, nor across all of them', () => {
    const secrets: Access = { group: '', resource: 'secrets', verb: 'list' };
    expect(allows(reader, READERS, secrets)).toBe(false);
    for (const namespace of ['kube-system', 'default', 'harvester-system', 'cattle-fleet-local-system']) {
      expect(allows(reader, READERS, { ...secrets, namespace })).toBe(false);
    }
    // Only Roles grant them: no ClusterRole names secrets.
    const clusterWide = reader
      .filter((object) => object.kind === 'ClusterRole')
      .flatMap((object) => object.rules ?? [])
      .flatMap((rule) => rule.resources);
    expect(clusterWide.filter((resource) => resource.startsWith('secrets'))).toEqual([]);
  });

  // rancher-rollout-incomplete: the Deployments the upgrade's Rancher step waits to roll out, in their namespaces.
  it.each(['cattle-system', 'cattle-fleet-system', 'cattle-fleet-local-system'])(
    'lets deployments be listed in %s, and never read one by name',
    (namespace) => {
      const deployments: Access = { group: 'apps', resource: 'deployments', verb: 'list', namespace };
      expect(commandAccess().precheck).toContainEqual(deployments);
      expect(allows(reader, READERS, deployments)).toBe(true);
      expect(allows(reader, READERS, { ...deployments, verb: 'get' })).toBe(false);
    },
  );

  it('binds only roles it defines', () => {
    const bindings = reader.filter((object) => object.kind.endsWith('Binding'));
    expect(bindings).toHaveLength(5);
    for (const binding of bindings) {
      expect(reader).toContainEqual(
        expect.objectContaining({
          kind: binding.roleRef?.kind,
          metadata: expect.objectContaining({ name: binding.roleRef?.name }) as unknown,
        }),
      );
    }
  });

  it('can fail: a request it does not grant is refused', () => {
    expect(allows(reader, READERS, { group: '', resource: 'pods', verb: 'delete' })).toBe(false);
    expect(allows(reader, 'someone-else', { group: '', resource: 'pods', verb: 'list' })).toBe(false);
  });
});

describe('deploy/rbac/fix-pdb.yaml', () => {
  const writes: Access[] = [
    ...['get', 'create', 'update', 'patch', 'delete'].map((verb) => ({
      group: 'policy',
      resource: 'poddisruptionbudgets',
      verb,
      namespace: 'longhorn-system',
    })),
    ...['get', 'update', 'patch'].map((verb) => ({
      group: 'kubevirt.io',
      resource: 'kubevirts',
      verb,
      namespace: 'harvester-system',
    })),
    // explain-drain --probe: dry-run evictions.
    { group: '', resource: 'pods', subresource: 'eviction', verb: 'create', namespace: 'default' },
  ];

  it('grants what fix-pdb writes and explain-drain --probe sends', () => {
    expect(writes.filter((access) => !allows(fixPdb, FIXERS, access)).map(accessText)).toEqual([]);
  });

  it('grants no Secret access and nothing on pods themselves', () => {
    const resources = fixPdb.flatMap((object) => object.rules ?? []).flatMap((rule) => rule.resources);
    expect(resources.filter((resource) => resource.startsWith('secrets') || resource === 'pods')).toEqual([]);
    expect(resources).not.toContain('*');
  });
});
