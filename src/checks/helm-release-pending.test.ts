import { aSetting, snapshotOf } from '../../test/builders.js';
import { aHelmReleaseSecret } from '../../test/rancher-builders.js';
import { helmReleasePending } from './helm-release-pending.js';

const FLEET = 'cattle-fleet-system';
const CATTLE = 'cattle-system';

/** Every watched release deployed at revision 2, superseding revision 1; `extra` Secrets added to their namespace. */
const releases = (extra: ReturnType<typeof aHelmReleaseSecret>[] = [], version = 'v1.7.1') => {
  const fleet = ['fleet', 'fleet-crd'].flatMap((name) => [
    aHelmReleaseSecret(name, FLEET, 1, 'superseded'),
    aHelmReleaseSecret(name, FLEET, 2, 'deployed'),
  ]);
  const rancher = ['rancher', 'rancher-webhook'].flatMap((name) => [
    aHelmReleaseSecret(name, CATTLE, 1, 'superseded'),
    aHelmReleaseSecret(name, CATTLE, 2, 'deployed'),
  ]);
  return snapshotOf({
    harvesterSettings: [aSetting('server-version', version)],
    fleetHelmReleaseSecrets: [...fleet, ...extra.filter((s) => s.metadata?.namespace === FLEET)],
    rancherHelmReleaseSecrets: [...rancher, ...extra.filter((s) => s.metadata?.namespace === CATTLE)],
  });
};

describe('helm-release-pending', () => {
  it('stays quiet when every release has a deployed last revision', () => {
    expect(helmReleasePending.run(releases())).toEqual([]);
  });

  it('stays quiet for a pending revision that is not the last, and for releases it does not watch', () => {
    const snapshot = releases([
      aHelmReleaseSecret('fleet', FLEET, 3, 'pending-upgrade'),
      aHelmReleaseSecret('fleet', FLEET, 10, 'deployed'),
      aHelmReleaseSecret('harvester', CATTLE, 7, 'pending-upgrade'),
    ]);
    expect(helmReleasePending.run(snapshot)).toEqual([]);
  });

  it('reports fleet left pending-upgrade (#9738) with the rollback to its last deployed revision', () => {
    const snapshot = releases([aHelmReleaseSecret('fleet', FLEET, 10, 'pending-upgrade', 1765178830)]);
    expect(helmReleasePending.run(snapshot)).toEqual([
      {
        check: 'helm-release-pending',
        severity: 'error',
        object: { kind: 'Secret', namespace: FLEET, name: 'sh.helm.release.v1.fleet.v10' },
        message:
          'the last revision (10) of Helm release cattle-fleet-system/fleet is pending-upgrade since 2025-12-08T07:27:10Z ' +
          "(last deployed: 2), so Helm refuses to upgrade it, and Harvester's upgrade waits for fleet to be deployed " +
          'with no timeout; only upgrade scripts from v1.8.0 roll such a revision back by themselves (once, after 5 minutes)',
        remedy:
          'If no Helm operation is running now, roll it back: helm rollback fleet 2 -n cattle-fleet-system ' +
          '(check with helm history fleet -n cattle-fleet-system); Rancher then upgrades it again ' +
          '(faster after kubectl -n cattle-system rollout restart deployment rancher).',
      },
    ]);
  });

  it('orders revisions as numbers (v10 after v9), not as text', () => {
    const snapshot = releases([
      aHelmReleaseSecret('fleet-crd', FLEET, 9, 'deployed'),
      aHelmReleaseSecret('fleet-crd', FLEET, 10, 'pending-rollback'),
    ]);
    expect(helmReleasePending.run(snapshot)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'the last revision (10) of Helm release cattle-fleet-system/fleet-crd is pending-rollback (last deployed: 9)',
        ) as unknown,
      }),
    ]);
  });

  it('says that the script rolls back by itself when the cluster already runs v1.8.0 or later', () => {
    const snapshot = releases([aHelmReleaseSecret('rancher-webhook', CATTLE, 3, 'pending-install')], 'v1.8.1');
    expect(helmReleasePending.run(snapshot)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'the upgrade script of v1.8.0 and later rolls such a revision back once by itself after 5 minutes',
        ) as unknown,
      }),
    ]);
  });

  it('says that helm upgrade rancher fails for rancher itself, which the script does not wait on', () => {
    const snapshot = releases([aHelmReleaseSecret('rancher', CATTLE, 3, 'pending-upgrade')]);
    expect(helmReleasePending.run(snapshot)).toEqual([
      expect.objectContaining({
        object: { kind: 'Secret', namespace: CATTLE, name: 'sh.helm.release.v1.rancher.v3' },
        message: expect.stringContaining('"helm upgrade rancher" fails at once') as unknown,
      }),
    ]);
  });

  it('gives no rollback when nothing was ever deployed', () => {
    const snapshot = snapshotOf({
      fleetHelmReleaseSecrets: [aHelmReleaseSecret('fleet', FLEET, 1, 'pending-install')],
      rancherHelmReleaseSecrets: [],
    });
    const [finding] = helmReleasePending.run(snapshot);
    expect(finding?.message).toContain('(no deployed revision)');
    expect(finding?.remedy).toContain('No revision was ever deployed to roll back to: see helm history fleet');
    expect(finding?.remedy).not.toContain('helm rollback');
  });

  it('ignores Secrets that are not Helm releases or sit in another namespace', () => {
    const notHelm = { ...aHelmReleaseSecret('fleet', FLEET, 11, 'pending-upgrade') };
    const labels = { ...notHelm.metadata?.labels, owner: 'someone' };
    const snapshot = releases([
      { ...notHelm, metadata: { ...notHelm.metadata, labels } },
      aHelmReleaseSecret('fleet', 'default', 12, 'pending-upgrade'),
    ]);
    expect(helmReleasePending.run(snapshot)).toEqual([]);
  });
});
