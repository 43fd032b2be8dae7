import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../run-cli.js';

interface Platform {
  readonly selector: { readonly matchLabels: { readonly os: string; readonly arch: string } };
  readonly uri: string;
  readonly sha256: string;
  readonly bin: string;
  readonly files: readonly { readonly from: string; readonly to: string }[];
}

interface Manifest {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly version: string; readonly caveats: string; readonly platforms: readonly Platform[] };
}

const TEMPLATE = join(REPO, 'krew-manifest.yaml');
const template = parse(readFileSync(TEMPLATE, 'utf8')) as Manifest;
const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
const keyOf = (platform: Platform): string =>
  `${platform.selector.matchLabels.os}/${platform.selector.matchLabels.arch}`;
const archiveOf = (key: string): string => `kubectl-harvester_upgrade_${key.replace('/', '_')}.tar.gz`;
const PLATFORMS = ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64'];

const shaFor = (key: string): string =>
  Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(i + key.length * 7 + key.charCodeAt(0)) % 16]).join('');

/** Runs scripts/krew-manifest.mjs in the repository; returns the run and the manifest it wrote. */
const generate = (checksums: string, args: readonly string[] = []) => {
  const dir = mkdtempSync(join(tmpdir(), 'hu-manifest-'));
  writeFileSync(join(dir, 'checksums.txt'), checksums);
  const out = join(dir, 'harvester-upgrade.yaml');
  const run = spawnSync(
    process.execPath,
    ['scripts/krew-manifest.mjs', '--checksums', join(dir, 'checksums.txt'), '--out', out, ...args],
    { cwd: REPO, encoding: 'utf8' },
  );
  let manifest: Manifest | undefined;
  try {
    manifest = parse(readFileSync(out, 'utf8')) as Manifest;
  } catch {
    manifest = undefined;
  }
  return { status: run.status, stderr: run.stderr, manifest, dir };
};

const checksumsFor = (keys: readonly string[]): string =>
  keys.map((key) => `${shaFor(key)}  ${archiveOf(key)}\n`).join('');

describe('krew-manifest.yaml (the template)', () => {
  it('names the plugin, this version and one platform per released OS/arch', () => {
    expect(template.metadata.name).toBe('harvester-upgrade');
    expect(template.spec.version).toBe(`v${version}`);
    expect(template.spec.platforms.map(keyOf)).toEqual(PLATFORMS);
  });

  it.each(PLATFORMS)('points %s at its release archive with the binary, LICENSE and a placeholder sha256', (key) => {
    const platform = template.spec.platforms.find((candidate) => keyOf(candidate) === key);
    const windows = key.startsWith('windows/');
    const bin = windows ? 'kubectl-harvester_upgrade.exe' : 'kubectl-harvester_upgrade';
    expect(platform).toMatchObject({ bin, sha256: '0'.repeat(64) });
    expect(platform?.uri).toBe(
      `https://github.com/harvester-upgrade/kubectl-harvester-upgrade/releases/download/v${version}/${archiveOf(key)}`,
    );
    const files = platform?.files.map((file) => file.from);
    expect(files).toEqual(windows ? [bin, 'LICENSE'] : [bin, 'LICENSE', 'kubectl_complete-harvester_upgrade']);
  });

  it('names the RBAC it needs in its caveats', () => {
    expect(template.spec.caveats).toContain('deploy/rbac/reader.yaml');
    expect(template.spec.caveats).toContain('deploy/rbac/fix-pdb.yaml');
  });
});

describe('scripts/krew-manifest.mjs', () => {
  it('fills every platform from a checksums file', () => {
    const { status, manifest, stderr } = generate(checksumsFor(PLATFORMS));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(manifest?.spec.platforms.map((platform) => [keyOf(platform), platform.sha256])).toEqual(
      PLATFORMS.map((key) => [key, shaFor(key)]),
    );
    // Everything else is the template's.
    expect({ ...manifest, spec: { ...manifest?.spec, platforms: [] } }).toEqual({
      ...template,
      spec: { ...template.spec, platforms: [] },
    });
  });

  it('refuses a checksums file that lacks a platform, and names it', () => {
    const { status, manifest, stderr } = generate(checksumsFor(PLATFORMS.filter((key) => key !== 'darwin/arm64')));
    expect(status).toBe(1);
    expect(manifest).toBeUndefined();
    expect(stderr).toContain(`no checksum for ${archiveOf('darwin/arm64')} (darwin/arm64)`);
  });

  it('writes only the platforms asked for (npm run release on one machine)', () => {
    const { status, manifest } = generate(checksumsFor(['linux/amd64']), ['--platform', 'linux/amd64']);
    expect(status).toBe(0);
    expect(manifest?.spec.platforms.map(keyOf)).toEqual(['linux/amd64']);
  });

  it('refuses a malformed line, an unknown platform and a template whose version is not package.json', () => {
    expect(generate(`xyz  ${archiveOf('linux/amd64')}\n`, ['--platform', 'linux/amd64']).status).toBe(1);
    expect(generate(checksumsFor(PLATFORMS), ['--platform', 'linux/386']).stderr).toContain(
      'has no platform linux/386',
    );
    const dir = mkdtempSync(join(tmpdir(), 'hu-template-'));
    writeFileSync(
      join(dir, 'old.yaml'),
      readFileSync(TEMPLATE, 'utf8').replace(`version: v${version}`, 'version: v0.0.1'),
    );
    const old = generate(checksumsFor(PLATFORMS), ['--template', join(dir, 'old.yaml')]);
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('spec.version is v0.0.1');
  });
});

describe('.github/workflows/release.yml', () => {
  interface Step {
    readonly run?: string;
    readonly uses?: string;
  }
  interface Job {
    readonly 'runs-on': string;
    readonly needs?: string;
    readonly strategy?: { readonly matrix: { readonly include: readonly { platform: string; runner: string }[] } };
    readonly steps: readonly Step[];
  }
  const workflow = parse(readFileSync(join(REPO, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    jobs: { build: Job; publish: Job };
  };
  const matrix = workflow.jobs.build.strategy?.matrix.include ?? [];
  const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');

  it('runs on version tags and builds every platform of the manifest on a native runner', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(matrix.map((entry) => entry.platform)).toEqual(PLATFORMS);
    expect(new Set(matrix.map((entry) => entry.runner)).size).toBe(PLATFORMS.length);
    for (const { platform, runner } of matrix) {
      const os = platform.split('/')[0] ?? '';
      expect(runner).toMatch({ linux: /^ubuntu-/, darwin: /^macos-/, windows: /^windows-/ }[os] ?? /^$/);
      expect(runner.endsWith('-arm') || runner === 'macos-15').toBe(platform.endsWith('/arm64'));
    }
  });

  it('builds the way npm run release does and publishes every archive, the checksums and the manifest', () => {
    expect(runs(workflow.jobs.build)).toContain('npm run release -- --platform ${{ matrix.platform }}');
    expect(workflow.jobs.publish.needs).toBe('build');
    const publish = runs(workflow.jobs.publish);
    // No --platform: the generator requires every platform's checksum.
    expect(publish).toMatch(/node scripts\/krew-manifest\.mjs --checksums dist\/checksums\.txt --out \S+\n/);
    expect(publish).toContain('dist/kubectl-harvester_upgrade_*.tar.gz dist/checksums.txt dist/harvester-upgrade.yaml');
  });
});

describe('scripts/sea-platform.mjs', () => {
  const evaluate = (expression: string): unknown => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as m from './scripts/sea-platform.mjs'; console.log(JSON.stringify(${expression}));`,
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as unknown;
  };

  it('signs macOS binaries around the injection into the NODE_SEA segment', () => {
    expect(evaluate("m.seaSteps('darwin', 'out')")).toEqual({
      strip: [],
      beforeInject: [['codesign', '--remove-signature', 'out']],
      postjectArgs: ['--macho-segment-name', 'NODE_SEA'],
      afterInject: [['codesign', '--sign', '-', 'out']],
    });
  });

  it('names Windows binaries .exe, strips only on Linux, and maps Node platforms to krew names', () => {
    expect(evaluate("[m.binaryName('win32'), m.binaryName('linux'), m.binaryName('darwin')]")).toEqual([
      'kubectl-harvester_upgrade.exe',
      'kubectl-harvester_upgrade',
      'kubectl-harvester_upgrade',
    ]);
    expect(evaluate("[m.seaSteps('linux', 'b').strip, m.seaSteps('win32', 'b').strip]")).toEqual([
      [['strip', 'b']],
      [],
    ]);
    expect(evaluate("[m.krewPlatform('win32', 'x64'), m.krewPlatform('darwin', 'arm64')]")).toEqual([
      { os: 'windows', arch: 'amd64' },
      { os: 'darwin', arch: 'arm64' },
    ]);
  });
});
