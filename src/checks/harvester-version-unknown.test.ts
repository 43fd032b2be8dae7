import { aSetting, snapshotOf } from '../../test/builders.js';
import type { Setting } from '../model/harvester.js';
import { harvesterVersionUnknown } from './harvester-version-unknown.js';

const withSettings = (...harvesterSettings: Setting[]) => snapshotOf({ harvesterSettings });

describe('harvester-version-unknown', () => {
  it.each(['v1.4.2', 'v1.5.0-rc1', 'v1.6.0-dev-20250101'])('stays quiet on %s', (version) => {
    expect(harvesterVersionUnknown.run(withSettings(aSetting('server-version', version)))).toEqual([]);
  });

  it('reports a missing setting', () => {
    expect(harvesterVersionUnknown.run(withSettings(aSetting('upgrade-config', '{}')))).toEqual([
      {
        check: 'harvester-version-unknown',
        severity: 'error',
        object: { kind: 'Setting', name: 'server-version' },
        message: 'setting server-version does not exist',
        remedy: expect.stringContaining('kubectl get settings.harvesterhci.io server-version -o yaml') as unknown,
      },
    ]);
  });

  it('reports an empty value with no default', () => {
    expect(harvesterVersionUnknown.run(withSettings(aSetting('server-version', '')))).toEqual([
      expect.objectContaining({
        object: { kind: 'Setting', name: 'server-version' },
        message: 'setting server-version is empty',
      }),
    ]);
  });

  it('reads the default when the value is empty', () => {
    const setting: Setting = { ...aSetting('server-version', ''), default: 'v1.4.1' };
    expect(harvesterVersionUnknown.run(withSettings(setting))).toEqual([]);
  });

  it('reports a value that is not a version', () => {
    expect(harvesterVersionUnknown.run(withSettings(aSetting('server-version', 'master-head')))).toEqual([
      expect.objectContaining({ message: 'setting server-version holds "master-head", which is not a version' }),
    ]);
  });
});
