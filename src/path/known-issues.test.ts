import { aNode, aPdb, aSetting, snapshotOf } from '../../test/builders.js';
import { aVm, aKubeVirt } from '../../test/kubevirt-builders.js';
import { aBackingImage, aLonghornNode, aVolume } from '../../test/longhorn-builders.js';
import { anAddon, aSecretMeta } from '../../test/rancher-builders.js';
import type { Version } from '../model/harvester.js';
import type { KubeObject } from '../model/kube-object.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { evaluatePath, type PathEntry, type PathReport } from './evaluate-path.js';
import { parseHarvesterVersion, compareSemver } from './harvester-version.js';
import { KNOWLEDGE_BASE, KNOWN_ISSUES, type KnownIssue } from './known-issues.js';

type Items = Parameters<typeof snapshotOf>[0];

/** A path from → to over these objects; the Version object of `to` exists unless told otherwise. */
const pathOn = (from: string, to: string, items: Items = {}): PathReport => {
  const version: Version = {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'Version',
    metadata: { name: to, namespace: 'harvester-system' },
  };
  const snapshot: ClusterSnapshot = snapshotOf({
    harvesterSettings: [aSetting('server-version', from)],
    versions: [version],
    nodes: [aNode('node-1'), aNode('node-2'), aNode('node-3')],
    ...items,
  });
  const parsedFrom = parseHarvesterVersion(from);
  const parsedTo = parseHarvesterVersion(to);
  if (!parsedFrom || !parsedTo) throw new Error('bad versions');
  return evaluatePath(snapshot, { kind: 'path', from: parsedFrom, to: parsedTo, target: 'flag', version });
};

const entryOf = (report: PathReport, id: string): PathEntry | undefined =>
  report.entries.find((entry) => entry.id === id);

const longhornEngine = (name: string, node: string, state: string): KubeObject & Record<string, unknown> => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'Engine',
  metadata: { name, namespace: 'longhorn-system' },
  spec: { nodeID: node, volumeName: name.replace(/-e-0$/, '') },
  status: { currentState: state },
});
const engineManager = (node: string, engines: readonly string[]): KubeObject & Record<string, unknown> => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'InstanceManager',
  metadata: { name: `instance-manager-${node}`, namespace: 'longhorn-system' },
  spec: { nodeID: node, type: 'aio' },
  status: { currentState: 'running', instanceEngines: Object.fromEntries(engines.map((engine) => [engine, {}])) },
});
const rwxVolume = (name: string): KubeObject & Record<string, unknown> => {
  const volume = aVolume(name);
  return { ...volume, spec: { ...volume.spec, accessMode: 'rwx', migratable: true } };
};
const containerDiskVm = aVm('demo', { volumes: [{ name: 'cd', containerDisk: { image: 'quay.io/demo:1' } }] });
const windowsVm = (image: string) => aVm('windows', { volumes: [{ name: 'vmdp', containerDisk: { image } }] });
const seederAddon = (version: string): KubeObject & Record<string, unknown> => {
  const addon = anAddon('harvester-seeder', false);
  return { ...addon, spec: { ...addon.spec, version } };
};
const oneControlPlane = [
  aNode('cp-1'),
  aNode('worker-1', { roles: ['worker'] }),
  aNode('worker-2', { roles: ['worker'] }),
];

interface Scenario {
  readonly from: string;
  readonly to: string;
  readonly items?: Items;
}

/** For every entry: a path and objects on which it fires, and a case on which it stays quiet. */
const SCENARIOS: Readonly<Record<string, { readonly fire: Scenario; readonly quiet: Scenario }>> = {
  'kubernetes-minor-skip': { fire: { from: 'v1.4.0', to: 'v1.4.2' }, quiet: { from: 'v1.4.1', to: 'v1.4.2' } },
  'undocumented-upgrade-path': { fire: { from: 'v1.3.2', to: 'v1.4.1' }, quiet: { from: 'v1.4.0', to: 'v1.4.1' } },
  'rke2-certificates-expired-v1-2': { fire: { from: 'v1.2.1', to: 'v1.2.2' }, quiet: { from: 'v1.2.2', to: 'v1.3.1' } },
  'vmdp-container-disk-v1-2': {
    fire: {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: { virtualMachines: [windowsVm('registry.suse.com/harvester-beta/vmdp:latest')] },
    },
    quiet: {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: { virtualMachines: [windowsVm('registry.suse.com/suse/vmdp/vmdp:2.5.4.2')] },
    },
  },
  'instance-manager-pdb-wrong-node-v1-2': {
    fire: {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: {
        longhornInstanceManagers: [engineManager('node-2', [])],
        podDisruptionBudgets: [
          aPdb('instance-manager-node-2', {
            namespace: 'longhorn-system',
            matchLabels: { 'longhorn.io/node': 'node-1' },
          }),
        ],
      },
    },
    quiet: {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: {
        longhornInstanceManagers: [engineManager('node-2', [])],
        podDisruptionBudgets: [
          aPdb('instance-manager-node-2', {
            namespace: 'longhorn-system',
            matchLabels: { 'longhorn.io/node': 'node-2' },
          }),
        ],
      },
    },
  },
  'harvester-seeder-addon-v1-2-2': {
    fire: { from: 'v1.2.1', to: 'v1.2.2', items: { addons: [seederAddon('0.1.0')] } },
    quiet: { from: 'v1.2.1', to: 'v1.2.2', items: { addons: [seederAddon('0.1.1')] } },
  },
  'kubeconfig-secret-label-v1-3-1': {
    fire: {
      from: 'v1.2.2',
      to: 'v1.3.1',
      items: { localKubeconfigSecrets: [aSecretMeta('local-kubeconfig', 'fleet-local')] },
    },
    quiet: {
      from: 'v1.3.0',
      to: 'v1.3.1',
      items: {
        localKubeconfigSecrets: [
          aSecretMeta('local-kubeconfig', 'fleet-local', { 'cluster.x-k8s.io/cluster-name': 'local' }),
        ],
      },
    },
  },
  'two-node-worker-not-ready-v1-3-2': {
    fire: { from: 'v1.3.1', to: 'v1.3.2', items: { nodes: [aNode('node-1'), aNode('node-2', { roles: ['worker'] })] } },
    quiet: { from: 'v1.3.1', to: 'v1.3.2' },
  },
  'kubevirt-placement-arrives': {
    fire: {
      from: 'v1.4.1',
      to: 'v1.4.2-rc1',
      items: { nodes: oneControlPlane, kubevirts: [aKubeVirt({ observed: 'v1.2.2' })] },
    },
    quiet: {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: { nodes: oneControlPlane, kubevirts: [aKubeVirt({ observed: 'v1.2.2' })] },
    },
  },
  'longhorn-orphan-engine-budget': {
    fire: {
      from: 'v1.4.0',
      to: 'v1.4.1',
      items: {
        longhornInstanceManagers: [engineManager('node-1', ['pvc-1-e-0'])],
        longhornEngines: [longhornEngine('pvc-1-e-0', '', 'stopped')],
      },
    },
    quiet: {
      from: 'v1.4.0',
      to: 'v1.4.1',
      items: {
        longhornInstanceManagers: [engineManager('node-1', ['pvc-1-e-0'])],
        longhornEngines: [longhornEngine('pvc-1-e-0', 'node-1', 'running')],
      },
    },
  },
  'longhorn-eviction-aborts-v1-4': {
    fire: {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: { longhornNodes: [aLonghornNode('node-1', { evictionRequested: true })] },
    },
    quiet: { from: 'v1.4.1', to: 'v1.4.2', items: { longhornNodes: [aLonghornNode('node-1')] } },
  },
  'backup-target-refresh-to-v1-4-2': {
    fire: {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: {
        harvesterSettings: [
          aSetting('server-version', 'v1.4.1'),
          aSetting('backup-target', '{"type":"nfs","endpoint":"nfs://x:/b"}'),
        ],
      },
    },
    quiet: {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: {
        harvesterSettings: [
          aSetting('server-version', 'v1.4.1'),
          aSetting('backup-target', '{"type":"nfs","endpoint":"nfs://x:/b","refreshIntervalInSeconds":60}'),
        ],
      },
    },
  },
  'longhorn-rwx-auto-delete-pod': {
    fire: { from: 'v1.4.2', to: 'v1.5.0', items: { longhornVolumes: [rwxVolume('pvc-rwx')], longhornSettings: [] } },
    quiet: {
      from: 'v1.4.2',
      to: 'v1.5.0',
      items: {
        longhornVolumes: [rwxVolume('pvc-rwx')],
        longhornSettings: [aSetting('auto-delete-pod-when-volume-detached-unexpectedly', 'false', 'longhorn-system')],
      },
    },
  },
  'longhorn-backing-image-crd-v1-4-0': {
    fire: { from: 'v1.3.2', to: 'v1.4.0', items: { longhornBackingImages: [aBackingImage('image-abc', 3)] } },
    quiet: { from: 'v1.3.2', to: 'v1.4.0', items: { longhornBackingImages: [] } },
  },
  'container-disk-vm-blocks-drain': {
    fire: { from: 'v1.3.2', to: 'v1.4.0', items: { virtualMachines: [containerDiskVm] } },
    quiet: { from: 'v1.3.2', to: 'v1.4.0', items: { virtualMachines: [aVm('plain')] } },
  },
  'cos-state-passive-image-size': { fire: { from: 'v1.4.0', to: 'v1.4.1' }, quiet: { from: 'v1.4.1', to: 'v1.4.2' } },
  'management-network-files-v1-7': { fire: { from: 'v1.6.1', to: 'v1.7.0' }, quiet: { from: 'v1.7.0', to: 'v1.7.1' } },
  'dhcp-client-id-v1-7-0': { fire: { from: 'v1.6.1', to: 'v1.7.0' }, quiet: { from: 'v1.6.1', to: 'v1.7.1' } },
  'intel-nic-rename-v1-7': { fire: { from: 'v1.6.0', to: 'v1.7.1' }, quiet: { from: 'v1.6.0', to: 'v1.7.2' } },
  'cos-state-partition-size-v1-8': { fire: { from: 'v1.7.1', to: 'v1.8.0' }, quiet: { from: 'v1.6.1', to: 'v1.7.1' } },
  'rwx-storage-network-post-draining': {
    fire: {
      from: 'v1.7.1',
      to: 'v1.8.0',
      items: { longhornSettings: [aSetting('storage-network-for-rwx-volume-enabled', 'true', 'longhorn-system')] },
    },
    quiet: {
      from: 'v1.7.1',
      to: 'v1.8.0',
      items: { longhornSettings: [aSetting('storage-network-for-rwx-volume-enabled', 'false', 'longhorn-system')] },
    },
  },
};

describe('the knowledge base', () => {
  it('is versioned', () => {
    expect(KNOWLEDGE_BASE.schemaVersion).toBe(1);
    expect(KNOWLEDGE_BASE.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has unique kebab-case ids, each naming its sources, its path and a remedy', () => {
    const ids = KNOWN_ISSUES.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of KNOWN_ISSUES) {
      expect(entry.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const source of entry.sources) expect(source).toMatch(/^https:\/\/\S+$/);
      expect(entry.from).toBeDefined();
      expect(entry.to).toBeDefined();
      expect(entry.remedy.length).toBeGreaterThan(10);
      if (entry.detection.kind === 'manual') expect(entry.detection.command.length).toBeGreaterThan(5);
    }
  });

  it('has no empty or inverted range, and every bound is a release version', () => {
    const bounds = (entry: KnownIssue) => [entry.from, entry.to];
    for (const range of KNOWN_ISSUES.flatMap(bounds)) {
      const atLeast = parseHarvesterVersion(range.atLeast);
      const below = parseHarvesterVersion(range.below);
      if (range.atLeast !== undefined) expect(atLeast?.dev).toBe(false);
      if (range.below !== undefined) expect(below?.dev).toBe(false);
      if (atLeast && below) expect(compareSemver(atLeast, below)).toBeLessThan(0);
    }
  });

  it('has a scenario for every entry and no scenario without an entry', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(KNOWN_ISSUES.map((entry) => entry.id).sort());
  });

  describe.each(KNOWN_ISSUES.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    const scenario = SCENARIOS[id];
    if (!scenario) throw new Error(`no scenario for ${id}`);

    it(`fires on ${scenario.fire.from} → ${scenario.fire.to}`, () => {
      const report = pathOn(scenario.fire.from, scenario.fire.to, scenario.fire.items);
      const result = entryOf(report, id);
      if (entry.detection.kind === 'manual') {
        expect(result).toMatchObject({ status: 'manual', manual: { command: entry.detection.command } });
        expect(result?.manual?.nodes.length).toBeGreaterThan(0);
        return;
      }
      expect(['fail', 'warn']).toContain(result?.status);
      const own = report.findings.filter((finding) => finding.check === id);
      expect(own.length).toBeGreaterThan(0);
      for (const finding of own) {
        expect(finding.path).toEqual({ from: scenario.fire.from, to: scenario.fire.to });
        expect(finding.message).toMatch(/^[a-z0-9v$]/);
        expect(finding.remedy).toEqual(expect.any(String));
      }
    });

    it(`stays quiet on ${scenario.quiet.from} → ${scenario.quiet.to}`, () => {
      const report = pathOn(scenario.quiet.from, scenario.quiet.to, scenario.quiet.items);
      const result = entryOf(report, id);
      if (result !== undefined) expect(result.status).toBe('pass');
      expect(report.findings.filter((finding) => finding.check === id)).toEqual([]);
    });
  });
});
