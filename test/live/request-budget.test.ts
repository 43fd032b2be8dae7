import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../run-cli.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type FaultProxy, type Seen } from './fault-proxy.js';
import { loadFixture, type LoadedFixture } from './load-fixture.js';
import { describeLive, liveEnv } from './live-env.js';

/**
 * The request budget of issue #8: each command reads every kind it needs with one paginated list (pages of the
 * same list follow its continue token, each once), plus API discovery, and nothing else. The proxy shrinks pages to
 * one object, so every list of more than one object spans several pages here.
 */
const SCENARIO = join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node');

const listKey = (url: string): string => {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.delete('continue');
  return `${parsed.pathname}?${parsed.searchParams.toString()}`;
};

const isPage = (seen: Seen): boolean =>
  seen.method === 'GET' && new URL(seen.url, 'http://x').searchParams.has('limit');

describeLive('one paginated list per kind', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let folder: string;
  let proxy: FaultProxy;
  let config: string;
  let loaded: LoadedFixture;

  beforeAll(async () => {
    loaded = await loadFixture(admin, SCENARIO);
    proxy = await startFaultProxy(plane.server, plane.caFile, 1);
    folder = mkdtempSync(join(tmpdir(), 'hu-budget-'));
    config = join(folder, 'config');
    writeFileSync(config, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
  });

  afterAll(async () => {
    await proxy.close();
    await loaded.unload();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ['precheck', '--skip', 'node-disk-space,api-server-certificate-expiry'],
    ['explain-drain', 'harvester-node-1'],
    ['machines'],
  ])('%s reads each kind once, page after page, and asks nothing else', async (...args) => {
    proxy.seen.length = 0;
    const run = await env.pluginAsync([...args, '--kubeconfig', config, '-o', 'json']);
    expect(run.stderr).toBe('');
    const urls = proxy.seen.map((seen) => `${seen.method} ${seen.url}`);
    // No request twice: no list read again, no page fetched again.
    expect(urls.length).toBe(new Set(urls).size);
    const pages = proxy.seen.filter(isPage);
    const firstPages = pages.filter((seen) => !new URL(seen.url, 'http://x').searchParams.has('continue'));
    expect(firstPages.length).toBe(new Set(pages.map((seen) => listKey(seen.url))).size);
    // Several lists really did span pages, so the count above is about pagination and not only about lists.
    expect(pages.length).toBeGreaterThan(firstPages.length + 3);
    expect(proxy.seen.filter((seen) => !isPage(seen)).map((seen) => seen.url)).toEqual(['/apis']);
  });
});
