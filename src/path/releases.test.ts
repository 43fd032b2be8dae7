import { compareSemver, parseHarvesterVersion } from './harvester-version.js';
import { COMPONENT_MINORS, componentsOf, isDocumentedPath, RELEASES } from './releases.js';

const v = (text: string) => {
  const parsed = parseHarvesterVersion(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

/** The components every row must carry, each read at the row's tag. */
const COMPONENTS = [
  'rke2',
  'rancher',
  'kubevirt',
  'longhorn',
  'kubevirtNodePlacement',
  'kubevirtWorkloadUpdateMethods',
] as const;

describe('the release table', () => {
  it.each(RELEASES.map((row) => [row.harvester, row] as const))(
    '%s has every component, or says where it was looked for and not found',
    (_name, row) => {
      const missing = COMPONENTS.filter((key) => {
        const value: unknown = (row as unknown as Readonly<Record<string, unknown>>)[key];
        if (value !== undefined) return false;
        const reason = key === 'rke2' || key === 'rancher' ? row.unread?.[key] : undefined;
        return reason === undefined || reason.length === 0;
      });
      expect(missing).toEqual([]);
    },
  );

  it('lists every tag from v1.8.0 through the newest v1.9 tag read', () => {
    const names = RELEASES.map((row) => row.harvester);
    expect(names).toEqual(expect.arrayContaining(['v1.8.0', 'v1.8.1', 'v1.8.2', 'v1.9.0-rc6']));
    expect(COMPONENT_MINORS.map((row) => row.harvester)).toContain('v1.9');
  });

  it('keeps its rows in version order, each once', () => {
    const parsed = RELEASES.map((row) => v(row.harvester));
    const texts = parsed.map((version) => version.text);
    expect(new Set(texts).size).toBe(texts.length);
    const sorted = [...parsed].sort(compareSemver).map((version) => version.text);
    expect(texts).toEqual(sorted);
  });

  it('gives each release the KubeVirt CR workloadUpdateMethods its chart sets', () => {
    expect(componentsOf(v('v1.5.2'))).toMatchObject({ kubevirtWorkloadUpdateMethods: [], rancher: 'v2.11.3' });
    expect(componentsOf(v('v1.6.0'))).toMatchObject({ kubevirtWorkloadUpdateMethods: ['LiveMigrate'] });
    expect(componentsOf(v('v1.8.2'))).toMatchObject({
      kubevirt: '1.7.4',
      longhorn: '1.11.2',
      kubevirtWorkloadUpdateMethods: ['LiveMigrate'],
      precision: 'exact',
    });
    expect(componentsOf(v('v1.9.0-rc6'))).toMatchObject({
      rke2: 'v1.36.3+rke2r1',
      rancher: 'v2.15.0',
      kubevirt: '1.8.4',
      longhorn: '1.12.1',
      kubevirtNodePlacement: true,
      kubevirtWorkloadUpdateMethods: ['LiveMigrate'],
      precision: 'exact',
    });
  });

  it('fills what a row could not read from its minor, and a later patch from its minor', () => {
    // v1.8.2's RKE2 and Rancher: the harvester-installer snapshot read has no v1.8.2 tag.
    expect(componentsOf(v('v1.8.2'))).toMatchObject({ rke2: 'v1.35', rancher: 'v2.14' });
    expect(componentsOf(v('v1.8.3'))).toMatchObject({
      rke2: 'v1.35',
      kubevirt: '1.7',
      kubevirtNodePlacement: true,
      kubevirtWorkloadUpdateMethods: ['LiveMigrate'],
      precision: 'minor',
    });
    expect(componentsOf(v('v1.9.0'))).toMatchObject({
      rke2: 'v1.36',
      rancher: 'v2.15',
      kubevirt: '1.8',
      longhorn: '1.12',
      kubevirtWorkloadUpdateMethods: ['LiveMigrate'],
      precision: 'minor',
    });
    expect(componentsOf(v('v1.9.0-rc5'))).toMatchObject({ kubevirt: '1.8', precision: 'minor' });
    expect(componentsOf(v('v1.10.0'))).toBeUndefined();
  });

  it('matches the documented v1.8.x → v1.8.y and v1.8.x → v1.9.x paths', () => {
    expect(isDocumentedPath(v('v1.8.0'), v('v1.8.2'))).toBe(true);
    expect(isDocumentedPath(v('v1.8.1'), v('v1.8.2'))).toBe(true);
    expect(isDocumentedPath(v('v1.8.2'), v('v1.8.1'))).toBe(false);
    expect(isDocumentedPath(v('v1.8.0'), v('v1.9.0'))).toBe(true);
    expect(isDocumentedPath(v('v1.8.2'), v('v1.9.0-rc6'))).toBe(true);
    expect(isDocumentedPath(v('v1.7.1'), v('v1.9.0'))).toBe(false);
    expect(isDocumentedPath(v('v1.9.0'), v('v1.9.1'))).toBeUndefined();
  });
});
