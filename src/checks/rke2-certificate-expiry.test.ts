import { aNode, snapshotOf, withProbe } from '../../test/builders.js';
import type { ComponentCertificate } from '../model/probes.js';
import { rke2CertificateExpiry } from './rke2-certificate-expiry.js';
import { runChecks } from './run-checks.js';

// snapshotOf reads at 2026-11-22T00:00:00Z.
const read = (
  component: ComponentCertificate['component'],
  port: number,
  notAfter: string,
  node = 'harvester-node-0',
): ComponentCertificate => ({
  node,
  component,
  address: '10.0.0.11',
  endpoint: `10.0.0.11:${String(port)}`,
  notAfter,
  subject: component,
});

const unreachable = (component: ComponentCertificate['component'], port: number): ComponentCertificate => ({
  node: 'harvester-node-0',
  component,
  address: '10.0.0.11',
  endpoint: `10.0.0.11:${String(port)}`,
  error: 'connection refused',
});

const FINE = '2027-06-01T00:00:00.000Z';
const snapshotWith = (certificates: readonly ComponentCertificate[]) =>
  withProbe(snapshotOf({ nodes: [aNode('harvester-node-0')] }), 'rke2Certificates', certificates);
const statusOf = (certificates: readonly ComponentCertificate[]) =>
  runChecks([rke2CertificateExpiry], snapshotWith(certificates)).checks[0];

describe('rke2-certificate-expiry', () => {
  it('needs the certificate probe and the node list it dials', () => {
    expect(rke2CertificateExpiry.needs).toEqual(['rke2Certificates', 'nodes']);
  });

  it('stays quiet and passes with 10 days or more left on every endpoint', () => {
    const all = [
      read('kube-controller-manager', 10257, FINE),
      read('kube-scheduler', 10259, '2026-12-02T00:00:00.000Z'),
      read('etcd', 2379, FINE),
    ];
    expect(rke2CertificateExpiry.run(snapshotWith(all))).toEqual([]);
    expect(statusOf(all)).toEqual(expect.objectContaining({ status: 'pass' }));
  });

  it('fails on an expired certificate, as check.sh', () => {
    expect(
      rke2CertificateExpiry.run(snapshotWith([read('kube-scheduler', 10259, '2026-11-01T00:00:00.000Z')])),
    ).toEqual([
      {
        check: 'rke2-certificate-expiry',
        severity: 'error',
        object: { kind: 'Node', name: 'harvester-node-0' },
        message:
          'the serving certificate of kube-scheduler at 10.0.0.11:10259 (CN kube-scheduler) expired on 2026-11-01T00:00:00.000Z',
        remedy: expect.stringContaining('rotateCertificates.generation') as unknown,
      },
    ]);
    expect(statusOf([read('kube-scheduler', 10259, '2026-11-01T00:00:00.000Z')])).toEqual(
      expect.objectContaining({ status: 'fail' }),
    );
  });

  it('warns under 10 days, as check.sh', () => {
    expect(
      rke2CertificateExpiry.run(snapshotWith([read('kube-controller-manager', 10257, '2026-11-27T12:00:00.000Z')])),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'the serving certificate of kube-controller-manager at 10.0.0.11:10257 (CN kube-controller-manager) expires on 2026-11-27T12:00:00.000Z, in 5 days',
      }),
    ]);
  });

  it('is not evaluated, never passed, for an endpoint it could not reach, and gives the manual command', () => {
    const certificates = [read('kube-controller-manager', 10257, FINE), unreachable('etcd', 2379)];
    expect(statusOf(certificates)).toEqual({
      id: 'rke2-certificate-expiry',
      title: 'RKE2 component certificates have 10 days or more left',
      status: 'not-evaluated',
      reason: '1 of 2 endpoints not read: etcd at 10.0.0.11:2379 connection refused (manual command under the check)',
    });
    expect(rke2CertificateExpiry.run(snapshotWith(certificates))).toEqual([
      {
        check: 'rke2-certificate-expiry',
        severity: 'info',
        object: { kind: 'Node', name: 'harvester-node-0' },
        message: 'not evaluated: etcd at 10.0.0.11:2379: connection refused',
        remedy:
          "Read this node's certificate files by hand, as upgrade-helpers' check.sh does: ssh rancher@10.0.0.11, then as root (sudo -i): " +
          'for c in $(find /var/lib/rancher/rke2/server/tls -name "*.crt"); do if ! openssl x509 -in "$c" -noout -checkend 0 >/dev/null; then echo "$c has expired"; elif ! openssl x509 -in "$c" -noout -checkend 864000 >/dev/null; then echo "$c expires within 10 days"; fi; done',
      },
    ]);
  });

  it('still fails on what it read when another endpoint could not be reached', () => {
    const certificates = [read('etcd', 2379, '2026-11-01T00:00:00.000Z'), unreachable('kube-scheduler', 10259)];
    expect(statusOf(certificates)).toEqual(expect.objectContaining({ status: 'fail' }));
    expect(rke2CertificateExpiry.run(snapshotWith(certificates)).map((finding) => finding.severity)).toEqual([
      'error',
      'info',
    ]);
  });

  it('gathers the unreached endpoints of one node into one finding, and names a node without address', () => {
    const noAddress: ComponentCertificate = {
      node: 'harvester-node-1',
      component: 'etcd',
      error: 'no rke2.io/internal-ip annotation and no InternalIP address to dial',
    };
    const findings = rke2CertificateExpiry.run(
      snapshotWith([unreachable('kube-controller-manager', 10257), unreachable('kube-scheduler', 10259), noAddress]),
    );
    expect(findings.map((finding) => [finding.object.name, finding.message])).toEqual([
      [
        'harvester-node-0',
        'not evaluated: kube-controller-manager at 10.0.0.11:10257: connection refused; kube-scheduler at 10.0.0.11:10259: connection refused',
      ],
      [
        'harvester-node-1',
        'not evaluated: etcd at harvester-node-1: no rke2.io/internal-ip annotation and no InternalIP address to dial',
      ],
    ]);
    expect(findings[1]?.remedy).toMatch(
      /^Read this node's certificate files by hand, as upgrade-helpers' check.sh does: on the node, then as root/,
    );
  });

  it('is not evaluated when no node has a control-plane or etcd role to dial', () => {
    expect(statusOf([])).toEqual(
      expect.objectContaining({
        status: 'not-evaluated',
        reason: 'no node carries a control-plane or etcd role label: no certificate to read',
      }),
    );
  });
});
