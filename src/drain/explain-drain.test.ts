import { aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aReplicaPod, aTightPdb } from '../../test/drain-builders.js';
import type { DrainExplanation, PodVerdict } from '../model/drain.js';
import { drainChanges, explainDrain, isDrained, probeAgrees } from './explain-drain.js';

const web = (name: string, node = 'node-1') => aReplicaPod(name, { node, labels: { app: 'web' } });

const twoNodes = (pods: ReturnType<typeof aPod>[]) =>
  snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')], pods, podDisruptionBudgets: [aTightPdb('web', 'web')] });

const explained = (snapshot: ReturnType<typeof snapshotOf>, node = 'node-1'): DrainExplanation =>
  explainDrain(snapshot, aNode(node), 'named on the command line');

describe('explainDrain', () => {
  it('gives one finding per blocked pod with every blocking reason, and shows where a replacement fits', () => {
    const drain = explained(twoNodes([web('web-1'), web('web-2', 'node-2')]));
    expect(drain.findings).toEqual([
      expect.objectContaining({
        check: 'pdb-eviction',
        object: { kind: 'Pod', namespace: 'default', name: 'web-1' },
        message: expect.stringContaining('PodDisruptionBudget default/web needs 2 healthy and has 1') as unknown,
      }),
    ]);
    expect(drain.pods[0]?.replacements?.nodes).toEqual([expect.objectContaining({ node: 'node-2', fits: true })]);
  });

  it('shows no replacement for a pod nothing recreates', () => {
    const bare = aPod('bare', { node: 'node-1', labels: { app: 'web' } });
    const drain = explained(twoNodes([bare]));
    expect(drain.pods[0]?.verdict).toBe('block');
    expect(drain.pods[0]?.replacements).toBeUndefined();
  });

  it('skips every pod on a single-node cluster, whose upgrade drains nothing', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      pods: [web('web-1')],
      podDisruptionBudgets: [aTightPdb('web', 'web')],
    });
    const drain = explained(snapshot);
    expect(drain.pods.map((pod) => [pod.name, pod.verdict, pod.reasons.map((r) => r.filter)])).toEqual([
      ['web-1', 'skip', ['single-node-upgrade']],
    ]);
    expect(drain.findings).toEqual([]);
    expect(isDrained(drain)).toBe(true);
  });
});

describe('isDrained', () => {
  it('is false while a pod would still be evicted, true with only DaemonSet pods left', () => {
    expect(isDrained(explained(twoNodes([aReplicaPod('api', { node: 'node-1' })])))).toBe(false);
    expect(isDrained(explained(twoNodes([aDaemonSetPod('canal-x', 'canal', { node: 'node-1' })])))).toBe(true);
  });

  it('is true once Rancher recorded drain-done, whatever pods remain', () => {
    const drain = explained(twoNodes([web('web-1')]));
    expect(
      isDrained({
        ...drain,
        upgrade: { ...drain.upgrade, handshake: { ...drain.upgrade.handshake, drainDone: true } },
      }),
    ).toBe(true);
  });
});

describe('drainChanges', () => {
  it('lists every pod the first time, then only what changed', () => {
    const before = explained(twoNodes([web('web-1'), aReplicaPod('api', { node: 'node-1' })]));
    expect(drainChanges(undefined, before)).toEqual([
      `stage: ${before.upgrade.summary}`,
      'pod default/api: evict (no budget or filter holds it)',
      expect.stringMatching(/^pod default\/web-1: block \(PodDisruptionBudget default\/web needs 2 healthy/) as unknown,
    ]);
    const after = explained(twoNodes([aReplicaPod('api', { node: 'node-1' })]));
    expect(drainChanges(before, after)).toEqual(['pod default/web-1: gone']);
    expect(drainChanges(after, after)).toEqual([]);
  });
});

describe('probeAgrees', () => {
  const pod = (filter: string, verdict: PodVerdict['verdict']): PodVerdict => ({
    namespace: 'default',
    name: 'p',
    verdict,
    reasons: [{ filter, verdict, message: 'm' }],
  });

  it('expects a refusal only for blocks the eviction API itself makes', () => {
    expect(probeAgrees(pod('pdb-eviction', 'block'), 'refused')).toBe(true);
    expect(probeAgrees(pod('pdb-eviction', 'block'), 'allowed')).toBe(false);
    expect(probeAgrees(pod('evictable', 'evict'), 'allowed')).toBe(true);
    expect(probeAgrees(pod('evictable', 'evict'), 'refused')).toBe(false);
    // A stuck terminating pod is "evicted" at once; the drain then waits for it.
    expect(probeAgrees(pod('pod-being-deleted', 'block'), 'allowed')).toBe(true);
  });

  it('has no opinion when the pod is gone or the probe failed', () => {
    expect(probeAgrees(pod('pdb-eviction', 'block'), 'gone')).toBeUndefined();
    expect(probeAgrees(pod('evictable', 'evict'), 'error')).toBeUndefined();
  });
});
