import type { JobEvidence, PhaseState, PodEvidence, StatusPhase, StatusResult } from '../results/status.js';
import { escapeData } from './escape.js';
import { paint, paintSeverity, type Style } from './style.js';
import { renderTable } from './table.js';

const STATE_COLOR: Readonly<Record<PhaseState, 'green' | 'yellow' | 'red' | 'dim'>> = {
  done: 'green',
  running: 'yellow',
  pending: 'dim',
  failed: 'red',
  skipped: 'dim',
};

const VERDICT_LINE: Readonly<Record<StatusResult['verdict'], { color: 'green' | 'yellow' | 'red'; text: string }>> = {
  'no-upgrade': { color: 'green', text: 'No upgrade: no Upgrade or UpgradePlan exists.' },
  running: { color: 'yellow', text: 'The upgrade is running.' },
  stalled: { color: 'red', text: 'The upgrade is stalled.' },
  failed: { color: 'red', text: 'The upgrade failed.' },
  succeeded: { color: 'green', text: 'The upgrade succeeded.' },
};

const header = (result: StatusResult): string => {
  const source = result.source.mode === 'bundle' ? `bundle ${result.source.path}` : `context ${result.source.context}`;
  const upgrade = result.upgrade;
  if (!upgrade) return `${source} · read ${result.readAt}`;
  const versions = [upgrade.previousVersion, upgrade.version].filter(Boolean).join(' → ');
  const name = upgrade.namespace ? `${upgrade.namespace}/${upgrade.name}` : upgrade.name;
  return `${upgrade.kind} ${name}${versions ? ` (${versions})` : ''}: ${upgrade.state ?? 'no state'} · ${source} · read ${result.readAt}`;
};

const stepsText = (phase: StatusPhase): string =>
  [
    phase.detail,
    phase.steps?.map((step) => `${step.step} ${step.state}${step.since ? ` ${step.since}` : ''}`).join(', '),
  ]
    .filter(Boolean)
    .join('; ');

const phaseTable = (style: Style, phases: readonly StatusPhase[]): string =>
  renderTable(
    style,
    ['PHASE', 'STATE', 'SINCE', 'DETAIL'],
    phases.map((phase) => [
      phase.title,
      paint(style, STATE_COLOR[phase.state], phase.state),
      phase.since ?? '-',
      stepsText(phase) || '-',
    ]),
  );

const podLine = (pod: PodEvidence): string[] => {
  const facts = [
    pod.phase,
    pod.node ? `on ${pod.node}` : '',
    `${String(pod.restarts)} restarts`,
    pod.exitCodes.length > 0 ? `exit ${pod.exitCodes.join(',')}` : '',
    pod.reason ?? '',
    pod.superseded ? `superseded attempt (${pod.superseded}): normal` : '',
  ].filter(Boolean);
  const lines = [`    pod ${pod.name}: ${facts.join(', ')}`];
  const log = pod.log;
  if (log?.status === 'ok') {
    lines.push(
      `      last ${String(log.lines.length)} lines of ${log.container}${log.previous ? ' (previous run)' : ''}:`,
    );
    lines.push(...log.lines.map((line) => `        ${line}`));
  } else if (log) {
    lines.push(`      log of ${log.container}: NOT EVALUATED (${log.reason})`);
  }
  return lines;
};

const jobLines = (jobs: readonly JobEvidence[]): string[] =>
  jobs.flatMap((job) => [
    `  Job ${job.namespace}/${job.name} (${job.step}${job.node ? `, ${job.node}` : ''}): ${job.state}${job.since ? ` since ${job.since}` : ''}${job.message ? `: ${job.message}` : ''}`,
    ...job.pods.flatMap(podLine),
  ]);

const waitingLines = (style: Style, result: StatusResult): string[] =>
  result.waitingFor.map((wait) => {
    const mark = wait.stalled ? paint(style, 'red', 'STALLED') : paint(style, 'yellow', 'WAITING');
    return `${mark}  ${wait.text}${wait.since ? ` (last progress ${wait.since})` : ''}\n         object ${wait.object.kind} ${wait.object.namespace ? `${wait.object.namespace}/` : ''}${wait.object.name}, field ${wait.field}${wait.check ? `; precheck check ${wait.check}` : ''}`;
  });

const nodeTable = (style: Style, result: StatusResult): string =>
  renderTable(
    style,
    ['NODE', 'READY', 'UPGRADE STATE', 'DETAIL'],
    result.nodes.map((node) => [
      node.node,
      node.ready,
      node.state,
      [node.message, node.drain ? `${node.drain.verdict}; see: ${node.drain.command}` : '']
        .filter(Boolean)
        .join('; ') || '-',
    ]),
  );

const section = (title: string, body: string | readonly string[]): string => {
  const text = typeof body === 'string' ? body : body.join('\n');
  return text === '' ? '' : `${title}\n${text}`;
};

/** The status report: header, phases, what the phase in progress waits for, Jobs and pods, nodes, findings. */
export const renderStatusReport = (style: Style, data: StatusResult): string => {
  const result = escapeData(data);
  const verdict = VERDICT_LINE[result.verdict];
  const findings = result.findings.flatMap((finding) => [
    `${paintSeverity(style, finding.severity)}  ${finding.check}: ${finding.object.kind}/${finding.object.namespace ? `${finding.object.namespace}/` : ''}${finding.object.name}: ${finding.message}`,
    ...(finding.remedy ? [`  fix: ${finding.remedy}`] : []),
  ]);
  const remedies = result.waitingFor
    .filter((wait) => wait.remedy && !wait.stalled)
    .map((wait) => `  fix: ${wait.remedy ?? ''}`);
  const notRead = result.notEvaluated.map((entry) => `NOT EVALUATED  ${entry.input}: ${entry.reason}`);
  return [
    header(result),
    result.phases.length > 0 ? phaseTable(style, result.phases) : '',
    section('', [...waitingLines(style, result), ...remedies]).trim(),
    section('Jobs:', jobLines(result.jobs)),
    result.nodes.length > 0 && result.upgrade ? nodeTable(style, result) : '',
    findings.join('\n'),
    notRead.join('\n'),
    paint(style, verdict.color, verdict.text),
  ]
    .filter(Boolean)
    .join('\n\n');
};
