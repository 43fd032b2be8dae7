import { ClusterError } from '../cluster/errors.js';
import type { FollowState, SnapshotFollower } from '../cluster/follow-snapshot.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { changedLines, runWatchLoop, type WatchAnalysis } from './watch-loop.js';

const snapshot = (state: string): ClusterSnapshot => ({
  source: { mode: 'live', context: 'test', server: 'https://example.invalid' },
  readAt: '2026-12-03T00:00:00Z',
  items: { upgrades: [{ metadata: { name: 'hvst-upgrade-x', labels: { 'harvesterhci.io/upgradeState': state } } }] },
  inputs: { upgrades: { status: 'ok' } },
});

/** A follower that plays one state per tick. */
const played = (ticks: readonly (FollowState & { readonly state?: string })[]) => {
  let tick = 0;
  let closed = false;
  const follower: SnapshotFollower = {
    snapshot: () => snapshot(ticks[Math.min(tick, ticks.length - 1)]?.state ?? ''),
    state: () => ticks[Math.min(tick, ticks.length - 1)] ?? { kind: 'current' },
    close: () => {
      closed = true;
    },
  };
  return { follower, next: () => (tick += 1), closed: () => closed };
};

/** The small analysis status will replace: the Upgrade's state label, and its end. */
const analyse = (current: ClusterSnapshot): WatchAnalysis => {
  const upgrade = current.items.upgrades?.[0];
  const state = upgrade?.metadata?.labels?.['harvesterhci.io/upgradeState'] ?? '';
  return {
    lines: ['upgrade hvst-upgrade-x', `state ${state}`],
    ...(state.startsWith('Succeeded')
      ? { outcome: 'succeeded' as const }
      : state === 'Failed'
        ? { outcome: 'failed' as const }
        : {}),
  };
};

const run = async (ticks: Parameters<typeof played>[0], timeout?: number) => {
  const play = played(ticks);
  const lines: string[] = [];
  const code = await runWatchLoop(() => Promise.resolve(play.follower), analyse, {
    interval: 10,
    timeout,
    write: (text) => lines.push(text),
    now: () => new Date('2026-12-03T12:00:00Z'),
    sleep: () => {
      play.next();
      return Promise.resolve();
    },
  });
  return { code, lines: lines.map((line) => line.replace(/^\S+ {2}/, '').trimEnd()), closed: play.closed() };
};

describe('runWatchLoop', () => {
  it('prints every line first, then only what changed, and exits 0 when the analysis says succeeded', async () => {
    const result = await run([
      { kind: 'current', state: 'Started' },
      { kind: 'current', state: 'Started' },
      { kind: 'current', state: 'Succeeded' },
    ]);
    expect(result).toEqual({
      code: 0,
      lines: ['upgrade hvst-upgrade-x', 'state Started', 'state Succeeded'],
      closed: true,
    });
  });

  it('exits 1 when the analysis says failed', async () => {
    expect((await run([{ kind: 'current', state: 'Failed' }])).code).toBe(1);
  });

  it('prints a reconnect once, judges nothing while behind, and goes on once current', async () => {
    const behind = { kind: 'behind', reason: 'connection reset' } as const;
    const result = await run([
      { kind: 'current', state: 'Started' },
      behind,
      behind,
      { kind: 'current', state: 'Succeeded' },
    ]);
    expect(result.lines).toEqual([
      'upgrade hvst-upgrade-x',
      'state Started',
      'read failed, retrying: connection reset',
      'state Succeeded',
    ]);
  });

  it('exits 3 with one line once the cluster can no longer be read', async () => {
    const error = new ClusterError('unauthorized', 'rejected the credentials', 'log in again', 401);
    const result = await run([
      { kind: 'current', state: 'Started' },
      { kind: 'unreadable', error },
    ]);
    expect(result.code).toBe(3);
    expect(result.lines.at(-1)).toBe('cannot read on: rejected the credentials (log in again)');
    expect(result.closed).toBe(true);
  });

  it('exits 1 at --timeout while nothing ended', async () => {
    const result = await run([{ kind: 'current', state: 'Started' }], 5);
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toBe('timed out after 5ms');
  });

  it('escapes cluster text before it reaches the terminal', async () => {
    const result = await run([{ kind: 'current', state: 'Succeeded\u001b[2J' }]);
    expect(result.lines).toContain('state Succeeded^[[2J');
  });

  it('retries a first read that fails for a reason that heals, and throws one that cannot', async () => {
    let tries = 0;
    const healed = played([{ kind: 'current', state: 'Succeeded' }]);
    const lines: string[] = [];
    const options = {
      interval: 1,
      timeout: undefined,
      write: (text: string) => lines.push(text),
      sleep: () => Promise.resolve(),
    };
    const code = await runWatchLoop(
      () =>
        ++tries < 3
          ? Promise.reject(new ClusterError('unreachable', 'connect ECONNREFUSED'))
          : Promise.resolve(healed.follower),
      analyse,
      options,
    );
    expect(code).toBe(0);
    expect(lines.filter((line) => line.includes('read failed, retrying: connect ECONNREFUSED'))).toHaveLength(1);
    await expect(
      runWatchLoop(
        () => Promise.reject(new ClusterError('unauthorized', 'rejected', undefined, 401)),
        analyse,
        options,
      ),
    ).rejects.toThrow('rejected');
  });
});

describe('changedLines', () => {
  it('keeps lines the last tick did not print, and none that it did', () => {
    expect(changedLines(undefined, ['a', 'b'])).toEqual(['a', 'b']);
    expect(changedLines(new Set(['a', 'b']), ['a', 'b'])).toEqual([]);
    expect(changedLines(new Set(['a', 'b']), ['a', 'c'])).toEqual(['c']);
  });
});
