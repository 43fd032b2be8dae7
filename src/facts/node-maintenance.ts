import { MAINTAIN_STATUS_ANNOTATION } from '../model/harvester.js';
import { annotationOf, type KubeObject } from '../model/kube-object.js';

/**
 * Harvester marks a node in maintenance mode with `harvesterhci.io/maintain-status` (`running`, then `completed`)
 * until maintenance is disabled, and keeps it cordoned meanwhile (harvester/harvester: pkg/util/constants.go).
 */
export const inMaintenanceMode = (node: KubeObject): boolean =>
  annotationOf(node, MAINTAIN_STATUS_ANNOTATION) !== undefined;
