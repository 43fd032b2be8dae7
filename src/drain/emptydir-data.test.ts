import { snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aReplicaPod, drainOf, withEmptyDirs } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { HARVESTER_DRAIN_OPTIONS, type DrainOptions } from '../model/drain.js';
import { emptydirData } from './emptydir-data.js';

const explain = (pod: Pod, options: DrainOptions = HARVESTER_DRAIN_OPTIONS) =>
  emptydirData(pod, drainOf(snapshotOf({ pods: [pod] }), 'node-1', options));

const KEEP_DATA: DrainOptions = { ...HARVESTER_DRAIN_OPTIONS, deleteEmptyDirData: false };

describe('emptydir-data', () => {
  it('evicts with a note of the data lost when deleteEmptyDirData is set, as Harvester drains', () => {
    expect(explain(withEmptyDirs(aReplicaPod('prometheus-0'), 'cache', 'tmp'))).toEqual([
      { filter: 'emptydir-data', verdict: 'evict', message: 'emptyDir data of volumes cache, tmp is lost' },
    ]);
    expect(explain(withEmptyDirs(aReplicaPod('web-1'), 'cache'))).toEqual([
      expect.objectContaining({ message: 'emptyDir data of volume cache is lost' }),
    ]);
  });

  it('blocks without deleteEmptyDirData', () => {
    expect(explain(withEmptyDirs(aReplicaPod('prometheus-0'), 'cache'), KEEP_DATA)).toEqual([
      {
        filter: 'emptydir-data',
        verdict: 'block',
        message:
          'emptyDir data of volume cache would be lost, so kubectl drain refuses the pod without --delete-emptydir-data',
        remedy: expect.stringContaining('--delete-emptydir-data') as unknown,
      },
    ]);
  });

  it('stays quiet without emptyDir volumes, for finished pods and for DaemonSet pods', () => {
    expect(explain(aReplicaPod('web-1'), KEEP_DATA)).toEqual([]);
    expect(explain(withEmptyDirs(aReplicaPod('job-x', { phase: 'Succeeded' }), 'scratch'), KEEP_DATA)).toEqual([]);
    expect(explain(withEmptyDirs(aDaemonSetPod('canal', 'rke2-canal'), 'run'), KEEP_DATA)).toEqual([]);
  });
});
