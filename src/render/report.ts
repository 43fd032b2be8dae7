import { stringify } from 'yaml';
import type { Finding } from '../model/finding.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

/** The `-o json|yaml` envelope every command prints; `findings` is the shared contract. */
export interface ReportDocument {
  readonly apiVersion: 'harvester-upgrade.kubectl/v1alpha1';
  readonly kind: string;
  readonly source: unknown;
  readonly findings: readonly JsonFinding[];
  readonly [key: string]: unknown;
}

export interface JsonFinding {
  readonly check: string;
  readonly severity: string;
  readonly object: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly message: string;
  readonly remedy?: string;
}

export const toJsonFindings = (findings: readonly Finding[]): JsonFinding[] =>
  findings.map((finding) => ({ ...finding }));

export const renderDocument = (document: ReportDocument, format: 'json' | 'yaml'): string =>
  format === 'json' ? JSON.stringify(document, null, 2) : stringify(document, { lineWidth: 0 }).trimEnd();
