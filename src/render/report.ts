import { Document, Scalar, visit } from 'yaml';
import type { Finding } from '../model/finding.js';
import { hasUnsafeText, jsonTerminalSafe, UNSAFE_TEXT } from './escape.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

/** The `-o json|yaml` envelope every command prints; `findings` is the shared contract. */
export interface ReportDocument {
  readonly apiVersion: 'harvester-upgrade.kubectl/v1alpha1';
  readonly kind: string;
  readonly source: unknown;
  readonly findings: readonly JsonFinding[];
  readonly [key: string]: unknown;
}

export interface JsonFinding {
  readonly check: string;
  readonly severity: string;
  readonly object: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly message: string;
  readonly remedy?: string;
}

export const toJsonFindings = (findings: readonly Finding[]): JsonFinding[] =>
  findings.map((finding) => ({ ...finding }));

/** YAML's own escape for one character of a double-quoted scalar (YAML 1.2 §5.7). */
const yamlEscape = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * YAML that is both the exact data and safe on a terminal. Every string holding a character escapeTerminal would
 * change (a newline too) is written double-quoted, on one line, and the characters the `yaml` serializer leaves
 * raw there (DEL, C1, bidi and other format characters) become `\uXXXX` escapes, which stand for exactly them. A raw
 * unsafe character can then only be inside such a scalar, so the replacement never touches anything else.
 */
const renderYaml = (document: ReportDocument): string => {
  const yaml = new Document(document);
  visit(yaml, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasUnsafeText(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const text = yaml.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER }).trimEnd();
  return hasUnsafeText(text) ? text.replace(UNSAFE_TEXT, (char) => (char === '\n' ? char : yamlEscape(char))) : text;
};

/** JSON and YAML carry the exact strings, written with their formats' escapes so that no raw control reaches a terminal. */
export const renderDocument = (document: ReportDocument, format: 'json' | 'yaml'): string =>
  format === 'json' ? jsonTerminalSafe(JSON.stringify(document, null, 2)) : renderYaml(document);
