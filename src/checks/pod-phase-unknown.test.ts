import { aJob, aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aJobPod, aSucJob, aSucPlan, aSucPod, terminating } from '../../test/pod-builders.js';
import type { Job, Pod } from '../model/pod.js';
import { podPhaseUnknown } from './pod-phase-unknown.js';

const run = (pods: Pod[], jobs: Job[] = []) =>
  podPhaseUnknown.run(
    snapshotOf({ pods, jobs, nodes: [aNode('node-1')], sucPlans: [aSucPlan('system-agent-upgrader')] }),
  );

describe('pod-phase-unknown', () => {
  it('stays quiet on pods with a known phase', () => {
    expect(run([aPod('web-1'), aPod('job-1', { phase: 'Failed' }), aPod('new', { phase: 'Pending' })])).toEqual([]);
  });

  it('reports a pod in phase Unknown with its node and reason', () => {
    const pod = aPod('rancher-6f7d', {
      namespace: 'cattle-system',
      node: 'node-2',
      phase: 'Unknown',
      reason: 'NodeLost',
    });
    expect(run([pod])).toEqual([
      {
        check: 'pod-phase-unknown',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'cattle-system', name: 'rancher-6f7d' },
        message: 'phase is Unknown on node node-2 (NodeLost)',
        remedy: expect.stringContaining('kubectl get node node-2') as unknown,
      },
    ]);
  });

  it('reports a pod with no phase at all, saying whether the whole status is missing', () => {
    const bare: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' } };
    const broken: Pod = { ...bare, metadata: { name: 'broken', namespace: 'default' }, status: {} };
    expect(run([bare, broken])).toEqual([
      {
        check: 'pod-phase-unknown',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'default', name: 'bare' },
        message: 'has no status, so no phase',
        remedy: expect.stringContaining('kubectl -n default delete pod bare') as unknown,
      },
      expect.objectContaining({
        object: { kind: 'Pod', namespace: 'default', name: 'broken' },
        message: 'has a status without a phase',
      }),
    ]);
  });

  it('skips a superseded SUC attempt whose pod kubectl shows as Unknown', () => {
    const lost = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-x7k2p', { phase: 'Unknown' });
    const done = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-q9d4m', { phase: 'Succeeded' });
    expect(run([lost, done], [aSucJob({ succeeded: 1, failed: 1, condition: 'Complete' })])).toEqual([]);
  });

  it('reports an Unknown pod of a Job that has not succeeded', () => {
    const pod = aJobPod('seed-1', 'seed', { phase: 'Unknown' });
    expect(run([pod], [aJob('seed', { active: 1 })])).toEqual([
      expect.objectContaining({ object: { kind: 'Pod', namespace: 'default', name: 'seed-1' } }),
    ]);
  });

  it('skips terminating pods (the node checks report the lost node)', () => {
    expect(run([terminating(aPod('gone', { phase: 'Unknown' }))])).toEqual([]);
  });
});
