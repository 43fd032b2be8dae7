import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../run-cli.js';

/**
 * The runtime must not talk over the plugin: Node 22+ prints a DeprecationWarning (DEP0040) when the built-in
 * `punycode` is required, which node-fetch's URL stack (whatwg-url → tr46) does on every live read. The test
 * suite runs on the Node the binary embeds (scripts/node-runtime.mjs), so this is what users would see.
 */
describe('a live command on the embedded Node', () => {
  it('prints only its own error line when the server is unreachable, no runtime warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hu-warnings-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: not-a-secret}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
        '',
      ].join('\n'),
    );
    const run = runCli(['machines', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(3);
    expect(run.stderr).not.toMatch(/Warning/);
    expect(run.stderr).toMatch(/^error: cannot reach the API server at https:\/\/127\.0\.0\.1:1/);
  });
});
