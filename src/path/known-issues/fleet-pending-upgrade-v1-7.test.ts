import { expectFires, expectQuiet, pathOn } from '../../../test/known-issue-scenarios.js';
import { aHelmReleaseSecret } from '../../../test/rancher-builders.js';
import { fleetPendingUpgradeV17 } from './fleet-pending-upgrade-v1-7.js';

const FLEET = 'cattle-fleet-system';
const deployed = [aHelmReleaseSecret('fleet', FLEET, 9, 'deployed')];

describe('fleet-pending-upgrade-v1-7', () => {
  it('fires for the docs case: fleet deployed at 9, pending-upgrade at 10', () => {
    expectFires(fleetPendingUpgradeV17, {
      from: 'v1.6.1',
      to: 'v1.7.0',
      items: {
        fleetHelmReleaseSecrets: [...deployed, aHelmReleaseSecret('fleet', FLEET, 10, 'pending-upgrade')],
        rancherHelmReleaseSecrets: [],
      },
    });
  });

  it('names the target whose script never rolls it back', () => {
    const report = pathOn(fleetPendingUpgradeV17, {
      from: 'v1.6.1',
      to: 'v1.7.2',
      items: {
        fleetHelmReleaseSecrets: [...deployed, aHelmReleaseSecret('fleet', FLEET, 10, 'pending-upgrade')],
        rancherHelmReleaseSecrets: [],
      },
    });
    expect(report.findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining(
        'the upgrade script of v1.7.2 never rolls it back (only scripts from v1.8.0 do, once, after 5 minutes)',
      ),
    ]);
  });

  it('stays quiet when fleet is deployed', () => {
    expectQuiet(fleetPendingUpgradeV17, {
      from: 'v1.6.1',
      to: 'v1.7.0',
      items: { fleetHelmReleaseSecrets: deployed, rancherHelmReleaseSecrets: [] },
    });
  });

  it('stays quiet on other paths', () => {
    expectQuiet(fleetPendingUpgradeV17, {
      from: 'v1.7.1',
      to: 'v1.8.0',
      items: {
        fleetHelmReleaseSecrets: [...deployed, aHelmReleaseSecret('fleet', FLEET, 10, 'pending-upgrade')],
        rancherHelmReleaseSecrets: [],
      },
    });
  });
});
