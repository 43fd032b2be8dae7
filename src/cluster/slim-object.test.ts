import { slimObject } from './slim-object.js';

describe('slimObject', () => {
  it('drops managedFields and the large applied annotations, keeping the rest', () => {
    const item = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'node-1',
        managedFields: [{ manager: 'kubelet' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}',
          'objectset.rio.cattle.io/applied': 'H4sI...',
          'cluster.x-k8s.io/machine': 'machine-node-1',
        },
        labels: { 'harvesterhci.io/managed': 'true' },
      },
      spec: { providerID: 'rke2://node-1' },
    };
    expect(slimObject(item, 'v1', 'Node')).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'node-1',
        annotations: { 'cluster.x-k8s.io/machine': 'machine-node-1' },
        labels: { 'harvesterhci.io/managed': 'true' },
      },
      spec: { providerID: 'rke2://node-1' },
    });
  });

  it("drops a node's image list and keeps the rest of its status", () => {
    const node = {
      metadata: { name: 'node-1' },
      status: {
        images: [{ names: ['registry/image@sha256:1', 'registry/image:v1'], sizeBytes: 1 }],
        nodeInfo: { kubeletVersion: 'v1.33.1+rke2r1' },
      },
    };
    expect(slimObject(node, 'v1', 'Node')).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1' },
      status: { nodeInfo: { kubeletVersion: 'v1.33.1+rke2r1' } },
    });
  });

  it('keeps a status field named images on kinds other than the core Node', () => {
    const object = { metadata: { name: 'x' }, status: { images: ['kept'] } };
    expect(slimObject(object, 'example.io/v1', 'Node')).toMatchObject({ status: { images: ['kept'] } });
  });

  it('does not change the object it was given', () => {
    const item = {
      metadata: {
        name: 'n',
        managedFields: [],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
    };
    slimObject(item, 'v1', 'Node');
    expect(item.metadata.managedFields).toEqual([]);
    expect(item.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
  });

  it('fills apiVersion and kind when the list item has none', () => {
    expect(slimObject({ metadata: { name: 'custom-1' } }, 'cluster.x-k8s.io/v1beta1', 'Machine')).toEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Machine',
      metadata: { name: 'custom-1' },
    });
  });

  it('keeps the apiVersion and kind the object carries', () => {
    const item = { apiVersion: 'cluster.x-k8s.io/v1alpha4', kind: 'Machine', metadata: { name: 'custom-1' } };
    expect(slimObject(item, 'cluster.x-k8s.io/v1beta1', 'Other')).toEqual(
      expect.objectContaining({ apiVersion: 'cluster.x-k8s.io/v1alpha4', kind: 'Machine' }),
    );
  });

  it('adds no annotations to an object that had none', () => {
    expect(slimObject({ metadata: { name: 'n' } }, 'v1', 'Node')?.metadata).toEqual({ name: 'n' });
    expect(slimObject({ metadata: { name: 'n' } }, 'v1', 'Node')?.metadata).not.toHaveProperty('annotations');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'kind: Node'],
    ['a number', 42],
    ['an array', [{ metadata: { name: 'n' } }]],
    ['an object without metadata', { kind: 'Node' }],
    ['an object with null metadata', { metadata: null }],
    ['an object with array metadata', { metadata: [] }],
    ['an object with string metadata', { metadata: 'n' }],
  ])('returns undefined for %s', (_label, item) => {
    expect(slimObject(item, 'v1', 'Node')).toBeUndefined();
  });
});

describe('slimObject on pods', () => {
  const container = {
    name: 'app',
    image: 'registry.example.com/app:1',
    env: [{ name: 'A', value: 'b' }],
    args: ['--v=2'],
    ports: [{ containerPort: 80 }],
    readinessProbe: { httpGet: { path: '/healthz', port: 80 } },
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
    resources: { requests: { cpu: '100m' } },
  };
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' }, annotations: { 'kubernetes.io/config.mirror': 'x' } },
    spec: {
      nodeName: 'n1',
      serviceAccountName: 'default',
      tolerations: [{ key: 'k', operator: 'Exists' }],
      containers: [container],
      initContainers: [{ ...container, name: 'init' }],
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ],
      readinessGates: [{ conditionType: 'x' }],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      podIPs: [{ ip: '10.0.0.1' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 1,
          state: { running: {} },
          lastState: { terminated: { exitCode: 1 } },
          imageID: 'sha256:x',
          containerID: 'containerd://y',
        },
      ],
    },
  };

  it('keeps every field model/pod.ts declares and drops the rest of spec and status', () => {
    expect(slimObject(pod, 'v1', 'Pod')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: pod.metadata,
      spec: {
        nodeName: 'n1',
        tolerations: [{ key: 'k', operator: 'Exists' }],
        containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }],
        initContainers: [{ name: 'init', resources: { requests: { cpu: '100m' } } }],
        volumes: [{ name: 'data', emptyDir: {} }, { name: 'token' }],
        readinessGates: [{ conditionType: 'x' }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        startTime: '2026-01-01T00:00:00Z',
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1 } },
          },
        ],
      },
    });
  });

  it('leaves objects of other kinds whole', () => {
    const vmi = { ...pod, apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance' };
    expect(slimObject(vmi, 'kubevirt.io/v1', 'VirtualMachineInstance')).toMatchObject({
      spec: pod.spec,
      status: pod.status,
    });
  });
});
