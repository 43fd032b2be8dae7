import { nameOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';

/** `a, b and c`. */
export const joinedWithAnd = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;

export const names = (nodes: readonly Node[]): string[] => nodes.map(nameOf);
