import { aSetting, snapshotOf } from '../../test/builders.js';
import { anAddon } from '../../test/rancher-builders.js';
import type { Addon } from '../model/harvester.js';
import { addonNotSettled } from './addon-not-settled.js';

const withAddons = (version: string | undefined, ...addons: Addon[]) =>
  snapshotOf(version === undefined ? { addons } : { addons, harvesterSettings: [aSetting('server-version', version)] });

describe('addon-not-settled', () => {
  it('stays quiet when enabled addons are deployed and disabled ones disabled or untouched', () => {
    const snapshot = withAddons(
      'v1.7.0',
      anAddon('rancher-monitoring', true),
      anAddon('vm-import-controller', false, 'AddonDisabled'),
      anAddon('pcidevices-controller', false, ''),
    );
    expect(addonNotSettled.run(snapshot)).toEqual([]);
  });

  it('reports an enabled addon still deploying as an error from v1.7.0', () => {
    const snapshot = withAddons(
      'v1.7.0',
      anAddon('rancher-monitoring', true, 'AddonEnabling', 'cattle-monitoring-system'),
    );
    expect(addonNotSettled.run(snapshot)).toEqual([
      {
        check: 'addon-not-settled',
        severity: 'error',
        object: { kind: 'Addon', namespace: 'cattle-monitoring-system', name: 'rancher-monitoring' },
        message: 'addon is enabled but still on status AddonEnabling',
        remedy: expect.stringContaining(
          'kubectl -n cattle-monitoring-system get addons.harvesterhci.io rancher-monitoring -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports a disabled addon that failed to disable', () => {
    const snapshot = withAddons('v1.8.1', anAddon('nvidia-driver-toolkit', false, 'AddonDisableFailed'));
    expect(addonNotSettled.run(snapshot)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'addon is disabled but still on status AddonDisableFailed',
      }),
    ]);
  });

  it('reports an enabled addon with no status yet', () => {
    expect(addonNotSettled.run(withAddons('v1.7.0-rc1', anAddon('harvester-seeder', true, '')))).toEqual([
      expect.objectContaining({ severity: 'error', message: 'addon is enabled but has no status yet' }),
    ]);
  });

  it('treats an addon without spec.enabled as disabled', () => {
    const addon: Addon = { ...anAddon('bare', false, 'AddonDeploySuccessful'), spec: {} };
    expect(addonNotSettled.run(withAddons('v1.7.0', addon))).toEqual([
      expect.objectContaining({ message: 'addon is disabled but still on status AddonDeploySuccessful' }),
    ]);
  });

  it.each([
    ['v1.6.1', 'v1.6.1'],
    ['an unknown version', undefined],
    ['an unparseable version', 'master-head'],
  ])('warns on %s, where the webhook does not check', (_, version) => {
    const monitoring = anAddon('rancher-monitoring', true, 'AddonDeployFailed', 'cattle-monitoring-system');
    expect(addonNotSettled.run(withAddons(version, monitoring))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'addon is enabled but still on status AddonDeployFailed',
      }),
    ]);
  });

  const logging = (status: string, enabled = true) =>
    anAddon('rancher-logging', enabled, status, 'cattle-logging-system');

  it('reports rancher-logging enabled but not deployed as an error below v1.7.0: the upgrade log waits for it', () => {
    // harvester#9644: v1.5.2 → v1.6.0 with rancher-logging Enabling, the upgrade does not start.
    expect(addonNotSettled.run(withAddons('v1.5.2', logging('AddonEnabling')))).toEqual([
      {
        check: 'addon-not-settled',
        severity: 'error',
        object: { kind: 'Addon', namespace: 'cattle-logging-system', name: 'rancher-logging' },
        message:
          'addon is enabled but still on status AddonEnabling; an upgrade with logging enabled (the default) waits for its logging operator with no timeout and never starts',
        remedy: expect.stringContaining('spec.logEnabled: false') as unknown,
      },
    ]);
    expect(addonNotSettled.run(withAddons('v1.6.1', logging('AddonDeployFailed')))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('keeps rancher-logging a warning where the upgrade log does not read it: before v1.1.2, disabled, or unknown', () => {
    for (const [version, addon] of [
      ['v1.1.1', logging('AddonEnabling')],
      ['v1.5.2', logging('AddonDisabling', false)],
      [undefined, logging('AddonEnabling')],
    ] as const) {
      expect(addonNotSettled.run(withAddons(version, addon))).toEqual([
        expect.objectContaining({ severity: 'warning' }),
      ]);
    }
  });

  it('stays quiet about rancher-logging deployed below v1.7.0', () => {
    expect(addonNotSettled.run(withAddons('v1.5.2', logging('AddonDeploySuccessful')))).toEqual([]);
  });
});
