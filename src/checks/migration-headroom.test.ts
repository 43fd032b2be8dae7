import { aNode, snapshotOf, withAllocatable, withTaints } from '../../test/builders.js';
import { aLauncher, aRequestingPod } from '../../test/node-loss-builders.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { migrationHeadroom } from './migration-headroom.js';

const sized = (name: string, cpu = '16', memory = '64Gi', options: Parameters<typeof aNode>[1] = {}): Node =>
  withAllocatable(aNode(name, options), { cpu, memory, pods: '200' });
const run = (nodes: Node[], pods: Pod[]) => migrationHeadroom.run(snapshotOf({ nodes, pods }));

describe('migration-headroom', () => {
  it("stays quiet when each node's VMs fit on the others", () => {
    const nodes = [sized('node-1'), sized('node-2'), sized('node-3')];
    const pods = [aLauncher('web-0', 'node-1', '4', '16Gi'), aLauncher('db-0', 'node-2', '8', '32Gi')];
    expect(run(nodes, pods)).toEqual([]);
  });

  it('names the node whose VMs do not fit, and by how much CPU and memory', () => {
    const nodes = [sized('node-1', '32', '128Gi'), sized('node-2'), sized('node-3')];
    const pods = [
      aLauncher('big-0', 'node-1', '12', '48Gi'),
      aLauncher('big-1', 'node-1', '12', '48Gi'),
      aRequestingPod('filler-2', 'node-2', '10', '40Gi'),
      aRequestingPod('filler-3', 'node-3', '10', '40Gi'),
    ];
    expect(run(nodes, pods)).toEqual([
      {
        check: 'migration-headroom',
        severity: 'warning',
        object: { kind: 'Node', name: 'node-1' },
        message:
          'its 2 VMs request 24 CPU and 96Gi memory, and the other schedulable nodes have 12 CPU and 48Gi memory free (short by 12 CPU and 48Gi memory), so default/big-0 and default/big-1 cannot be live-migrated when the upgrade drains it',
        remedy: expect.stringContaining('virtctl stop') as unknown,
      },
    ]);
  });

  it('says when there is room in total but no single node can take a VM', () => {
    const nodes = [sized('node-1', '32', '128Gi'), sized('node-2', '16', '40Gi'), sized('node-3', '16', '40Gi')];
    expect(run(nodes, [aLauncher('wide', 'node-1', '4', '60Gi')])[0]?.message).toContain(
      '(enough in total, but not on any single node for each of them), so default/wide cannot be live-migrated',
    );
  });

  it('does not count cordoned, NotReady, witness or tainted nodes as targets, nor judge a NotReady node', () => {
    const pods = [aLauncher('vm', 'node-1', '2', '8Gi')];
    const targets = [
      sized('cordoned', '16', '64Gi', { unschedulable: true }),
      sized('down', '16', '64Gi', { ready: 'False' }),
      sized('witness', '16', '64Gi', { roles: ['etcd', 'witness'] }),
      withTaints(sized('tainted'), [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
      sized('tiny', '1', '1Gi'),
    ];
    expect(run([sized('node-1'), ...targets], pods)).toEqual([
      expect.objectContaining({ object: { kind: 'Node', name: 'node-1' } }),
    ]);
    expect(run([sized('node-1', '16', '64Gi', { ready: 'Unknown' }), sized('tiny', '1', '1Gi')], pods)).toEqual([]);
  });

  it('leaves a cluster with a single VM host to vm-not-live-migratable, and ignores pods that are not Running VMs', () => {
    expect(run([sized('node-1')], [aLauncher('vm', 'node-1', '2', '8Gi')])).toEqual([]);
    const pending = { ...aLauncher('vm', 'node-1', '64', '1Ti'), status: { phase: 'Pending' } };
    expect(
      run([sized('node-1'), sized('node-2', '1', '1Gi')], [pending, aRequestingPod('app', 'node-1', '64', '1Ti')]),
    ).toEqual([]);
  });
});

describe('migration-headroom and the condition taints', () => {
  it('judges readiness by the Ready condition, not by a not-ready taint the node controller has yet to remove', () => {
    const stale = withTaints(sized('node-2'), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(run([sized('node-1'), stale], [aLauncher('vm', 'node-1', '2', '8Gi')])).toEqual([]);
  });

  it("counts only the nodes a VM's nodeSelector admits as its targets", () => {
    const nodes = [sized('node-1'), sized('node-2', '16', '64Gi', { labels: { gpu: 'yes' } }), sized('node-3')];
    const pinned = (pod: Pod, selector: Record<string, string>): Pod => ({
      ...pod,
      spec: { ...pod.spec, nodeSelector: selector },
    });
    // node-2 is the only gpu node besides node-1 itself; room elsewhere does not help.
    const crowd = [aLauncher('fill-0', 'node-2', '14', '60Gi')];
    const vm = pinned(aLauncher('vm', 'node-1', '4', '16Gi'), { gpu: 'yes' });
    expect(run(nodes, [vm, ...crowd])).toEqual([expect.objectContaining({ object: { kind: 'Node', name: 'node-1' } })]);
    expect(run(nodes, [{ ...vm, spec: { ...vm.spec, nodeSelector: {} } }, ...crowd])).toEqual([]);
  });
});
