import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { managementNetworkFilesV17 } from './management-network-files-v1-7.js';

describe('management-network-files-v1-7', () => {
  it('fires', () => {
    expectFires(managementNetworkFilesV17, { from: 'v1.6.1', to: 'v1.7.0' });
  });

  it('stays quiet', () => {
    expectQuiet(managementNetworkFilesV17, { from: 'v1.7.0', to: 'v1.7.1' });
  });
});
