import { type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

export const ipredCtrlCpuFeatureV16: KnownIssue = {
  id: 'ipred-ctrl-cpu-feature-v1-6',
  title: 'No VM keeps the temporary ipred-ctrl CPU feature selector',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'manual',
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 8: on these Xeon models KubeVirt's node labeller
    // shows cpu-feature.node.kubevirt.io/ipred-ctrl=true while the upgrade runs; VMs migrated then keep the node
    // selector after the label is gone, and their next live migration fails.
    command: "grep -m1 '^model name' /proc/cpuinfo",
    expect: 'none of Intel(R) Xeon(R) Gold 5418Y, Intel(R) Xeon(R) Gold 6542Y or Intel(R) Xeon(R) Silver 4509Y',
  },
  sources: [
    `${UPGRADE_DOC}v1-5-x-to-v1-6-x`,
    'https://harvesterhci.io/kb/troubleshooting_vm_scheduling_issues_nodeselector',
  ],
  remedy:
    'Before upgrading, set a common CPU model for the VMs (https://harvesterhci.io/kb/setup_common_cpu_model_for_vm_live_migration), or annotate the nodes node-labeller.kubevirt.io/skip-node=true and remove the annotation after the upgrade.',
};
