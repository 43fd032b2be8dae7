import type https from 'node:https';
import type { Cluster, KubeConfig, User } from '@kubernetes/client-node';
import {
  AZURE_REMOVED,
  credentialsFor,
  execPluginFor,
  GCP_REMOVED,
  IN_CLUSTER_PROVIDER,
  refuseAuthProvider,
  withExecCredential,
} from './credentials.js';
import type { ExecCredentialStatus, ExecPlugin } from './exec-credential.js';
import { clusterErrorLine } from '../../test/cluster-error.js';

const cluster: Cluster = { name: 'c', server: 'https://10.0.0.1:6443', skipTLSVerify: false };
const exec = { command: 'p', apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' };

describe('refuseAuthProvider', () => {
  it.each([
    ['gcp', GCP_REMOVED],
    ['azure', AZURE_REMOVED],
    ['something', 'no Auth Provider found for name "something"'],
  ])('refuses auth-provider %s in kubectl words, on one line', (name, message) => {
    const line = clusterErrorLine(() => {
      refuseAuthProvider({ name: 'u', authProvider: { name, config: { 'cmd-path': 'gcloud' } } });
    });
    expect(line).toContain(message);
    expect(line).toContain('kubeconfig user "u"');
    expect(line).not.toContain('\n');
  });

  it("lets client-node's in-cluster token file provider pass only for the service account user", () => {
    const user = { name: 'inClusterUser', authProvider: { name: IN_CLUSTER_PROVIDER, config: { tokenFile: 't' } } };
    expect(() => {
      refuseAuthProvider(user, true);
    }).not.toThrow();
    expect(
      clusterErrorLine(() => {
        refuseAuthProvider(user);
      }),
    ).toContain('no Auth Provider found for name "tokenFile"');
  });

  it('lets oidc and users without an auth provider pass', () => {
    expect(() => {
      refuseAuthProvider({ name: 'u', authProvider: { name: 'oidc', config: {} } });
      refuseAuthProvider({ name: 'u', token: 't' });
    }).not.toThrow();
  });
});

describe('execPluginFor', () => {
  it('uses the exec entry of a user without token or username', () => {
    expect(execPluginFor({ name: 'u', exec }, cluster)?.command).toBe('p');
  });

  it('leaves the exec entry unused next to a token or a username, as kubectl does', () => {
    expect(execPluginFor({ name: 'u', exec, token: 't' }, cluster)).toBeUndefined();
    expect(execPluginFor({ name: 'u', exec, username: 'admin', password: 'x' }, cluster)).toBeUndefined();
  });

  it('refuses gcp even without an exec entry', () => {
    expect(clusterErrorLine(() => execPluginFor({ name: 'u', authProvider: { name: 'gcp' } }, cluster))).toContain(
      'The gcp auth plugin has been removed.',
    );
  });
});

describe('withExecCredential', () => {
  it('gives the token, or the certificate and key as the base64 client-node reads', () => {
    const user: User = { name: 'u', certFile: 'old.crt', keyFile: 'old.key' };
    expect(withExecCredential(user, { token: 't' })).toEqual({ ...user, token: 't' });
    expect(withExecCredential(user, { clientCertificateData: 'CERT', clientKeyData: 'KEY' })).toEqual({
      name: 'u',
      certData: Buffer.from('CERT').toString('base64'),
      keyData: Buffer.from('KEY').toString('base64'),
      certFile: undefined,
      keyFile: undefined,
    });
  });
});

describe('credentialsFor', () => {
  /** A stand-in for client-node's KubeConfig: records the user it was loaded with and applies its token. */
  const loads: User[] = [];
  const load = (user: User): KubeConfig => {
    loads.push(user);
    const config = {
      getCurrentCluster: (): Cluster => cluster,
      applyToHTTPSOptions: (options: https.RequestOptions): Promise<void> => {
        if (user.token) options.headers = { Authorization: `Bearer ${user.token}` };
        return Promise.resolve();
      },
    };
    return config as unknown as KubeConfig;
  };

  beforeEach(() => {
    loads.length = 0;
  });

  it('never hands client-node the exec entry, and sends the credential the plugin gave', async () => {
    const runs: ExecPlugin[] = [];
    const run = (plugin: ExecPlugin): Promise<ExecCredentialStatus> => {
      runs.push(plugin);
      return Promise.resolve({ token: 'from-plugin' });
    };
    const credentials = credentialsFor({ name: 'u', exec }, cluster, load, { run });
    await credentials.authenticate();
    expect(runs).toHaveLength(1);
    const options: https.RequestOptions = {};
    await credentials.connection.applyToHTTPSOptions(options);
    expect(options.headers).toEqual({ Authorization: 'Bearer from-plugin' });
    expect(credentials.connection.getCurrentCluster()).toBe(cluster);
    expect(loads.every((user) => user.exec === undefined)).toBe(true);
  });

  it('runs nothing for a user with a token', async () => {
    const run = jest.fn<Promise<ExecCredentialStatus>, [ExecPlugin]>();
    const credentials = credentialsFor({ name: 'u', exec, token: 'static' }, cluster, load, { run });
    await credentials.authenticate();
    const options: https.RequestOptions = {};
    await credentials.connection.applyToHTTPSOptions(options);
    expect(run).not.toHaveBeenCalled();
    expect(options.headers).toEqual({ Authorization: 'Bearer static' });
  });
});
