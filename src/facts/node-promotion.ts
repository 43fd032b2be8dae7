import { PROMOTE_STATUS_ANNOTATION } from '../model/harvester.js';
import { annotationOf, type KubeObject } from '../model/kube-object.js';

/** Promote states of an unfinished promotion; `complete` (or no annotation) is a finished promotion. */
const UNFINISHED = new Set(['running', 'failed', 'unknown']);

/** The node's promotion has not completed, so Harvester keeps it cordoned. */
export const promotionUnfinished = (node: KubeObject): boolean =>
  UNFINISHED.has(annotationOf(node, PROMOTE_STATUS_ANNOTATION) ?? '');
