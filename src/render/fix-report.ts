import type { FixAction, FixPlan, FixTarget } from '../results/analysis-types.js';
import { refName, type ObjectRef } from '../model/kube-object.js';
import type { FixPlanResult, FixRestoreResult, FixResult } from '../results/fix-pdb.js';
import { escapeData, escapeTerminal } from './escape.js';
import { paint, type Style } from './style.js';
import { renderTable } from './table.js';

/** What the writes came to, as `fix-pdb --yes` reports them. */
export type AppliedView = Pick<FixResult, 'outcomes' | 'stopped' | 'backupFile' | 'restoreCommand'>;

export type RestoreView = Pick<FixRestoreResult, 'steps'>;

const objectText = (object: ObjectRef): string => `${object.kind} ${refName(object)}`;

const VERB: Readonly<Record<FixAction['kind'], string>> = { 'merge-patch': 'patch', delete: 'delete' };

const PAST: Readonly<Record<FixAction['kind'], string>> = { 'merge-patch': 'patched', delete: 'deleted' };

const indented = (label: string, text: string): string => `     ${label.padEnd(7)} ${text}`;

/** The plan: numbered changes with what and why, then what fix-pdb leaves alone and why, then notes. */
export const renderPlan = (style: Style, heading: string, planData: FixPlan): string => {
  const plan = escapeData(planData);
  const lines: string[] = [paint(style, 'bold', escapeTerminal(heading))];
  if (plan.actions.length > 0) {
    lines.push('', `Changes (${String(plan.actions.length)}, in this order):`);
    plan.actions.forEach((action, index) => {
      lines.push(
        `  ${String(index + 1)}. ${paint(style, 'yellow', VERB[action.kind])} ${objectText(action.object)}`,
        indented('change', action.change),
        indented('why', action.reason),
      );
    });
  }
  if (plan.refusals.length > 0) {
    lines.push('', 'Not changed (still holding the drain):');
    for (const refusal of plan.refusals) {
      lines.push(`  - ${paint(style, 'red', objectText(refusal.object))}`, indented('why', refusal.reason));
      if (refusal.remedy) lines.push(indented('fix', refusal.remedy));
    }
  }
  if (plan.notes.length > 0) {
    lines.push('', 'Notes:', ...plan.notes.map((note) => `  - ${note}`));
  }
  return lines.join('\n');
};

/** What was written, where the backup is, and the command that undoes it. */
export const renderApplied = (style: Style, viewData: AppliedView): string => {
  const view = escapeData(viewData);
  const lines = [
    '',
    ...(view.backupFile === undefined ? [] : [`Backup: ${view.backupFile} (synced to disk before the first change)`]),
    ...view.outcomes.map((outcome) =>
      outcome.result === 'applied'
        ? `  ${paint(style, 'green', PAST[outcome.action])} ${objectText(outcome.object)}: ${outcome.message}`
        : outcome.result === 'unknown'
          ? `  ${paint(style, 'yellow', 'maybe changed')} ${objectText(outcome.object)}: ${outcome.message}`
          : `  ${paint(style, 'dim', 'not changed')} ${objectText(outcome.object)}: ${outcome.message}`,
    ),
  ];
  if (view.stopped) lines.push(`${paint(style, 'red', 'Stopped')}: ${view.stopped}`);
  if (view.restoreCommand !== undefined) lines.push(`Restore with: ${view.restoreCommand}`);
  return lines.join('\n');
};

export const renderRestore = (style: Style, file: string, viewData: RestoreView): string => {
  const view = escapeData(viewData);
  return [
    paint(style, 'bold', `Restore from ${escapeTerminal(file)}`),
    renderTable(
      style,
      ['OBJECT', 'OUTCOME', 'RESULT', 'DETAIL'],
      view.steps.map((step) => [
        objectText(step.object),
        step.outcome,
        paint(style, step.result === 'done' ? 'green' : step.result === 'failed' ? 'red' : 'yellow', step.result),
        step.message,
      ]),
    ),
  ].join('\n');
};

const headingOf = (target: FixTarget): string =>
  'node' in target
    ? `fix-pdb plan for the drain of node ${target.node}`
    : `fix-pdb plan for budget ${target.namespace}/${target.name}`;

/** The plan under its heading, which names the node or budget. */
export const renderFixPlan = (style: Style, result: FixPlanResult | FixResult): string =>
  renderPlan(style, headingOf(result.target), result);

/** The plan (unless it was shown before the question, `shown`), then the one line that says nothing was changed. */
export const renderPlanOnly = (style: Style, result: FixPlanResult, shown: boolean, fromBundle: boolean): string =>
  [
    ...(shown ? [] : [renderFixPlan(style, result), '']),
    result.actions.length === 0
      ? 'Nothing to change.'
      : fromBundle
        ? 'Plan only (from a support bundle): nothing was changed.'
        : 'Plan only: nothing was changed. Apply it with --yes.',
  ].join('\n');

/** The plan (unless it was shown before the question), then what was written and how to undo it. */
export const renderFixResult = (style: Style, result: FixResult, shown: boolean): string =>
  [...(shown ? [] : [renderFixPlan(style, result), '']), renderApplied(style, result)].join('\n');

export const renderRestoreResult = (style: Style, result: FixRestoreResult): string =>
  renderRestore(style, result.backupFile, result);
