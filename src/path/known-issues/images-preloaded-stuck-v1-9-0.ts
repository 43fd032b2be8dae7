import { type KnownIssue, HARVESTER_ISSUE, minorOf, release, VERSION_OBJECT } from '../known-issue.js';
import { itemsOf } from '../../model/snapshot.js';

const ID = 'images-preloaded-stuck-v1-9-0';
const DOC = 'https://docs.harvesterhci.io/v1.9/upgrade/v1-8-x-to-v1-9-x';

export const imagesPreloadedStuckV190: KnownIssue = {
  id: ID,
  title: 'The upgrade does not stop at "Images preloaded" after the first node',
  from: minorOf('v1.8'),
  to: release('v1.9.0'),
  detection: {
    kind: 'check',
    needs: ['nodes'],
    // harvester/docs versioned_docs/version-v1.9/upgrade/v1-8-x-to-v1-9-x.md known issue 3 (harvester#11543): the
    // upgrade controller can mark a rebooted node Succeeded before it removes the node's
    // harvesterhci.io/pendingOSImage annotation, and the other nodes then wait in "Images preloaded". A race: the
    // cluster shows nothing beforehand, and a single node has no others to hold.
    problem: () => 'The upgrade can stop at "Images preloaded" after the first node',
    run: (snapshot, path) =>
      itemsOf(snapshot, 'nodes').length < 2
        ? []
        : [
            {
              check: ID,
              severity: 'info',
              object: VERSION_OBJECT(path),
              message:
                'a multi-node upgrade to v1.9.0 can stop with one node Succeeded and the others in "Images preloaded"',
              remedy:
                'If the upgraded node\'s harvesterhci.io/pendingOSImage annotation equals its status.nodeInfo.osImage, patch its state in the Upgrade back: kubectl -n harvester-system patch upgrades.harvesterhci.io <upgrade> --type=json -p \'[{"op":"replace","path":"/status/nodeStatuses/<node>/state","value":"Waiting Reboot"}]\'',
            },
          ],
  },
  sources: [DOC, `${HARVESTER_ISSUE}11543`],
  remedy: 'Know the documented recovery: set the upgraded node back to "Waiting Reboot" in the Upgrade status.',
};
