import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { NetworkAttachmentDefinition } from '../../model/network.js';
import { untaggedVlan1DroppedV161 } from './untagged-vlan-1-dropped-v1-6-1.js';

/** A VM network as harvester-network-controller writes it: a bridge CNI configuration tagging `vlan`. */
const vmNetwork = (name: string, vlan: number | undefined): NetworkAttachmentDefinition => ({
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: {
    name,
    namespace: 'default',
    labels: {
      'network.harvesterhci.io/clusternetwork': 'data',
      'network.harvesterhci.io/type': vlan === undefined ? 'UntaggedNetwork' : 'L2VlanNetwork',
      ...(vlan === undefined ? {} : { 'network.harvesterhci.io/vlan-id': String(vlan) }),
    },
  },
  spec: {
    config: JSON.stringify({
      cniVersion: '0.3.1',
      name,
      type: 'bridge',
      bridge: 'data-br',
      promiscMode: true,
      ...(vlan === undefined ? {} : { vlan }),
      ipam: {},
    }),
  },
});

const on = (from: string, to: string, ...nads: NetworkAttachmentDefinition[]): Scenario => ({
  from,
  to,
  items: { networkAttachmentDefinitions: nads },
});

describe('untagged-vlan-1-dropped-v1-6-1', () => {
  it('fires for a VLAN network on a path that crosses v1.6.1', () => {
    expectFires(untaggedVlan1DroppedV161, on('v1.5.2', 'v1.6.1', vmNetwork('vlan100', 100)));
    expectFires(untaggedVlan1DroppedV161, on('v1.6.0', 'v1.7.0', vmNetwork('vlan100', 100)));
  });

  it('stays quiet for untagged and VLAN 1 networks, a broken config, and a path that stays below v1.6.1', () => {
    const broken: NetworkAttachmentDefinition = { ...vmNetwork('odd', 7), spec: { config: '{not json' } };
    expectQuiet(
      untaggedVlan1DroppedV161,
      on('v1.5.2', 'v1.6.1', vmNetwork('untagged', undefined), vmNetwork('vlan1', 1), broken),
    );
    expectQuiet(untaggedVlan1DroppedV161, on('v1.5.2', 'v1.6.0', vmNetwork('vlan100', 100)));
    expectQuiet(untaggedVlan1DroppedV161, on('v1.6.1', 'v1.7.0', vmNetwork('vlan100', 100)));
  });
});
