import { InvalidObjectName, nameSegment, resourcePath } from './api-path.js';

const PODS = { group: '', version: 'v1', plural: 'pods' };
const PDBS = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' };

/** What the client would really request: the path resolved as a URL, as kube-client.ts does. */
const resolved = (path: string): string => new URL(path.replace(/^\//, ''), 'https://api.invalid/').pathname;

describe('nameSegment', () => {
  it('encodes a valid name and leaves it one segment', () => {
    expect(nameSegment('PodDisruptionBudget', 'Web PDB?')).toBe('Web%20PDB%3F');
    expect(nameSegment('Node', 'harvester-node-0')).toBe('harvester-node-0');
  });

  it.each([
    ['Namespace', '../../../../api/v1/secrets?x='],
    ['Namespace', ''],
    ['Namespace', 'a/b'],
    ['Node', '..'],
    ['Pod', '.'],
    ['PodDisruptionBudget', '..'],
    ['PodDisruptionBudget', '../x'],
    ['PodDisruptionBudget', '%2e%2e'],
  ] as const)('refuses the %s %j, which encoding alone would not keep in its segment', (kind, value) => {
    expect(() => nameSegment(kind, value)).toThrow(InvalidObjectName);
  });
});

describe('resourcePath', () => {
  it('builds core and group paths, namespaced or not, with a name and a subresource', () => {
    expect(resourcePath({ group: '', version: 'v1', plural: 'nodes' }, undefined)).toBe('/api/v1/nodes');
    expect(resourcePath({ group: 'cluster.x-k8s.io', version: 'v1beta1', plural: 'machines' }, 'fleet-local')).toBe(
      '/apis/cluster.x-k8s.io/v1beta1/namespaces/fleet-local/machines',
    );
    expect(resourcePath(PODS, 'default', { kind: 'Pod', name: 'web-0', subresource: 'eviction' })).toBe(
      '/api/v1/namespaces/default/pods/web-0/eviction',
    );
    expect(
      resourcePath({ group: '', version: 'v1', plural: 'nodes' }, undefined, {
        kind: 'Node',
        name: 'harvester-node-0',
        subresource: 'proxy/stats/summary',
      }),
    ).toBe('/api/v1/nodes/harvester-node-0/proxy/stats/summary');
  });

  it('never leaves the namespace or collection it names, whatever the name', () => {
    const path = resourcePath(PDBS, 'default', { kind: 'PodDisruptionBudget', name: 'a?b#c d' });
    expect(resolved(path)).toBe('/apis/policy/v1/namespaces/default/poddisruptionbudgets/a%3Fb%23c%20d');
  });

  it('refuses the hostile namespaces and names before any path exists', () => {
    // Before this, `machines -n` put the namespace in the path as it was typed: this one reads every Secret.
    expect(resolved('/api/v1/namespaces/../../../../api/v1/secrets?x=/secrets')).toBe('/api/v1/secrets');
    expect(() => resourcePath(PODS, '../../../../api/v1/secrets?x=')).toThrow(
      '"../../../../api/v1/secrets?x=" is not a valid namespace',
    );
    expect(() => resourcePath(PDBS, '..', { kind: 'PodDisruptionBudget', name: 'x' })).toThrow(InvalidObjectName);
    expect(() => resourcePath(PDBS, 'default', { kind: 'PodDisruptionBudget', name: '..' })).toThrow(
      '".." is not a valid PodDisruptionBudget name: may not be \'..\'',
    );
  });

  it('refuses coordinates that are not a fixed kind, such as an apiVersion taken from a file', () => {
    expect(() => resourcePath({ group: '..', version: 'v1', plural: 'pods' }, undefined)).toThrow(
      'not an API resource',
    );
    expect(() => resourcePath({ group: 'policy', version: 'v1/../../api', plural: 'x' }, undefined)).toThrow(
      'not an API resource',
    );
    expect(() => resourcePath({ group: '', version: 'v1', plural: 'secrets/x' }, undefined)).toThrow(
      'not an API resource',
    );
    for (const plural of ['-pods', 'pods-', 'a--b/..', 'Pods']) {
      expect(() => resourcePath({ group: '', version: 'v1', plural }, undefined)).toThrow('not an API resource');
    }
  });

  // Multus names its resource network-attachment-definitions: a plural is a DNS label, hyphens included
  // (apiextensions-apiserver validates spec.names.plural as one).
  it('builds the path of a plural with hyphens', () => {
    expect(
      resourcePath({ group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions' }, 'default'),
    ).toBe('/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions');
  });
});
