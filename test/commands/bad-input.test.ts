import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dump } from 'js-yaml';
import type { MachinesResult } from '../../src/results/machines.js';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { FIXTURES, REPO, runCli, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';
import { buildZip, deflateBomb } from '../zip-builder.js';

/** Issue #22, offline part: bundles and backup files that are broken or hostile. */

const HEALTHY = join(FIXTURES, 'healthy-3-node');
const SCENARIO = join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node');
const made: string[] = [];
const scratch = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-bad-'));
  made.push(folder);
  return folder;
};
afterAll(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});
const machinesJson = (run: CliRun): MachinesResult => documentOf('MachinesReport', run);
const precheckJson = (run: CliRun): PrecheckResult => documentOf('PrecheckReport', run);
const itemsOf = (file: string): unknown[] => (JSON.parse(readFileSync(file, 'utf8')) as { items: unknown[] }).items;

/** A List as support-bundle-kit writes it: block YAML, keys sorted, `kind: List` after the items. */
const listYaml = (items: readonly unknown[]): string =>
  dump({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '1' } }, { sortKeys: true });

const SB = 'supportbundle_test_2026-11-20T10-00-00Z';
const NODES = `${SB}/yamls/cluster/v1/nodes.yaml`;
const MACHINES = `${SB}/yamls/namespaced/fleet-local/cluster.x-k8s.io/v1beta1/machines.yaml`;
const podsIn = (namespace: string): string => `${SB}/yamls/namespaced/${namespace}/v1/pods.yaml`;

/** The healthy three-node cluster in the support-bundle layout, one file per path. */
const supportBundleFiles = (): Record<string, string> => {
  const pods = itemsOf(join(SCENARIO, 'pods.json')) as { metadata: { namespace: string } }[];
  const files: Record<string, string> = {
    [`${SB}/metadata.yaml`]: 'bundlecreatedat: "2026-11-20T10:00:00Z"\n',
    [NODES]: listYaml(itemsOf(join(HEALTHY, 'nodes.json'))),
    [MACHINES]: listYaml(itemsOf(join(HEALTHY, 'machines.json'))),
  };
  for (const namespace of new Set(pods.map((pod) => pod.metadata.namespace))) {
    files[podsIn(namespace)] = listYaml(pods.filter((pod) => pod.metadata.namespace === namespace));
  }
  return files;
};

const writeFolder = (files: Readonly<Record<string, string>>): string => {
  const folder = scratch();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return folder;
};

const NODE_CHECKS = ['machine-node-count', 'machine-without-node', 'node-without-machine', 'node-not-managed'];

const expectNodesNotEvaluated = (run: CliRun, because: RegExp): void => {
  const { checks } = machinesJson(run);
  for (const id of NODE_CHECKS) {
    expect(checks.find((check) => check.id === id)).toEqual(
      expect.objectContaining({ status: 'not-evaluated', reason: expect.stringMatching(because) as unknown }),
    );
  }
  expect(run.status).toBe(3);
};

describe('a kind whose file was not read is not evaluated (support-bundle layout)', () => {
  it('reads the healthy cluster in the support-bundle layout: every machine check passes, exit 0', () => {
    const run = runCli(['machines', '--bundle', writeFolder(supportBundleFiles()), '-o', 'json']);
    expect(
      machinesJson(run)
        .checks.filter((check) => check.status === 'pass')
        .map((check) => check.id),
    ).toEqual(expect.arrayContaining(NODE_CHECKS));
    expect(run.status).toBe(0);
  });

  it('a truncated pods.yaml leaves pod-pending NOT EVALUATED, even though another namespace parsed', () => {
    const files = supportBundleFiles();
    const text = files[podsIn('harvester-system')] ?? '';
    files[podsIn('harvester-system')] = text.slice(0, Math.floor(text.length / 2));
    const run = runCli(['precheck', '--only', 'pod-pending', '--bundle', writeFolder(files), '-o', 'json']);
    expect(precheckJson(run).checks).toEqual([
      expect.objectContaining({
        id: 'pod-pending',
        status: 'not-evaluated',
        reason: expect.stringContaining('harvester-system/v1/pods.yaml') as unknown,
      }),
    ]);
    expect(run.status).toBe(3);
  });

  it('a nodes.yaml over the size limit leaves every node check NOT EVALUATED', () => {
    const folder = writeFolder(supportBundleFiles());
    truncateSync(join(folder, NODES), 1024 ** 3);
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr).toContain(`warning: skipped ${NODES}: 1073741824 bytes is over the 536870912-byte limit`);
    expectNodesNotEvaluated(run, /nodes\.yaml: 1073741824 bytes is over/);
  });

  it('an encrypted zip entry leaves its kind NOT EVALUATED', () => {
    const files = supportBundleFiles();
    const zip = join(scratch(), 'bundle.zip');
    writeFileSync(
      zip,
      buildZip(
        Object.entries(files).map(([name, content]) => ({
          name,
          content,
          method: 'deflate',
          encrypted: name === NODES,
        })),
      ),
    );
    const run = runCli(['machines', '--bundle', zip, '-o', 'json']);
    expect(run.stderr).toContain(`warning: refused zip entry "${NODES}": it is encrypted`);
    expectNodesNotEvaluated(run, /encrypted/);
  });

  it('a zip-internal symbolic link at nodes.yaml is refused and leaves nodes NOT EVALUATED', () => {
    const files = supportBundleFiles();
    const zip = join(scratch(), 'bundle.zip');
    writeFileSync(
      zip,
      buildZip(
        Object.entries(files).map(([name, content]) =>
          name === NODES ? { name, content: '/etc/passwd', symlink: true } : { name, content },
        ),
      ),
    );
    const run = runCli(['machines', '--bundle', zip, '-o', 'json']);
    expect(run.stderr).toContain(`refused zip entry "${NODES}": it is a symbolic link`);
    expectNodesNotEvaluated(run, /symbolic link/);
  });
});

describe('memory stays bounded: zip bombs', () => {
  const bombZip = (declaredSize: number): string => {
    const files = supportBundleFiles();
    const zip = join(scratch(), 'bomb.zip');
    writeFileSync(
      zip,
      buildZip(
        Object.entries(files).map(([name, content]) =>
          name === NODES
            ? { name, content: deflateBomb(1024), method: 'raw-deflate' as const, declaredSize }
            : { name, content },
        ),
      ),
    );
    return zip;
  };

  it('refuses 1 MB that inflates to 1 GiB while its header claims 4 KB, naming the entry, in one warning', () => {
    const zip = bombZip(4096);
    expect(readFileSync(zip).length).toBeLessThan(1.2 * 1024 * 1024);
    const run = runCli(['machines', '--bundle', zip, '-o', 'json']);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('nodes.yaml'));
    expect(warnings).toEqual([
      `warning: refused zip entry "${NODES}": it inflates to more than the 4096 bytes its header declares (a zip bomb?)`,
    ]);
    expectNodesNotEvaluated(run, /inflates to more than/);
  });

  it('refuses an entry whose header honestly declares 1 GiB without inflating it', () => {
    const run = runCli(['machines', '--bundle', bombZip(1024 ** 3), '-o', 'json']);
    expect(run.stderr).toContain(`warning: skipped ${NODES}: 1073741824 bytes is over the 536870912-byte limit`);
    expectNodesNotEvaluated(run, /over the 536870912-byte limit/);
  });
});

describe('the exit code tells the truth: broken inputs exit 3 with one line', () => {
  const oneLineExit3 = (run: CliRun, pattern: RegExp): void => {
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({
      status: 3,
      stderr: [expect.stringMatching(pattern)],
    });
  };
  const file = (name: string, content: string | Buffer): string => {
    const path = join(scratch(), name);
    writeFileSync(path, content);
    return path;
  };

  it.each<[string, () => string, RegExp]>([
    ['a text file named .zip', () => file('bundle.zip', 'not a zip\n'), /bundle\.zip is not a zip/],
    ['an empty folder', scratch, /the folder is empty/],
    ['an empty zip', () => file('bundle.zip', buildZip([])), /the zip holds no files/],
    ['a tarball named .zip', () => file('bundle.zip', gzipSync('x'.repeat(600))), /is a gzip file, not a zip/],
    [
      'a zip inside a zip',
      () => file('outer.zip', buildZip([{ name: 'supportbundle.zip', content: buildZip([]) }])),
      /holds only another zip \(supportbundle\.zip\)/,
    ],
    ['a zero-byte file', () => file('nodes.yaml', ''), /nodes\.yaml is empty \(0 bytes\)/],
    [
      'a folder whose only file does not parse',
      () => writeFolder({ 'broken.yaml': 'items: [unclosed\n' }),
      /nothing in it could be read: cannot parse broken\.yaml/,
    ],
    ['a folder of files that hold no objects', () => writeFolder({ 'notes.yaml': 'hello: world\n' }), /holds no /],
  ])('machines on %s', (_what, make, pattern) => {
    const run = runCli(['machines', '--bundle', make()]);
    oneLineExit3(run, new RegExp(`^error: cannot read bundle .*${pattern.source}`));
    expect(run.stdout).toBe('');
  });

  it('machines on a folder whose nodes.yaml does not parse: one warning, the node checks NOT EVALUATED', () => {
    const folder = writeFolder({
      'machines.json': readFileSync(join(HEALTHY, 'machines.json'), 'utf8'),
      'nodes.yaml': 'items: [unclosed\n',
    });
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: cannot parse nodes\.yaml: /)]);
    expectNodesNotEvaluated(run, /cannot parse nodes\.yaml/);
  });

  it('explain-drain on a bundle that holds nothing', () => {
    const run = runCli(['explain-drain', '--bundle', writeFolder({ 'notes.yaml': 'hello: world\n' })]);
    oneLineExit3(run, /^error: cannot read bundle .*holds no /);
  });

  it('a support bundle whose only needed file is truncated says so', () => {
    const files = supportBundleFiles();
    const text = files[NODES] ?? '';
    const run = runCli([
      'precheck',
      '--only',
      'node-not-ready',
      '--bundle',
      writeFolder({ ...files, [NODES]: text.slice(0, text.length - 40) }),
    ]);
    expect(run.status).toBe(3);
  });

  it('precheck exits 3, not 0, when every check it ran is NOT EVALUATED', () => {
    const folder = writeFolder({ 'nodes.json': readFileSync(join(HEALTHY, 'nodes.json'), 'utf8') });
    const run = runCli(['precheck', '--only', 'migration-headroom', '--bundle', folder, '-o', 'json']);
    expect(precheckJson(run).checks.map((check) => check.status)).toEqual(['not-evaluated']);
    expect(run.status).toBe(3);
  });

  it('in a kubectl folder, a file that does not parse leaves the kinds it names NOT EVALUATED', () => {
    const nodes = readFileSync(join(HEALTHY, 'nodes.json'), 'utf8');
    const folder = writeFolder({
      'machines.json': readFileSync(join(HEALTHY, 'machines.json'), 'utf8'),
      'cluster.json': nodes.slice(0, nodes.length / 2),
    });
    expectNodesNotEvaluated(runCli(['machines', '--bundle', folder, '-o', 'json']), /cannot parse cluster\.json/);
  });
});

describe('duplicates are one object', () => {
  it('reads a zip entry given twice once, with a warning', () => {
    const zip = join(scratch(), 'bundle.zip');
    const entry = (name: string): { name: string; content: string } => ({
      name: `b/${name}`,
      content: readFileSync(join(HEALTHY, name), 'utf8'),
    });
    writeFileSync(zip, buildZip([entry('nodes.json'), entry('machines.json'), entry('machines.json')]));
    const run = runCli(['machines', '--bundle', zip, '-o', 'json']);
    expect(run.stderr).toContain('warning: zip entry "b/machines.json" appears 2 times: read once');
    expect(machinesJson(run).findings.map((finding) => finding.check)).not.toContain('machine-node-count');
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('counts an object listed in two files once (same uid), with one warning', () => {
    const nodes = itemsOf(join(HEALTHY, 'nodes.json'));
    const folder = writeFolder({
      'nodes.json': readFileSync(join(HEALTHY, 'nodes.json'), 'utf8'),
      'machines.json': readFileSync(join(HEALTHY, 'machines.json'), 'utf8'),
      'node-0.yaml': dump(nodes[0]),
    });
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: Node harvester-node-0 is listed 2 times .*: counted once$/),
    ]);
    const { findings, rows } = machinesJson(run);
    expect(findings.map((finding) => finding.check)).not.toContain('machine-node-count');
    expect(findings.map((finding) => finding.check)).not.toContain('machines-claim-same-node');
    expect(rows).toHaveLength(3);
  });
});

describe('--restore reads a regular file of bounded size only', () => {
  const devZero = existsSync('/dev/zero') ? it : it.skip;
  devZero('refuses /dev/zero in one line, exit 2, without reading it', () => {
    const run = runCli(['fix-pdb', '--restore', '/dev/zero']);
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({
      status: 2,
      stderr: ['error: --restore /dev/zero is not a regular file: pass the backup file fix-pdb --yes printed'],
    });
  });

  it('refuses a file over 16 MiB in one line, exit 2', () => {
    const folder = scratch();
    const big = join(folder, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 17 * 1024 * 1024);
    const run = runCli(['fix-pdb', '--restore', big]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: --restore .*big\.json is 17825792 bytes, over the 16777216-byte limit: pass the backup file/,
      ),
    ]);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('smaller edges', () => {
  it('reads JSON that starts with a UTF-8 byte order mark', () => {
    const folder = writeFolder({
      'nodes.json': `\uFEFF${readFileSync(join(HEALTHY, 'nodes.json'), 'utf8')}`,
      'machines.json': `\uFEFF${readFileSync(join(HEALTHY, 'machines.json'), 'utf8')}`,
    });
    const run = runCli(['machines', '--bundle', folder, '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(machinesJson(run).rows).toHaveLength(3);
  });

  it('follows --bundle given as a symbolic link to a folder, and to a zip', () => {
    const folder = scratch();
    symlinkSync(HEALTHY, join(folder, 'to-folder'));
    const zip = join(folder, 'bundle.zip');
    writeFileSync(
      zip,
      buildZip(
        ['nodes.json', 'machines.json'].map((name) => ({ name, content: readFileSync(join(HEALTHY, name), 'utf8') })),
      ),
    );
    symlinkSync(zip, join(folder, 'to-zip'));
    for (const link of ['to-folder', 'to-zip']) {
      const run = runCli(['machines', '--bundle', join(folder, link), '-o', 'json']);
      expect(machinesJson(run).rows).toHaveLength(3);
    }
  });
});
