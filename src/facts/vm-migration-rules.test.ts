import { aNode } from '../../test/builders.js';
import { aVmi } from '../../test/kubevirt-builders.js';
import { parseVersion, type Version } from '../model/version.js';
import {
  LATEST_MIGRATION_RULES,
  migrationRulesFor,
  nonLiveMigratableReason,
  restoreVmHonoured,
  stopVmCommand,
  vmHostNodes,
} from './vm-migration-rules.js';

const version = (text: string): Version => {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
};
const hosts = [aNode('node-1'), aNode('node-2'), aNode('witness', { roles: ['witness'] })];

describe('migrationRulesFor', () => {
  it('follows the release: witness nodes left out from v1.6.0, CD-ROMs and container disks from v1.4.1 to v1.7.x', () => {
    expect(migrationRulesFor(version('v1.4.0'))).toEqual({ excludeWitness: false, cdromOrContainerDisk: false });
    expect(migrationRulesFor(version('v1.4.1'))).toEqual({ excludeWitness: false, cdromOrContainerDisk: true });
    expect(migrationRulesFor(version('v1.5.2'))).toEqual({ excludeWitness: false, cdromOrContainerDisk: true });
    expect(migrationRulesFor(version('v1.6.0'))).toEqual({ excludeWitness: true, cdromOrContainerDisk: true });
    expect(migrationRulesFor(version('v1.8.0'))).toEqual({ excludeWitness: true, cdromOrContainerDisk: false });
  });

  it('takes the latest rules when the version is unknown', () => {
    expect(migrationRulesFor(undefined)).toBe(LATEST_MIGRATION_RULES);
  });
});

describe('vmHostNodes', () => {
  it('leaves witness nodes out under the rules that exclude them', () => {
    expect(vmHostNodes(hosts, LATEST_MIGRATION_RULES).map((node) => node.metadata?.name)).toEqual(['node-1', 'node-2']);
  });

  it('keeps every node under the older rules', () => {
    expect(vmHostNodes(hosts, { excludeWitness: false, cdromOrContainerDisk: false })).toEqual(hosts);
  });
});

describe('nonLiveMigratableReason', () => {
  const reason = (vmi: ReturnType<typeof aVmi>, rules = LATEST_MIGRATION_RULES) =>
    nonLiveMigratableReason(vmi, vmHostNodes(hosts, rules), rules);

  it("names Harvester's first reason: nodeSelector, host devices, no other host, CD-ROM", () => {
    expect(reason(aVmi('a', { nodeSelector: { disk: 'ssd' } }))).toBe('it has a nodeSelector (disk=ssd)');
    expect(reason(aVmi('b', { hostDevices: [{ name: 'gpu', deviceName: 'nvidia.com/A2' }] }))).toBe(
      'it has host devices passed through (nvidia.com/A2)',
    );
    const alone = nonLiveMigratableReason(aVmi('c', { node: 'node-1' }), [aNode('node-1')], LATEST_MIGRATION_RULES);
    expect(alone).toBe('no other schedulable non-witness node is left to migrate it to');
    expect(reason(aVmi('d', { cdrom: true }), migrationRulesFor(version('v1.5.0')))).toMatch(/^it has a CD-ROM disk/);
  });

  it('finds none for a plain VMI with somewhere to go, nor for a CD-ROM under the latest rules', () => {
    expect(reason(aVmi('e'))).toBeUndefined();
    expect(reason(aVmi('f', { cdrom: true }))).toBeUndefined();
  });
});

describe('restoreVmHonoured', () => {
  it('holds from v1.6.0 and for an unknown version', () => {
    expect(restoreVmHonoured(version('v1.6.0'))).toBe(true);
    expect(restoreVmHonoured(undefined)).toBe(true);
  });

  it('does not hold before v1.6.0', () => {
    expect(restoreVmHonoured(version('v1.5.2'))).toBe(false);
  });
});

describe('stopVmCommand', () => {
  it('stops the VM with virtctl, shell-quoting its names', () => {
    expect(stopVmCommand('default', 'web-0')).toBe('virtctl stop web-0 -n default');
    expect(stopVmCommand('default', 'a b')).toBe("virtctl stop 'a b' -n default");
  });
});
