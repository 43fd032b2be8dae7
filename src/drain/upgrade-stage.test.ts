import { aMachine, aNode, anUpgrade, aPlanSecret, snapshotOf } from '../../test/builders.js';
import { anUpgradePlan, aProvisioningCluster } from '../../test/rancher-builders.js';
import { aNodeJob, drainOptionsValue, handshakeAnnotations, type HandshakeStep } from '../../test/stage-builders.js';
import type { Upgrade } from '../model/harvester.js';
import type { Job } from '../model/pod.js';
import type { ProvisioningCluster } from '../model/rancher.js';
import { upgradeStage } from './upgrade-stage.js';

const UPGRADE = 'hvst-upgrade-abcde';
const EVICTION_ERROR = "Cannot evict pod as it would violate the pod's disruption budget.";

const upgradeWith = (state: string, others: Record<string, { state: string }> = {}): Upgrade =>
  anUpgrade(UPGRADE, { state: 'UpgradingNodes', nodeStatuses: { 'node-1': { state }, ...others } });

interface Scenario {
  readonly upgrade?: Upgrade;
  readonly step?: HandshakeStep;
  readonly drainError?: string;
  readonly jobs?: readonly Job[];
  readonly provisioning?: ProvisioningCluster;
}

/** node-1 (machine `machine-node-1`) and node-2, the plan Secret after `step`, and the given upgrade and Jobs. */
const scenario = (options: Scenario) =>
  snapshotOf({
    nodes: [aNode('node-1'), aNode('node-2')],
    machinePlanSecrets: [
      aPlanSecret('machine-node-1', {
        annotations: options.step
          ? handshakeAnnotations(options.step, { ...(options.drainError ? { drainError: options.drainError } : {}) })
          : {},
      }),
    ],
    upgrades: options.upgrade ? [options.upgrade] : [],
    jobs: [...(options.jobs ?? [])],
    ...(options.provisioning ? { provisioningClusters: [options.provisioning] } : {}),
  });

describe('upgradeStage', () => {
  it('says nothing is happening without an upgrade or a drain request', () => {
    expect(upgradeStage(scenario({}), 'node-1')).toEqual({
      drainer: {
        by: 'none',
        message:
          'Nothing drains the node: no Harvester upgrade works on it, no Machine of it is being deleted and it is not cordoned',
      },
      handshake: {
        known: true,
        machine: 'machine-node-1',
        secret: 'machine-node-1-machine-plan',
        drainOptions: false,
        preDrain: false,
        preHook: false,
        drainDone: false,
        postDrain: false,
        postHook: false,
        uncordon: false,
      },
      jobs: [],
      stage: 'not-upgrading',
      summary:
        'Nothing drains the node: no Harvester upgrade works on it, no Machine of it is being deleted and it is not cordoned.',
    });
  });

  it('finds Rancher draining with its last drain error once the pre-drain hook answered (seed: stuck in Pre-drained)', () => {
    const stage = upgradeStage(
      scenario({ upgrade: upgradeWith('Pre-drained'), step: 'pre-hook', drainError: EVICTION_ERROR }),
      'node-1',
    );

    expect(stage.stage).toBe('rancher-draining');
    expect(stage.summary).toBe(`Rancher is draining the node; last drain error: ${EVICTION_ERROR}`);
    expect(stage.upgrade).toEqual({
      kind: 'Upgrade',
      name: UPGRADE,
      state: 'UpgradingNodes',
      nodeState: 'Pre-drained',
    });
    expect(stage.handshake).toEqual(
      expect.objectContaining({
        drainOptions: true,
        preDrain: true,
        preHook: true,
        drainDone: false,
        drainError: EVICTION_ERROR,
      }),
    );
  });

  it("quotes the provisioning cluster's drain message while Rancher drains", () => {
    const provisioning = aProvisioningCluster({
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Provisioned', status: 'Unknown', message: 'configuring control plane node(s) custom-a0f714579def' },
        { type: 'Updated', status: 'Unknown', message: 'draining etcd node(s) custom-4f8cb698b24a' },
      ],
    });
    const stage = upgradeStage(
      scenario({ upgrade: upgradeWith('Pre-drained'), step: 'pre-hook', drainError: EVICTION_ERROR, provisioning }),
      'node-1',
    );

    expect(stage.summary).toBe(
      'Rancher is draining the node; Rancher reports "draining etcd node(s) custom-4f8cb698b24a"; ' +
        `last drain error: ${EVICTION_ERROR}`,
    );
  });

  it('waits for the running pre-drain Job and points at its log', () => {
    const job = aNodeJob(UPGRADE, 'node-1', 'pre-drain', { active: 1 });
    const stage = upgradeStage(
      scenario({ upgrade: upgradeWith('Pre-draining'), step: 'pre-drain', jobs: [job] }),
      'node-1',
    );

    expect(stage.stage).toBe('waiting-pre-drain-job');
    expect(stage.summary).toBe(
      "Rancher cordoned the node and waits for Harvester's pre-drain Job hvst-upgrade-abcde-pre-drain-node-1, running " +
        '(kubectl -n harvester-system logs job/hvst-upgrade-abcde-pre-drain-node-1).',
    );
    expect(stage.jobs).toEqual([
      {
        name: 'hvst-upgrade-abcde-pre-drain-node-1',
        type: 'pre-drain',
        active: 1,
        succeeded: 0,
        failed: 0,
        state: 'running',
      },
    ]);
  });

  it('says why Harvester has not created the pre-drain Job when another node holds the slot', () => {
    const upgrade = upgradeWith('Images preloaded', { 'node-2': { state: 'Post-draining' } });
    const stage = upgradeStage(scenario({ upgrade, step: 'pre-drain' }), 'node-1');

    expect(stage.stage).toBe('waiting-pre-drain-job');
    expect(stage.summary).toBe(
      "Rancher cordoned the node and waits for Harvester's pre-drain hook, but Harvester has not created the " +
        'pre-drain Job; Harvester upgrades one node at a time and node-2 is Post-draining.',
    );
  });

  it("names another node's unfinished Job as the reason the pre-drain Job waits", () => {
    const upgrade = upgradeWith('Images preloaded', { 'node-2': { state: 'Succeeded' } });
    const jobs = [aNodeJob(UPGRADE, 'node-2', 'restore-vm', { active: 1 })];
    const stage = upgradeStage(scenario({ upgrade, step: 'pre-drain', jobs }), 'node-1');

    expect(stage.summary).toContain('Job hvst-upgrade-abcde-restore-vm-node-2 of the upgrade has not succeeded yet');
    expect(stage.jobs).toEqual([]);
  });

  it('says nobody will answer the pre-drain hook after the upgrade failed', () => {
    const upgrade = anUpgrade(UPGRADE, { state: 'Failed', nodeStatuses: { 'node-1': { state: 'Images preloaded' } } });
    const stage = upgradeStage(scenario({ upgrade, step: 'pre-drain' }), 'node-1');

    expect(stage.stage).toBe('waiting-pre-drain-job');
    expect(stage.summary).toContain(
      'Upgrade hvst-upgrade-abcde is in state Failed, and Harvester creates node Jobs only in UpgradingNodes',
    );
  });

  it('says no upgrade owns a drain that waits for the pre-drain hook', () => {
    const stage = upgradeStage(scenario({ step: 'pre-drain' }), 'node-1');
    expect(stage.summary).toContain('no running Harvester upgrade owns this drain');
  });

  it('tells Rancher has not reached the node while the upgrade works elsewhere', () => {
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Images preloaded') }), 'node-1');

    expect(stage.stage).toBe('not-upgrading');
    expect(stage.summary).toBe(
      'Upgrade hvst-upgrade-abcde (UpgradingNodes) has not reached this node (node state Images preloaded): ' +
        'Rancher has not asked to drain it.',
    );
  });

  it('finds the drain done while Rancher applies the plan, quoting its probes', () => {
    const provisioning = aProvisioningCluster({
      conditions: [
        { type: 'Updated', status: 'Unknown', message: 'waiting for probes: kube-controller-manager' },
        { type: 'Ready', status: 'True', message: 'ignored' },
      ],
    });
    const stage = upgradeStage(
      scenario({ upgrade: upgradeWith('Pre-drained'), step: 'drain-done', provisioning }),
      'node-1',
    );

    expect(stage.stage).toBe('drain-done-plan-applying');
    expect(stage.summary).toBe(
      'Rancher drained the node and is applying the new RKE2 plan to machine machine-node-1, waiting for its probes; ' +
        'Rancher reports "waiting for probes: kube-controller-manager".',
    );
  });

  it('notes the uncordon request after the plan is applied', () => {
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Pre-drained'), step: 'uncordon' }), 'node-1');

    expect(stage.stage).toBe('drain-done-plan-applying');
    expect(stage.handshake.uncordon).toBe(true);
    expect(stage.summary).toContain('it is about to ask for the post-drain hook');
  });

  it('follows the post-drain Job', () => {
    const jobs = [
      aNodeJob(UPGRADE, 'node-1', 'post-drain', { active: 1, created: '2026-11-21T11:00:00Z' }),
      aNodeJob(UPGRADE, 'node-1', 'pre-drain', { succeeded: 1, condition: 'Complete' }),
      aNodeJob('hvst-upgrade-other', 'node-1', 'pre-drain', { succeeded: 1 }),
      aNodeJob(UPGRADE, 'node-2', 'pre-drain', { succeeded: 1 }),
    ];
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Post-draining'), step: 'post-drain', jobs }), 'node-1');

    expect(stage.stage).toBe('post-drain');
    expect(stage.jobs.map((job) => job.name)).toEqual([
      'hvst-upgrade-abcde-pre-drain-node-1',
      'hvst-upgrade-abcde-post-drain-node-1',
    ]);
    expect(stage.summary).toBe(
      "Harvester's post-drain Job hvst-upgrade-abcde-post-drain-node-1 (RKE2 wait, OS upgrade, reboot) is running " +
        '(kubectl -n harvester-system logs job/hvst-upgrade-abcde-post-drain-node-1).',
    );
  });

  it('says Harvester has not created the post-drain Job Rancher asked for', () => {
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Pre-drained'), step: 'post-drain' }), 'node-1');

    expect(stage.stage).toBe('post-drain');
    expect(stage.summary).toBe(
      'Rancher asked for the post-drain hook and Harvester has not created the post-drain Job yet.',
    );
  });

  it('waits for the reboot into the expected OS', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { annotations: { 'harvesterhci.io/pendingOSImage': 'Harvester v1.5.0' } })],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: handshakeAnnotations('post-drain') })],
      upgrades: [upgradeWith('Waiting Reboot')],
    });
    const stage = upgradeStage(snapshot, 'node-1');

    expect(stage.stage).toBe('waiting-reboot');
    expect(stage.summary).toBe(
      'The post-drain Job finished and Harvester waits for the node to reboot into the new OS ' +
        '(expects Harvester v1.5.0, runs Harvester v1.4.2).',
    );
  });

  it('reports a paused node', () => {
    const upgrade = anUpgrade(UPGRADE, {
      state: 'UpgradingNodes',
      nodeStatuses: {
        'node-1': {
          state: 'Node-upgrade paused',
          reason: 'AdministrativelyPaused',
          message: 'Node upgrade paused as requested by the user',
        },
      },
    });
    const stage = upgradeStage(scenario({ upgrade, step: 'pre-drain' }), 'node-1');

    expect(stage.stage).toBe('paused');
    expect(stage.upgrade).toEqual(
      expect.objectContaining({
        nodeReason: 'AdministrativelyPaused',
        nodeMessage: 'Node upgrade paused as requested by the user',
      }),
    );
    expect(stage.summary).toBe(
      "The node's upgrade is paused (Node upgrade paused as requested by the user); Harvester starts no pre-drain Job " +
        "for it until it is resumed, so Rancher's drain waits.",
    );
  });

  it('reports a node that finished, and one Rancher is uncordoning', () => {
    expect(upgradeStage(scenario({ upgrade: upgradeWith('Succeeded') }), 'node-1')).toEqual(
      expect.objectContaining({ stage: 'succeeded', summary: 'The node finished its upgrade.' }),
    );
    expect(upgradeStage(scenario({ upgrade: upgradeWith('Succeeded'), step: 'post-hook' }), 'node-1')).toEqual(
      expect.objectContaining({
        stage: 'succeeded',
        summary: 'The post-drain hook answered; Rancher is uncordoning the node and clearing the drain annotations.',
      }),
    );
  });

  it('reports a failed node with the failed Job', () => {
    const upgrade = anUpgrade(UPGRADE, {
      state: 'UpgradingNodes',
      nodeStatuses: {
        'node-1': {
          state: 'Failed',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      },
    });
    const jobs = [
      aNodeJob(UPGRADE, 'node-1', 'post-drain', {
        failed: 3,
        failedMessage: 'Job has reached the specified backoff limit',
      }),
    ];
    const stage = upgradeStage(scenario({ upgrade, step: 'post-drain', jobs }), 'node-1');

    expect(stage.stage).toBe('failed');
    expect(stage.jobs[0]?.failedMessage).toBe('Job has reached the specified backoff limit');
    expect(stage.summary).toBe(
      "The node's upgrade failed: BackoffLimitExceeded: Job has reached the specified backoff limit; " +
        'Job hvst-upgrade-abcde-post-drain-node-1 failed: Job has reached the specified backoff limit.',
    );
  });

  it('reports a finished upgrade whose node failed, and one whose node succeeded', () => {
    const failed = anUpgrade(UPGRADE, { state: 'Failed', nodeStatuses: { 'node-1': { state: 'Failed' } } });
    const succeeded = anUpgrade(UPGRADE, { state: 'Succeeded', nodeStatuses: { 'node-1': { state: 'Succeeded' } } });
    const elsewhere = anUpgrade(UPGRADE, {
      state: 'Failed',
      nodeStatuses: { 'node-1': { state: 'Images preloaded' } },
    });

    expect(upgradeStage(scenario({ upgrade: failed }), 'node-1').stage).toBe('failed');
    expect(upgradeStage(scenario({ upgrade: succeeded }), 'node-1')).toEqual(
      expect.objectContaining({
        stage: 'succeeded',
        summary: 'The node finished its upgrade (Upgrade hvst-upgrade-abcde Succeeded).',
      }),
    );
    expect(upgradeStage(scenario({ upgrade: elsewhere }), 'node-1')).toEqual(
      expect.objectContaining({
        stage: 'not-upgrading',
        summary: 'The latest Upgrade hvst-upgrade-abcde finished (Failed) and Rancher is not draining the node.',
      }),
    );
  });

  it('reports image preloading', () => {
    const upgrade = anUpgrade(UPGRADE, {
      state: 'PreparingNodes',
      nodeStatuses: { 'node-1': { state: 'Images preloading' } },
    });
    expect(upgradeStage(scenario({ upgrade }), 'node-1')).toEqual(
      expect.objectContaining({
        stage: 'images-preloading',
        summary: 'Images are being preloaded on the node; its drain has not started.',
      }),
    );
  });

  it("takes the Upgrade's node state where the plan Secret disagrees, and says so", () => {
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Pre-draining'), step: 'pre-hook' }), 'node-1');

    expect(stage.stage).toBe('waiting-pre-drain-job');
    expect(stage.summary).toContain(
      'the plan Secret machine-node-1-machine-plan shows the pre-drain hook answered and Rancher draining, ' +
        "but the Upgrade's node state Pre-draining wins",
    );
  });

  it('says the pre-drain hook was not copied when the Upgrade says Pre-drained', () => {
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Pre-drained'), step: 'pre-drain' }), 'node-1');

    expect(stage.stage).toBe('rancher-draining');
    expect(stage.summary).toBe(
      "Harvester's pre-drain work is done (node state Pre-drained), so Rancher should be draining the node; the plan " +
        "Secret machine-node-1-machine-plan shows Rancher still waiting for the pre-drain hook, but the Upgrade's node " +
        'state Pre-drained wins.',
    );
  });

  it('says when no plan Secret tells Rancher’s side', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machinePlanSecrets: [],
      upgrades: [upgradeWith('Pre-drained')],
    });
    const stage = upgradeStage(snapshot, 'node-1');

    expect(stage.handshake).toEqual(expect.objectContaining({ machine: 'machine-node-1', drainOptions: false }));
    expect(stage.handshake.secret).toBeUndefined();
    expect(stage.handshake).toMatchObject({
      known: false,
      unknown: 'no machine plan Secret names machine machine-node-1',
    });
    expect(stage.summary).toBe(
      "Harvester's pre-drain work is done (node state Pre-drained), so Rancher should be draining the node; " +
        "Rancher's drain hand-shake is unknown (no machine plan Secret names machine machine-node-1), so whether Rancher asked to drain the node is unknown.",
    );
  });

  it('from a bundle without Secrets states no hand-shake fact, and infers what the pre-drain and post-drain Jobs prove', () => {
    const offline = (state: string, jobs: readonly Job[]) =>
      snapshotOf(
        { nodes: [aNode('node-1'), aNode('node-2')], upgrades: [upgradeWith(state)], jobs: [...jobs] },
        { machinePlanSecrets: { status: 'not-in-bundle', reason: 'support bundles hold no Secrets' } },
      );
    const preDrain = aNodeJob(UPGRADE, 'node-1', 'pre-drain', { active: 1 });
    const waiting = upgradeStage(offline('Pre-draining', [preDrain]), 'node-1');
    expect(waiting.handshake).toMatchObject({ known: false, unknown: 'support bundles hold no Secrets' });
    expect(waiting.stage).toBe('waiting-pre-drain-job');
    expect(waiting.summary).not.toMatch(/has not asked|not draining|no drain requested/);
    expect(waiting.summary).toContain(
      "Rancher's drain hand-shake is unknown (support bundles hold no Secrets); the pre-drain Job shows that Rancher asked for the pre-drain hook",
    );
    const none = upgradeStage(offline('Pre-draining', []), 'node-1');
    expect(none.summary).not.toContain('has not asked');
    expect(none.summary).toContain('so whether Rancher asked to drain the node is unknown');
    const postDrain = aNodeJob(UPGRADE, 'node-1', 'post-drain', { active: 1 });
    expect(upgradeStage(offline('Post-draining', [preDrain, postDrain]), 'node-1').summary).toContain(
      'the post-drain Job shows that Rancher finished the drain and asked for the post-drain hook',
    );
  });

  it("reads the live Machine's plan Secret, not the one of a stale Machine still being deleted for the node", () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-old' })],
      machines: [
        aMachine('custom-old', 'node-1', { deleting: true, uid: 'uid-old' }),
        aMachine('custom-new', 'node-1'),
      ],
      machinePlanSecrets: [
        aPlanSecret('custom-old'),
        aPlanSecret('custom-new', { annotations: handshakeAnnotations('pre-hook') }),
      ],
      upgrades: [upgradeWith('Pre-drained')],
    });
    expect(upgradeStage(snapshot, 'node-1').handshake).toMatchObject({
      machine: 'custom-new',
      secret: 'custom-new-machine-plan',
      preHook: true,
    });
  });

  it("finds the machine by its nodeRef when the node lacks Cluster API's annotation", () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: null })],
      machines: [aMachine('custom-4f8cb698b24a', 'node-1')],
      machinePlanSecrets: [aPlanSecret('custom-4f8cb698b24a', { annotations: handshakeAnnotations('pre-hook') })],
    });
    const stage = upgradeStage(snapshot, 'node-1');

    expect(stage.handshake).toEqual(
      expect.objectContaining({
        machine: 'custom-4f8cb698b24a',
        secret: 'custom-4f8cb698b24a-machine-plan',
        preHook: true,
      }),
    );
    expect(stage.stage).toBe('rancher-draining');
  });

  it('reads the hook annotation names from the drain options', () => {
    const custom = handshakeAnnotations('pre-hook', { preHook: 'example.com/ready' });
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: custom })],
    });

    expect(upgradeStage(snapshot, 'node-1').handshake.preHook).toBe(true);
  });

  it('falls back to the Harvester hook names when the drain options are not JSON', () => {
    const annotations = handshakeAnnotations('pre-hook', { value: 'not json' });
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: annotations })],
    });

    expect(upgradeStage(snapshot, 'node-1').handshake).toEqual(
      expect.objectContaining({ preHook: true, drainDone: false }),
    );
  });

  it('goes straight to draining when the drain options list no pre-drain hooks', () => {
    const value = JSON.stringify({ enabled: true, force: true });
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: { 'rke.cattle.io/drain-options': value } })],
    });

    expect(upgradeStage(snapshot, 'node-1').stage).toBe('rancher-draining');
  });

  it('does not count a stale hook answer with another value', () => {
    const annotations = {
      ...handshakeAnnotations('pre-drain'),
      'harvesterhci.io/pre-hook': drainOptionsValue({ preHook: 'x' }),
    };
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: annotations })],
    });

    expect(upgradeStage(snapshot, 'node-1').handshake.preHook).toBe(false);
  });

  it('reads an Upgrade V2 plan, its management.harvesterhci.io hooks and Jobs', () => {
    const hooks = { preHook: 'management.harvesterhci.io/pre-hook', postHook: 'management.harvesterhci.io/post-hook' };
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      upgradePlans: [anUpgradePlan('hvst-upgrade-v2', 'NodeUpgrading', { 'node-1': { state: 'PreDrained' } })],
      upgrades: [anUpgrade('hvst-upgrade-old', { state: 'Succeeded' })],
      machinePlanSecrets: [aPlanSecret('machine-node-1', { annotations: handshakeAnnotations('pre-hook', hooks) })],
      jobs: [aNodeJob('hvst-upgrade-v2', 'node-1', 'pre-drain', { flavour: 'UpgradePlan', succeeded: 1 })],
    });
    const stage = upgradeStage(snapshot, 'node-1');

    expect(stage).toEqual(
      expect.objectContaining({
        upgrade: { kind: 'UpgradePlan', name: 'hvst-upgrade-v2', state: 'NodeUpgrading', nodeState: 'PreDrained' },
        jobs: [
          {
            name: 'hvst-upgrade-v2-node-upgrade-pre-drain-node-1',
            type: 'pre-drain',
            active: 0,
            succeeded: 1,
            failed: 0,
            state: 'complete',
          },
        ],
        stage: 'rancher-draining',
        summary: 'Rancher is draining the node.',
      }),
    );
  });

  it('follows the single-node upgrade Job, which replaces the drain', () => {
    const upgrade = upgradeWith('Images preloaded');
    const single: Upgrade = { ...upgrade, status: { ...upgrade.status, singleNode: 'node-1' } };
    const jobs = [aNodeJob(UPGRADE, 'node-1', 'single-node-upgrade', { active: 1 })];
    const stage = upgradeStage(scenario({ upgrade: single, jobs }), 'node-1');

    expect(stage.stage).toBe('single-node-upgrading');
    expect(stage.summary).toBe(
      "Single-node cluster: Rancher drains nothing and Harvester's single-node-upgrade Job " +
        'hvst-upgrade-abcde-single-node-upgrade-node-1 is running ' +
        '(kubectl -n harvester-system logs job/hvst-upgrade-abcde-single-node-upgrade-node-1).',
    );
  });

  it('describes a Job between retries', () => {
    const jobs = [aNodeJob(UPGRADE, 'node-1', 'pre-drain', { failed: 1 })];
    const stage = upgradeStage(scenario({ upgrade: upgradeWith('Pre-draining'), step: 'pre-drain', jobs }), 'node-1');

    expect(stage.summary).toContain('waiting to retry after 1 failed pod(s)');
  });

  describe('job state', () => {
    const stateOf = (options: Parameters<typeof aNodeJob>[3]) =>
      upgradeStage(
        scenario({
          upgrade: upgradeWith('Post-draining'),
          step: 'post-drain',
          jobs: [aNodeJob(UPGRADE, 'node-1', 'post-drain', options)],
        }),
        'node-1',
      ).jobs[0]?.state;

    it.each<[string, Parameters<typeof aNodeJob>[3], string]>([
      ['a Job that succeeded', { succeeded: 1, condition: 'Complete' }, 'complete'],
      // The post-drain Job's first pod dies in the reboot it causes; the retry finishes the work.
      ['a Job that succeeded after a pod failed', { succeeded: 1, failed: 1 }, 'complete'],
      ['a Job whose pod runs', { active: 1 }, 'running'],
      ['a Job whose pod runs again after a failure', { active: 1, failed: 2 }, 'running'],
      ['a Job between retries', { failed: 2 }, 'pending (retrying after 2 failed pods)'],
      ['a Job whose pod has not started', {}, 'pending'],
      [
        'a Job that gave up',
        { failed: 3, failedMessage: 'Job has reached the specified backoff limit' },
        'failed: Job has reached the specified backoff limit',
      ],
    ])('%s', (_, options, state) => {
      expect(stateOf(options)).toBe(state);
    });

    it('says failed for a Failed condition with neither message nor reason, and names it in the summary', () => {
      const job = aNodeJob(UPGRADE, 'node-1', 'post-drain', { failed: 1 });
      const failed = { ...job, status: { ...job.status, conditions: [{ type: 'Failed', status: 'True' }] } };
      const upgrade = anUpgrade(UPGRADE, { state: 'UpgradingNodes', nodeStatuses: { 'node-1': { state: 'Failed' } } });
      const stage = upgradeStage(scenario({ upgrade, step: 'post-drain', jobs: [failed] }), 'node-1');

      expect(stage.jobs[0]?.state).toBe('failed');
      expect(stage.summary).toBe("The node's upgrade failed; Job hvst-upgrade-abcde-post-drain-node-1 failed.");
    });
  });
});
