import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The kubeconfig files kubectl would merge, before any is read: `--kubeconfig` replaces everything; else every
 * entry of a non-empty KUBECONFIG (empty entries dropped, no fallback even when none is left); else ~/.kube/config
 * (k8s.io/client-go tools/clientcmd/loader.go NewDefaultClientConfigLoadingRules). The one home of this list:
 * resolveKubeconfig and shell completion both take it from here.
 */
export const kubeconfigPaths = (explicit: string | undefined, env: NodeJS.ProcessEnv): string[] => {
  if (explicit) return [explicit];
  const list = env.KUBECONFIG;
  if (list) return list.split(delimiter).filter(Boolean);
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
};
