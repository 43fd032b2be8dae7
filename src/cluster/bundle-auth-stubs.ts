import type { User } from '@kubernetes/client-node';
import { AZURE_REMOVED, GCP_REMOVED } from './credentials.js';
import { ClusterError } from './errors.js';

/**
 * What the shipped bundle has in place of client-node's gcp_auth.js, azure_auth.js and exec_auth.js
 * (scripts/bundle.mjs swaps the modules): those run a command, the first two through /bin/sh. kubeconfig.ts
 * refuses gcp and azure before client-node sees the user and never hands it an exec entry, so these only stand
 * guard; they start nothing. The class names are the ones client-node's config.js imports.
 */
const providerIs = (user: User | undefined, name: string): boolean => {
  const provider: unknown = user?.authProvider;
  return typeof provider === 'object' && provider !== null && (provider as { name?: unknown }).name === name;
};

export class GoogleCloudPlatformAuth {
  isAuthProvider(user: User | undefined): boolean {
    return providerIs(user, 'gcp');
  }

  applyAuthentication(): Promise<void> {
    return Promise.reject(new ClusterError('config', GCP_REMOVED));
  }
}

export class AzureAuth {
  isAuthProvider(user: User | undefined): boolean {
    return providerIs(user, 'azure');
  }

  applyAuthentication(): Promise<void> {
    return Promise.reject(new ClusterError('config', AZURE_REMOVED));
  }
}

/** Exec plugins are run by exec-credential.ts; client-node never gets to choose this one. */
export class ExecAuth {
  isAuthProvider(): boolean {
    return false;
  }

  applyAuthentication(): Promise<void> {
    return Promise.resolve();
  }
}
