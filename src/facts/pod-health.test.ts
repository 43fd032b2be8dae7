import { aPod, snapshotOf } from '../../test/builders.js';
import { terminating } from '../../test/pod-builders.js';
import type { ContainerStatus, Pod } from '../model/pod.js';
import {
  completedHelmOperation,
  containerStateText,
  describeContainer,
  describePodCommand,
  isInitContainer,
  parenthesised,
  settledWithoutAction,
  unmetReadinessGates,
  unreadyContainers,
} from './pod-health.js';

const withInit = (pod: Pod, init: ContainerStatus[]): Pod => ({
  ...pod,
  status: { ...pod.status, initContainerStatuses: init },
});
const exited = (name: string, exitCode: number): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { reason: exitCode === 0 ? 'Completed' : 'Error', exitCode } },
});

describe('containerStateText', () => {
  it('says what the container does, as kubectl describe shows it, with its restarts', () => {
    const crash: ContainerStatus = {
      name: 'main',
      restartCount: 5,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
    };
    expect(containerStateText(crash)).toBe('CrashLoopBackOff, 5 restarts');
    const pull: ContainerStatus = {
      name: 'main',
      state: { waiting: { reason: 'ErrImagePull', message: 'not found.' } },
    };
    expect(containerStateText(pull)).toBe('ErrImagePull: not found, 0 restarts');
    expect(containerStateText(exited('main', 137))).toBe('Error, exit code 137, 0 restarts');
    expect(containerStateText({ name: 'main', ready: false, restartCount: 1, state: { running: {} } })).toBe(
      'running, not ready, 1 restart',
    );
  });

  it('says so when the kubelet reported no state', () => {
    expect(containerStateText({ name: 'main' })).toBe('no state reported, 0 restarts');
  });
});

describe('describeContainer', () => {
  it('names the container and marks an init container', () => {
    expect(describeContainer(exited('setup', 1), true)).toBe('init container setup (Error, exit code 1, 0 restarts)');
    expect(describeContainer({ name: 'main', ready: true, state: { running: {} } })).toBe('main (running, 0 restarts)');
  });
});

describe('unreadyContainers and isInitContainer', () => {
  it('counts unready main containers and init containers still running (sidecars)', () => {
    const sidecar: ContainerStatus = { name: 'proxy', ready: false, state: { running: {} } };
    const pod = withInit(aPod('web', { containers: [{ name: 'main', ready: false }] }), [exited('setup', 0), sidecar]);
    expect(unreadyContainers(pod).map((status) => status.name)).toEqual(['proxy', 'main']);
    expect(isInitContainer(pod, sidecar)).toBe(true);
  });

  it('counts neither a ready container nor an init container that completed', () => {
    const pod = withInit(aPod('web'), [exited('setup', 0)]);
    expect(unreadyContainers(pod)).toEqual([]);
    expect(isInitContainer(pod, pod.status?.containerStatuses?.[0] ?? {})).toBe(false);
  });
});

describe('unmetReadinessGates', () => {
  const gated = (status: string): Pod => {
    const pod = aPod('web', {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'example.com/lb', status },
      ],
    });
    return { ...pod, spec: { ...pod.spec, readinessGates: [{ conditionType: 'example.com/lb' }] } };
  };

  it('names a gate whose condition is not True', () => {
    expect(unmetReadinessGates(gated('False'))).toEqual(['example.com/lb']);
  });

  it('names none when the gate is met or the pod has none', () => {
    expect(unmetReadinessGates(gated('True'))).toEqual([]);
    expect(unmetReadinessGates(aPod('web'))).toEqual([]);
  });
});

describe('parenthesised', () => {
  it('joins reason and message, without the trailing period', () => {
    expect(parenthesised('Evicted', 'The node was low on resource: memory.')).toBe(
      ' (Evicted: The node was low on resource: memory)',
    );
    expect(parenthesised('Evicted', undefined)).toBe(' (Evicted)');
  });

  it('is empty when there is neither', () => {
    expect(parenthesised(undefined, '')).toBe('');
  });
});

describe('describePodCommand', () => {
  it('describes the pod in its namespace, shell-quoted', () => {
    expect(describePodCommand(aPod('web-0', { namespace: 'apps' }))).toBe('kubectl -n apps describe pod web-0');
  });
});

describe('completedHelmOperation and settledWithoutAction', () => {
  const helmOperation = (helmExit: number): Pod =>
    aPod('helm-operation-abcde', {
      phase: 'Failed',
      containers: [
        { name: 'helm', terminated: { reason: helmExit === 0 ? 'Completed' : 'Error', exitCode: helmExit } },
        { name: 'proxy', terminated: { reason: 'Error', exitCode: 1 } },
      ],
    });

  it('settles a Helm operation whose helm container completed, and a terminating pod', () => {
    expect(completedHelmOperation(helmOperation(0))).toBe('its helm container completed; only a sidecar failed');
    const snapshot = snapshotOf({ pods: [] });
    expect(settledWithoutAction(snapshot, helmOperation(0))).toBe(true);
    expect(settledWithoutAction(snapshot, terminating(aPod('gone', { phase: 'Failed' })))).toBe(true);
  });

  it('settles neither a failed Helm operation nor another failed pod', () => {
    expect(completedHelmOperation(helmOperation(1))).toBeUndefined();
    expect(completedHelmOperation(aPod('web', { phase: 'Failed' }))).toBeUndefined();
    expect(settledWithoutAction(snapshotOf({ pods: [] }), aPod('web', { phase: 'Failed' }))).toBe(false);
  });
});
