import { snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import { HARVESTER_DRAIN_OPTIONS, type DrainOptions } from '../model/drain.js';
import type { Pod } from '../model/pod.js';
import { daemonsetPod } from './daemonset-pod.js';

const explain = (pod: Pod, options: DrainOptions = HARVESTER_DRAIN_OPTIONS) =>
  daemonsetPod(pod, drainOf(snapshotOf({ pods: [pod] }), 'node-1', options));

const KUBECTL_DEFAULTS: DrainOptions = { force: false, ignoreDaemonSets: false, deleteEmptyDirData: false };

describe('daemonset-pod', () => {
  it('skips a DaemonSet pod with ignoreDaemonSets, as Harvester drains', () => {
    expect(explain(aDaemonSetPod('rke2-canal-x2b9q', 'rke2-canal'))).toEqual([
      {
        filter: 'daemonset-pod',
        verdict: 'skip',
        message: 'managed by DaemonSet rke2-canal: the drain leaves it (ignoreDaemonSets)',
      },
    ]);
  });

  it('blocks without ignoreDaemonSets, like kubectl drain', () => {
    expect(explain(aDaemonSetPod('rke2-canal-x2b9q', 'rke2-canal'), KUBECTL_DEFAULTS)).toEqual([
      {
        filter: 'daemonset-pod',
        verdict: 'block',
        message:
          'managed by DaemonSet rke2-canal: kubectl drain refuses DaemonSet-managed pods without --ignore-daemonsets',
        remedy: expect.stringContaining('--ignore-daemonsets') as unknown,
      },
    ]);
  });

  it('lets a finished DaemonSet pod be deleted like any other', () => {
    expect(explain(aDaemonSetPod('old', 'rke2-canal', { phase: 'Failed' }), KUBECTL_DEFAULTS)).toEqual([]);
  });

  it('stays quiet for pods of other controllers', () => {
    expect(explain(aReplicaPod('web-1'), KUBECTL_DEFAULTS)).toEqual([]);
  });
});
