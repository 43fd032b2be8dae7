import { aSetting, snapshotOf } from '../../test/builders.js';
import { backupTargetRefreshInterval } from './backup-target-refresh-interval.js';

const withTarget = (value: string | null, version = 'v1.4.2') =>
  snapshotOf({
    harvesterSettings: [
      aSetting('server-version', version),
      ...(value === null ? [] : [aSetting('backup-target', value)]),
    ],
  });

const s3 = (extra: Record<string, unknown>) =>
  JSON.stringify({ type: 's3', endpoint: 'https://s3.example.com', bucketName: 'backups', ...extra });

describe('backup-target-refresh-interval', () => {
  it.each(['v1.4.1', 'v1.4.2'])('applies to %s', (version) => {
    expect(backupTargetRefreshInterval.appliesTo?.(withTarget(null, version))).toBeUndefined();
  });

  it.each(['v1.4.0', 'v1.4.3', 'v1.5.0', 'v1.4.2-rc1'])('is skipped on %s', (version) => {
    expect(backupTargetRefreshInterval.appliesTo?.(withTarget(null, version))).toBe(
      `applies to Harvester v1.4.1 and v1.4.2; this cluster runs ${version}`,
    );
  });

  it('is skipped when the version is unknown', () => {
    expect(backupTargetRefreshInterval.appliesTo?.(snapshotOf({ harvesterSettings: [] }))).toMatch(
      /running version is unknown/,
    );
  });

  it('stays quiet with a positive interval', () => {
    expect(backupTargetRefreshInterval.run(withTarget(s3({ refreshIntervalInSeconds: 300 })))).toEqual([]);
  });

  it.each([
    ['no backup-target setting', null],
    ['an empty value', ''],
    ['no type', JSON.stringify({ refreshIntervalInSeconds: 0 })],
    ['an empty type', JSON.stringify({ type: '', refreshIntervalInSeconds: 0 })],
    ['unparseable JSON', '{not json'],
  ])('stays quiet with %s', (_, value) => {
    expect(backupTargetRefreshInterval.run(withTarget(value))).toEqual([]);
  });

  it('reports a configured target with interval 0', () => {
    expect(backupTargetRefreshInterval.run(withTarget(s3({ refreshIntervalInSeconds: 0 })))).toEqual([
      {
        check: 'backup-target-refresh-interval',
        severity: 'error',
        object: { kind: 'Setting', name: 'backup-target' },
        message: 'backup target of type s3 has refreshIntervalInSeconds 0',
        remedy: expect.stringContaining('such as 300') as unknown,
      },
    ]);
  });

  it('reports a configured target with no interval', () => {
    expect(backupTargetRefreshInterval.run(withTarget(JSON.stringify({ type: 'nfs', endpoint: 'nfs://x' })))).toEqual([
      expect.objectContaining({ message: 'backup target of type nfs has no refreshIntervalInSeconds' }),
    ]);
  });

  it('reads an interval written as a string', () => {
    expect(backupTargetRefreshInterval.run(withTarget(s3({ refreshIntervalInSeconds: '300' })))).toEqual([]);
    expect(backupTargetRefreshInterval.run(withTarget(s3({ refreshIntervalInSeconds: '0' })))).toEqual([
      expect.objectContaining({ message: 'backup target of type s3 has refreshIntervalInSeconds 0' }),
    ]);
  });
});
