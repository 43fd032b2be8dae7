/**
 * A support bundle stores each kind as one List (support-bundle-kit marshals `kubectl get -o yaml`-style YAML with
 * Go's yaml encoder), and a large cluster's pods are one file of tens of megabytes. Parsed whole, such a file puts
 * every full object on the heap at once: 1.8 GB of RSS for the 1,000-node benchmark (docs/performance.md). Split at
 * its items, each item is parsed, slimmed and dropped before the next.
 *
 * The split relies only on YAML's indentation rule: every line inside a block sequence entry is indented more than
 * the entry's `-` (block scalars and continuation lines included), so a line that starts with `-` at the items'
 * indentation starts the next item. Anything this does not recognise (directives, several documents, comments at the
 * items' level, `items: []`) returns undefined, and the caller parses the file whole.
 */
export interface ListText {
  /** The List without its items (apiVersion, kind, metadata). */
  readonly header: string;
  /** Each item as a one-entry block sequence, indented as in the file. */
  readonly items: readonly string[];
}

const ITEMS_KEY = /^items:[ \t]*$/m;
const DOCUMENT_MARKER = /\n(?:---|\.\.\.)(?:[ \t\r]|\n|$)/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

const isBlank = (line: string): boolean => line.trim() === '';

const isEntry = (line: string, indent: number): boolean =>
  indentOf(line) === indent && line[indent] === '-' && (line.length === indent + 1 || line[indent + 1] === ' ');

/** The file's lines from `from` on, with the offset each starts at; no array of a million lines is built. */
function* linesFrom(text: string, from: number): Generator<{ readonly line: string; readonly at: number }> {
  let at = from;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    yield { line: text.slice(at, newline < 0 ? text.length : newline), at };
    at = next;
  }
}

export const splitListText = (text: string): ListText | undefined => {
  if (text.startsWith('%') || DOCUMENT_MARKER.test(text)) return undefined;
  const key = ITEMS_KEY.exec(text);
  if (!key) return undefined;
  const itemsFrom = text.indexOf('\n', key.index);
  if (itemsFrom < 0) return undefined;

  const items: string[] = [];
  let indent = -1;
  let itemAt = -1;
  let end = text.length;
  for (const { line, at } of linesFrom(text, itemsFrom + 1)) {
    if (isBlank(line) || (indent >= 0 && indentOf(line) > indent)) continue;
    if (indent < 0) {
      indent = indentOf(line);
      if (!isEntry(line, indent)) return undefined;
      itemAt = at;
      continue;
    }
    if (isEntry(line, indent)) {
      items.push(text.slice(itemAt, at));
      itemAt = at;
      continue;
    }
    // The items end where the List's own keys resume (kind, metadata); anything else is a shape not handled here.
    if (!/^[A-Za-z"']/.test(line)) return undefined;
    end = at;
    break;
  }
  if (itemAt < 0) return undefined;
  items.push(text.slice(itemAt, end));
  return { header: text.slice(0, key.index) + text.slice(end), items };
};
