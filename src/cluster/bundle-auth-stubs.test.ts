import { AzureAuth, ExecAuth, GoogleCloudPlatformAuth } from './bundle-auth-stubs.js';
import { AZURE_REMOVED, GCP_REMOVED } from './credentials.js';

describe("the bundle's stand-ins for client-node's gcp, azure and exec authenticators", () => {
  const gcp = { name: 'u', authProvider: { name: 'gcp', config: { 'cmd-path': 'gcloud' } } };
  const azure = { name: 'u', authProvider: { name: 'azure', config: {} } };

  it('refuse gcp and azure in kubectl words instead of running a command', async () => {
    expect(new GoogleCloudPlatformAuth().isAuthProvider(gcp)).toBe(true);
    await expect(new GoogleCloudPlatformAuth().applyAuthentication()).rejects.toThrow(GCP_REMOVED);
    expect(new AzureAuth().isAuthProvider(azure)).toBe(true);
    await expect(new AzureAuth().applyAuthentication()).rejects.toThrow(AZURE_REMOVED);
  });

  it('claim no other user, and the exec one never claims any', () => {
    const oidc = { name: 'u', authProvider: { name: 'oidc', config: {} } };
    expect(new GoogleCloudPlatformAuth().isAuthProvider(oidc)).toBe(false);
    expect(new AzureAuth().isAuthProvider(gcp)).toBe(false);
    expect(new ExecAuth().isAuthProvider()).toBe(false);
  });
});
