import type { Finding } from '../model/finding.js';
import { conditionOf, labelOf, nameOf, namespacedKey, namespaceOf, refOf } from '../model/kube-object.js';
import { jobConditionTrue, SUC_NODE_LABEL, SUC_PLAN_LABEL, sucPlanHashLabel, type Job } from '../model/pod.js';
import type { SucPlan } from '../model/rancher.js';
import { sh } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot, perSnapshot } from '../model/snapshot.js';

export const SUC_PLAN_STUCK_CHECK = 'suc-plan-stuck-applying';

/** A Plan's Jobs by `namespace/plan/node`, from the labels system-upgrade-controller puts on each Job. */
const jobsByPlanNode = perSnapshot((snapshot: ClusterSnapshot): ReadonlyMap<string, readonly Job[]> => {
  const index = new Map<string, Job[]>();
  for (const job of itemsOf(snapshot, 'jobs')) {
    const plan = labelOf(job, SUC_PLAN_LABEL);
    const node = labelOf(job, SUC_NODE_LABEL);
    if (!plan || !node) continue;
    const key = namespacedKey(namespaceOf(job), `${plan}/${node}`);
    index.set(key, [...(index.get(key) ?? []), job]);
  }
  return index;
});

const finished = (job: Job): boolean => jobConditionTrue(job, 'Complete') || jobConditionTrue(job, 'Failed');

/**
 * Whether a node in the Plan's `applying` is still on its way: the node already carries the Plan's latest hash
 * (the controller writes it when a Job completes, pkg/upgrade/handle_batch.go), a Job for it still runs, or a Job of
 * the latest hash completed and the label is about to follow.
 */
const stillMoving = (plan: SucPlan, jobs: readonly Job[], nodeHash: string | undefined): boolean => {
  const latest = plan.status?.latestHash;
  const hashLabel = sucPlanHashLabel(nameOf(plan));
  if (latest !== undefined && nodeHash === latest) return true;
  return jobs.some(
    (job) =>
      !finished(job) ||
      (jobConditionTrue(job, 'Complete') && latest !== undefined && labelOf(job, hashLabel) === latest),
  );
};

/** `status.applying`, as far as it is a list of names (a hand-edited bundle may hold anything there). */
const applyingNodes = (plan: SucPlan): readonly string[] => {
  const applying: unknown = plan.status?.applying;
  return Array.isArray(applying) ? applying.filter((node): node is string => typeof node === 'string') : [];
};

export const stuckNodes = (snapshot: ClusterSnapshot, plan: SucPlan): { node: string; failed: readonly string[] }[] => {
  const nodes = new Map(itemsOf(snapshot, 'nodes').map((node) => [nameOf(node), node]));
  const index = jobsByPlanNode(snapshot);
  return applyingNodes(plan).flatMap((node) => {
    const jobs = index.get(namespacedKey(namespaceOf(plan), `${nameOf(plan)}/${node}`)) ?? [];
    const object = nodes.get(node);
    const nodeHash = object ? labelOf(object, sucPlanHashLabel(nameOf(plan))) : undefined;
    if (stillMoving(plan, jobs, nodeHash)) return [];
    return [{ node, failed: jobs.filter((job) => jobConditionTrue(job, 'Failed')).map(nameOf) }];
  });
};

/**
 * A system-upgrade-controller Plan that lists a node in `status.applying` while no Job of it runs on that node.
 * The controller creates the Jobs of a Plan only when it syncs the Plan, and a Job that failed is deleted after its
 * TTL (900 s by default); when no sync follows, nothing recreates it, the node stays in `applying` and whatever
 * waits for the Plan waits forever. Harvester's upgrade waits for its per-node Plans (image preload, node upgrade)
 * with no timeout: harvester/docs upgrade/v1-7-x-to-v1-7-y.md and v1-7-x-to-v1-8-x.md known issue 3
 * (harvester/harvester#9880). Restarting the controller makes it sync every Plan again. Plan fields:
 * rancher/system-upgrade-controller pkg/apis/upgrade.cattle.io/v1/types.go; node selection and `applying`:
 * pkg/upgrade/handle_upgrade.go and pkg/upgrade/plan/plan.go SelectConcurrentNodes.
 */
export const sucPlanStuckFindings = (snapshot: ClusterSnapshot): Finding[] =>
  itemsOf(snapshot, 'sucPlans').flatMap((plan): Finding[] => {
    const stuck = stuckNodes(snapshot, plan);
    if (stuck.length === 0) return [];
    const complete = conditionOf(plan.status?.conditions, 'Complete');
    const state = complete?.reason ? ` (Complete: ${complete.status ?? 'Unknown'}, ${complete.reason})` : '';
    const described = stuck.map(({ node, failed }) =>
      failed.length > 0 ? `${node} (its Job ${failed.join(', ')} failed)` : `${node} (its last Job is gone)`,
    );
    return [
      {
        check: SUC_PLAN_STUCK_CHECK,
        severity: 'error',
        object: refOf('Plan', plan),
        message: `lists ${described.join(', ')} as applying, and no Job of it runs there${state}: system-upgrade-controller does not create the Job again by itself, and what waits for this Plan waits forever`,
        remedy: `Find why the node's last Job failed (${sh`kubectl -n ${namespaceOf(plan)} get jobs -l ${`${SUC_PLAN_LABEL}=${nameOf(plan)}`}`}), then restart the controller (it watches Plans in its own namespace) so that it syncs its Plans again: ${sh`kubectl -n ${namespaceOf(plan)} rollout restart deployment/system-upgrade-controller`}`,
      },
    ];
  });
