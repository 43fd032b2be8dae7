import type { Finding, Severity } from '../model/finding.js';
import type { ObjectRef } from '../model/kube-object.js';

/** The version of the `-o json|yaml` contract; every document carries it. */
export type ApiVersion = 'harvester-upgrade.kubectl/v1alpha1';
export const API_VERSION: ApiVersion = 'harvester-upgrade.kubectl/v1alpha1';

/** A finding as `-o json|yaml` carries it: the shared contract of every command's `findings`. */
export interface JsonFinding {
  /** Stable kebab-case id of the check (or path entry) that found it. */
  readonly check: string;
  readonly severity: Severity;
  readonly object: ObjectRef;
  readonly message: string;
  readonly remedy?: string;
  /** A finding of the upgrade path: the version pair it belongs to. */
  readonly path?: { readonly from: string; readonly to: string };
}

export const toJsonFindings = (findings: readonly Finding[]): JsonFinding[] =>
  findings.map((finding) => ({ ...finding }));
