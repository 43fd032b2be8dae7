import { aSetting } from '../../../test/builders.js';
import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aVolume } from '../../../test/longhorn-builders.js';
import type { LonghornVolume } from '../../model/longhorn.js';
import { longhornRwxAutoDeletePod } from './longhorn-rwx-auto-delete-pod.js';

const rwxVolume = (name: string): LonghornVolume => {
  const volume = aVolume(name);
  return { ...volume, spec: { ...volume.spec, accessMode: 'rwx', migratable: true } };
};

describe('longhorn-rwx-auto-delete-pod', () => {
  it('fires', () => {
    expectFires(longhornRwxAutoDeletePod, {
      from: 'v1.4.2',
      to: 'v1.5.0',
      items: { longhornVolumes: [rwxVolume('pvc-rwx')], longhornSettings: [] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(longhornRwxAutoDeletePod, {
      from: 'v1.4.2',
      to: 'v1.5.0',
      items: {
        longhornVolumes: [rwxVolume('pvc-rwx')],
        longhornSettings: [aSetting('auto-delete-pod-when-volume-detached-unexpectedly', 'false', 'longhorn-system')],
      },
    });
  });
});
