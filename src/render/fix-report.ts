import { refName, type ObjectRef } from '../model/kube-object.js';
import type { FixAction, FixPlan } from '../fix/fix-types.js';
import { escapeData, escapeTerminal } from './escape.js';
import { paint, type Style } from './style.js';
import { renderTable } from './table.js';

/** What the command tells the renderer about the writes; the renderer only shows it. */
export interface AppliedView {
  /** Both absent when the run stopped before anything was backed up (nothing changed). */
  readonly backupFile?: string;
  readonly restoreCommand?: string;
  readonly outcomes: readonly {
    readonly object: ObjectRef;
    readonly action: FixAction['kind'];
    readonly result: 'applied' | 'not-applied' | 'unknown';
    readonly message: string;
  }[];
  readonly stopped?: string;
}

export interface RestoreView {
  readonly steps: readonly {
    readonly object: ObjectRef;
    readonly outcome: string;
    readonly result: string;
    readonly message: string;
  }[];
}

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
