import { snapshotOf } from '../../test/builders.js';
import { aMirrorPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { mirrorPod } from './mirror-pod.js';

const explain = (pod: Pod) => mirrorPod(pod, drainOf(snapshotOf({ pods: [pod] })));

describe('mirror-pod', () => {
  it('skips the API copy of a static pod', () => {
    expect(explain(aMirrorPod('kube-apiserver-node-1'))).toEqual([
      {
        filter: 'mirror-pod',
        verdict: 'skip',
        message: 'static pod: the kubelet owns it and runs it from a manifest on the node, so the drain leaves it',
      },
    ]);
  });

  it('stays quiet for an ordinary pod', () => {
    expect(explain(aReplicaPod('web-1'))).toEqual([]);
  });
});
