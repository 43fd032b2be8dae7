import { counted, type Finding } from '../../model/finding.js';
import { isVmiRunning } from '../../model/kubevirt.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, release, UPGRADE_DOC } from '../known-issue.js';

const ID = 'cpu-topology-migration-v1-9-0';
const DOC = 'https://docs.harvesterhci.io/v1.9/upgrade/v1-8-x-to-v1-9-x';

export const cpuTopologyMigrationV190: KnownIssue = {
  id: ID,
  title: 'No running VM has a CPU topology with cores × threads above 1',
  from: minorOf('v1.8'),
  to: release('v1.9.0'),
  detection: {
    kind: 'check',
    needs: ['vmis'],
    // harvester/docs versioned_docs/version-v1.9/upgrade/v1-8-x-to-v1-9-x.md known issue 2 (harvester#11615):
    // QEMU 10 reports the ht feature for cores × threads > 1, and libvirt before 11.10.0 refuses the incoming
    // migration ("guest CPU doesn't match specification: extra features: ht"), so the node upgrade's automatic
    // live migration of such a VM fails. KubeVirt defaults cores and threads to 1.
    problem: (findings) =>
      counted(
        findings,
        'running VM has a CPU topology with cores × threads above 1',
        'running VMs have a CPU topology with cores × threads above 1',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'vmis')
        .filter(isVmiRunning)
        .flatMap((vmi): Finding[] => {
          const cpu = vmi.spec?.domain?.cpu;
          const cores = cpu?.cores ?? 1;
          const threads = cpu?.threads ?? 1;
          if (cores * threads <= 1) return [];
          return [
            {
              check: ID,
              severity: 'warning',
              object: refOf('VirtualMachineInstance', vmi),
              message: `${nameOf(vmi)} runs with cores: ${String(cores)} and threads: ${String(threads)}, so its live migration to a v1.9.0 node can fail with "extra features: ht"`,
              remedy: `Shut it down gracefully before the upgrade and start it afterwards: ${sh`virtctl stop -n ${namespaceOf(vmi)} ${nameOf(vmi)}`}`,
            },
          ];
        }),
  },
  sources: [DOC, `${HARVESTER_ISSUE}11615`, `${UPGRADE_DOC}automatic#planned-vm-shutdown-vs-live-migration`],
  remedy: 'Shut down VMs whose cores × threads is above 1 before upgrading to v1.9.0, and start them afterwards.',
};
