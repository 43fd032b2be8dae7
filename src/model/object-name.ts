/**
 * Kubernetes' own name rules, as kube-apiserver applies them to the kinds this plugin names in a request path.
 * Every user-given name is checked against its kind's rule before any request, and so is every name read from a
 * cluster or a backup before it becomes a path segment: `encodeURIComponent('..')` is `..`, which URL parsing
 * resolves as a dot segment, so encoding alone does not keep a name inside its own segment.
 *
 * The rules and messages follow k8s.io/apimachinery pkg/util/validation/validation.go (IsDNS1123Label,
 * IsDNS1123Subdomain) and pkg/api/validation/path/name.go (IsValidPathSegmentName).
 */

/** `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, RFC 1123's label, as apimachinery's dns1123LabelFmt. */
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_PATTERN = new RegExp(`^${LABEL}$`);
const SUBDOMAIN_PATTERN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const maxLength = (length: number): string => `must be no more than ${String(length)} characters`;

/** The problems apimachinery's IsDNS1123Label reports for `value`; none when it is a valid label. */
export const dns1123LabelProblems = (value: string): string[] => {
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) problems.push(maxLength(DNS1123_LABEL_MAX_LENGTH));
  if (!LABEL_PATTERN.test(value)) {
    // A valid subdomain that is not a label can only have dots in it (the length was checked above).
    problems.push(
      SUBDOMAIN_PATTERN.test(value)
        ? 'must not contain dots'
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  }
  return problems;
};

/** The problems apimachinery's IsDNS1123Subdomain reports for `value`; none when it is a valid subdomain. */
export const dns1123SubdomainProblems = (value: string): string[] => {
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) problems.push(maxLength(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!SUBDOMAIN_PATTERN.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  }
  return problems;
};

/**
 * apimachinery's IsValidPathSegmentName: not `.` or `..`, no `/` or `%`. The generic create and update path
 * (k8s.io/apiserver pkg/registry/rest/create.go, update.go) applies it to every object's name; kinds whose own
 * validation checks no name are held to it alone. Empty is refused too, as ValidateObjectMeta requires a name.
 */
export const pathSegmentNameProblems = (value: string): string[] => {
  if (value === '') return ['must be non-empty'];
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%'].filter((part) => value.includes(part)).map((part) => `may not contain '${part}'`);
};

export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'path-segment';

/**
 * Which rule kube-apiserver holds each kind's name to:
 * - Namespace: a label (apimachinery pkg/api/validation/generic.go, ValidateNamespaceName = NameIsDNSLabel).
 * - Node, Pod: a subdomain (kubernetes pkg/apis/core/validation/validation.go, ValidateNodeName and
 *   ValidatePodName = NameIsDNSSubdomain).
 * - Custom resources (KubeVirt, Cluster API Machine): a subdomain (apiextensions-apiserver
 *   pkg/registry/customresource/validator.go validates metadata with NameIsDNSSubdomain).
 * - PodDisruptionBudget: a path segment only. kubernetes pkg/apis/policy/validation ValidatePodDisruptionBudget
 *   validates the spec and no name, so the generic IsValidPathSegmentName is all a budget's name must pass; a
 *   stricter rule here would refuse budgets that exist.
 */
export const NAME_RULES = {
  Namespace: 'dns1123-label',
  Node: 'dns1123-subdomain',
  Pod: 'dns1123-subdomain',
  KubeVirt: 'dns1123-subdomain',
  Machine: 'dns1123-subdomain',
  PodDisruptionBudget: 'path-segment',
} as const satisfies Readonly<Record<string, NameRule>>;

export type NamedKind = keyof typeof NAME_RULES;

export const isNamedKind = (kind: string): kind is NamedKind => Object.hasOwn(NAME_RULES, kind);

const RULE_CHECKS: Readonly<Record<NameRule, (value: string) => string[]>> = {
  'dns1123-label': dns1123LabelProblems,
  'dns1123-subdomain': dns1123SubdomainProblems,
  'path-segment': pathSegmentNameProblems,
};

/** What is wrong with `value` as the name of a `kind` (a namespace's own name for Namespace); none when valid. */
export const nameProblems = (kind: NamedKind, value: string): string[] => RULE_CHECKS[NAME_RULES[kind]](value);

const MAX_SHOWN = 80;

/**
 * A name as it may be shown on one terminal line: JSON-quoted (control characters escaped), C1 controls and
 * bidirectional overrides escaped too, and cut after 80 characters. Used for names that failed validation, which
 * may hold anything.
 */
export const quotedName = (value: string): string => {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
};

const WORD: Readonly<Record<NamedKind, string>> = {
  Namespace: 'namespace',
  Node: 'node name',
  Pod: 'pod name',
  KubeVirt: 'KubeVirt name',
  Machine: 'Machine name',
  PodDisruptionBudget: 'PodDisruptionBudget name',
};

/** `"a/b" is not a valid namespace: <every problem>`, or undefined when the name is valid. */
export const invalidNameReason = (kind: NamedKind, value: string): string | undefined => {
  const problems = nameProblems(kind, value);
  return problems.length === 0
    ? undefined
    : `${quotedName(value)} is not a valid ${WORD[kind]}: ${problems.join('; ')}`;
};
