import { readdirSync } from 'node:fs';
import { isRecord } from '../model/json.js';
import type { Check } from './check.js';
import { PRECHECK_GROUPS } from './precheck-checks.js';

const checks = PRECHECK_GROUPS.flatMap((group) => group.checks);

const isCheck = (value: unknown): value is Check =>
  isRecord(value) && typeof value.id === 'string' && typeof value.run === 'function';

/** Every check any module of this folder exports, with the file that exports it. */
const checksInFolder = async (): Promise<{ readonly file: string; readonly check: Check }[]> => {
  const files = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const found: { file: string; check: Check }[] = [];
  for (const file of files) {
    const module = (await import(`./${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isCheck(value)) found.push({ file, check: value });
  }
  return found;
};

describe('the precheck registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = checks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names each check file after its id, with a test beside it', () => {
    const files = new Set(readdirSync(__dirname));
    for (const check of checks) {
      expect(files).toContain(`${check.id}.ts`);
      expect(files).toContain(`${check.id}.test.ts`);
    }
  });

  it('holds every check of the folder, each exported by the file named after its id and by no other', async () => {
    const found = await checksInFolder();
    expect(found.map(({ file, check }) => `${file}: ${check.id}`)).toEqual(
      found.map(({ check }) => `${check.id}.ts: ${check.id}`),
    );
    const sorted = (ids: string[]): string[] => [...ids].sort();
    expect(sorted(found.map(({ check }) => check.id))).toEqual(sorted(checks.map((check) => check.id)));
    for (const { check } of found) expect(checks).toContain(check);
  });

  it('gives every check a title, a description and at least one input', () => {
    for (const check of checks) {
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.description.length).toBeGreaterThan(20);
      expect(check.needs.length).toBeGreaterThan(0);
    }
  });
});
