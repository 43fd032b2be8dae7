import type { FleetBundle } from '../model/rancher.js';

/** The Fleet bundle of Harvester's own chart; harvester-bundle-not-ready holds it to a stricter rule. */
export const HARVESTER_BUNDLE = 'mcc-harvester';

/** What Fleet says about the first BundleDeployment that is not ready (`nonReadyResources[0]`), if anything. */
export const bundleNotReadyDetail = (bundle: FleetBundle): string | undefined => {
  const resources = bundle.status?.summary?.nonReadyResources;
  if (!Array.isArray(resources) || resources.length === 0) return undefined;
  const first = resources[0] as { bundleState?: unknown; message?: unknown };
  const parts = [first.bundleState, first.message].filter((part) => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(': ') : undefined;
};
