import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { MachinesResult } from '../../src/results/machines.js';
import { FIXTURES, itWithSharedBundle, REPO, runCli, SHARED_BUNDLE, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';
import { buildZip } from '../zip-builder.js';

const EXAMPLE = join(REPO, 'examples', 'harvester-support-bundle');
const machinesJson = (run: CliRun): MachinesResult => documentOf('MachinesReport', run);
const scratch = (): string => mkdtempSync(join(tmpdir(), 'hu-cmd-'));

describe('machines on bundles', () => {
  it('passes a healthy three-node cluster with exit 0 and one row per pair', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'healthy-3-node'), '-o', 'json']);
    expect(run.status).toBe(0);
    const result = machinesJson(run);
    expect(result.findings).toEqual([]);
    expect(result.rows.map((row) => [row.machine, row.node, row.phase])).toEqual([
      ['custom-0a1b2c3d4e5f', 'harvester-node-0', 'Running'],
      ['custom-1b2c3d4e5f60', 'harvester-node-1', 'Running'],
      ['custom-2c3d4e5f6071', 'harvester-node-2', 'Running'],
    ]);
    expect(result.checks.every((check) => check.status === 'pass')).toBe(true);
  });

  it('names the orphan machine whose providerID points at the missing node harv44 and exits 1', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'orphan-machine'), '-o', 'json']);
    expect(run.status).toBe(1);
    const { findings } = machinesJson(run);
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: 'machine-without-node',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-4d279419a084' },
        message: expect.stringContaining('names node harv44, which does not exist') as unknown,
      }),
    );
    expect(findings.map((finding) => finding.check).sort()).toEqual([
      'machine-node-count',
      'machine-not-running',
      'machine-without-node',
    ]);
  });

  it('reads a support-bundle layout and reports the Secret-based check as not evaluated, never passed', () => {
    const run = runCli(['machines', '--bundle', EXAMPLE, '-o', 'json']);
    expect(run.status).toBe(1);
    const result = machinesJson(run);
    expect(result.checks).toContainEqual({
      id: 'machine-plan-secret-count',
      title: 'One plan secret per machine',
      status: 'not-evaluated',
      reason:
        'secrets: support bundles hold no Secrets (Harvester v1.1.1 and later keep only the machine plan Secrets of fleet-local)',
    });
  });

  it('prints the same facts as YAML', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'orphan-machine'), '-o', 'yaml']);
    const document = parse(run.stdout) as MachinesResult & { kind: string };
    expect(document.kind).toBe('MachinesReport');
    expect(document.findings).toHaveLength(3);
  });

  it('draws a table with the orphan row and the fix, without colour when piped', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'orphan-machine')]);
    expect(run.stdout).toMatch(/^MACHINE\s+PHASE\s+NODE\s+PROVIDERID\s+ROLES\s+READY\s+KUBELET$/m);
    expect(run.stdout).toMatch(/custom-4d279419a084\s+Provisioning\s+-\s+rke2:\/\/harv44/);
    expect(run.stdout).toContain('How to fix:');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).toBe('');
  });

  it('adds the node providerID column with -o wide and drops headers with --no-headers', () => {
    const wide = runCli(['machines', '--bundle', join(FIXTURES, 'healthy-3-node'), '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toContain('NODE PROVIDERID');
    const bare = runCli(['machines', '--bundle', join(FIXTURES, 'healthy-3-node'), '--no-headers']);
    expect(bare.stdout.split('\n')[0]).toMatch(/^custom-0a1b2c3d4e5f/);
  });

  it('colours only when forced, and NO_COLOR and --no-color win', () => {
    const args = ['machines', '--bundle', join(FIXTURES, 'orphan-machine')];
    expect(runCli(args, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[31mERROR');
    expect(runCli(args, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(runCli([...args, '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it('takes a namespace without Machines as a scoping mistake, not as every node losing its Machine', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'healthy-3-node'), '-n', 'default']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: no Machines in namespace default: Harvester keeps its Machines in fleet-local; run without -n, or with -n fleet-local\n',
    );
    expect(run.stderr).not.toContain('rejoin');
  });

  it('reads the Machines of the namespace -n names', () => {
    const run = runCli(['machines', '--bundle', join(FIXTURES, 'healthy-3-node'), '-n', 'fleet-local', '-o', 'json']);
    expect(run.status).toBe(0);
    expect(machinesJson(run).rows.every((row) => row.machine !== undefined)).toBe(true);
  });

  itWithSharedBundle('reads the real Harvester v1.0 support bundle (zip, Cluster API v1alpha4)', () => {
    const run = runCli(['machines', '--bundle', SHARED_BUNDLE, '-o', 'json']);
    expect(run.status).toBe(0);
    const result = machinesJson(run);
    expect(result.rows).toEqual([
      expect.objectContaining({
        machine: 'custom-c30c5116d1da',
        node: 'node1',
        phase: 'Running',
        machineProviderID: 'rke2://node1',
        kubeletVersion: 'v1.21.7+rke2r1',
      }),
    ]);
  });
});

describe('machines on bad bundles', () => {
  it('names an unparseable file on stderr, still analyses the rest, and exits 3: what it held is unknown', () => {
    const folder = scratch();
    for (const name of ['nodes.json', 'machines.json', 'secrets.json']) {
      writeFileSync(join(folder, name), readFileSync(join(FIXTURES, 'healthy-3-node', name)));
    }
    writeFileSync(join(folder, 'broken.yaml'), 'items: [unclosed\n');
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^warning: cannot parse broken\.yaml: /m);
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('refuses zip entries that escape the folder or are symbolic links, and writes nothing', () => {
    const folder = scratch();
    const nodes = readFileSync(join(FIXTURES, 'healthy-3-node', 'nodes.json'), 'utf8');
    const zip = join(folder, 'bundle.zip');
    writeFileSync(
      zip,
      buildZip([
        { name: 'bundle/nodes.json', content: nodes },
        { name: '../escape.yaml', content: 'kind: Node' },
        { name: '/etc/absolute.yaml', content: 'kind: Node' },
        { name: 'bundle/link.yaml', content: '/etc/passwd', symlink: true },
      ]),
    );
    const run = runCli(['machines', '--bundle', zip, '-o', 'json']);
    expect(run.stderr).toContain('refused zip entry "../escape.yaml": it contains ".."');
    expect(run.stderr).toContain('refused zip entry "/etc/absolute.yaml": it is an absolute path');
    expect(run.stderr).toContain('refused zip entry "bundle/link.yaml": it is a symbolic link');
    expect(existsSync(join(folder, '..', 'escape.yaml'))).toBe(false);
    // Nodes were read; machines are absent, so the machine checks are not evaluated.
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('says a corrupt zip cannot be read, in one line, with exit 3', () => {
    const folder = scratch();
    const zip = join(folder, 'bundle.zip');
    writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const run = runCli(['machines', '--bundle', zip]);
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: cannot read bundle .*bundle\.zip: /);
  });

  it('refuses a YAML alias bomb quickly and reads the rest', () => {
    const folder = scratch();
    writeFileSync(join(folder, 'nodes.json'), readFileSync(join(FIXTURES, 'healthy-3-node', 'nodes.json')));
    // Nine levels of ten aliases each: a billion strings if expanded.
    const levels = ['a: &a ["lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    }
    writeFileSync(join(folder, 'bomb.yaml'), `${levels.join('\n')}\n`);
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr).toMatch(/^warning: cannot parse bomb\.yaml: .*alias/im);
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('skips a file over the size limit (1 GB, sparse) without reading it', () => {
    const folder = scratch();
    writeFileSync(join(folder, 'nodes.json'), readFileSync(join(FIXTURES, 'healthy-3-node', 'nodes.json')));
    const huge = join(folder, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 ** 3);
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr).toContain('warning: skipped huge.yaml: 1073741824 bytes is over the 536870912-byte limit');
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('reads a folder of kubectl get -o yaml files in nested folders', () => {
    const folder = scratch();
    mkdirSync(join(folder, 'a', 'b'), { recursive: true });
    const nodes = JSON.parse(readFileSync(join(FIXTURES, 'healthy-3-node', 'nodes.json'), 'utf8')) as {
      items: unknown[];
    };
    writeFileSync(join(folder, 'a', 'node-0.yml'), JSON.stringify(nodes.items[0]));
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(machinesJson(run).rows).toHaveLength(1);
  });
});

describe('usage and configuration errors', () => {
  const bundle = join(FIXTURES, 'healthy-3-node');
  it.each([
    [['machines', '--bogus'], /^error: Nonexistent flag: --bogus \(see 'kubectl harvester-upgrade machines --help'\)$/],
    [
      ['machines', '-o', 'xml', '--bundle', bundle],
      /^error: Expected --output=xml to be one of: table, wide, json, yaml/,
    ],
    [['machines', '--request-timeout', '5x'], /^error: --request-timeout: invalid duration "5x"/],
    [['machines', '--bundle', '/does/not/exist'], /^error: --bundle \/does\/not\/exist does not exist/],
    [
      ['machines', '--bundle'],
      /^error: Flag --bundle expects a value \(see 'kubectl harvester-upgrade machines --help'\)$/,
    ],
    [['precheck', '--to'], /^error: Flag --to expects a value/],
    [['precheck', '--onl', 'x'], /^error: Nonexistent flag: --onl; did you mean --only\? \(see /],
    [['prechek'], /^error: unknown command "prechek" for "kubectl harvester-upgrade"; did you mean "precheck"\?/],
    [['help', 'machine'], /^error: unknown command "machine" .*did you mean "machines"\?/],
    [
      ['explain-drain', '--bundle', bundle, '-o', 'wide'],
      /^error: -o wide: explain-drain has no wider table; use -o table, json or yaml$/,
    ],
    [['fix-pdb', 'harvester-node-0', '--bundle', bundle, '-o', 'wide'], /^error: -o wide: fix-pdb has no wider table/],
    [['precheck', '--bundle', bundle, '-o', 'wide'], /^error: -o wide: precheck \(without --list\) has no wider table/],
    [['status\u001b[2J'], /^error: unknown command "status\\u001b\[2J"/],
  ])('%j exits 2 with one line', (args, pattern) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(pattern);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['-h'], 'USAGE'],
    [['machines', '-h'], 'Cross-check Cluster API Machines against Nodes.'],
    [['help', 'machines'], 'Cross-check Cluster API Machines against Nodes.'],
    [['help'], 'COMMANDS'],
  ])('%j prints help with exit 0, as kubectl does', (args, text) => {
    const run = runCli(args);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(text);
    expect(run.stderr).toBe('');
  });

  it('answers the version command as --version', () => {
    const version = runCli(['version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(runCli(['--version']).stdout);
    expect(version.stdout).toMatch(/^kubectl-harvester_upgrade\/\S+ /);
  });

  it('exits 3 in one line when there is no kubeconfig, never falling back to localhost:8080', () => {
    const run = runCli(['machines']);
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toBe(
      'error: no kubeconfig found (KUBECONFIG is unset and ~/.kube/config does not exist) (pass --kubeconfig, or use --bundle to read a support bundle)',
    );
  });

  it('exits 3 in one line for a context that does not exist', () => {
    const folder = scratch();
    const kubeconfig = join(folder, 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a\n',
    );
    const run = runCli(['machines', '--kubeconfig', kubeconfig, '--context', 'nope']);
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toBe(
      'error: context "nope" does not exist in the kubeconfig (kubectl config get-contexts lists the available ones)',
    );
  });

  it('prints the plugin usage as kubectl users type it', () => {
    const run = runCli(['machines', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('$ kubectl harvester-upgrade machines');
  });
});
