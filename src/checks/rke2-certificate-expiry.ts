import { counted, type Finding } from '../model/finding.js';
import type { ComponentCertificate } from '../model/probes.js';
import { sh } from '../model/shell.js';
import { probeOf } from '../model/snapshot.js';
import type { Check } from './check.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** harvester/upgrade-helpers pre-check/v1.x/check.sh check_certs: fails when expired, warns within 864000 s. */
const WARN_DAYS = 10;

/**
 * check.sh's own loop over every RKE2 certificate file of a control-plane node, both thresholds in one pass. It
 * needs root: the files are under /var/lib/rancher/rke2/server/tls. No output means every certificate is fine.
 */
const FILE_LOOP =
  'for c in $(find /var/lib/rancher/rke2/server/tls -name "*.crt"); do ' +
  'if ! openssl x509 -in "$c" -noout -checkend 0 >/dev/null; then echo "$c has expired"; ' +
  'elif ! openssl x509 -in "$c" -noout -checkend 864000 >/dev/null; then echo "$c expires within 10 days"; fi; done';

const ROTATE =
  'Rotate the RKE2 certificates before upgrading: bump spec.rkeConfig.rotateCertificates.generation on clusters.provisioning.cattle.io local -n fleet-local (restarting rke2-server on the node also renews them); if an upgrade is already stuck, see harvester/harvester issue #3863.';

/** The address is an IP literal (src/cluster checked it) and quoted all the same. */
const manualCommand = (address: string | undefined): string =>
  `Read this node's certificate files by hand, as upgrade-helpers' check.sh does: ${
    address === undefined ? 'on the node' : sh`ssh rancher@${address}`
  }, then as root (sudo -i): ${FILE_LOOP}`;

const unread = (snapshot: Parameters<Check['run']>[0]): ComponentCertificate[] =>
  (probeOf(snapshot, 'rke2Certificates') ?? []).filter((certificate) => certificate.notAfter === undefined);

const where = (certificate: ComponentCertificate): string =>
  `${certificate.component} at ${certificate.endpoint ?? certificate.node}`;

/** Expired (error) or under 10 days (warning), as check.sh; undefined while there is time enough. */
const expiryFinding = (certificate: ComponentCertificate, now: number): Finding | undefined => {
  if (certificate.notAfter === undefined) return undefined;
  const left = (Date.parse(certificate.notAfter) - now) / DAY_MS;
  if (left >= WARN_DAYS) return undefined;
  const cn = certificate.subject ? ` (CN ${certificate.subject})` : '';
  const when =
    left < 0
      ? `expired on ${certificate.notAfter}`
      : `expires on ${certificate.notAfter}, in ${String(Math.floor(left))} days`;
  return {
    check: 'rke2-certificate-expiry',
    severity: left < 0 ? 'error' : 'warning',
    object: { kind: 'Node', name: certificate.node },
    message: `the serving certificate of ${where(certificate)}${cn} ${when}`,
    remedy: ROTATE,
  };
};

/** One info finding per node with endpoints that could not be read, carrying that node's manual command. */
const unreadFindings = (certificates: readonly ComponentCertificate[]): Finding[] => {
  const byNode = new Map<string, ComponentCertificate[]>();
  for (const certificate of certificates) {
    byNode.set(certificate.node, [...(byNode.get(certificate.node) ?? []), certificate]);
  }
  return [...byNode.entries()].map(([node, missed]) => ({
    check: 'rke2-certificate-expiry',
    severity: 'info',
    object: { kind: 'Node', name: node },
    message: `not evaluated: ${missed.map((c) => `${where(c)}: ${c.error ?? 'not read'}`).join('; ')}`,
    remedy: manualCommand(missed.find((certificate) => certificate.address !== undefined)?.address),
  }));
};

/**
 * Expired kube-controller-manager or kube-scheduler certificates keep Rancher waiting for their probes, and the
 * upgrade sits at Pre-drained or Upgrading System Service with no timeout (harvester/harvester #3863, #9130).
 * Harvester's webhook checks only the API server's certificate; upgrade-helpers' check.sh reads every file.
 */
export const rke2CertificateExpiry: Check = {
  id: 'rke2-certificate-expiry',
  title: 'RKE2 component certificates have 10 days or more left',
  problem: (findings) =>
    counted(
      findings,
      'node has RKE2 certificates with under 10 days left',
      'nodes have RKE2 certificates with under 10 days left',
    ),
  description:
    'Serving certificates of kube-controller-manager (10257), kube-scheduler (10259) and etcd (2379) on each control-plane or etcd node, by TLS handshake: expired fails, under 10 days warns (check.sh). Unreachable: not evaluated. Live only.',
  needs: ['rke2Certificates', 'nodes'],
  notEvaluated: (snapshot) => {
    const all = probeOf(snapshot, 'rke2Certificates') ?? [];
    if (all.length === 0) return 'no node carries a control-plane or etcd role label: no certificate to read';
    const missed = unread(snapshot);
    if (missed.length === 0) return undefined;
    const first = missed[0];
    const example = first ? `: ${where(first)} ${first.error ?? 'not read'}` : '';
    return `${String(missed.length)} of ${String(all.length)} endpoints not read${missed.length > 1 ? ', first' : ''}${example} (manual command under the check)`;
  },
  run: (snapshot) => {
    const now = Date.parse(snapshot.readAt);
    const certificates = probeOf(snapshot, 'rke2Certificates') ?? [];
    const expiring = certificates.flatMap((certificate) => expiryFinding(certificate, now) ?? []);
    return [...expiring, ...unreadFindings(unread(snapshot))];
  },
};
