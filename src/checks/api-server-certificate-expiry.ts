import { naming, type Finding } from '../model/finding.js';
import { probeOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check, CheckOptions } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { isInvalid, minCertsExpirationDays } from '../facts/webhook-annotations.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Harvester's webhook default for `harvesterhci.io/minCertsExpirationInDay` (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). */
const MIN_CERT_DAYS = 7;
const UPGRADE_TO_BE = { kind: 'Upgrade', namespace: 'harvester-system', name: '(to be created)' };

/** The days the webhook wants, and the findings that say an annotation changed them or is refused. */
const requiredDays = (
  snapshot: ClusterSnapshot,
  options: CheckOptions | undefined,
): { readonly days: number; readonly notes: readonly Finding[] } => {
  const wanted = minCertsExpirationDays(snapshot, { to: options?.to, upgradeAnnotations: options?.upgradeAnnotations });
  if (isInvalid(wanted)) {
    const refusal: Finding = {
      check: 'api-server-certificate-expiry',
      severity: 'error',
      object: UPGRADE_TO_BE,
      message: `Harvester's upgrade webhook refuses the Upgrade: ${wanted.invalid}`,
      remedy: 'Give harvesterhci.io/minCertsExpirationInDay a whole number of days above 0, or leave it out.',
    };
    return { days: MIN_CERT_DAYS, notes: [refusal] };
  }
  if (!wanted.from) return { days: MIN_CERT_DAYS, notes: [] };
  const note: Finding = {
    check: 'api-server-certificate-expiry',
    severity: 'info',
    object: UPGRADE_TO_BE,
    message: `${wanted.from.key} is "${wanted.from.value}" on ${wanted.from.where}: the webhook of ${serverVersion(snapshot)?.text ?? 'this release'} wants ${String(wanted.days)} days left instead of ${String(MIN_CERT_DAYS)}`,
  };
  return { days: wanted.days, notes: [note] };
};

/**
 * Harvester refuses an upgrade whose API server certificate expires within 7 days: nodes restart one by one for
 * hours, and an expired serving certificate mid-way locks Rancher and the kubelets out.
 */
export const apiServerCertificateExpiry: Check = {
  id: 'api-server-certificate-expiry',
  title: 'API server certificate is not about to expire',
  problem: (findings) => naming(findings, 'The API server certificate expires soon'),
  description:
    "The kube-apiserver serving certificate (dialled at the default/kubernetes endpoints) must be valid for at least 7 more days (or the Upgrade's minCertsExpirationInDay), as Harvester's upgrade webhook requires. Live clusters only.",
  needs: ['apiServerCertificates'],
  optional: ['harvesterSettings', 'versions'],
  run: (snapshot, options) => {
    const now = Date.parse(snapshot.readAt);
    const required = requiredDays(snapshot, options);
    // The webhook checks the certificate from v1.5.0 (checkCerts, harvester/harvester
    // pkg/webhook/resources/upgrade/validator.go); before, an expiring certificate is a risk it does not refuse.
    const version = serverVersion(snapshot);
    const refused = version === undefined || atLeast(version, 1, 5, 0);
    const found = (probeOf(snapshot, 'apiServerCertificates') ?? []).flatMap((certificate): Finding[] => {
      const left = (Date.parse(certificate.notAfter) - now) / DAY_MS;
      if (left >= required.days) return [];
      const days = Math.floor(left);
      const when =
        left < 0 ? `expired on ${certificate.notAfter}` : `expires on ${certificate.notAfter}, in ${String(days)} days`;
      return [
        {
          check: 'api-server-certificate-expiry',
          severity: refused ? 'error' : 'warning',
          object: { kind: 'Endpoint', name: certificate.endpoint },
          message: `the serving certificate${certificate.subject ? ` (CN ${certificate.subject})` : ''} ${when}`,
          remedy:
            'Rotate the RKE2 certificates: bump spec.rkeConfig.rotateCertificates.generation on clusters.provisioning.cattle.io local -n fleet-local (harvester/harvester issue #3863).',
        },
      ];
    });
    return [...required.notes, ...found];
  },
};
