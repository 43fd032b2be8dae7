import type { Severity } from '../model/finding.js';

/** How to draw: decided once by the command from flags, environment and TTY; renderers only obey it. */
export interface Style {
  readonly color: boolean;
  readonly headers: boolean;
  /**
   * The terminal's width in cells when output goes to one: tables and lines are laid out to fit it. Undefined for
   * a pipe or a file, whose output is never wrapped or cut.
   */
  readonly width?: number;
}

const SGR: Readonly<Record<string, string>> = { red: '31', yellow: '33', green: '32', cyan: '36', dim: '2', bold: '1' };

export const paint = (style: Style, color: keyof typeof SGR, text: string): string =>
  style.color ? `\u001b[${SGR[color] ?? '0'}m${text}\u001b[0m` : text;

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { error: 'red', warning: 'yellow', info: 'cyan' };

export const paintSeverity = (style: Style, severity: Severity): string =>
  paint(style, SEVERITY_COLOR[severity], severity.toUpperCase());
