import { counted, type Finding } from '../../model/finding.js';
import { isVmiRunning } from '../../model/kubevirt.js';
import { namespacedKey, nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'firmware-uuid-restart-required-v1-7';

export const firmwareUuidRestartRequiredV17: KnownIssue = {
  id: ID,
  title: 'No running VM will show "Restart action is required" for its firmware UUID',
  from: minorOf('v1.6'),
  to: minorOf('v1.7'),
  detection: {
    kind: 'check',
    needs: ['virtualMachines', 'vmis'],
    // harvester/docs docs/upgrade/v1-6-x-to-v1-7-x.md known issue 4 (harvester#9751): KubeVirt 1.6 persists a
    // firmware UUID into every VM's template that lacks one (kubevirt/kubevirt PR #14130), and a running VM then
    // gets the RestartRequired condition ("a non-live-updatable field was changed in the template spec") until
    // PR #16329 ignores a UUID equal to the VMI's.
    problem: (findings) =>
      counted(
        findings,
        'running VM will show "Restart action is required" for its firmware UUID',
        'running VMs will show "Restart action is required" for their firmware UUID',
      ),
    run: (snapshot) => {
      const running = new Set(
        itemsOf(snapshot, 'vmis')
          .filter(isVmiRunning)
          .map((vmi) => namespacedKey(namespaceOf(vmi), nameOf(vmi))),
      );
      // By namespace and name, as a live list returns them, whatever order a bundle file holds.
      return [...itemsOf(snapshot, 'virtualMachines')]
        .sort((a, b) =>
          namespacedKey(namespaceOf(a), nameOf(a)).localeCompare(namespacedKey(namespaceOf(b), nameOf(b))),
        )
        .filter((vm) => running.has(namespacedKey(namespaceOf(vm), nameOf(vm))))
        .filter((vm) => !vm.spec?.template?.spec?.domain?.firmware?.uuid)
        .map((vm): Finding => ({
          check: ID,
          severity: 'info',
          object: refOf('VirtualMachine', vm),
          message: `${nameOf(vm)} runs without spec.template.spec.domain.firmware.uuid; KubeVirt 1.6 adds one during the upgrade and the UI then shows "Restart action is required"`,
          remedy: 'Nothing breaks; restart the VM at the next maintenance window to clear the message.',
        }));
    },
  },
  sources: [
    `${UPGRADE_DOC}v1-6-x-to-v1-7-x`,
    `${HARVESTER_ISSUE}9751`,
    'https://github.com/kubevirt/kubevirt/pull/14130',
    'https://github.com/kubevirt/kubevirt/pull/16329',
  ],
  remedy: 'Restart the listed VMs at a maintenance window after the upgrade; the message is informational.',
};
