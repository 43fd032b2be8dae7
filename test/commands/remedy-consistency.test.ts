import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from '../run-cli.js';
import { documentOf } from '../schema.js';

/**
 * A remedy never contradicts another command's verdict (issue #24): where explain-drain says KubeVirt refuses to
 * migrate a VMI, neither explain-drain's own fixes nor fix-pdb's plan may offer `virtctl migrate` for it.
 */
const DRAIN = join(REPO, 'test', 'fixtures', 'drain');
const fixtures = readdirSync(DRAIN);

/** namespace/name of each VMI explain-drain calls not live-migratable, with every remedy it gives. */
const explained = (fixture: string): { stuck: string[]; remedies: string[] } => {
  const document = documentOf(
    'DrainExplanation',
    runCli(['explain-drain', '--bundle', join(DRAIN, fixture), '-o', 'json']),
  );
  const stuck = document.findings.flatMap((finding) =>
    [...finding.message.matchAll(/VMI (\S+) is not live-migratable/g)].map(
      (match) => `${finding.object.namespace ?? ''}/${match[1] ?? ''}`,
    ),
  );
  return { stuck, remedies: document.findings.map((finding) => finding.remedy ?? '') };
};

const planned = (fixture: string): string[] => {
  const document = documentOf(
    'FixPdbPlan',
    runCli(['fix-pdb', '--bundle', join(DRAIN, fixture), '--override-operator-budgets', '-o', 'json']),
  );
  return [
    ...document.findings.map((finding) => finding.remedy ?? ''),
    ...document.refusals.map((refusal) => refusal.remedy ?? ''),
    ...document.notes,
  ];
};

const migrateCommand = (vmi: string): RegExp => {
  const [namespace, name] = vmi.split('/');
  return new RegExp(`virtctl migrate ${name ?? ''} -n ${namespace ?? ''}\\b`);
};

describe('remedies agree with explain-drain on what can migrate', () => {
  it('finds a VMI that cannot migrate in the non-migratable-vmi fixture, so the cross-check has something to check', () => {
    expect(explained('non-migratable-vmi').stuck).toEqual(['default/web-0']);
  });

  it.each(fixtures)('%s: no remedy offers virtctl migrate for a VMI explain-drain says cannot migrate', (fixture) => {
    const { stuck, remedies } = explained(fixture);
    const fixes = [...remedies, ...planned(fixture)];
    for (const vmi of stuck) {
      for (const fix of fixes) expect(fix).not.toMatch(migrateCommand(vmi));
    }
  });
});
