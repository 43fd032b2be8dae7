import { annotationOf, conditionOf, nameOf, namespaceOf, qualifiedName } from '../model/kube-object.js';
import { controllerOf, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import { sh } from '../model/shell.js';

/** The kubelet marks the API copy of a static pod with this annotation (k8s.io/api core/v1 MirrorPodAnnotationKey). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const isMirrorPod = (pod: Pod): boolean => annotationOf(pod, MIRROR_POD_ANNOTATION) !== undefined;

/** Succeeded or Failed: kubectl's DaemonSet, local-storage and unreplicated filters let such pods go. */
export const isFinished = (pod: Pod): boolean => {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** The DaemonSet controlling the pod, by its controller ownerReference. */
export const daemonSetOf = (pod: Pod): string | undefined => {
  const owner = controllerOf(pod);
  return owner?.kind === 'DaemonSet' ? (owner.name ?? '') : undefined;
};

/**
 * Controllers that create a replacement pod, which the scheduler may place on another node, once the pod is evicted:
 * a ReplicaSet (which a Deployment owns) or a StatefulSet. A VMI's virt-launcher migrates instead, a DaemonSet's pod
 * belongs to its node, a Job starts a new pod only as a retry counted against its backoffLimit, and a bare pod is
 * gone.
 */
const REPLACING_CONTROLLERS: ReadonlySet<string> = new Set(['ReplicaSet', 'StatefulSet']);

/** The pod's controller owner (ownerReferences with `controller: true`) recreates it elsewhere once it is evicted. */
export const getsReplacement = (pod: Pod): boolean => REPLACING_CONTROLLERS.has(controllerOf(pod)?.kind ?? '');

/**
 * Pods kubectl's drain never hands to the eviction API: its filters run in order and stop at the first that does not
 * let the pod go (k8s.io/kubectl pkg/drain/drain.go GetPodsForDeletion, filters.go makeFilters), and the DaemonSet
 * filter (unfinished DaemonSet pods: skipped, or refused without ignoreDaemonSets) and the mirror filter come before
 * the local-storage and unreplicated ones. Budgets and the later filters do not matter for them.
 */
export const neverEvicted = (pod: Pod): boolean =>
  isMirrorPod(pod) || (daemonSetOf(pod) !== undefined && !isFinished(pod));

/** podutil.IsPodReady: condition Ready is True. */
export const isPodReady = (pod: Pod): boolean => conditionOf(pod.status?.conditions, 'Ready')?.status === 'True';

/** `kubectl get` style state for lists of a budget's pods: `node n1, Ready`, `not scheduled, Pending`. */
export const podPlace = (pod: Pod): string => {
  const node = pod.spec?.nodeName ? `node ${pod.spec.nodeName}` : 'not scheduled';
  const phase = pod.status?.phase;
  let state: string;
  if (pod.metadata?.deletionTimestamp) state = 'terminating';
  else if (phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed') state = phase;
  else state = isPodReady(pod) ? 'Ready' : 'not Ready';
  return `${nameOf(pod)} (${node}, ${state})`;
};

/** The text, or undefined when it is missing or empty (Go writes empty strings where it means "none"). */
export const nonEmpty = (text: string | undefined): string | undefined =>
  text === undefined || text === '' ? undefined : text;

/** `a, b, c, and 4 more`. */
export const listed = (items: readonly string[], limit = 8): string =>
  items.length <= limit
    ? items.join(', ')
    : `${items.slice(0, limit).join(', ')}, and ${String(items.length - limit)} more`;

export const budgetName = (pdb: PodDisruptionBudget): string => qualifiedName(pdb);

/** `kubectl -n ns get pdb x -o yaml > ns-x.yaml`: the backup to take before changing a budget. */
export const backupCommand = (pdb: PodDisruptionBudget): string =>
  sh`kubectl -n ${namespaceOf(pdb)} get pdb ${nameOf(pdb)} -o yaml > pdb-${namespaceOf(pdb)}-${nameOf(pdb)}.yaml`;
