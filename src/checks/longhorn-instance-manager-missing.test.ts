import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import { aLabelledInstanceManager, aLonghornNode, anInstanceManager } from '../../test/longhorn-builders.js';
import type { Setting } from '../model/harvester.js';
import type { InstanceManager } from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import { longhornInstanceManagerMissing } from './longhorn-instance-manager-missing.js';

const NODES = [aNode('node-1'), aNode('node-2'), aNode('node-3')];
const LONGHORN_NODES = ['node-1', 'node-2', 'node-3'].map((name) => aLonghornNode(name));

const snapshot = (
  managers: InstanceManager[],
  nodes: Node[] = NODES,
  settings: Setting[] = [],
  extra = LONGHORN_NODES,
) => snapshotOf({ longhornNodes: extra, longhornInstanceManagers: managers, nodes, harvesterSettings: settings });

const run = (...args: Parameters<typeof snapshot>) => longhornInstanceManagerMissing.run(snapshot(...args));

describe('longhorn-instance-manager-missing', () => {
  it('stays quiet with a running aio instance manager on every Longhorn node, labelled or not', () => {
    const managers = [
      anInstanceManager('node-1'),
      aLabelledInstanceManager('node-2'),
      aLabelledInstanceManager('node-3'),
    ];
    expect(run(managers)).toEqual([]);
  });

  it('reports a Longhorn node whose only instance manager is not running', () => {
    const managers = [
      aLabelledInstanceManager('node-1'),
      aLabelledInstanceManager('node-2'),
      aLabelledInstanceManager('node-3', { state: 'error', name: 'instance-manager-abc' }),
    ];
    expect(run(managers)).toEqual([
      {
        check: 'longhorn-instance-manager-missing',
        severity: 'error',
        object: { kind: 'Node', namespace: 'longhorn-system', name: 'node-3' },
        message:
          'Longhorn node node-3 has no running aio instance manager for the v1 data engine (instance-manager-abc error); the upgrade waits for one forever',
        remedy: expect.stringContaining('kubectl -n longhorn-system get instancemanagers,pods -o wide') as unknown,
      },
    ]);
  });

  it('counts a witness node that has a Longhorn node (harvester#6972)', () => {
    const witness = aNode('witness-1', { roles: ['etcd', 'witness'] });
    const managers = ['node-1', 'node-2', 'node-3'].map((node) => aLabelledInstanceManager(node));
    const findings = run(managers, [...NODES, witness], [], [...LONGHORN_NODES, aLonghornNode('witness-1')]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'Longhorn node witness-1 has no aio instance manager for the v1 data engine (a witness node: the wait counts it too); the upgrade waits for one forever',
    ]);
  });

  it('reports a Longhorn node left behind by a removed node, with the command that removes it', () => {
    const managers = ['node-1', 'node-2', 'node-3'].map((node) => aLabelledInstanceManager(node));
    const [finding] = run(managers, NODES, [], [...LONGHORN_NODES, aLonghornNode('node-9')]);
    expect(finding?.message).toContain('no Kubernetes node has this name');
    expect(finding?.remedy).toContain('kubectl -n longhorn-system delete nodes.longhorn.io node-9');
  });

  it('wants a v2 instance manager too when Harvester enables the v2 data engine, not otherwise', () => {
    const managers = ['node-1', 'node-2', 'node-3'].map((node) => aLabelledInstanceManager(node));
    const v2 = [aSetting('longhorn-v2-data-engine-enabled', 'true')];
    expect(run(managers)).toEqual([]);
    expect(run(managers, NODES, v2)).toHaveLength(3);
    const withV2 = [
      ...managers,
      ...['node-1', 'node-2', 'node-3'].map((node) => aLabelledInstanceManager(node, { dataEngine: 'v2' })),
    ];
    expect(run(withV2, NODES, v2)).toEqual([]);
  });

  it('does not take a replica or engine instance manager for the aio one', () => {
    const replicaOnly: InstanceManager = {
      ...anInstanceManager('node-3'),
      spec: { nodeID: 'node-3', type: 'replica' },
    };
    const managers = [anInstanceManager('node-1'), anInstanceManager('node-2'), replicaOnly];
    expect(run(managers).map((finding) => finding.object.name)).toEqual(['node-3']);
  });

  it('applies only where Harvester waits: from two managed non-witness nodes', () => {
    const small = snapshot([], [aNode('node-1'), aNode('witness-1', { roles: ['witness'] })]);
    expect(longhornInstanceManagerMissing.appliesTo?.(small)).toBe(
      "Harvester's upgrade skips the instance-manager wait with 1 managed non-witness node(s)",
    );
    expect(longhornInstanceManagerMissing.appliesTo?.(snapshot([]))).toBeUndefined();
  });
});
