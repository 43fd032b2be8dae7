import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { anAddon } from '../../../test/rancher-builders.js';
import type { Addon } from '../../model/harvester.js';
import { harvesterSeederAddonV122 } from './harvester-seeder-addon-v1-2-2.js';

const seederAddon = (version: string): Addon => {
  const addon = anAddon('harvester-seeder', false);
  return { ...addon, spec: { ...addon.spec, version } };
};

describe('harvester-seeder-addon-v1-2-2', () => {
  it('fires', () => {
    expectFires(harvesterSeederAddonV122, { from: 'v1.2.1', to: 'v1.2.2', items: { addons: [seederAddon('0.1.0')] } });
  });

  it('stays quiet', () => {
    expectQuiet(harvesterSeederAddonV122, { from: 'v1.2.1', to: 'v1.2.2', items: { addons: [seederAddon('0.1.1')] } });
  });
});
