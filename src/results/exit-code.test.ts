import type { Finding } from '../model/finding.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { exitCodeFor, noneEvaluated } from './exit-code.js';

const snapshot = (extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot => ({
  source: { mode: 'bundle', path: 'b' },
  readAt: '2026-01-01T00:00:00Z',
  items: {},
  inputs: { nodes: { status: 'ok' }, pods: { status: 'not-in-bundle', reason: 'the bundle holds no pods' } },
  ...extra,
});
const warning: Finding = { check: 'x', severity: 'warning', object: { kind: 'Node', name: 'a' }, message: 'm' };

describe('noneEvaluated', () => {
  it('fires when every check run is NOT EVALUATED or SKIPPED', () => {
    expect(noneEvaluated([{ status: 'not-evaluated' }, { status: 'skip' }])).toBe(true);
  });

  it('stays quiet when one check ran, or none was NOT EVALUATED', () => {
    expect(noneEvaluated([{ status: 'not-evaluated' }, { status: 'pass' }])).toBe(false);
    expect(noneEvaluated([{ status: 'skip' }])).toBe(false);
    expect(noneEvaluated([])).toBe(false);
  });
});

describe('exitCodeFor', () => {
  it('is 0 when every needed input was read and a check ran', () => {
    expect(exitCodeFor([warning], snapshot(), ['nodes'], 'error', [{ status: 'warn' }])).toBe(0);
  });

  it('is 3 when every check was NOT EVALUATED, even though no input failed', () => {
    expect(exitCodeFor([], snapshot(), ['nodes', 'pods'], 'error', [{ status: 'not-evaluated' }])).toBe(3);
  });

  it('is 3 when a bundle file was left unread', () => {
    expect(exitCodeFor([], snapshot({ unread: ['broken.yaml'] }), ['nodes'])).toBe(3);
  });

  it('is 3 when a needed input failed, and 1 when a finding reaches --fail-on all the same', () => {
    const failed = snapshot({ inputs: { nodes: { status: 'failed', reason: 'cannot parse nodes.yaml' } } });
    expect(exitCodeFor([], failed, ['nodes'])).toBe(3);
    expect(exitCodeFor([warning], failed, ['nodes'], 'warning')).toBe(1);
  });
});
