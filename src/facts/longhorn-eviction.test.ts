import { aSetting, snapshotOf } from '../../test/builders.js';
import { aLonghornNode } from '../../test/longhorn-builders.js';
import { longhornEvictionFindings } from './longhorn-eviction.js';

describe('longhornEvictionFindings', () => {
  it('finds a node with an eviction requested, as an error on Harvester v1.4', () => {
    const snapshot = snapshotOf({
      longhornNodes: [aLonghornNode('node-1', { evictionRequested: true })],
      harvesterSettings: [aSetting('server-version', 'v1.4.2')],
    });
    expect(longhornEvictionFindings(snapshot).map((finding) => [finding.severity, finding.object.name])).toEqual([
      ['error', 'node-1'],
    ]);
  });

  it('finds nothing where no eviction is requested', () => {
    expect(longhornEvictionFindings(snapshotOf({ longhornNodes: [aLonghornNode('node-1')] }))).toEqual([]);
  });
});
