import { aNode, aSetting } from '../../test/builders.js';
import {
  aLabelledInstanceManager,
  aLonghornManagerDaemonSet,
  anInstanceManager,
} from '../../test/longhorn-builders.js';
import type { InstanceManager } from '../model/longhorn.js';
import {
  aioInstanceManagersOn,
  dataEnginesWaitedFor,
  longhornManagerDaemonSet,
  upgradeCountedNodes,
} from './longhorn-upgrade-waits.js';

describe('longhorn-upgrade-waits', () => {
  it('counts managed nodes without the witness role, as the script’s node selector does', () => {
    const nodes = [
      aNode('node-1'),
      aNode('node-2', { managed: false }),
      aNode('witness-1', { roles: ['etcd', 'witness'] }),
      aNode('node-3', { labels: { 'node-role.harvesterhci.io/witness': 'false' } }),
    ];
    expect(upgradeCountedNodes(nodes).map((node) => node.metadata?.name)).toEqual(['node-1', 'node-3']);
  });

  it('finds longhorn-manager in longhorn-system only', () => {
    const elsewhere = { ...aLonghornManagerDaemonSet(3), metadata: { name: 'longhorn-manager', namespace: 'default' } };
    expect(longhornManagerDaemonSet([elsewhere])).toBeUndefined();
    expect(longhornManagerDaemonSet([elsewhere, aLonghornManagerDaemonSet(3)])?.metadata?.namespace).toBe(
      'longhorn-system',
    );
  });

  it('waits for v2 instance managers only when the setting’s value is true', () => {
    expect(dataEnginesWaitedFor([])).toEqual(['v1']);
    expect(dataEnginesWaitedFor([aSetting('longhorn-v2-data-engine-enabled', 'false')])).toEqual(['v1']);
    expect(dataEnginesWaitedFor([aSetting('longhorn-v2-data-engine-enabled', 'true')])).toEqual(['v1', 'v2']);
  });

  it('selects aio instance managers by label, by spec when unlabelled, and v1 when no engine is written', () => {
    const labelled = aLabelledInstanceManager('node-1', { dataEngine: 'v2' });
    const unlabelled = anInstanceManager('node-1');
    const relabelled: InstanceManager = {
      ...anInstanceManager('node-2'),
      metadata: { name: 'im-x', namespace: 'longhorn-system', labels: { 'longhorn.io/node': 'node-1' } },
    };
    const managers = [labelled, unlabelled, relabelled];
    expect(aioInstanceManagersOn(managers, 'node-1', 'v1')).toEqual([unlabelled, relabelled]);
    expect(aioInstanceManagersOn(managers, 'node-1', 'v2')).toEqual([labelled]);
    expect(aioInstanceManagersOn(managers, 'node-2', 'v1')).toEqual([]);
  });
});
