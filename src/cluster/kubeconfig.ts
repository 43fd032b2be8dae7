import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { credentialsFor } from './credentials.js';
import { ClusterError } from './errors.js';
import { kubeconfigPaths } from './kubeconfig-files.js';
import type { KubeConnection } from './kube-client.js';
import { bypassesProxy } from './no-proxy.js';

export interface KubeconfigOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly namespace?: string;
}

export interface ResolvedKubeconfig {
  readonly config: KubeConnection;
  /**
   * Runs the user's exec credential plugin now, if it has one (once per process while its credential lasts):
   * before any spinner, since the plugin may write to the terminal or ask the user something.
   */
  readonly authenticate: () => Promise<void>;
  readonly contextName: string;
  readonly server: string;
  /** `-n`, else the context's namespace, else `default` (kubectl's order). */
  readonly namespace: string;
}

const configError = (message: string, hint: string): ClusterError => new ClusterError('config', message, hint);

/**
 * kubectl's file list: `--kubeconfig` replaces everything; else the KUBECONFIG list (missing entries skipped);
 * else ~/.kube/config.
 */
const kubeconfigFiles = (options: KubeconfigOptions, env: NodeJS.ProcessEnv): string[] => {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw configError(`kubeconfig ${options.kubeconfig} does not exist`, 'pass an existing file to --kubeconfig');
    }
    return [options.kubeconfig];
  }
  return kubeconfigPaths(undefined, env).filter((file) => existsSync(file));
};

const loadFile = (file: string): KubeConfig => {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw configError(
      `cannot read kubeconfig ${file}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      'fix the file or point --kubeconfig at another',
    );
  }
  config.users = config.users.map((user) => withCommandFrom(user, dirname(file)));
  return config;
};

/**
 * A relative exec command with a path separator is relative to the kubeconfig file it came from, as client-go
 * resolves it (tools/clientcmd/loader.go ResolveLocalPaths); a bare name is looked up on PATH.
 */
const withCommandFrom = (user: User, folder: string): User => {
  const exec: unknown = user.exec;
  if (typeof exec !== 'object' || exec === null) return user;
  const command = (exec as { command?: unknown }).command;
  if (typeof command !== 'string' || isAbsolute(command) || !command.includes(sep)) return user;
  return { ...user, exec: { ...exec, command: join(folder, command) } };
};

/**
 * client-node's own merge throws on names defined in two files and takes the last file's current-context;
 * kubectl keeps the first definition of every name and the first current-context. We merge as kubectl does.
 */
const mergeFirstWins = (configs: readonly KubeConfig[]): KubeConfig => {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const config of configs) {
    for (const cluster of config.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (!currentContext && config.getCurrentContext()) currentContext = config.getCurrentContext();
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
};

const inCluster = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');

/** The merged kubeconfig files, else the pod's service account; never localhost:8080. */
const loadConfig = (
  options: KubeconfigOptions,
  env: NodeJS.ProcessEnv,
): { readonly config: KubeConfig; readonly fromServiceAccount: boolean } => {
  const files = kubeconfigFiles(options, env);
  if (files.length > 0) return { config: mergeFirstWins(files.map(loadFile)), fromServiceAccount: false };
  if (inCluster(env)) {
    const config = new KubeConfig();
    config.loadFromCluster();
    return { config, fromServiceAccount: true };
  }
  throw configError(
    env.KUBECONFIG
      ? `no kubeconfig found (none of the files in KUBECONFIG exist: ${env.KUBECONFIG})`
      : 'no kubeconfig found (KUBECONFIG is unset and ~/.kube/config does not exist)',
    'pass --kubeconfig, or use --bundle to read a support bundle',
  );
};

/** The context to use, with --cluster and --user applied, and the cluster and user it names. */
const selectContext = (
  config: KubeConfig,
  options: KubeconfigOptions,
): {
  readonly contextName: string;
  readonly context: Context;
  readonly effective: Context;
  readonly cluster: Cluster;
  readonly user: User;
} => {
  const contextName = options.context ?? config.getCurrentContext();
  if (!contextName) {
    throw configError(
      'the kubeconfig has no current-context',
      'pass --context (kubectl config get-contexts lists them)',
    );
  }
  const context = config.getContextObject(contextName);
  if (!context) {
    throw configError(
      `context "${contextName}" does not exist in the kubeconfig`,
      'kubectl config get-contexts lists the available ones',
    );
  }
  const effective: Context = {
    ...context,
    cluster: options.cluster ?? context.cluster,
    user: options.user ?? context.user,
  };
  const cluster = config.getCluster(effective.cluster);
  if (!cluster) {
    throw configError(
      `cluster "${effective.cluster}" does not exist in the kubeconfig`,
      'check --cluster and --context',
    );
  }
  const user = config.getUser(effective.user);
  if (!user) {
    throw configError(`user "${effective.user}" does not exist in the kubeconfig`, 'check --user and --context');
  }
  return { contextName, context, effective, cluster, user };
};

/** Resolves the kubeconfig the way kubectl does; never falls back to localhost:8080. */
export const resolveKubeconfig = (
  options: KubeconfigOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedKubeconfig => {
  const { config, fromServiceAccount } = loadConfig(options, env);
  const { contextName, context, effective, cluster, user } = selectContext(config, options);
  // A plain-HTTP server (`kubectl proxy` on localhost:8001) has no TLS to verify; client-node refuses one unless
  // told to skip verification, where kubectl simply connects (client-go rest/transport.go).
  const plain = cluster.server.startsWith('http:') ? { ...cluster, skipTLSVerify: true } : cluster;
  const proxied = withEnvironmentProxy(plain, env);
  const load = (credentials: User): KubeConfig => {
    const resolved = new KubeConfig();
    resolved.loadFromOptions({
      clusters: [proxied],
      users: [credentials],
      contexts: [effective],
      currentContext: effective.name,
    });
    return resolved;
  };
  // The kubeconfig's own cluster, not the proxied one: an exec plugin's spec.cluster is what the kubeconfig says.
  const { connection, authenticate } = credentialsFor(user, cluster, load, { inCluster: fromServiceAccount });
  return {
    config: connection,
    authenticate,
    contextName,
    server: cluster.server,
    namespace: options.namespace ?? context.namespace ?? 'default',
  };
};

/** client-node only knows the kubeconfig's proxy-url; kubectl also honours HTTPS_PROXY/NO_PROXY. */
const withEnvironmentProxy = (cluster: Cluster, env: NodeJS.ProcessEnv): Cluster => {
  if (cluster.proxyUrl) return cluster;
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw configError(`cluster "${cluster.name}" has an invalid server URL ${cluster.server}`, 'fix the kubeconfig');
  }
  const proxy = url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return cluster;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (bypassesProxy(url.hostname, port, env.NO_PROXY ?? env.no_proxy ?? '')) return cluster;
  return { ...cluster, proxyUrl: proxy };
};
