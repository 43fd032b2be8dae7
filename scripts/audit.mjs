// `npm audit` of what the binary ships (--omit=dev): fails on a high or critical advisory that has a fix available
// (one without a fix cannot be acted on here, and is listed). When the registry's advisory endpoint cannot be
// reached (this project's machine answers 405 for it), the audit was not done: that is said, and it fails only with
// HU_REQUIRE_AUDIT=1, which the release workflow sets.
//   node scripts/audit.mjs [--report FILE]   (a saved `npm audit --json` report instead of asking the registry)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { report: { type: 'string' } } });
let text;
if (values.report) text = readFileSync(values.report, 'utf8');
else {
  try {
    text = execFileSync('npm', ['audit', '--omit=dev', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // npm audit exits 1 when it found anything; its report is still on stdout.
    text = error.stdout ?? '';
  }
}

let report;
try {
  report = JSON.parse(text);
} catch {
  report = undefined;
}
if (!report || !report.vulnerabilities) {
  const why = report?.message ?? report?.error?.summary ?? 'no report';
  console.error(`audit: NOT CHECKED: npm audit got no advisories from the registry (${why})`);
  process.exit(process.env.HU_REQUIRE_AUDIT === '1' ? 1 : 0);
}

const serious = Object.values(report.vulnerabilities).filter((v) => v.severity === 'high' || v.severity === 'critical');
const fixable = serious.filter((v) => v.fixAvailable);
for (const v of serious) {
  const fix = v.fixAvailable
    ? typeof v.fixAvailable === 'object'
      ? `fix: ${v.fixAvailable.name}@${v.fixAvailable.version}`
      : 'fix: npm audit fix'
    : 'no fix available yet';
  console.error(`audit: ${v.severity} ${v.name} ${v.range ?? ''} (${fix})`);
}
if (fixable.length > 0) {
  console.error(`audit: ${fixable.length} high or critical advisories with a fix available in the shipped packages`);
  process.exit(1);
}
console.log(`audit: no high or critical advisory with a fix available (${serious.length} without a fix)`);
