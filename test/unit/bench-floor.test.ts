import { kubectlListArgs, planOf } from '../bench/floor';
import type { Counted } from '../bench/counting-proxy';
import { sizeAt, syntheticCluster } from '../bench/synthetic-cluster';

const get = (url: string, accept = 'application/json'): Counted => ({
  method: 'GET',
  url,
  accept,
  status: 200,
  bytes: 1,
});

describe('the benchmark floor: kubectl reading the lists the plugin read', () => {
  it('names a grouped, namespaced list by resource.version.group in its namespace, chunked like the plugin', () => {
    expect(kubectlListArgs(get('/apis/longhorn.io/v1beta2/namespaces/longhorn-system/volumes?limit=500'))).toEqual([
      'get',
      'volumes.v1beta2.longhorn.io',
      '-n',
      'longhorn-system',
      '--chunk-size=500',
      '-o',
      'json',
    ]);
  });

  it('lists a core kind across all namespaces and keeps the field selector', () => {
    expect(kubectlListArgs(get('/api/v1/pods?limit=500&fieldSelector=spec.nodeName%3Dn1'))).toEqual([
      'get',
      'pods',
      '-A',
      '--field-selector',
      'spec.nodeName=n1',
      '--chunk-size=500',
      '-o',
      'json',
    ]);
  });

  it('reads a metadata-only Secret list as a server-side table, never as -o json with the data', () => {
    const args = kubectlListArgs(
      get(
        '/api/v1/namespaces/fleet-local/secrets?limit=500&fieldSelector=type%3Drke.cattle.io%2Fmachine-plan',
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      ),
    );
    expect(args).toContain('secrets');
    expect(args).not.toContain('-o');
  });

  it('refuses a path that is not a list', () => {
    expect(() => kubectlListArgs(get('/apis'))).toThrow(/not a list path/);
  });

  it('counts the first page of each list once, and sets kubelet calls and discovery apart', () => {
    const plan = planOf([
      get('/apis'),
      get('/api/v1/pods?limit=500'),
      get('/api/v1/pods?limit=500&continue=abc'),
      get('/api/v1/nodes?limit=500'),
      get('/api/v1/nodes/n1/proxy/stats/summary'),
    ]);
    expect(plan.lists.map((c) => c.url)).toEqual(['/api/v1/pods?limit=500', '/api/v1/nodes?limit=500']);
    expect(plan.nodeCalls).toHaveLength(1);
    expect(plan.other.map((c) => c.url)).toEqual(['/apis']);
  });
});

describe('the synthetic cluster', () => {
  it('holds the sizes asked for, every node with a Machine, and nothing twice', () => {
    const size = sizeAt(0.01);
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (const object of syntheticCluster(size)) {
      const kind = `${String(object.body.apiVersion)} ${String(object.body.kind)}`;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const metadata = object.body.metadata as { name: string; namespace?: string };
      const key = `${object.path}/${metadata.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(size).toEqual({ nodes: 10, pods: 300, pdbs: 30, vms: 50, volumes: 50 });
    expect(Object.fromEntries(counts)).toMatchObject({
      'v1 Node': 10,
      'cluster.x-k8s.io/v1beta1 Machine': 10,
      'v1 Pod': 300,
      'policy/v1 PodDisruptionBudget': 30,
      'kubevirt.io/v1 VirtualMachine': 50,
      'kubevirt.io/v1 VirtualMachineInstance': 50,
      'longhorn.io/v1beta2 Volume': 50,
      'longhorn.io/v1beta2 Replica': 150,
      'longhorn.io/v1beta2 Node': 10,
    });
  });

  it('is the full-size cluster of issue #8 at scale 1', () => {
    expect(sizeAt(1)).toEqual({ nodes: 1000, pods: 30_000, pdbs: 3000, vms: 5000, volumes: 5000 });
  });
});
