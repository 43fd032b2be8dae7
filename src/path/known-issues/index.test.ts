import { readdirSync } from 'node:fs';
import { compareSemver, parseHarvesterVersion } from '../harvester-version.js';
import type { KnownIssue } from '../known-issue.js';
import { KNOWLEDGE_BASE, KNOWN_ISSUES } from './index.js';

describe('the knowledge base', () => {
  it('is versioned', () => {
    expect(KNOWLEDGE_BASE.schemaVersion).toBe(1);
    expect(KNOWLEDGE_BASE.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has unique kebab-case ids, each the name of its file, with a test beside it, and gathers every file', () => {
    const ids = KNOWN_ISSUES.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const files = readdirSync(__dirname);
    const entryFiles = files.filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'index.ts',
    );
    expect(entryFiles.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(files).toContain(`${id}.test.ts`);
  });

  it('names for each entry its sources, its path and a remedy', () => {
    for (const entry of KNOWN_ISSUES) {
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const source of entry.sources) expect(source).toMatch(/^https:\/\/\S+$/);
      expect(entry.from).toBeDefined();
      expect(entry.to).toBeDefined();
      expect(entry.remedy.length).toBeGreaterThan(10);
      if (entry.detection.kind === 'manual') expect(entry.detection.command.length).toBeGreaterThan(5);
    }
  });

  it('has no empty or inverted range, and every bound is a release version', () => {
    const bounds = (entry: KnownIssue) => [entry.from, entry.to];
    for (const range of KNOWN_ISSUES.flatMap(bounds)) {
      const atLeast = parseHarvesterVersion(range.atLeast);
      const below = parseHarvesterVersion(range.below);
      if (range.atLeast !== undefined) expect(atLeast?.dev).toBe(false);
      if (range.below !== undefined) expect(below?.dev).toBe(false);
      if (atLeast && below) expect(compareSemver(atLeast, below)).toBeLessThan(0);
    }
  });
});
