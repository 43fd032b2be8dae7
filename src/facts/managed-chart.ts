import { conditionOf, withoutTrailingPeriod } from '../model/kube-object.js';
import { FLEET_LOCAL, type ManagedChart } from '../model/rancher.js';

/** A ManagedChart whose Ready condition says it is not Ready, and why in words. */
export interface ManagedChartNotReady {
  readonly chart: ManagedChart;
  /** `True`, `False` or `Unknown`: the condition's status. */
  readonly status: string;
  /** `reason: message` (trailing period dropped), empty when the condition says no more. */
  readonly why: string;
}

/**
 * Why a ManagedChart in fleet-local is not Ready, or undefined when it is, or has no Ready condition: the upgrade
 * webhook refuses an upgrade on the same rule ("managed chart <name> is not ready", harvester/harvester
 * pkg/webhook/resources/upgrade/validator.go, issue #3391), and the upgrade's apply-manifests Job waits, with no
 * timeout, for the charts it upgrades to be ready again (package/upgrade/upgrade_manifests.sh wait_managed_chart).
 */
export const managedChartNotReady = (chart: ManagedChart): ManagedChartNotReady | undefined => {
  if (chart.metadata?.namespace !== FLEET_LOCAL) return undefined;
  const ready = conditionOf(chart.status?.conditions, 'Ready');
  if (!ready || ready.status === 'True') return undefined;
  const why = [ready.reason, ready.message && withoutTrailingPeriod(ready.message)].filter(Boolean).join(': ');
  return { chart, status: ready.status ?? 'Unknown', why };
};

/** `condition Ready is False (reason: message)`, the words the check and `status` both print. */
export const describeManagedChartNotReady = ({ status, why }: ManagedChartNotReady): string =>
  `condition Ready is ${status}` + (why ? ` (${why})` : '');
