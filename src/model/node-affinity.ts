import type { Node } from './node.js';
import type { Affinity, NodeSelectorTerm } from './pod.js';

/**
 * Required node placement as the scheduler evaluates it (kubernetes/kubernetes
 * staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go, the code Harvester calls as
 * `MatchNodeSelectorTerms`): terms are ORed, the requirements inside a term ANDed, a term with neither
 * `matchExpressions` nor `matchFields` is ignored, and a term that does not parse (unknown operator, wrong number of
 * values, a Gt/Lt value that is not an integer) matches no node.
 */

type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(text, 10, 64): an optional sign and decimal digits within int64. */
const parseInt64 = (text: string): bigint | undefined => {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
};

/**
 * One label requirement (apimachinery pkg/labels/selector.go NewRequirement, Requirement.Matches): undefined when
 * NewRequirement would refuse it. Key and value syntax is left to the API server that admitted the object.
 */
const labelRequirementMatches = (
  requirement: Requirement,
  labels: Readonly<Record<string, string>>,
): boolean | undefined => {
  const key = requirement.key ?? '';
  const values = requirement.values ?? [];
  if (key === '') return undefined;
  const present = Object.hasOwn(labels, key);
  const value = labels[key] ?? '';
  switch (requirement.operator ?? '') {
    case 'In':
      return values.length === 0 ? undefined : present && values.includes(value);
    case 'NotIn':
      return values.length === 0 ? undefined : !present || !values.includes(value);
    case 'Exists':
      return values.length === 0 ? present : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? !present : undefined;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInt64(values[0] ?? '') : undefined;
      if (bound === undefined) return undefined;
      const actual = present ? parseInt64(value) : undefined;
      if (actual === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return undefined;
  }
};

/**
 * One field requirement: only In and NotIn with exactly one value. A node offers the single field `metadata.name`;
 * any other key reads as the empty string (apimachinery pkg/fields).
 */
const fieldRequirementMatches = (requirement: Requirement, nodeName: string): boolean | undefined => {
  const values = requirement.values ?? [];
  if (values.length !== 1) return undefined;
  const actual = requirement.key === 'metadata.name' ? nodeName : '';
  switch (requirement.operator ?? '') {
    case 'In':
      return actual === values[0];
    case 'NotIn':
      return actual !== values[0];
    default:
      return undefined;
  }
};

/** Every requirement in order; undefined as soon as one is invalid (the term then fails to parse). */
const allMatch = (results: readonly (boolean | undefined)[]): boolean | undefined =>
  results.includes(undefined) ? undefined : results.every(Boolean);

const isEmptyTerm = (term: NodeSelectorTerm): boolean =>
  (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;

/** Whether one non-empty term selects the node; a term that does not parse selects nothing. */
export const nodeSelectorTermMatches = (term: NodeSelectorTerm, node: Node): boolean => {
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  const labelsMatch = allMatch(expressions.map((requirement) => labelRequirementMatches(requirement, labels)));
  const fieldsMatch = allMatch(fields.map((requirement) => fieldRequirementMatches(requirement, name)));
  if (labelsMatch === undefined || fieldsMatch === undefined) return false;
  // The scheduler skips field requirements for a node without a name (it has no fields at all).
  return labelsMatch && (name === '' || fieldsMatch);
};

/** `MatchNodeSelectorTerms`: some non-empty term selects the node. No terms at all select nothing. */
export const nodeSelectorTermsMatch = (terms: readonly NodeSelectorTerm[] | null | undefined, node: Node): boolean =>
  (terms ?? []).some((term) => !isEmptyTerm(term) && nodeSelectorTermMatches(term, node));

/**
 * The `requiredDuringSchedulingIgnoredDuringExecution` node selector, or undefined when there is none (then node
 * affinity places no constraint). A present selector with no terms matches no node.
 */
export const requiredNodeAffinityOf = (
  affinity: Affinity | null | undefined,
): { readonly nodeSelectorTerms?: readonly NodeSelectorTerm[] } | undefined =>
  affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? undefined;

/** A `nodeSelector` map: every key present with that value. An empty or absent map matches every node. */
export const nodeSelectorMatches = (
  selector: Readonly<Record<string, string>> | null | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean => Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

/**
 * Whether a pod or VMI may be placed on the node by its required constraints: the `nodeSelector` and the required
 * node affinity must both match (nodeaffinity.go GetRequiredNodeAffinity). Taints and resources are not considered.
 */
export const requiredPlacementMatches = (
  spec: { readonly nodeSelector?: Readonly<Record<string, string>> | null; readonly affinity?: Affinity | null },
  node: Node,
): boolean => {
  if (!nodeSelectorMatches(spec.nodeSelector, node.metadata?.labels)) return false;
  const required = requiredNodeAffinityOf(spec.affinity);
  return required === undefined || nodeSelectorTermsMatch(required.nodeSelectorTerms, node);
};
