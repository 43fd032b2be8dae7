import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { managementNetworkFilesV17 } from './management-network-files-v1-7.js';

describe('management-network-files-v1-7', () => {
  it('fires', () => {
    expectFires(managementNetworkFilesV17, { from: 'v1.6.1', to: 'v1.7.0' });
  });

  it('stays quiet', () => {
    expectQuiet(managementNetworkFilesV17, { from: 'v1.7.0', to: 'v1.7.1' });
  });

  // The docs' migration table: a management interface changed by hand in an /oem file other than the installer's
  // is ignored by NetworkManager too, and the workaround table recovers with nmcli or generate-network-config.
  it('looks for hand-made ifcfg files and names both recoveries of the migration table', () => {
    const { detection } = managementNetworkFilesV17;
    expect(detection.kind === 'manual' ? detection.command : '').toContain(
      "grep -l 'sysconfig/network/ifcfg-' /oem/*.yaml",
    );
    expect(managementNetworkFilesV17.remedy).toContain('nmcli');
    expect(managementNetworkFilesV17.remedy).toContain('harvester-installer generate-network-config');
  });
});
