import { namespacedKey, withoutTrailingPeriod } from './kube-object.js';

describe('withoutTrailingPeriod', () => {
  it('drops the trailing period (or ellipsis) and surrounding blanks of a quoted message', () => {
    expect(withoutTrailingPeriod('Kubelet stopped posting node status.')).toBe('Kubelet stopped posting node status');
    expect(withoutTrailingPeriod('  waiting for probes...\n')).toBe('waiting for probes');
  });

  it('leaves a message without one alone, including periods inside it', () => {
    expect(withoutTrailingPeriod('image v1.4.2 not found')).toBe('image v1.4.2 not found');
    expect(withoutTrailingPeriod('')).toBe('');
  });
});

describe('namespacedKey', () => {
  it('joins namespace and name with a slash, which no Kubernetes name holds', () => {
    expect(namespacedKey('harvester-system', 'virt-api-pdb')).toBe('harvester-system/virt-api-pdb');
  });

  it('keeps the slash for an empty namespace, so a cluster-scoped name never meets a namespaced key', () => {
    expect(namespacedKey('', 'node-1')).toBe('/node-1');
    expect(namespacedKey('', 'a/b')).not.toBe(namespacedKey('a', 'b'));
  });
});
