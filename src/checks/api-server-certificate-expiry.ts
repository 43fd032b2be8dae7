import type { Finding } from '../model/finding.js';
import { probeOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Harvester's webhook default for `harvesterhci.io/minCertsExpirationInDay` (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). */
const MIN_CERT_DAYS = 7;

/**
 * Harvester refuses an upgrade whose API server certificate expires within 7 days: nodes restart one by one for
 * hours, and an expired serving certificate mid-way locks Rancher and the kubelets out.
 */
export const apiServerCertificateExpiry: Check = {
  id: 'api-server-certificate-expiry',
  title: 'API server certificate is not about to expire',
  description:
    "The kube-apiserver serving certificate (dialled at the default/kubernetes endpoints) must be valid for at least 7 more days, as Harvester's upgrade webhook requires. Live clusters only.",
  needs: ['apiServerCertificates'],
  optional: ['harvesterSettings'],
  run: (snapshot) => {
    const now = Date.parse(snapshot.readAt);
    // The webhook checks the certificate from v1.5.0 (checkCerts, harvester/harvester
    // pkg/webhook/resources/upgrade/validator.go); before, an expiring certificate is a risk it does not refuse.
    const version = serverVersion(snapshot);
    const refused = version === undefined || atLeast(version, 1, 5, 0);
    return (probeOf(snapshot, 'apiServerCertificates') ?? []).flatMap((certificate): Finding[] => {
      const left = (Date.parse(certificate.notAfter) - now) / DAY_MS;
      if (left >= MIN_CERT_DAYS) return [];
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
  },
};
