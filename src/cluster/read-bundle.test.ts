import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutShort, kindsNamedIn, readBundleSnapshot, supportBundlePathType } from './read-bundle.js';

describe('supportBundlePathType', () => {
  it('reads a core cluster-scoped list under a top-level folder', () => {
    expect(supportBundlePathType('sb/yamls/cluster/v1/nodes.yaml')).toEqual({
      group: '',
      version: 'v1',
      plural: 'nodes',
    });
  });

  it('reads a namespaced list of a named group', () => {
    expect(supportBundlePathType('yamls/namespaced/fleet-local/cluster.x-k8s.io/v1alpha4/machines.yaml')).toEqual({
      group: 'cluster.x-k8s.io',
      version: 'v1alpha4',
      plural: 'machines',
    });
  });

  it('reads a namespaced core list and .yml files', () => {
    expect(supportBundlePathType('supportbundle_x/yamls/namespaced/fleet-local/v1/secrets.yml')).toEqual({
      group: '',
      version: 'v1',
      plural: 'secrets',
    });
  });

  it.each([
    'nodes/harv1/logs/kubelet.log',
    'metadata.yaml',
    'sb/yamls/cluster/v1/nodes.json',
    'myyamls/cluster/v1/nodes.yaml',
    'yamls/cluster/nodes.yaml',
    'yamls/cluster/a/b/c/d.yaml',
    'yamls/other/v1/nodes.yaml',
  ])('is undefined for %j', (path) => {
    expect(supportBundlePathType(path)).toBeUndefined();
  });
});

describe('readBundleSnapshot on kubectl-style files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-bundle-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes an empty typed list as read and empty, and an empty untyped List as not in the bundle', async () => {
    writeFileSync(
      join(folder, 'vmims.json'),
      JSON.stringify({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigrationList', items: [] }),
    );
    writeFileSync(join(folder, 'pods.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    const { snapshot } = await readBundleSnapshot(folder, [{ key: 'vmims' }, { key: 'pods' }]);
    expect(snapshot.inputs.vmims).toEqual({ status: 'ok' });
    expect(snapshot.items.vmims).toEqual([]);
    expect(snapshot.inputs.pods?.status).toBe('not-in-bundle');
  });
});

describe('readBundleSnapshot on Secrets', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-secrets-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps only the metadata and type of a Secret, never its data', async () => {
    writeFileSync(
      join(folder, 'secrets.yaml'),
      [
        'apiVersion: v1',
        'kind: Secret',
        'type: rke.cattle.io/machine-plan',
        'metadata: {name: custom-1-machine-plan, namespace: fleet-local, labels: {rke.cattle.io/machine-name: custom-1}}',
        'data: {plan: c2VjcmV0}',
        'stringData: {token: hunter2}',
      ].join('\n'),
    );
    const { snapshot } = await readBundleSnapshot(folder, [{ key: 'machinePlanSecrets', namespace: 'fleet-local' }]);
    expect(snapshot.items.machinePlanSecrets).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'rke.cattle.io/machine-plan',
        metadata: {
          name: 'custom-1-machine-plan',
          namespace: 'fleet-local',
          labels: { 'rke.cattle.io/machine-name': 'custom-1' },
        },
      },
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('hunter2');
  });
});

describe('readBundleSnapshot on Helm release Secrets', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-helm-secrets-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const requests = [
    { key: 'fleetHelmReleaseSecrets', namespace: 'cattle-fleet-system' },
    { key: 'rancherHelmReleaseSecrets', namespace: 'cattle-system' },
  ] as const;

  it('keeps each release Secret of its namespace by its labels, never its data', async () => {
    const dir = join(folder, 'kubectl');
    mkdirSync(dir);
    const release = (name: string, namespace: string, owner = 'helm'): string =>
      `{"apiVersion":"v1","kind":"Secret","type":"helm.sh/release.v1","metadata":{"name":"sh.helm.release.v1.${name}.v2","namespace":"${namespace}","labels":{"owner":"${owner}","name":"${name}","status":"deployed","version":"2"}},"data":{"release":"SDRzSUFBQUFBQUFBLzZ4Vw=="}}`;
    writeFileSync(
      join(dir, 'secrets.json'),
      `{"apiVersion":"v1","kind":"List","items":[${[
        release('fleet', 'cattle-fleet-system'),
        release('rancher', 'cattle-system'),
        release('imposter', 'cattle-system', 'someone'),
      ].join(',')}]}`,
    );
    const { snapshot } = await readBundleSnapshot(dir, requests);
    expect(snapshot.items.fleetHelmReleaseSecrets?.map((s) => s.metadata?.name)).toEqual([
      'sh.helm.release.v1.fleet.v2',
    ]);
    expect(snapshot.items.rancherHelmReleaseSecrets?.map((s) => s.metadata?.name)).toEqual([
      'sh.helm.release.v1.rancher.v2',
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('SDRzSUFBQUFBQUFBLzZ4Vw');
  });

  it('reads them as not in the bundle from a support bundle, which never holds them', async () => {
    // support-bundle-kit leaves Secrets out (pkg/manager/manager.go phaseInit's default exclusion), but for the
    // machine plans of fleet-local (pkg/manager/collectors/harvester.go).
    const dir = join(folder, 'sb');
    mkdirSync(join(dir, 'yamls', 'namespaced', 'fleet-local', 'v1'), { recursive: true });
    writeFileSync(
      join(dir, 'yamls', 'namespaced', 'fleet-local', 'v1', 'secrets.yaml'),
      'apiVersion: v1\nitems: []\nkind: List\n',
    );
    const { snapshot } = await readBundleSnapshot(dir, requests);
    expect(snapshot.inputs.fleetHelmReleaseSecrets).toEqual({
      status: 'not-in-bundle',
      reason:
        'support bundles hold no Secrets (Harvester v1.1.1 and later keep only the machine plan Secrets of fleet-local)',
    });
    expect(snapshot.inputs.rancherHelmReleaseSecrets?.status).toBe('not-in-bundle');
  });
});

describe('readBundleSnapshot YAML parsing', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-yaml-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps unquoted timestamps and yes/no as strings (YAML 1.2 core schema), as the API server sent them', async () => {
    writeFileSync(
      join(folder, 'nodes.yaml'),
      [
        'apiVersion: v1',
        'kind: Node',
        'metadata: {name: n1, creationTimestamp: 2022-05-06T07:08:09Z, labels: {enabled: yes}}',
      ].join('\n'),
    );
    const { snapshot } = await readBundleSnapshot(folder, [{ key: 'nodes' }]);
    expect(snapshot.items.nodes?.[0]?.metadata).toEqual({
      name: 'n1',
      creationTimestamp: '2022-05-06T07:08:09Z',
      labels: { enabled: 'yes' },
    });
    rmSync(join(folder, 'nodes.yaml'));
  });

  it('reads a List item by item, and an object whose own field is named items as itself', async () => {
    writeFileSync(
      join(folder, 'nodes.yaml'),
      [
        'apiVersion: v1',
        'items:',
        '- {apiVersion: v1, kind: Node, metadata: {name: n1}}',
        '- apiVersion: v1',
        '  kind: Node',
        '  metadata:',
        '    name: n2',
        'kind: List',
      ].join('\n'),
    );
    writeFileSync(
      join(folder, 'node.yaml'),
      ['apiVersion: v1', 'kind: Node', 'metadata:', '  name: n3', 'items:', '- metadata:', '    name: not-a-node'].join(
        '\n',
      ),
    );
    const { snapshot } = await readBundleSnapshot(folder, [{ key: 'nodes' }]);
    expect(snapshot.items.nodes?.map((node) => node.metadata?.name).sort()).toEqual(['n1', 'n2', 'n3']);
    rmSync(join(folder, 'nodes.yaml'));
    rmSync(join(folder, 'node.yaml'));
  });

  it('still reads a hand-written file that uses a few anchors and aliases', async () => {
    writeFileSync(
      join(folder, 'pods.yaml'),
      [
        'apiVersion: v1',
        'kind: PodList',
        'items:',
        '- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: ns, labels: &shared {app: web}}}',
        '- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: ns, labels: *shared}}',
      ].join('\n'),
    );
    const { snapshot, warnings } = await readBundleSnapshot(folder, [{ key: 'pods' }]);
    expect(warnings).toEqual([]);
    expect(snapshot.items.pods?.map((pod) => pod.metadata?.labels)).toEqual([{ app: 'web' }, { app: 'web' }]);
  });
});

describe('cutShort', () => {
  it('fires on a List whose items are followed by no kind: a file cut in its items', () => {
    expect(cutShort([{ apiVersion: 'v1', items: [{}] }], false)).toMatch(/cut short/);
  });

  it('fires in a support bundle on anything but one List', () => {
    expect(cutShort([], true)).toMatch(/not one List/);
    expect(cutShort([{ apiVersion: 'v1', kind: 'Node', metadata: {} }], true)).toMatch(/not one List/);
  });

  it('stays quiet on whole Lists and on single objects outside a support bundle', () => {
    expect(cutShort([{ apiVersion: 'v1', items: [], kind: 'List' }], true)).toBeUndefined();
    expect(cutShort([{ apiVersion: 'v1', kind: 'Node', metadata: {} }], false)).toBeUndefined();
  });
});

describe('kindsNamedIn', () => {
  it('names the kinds whose names the text holds as words, Lists included', () => {
    expect(kindsNamedIn('{"kind": "NodeList", "items": [{"kind": "Pod"', ['nodes', 'pods', 'machines'])).toEqual([
      'nodes',
      'pods',
    ]);
  });

  it('names none for text that holds no kind name (nodeName is not Node)', () => {
    expect(kindsNamedIn('items: [unclosed\nnodeName: x\nPods: 3', ['nodes', 'pods'])).toEqual([]);
  });
});

describe('readBundleSnapshot on damaged files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-damaged-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const sb = (path: string): string => join(folder, 'sb', 'yamls', path);
  const list = (names: readonly string[]): string =>
    [
      'apiVersion: v1',
      'items:',
      ...names.flatMap((name) => ['- apiVersion: v1', '  kind: Pod', '  metadata:', `    name: ${name}`]),
      'kind: List',
      'metadata:',
      '  resourceVersion: "1"',
      '',
    ].join('\n');

  it('takes a kind as failed when one of its files is cut short, even if the others are whole', async () => {
    mkdirSync(join(folder, 'sb', 'yamls', 'namespaced', 'a', 'v1'), { recursive: true });
    mkdirSync(join(folder, 'sb', 'yamls', 'namespaced', 'b', 'v1'), { recursive: true });
    writeFileSync(sb('namespaced/a/v1/pods.yaml'), list(['a1']));
    const whole = list(['b1', 'b2']);
    writeFileSync(sb('namespaced/b/v1/pods.yaml'), whole.slice(0, whole.indexOf('kind: List')));
    const { snapshot, warnings } = await readBundleSnapshot(folder, [{ key: 'pods' }]);
    expect(snapshot.inputs.pods).toEqual({
      status: 'failed',
      reason: expect.stringContaining(
        'cannot use sb/yamls/namespaced/b/v1/pods.yaml: its List has items but no kind',
      ) as unknown,
    });
    expect(warnings).toHaveLength(1);
  });

  it('reads the same files as ok when whole', async () => {
    writeFileSync(sb('namespaced/b/v1/pods.yaml'), list(['b1', 'b2']));
    const { snapshot, warnings } = await readBundleSnapshot(folder, [{ key: 'pods' }]);
    expect(snapshot.inputs.pods).toEqual({ status: 'ok' });
    expect(snapshot.items.pods).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  it('reads JSON after a byte order mark', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'hu-bom-'));
    writeFileSync(join(plain, 'nodes.json'), '\uFEFF{"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}}');
    const { snapshot } = await readBundleSnapshot(plain, [{ key: 'nodes' }]);
    expect(snapshot.items.nodes?.map((node) => node.metadata?.name)).toEqual(['n']);
    rmSync(plain, { recursive: true, force: true });
  });
});
