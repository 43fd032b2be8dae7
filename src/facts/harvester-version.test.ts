import { aSetting, snapshotOf } from '../../test/builders.js';
import { atLeast } from '../model/version.js';
import { serverVersion, whenVersion } from './harvester-version.js';

const running = (version: string) => snapshotOf({ harvesterSettings: [aSetting('server-version', version)] });

describe('serverVersion', () => {
  it('reads setting server-version', () => {
    expect(serverVersion(running('v1.4.2'))?.text).toBe('v1.4.2');
  });

  it('is undefined without the setting or with a value that is no version', () => {
    expect(serverVersion(snapshotOf({ harvesterSettings: [] }))).toBeUndefined();
    expect(serverVersion(running('master-head'))).toBeUndefined();
  });
});

describe('whenVersion', () => {
  const fromV15 = whenVersion((version) => atLeast(version, 1, 5), 'v1.5.0 and later');

  it('applies when the running version satisfies the rule', () => {
    expect(fromV15(running('v1.5.1'))).toBeUndefined();
  });

  it('says why not when the version is older or unknown', () => {
    expect(fromV15(running('v1.4.2'))).toBe('applies to Harvester v1.5.0 and later; this cluster runs v1.4.2');
    expect(fromV15(snapshotOf({ harvesterSettings: [] }))).toBe(
      'applies to Harvester v1.5.0 and later; the running version is unknown (no server-version setting)',
    );
  });
});
