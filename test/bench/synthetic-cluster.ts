/**
 * A synthetic Harvester-shaped cluster for the benchmark: deterministic, sized by the figures at scale 1
 * (1,000 nodes, 1,000 machines, 30,000 pods, 3,000 PDBs, 5,000 VMs and VMIs, 5,000 Longhorn volumes with their
 * replicas and engines). Objects carry the fields real ones do (node images and conditions, container statuses,
 * probes, service-account volumes, Longhorn and KubeVirt status), so lists are as heavy per object as a real
 * cluster's; the API server adds managedFields as it does for every client.
 */

export interface SyntheticObject {
  /** Collection path to POST to, e.g. `/api/v1/namespaces/x/pods`. */
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** Written through the status subresource after the create (the API server drops status on create). */
  readonly status?: Record<string, unknown>;
}

export interface ClusterSize {
  readonly nodes: number;
  readonly pods: number;
  readonly pdbs: number;
  readonly vms: number;
  readonly volumes: number;
}

export const sizeAt = (scale: number): ClusterSize => {
  const at = (n: number): number => Math.max(1, Math.round(n * scale));
  return { nodes: Math.max(3, at(1000)), pods: at(30_000), pdbs: at(3000), vms: at(5000), volumes: at(5000) };
};

const VM_NAMESPACES = 50;
const APP_NAMESPACES = 100;
const KUBELET_VERSION = 'v1.33.5+rke2r1';
const CREATED = '2026-10-01T08:00:00Z';
const STARTED = '2026-10-02T09:30:00Z';

const pad = (n: number, width = 4): string => String(n).padStart(width, '0');
const nodeName = (i: number): string => `hv-node-${pad(i)}`;
const vmNamespace = (i: number): string => `vms-${pad(i % VM_NAMESPACES, 2)}`;
const appNamespace = (i: number): string => `apps-${pad(i % APP_NAMESPACES, 2)}`;
/** A stable pseudo-random number in [0, 1) per (seed, i): the same cluster on every run. */
const hash = (seed: number, i: number): number => {
  let x = (i + 1) * 0x9e3779b1 + seed * 0x85ebca77;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
};
const uidLike = (kind: string, i: number): string =>
  `${pad(i, 8)}-${kind.slice(0, 4).padEnd(4, 'x')}-4000-8000-${pad(i * 7, 12)}`.toLowerCase();

const namespaced = (group: string, version: string, namespace: string, plural: string): string =>
  group === ''
    ? `/api/${version}/namespaces/${namespace}/${plural}`
    : `/apis/${group}/${version}/namespaces/${namespace}/${plural}`;

export const namespaces = (): string[] => [
  'default',
  'kube-system',
  'fleet-local',
  'cattle-system',
  'cattle-monitoring-system',
  'harvester-system',
  'longhorn-system',
  ...Array.from({ length: VM_NAMESPACES }, (_, i) => vmNamespace(i)),
  ...Array.from({ length: APP_NAMESPACES }, (_, i) => appNamespace(i)),
];

const IMAGES = Array.from({ length: 40 }, (_, i) => ({
  names: [
    `registry.suse.com/harvester/component-${pad(i, 2)}@sha256:${pad(i, 2).repeat(32)}`,
    `registry.suse.com/harvester/component-${pad(i, 2)}:v1.6.${String(i % 3)}`,
  ],
  sizeBytes: 50_000_000 + i * 1_234_567,
}));

const node = (i: number, controlPlanes: number): SyntheticObject => {
  const name = nodeName(i);
  const controlPlane = i < controlPlanes;
  const address = `10.52.${String(Math.floor(i / 250))}.${String((i % 250) + 2)}`;
  const condition = (type: string, status: string, reason: string): Record<string, string> => ({
    type,
    status,
    reason,
    message: `${reason} on ${name}`,
    lastHeartbeatTime: STARTED,
    lastTransitionTime: CREATED,
  });
  return {
    path: '/api/v1/nodes',
    body: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': 'rke2',
          'node.kubernetes.io/instance-type': 'rke2',
          'topology.kubernetes.io/zone': `zone-${String(i % 3)}`,
          ...(controlPlane
            ? {
                'node-role.kubernetes.io/control-plane': 'true',
                'node-role.kubernetes.io/etcd': 'true',
                'node-role.kubernetes.io/master': 'true',
              }
            : { 'node-role.harvesterhci.io/worker': 'true' }),
        },
        annotations: {
          'cluster.x-k8s.io/cluster-name': 'local',
          'cluster.x-k8s.io/cluster-namespace': 'fleet-local',
          'cluster.x-k8s.io/machine': `custom-${pad(i, 12)}`,
          'cluster.x-k8s.io/owner-kind': 'MachineSet',
          'rke2.io/node-args': JSON.stringify(['server', '--cluster-reset=false', `--node-ip=${address}`]),
          'rke2.io/hostname': name,
          'rke2.io/internal-ip': address,
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          'harvesterhci.io/host-ip': address,
          'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'driver.longhorn.io': name }),
        },
      },
      spec: {
        podCIDR: `10.42.${String(i % 250)}.0/24`,
        podCIDRs: [`10.42.${String(i % 250)}.0/24`],
        providerID: `rke2://${name}`,
      },
    },
    status: {
      capacity: { cpu: '64', memory: '527966432Ki', pods: '200', 'ephemeral-storage': '263174212Ki' },
      allocatable: { cpu: '64', memory: '527966432Ki', pods: '200', 'ephemeral-storage': '256014000Ki' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
        condition('Ready', 'True', 'KubeletReady'),
      ],
      addresses: [
        { type: 'InternalIP', address },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: pad(i, 32),
        systemUUID: uidLike('node', i),
        bootID: uidLike('boot', i),
        kernelVersion: '5.14.21-150500.55.97-default',
        osImage: 'Harvester v1.6.1',
        containerRuntimeVersion: 'containerd://2.0.5-k3s1',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: IMAGES,
    },
  };
};

/** Kubelet and endpoint for every node; the bench points them all at one stand-in kubelet. */
export const withKubelet = (object: SyntheticObject, address: string, port: number): SyntheticObject =>
  object.body.kind === 'Node' && object.status
    ? {
        ...object,
        status: {
          ...object.status,
          addresses: [{ type: 'InternalIP', address }, ...(object.status.addresses as unknown[]).slice(1)],
          daemonEndpoints: { kubeletEndpoint: { Port: port } },
        },
      }
    : object;

const machine = (i: number): SyntheticObject => ({
  path: namespaced('cluster.x-k8s.io', 'v1beta1', 'fleet-local', 'machines'),
  body: {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Machine',
    metadata: {
      name: `custom-${pad(i, 12)}`,
      namespace: 'fleet-local',
      labels: {
        'cluster.x-k8s.io/cluster-name': 'local',
        'rke.cattle.io/cluster-name': 'local',
        'rke.cattle.io/machine-id': pad(i, 32),
        ...(i < 3 ? { 'rke.cattle.io/control-plane-role': 'true', 'rke.cattle.io/etcd-role': 'true' } : {}),
        'rke.cattle.io/worker-role': 'true',
      },
      annotations: { 'cluster.x-k8s.io/paused': 'false' },
      ownerReferences: [
        { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', name: 'local', uid: uidLike('clus', 0) },
      ],
    },
    spec: {
      clusterName: 'local',
      bootstrap: {
        configRef: {
          apiVersion: 'rke.cattle.io/v1',
          kind: 'RKEBootstrap',
          name: `custom-${pad(i, 12)}`,
          namespace: 'fleet-local',
        },
        dataSecretName: `custom-${pad(i, 12)}-machine-bootstrap`,
      },
      infrastructureRef: {
        apiVersion: 'rke.cattle.io/v1',
        kind: 'CustomMachine',
        name: `custom-${pad(i, 12)}`,
        namespace: 'fleet-local',
      },
      providerID: `rke2://${nodeName(i)}`,
    },
  },
  status: {
    phase: 'Running',
    bootstrapReady: true,
    infrastructureReady: true,
    nodeRef: { apiVersion: 'v1', kind: 'Node', name: nodeName(i), uid: uidLike('node', i) },
    nodeInfo: { kubeletVersion: KUBELET_VERSION, osImage: 'Harvester v1.6.1', architecture: 'amd64' },
    lastUpdated: STARTED,
    conditions: ['Ready', 'BootstrapReady', 'InfrastructureReady', 'NodeHealthy'].map((type) => ({
      type,
      status: 'True',
      lastTransitionTime: CREATED,
    })),
  },
});

/** Rancher's machine plan secret: the plugin reads its metadata only; the data is there to be not read. */
const planSecret = (i: number): SyntheticObject => ({
  path: '/api/v1/namespaces/fleet-local/secrets',
  body: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `custom-${pad(i, 12)}-machine-plan`,
      namespace: 'fleet-local',
      labels: { 'rke.cattle.io/machine-name': `custom-${pad(i, 12)}` },
    },
    type: 'rke.cattle.io/machine-plan',
    data: { plan: Buffer.from('x'.repeat(3000)).toString('base64'), 'applied-checksum': 'YWJj' },
  },
});

interface Container {
  readonly name: string;
  readonly image: string;
  readonly ready: boolean;
}

const pod = (
  name: string,
  namespace: string,
  nodeIndex: number,
  containers: readonly Container[],
  extra: { labels: Record<string, string>; owner: Record<string, unknown>; phase?: string },
): SyntheticObject => {
  const allReady = containers.every((container) => container.ready);
  const phase = extra.phase ?? 'Running';
  const condition = (type: string, status: boolean): Record<string, unknown> => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: STARTED,
  });
  return {
    path: namespaced('', 'v1', namespace, 'pods'),
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: extra.labels, ownerReferences: [extra.owner] },
      spec: {
        nodeName: nodeName(nodeIndex),
        containers: containers.map((container, index) => ({
          name: container.name,
          image: container.image,
          imagePullPolicy: 'IfNotPresent',
          args: ['--v=2', `--listen=:${String(8080 + index)}`],
          env: [
            { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
          ],
          ports: [{ containerPort: 8080 + index, name: 'http', protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
          readinessProbe: {
            httpGet: { path: '/healthz', port: 8080 + index, scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
          },
          volumeMounts: [
            { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        })),
        volumes: [
          {
            name: 'kube-api-access',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              ],
            },
          },
        ],
        restartPolicy: phase === 'Succeeded' ? 'OnFailure' : 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        schedulerName: 'default-scheduler',
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    },
    status: {
      phase,
      conditions: [
        condition('PodReadyToStartContainers', true),
        condition('Initialized', true),
        condition('Ready', allReady && phase === 'Running'),
        condition('ContainersReady', allReady && phase === 'Running'),
        condition('PodScheduled', true),
      ],
      hostIP: `10.52.${String(Math.floor(nodeIndex / 250))}.${String((nodeIndex % 250) + 2)}`,
      podIP: `10.42.${String(nodeIndex % 250)}.${String((name.length * 7) % 250)}`,
      startTime: STARTED,
      qosClass: 'Burstable',
      containerStatuses: containers.map((container, index) => ({
        name: container.name,
        image: container.image,
        imageID: `${container.image.split(':')[0] ?? ''}@sha256:${'ab'.repeat(32)}`,
        containerID: `containerd://${'c'.repeat(56)}${pad(index, 8)}`,
        ready: container.ready && phase === 'Running',
        started: phase === 'Running',
        restartCount: container.ready ? 0 : 4,
        state:
          phase === 'Succeeded'
            ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: STARTED, finishedAt: STARTED } }
            : { running: { startedAt: STARTED } },
      })),
    },
  };
};

const replicaSetOwner = (name: string, i: number): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name,
  uid: uidLike('rset', i),
  controller: true,
  blockOwnerDeletion: true,
});

/** Per node: the daemons every Harvester node runs (kube-system, Longhorn, Harvester, monitoring). */
const DAEMONS: readonly { namespace: string; name: string; containers: readonly string[] }[] = [
  { namespace: 'kube-system', name: 'rke2-canal', containers: ['calico-node', 'kube-flannel'] },
  { namespace: 'kube-system', name: 'rke2-multus', containers: ['kube-multus'] },
  { namespace: 'kube-system', name: 'harvester-whereabouts', containers: ['whereabouts'] },
  {
    namespace: 'longhorn-system',
    name: 'longhorn-manager',
    containers: ['longhorn-manager', 'pre-pull-share-manager-image'],
  },
  {
    namespace: 'longhorn-system',
    name: 'longhorn-csi-plugin',
    containers: ['node-driver-registrar', 'longhorn-csi-plugin', 'liveness-probe'],
  },
  { namespace: 'longhorn-system', name: 'engine-image-ei', containers: ['engine-image'] },
  { namespace: 'harvester-system', name: 'harvester-node-manager', containers: ['node-manager'] },
  { namespace: 'harvester-system', name: 'harvester-node-disk-manager', containers: ['harvester-node-disk-manager'] },
  { namespace: 'harvester-system', name: 'kube-vip', containers: ['kube-vip'] },
  {
    namespace: 'cattle-monitoring-system',
    name: 'rancher-monitoring-prometheus-node-exporter',
    containers: ['node-exporter'],
  },
];

/** App deployments: each has a PDB (until the PDB count is reached) and pods spread over the nodes. */
const APP_REPLICAS = 5;

export function* syntheticCluster(
  size: ClusterSize,
  kubelet?: { address: string; port: number },
): Generator<SyntheticObject> {
  const controlPlanes = 3;
  for (let i = 0; i < size.nodes; i++) {
    const object = node(i, controlPlanes);
    yield kubelet ? withKubelet(object, kubelet.address, kubelet.port) : object;
  }
  for (let i = 0; i < size.nodes; i++) {
    yield machine(i);
    yield planSecret(i);
  }
  yield* harvesterSingletons();

  // Pods: daemons on every node, one virt-launcher per VM, instance managers, then apps for the rest.
  let pods = 0;
  for (let n = 0; n < size.nodes && pods < size.pods; n++) {
    for (const daemon of DAEMONS) {
      if (pods >= size.pods) break;
      pods++;
      yield pod(
        `${daemon.name}-${pad(n, 5)}`,
        daemon.namespace,
        n,
        daemon.containers.map((name) => ({ name, image: `rancher/${name}:v1.6.1`, ready: true })),
        {
          labels: { app: daemon.name, 'controller-revision-hash': '7d4b9c' },
          owner: {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: daemon.name,
            uid: uidLike('dset', n),
            controller: true,
            blockOwnerDeletion: true,
          },
        },
      );
    }
    if (pods < size.pods) {
      pods++;
      yield pod(
        `instance-manager-${pad(n, 5)}`,
        'longhorn-system',
        n,
        [{ name: 'instance-manager', image: 'longhornio/longhorn-instance-manager:v1.9.1', ready: true }],
        {
          labels: {
            'longhorn.io/component': 'instance-manager',
            'longhorn.io/instance-manager-type': 'aio',
            'longhorn.io/node': nodeName(n),
          },
          owner: {
            apiVersion: 'longhorn.io/v1beta2',
            kind: 'InstanceManager',
            name: `instance-manager-${pad(n, 5)}`,
            uid: uidLike('imgr', n),
            controller: true,
          },
        },
      );
    }
  }
  for (let v = 0; v < size.vms && pods < size.pods; v++) {
    pods++;
    const vmName = `vm-${pad(v, 5)}`;
    yield pod(
      `virt-launcher-${vmName}-x7k2p`,
      vmNamespace(v),
      v % size.nodes,
      [
        { name: 'compute', image: 'registry.suse.com/suse/sles/15.6/virt-launcher:1.5.2', ready: true },
        { name: 'guest-console-log', image: 'registry.suse.com/suse/sles/15.6/virt-launcher:1.5.2', ready: true },
      ],
      {
        labels: {
          'kubevirt.io': 'virt-launcher',
          'kubevirt.io/created-by': uidLike('vmi', v),
          'vm.kubevirt.io/name': vmName,
        },
        owner: {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name: vmName,
          uid: uidLike('vmi', v),
          controller: true,
          blockOwnerDeletion: true,
        },
      },
    );
  }
  for (let a = 0; pods < size.pods; a++) {
    const deployment = `app-${pad(Math.floor(a / APP_REPLICAS), 5)}`;
    const namespace = appNamespace(Math.floor(a / APP_REPLICAS));
    pods++;
    const roll = hash(1, a);
    // About 2% of app pods run with a sidecar that is not ready, 0.5% have completed: what a real cluster shows.
    const sidecarReady = roll >= 0.02;
    const phase = roll > 0.995 ? 'Succeeded' : 'Running';
    yield pod(
      `${deployment}-6d9f7c5b4-${pad(a % APP_REPLICAS, 5)}`,
      namespace,
      (a * 7) % size.nodes,
      [
        { name: 'app', image: `registry.example.com/team/${deployment}:1.0.${String(a % 9)}`, ready: true },
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.2', ready: sidecarReady },
      ],
      {
        labels: { app: deployment, 'pod-template-hash': '6d9f7c5b4' },
        owner: replicaSetOwner(`${deployment}-6d9f7c5b4`, a),
        phase,
      },
    );
  }

  for (let b = 0; b < size.pdbs; b++) {
    const deployment = `app-${pad(b, 5)}`;
    yield {
      path: namespaced('policy', 'v1', appNamespace(b), 'poddisruptionbudgets'),
      body: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: `${deployment}-pdb`, namespace: appNamespace(b), labels: { app: deployment } },
        spec: { minAvailable: 4, selector: { matchLabels: { app: deployment } } },
      },
      status: {
        observedGeneration: 1,
        currentHealthy: APP_REPLICAS,
        desiredHealthy: 4,
        expectedPods: APP_REPLICAS,
        disruptionsAllowed: 1,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: 'True',
            reason: 'SufficientPods',
            message: '',
            observedGeneration: 1,
            lastTransitionTime: STARTED,
          },
        ],
      },
    };
  }

  for (let v = 0; v < size.vms; v++) yield* virtualMachine(v, size.nodes);
  for (let v = 0; v < size.volumes; v++) yield* longhornVolume(v, size.nodes);
  for (let n = 0; n < size.nodes; n++) yield* longhornNode(n);
}

function* harvesterSingletons(): Generator<SyntheticObject> {
  yield {
    path: namespaced('cluster.x-k8s.io', 'v1beta1', 'fleet-local', 'clusters'),
    body: {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'local', namespace: 'fleet-local' },
      spec: { paused: false },
    },
    status: { phase: 'Provisioned', controlPlaneReady: true, infrastructureReady: true },
  };
  yield {
    path: namespaced('provisioning.cattle.io', 'v1', 'fleet-local', 'clusters'),
    body: {
      apiVersion: 'provisioning.cattle.io/v1',
      kind: 'Cluster',
      metadata: { name: 'local', namespace: 'fleet-local' },
      spec: { kubernetesVersion: KUBELET_VERSION },
    },
    status: {
      ready: true,
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Provisioned', status: 'True' },
        { type: 'Updated', status: 'True' },
      ],
    },
  };
  for (const chart of ['harvester', 'harvester-crd', 'rancher-monitoring', 'rancher-logging']) {
    yield {
      path: namespaced('management.cattle.io', 'v3', 'fleet-local', 'managedcharts'),
      body: {
        apiVersion: 'management.cattle.io/v3',
        kind: 'ManagedChart',
        metadata: { name: chart, namespace: 'fleet-local' },
        spec: { chart, version: '1.6.1' },
      },
      status: {
        summary: { desiredReady: 1, ready: 1 },
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Processed', status: 'True' },
        ],
      },
    };
  }
  yield {
    path: '/apis/harvesterhci.io/v1beta1/settings',
    body: {
      apiVersion: 'harvesterhci.io/v1beta1',
      kind: 'Setting',
      metadata: { name: 'server-version' },
      value: 'v1.6.1',
    },
  };
  yield {
    path: namespaced('kubevirt.io', 'v1', 'harvester-system', 'kubevirts'),
    body: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'KubeVirt',
      metadata: { name: 'kubevirt', namespace: 'harvester-system' },
      spec: { configuration: { developerConfiguration: { featureGates: ['LiveMigration', 'HotplugVolumes'] } } },
    },
    status: {
      phase: 'Deployed',
      observedKubeVirtVersion: 'v1.5.2',
      conditions: [{ type: 'Available', status: 'True' }],
    },
  };
  yield {
    path: namespaced('longhorn.io', 'v1beta2', 'longhorn-system', 'settings'),
    body: {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'Setting',
      metadata: { name: 'node-drain-policy', namespace: 'longhorn-system' },
      value: 'block-if-contains-last-replica',
    },
  };
}

function* virtualMachine(v: number, nodes: number): Generator<SyntheticObject> {
  const name = `vm-${pad(v, 5)}`;
  const namespace = vmNamespace(v);
  const node = nodeName(v % nodes);
  const domain = {
    cpu: { cores: 4, sockets: 1, threads: 1 },
    memory: { guest: '8092Mi' },
    devices: {
      disks: [
        { name: 'rootdisk', bootOrder: 1, disk: { bus: 'virtio' } },
        { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
      ],
      interfaces: [{ name: 'default', bridge: {}, model: 'virtio', macAddress: '52:54:00:12:34:56' }],
    },
    resources: { limits: { cpu: '4', memory: '8Gi' }, requests: { cpu: '250m', memory: '5461Mi' } },
  };
  yield {
    path: namespaced('kubevirt.io', 'v1', namespace, 'virtualmachines'),
    body: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: {
        name,
        namespace,
        labels: { 'harvesterhci.io/creator': 'harvester' },
        annotations: { 'harvesterhci.io/volumeClaimTemplates': '[{"metadata":{"name":"' + name + '-rootdisk"}}]' },
      },
      spec: {
        runStrategy: 'RerunOnFailure',
        template: {
          metadata: { labels: { 'harvesterhci.io/vmName': name } },
          spec: {
            domain,
            evictionStrategy: 'LiveMigrateIfPossible',
            volumes: [{ name: 'rootdisk', persistentVolumeClaim: { claimName: `${name}-rootdisk` } }],
          },
        },
      },
    },
    status: {
      printableStatus: 'Running',
      ready: true,
      created: true,
      volumeSnapshotStatuses: [{ name: 'rootdisk', enabled: true }],
    },
  };
  yield {
    path: namespaced('kubevirt.io', 'v1', namespace, 'virtualmachineinstances'),
    body: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        name,
        namespace,
        labels: { 'harvesterhci.io/vmName': name, 'kubevirt.io/nodeName': node },
        ownerReferences: [
          { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name, uid: uidLike('vm', v), controller: true },
        ],
      },
      spec: {
        domain,
        evictionStrategy: 'LiveMigrateIfPossible',
        volumes: [{ name: 'rootdisk', persistentVolumeClaim: { claimName: `${name}-rootdisk` } }],
      },
    },
    status: {
      phase: 'Running',
      nodeName: node,
      migrationMethod: 'BlockMigration',
      migrationTransport: 'Unix',
      qosClass: 'Burstable',
      guestOSInfo: { id: 'sles', name: 'SLES', version: '15.6', kernelRelease: '6.4.0-150600.23.25-default' },
      interfaces: [
        {
          name: 'default',
          ipAddress: '10.0.2.2',
          ipAddresses: ['10.0.2.2'],
          mac: '52:54:00:12:34:56',
          infoSource: 'domain, guest-agent',
        },
      ],
      conditions: [
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: STARTED },
        { type: 'LiveMigratable', status: 'True', lastProbeTime: null, lastTransitionTime: null },
        { type: 'AgentConnected', status: 'True', lastProbeTime: null, lastTransitionTime: STARTED },
      ],
      activePods: { [uidLike('pod', v)]: node },
      volumeStatus: [
        {
          name: 'rootdisk',
          target: 'vda',
          persistentVolumeClaimInfo: {
            claimName: `${name}-rootdisk`,
            capacity: { storage: '40Gi' },
            accessModes: ['ReadWriteMany'],
            volumeMode: 'Block',
          },
        },
      ],
      launcherContainerImageVersion: 'registry.suse.com/suse/sles/15.6/virt-launcher:1.5.2',
    },
  };
}

function* longhornVolume(v: number, nodes: number): Generator<SyntheticObject> {
  const name = `pvc-${uidLike('volu', v)}`;
  const attachedTo = nodeName(v % nodes);
  const path = (plural: string): string => namespaced('longhorn.io', 'v1beta2', 'longhorn-system', plural);
  yield {
    path: path('volumes'),
    body: {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'Volume',
      metadata: { name, namespace: 'longhorn-system', labels: { longhornvolume: name }, finalizers: ['longhorn.io'] },
      spec: {
        size: '42949672960',
        numberOfReplicas: 3,
        frontend: 'blockdev',
        accessMode: 'rwx',
        migratable: true,
        dataLocality: 'disabled',
        dataEngine: 'v1',
        engineImage: '',
        nodeID: attachedTo,
      },
    },
    status: {
      state: 'attached',
      robustness: 'healthy',
      currentNodeID: attachedTo,
      ownerID: attachedTo,
      frontendDisabled: false,
      actualSize: 12_884_901_888,
      kubernetesStatus: {
        namespace: vmNamespace(v),
        pvcName: `vm-${pad(v, 5)}-rootdisk`,
        pvName: name,
        pvStatus: 'Bound',
        workloadsStatus: [
          {
            podName: `virt-launcher-vm-${pad(v, 5)}-x7k2p`,
            podStatus: 'Running',
            workloadName: `vm-${pad(v, 5)}`,
            workloadType: 'VirtualMachineInstance',
          },
        ],
      },
      conditions: [
        { type: 'Scheduled', status: 'True', reason: '', message: '', lastProbeTime: '', lastTransitionTime: STARTED },
        { type: 'Restore', status: 'False', reason: '', message: '', lastProbeTime: '', lastTransitionTime: STARTED },
        {
          type: 'TooManySnapshots',
          status: 'False',
          reason: '',
          message: '',
          lastProbeTime: '',
          lastTransitionTime: STARTED,
        },
      ],
    },
  };
  for (let r = 0; r < 3; r++) {
    const replicaNode = nodeName((v + r) % nodes);
    yield {
      path: path('replicas'),
      body: {
        apiVersion: 'longhorn.io/v1beta2',
        kind: 'Replica',
        metadata: {
          name: `${name}-r-${pad(r, 8)}`,
          namespace: 'longhorn-system',
          labels: { longhornnode: replicaNode, longhornvolume: name },
        },
        spec: {
          volumeName: name,
          nodeID: replicaNode,
          diskID: uidLike('disk', (v + r) % nodes),
          dataDirectoryName: `${name}-${pad(r, 8)}`,
          active: true,
          desireState: 'running',
          failedAt: '',
          volumeSize: '42949672960',
        },
      },
      status: {
        currentState: 'running',
        instanceManagerName: `instance-manager-${pad((v + r) % nodes, 5)}`,
        ip: '10.52.0.10',
        port: 10000 + r,
        started: true,
      },
    };
  }
  yield {
    path: path('engines'),
    body: {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'Engine',
      metadata: {
        name: `${name}-e-0`,
        namespace: 'longhorn-system',
        labels: { longhornnode: attachedTo, longhornvolume: name },
      },
      spec: {
        volumeName: name,
        nodeID: attachedTo,
        active: true,
        desireState: 'running',
        frontend: 'blockdev',
        replicaAddressMap: { [`${name}-r-00000000`]: '10.52.0.10:10000' },
      },
    },
    status: {
      currentState: 'running',
      started: true,
      endpoint: `/dev/longhorn/${name}`,
      replicaModeMap: { [`${name}-r-00000000`]: 'RW', [`${name}-r-00000001`]: 'RW', [`${name}-r-00000002`]: 'RW' },
    },
  };
}

function* longhornNode(n: number): Generator<SyntheticObject> {
  const name = nodeName(n);
  const disk = `default-disk-${pad(n, 8)}`;
  yield {
    path: namespaced('longhorn.io', 'v1beta2', 'longhorn-system', 'nodes'),
    body: {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'Node',
      metadata: { name, namespace: 'longhorn-system' },
      spec: {
        name,
        allowScheduling: true,
        evictionRequested: false,
        disks: {
          [disk]: {
            path: '/var/lib/harvester/defaultdisk',
            allowScheduling: true,
            evictionRequested: false,
            storageReserved: 0,
            diskType: 'filesystem',
            tags: [],
          },
        },
      },
    },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: '', message: '', lastProbeTime: '', lastTransitionTime: STARTED },
        {
          type: 'Schedulable',
          status: 'True',
          reason: '',
          message: '',
          lastProbeTime: '',
          lastTransitionTime: STARTED,
        },
      ],
      diskStatus: {
        [disk]: {
          diskUUID: uidLike('disk', n),
          storageAvailable: 900_000_000_000,
          storageMaximum: 1_900_000_000_000,
          storageScheduled: 400_000_000_000,
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'Schedulable', status: 'True' },
          ],
          scheduledReplica: {},
        },
      },
      region: '',
      zone: `zone-${String(n % 3)}`,
    },
  };
  yield {
    path: namespaced('longhorn.io', 'v1beta2', 'longhorn-system', 'instancemanagers'),
    body: {
      apiVersion: 'longhorn.io/v1beta2',
      kind: 'InstanceManager',
      metadata: {
        name: `instance-manager-${pad(n, 5)}`,
        namespace: 'longhorn-system',
        labels: { 'longhorn.io/node': name },
      },
      spec: { nodeID: name, type: 'aio', dataEngine: 'v1' },
    },
    status: { currentState: 'running', ownerID: name },
  };
  yield {
    path: namespaced('harvesterhci.io', 'v1beta1', 'longhorn-system', 'blockdevices'),
    body: {
      apiVersion: 'harvesterhci.io/v1beta1',
      kind: 'BlockDevice',
      metadata: {
        name: uidLike('bdev', n),
        namespace: 'longhorn-system',
        labels: { 'kubernetes.io/hostname': name, 'ndm.harvesterhci.io/device-type': 'disk' },
      },
      spec: {
        nodeName: name,
        devPath: '/dev/sdb',
        fileSystem: { mountPoint: '/var/lib/harvester/extra-disks/1', provisioned: true },
      },
    },
    status: {
      state: 'Active',
      provisionPhase: 'Provisioned',
      deviceStatus: {
        capacity: { sizeBytes: 1_900_000_000_000 },
        devPath: '/dev/sdb',
        details: { deviceType: 'disk', driveType: 'SSD' },
      },
      conditions: [{ type: 'Mounted', status: 'True' }],
    },
  };
}
