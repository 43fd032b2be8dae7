import { aSetting, snapshotOf, withProbe } from '../../test/builders.js';
import { apiServerCertificateExpiry } from './api-server-certificate-expiry.js';

// snapshotOf reads at 2026-11-22T00:00:00Z.
const withCertificate = (notAfter: string) =>
  withProbe(snapshotOf({}), 'apiServerCertificates', [
    { endpoint: '10.0.0.11:6443', notAfter, subject: 'kube-apiserver' },
  ]);

describe('api-server-certificate-expiry', () => {
  it('needs the certificate probe', () => {
    expect(apiServerCertificateExpiry.needs).toEqual(['apiServerCertificates']);
  });

  it('stays quiet with 7 days or more left', () => {
    expect(apiServerCertificateExpiry.run(withCertificate('2026-11-29T00:00:00.000Z'))).toEqual([]);
    expect(apiServerCertificateExpiry.run(withCertificate('2027-11-01T00:00:00.000Z'))).toEqual([]);
  });

  it('fires under 7 days, like the webhook', () => {
    expect(apiServerCertificateExpiry.run(withCertificate('2026-11-25T12:00:00.000Z'))).toEqual([
      {
        check: 'api-server-certificate-expiry',
        severity: 'error',
        object: { kind: 'Endpoint', name: '10.0.0.11:6443' },
        message: 'the serving certificate (CN kube-apiserver) expires on 2026-11-25T12:00:00.000Z, in 3 days',
        remedy: expect.stringContaining('rotateCertificates.generation') as unknown,
      },
    ]);
  });

  it('warns instead on Harvester before v1.5.0, whose webhook does not check the certificate', () => {
    const snapshot = withProbe(
      snapshotOf({ harvesterSettings: [aSetting('server-version', 'v1.4.3')] }),
      'apiServerCertificates',
      [{ endpoint: '10.0.0.11:6443', notAfter: '2026-11-25T12:00:00.000Z', subject: 'kube-apiserver' }],
    );
    expect(apiServerCertificateExpiry.run(snapshot)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  describe('minCertsExpirationInDay', () => {
    const at = (version: string, notAfter: string) =>
      withProbe(snapshotOf({ harvesterSettings: [aSetting('server-version', version)] }), 'apiServerCertificates', [
        { endpoint: '10.0.0.11:6443', notAfter, subject: 'kube-apiserver' },
      ]);
    const annotated = (value: string) => ({
      backupMaxAgeMs: 1,
      oldBackupSeverity: 'info' as const,
      upgradeAnnotations: { 'harvesterhci.io/minCertsExpirationInDay': value },
    });

    it('takes the Upgrade annotation from v1.5.1 as the days required, and says it did', () => {
      // 3.5 days left: under the default 7, over an annotated 3.
      expect(apiServerCertificateExpiry.run(at('v1.8.2', '2026-11-25T12:00:00.000Z'), annotated('3'))).toEqual([
        {
          check: 'api-server-certificate-expiry',
          severity: 'info',
          object: { kind: 'Upgrade', namespace: 'harvester-system', name: '(to be created)' },
          message:
            'harvesterhci.io/minCertsExpirationInDay is "3" on the Upgrade (--upgrade-annotation): the webhook of v1.8.2 wants 3 days left instead of 7',
        },
      ]);
      expect(apiServerCertificateExpiry.run(at('v1.8.2', '2026-12-10T00:00:00.000Z'), annotated('30'))).toEqual([
        expect.objectContaining({ severity: 'info' }),
        expect.objectContaining({ severity: 'error', message: expect.stringContaining('in 18 days') as unknown }),
      ]);
    });

    it('a value that is no whole number above 0 is refused by the webhook', () => {
      expect(apiServerCertificateExpiry.run(at('v1.8.2', '2027-11-01T00:00:00.000Z'), annotated('0'))).toEqual([
        expect.objectContaining({
          severity: 'error',
          message:
            "Harvester's upgrade webhook refuses the Upgrade: invalid value 0 for annotation harvesterhci.io/minCertsExpirationInDay, it should be greater than 0",
        }),
      ]);
    });
  });

  it('says when it has already expired', () => {
    expect(apiServerCertificateExpiry.run(withCertificate('2026-11-01T00:00:00.000Z'))).toEqual([
      expect.objectContaining({
        message: 'the serving certificate (CN kube-apiserver) expired on 2026-11-01T00:00:00.000Z',
      }),
    ]);
  });
});
