import { aSetting, snapshotOf } from '../../test/builders.js';
import type { Version } from '../model/harvester.js';
import {
  MIN_CERTS_EXPIRATION_IN_DAY,
  minFreeDiskSpace,
  SKIP_SINGLE_REPLICA_DETACHED_VOL,
  skipGcThresholdCheck,
  targetVersionObject,
  webhookAnnotation,
} from './webhook-annotations.js';

const aVersionObject = (name: string, annotations: Record<string, string> = {}): Version => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Version',
  metadata: { name, namespace: 'harvester-system', annotations },
  spec: { isoURL: `https://example/${name}.iso` },
});
const cluster = (running: string, versions: readonly Version[] = []) =>
  snapshotOf({ versions, harvesterSettings: [aSetting('server-version', running)] });

describe('webhook annotations', () => {
  it('finds the target Version object: --to, else the newest newer than the running version', () => {
    const snapshot = cluster('v1.4.2', [aVersionObject('v1.4.1'), aVersionObject('v1.4.3'), aVersionObject('v1.5.0')]);
    expect(targetVersionObject(snapshot, undefined)?.metadata?.name).toBe('v1.5.0');
    expect(targetVersionObject(snapshot, '1.4.3')?.metadata?.name).toBe('v1.4.3');
    expect(targetVersionObject(cluster('v1.5.0', [aVersionObject('v1.4.1')]), undefined)).toBeUndefined();
  });

  it('reads each key where the running release reads it', () => {
    const versions = [aVersionObject('v1.5.1', { [MIN_CERTS_EXPIRATION_IN_DAY]: '30' })];
    const upgrade = { upgradeAnnotations: { [MIN_CERTS_EXPIRATION_IN_DAY]: '14' } };
    expect(webhookAnnotation(cluster('v1.5.0', versions), upgrade, MIN_CERTS_EXPIRATION_IN_DAY)).toEqual({
      key: MIN_CERTS_EXPIRATION_IN_DAY,
      value: '30',
      where: 'Version v1.5.1',
    });
    expect(webhookAnnotation(cluster('v1.5.1', versions), upgrade, MIN_CERTS_EXPIRATION_IN_DAY)?.value).toBe('14');
    expect(webhookAnnotation(cluster('v1.4.3', versions), upgrade, MIN_CERTS_EXPIRATION_IN_DAY)).toBeUndefined();
    const skip = { upgradeAnnotations: { [SKIP_SINGLE_REPLICA_DETACHED_VOL]: 'x' } };
    expect(webhookAnnotation(cluster('v1.5.0'), skip, SKIP_SINGLE_REPLICA_DETACHED_VOL)?.value).toBe('x');
    expect(webhookAnnotation(cluster('v1.4.3'), skip, SKIP_SINGLE_REPLICA_DETACHED_VOL)).toBeUndefined();
  });

  it('parses as Go does: ParseBool for the GC skip, a whole number of GiB for the free space', () => {
    const gc = (value: string) =>
      skipGcThresholdCheck(cluster('v1.8.2'), {
        upgradeAnnotations: { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': value },
      });
    expect(gc('T')).toMatchObject({ skip: true });
    expect(gc('0')).toMatchObject({ skip: false });
    expect(gc('yes')).toEqual({
      invalid: 'invalid value yes for harvesterhci.io/skipGarbageCollectionThresholdCheck annotation',
    });
    const free = (value: string) =>
      minFreeDiskSpace(
        cluster('v1.4.2', [aVersionObject('v1.4.3', { 'harvesterhci.io/minFreeDiskSpaceGB': value })]),
        {},
      );
    expect(free('10')).toMatchObject({ bytes: 10 * 1024 ** 3 });
    expect(free('-1')).toMatchObject({ invalid: expect.stringContaining('in Version v1.4.3') as unknown });
    expect(minFreeDiskSpace(cluster('v1.4.2'), {})).toEqual({ bytes: 30 * 1024 ** 3 });
  });
});
