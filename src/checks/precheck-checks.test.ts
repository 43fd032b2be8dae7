import { readdirSync } from 'node:fs';
import { PRECHECK_GROUPS } from './precheck-checks.js';

const checks = PRECHECK_GROUPS.flatMap((group) => group.checks);

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

  it('gives every check a title, a description and at least one input', () => {
    for (const check of checks) {
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.description.length).toBeGreaterThan(20);
      expect(check.needs.length).toBeGreaterThan(0);
    }
  });
});
