import { aBundle } from '../../test/rancher-builders.js';
import { bundleNotReadyDetail, HARVESTER_BUNDLE } from './fleet-bundle.js';

describe('bundleNotReadyDetail', () => {
  it('says what Fleet reports about the first BundleDeployment that is not ready', () => {
    const bundle = aBundle('web', {
      ready: 0,
      summary: {
        nonReadyResources: [
          { bundleState: 'ErrApplied', message: 'helm install failed' },
          { bundleState: 'NotReady', message: 'second' },
        ],
      },
    });
    expect(bundleNotReadyDetail(bundle)).toBe('ErrApplied: helm install failed');
    const stateOnly = aBundle('web', { ready: 0, summary: { nonReadyResources: [{ bundleState: 'Modified' }] } });
    expect(bundleNotReadyDetail(stateOnly)).toBe('Modified');
  });

  it('is undefined when Fleet reports nothing usable', () => {
    expect(bundleNotReadyDetail(aBundle('web'))).toBeUndefined();
    expect(bundleNotReadyDetail(aBundle('web', { summary: { nonReadyResources: [] } }))).toBeUndefined();
    expect(bundleNotReadyDetail(aBundle('web', { summary: { nonReadyResources: [{ message: '' }] } }))).toBeUndefined();
  });
});

describe('HARVESTER_BUNDLE', () => {
  it("is the Fleet bundle of Harvester's ManagedChart", () => {
    expect(HARVESTER_BUNDLE).toBe('mcc-harvester');
  });
});
