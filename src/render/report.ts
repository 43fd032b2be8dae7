import { Document, Scalar, visit } from 'yaml';
import { hasUnsafeText, jsonTerminalSafe, UNSAFE_TEXT } from './escape.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

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
const renderYaml = (document: object): string => {
  const yaml = new Document(document);
  visit(yaml, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasUnsafeText(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const text = yaml.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER }).trimEnd();
  return hasUnsafeText(text) ? text.replace(UNSAFE_TEXT, (char) => (char === '\n' ? char : yamlEscape(char))) : text;
};

/**
 * A document serialised as it is (a command's result, src/results): JSON and YAML carry the exact strings, written
 * with their formats' escapes so that no raw control reaches a terminal.
 */
export const renderDocument = (document: object, format: 'json' | 'yaml'): string =>
  format === 'json' ? jsonTerminalSafe(JSON.stringify(document, null, 2)) : renderYaml(document);
