import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';
import { sh } from '../model/shell.js';
import { plural } from '../model/text.js';
import { counted } from '../model/finding.js';

const PLAN_SECRET_MACHINE_LABEL = 'rke.cattle.io/machine-name';

/**
 * Rancher keeps one plan Secret per machine (`<machine>-machine-plan`, type rke.cattle.io/machine-plan, label
 * rke.cattle.io/machine-name). Harvester's upgrade controller stops with "found <n> plan secret for machine <m>"
 * when there is not exactly one. Only Secret metadata is read.
 */
export const machinePlanSecretCount: Check = {
  id: 'machine-plan-secret-count',
  title: 'One plan secret per machine',
  problem: (findings) =>
    counted(findings, 'machine has not exactly one plan secret', 'machines have not exactly one plan secret'),
  description: 'Each Machine must have exactly one Rancher machine-plan Secret (read as metadata only).',
  needs: ['machines', 'machinePlanSecrets'],
  run: (snapshot) => {
    const counts = new Map<string, number>();
    for (const secret of itemsOf(snapshot, 'machinePlanSecrets')) {
      const machine = labelOf(secret, PLAN_SECRET_MACHINE_LABEL);
      if (!machine) continue;
      const key = `${namespaceOf(secret)}/${machine}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return machineNodeIndex(snapshot).machines.flatMap((machine) => {
      const count = counts.get(`${namespaceOf(machine)}/${nameOf(machine)}`) ?? 0;
      if (count === 1) return [];
      return [
        {
          check: 'machine-plan-secret-count',
          severity: 'error' as const,
          object: refOf('Machine', machine),
          message: `found ${plural(count, 'plan secret')} for machine ${nameOf(machine)}, expected 1`,
          remedy: `List them: ${sh`kubectl -n ${namespaceOf(machine)} get secrets -l ${PLAN_SECRET_MACHINE_LABEL}=${nameOf(machine)}`}; Rancher recreates a missing one, a duplicate must be removed.`,
        },
      ];
    });
  },
};
