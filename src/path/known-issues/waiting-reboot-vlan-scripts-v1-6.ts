import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

export const waitingRebootVlanScriptsV16: KnownIssue = {
  id: 'waiting-reboot-vlan-scripts-v1-6',
  title: 'Nodes installed before v1.2.2 leave "Waiting Reboot"',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'manual',
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 4 (harvester#9033): installers before v1.2.2
    // wrote /oem/90_custom.yaml with gopkg.in/yaml.v2, which quotes the setup_bond.sh and setup_bridge.sh scripts
    // as one double-quoted line; the upgrade's sed then truncates them ("yaml: line did not find expected key")
    // when install.management_interface.vlan_id is 1 or empty.
    command:
      "yq '.install.management_interface.vlan_id' /oem/harvester.config; grep -cE 'content: \"#!/bin/sh' /oem/90_custom.yaml",
    expect:
      'a vlan_id other than 1 and not null, or a count of 0 (the scripts are YAML blocks, as yaml.v3 writes them); vlan_id 1 or null with a count above 0 means this node can stay in "Waiting Reboot"',
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`, `${HARVESTER_ISSUE}9033`],
  remedy:
    'Replace the setup_bond.sh and setup_bridge.sh contents in /oem/90_custom.yaml with the block form the docs give (each ending in bridge vlan add vid 2-4094 ...); a stuck upgrade then resumes.',
};
