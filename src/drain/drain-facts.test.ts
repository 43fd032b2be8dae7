import { aPod } from '../../test/builders.js';
import type { Pod } from '../model/pod.js';
import { durationText, getsReplacement } from './drain-facts.js';

describe('getsReplacement', () => {
  it.each<[string, string]>([
    ['ReplicaSet', 'web-5f8d7c7b9'],
    ['StatefulSet', 'db'],
  ])('is true for a pod a %s controls', (kind, name) => {
    expect(getsReplacement(aPod('pod-1', { owner: { kind, name } }))).toBe(true);
  });

  it.each<[string, string]>([
    ['VirtualMachineInstance', 'vm-1'],
    ['DaemonSet', 'agent'],
    ['Job', 'hvst-upgrade-abcde-pre-drain-node-1'],
    ['Node', 'node-1'],
  ])('is false for a pod a %s controls', (kind, name) => {
    expect(getsReplacement(aPod('pod-1', { owner: { kind, name } }))).toBe(false);
  });

  it('is false for a bare pod and for a ReplicaSet that owns the pod without controlling it', () => {
    const owned = aPod('pod-1', { owner: { kind: 'ReplicaSet', name: 'web-5f8d7c7b9' } });
    const notController: Pod = {
      ...owned,
      metadata: {
        ...owned.metadata,
        ownerReferences: (owned.metadata?.ownerReferences ?? []).map((owner) => ({ ...owner, controller: false })),
      },
    };
    expect(getsReplacement(aPod('pod-1'))).toBe(false);
    expect(getsReplacement(notController)).toBe(false);
  });
});

describe('durationText', () => {
  it('writes durations the way kubectl prints ages', () => {
    expect([45, 600, 4320, 3600, 86400, 187200].map(durationText)).toEqual(['45s', '10m', '1h12m', '1h', '1d', '2d4h']);
  });
});
