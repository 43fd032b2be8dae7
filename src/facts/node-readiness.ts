import { nodeReadyStatus, type Node } from '../model/node.js';

/** The node's Ready condition is True. */
export const isNodeReady = (node: Node): boolean => nodeReadyStatus(node) === 'True';
