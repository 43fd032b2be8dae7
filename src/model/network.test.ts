import { nadVlanId, type NetworkAttachmentDefinition } from './network.js';

const nad = (config: string | undefined, labels: Record<string, string> = {}): NetworkAttachmentDefinition => ({
  metadata: { name: 'net', namespace: 'default', labels },
  ...(config === undefined ? {} : { spec: { config } }),
});

describe('nadVlanId', () => {
  it('reads the VLAN of a bridge configuration, then its label, and 0 for an untagged bridge', () => {
    expect(nadVlanId(nad('{"type":"bridge","bridge":"data-br","vlan":100}'))).toBe(100);
    expect(nadVlanId(nad('{"type":"bridge","bridge":"data-br"}', { 'network.harvesterhci.io/vlan-id': '42' }))).toBe(
      42,
    );
    expect(nadVlanId(nad('{"type":"bridge","bridge":"data-br"}'))).toBe(0);
  });

  it('gives undefined for other plugins, no or broken configurations and impossible ids', () => {
    expect(
      nadVlanId(nad('{"type":"kube-ovn","server_socket":"/run/openvswitch/kube-ovn-daemon.sock"}')),
    ).toBeUndefined();
    expect(nadVlanId(nad(undefined))).toBeUndefined();
    expect(nadVlanId(nad('{"type":"bridge",'))).toBeUndefined();
    expect(nadVlanId(nad('{"type":"bridge","vlan":"x"}'))).toBeUndefined();
    expect(nadVlanId(nad('{"type":"bridge","vlan":-3}'))).toBeUndefined();
  });
});
