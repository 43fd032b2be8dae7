import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  invalidNameReason,
  isNamedKind,
  nameProblems,
  pathSegmentNameProblems,
  quotedName,
} from './object-name.js';

const LABEL_CHARSET =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_CHARSET =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

describe('DNS-1123 labels (namespaces)', () => {
  it.each(['fleet-local', 'cattle-fleet-local-system', 'harvester-system', 'a', '0', '123-abc', 'a'.repeat(63)])(
    'accepts %s',
    (value) => {
      expect(dns1123LabelProblems(value)).toEqual([]);
    },
  );

  it.each([
    ['', [LABEL_CHARSET]],
    ['-a', [LABEL_CHARSET]],
    ['a-', [LABEL_CHARSET]],
    ['Fleet-Local', [LABEL_CHARSET]],
    ['a_b', [LABEL_CHARSET]],
    ['a/b', [LABEL_CHARSET]],
    ['..', [LABEL_CHARSET]],
    ['../../../../api/v1/secrets?x=', [LABEL_CHARSET]],
    ['a.b', ['must not contain dots']],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    [`${'a'.repeat(64)}_`, ['must be no more than 63 characters', LABEL_CHARSET]],
  ])('refuses %j as apimachinery does', (value, problems) => {
    expect(dns1123LabelProblems(value)).toEqual(problems);
  });
});

describe('DNS-1123 subdomains (nodes, pods, custom resources)', () => {
  it.each([
    'harvester-node-0',
    'custom-4d279419a084',
    'virt-api-6c9f7d8b5-r1x1',
    'node.example.com',
    'a',
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
  ])('accepts %s', (value) => {
    expect(dns1123SubdomainProblems(value)).toEqual([]);
  });

  it.each([
    ['', [SUBDOMAIN_CHARSET]],
    ['.', [SUBDOMAIN_CHARSET]],
    ['..', [SUBDOMAIN_CHARSET]],
    ['a..b', [SUBDOMAIN_CHARSET]],
    ['.a', [SUBDOMAIN_CHARSET]],
    ['a.', [SUBDOMAIN_CHARSET]],
    ['a.-b', [SUBDOMAIN_CHARSET]],
    ['Node-0', [SUBDOMAIN_CHARSET]],
    ['../x', [SUBDOMAIN_CHARSET]],
    ['a%2e', [SUBDOMAIN_CHARSET]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('refuses %j as apimachinery does', (value, problems) => {
    expect(dns1123SubdomainProblems(value)).toEqual(problems);
  });
});

describe('path segment names (budgets)', () => {
  it.each(['web-pdb', 'instance-manager-e-1b2c3d4', 'kubevirt-disruption-budget-abcde', 'Web_PDB', '...', 'a.b'])(
    'accepts %s',
    (value) => {
      expect(pathSegmentNameProblems(value)).toEqual([]);
    },
  );

  it.each([
    ['', ['must be non-empty']],
    ['.', ["may not be '.'"]],
    ['..', ["may not be '..'"]],
    ['../x', ["may not contain '/'"]],
    ['a/b%2F', ["may not contain '/'", "may not contain '%'"]],
  ])('refuses %j as apimachinery does', (value, problems) => {
    expect(pathSegmentNameProblems(value)).toEqual(problems);
  });
});

describe('the rule of each kind', () => {
  it('holds namespaces to a label, nodes and pods and custom resources to a subdomain, budgets to a path segment', () => {
    expect(nameProblems('Namespace', 'a.b')).toEqual(['must not contain dots']);
    for (const kind of ['Node', 'Pod', 'KubeVirt', 'Machine'] as const) expect(nameProblems(kind, 'a.b')).toEqual([]);
    expect(nameProblems('Node', 'A')).toEqual([SUBDOMAIN_CHARSET]);
    expect(nameProblems('PodDisruptionBudget', 'A')).toEqual([]);
    expect(nameProblems('PodDisruptionBudget', '..')).toEqual(["may not be '..'"]);
  });

  it('says in one line what is wrong, with the value quoted and escaped', () => {
    expect(invalidNameReason('Namespace', 'fleet-local')).toBeUndefined();
    expect(invalidNameReason('Namespace', '../../../../api/v1/secrets?x=')).toBe(
      `"../../../../api/v1/secrets?x=" is not a valid namespace: ${LABEL_CHARSET}`,
    );
    expect(invalidNameReason('Node', 'a\nb\u001b[31m\u009b\u202e')).toBe(
      `"a\\nb\\u001b[31m\\u009b\\u202e" is not a valid node name: ${SUBDOMAIN_CHARSET}`,
    );
    expect(quotedName('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`);
  });
});

/** Every object of every fixture, as the tests load them into bundles and the live API server. */
const fixtureObjects = (folder: string): { kind: string; name: string; namespace?: string }[] =>
  readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return fixtureObjects(path);
    if (!/\.(json|ya?ml)$/.test(entry)) return [];
    const text = readFileSync(path, 'utf8');
    const documents: unknown[] = entry.endsWith('.json')
      ? [JSON.parse(text) as unknown]
      : parseAllDocuments(text).map((document) => document.toJS() as unknown);
    return documents.flatMap((document) => {
      const items = (document as { items?: unknown[] } | null)?.items ?? [document];
      return items.flatMap((item) => {
        const object = item as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
        if (typeof object?.kind !== 'string' || typeof object.metadata?.name !== 'string') return [];
        return [{ kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace }];
      });
    });
  });

describe('the names in the test fixtures', () => {
  it('are all valid, so that validation refuses nothing a real cluster holds', () => {
    const objects = fixtureObjects(join(__dirname, '..', '..', 'test', 'fixtures'));
    expect(objects.length).toBeGreaterThan(500);
    const invalid = objects.flatMap(({ kind, name, namespace }) =>
      [
        namespace === undefined ? undefined : invalidNameReason('Namespace', namespace),
        isNamedKind(kind) ? invalidNameReason(kind, name) : undefined,
      ].filter((reason) => reason !== undefined),
    );
    expect(invalid).toEqual([]);
  });
});
