import { readFileSync } from 'node:fs';
import type { Cluster, KubeConfig, User } from '@kubernetes/client-node';
import { ClusterError } from './errors.js';
import { execCredential, execPluginOf, type ExecCredentialStatus, type ExecPlugin } from './exec-credential.js';
import type { KubeConnection } from './kube-client.js';

/**
 * Which credentials of a kubeconfig user are used, as kubectl decides. client-node's own gcp and azure auth
 * providers run the kubeconfig's `cmd-path` through /bin/sh (execSync on a string); kubectl removed both and
 * refuses them with these words (client-go plugin/pkg/client/auth/gcp/gcp_stub.go, azure/azure_stub.go). The only
 * auth provider kubectl still has is oidc (client-node's OpenIDConnectAuth, which runs nothing). Everything else a
 * kubeconfig can say (token, tokenFile, username/password, client certificates, impersonation) is applied by
 * client-node as before; `exec` plugins are run by exec-credential.ts, never by client-node.
 */
export const GCP_REMOVED =
  'The gcp auth plugin has been removed. Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead. See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details';
export const AZURE_REMOVED =
  'The azure auth plugin has been removed. Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead. See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details';

const providerName = (user: User): string | undefined => {
  const provider: unknown = user.authProvider;
  if (provider === undefined || provider === null) return undefined;
  const name = typeof provider === 'object' ? (provider as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : '';
};

/**
 * client-node's loadFromCluster gives the service account user this provider (config.js), where client-go reads
 * the same token file as a bearer token file (rest.InClusterConfig); no kubeconfig may name it.
 */
export const IN_CLUSTER_PROVIDER = 'tokenFile';

/**
 * Refuses an auth provider kubectl does not have; oidc and no provider pass, and client-node's own in-cluster one
 * when `inCluster`. Nothing is run.
 */
export const refuseAuthProvider = (user: User, inCluster = false): void => {
  const name = providerName(user);
  if (name === undefined || name === 'oidc' || (inCluster && name === IN_CLUSTER_PROVIDER)) return;
  const where = `kubeconfig user ${JSON.stringify(user.name)}`;
  if (name === 'gcp') throw new ClusterError('config', GCP_REMOVED, where);
  if (name === 'azure') throw new ClusterError('config', AZURE_REMOVED, where);
  // client-go rest/plugin.go GetAuthProvider.
  throw new ClusterError(
    'config',
    `no Auth Provider found for name ${JSON.stringify(name)}`,
    `${where}: use an exec credential plugin (user.exec), as kubectl requires`,
  );
};

/** The cluster's CA as base64, for an exec plugin's spec.cluster (client-go loads the file the same way). */
const caDataOf = (cluster: Cluster): string | undefined => {
  if (cluster.caData) return cluster.caData;
  if (!cluster.caFile) return undefined;
  try {
    return readFileSync(cluster.caFile).toString('base64');
  } catch (error) {
    throw new ClusterError(
      'config',
      `cannot read certificate-authority ${cluster.caFile} of cluster ${JSON.stringify(cluster.name)}: ${error instanceof Error ? error.message : String(error)}`,
      'fix the path in the kubeconfig',
    );
  }
};

/**
 * The user's exec plugin, when kubectl would run it: never alongside a token (token or tokenFile) or a username,
 * which kubectl uses instead (client-go exec.go UpdateTransportConfig).
 */
export const execPluginFor = (user: User, cluster: Cluster, inCluster = false): ExecPlugin | undefined => {
  const plugin = execPluginOf(user, cluster, () => caDataOf(cluster));
  refuseAuthProvider(user, inCluster);
  if (!plugin || user.token || user.username) return undefined;
  return plugin;
};

/** The user as client-node sees it: no exec entry, since client-node would run it itself. */
export const withoutExec = (user: User): User => ({ ...user, exec: undefined });

/** The user with the plugin's credential: a bearer token, or a client certificate and key (PEM, as base64). */
export const withExecCredential = (user: User, credential: ExecCredentialStatus): User => {
  const base64 = (text: string): string => Buffer.from(text).toString('base64');
  return {
    ...user,
    ...(credential.token ? { token: credential.token } : {}),
    ...(credential.clientCertificateData && credential.clientKeyData
      ? {
          certData: base64(credential.clientCertificateData),
          keyData: base64(credential.clientKeyData),
          certFile: undefined,
          keyFile: undefined,
        }
      : {}),
  };
};

export interface Credentials {
  readonly connection: KubeConnection;
  /** Runs the exec plugin now (once per process while its credential lasts); nothing without one. */
  readonly authenticate: () => Promise<void>;
}

/**
 * The connection the client uses. With an exec plugin, each transport asks for the plugin's (cached) credential
 * and hands client-node a user that carries it, so proxies and TLS are set up by client-node as for any user.
 */
export const credentialsFor = (
  user: User,
  cluster: Cluster,
  load: (user: User) => KubeConfig,
  options: {
    /** The user is the service account's, from client-node's loadFromCluster. */
    readonly inCluster?: boolean;
    readonly run?: (plugin: ExecPlugin) => Promise<ExecCredentialStatus>;
  } = {},
): Credentials => {
  const plugin = execPluginFor(user, cluster, options.inCluster);
  const run = options.run ?? execCredential;
  const plain = load(withoutExec(user));
  if (!plugin) return { connection: plain, authenticate: () => Promise.resolve() };
  return {
    authenticate: async () => {
      await run(plugin);
    },
    connection: {
      getCurrentCluster: () => plain.getCurrentCluster(),
      applyToHTTPSOptions: async (options) => {
        const credential = await run(plugin);
        await load(withExecCredential(withoutExec(user), credential)).applyToHTTPSOptions(options);
      },
    },
  };
};
