import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import type { Machine } from '../model/machine.js';
import { machineDeleting } from './machine-deleting.js';

const withMachines = (...machines: Machine[]) => snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')], machines });

describe('machine-deleting', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machineDeleting.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a machine being deleted with what it is waiting for', () => {
    const deleting = aMachine('custom-4d279419a084', 'node-2', {
      phase: 'Deleting',
      deleting: true,
      conditions: [
        { type: 'Deleting', status: 'False', reason: 'DrainingNode', message: 'Drain not completed yet' },
        { type: 'Ready', status: 'True' },
      ],
    });
    expect(machineDeleting.run(withMachines(aMachine('machine-node-1', 'node-1'), deleting))).toEqual([
      expect.objectContaining({
        check: 'machine-deleting',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-4d279419a084' },
        message: 'is being deleted since 2026-11-20T10:00:00Z (Deleting: Drain not completed yet)',
        remedy: expect.stringContaining('kubectl -n fleet-local describe machine custom-4d279419a084') as unknown,
      }),
    ]);
  });

  it('reports a deleting machine with nothing to wait for without parentheses', () => {
    const deleting = aMachine('custom-gone', 'node-1', { deleting: true });
    expect(machineDeleting.run(withMachines(deleting))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-gone' },
        message: 'is being deleted since 2026-11-20T10:00:00Z',
      }),
    ]);
  });

  it('puts the failure message first', () => {
    const deleting = aMachine('custom-failed', 'node-1', {
      deleting: true,
      failureMessage: 'drain timed out',
      conditions: [{ type: 'Deleting', status: 'False', message: 'Drain not completed yet' }],
    });
    expect(machineDeleting.run(withMachines(deleting))).toEqual([
      expect.objectContaining({
        message:
          'is being deleted since 2026-11-20T10:00:00Z (failure: drain timed out; Deleting: Drain not completed yet)',
      }),
    ]);
  });

  it('ignores machines that are not Running but not being deleted', () => {
    expect(machineDeleting.run(withMachines(aMachine('custom-p', 'node-1', { phase: 'Provisioning' })))).toEqual([]);
  });
});

describe('machine-deleting with a stale Machine', () => {
  it('says the stale Machine would drain and delete the node a live Machine stands for, and how to let it go', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-new', machineUid: 'uid-new' })],
      machines: [
        aMachine('custom-old', 'node-1', { uid: 'uid-old', deleting: true }),
        aMachine('custom-new', 'node-1', { uid: 'uid-new' }),
      ],
    });
    const [finding] = machineDeleting.run(snapshot);
    expect(finding?.message).toContain(
      'a stale registration of node node-1, which the live machine custom-new stands for',
    );
    expect(finding?.remedy).toContain(
      `kubectl -n fleet-local patch machine custom-old --type merge -p '{"metadata":{"finalizers":null}}'`,
    );
  });
});
