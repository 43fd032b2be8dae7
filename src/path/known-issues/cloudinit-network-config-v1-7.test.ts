import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { CloudInit } from '../../model/network.js';
import { cloudinitNetworkConfigV17 } from './cloudinit-network-config-v1-7.js';

/** A node-manager CloudInit writing `contents` to /oem/<filename> on every node. */
const aCloudInit = (name: string, contents: string, paused = false): CloudInit => ({
  apiVersion: 'node.harvesterhci.io/v1beta1',
  kind: 'CloudInit',
  metadata: { name },
  spec: { matchSelector: {}, filename: `99_${name}.yaml`, contents, paused },
});

const VLAN_IFCFG = `stages:
  initramfs:
    - name: "Host VLAN interface mgmt-br.2113"
      files:
        - path: /etc/sysconfig/network/ifcfg-mgmt-br.2113
          content: |
            VLAN_ID='2113'
            ETHERDEVICE='mgmt-br'`;
const SSH_KEYS = `stages:
  network:
    - name: "authorized keys"
      authorized_keys:
        rancher: ["ssh-ed25519 AAAA"]`;

const scenario = (cloudInits: CloudInit[], from = 'v1.6.1', to = 'v1.7.1'): Scenario => ({
  from,
  to,
  items: { cloudInits },
});

describe('cloudinit-network-config-v1-7', () => {
  it('fires for a CloudInit that writes an ifcfg file', () => {
    expectFires(
      cloudinitNetworkConfigV17,
      scenario([aCloudInit('vlan-2113', VLAN_IFCFG), aCloudInit('keys', SSH_KEYS)]),
    );
  });

  it('stays quiet for other CloudInits, a paused one, and on v1.7 → v1.8', () => {
    expectQuiet(
      cloudinitNetworkConfigV17,
      scenario([aCloudInit('keys', SSH_KEYS), aCloudInit('old', VLAN_IFCFG, true)]),
    );
    expectQuiet(cloudinitNetworkConfigV17, scenario([aCloudInit('vlan-2113', VLAN_IFCFG)], 'v1.7.1', 'v1.8.0'));
  });
});
