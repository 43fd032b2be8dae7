import { HARVESTER_ISSUE, type KnownIssue, minorOf } from '../known-issue.js';

export const rke2CertificatesExpiredV12: KnownIssue = {
  id: 'rke2-certificates-expired-v1-2',
  title: "RKE2's control-plane certificates have not expired",
  from: { below: 'v1.2.2-0' },
  to: minorOf('v1.2'),
  detection: {
    kind: 'manual',
    // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 7 (also for v1.2.1,
    // whose page points there) and v1-2-1-to-v1-2-2.md known issue 1 (harvester#3863, #5828): expired
    // kube-controller-manager or kube-scheduler certificates keep the CAPI cluster Provisioning and the upgrade at
    // Upgrading System Service. The files are only on control-plane nodes; the test is upgrade-helpers'
    // pre-check/v1.x/check.sh check_certs.
    command:
      'for cert in $(find /var/lib/rancher/rke2/server/tls -name \'*.crt\'); do openssl x509 -in "$cert" -noout -checkend 0 >/dev/null || echo "$cert expired"; done',
    expect: 'no output on every control-plane node (worker nodes have no such directory)',
  },
  sources: [
    'https://docs.harvesterhci.io/v1.3/upgrade/v1-2-1-to-v1-2-2',
    `${HARVESTER_ISSUE}3863`,
    `${HARVESTER_ISSUE}5828`,
  ],
  remedy:
    "Rotate RKE2's certificates before upgrading: increase spec.rkeConfig.rotateCertificates.generation of clusters.provisioning.cattle.io local in fleet-local (harvester#3863).",
};
