import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import type { Machine } from '../model/machine.js';
import { machineNotRunning } from './machine-not-running.js';

const withMachines = (...machines: Machine[]) => snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')], machines });

describe('machine-not-running', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machineNotRunning.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a machine stuck Provisioning with the messages of its conditions that are not True', () => {
    const stuck = aMachine('custom-4d279419a084', 'node-2', {
      phase: 'Provisioning',
      conditions: [
        { type: 'Ready', status: 'False', reason: 'Waiting', message: 'waiting for probes: calico, kubelet' },
        { type: 'Provisioned', status: 'True', reason: 'InSync', message: 'plan applied' },
        { type: 'NodeHealthy', status: 'Unknown' },
        { type: 'InfrastructureReady', status: 'Unknown', message: 'waiting for agent to check in' },
      ],
    });
    expect(machineNotRunning.run(withMachines(aMachine('machine-node-1', 'node-1'), stuck))).toEqual([
      expect.objectContaining({
        check: 'machine-not-running',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-4d279419a084' },
        message:
          'phase is Provisioning, not Running (Ready: waiting for probes: calico, kubelet; InfrastructureReady: waiting for agent to check in)',
        remedy: expect.stringContaining('kubectl -n fleet-local describe machine custom-4d279419a084') as unknown,
      }),
    ]);
  });

  it('puts the failure message first', () => {
    const failed = aMachine('custom-failed', 'node-1', {
      phase: 'Failed',
      failureMessage: 'bootstrap data secret is missing',
      conditions: [{ type: 'Ready', status: 'False', message: 'node is gone' }],
    });
    expect(machineNotRunning.run(withMachines(failed))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-failed' },
        message: 'phase is Failed, not Running (failure: bootstrap data secret is missing; Ready: node is gone)',
      }),
    ]);
  });

  it('reads the v1beta2 failure message under status.deprecated.v1beta1', () => {
    const base = aMachine('custom-v1beta2', 'node-1', { phase: 'Failed', apiVersion: 'cluster.x-k8s.io/v1beta2' });
    const machine: Machine = {
      ...base,
      status: { ...base.status, deprecated: { v1beta1: { failureMessage: 'infrastructure is gone' } } },
    };
    expect(machineNotRunning.run(withMachines(machine))).toEqual([
      expect.objectContaining({ message: 'phase is Failed, not Running (failure: infrastructure is gone)' }),
    ]);
  });

  it('writes no parentheses when nothing explains the phase', () => {
    expect(machineNotRunning.run(withMachines(aMachine('custom-pending', null, { phase: 'Pending' })))).toEqual([
      expect.objectContaining({ message: 'phase is Pending, not Running' }),
    ]);
  });

  it.each(['Weird', '', 'running'])('reports the unknown phase %j as Unknown', (phase) => {
    expect(machineNotRunning.run(withMachines(aMachine('custom-odd', 'node-1', { phase })))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-odd' },
        message: 'phase is Unknown, not Running',
      }),
    ]);
  });

  it('reports a machine with no status at all as Unknown', () => {
    const bare: Machine = {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Machine',
      metadata: { name: 'bare', namespace: 'fleet-local' },
    };
    expect(machineNotRunning.run(withMachines(bare))).toEqual([
      expect.objectContaining({ message: 'phase is Unknown, not Running' }),
    ]);
  });

  it('skips a machine being deleted (machine-deleting reports it)', () => {
    const deleting = aMachine('custom-deleting', 'node-1', { phase: 'Deleting', deleting: true });
    expect(machineNotRunning.run(withMachines(deleting))).toEqual([]);
  });

  it('reports every machine that is not Running', () => {
    const findings = machineNotRunning.run(
      withMachines(
        aMachine('machine-node-1', 'node-1', { phase: 'Provisioned' }),
        aMachine('machine-node-2', 'node-2', { phase: 'Provisioning' }),
      ),
    );
    expect(findings.map((finding) => [finding.object.name, finding.message])).toEqual([
      ['machine-node-1', 'phase is Provisioned, not Running'],
      ['machine-node-2', 'phase is Provisioning, not Running'],
    ]);
  });
});
