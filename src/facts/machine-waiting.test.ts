import { aMachine } from '../../test/builders.js';
import { machineWaitingFor, waitingNote } from './machine-waiting.js';

describe('machineWaitingFor', () => {
  it('lists the messages of conditions that are not True, each message once with the conditions that say it', () => {
    const machine = aMachine('m', 'node-1', {
      conditions: [
        { type: 'Ready', status: 'False', message: 'Waiting for a node with matching ProviderID to exist' },
        { type: 'NodeHealthy', status: 'False', message: 'Waiting for a node with matching ProviderID to exist' },
        { type: 'Reconciled', status: 'True', message: 'done' },
        { type: 'BootstrapReady', status: 'False' },
        { status: 'Unknown', message: 'untyped' },
      ],
    });
    expect(machineWaitingFor(machine)).toEqual([
      'Ready, NodeHealthy: Waiting for a node with matching ProviderID to exist',
      'condition: untyped',
    ]);
  });

  it('puts the failure message before the conditions', () => {
    const machine = aMachine('m', 'node-1', {
      failureMessage: 'boom',
      conditions: [{ type: 'Ready', status: 'False', message: 'not ready' }],
    });
    expect(machineWaitingFor(machine)).toEqual(['failure: boom', 'Ready: not ready']);
  });

  it('is empty for a machine with no conditions', () => {
    expect(machineWaitingFor(aMachine('m', 'node-1'))).toEqual([]);
  });
});

describe('waitingNote', () => {
  it('closes a message with what the machine waits for', () => {
    const machine = aMachine('m', 'node-1', { conditions: [{ type: 'Ready', status: 'False', message: 'not ready' }] });
    expect(waitingNote(machine)).toBe(' (Ready: not ready)');
  });

  it('adds nothing when it waits for nothing', () => {
    expect(waitingNote(aMachine('m', 'node-1'))).toBe('');
  });
});
