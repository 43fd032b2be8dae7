import { join } from 'node:path';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';

/**
 * Issue #20, "Done when": `precheck --to` names each documented issue of the path that the scenario shows. The
 * scenarios are test/fixtures/scenarios/path-v1-7-1-to-v1-8-0 and path-v1-8-1-to-v1-9-0
 * (test/fixtures/generate/precheck-scenarios.py).
 */
const SCENARIOS = join(REPO, 'test', 'fixtures', 'scenarios');
const precheck = (run: CliRun): PrecheckResult => documentOf('PrecheckReport', run);

interface PathCase {
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  /** Knowledge-base entries whose findings the scenario shows, and the status each must have. */
  readonly fires: Readonly<Record<string, 'fail' | 'warn' | 'pass'>>;
  /** Manual entries the path lists with their per-node command. */
  readonly manual: readonly string[];
}

// The v1.8.1 scenario does not show the CDI importer issue (#11143) of the v1.8.x → v1.9.x page: its chart sets the
// 2G importer limit from v1.8.1 on, so only a v1.8.0 source shows it (src/path/known-issues/cdi-importer-oom.test.ts).
const CASES: readonly PathCase[] = [
  {
    scenario: 'path-v1-7-1-to-v1-8-0',
    from: 'v1.7.1',
    to: 'v1.8.0',
    fires: {
      'suc-plan-stuck-applying-v1-7': 'fail',
      'cdi-importer-oom': 'warn',
      'rwx-storage-network-post-draining': 'warn',
      'kubevirt-not-available-v1-8': 'fail',
      'migration-dashboard-metric-v1-8': 'pass',
    },
    manual: ['cos-state-partition-size-v1-8'],
  },
  {
    scenario: 'path-v1-8-1-to-v1-9-0',
    from: 'v1.8.1',
    to: 'v1.9.0',
    fires: { 'cpu-topology-migration-v1-9-0': 'warn', 'images-preloaded-stuck-v1-9-0': 'pass' },
    manual: [],
  },
];

describe.each(CASES)('precheck --to $to on $scenario', ({ scenario, from, to, fires, manual }) => {
  let result: PrecheckResult;
  beforeAll(() => {
    result = precheck(runCli(['precheck', '--bundle', join(SCENARIOS, scenario), '--to', to, '-o', 'json']));
  });

  it('evaluates the path asked for', () => {
    expect(result.path).toMatchObject({ from, to, target: 'flag' });
  });

  it.each(Object.entries(fires))('names %s with its findings', (id, status) => {
    expect(result.path?.entries).toContainEqual(expect.objectContaining({ id, status }));
    const own = result.findings.filter((finding) => finding.check === id);
    expect(own.length).toBeGreaterThan(0);
    for (const finding of own) expect(finding.path).toEqual({ from, to });
  });

  it('lists its manual entries with their per-node command', () => {
    const listed = result.path?.entries.filter((entry) => entry.status === 'manual').map((entry) => entry.id);
    expect(listed).toEqual(manual);
  });

  it('shows no knowledge-base finding beyond the ones it names', () => {
    const named = new Set([...Object.keys(fires), 'harvester-version-guard']);
    const entryIds = new Set(result.path?.entries.map((entry) => entry.id));
    const others = result.findings.filter((finding) => entryIds.has(finding.check) && !named.has(finding.check));
    expect(others).toEqual([]);
  });
});
