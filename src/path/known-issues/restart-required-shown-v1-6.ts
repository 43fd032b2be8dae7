import { counted, type Finding } from '../../model/finding.js';
import { conditionOf, nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'restart-required-shown-v1-6';

export const restartRequiredShownV16: KnownIssue = {
  id: ID,
  title: 'No running VM will show "Restart action is required"',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'check',
    needs: ['virtualMachines'],
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 6: before v1.6.0 Harvester copied the VMI's MAC
    // address into the VM spec, and KubeVirt marked the VM RestartRequired; the UI hid that condition until v1.6.0
    // (and harvester-ui-extension v1.6.x) shows it. The condition is already on the VM before the upgrade.
    problem: (findings) =>
      counted(
        findings,
        'running VM will show "Restart action is required"',
        'running VMs will show "Restart action is required"',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'virtualMachines')
        .filter((vm) => conditionOf(vm.status?.conditions ?? undefined, 'RestartRequired')?.status === 'True')
        .map((vm): Finding => ({
          check: ID,
          severity: 'info',
          object: refOf('VirtualMachine', vm),
          message: `${nameOf(vm)} carries the RestartRequired condition, which the v1.6 UI shows as "Restart action is required for the virtual machine configuration change to take effect"`,
          remedy: `Nothing breaks; restart the VM at a maintenance window to clear it: ${sh`virtctl restart -n ${namespaceOf(vm)} ${nameOf(vm)}`}`,
        })),
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`],
  remedy: 'Restart the listed VMs at a maintenance window; the message is informational.',
};
