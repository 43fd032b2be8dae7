import { aPod, snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, annotated, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { HARVESTER_DRAIN_OPTIONS, type DrainOptions } from '../model/drain.js';
import { unreplicatedPod } from './unreplicated-pod.js';

const explain = (pod: Pod, options: DrainOptions = HARVESTER_DRAIN_OPTIONS) =>
  unreplicatedPod(pod, drainOf(snapshotOf({ pods: [pod] }), 'node-1', options));

const UNFORCED: DrainOptions = { ...HARVESTER_DRAIN_OPTIONS, force: false };

describe('unreplicated-pod', () => {
  it('evicts a bare pod for good when the drain is forced, as Harvester drains', () => {
    expect(explain(aPod('debug-shell'))).toEqual([
      {
        filter: 'unreplicated-pod',
        verdict: 'evict',
        message: 'bare pod, deleted and not recreated: no controller owns it and the drain is forced',
      },
    ]);
  });

  it('blocks a bare pod without force', () => {
    expect(explain(aPod('debug-shell'), UNFORCED)).toEqual([
      {
        filter: 'unreplicated-pod',
        verdict: 'block',
        message: 'bare pod: no controller owns it, so kubectl drain refuses it without --force',
        remedy: expect.stringContaining('kubectl -n default delete pod debug-shell') as unknown,
      },
    ]);
  });

  it('counts only a controller ownerReference, as kubectl does', () => {
    const pod = aPod('adopted');
    const owned: Pod = {
      ...pod,
      metadata: { ...pod.metadata, ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: false }] },
    };
    expect(explain(owned, UNFORCED)).toEqual([expect.objectContaining({ verdict: 'block' })]);
  });

  it('stays quiet for controlled, finished, DaemonSet and mirror pods', () => {
    expect(explain(aReplicaPod('web-1'), UNFORCED)).toEqual([]);
    expect(explain(aPod('done', { phase: 'Succeeded' }), UNFORCED)).toEqual([]);
    expect(explain(aDaemonSetPod('canal', 'rke2-canal'), UNFORCED)).toEqual([]);
    expect(explain(annotated(aPod('etcd-node-1'), { 'kubernetes.io/config.mirror': 'abc' }), UNFORCED)).toEqual([]);
  });
});
