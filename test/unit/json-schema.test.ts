import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../run-cli';
import { schemaErrors } from '../schema';

const schemaScript = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(REPO, 'scripts', 'json-schema.mjs'), '--check', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('the published JSON Schema (docs/schema)', () => {
  jest.setTimeout(180_000);

  it('is what src/results generates today, and a file that drifted is caught', () => {
    const published = schemaScript([]);
    expect(published.stderr).toBe('');
    expect(published.status).toBe(0);
    const folder = mkdtempSync(join(tmpdir(), 'hu-schema-'));
    try {
      cpSync(join(REPO, 'docs', 'schema'), folder, { recursive: true });
      const file = join(folder, 'machines.schema.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"rows"', '"machineRows"'));
      const drifted = schemaScript(['--out', folder]);
      expect(drifted.status).toBe(1);
      expect(drifted.stderr).toContain('machines.schema.json');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const machines = {
    apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
    kind: 'MachinesReport',
    source: { mode: 'bundle', path: 'b' },
    findings: [{ check: 'machine-deleting', severity: 'error', object: { kind: 'Machine', name: 'm' }, message: 'x' }],
    checks: [{ id: 'machine-deleting', title: 't', status: 'fail' }],
    rows: [{ machine: 'm', roles: ['etcd'] }],
  };

  it('accepts a document of the contract', () => {
    expect(schemaErrors('machines', machines)).toEqual([]);
  });

  it('rejects a field of the wrong type, an unknown severity, a missing field and a field it does not name', () => {
    expect(schemaErrors('machines', { ...machines, rows: [{ machine: 3, roles: [] }] })).toContain(
      '/rows/0/machine must be string',
    );
    const badSeverity = { ...machines, findings: [{ ...machines.findings[0], severity: 'fatal' }] };
    expect(schemaErrors('machines', badSeverity)).toContain(
      '/findings/0/severity must be equal to one of the allowed values',
    );
    const { checks: _checks, ...noChecks } = machines;
    expect(schemaErrors('machines', noChecks)).toContain("/ must have required property 'checks'");
    expect(schemaErrors('machines', { ...machines, extra: true })).toContain('/ must NOT have additional properties');
  });

  it('tells the documents of one command apart by kind', () => {
    expect(schemaErrors('precheck', machines)).not.toEqual([]);
    expect(
      schemaErrors('precheck', {
        apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
        kind: 'CheckList',
        source: null,
        findings: [],
        checks: [{ group: 'g', id: 'i', title: 't', description: 'd' }],
      }),
    ).toEqual([]);
  });
});
