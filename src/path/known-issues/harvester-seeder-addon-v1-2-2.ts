import { naming, type Finding } from '../../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { type KnownIssue, release } from '../known-issue.js';

const SEEDER_VERSION = '0.1.1';

export const harvesterSeederAddonV122: KnownIssue = {
  id: 'harvester-seeder-addon-v1-2-2',
  title: 'The harvester-seeder add-on names a chart that v1.2.2 ships',
  from: release('v1.2.1'),
  to: release('v1.2.2'),
  detection: {
    kind: 'check',
    needs: ['addons'],
    // harvester/docs versioned_docs/version-v1.3/upgrade/v1-2-1-to-v1-2-2.md known issue 2: v1.2.2 bundles
    // harvester-seeder chart 0.1.1, the Addon keeps asking for 0.1.0, and the chart cannot be installed.
    problem: (findings) => naming(findings, 'The harvester-seeder add-on names a chart that v1.2.2 does not ship'),
    run: (snapshot) =>
      itemsOf(snapshot, 'addons').flatMap((addon): Finding[] => {
        if (nameOf(addon) !== 'harvester-seeder') return [];
        const version = addon.spec?.version;
        if (version === undefined || version === SEEDER_VERSION) return [];
        const enabled = addon.spec?.enabled === true;
        return [
          {
            check: 'harvester-seeder-addon-v1-2-2',
            severity: 'warning',
            object: refOf('Addon', addon),
            message: `asks for chart version ${version}, which v1.2.2 does not ship (it bundles ${SEEDER_VERSION}), so the add-on is not upgraded and cannot be enabled again`,
            remedy: `${enabled ? 'Disable the add-on, then: ' : ''}${sh`kubectl -n ${namespaceOf(addon) || 'harvester-system'} patch addons.harvesterhci harvester-seeder --type=json -p '[{"op":"replace","path":"/spec/version","value":"${SEEDER_VERSION}"}]'`}`,
          },
        ];
      }),
  },
  sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-2-1-to-v1-2-2'],
  remedy: `Set the harvester-seeder Addon's spec.version to ${SEEDER_VERSION} (disable it first if it is enabled).`,
};
