import { aMachine, aNode, snapshotOf } from '../../test/builders.js';
import { annotated } from '../../test/drain-builders.js';
import type { Machine } from '../model/machine.js';
import { drainerOf, EXCLUDE_NODE_DRAINING } from './node-drainer.js';

const DRAINING: Machine['status'] = {
  phase: 'Deleting',
  nodeRef: { name: 'node-1' },
  conditions: [
    { type: 'PreDrainDeleteHookSucceeded', status: 'True' },
    { type: 'DrainingSucceeded', status: 'False', reason: 'Draining', message: 'Draining the node before deletion' },
  ],
  v1beta2: {
    conditions: [
      {
        type: 'Deleting',
        status: 'True',
        reason: 'DrainingNode',
        message:
          "Drain not completed yet (started at 2026-11-21T11:40:01Z):\n* Pod default/web-1: cannot evict pod as it would violate the pod's disruption budget.",
      },
    ],
  },
};

const deleting = (name: string, status: Machine['status'] = DRAINING): Machine => ({
  ...aMachine(name, 'node-1', { deleting: true }),
  status,
});

describe('drainerOf', () => {
  it("names the Machine deletion that drains the node, with CAPI's drain message", () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { unschedulable: true, machine: 'custom-1' })],
      machines: [deleting('custom-1')],
    });
    expect(drainerOf(snapshot, 'node-1')).toEqual({
      by: 'node-removal',
      machine: 'custom-1',
      message:
        "Machine fleet-local/custom-1 is being deleted (node removal), so CAPI's machine controller cordons and drains the node before it deletes it; " +
        'CAPI reports "Drain not completed yet (started at 2026-11-21T11:40:01Z): * Pod default/web-1: cannot evict pod as it would violate the pod\'s disruption budget."',
    });
  });

  it('says when CAPI waits for pre-drain hooks, and when the Machine skips the drain', () => {
    const hooked = deleting('custom-1', {
      conditions: [
        {
          type: 'PreDrainDeleteHookSucceeded',
          status: 'False',
          reason: 'WaitingExternalHook',
          message: 'Waiting for pre-drain hooks to succeed (hooks: harvester)',
        },
      ],
    });
    expect(drainerOf(snapshotOf({ nodes: [aNode('node-1')], machines: [hooked] }), 'node-1').message).toContain(
      'CAPI waits for its pre-drain delete hooks first: Waiting for pre-drain hooks to succeed (hooks: harvester)',
    );
    const excluded = annotated(deleting('custom-1'), { [EXCLUDE_NODE_DRAINING]: 'true' });
    expect(drainerOf(snapshotOf({ nodes: [aNode('node-1')], machines: [excluded] }), 'node-1').message).toContain(
      'so CAPI removes the node without draining it',
    );
  });

  it('names a stale Machine whose deletion drains a node a live Machine now stands for', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-new' })],
      machines: [deleting('custom-old'), aMachine('custom-new', 'node-1', { uid: 'uid-new' })],
    });
    expect(drainerOf(snapshot, 'node-1')).toMatchObject({
      by: 'node-removal',
      machine: 'custom-old',
      message: expect.stringContaining(
        'it is a stale registration of the node: the live Machine custom-new stands for node-1 now',
      ) as unknown,
    });
  });

  it('tells maintenance mode and a hand cordon apart, and says when nothing drains the node', () => {
    const maintained = annotated(aNode('node-1', { unschedulable: true }), {
      'harvesterhci.io/maintain-status': 'running',
    });
    expect(drainerOf(snapshotOf({ nodes: [maintained], machines: [] }), 'node-1').by).toBe('maintenance-mode');
    const cordoned = snapshotOf({
      nodes: [aNode('node-1', { unschedulable: true })],
      machines: [aMachine('machine-node-1', 'node-1')],
    });
    expect(drainerOf(cordoned, 'node-1')).toMatchObject({
      by: 'cordon',
      message: expect.stringContaining('cordoned by hand') as unknown,
    });
    const idle = snapshotOf({ nodes: [aNode('node-1')], machines: [aMachine('machine-node-1', 'node-1')] });
    expect(drainerOf(idle, 'node-1').by).toBe('none');
  });
});
