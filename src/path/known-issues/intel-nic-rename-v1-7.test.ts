import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { intelNicRenameV17 } from './intel-nic-rename-v1-7.js';

describe('intel-nic-rename-v1-7', () => {
  it('fires', () => {
    expectFires(intelNicRenameV17, { from: 'v1.6.0', to: 'v1.7.1' });
  });

  it('stays quiet', () => {
    expectQuiet(intelNicRenameV17, { from: 'v1.6.0', to: 'v1.7.2' });
  });

  // The docs' table: on v1.7.1 only bonded interfaces still need ifname= arguments, so the command shows the bond.
  it('shows which interfaces are bonded, for the v1.7.1 row of the table', () => {
    const { detection } = intelNicRenameV17;
    expect(detection.kind === 'manual' ? detection.command : '').toContain('/master');
    expect(detection.kind === 'manual' ? detection.expect : '').toContain('v1.7.1');
  });
});
