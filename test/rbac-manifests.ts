import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO } from './run-cli.js';

/** One API request's authorization attributes, as RBAC sees them. No namespace: cluster-scoped or all namespaces. */
export interface Access {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly verb: string;
  readonly namespace?: string;
}

export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

export interface RbacObject {
  readonly apiVersion: string;
  readonly kind: 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding';
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly rules?: readonly RbacRule[];
  readonly roleRef?: { readonly kind: string; readonly name: string };
  readonly subjects?: readonly { readonly kind: string; readonly name: string }[];
}

export const RBAC_DIR = join(REPO, 'deploy', 'rbac');

export const readRbac = (file: string): RbacObject[] =>
  parseAllDocuments(readFileSync(join(RBAC_DIR, file), 'utf8')).map((document) => document.toJS() as RbacObject);

export const accessText = (access: Access): string =>
  `${access.verb} ${access.resource}${access.subresource ? `/${access.subresource}` : ''}` +
  `${access.group ? `.${access.group}` : ''}${access.namespace ? ` in ${access.namespace}` : ''}`;

const ruleAllows = (rule: RbacRule, access: Access): boolean =>
  rule.apiGroups.includes(access.group) &&
  rule.resources.includes(access.subresource ? `${access.resource}/${access.subresource}` : access.resource) &&
  rule.verbs.includes(access.verb);

/** RBAC's answer for a member of `group` given these objects (bindings name roles defined among them). */
export const allows = (objects: readonly RbacObject[], group: string, access: Access): boolean =>
  objects.some((binding) => {
    if (!binding.subjects?.some((subject) => subject.kind === 'Group' && subject.name === group)) return false;
    // A ClusterRoleBinding grants its ClusterRole everywhere; a RoleBinding grants its role in its namespace only.
    if (binding.kind === 'RoleBinding' && binding.metadata.namespace !== access.namespace) return false;
    if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') return false;
    const role = objects.find(
      (object) =>
        object.kind === binding.roleRef?.kind &&
        object.metadata.name === binding.roleRef.name &&
        (object.kind === 'ClusterRole' || object.metadata.namespace === binding.metadata.namespace),
    );
    return (role?.rules ?? []).some((rule) => ruleAllows(rule, access));
  });
