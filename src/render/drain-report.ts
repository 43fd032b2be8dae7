import type { DrainExplanation, Verdict } from '../model/drain.js';
import type { DrainAnalysis, PodRow } from '../results/drain.js';
import { escapeData } from './escape.js';
import { paint, type Style } from './style.js';
import { renderTable } from './table.js';

const VERDICT_COLOR: Readonly<Record<Verdict, 'red' | 'green' | 'dim'>> = { block: 'red', evict: 'green', skip: 'dim' };
const VERDICT_ORDER: readonly Verdict[] = ['block', 'evict', 'skip'];

const mark = (value: boolean): string => (value ? 'yes' : 'no');

const header = (style: Style, drain: DrainExplanation): string => {
  const { upgrade } = drain;
  const lines = [paint(style, 'bold', `Node ${drain.node}`) + ` (${drain.why})`, `Stage: ${upgrade.summary}`];
  if (upgrade.upgrade) {
    lines.push(
      `Upgrade: ${upgrade.upgrade.name} ${upgrade.upgrade.state ?? '(no state label)'}` +
        (upgrade.upgrade.nodeState ? `; node state ${upgrade.upgrade.nodeState}` : ''),
    );
  }
  if (drain.notReady) {
    lines.push(
      `Node not Ready: ${drain.notReady}; its kubelet cannot confirm an eviction, so evicted pods stay Terminating`,
    );
  }
  const h = upgrade.handshake;
  if (!h.known) {
    lines.push(`Rancher hand-shake: unknown (${h.unknown ?? 'not read'})`);
  } else if (h.secret) {
    lines.push(
      `Rancher hand-shake (${h.secret}): drain-options ${mark(h.drainOptions)}, pre-drain ${mark(h.preDrain)}, ` +
        `pre-hook ${mark(h.preHook)}, drain-done ${mark(h.drainDone)}, post-drain ${mark(h.postDrain)}` +
        (h.drainError ? `; drain-error: ${h.drainError}` : ''),
    );
  }
  for (const job of upgrade.jobs) lines.push(`Job ${job.name} (${job.type}): ${job.state}`);
  return lines.join('\n');
};

const reasonsText = (pod: PodRow): string => {
  const lines = pod.reasons.map((reason) => `${reason.filter}: ${reason.message}`);
  if (pod.replacements) {
    const fits = pod.replacements.nodes.filter((node) => node.fits).map((node) => node.node);
    lines.push(
      fits.length > 0
        ? `replacement can run on: ${fits.join(', ')}`
        : `replacement fits no other node (${pod.replacements.nodes.map((node) => `${node.node}: ${node.reasons.join(', ')}`).join('; ') || 'no other node'})`,
    );
    for (const pending of pod.replacements.pending)
      lines.push(`Pending replacement ${pending.name}: ${pending.message}`);
  }
  if (pod.probe) {
    lines.push(
      `dry-run eviction: ${String(pod.probe.status)} ${pod.probe.message}` +
        (pod.probe.agrees ? '' : ' (differs from the prediction)'),
    );
  }
  return lines.join('\n');
};

export const renderDrain = (style: Style, drainData: DrainExplanation, podData: readonly PodRow[]): string => {
  const drain = escapeData(drainData);
  const pods = escapeData(podData);
  const ordered = VERDICT_ORDER.flatMap((verdict) => pods.filter((pod) => pod.verdict === verdict));
  const table =
    ordered.length === 0
      ? 'No pods left on the node: the drain has nothing to wait for.'
      : renderTable(
          style,
          ['NAMESPACE', 'POD', 'VERDICT', 'REASONS'],
          ordered.map((pod) => [
            pod.namespace,
            pod.name,
            paint(style, VERDICT_COLOR[pod.verdict], pod.verdict.toUpperCase()),
            reasonsText(pod),
          ]),
        );
  const remedies = [
    ...new Set(
      drain.findings
        .filter((finding) => finding.remedy)
        .map((finding) => `  Pod/${finding.object.namespace ?? ''}/${finding.object.name}: ${finding.remedy ?? ''}`),
    ),
  ];
  const blocked = pods.filter((pod) => pod.verdict === 'block').length;
  const summary =
    blocked === 0 && drain.notReady
      ? paint(style, 'yellow', 'No pod left that the drain waits for, but the node is not Ready.')
      : blocked === 0
        ? paint(style, 'green', 'Nothing blocks the drain.')
        : paint(style, 'red', `${String(blocked)} ${blocked === 1 ? 'pod blocks' : 'pods block'} the drain.`);
  return [
    header(style, drain),
    table,
    remedies.length > 0 ? `${paint(style, 'bold', 'How to unblock:')}\n${remedies.join('\n')}` : '',
    summary,
  ]
    .filter(Boolean)
    .join('\n\n');
};

/** The inputs that could not be read, and why: the verdicts may miss what they hold. */
export const renderNotRead = (
  style: Style,
  notRead: readonly { readonly input: string; readonly reason: string }[],
): string =>
  [
    paint(style, 'yellow', 'Not read (the verdicts above may miss what these hold):'),
    ...escapeData(notRead).map((entry) => `  ${entry.input}: ${entry.reason}`),
  ].join('\n');

/** Every drain explained, then what was not read; a line that says so when no node is being drained. */
export const renderDrainReport = (style: Style, analysis: DrainAnalysis): string => {
  const { drains, rows, notRead } = analysis;
  return [
    drains.length === 0
      ? 'No node is being drained: no upgrade is working on a node and no node is cordoned.'
      : drains.map((drain, index) => renderDrain(style, drain, rows[index] ?? [])).join('\n\n---\n\n'),
    ...(notRead.length > 0 ? [renderNotRead(style, notRead)] : []),
  ].join('\n\n');
};
