import { HELM_RELEASE_INPUTS, helmReleasePendingFindings } from '../facts/helm-release.js';
import { serverVersion } from '../facts/harvester-version.js';
import type { Check } from './check.js';
import { counted } from '../model/finding.js';

/**
 * A Helm release of fleet, fleet-crd, rancher or rancher-webhook whose last revision is pending-install,
 * pending-upgrade or pending-rollback: Helm refuses to upgrade it, and Harvester's upgrade either fails at
 * `helm upgrade rancher` or waits in `wait_helm_release` with no timeout (harvester/harvester
 * package/upgrade/upgrade_manifests.sh upgrade_rancher; harvester/harvester#9738, #7246). Read from the release
 * Secrets' labels only (helm/helm pkg/storage/driver/secrets.go).
 */
export const helmReleasePending: Check = {
  id: 'helm-release-pending',
  title: "Rancher's and Fleet's Helm releases are not left pending",
  problem: (findings) => counted(findings, 'Helm release is left pending', 'Helm releases are left pending'),
  description:
    'A fleet, fleet-crd, rancher or rancher-webhook Helm release left pending-install, pending-upgrade or pending-rollback stops the Rancher step of the upgrade: Helm refuses to upgrade it and the upgrade waits for it with no timeout.',
  needs: [...HELM_RELEASE_INPUTS],
  // The running version bounds the target from below: from v1.8.0 every target's script rolls back once by itself.
  optional: ['harvesterSettings'],
  run: (snapshot) => helmReleasePendingFindings(snapshot, 'helm-release-pending', serverVersion(snapshot), false),
};
