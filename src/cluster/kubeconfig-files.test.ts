import { delimiter, join } from 'node:path';
import { kubeconfigPaths } from './kubeconfig-files.js';

describe('kubeconfigPaths', () => {
  it('takes --kubeconfig alone, over KUBECONFIG', () => {
    expect(kubeconfigPaths('kc.yaml', { KUBECONFIG: 'a', HOME: 'home' })).toEqual(['kc.yaml']);
  });

  it('takes every KUBECONFIG entry in order, without the empty ones', () => {
    expect(kubeconfigPaths(undefined, { KUBECONFIG: ['a', '', 'b'].join(delimiter), HOME: 'home' })).toEqual([
      'a',
      'b',
    ]);
  });

  it('falls back to ~/.kube/config only when KUBECONFIG is unset or empty, as kubectl does', () => {
    expect(kubeconfigPaths(undefined, { HOME: 'home' })).toEqual([join('home', '.kube', 'config')]);
    expect(kubeconfigPaths(undefined, { KUBECONFIG: '', HOME: 'home' })).toEqual([join('home', '.kube', 'config')]);
    expect(kubeconfigPaths(undefined, { KUBECONFIG: delimiter, HOME: 'home' })).toEqual([]);
  });
});
