import { machineFailureMessage, type Machine } from '../model/machine.js';

/** The messages of the conditions that are not True: what CAPI and Rancher say the machine is waiting for. */
export const machineWaitingFor = (machine: Machine): string[] => {
  // CAPI repeats one cause on several conditions (Ready and NodeHealthy): say each message once.
  const typesByMessage = new Map<string, string[]>();
  for (const condition of machine.status?.conditions ?? []) {
    if (condition.status === 'True' || !condition.message) continue;
    typesByMessage.set(condition.message, [
      ...(typesByMessage.get(condition.message) ?? []),
      condition.type ?? 'condition',
    ]);
  }
  const messages = [...typesByMessage.entries()].map(([message, types]) => `${types.join(', ')}: ${message}`);
  const failure = machineFailureMessage(machine);
  return failure ? [`failure: ${failure}`, ...messages] : messages;
};

/** ` (Ready: …; failure: …)` to close a finding's message, or nothing when the machine waits for nothing. */
export const waitingNote = (machine: Machine): string => {
  const waiting = machineWaitingFor(machine);
  return waiting.length > 0 ? ` (${waiting.join('; ')})` : '';
};
