import { withoutTrailingPeriod } from './kube-object.js';

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
