import { isatty } from 'node:tty';
import type { Cluster, User } from '@kubernetes/client-node';
import { ClusterError } from './errors.js';
import { isRecord } from '../model/json.js';
import { runExecPlugin, type PluginInvocation, type PluginRun } from './exec-plugin.js';

/**
 * kubeconfig `exec` credential plugins, as kubectl runs them (client-go plugin/pkg/client/auth/exec/exec.go, and
 * the kubeconfig rules of tools/clientcmd/validation.go). The plugin gets an ExecCredential in KUBERNETES_EXEC_INFO
 * and must print one of the same apiVersion with a token or a client certificate and key.
 */

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

export type InteractiveMode = 'Never' | 'IfAvailable' | 'Always';

export interface ExecPlugin {
  readonly user: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly apiVersion: typeof V1 | typeof V1BETA1;
  readonly interactiveMode: InteractiveMode;
  readonly installHint?: string;
  /** `spec.cluster` of KUBERNETES_EXEC_INFO, when the entry sets provideClusterInfo. */
  readonly cluster?: ExecCluster;
}

/** client.authentication.k8s.io Cluster, as client-go fills it from the kubeconfig's cluster (exec.go). */
export interface ExecCluster {
  readonly server: string;
  readonly 'tls-server-name'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
  readonly 'certificate-authority-data'?: string;
  readonly 'proxy-url'?: string;
}

export interface ExecCredentialStatus {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** Milliseconds since the epoch; without it the credential lasts for the whole run. */
  readonly expiresAt?: number;
}

/** Text from the kubeconfig or a plugin, safe for one terminal line: no control characters, no line breaks. */
const oneLineText = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '?')
    .trim();

const quoted = (text: string): string => JSON.stringify(oneLineText(text));

const entryError = (message: string, user: string): ClusterError =>
  new ClusterError(
    'config',
    message,
    `fix the exec entry of user ${quoted(user)} in the kubeconfig; kubectl refuses it too`,
  );

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : [];

/**
 * The user's exec entry, checked as kubectl checks it before anything runs; undefined when there is none.
 * `caData` is the cluster's CA as base64 (certificate-authority-data, or the certificate-authority file read).
 */
export const execPluginOf = (
  user: User,
  cluster: Cluster,
  caData: () => string | undefined,
): ExecPlugin | undefined => {
  const exec: unknown = user.exec;
  if (exec === undefined || exec === null) return undefined;
  if (!isRecord(exec)) throw entryError(`the exec entry of user ${quoted(user.name)} is not a mapping`, user.name);
  const name = user.name;
  const must = (field: string): ClusterError =>
    entryError(`${field} must be specified for ${name} to use exec authentication plugin`, name);
  if (user.authProvider) {
    throw entryError(`authProvider cannot be provided in combination with an exec plugin for ${name}`, name);
  }
  const command = typeof exec.command === 'string' ? exec.command : '';
  if (!command) throw must('command');
  const apiVersion = typeof exec.apiVersion === 'string' ? exec.apiVersion : '';
  if (!apiVersion) throw must('apiVersion');
  if (apiVersion !== V1 && apiVersion !== V1BETA1) {
    throw entryError(`exec plugin: invalid apiVersion ${quoted(apiVersion)}`, name);
  }
  const env = (Array.isArray(exec.env) ? exec.env : []).map((entry: unknown) => {
    const record = isRecord(entry) ? entry : {};
    const variable = typeof record.name === 'string' ? record.name : '';
    if (!variable) throw must('env variable name');
    return { name: variable, value: typeof record.value === 'string' ? record.value : '' };
  });
  // v1 has no default; v1beta1 defaults to IfAvailable (client-go tools/clientcmd/api/v1/defaults.go).
  const mode = typeof exec.interactiveMode === 'string' ? exec.interactiveMode : '';
  if (!mode && apiVersion === V1) throw must('interactiveMode');
  const interactiveMode = mode || 'IfAvailable';
  if (interactiveMode !== 'Never' && interactiveMode !== 'IfAvailable' && interactiveMode !== 'Always') {
    throw entryError(`invalid interactiveMode for ${name}: ${quoted(interactiveMode)}`, name);
  }
  return {
    user: name,
    command,
    args: stringList(exec.args),
    env,
    apiVersion,
    interactiveMode,
    installHint: typeof exec.installHint === 'string' && exec.installHint ? exec.installHint : undefined,
    cluster: exec.provideClusterInfo === true ? execCluster(cluster, caData()) : undefined,
  };
};

const execCluster = (cluster: Cluster, caData: string | undefined): ExecCluster => ({
  server: cluster.server,
  ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
  ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
  ...(caData ? { 'certificate-authority-data': caData } : {}),
  ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
});

/** Whether the plugin may talk to the user (client-go exec.go isInteractive); Always without a terminal is refused. */
export const isInteractive = (mode: InteractiveMode, stdinIsTerminal: boolean): boolean => {
  switch (mode) {
    case 'Never':
      return false;
    case 'IfAvailable':
      return stdinIsTerminal;
    case 'Always':
      if (!stdinIsTerminal) {
        throw new ClusterError(
          'config',
          'exec plugin cannot support interactive mode: standard input is not a terminal',
          'run it from a terminal, or set interactiveMode: IfAvailable or Never in the kubeconfig exec entry',
        );
      }
      return true;
  }
};

/** KUBERNETES_EXEC_INFO: the ExecCredential the plugin reads (client-go exec.go refreshCredsLocked). */
export const execInfo = (plugin: ExecPlugin, interactive: boolean): string =>
  JSON.stringify({
    kind: 'ExecCredential',
    apiVersion: plugin.apiVersion,
    spec: { interactive, ...(plugin.cluster ? { cluster: plugin.cluster } : {}) },
  });

/**
 * The plugin's answer, checked as client-go checks it; a string says what is wrong with it. client-go decodes
 * strictly by apiVersion and kind, so a missing or other kind is not an ExecCredential.
 */
export const parseExecCredential = (stdout: string, apiVersion: string): ExecCredentialStatus | string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return stdout.trim() ? 'its output is not JSON' : 'it printed nothing';
  }
  if (!isRecord(parsed) || parsed.kind !== 'ExecCredential' || typeof parsed.apiVersion !== 'string') {
    return 'its output is not an ExecCredential';
  }
  if (parsed.apiVersion !== apiVersion) {
    return `it returned version ${oneLineText(parsed.apiVersion)} where the kubeconfig asks for ${apiVersion}`;
  }
  const status = parsed.status;
  if (!isRecord(status)) return 'it returned no status field';
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const token = text(status.token);
  const cert = text(status.clientCertificateData);
  const key = text(status.clientKeyData);
  if (!token && !cert && !key) return 'it returned no token or cert/key pair';
  if (!cert !== !key) return 'it returned only a certificate or a key, not both';
  let expiresAt: number | undefined;
  if (status.expirationTimestamp !== undefined && status.expirationTimestamp !== null) {
    expiresAt = Date.parse(text(status.expirationTimestamp));
    if (Number.isNaN(expiresAt)) return 'its expirationTimestamp is not an RFC 3339 time';
  }
  return {
    ...(token ? { token } : {}),
    ...(cert ? { clientCertificateData: cert, clientKeyData: key } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
};

const HELP = 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';

/** One line for a run that gave no credential: the plugin by name, its exit code, and what to do. */
export const runFailure = (plugin: ExecPlugin, run: PluginRun): ClusterError | undefined => {
  const name = `exec plugin ${quoted(plugin.command)}`;
  const entry = `the exec entry of user ${quoted(plugin.user)} in the kubeconfig`;
  const fix = `fix the plugin or ${entry}`;
  switch (run.outcome) {
    case 'not-found':
      return new ClusterError(
        'config',
        `${name} was not found`,
        plugin.installHint ? oneLineText(plugin.installHint) : `install it or fix ${entry}; see ${HELP}`,
      );
    case 'not-started':
      return new ClusterError('config', `${name} could not be started: ${oneLineText(run.reason)}`, fix);
    case 'killed':
      return new ClusterError('config', `${name} was stopped by ${run.signal}`, `run it again, or ${fix}`);
    case 'too-much-output':
      return new ClusterError('config', `${name} printed more than 1 MiB, which is no ExecCredential`, fix);
    case 'exited':
      if (run.code !== 0) {
        return new ClusterError(
          'config',
          `${name} exited with code ${String(run.code)}`,
          `its own message, if any, is above; log in with it again, or ${fix}`,
        );
      }
      return undefined;
  }
};

export interface ExecDeps {
  readonly run: (invocation: PluginInvocation) => Promise<PluginRun>;
  readonly stdinIsTerminal: () => boolean;
  readonly now: () => number;
  readonly environment: NodeJS.ProcessEnv;
}

const defaultDeps = (): ExecDeps => ({
  run: runExecPlugin,
  // As client-go asks term.IsTerminal of the stdin descriptor.
  stdinIsTerminal: () => isatty(0),
  now: Date.now,
  environment: process.env,
});

/** Runs the plugin once and checks its answer. */
const runOnce = async (plugin: ExecPlugin, deps: ExecDeps): Promise<ExecCredentialStatus> => {
  const interactive = isInteractive(plugin.interactiveMode, deps.stdinIsTerminal());
  const env: NodeJS.ProcessEnv = { ...deps.environment };
  for (const entry of plugin.env) env[entry.name] = entry.value;
  env.KUBERNETES_EXEC_INFO = execInfo(plugin, interactive);
  const run = await deps.run({ command: plugin.command, args: plugin.args, env, interactive });
  const failed = runFailure(plugin, run);
  if (failed) throw failed;
  const answer = run.outcome === 'exited' ? parseExecCredential(run.stdout, plugin.apiVersion) : 'no answer';
  if (typeof answer === 'string') {
    throw new ClusterError(
      'config',
      `exec plugin ${quoted(plugin.command)} exited with code 0 but ${answer}`,
      `it must print an ExecCredential of ${plugin.apiVersion} with a token or a client certificate and key; see ${HELP}`,
    );
  }
  return answer;
};

interface Cached {
  readonly credential: Promise<ExecCredentialStatus>;
  expiresAt?: number;
}

/** Per process, as client-go's globalCache: one run per exec entry and cluster, until expirationTimestamp. */
const cache = new Map<string, Cached>();

/**
 * The credential of an exec entry: from the cache while it has not expired, else from one run of the plugin.
 * Concurrent callers share that run, so an interactive plugin asks only once.
 */
export const execCredential = (plugin: ExecPlugin, deps: ExecDeps = defaultDeps()): Promise<ExecCredentialStatus> => {
  const key = JSON.stringify(plugin);
  const hit = cache.get(key);
  if (hit && (hit.expiresAt === undefined || hit.expiresAt > deps.now())) return hit.credential;
  const entry: Cached = {
    credential: runOnce(plugin, deps).then(
      (credential) => {
        entry.expiresAt = credential.expiresAt;
        return credential;
      },
      (error: unknown) => {
        cache.delete(key);
        throw error;
      },
    ),
  };
  cache.set(key, entry);
  return entry.credential;
};

/** Tests only: forget every cached credential. */
export const clearExecCredentials = (): void => {
  cache.clear();
};
