/**
 * Objects are kept exactly as the API server (or `kubectl get -o json|yaml`) writes them, so an object read
 * live and the same object read from a support bundle are the same value. These types name only the fields
 * the analysis reads; every field is optional because real objects from old or broken clusters omit them.
 */
export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly generateName?: string;
}

export interface OwnerReference {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  /** Wrangler conditions (Harvester's Upgrade) also stamp every update, a transition or not. */
  readonly lastUpdateTime?: string;
}

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export const nameOf = (object: KubeObject): string => object.metadata?.name ?? '';
export const namespaceOf = (object: KubeObject): string => object.metadata?.namespace ?? '';

/** `namespace/name` of a reference, or `name` when it is cluster-scoped. */
export const refName = (ref: ObjectRef): string => (ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name);

/**
 * `namespace/name` as the key of a map of objects. The slash stays for an empty namespace: no Kubernetes name holds
 * a slash, so two different objects never share a key.
 */
export const namespacedKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** `Kind/namespace/name`, as finding tables name objects. */
export const refPath = (ref: ObjectRef): string => `${ref.kind}/${refName(ref)}`;

export const refOf = (kind: string, object: KubeObject): ObjectRef => {
  const namespace = object.metadata?.namespace;
  return namespace ? { kind, namespace, name: nameOf(object) } : { kind, name: nameOf(object) };
};

export const labelOf = (object: KubeObject, key: string): string | undefined => object.metadata?.labels?.[key];
export const annotationOf = (object: KubeObject, key: string): string | undefined =>
  object.metadata?.annotations?.[key];

export const conditionOf = (conditions: readonly Condition[] | undefined, type: string): Condition | undefined =>
  conditions?.find((condition) => condition.type === type);

/** `namespace/name`, or just `name` for cluster-scoped objects. */
export const qualifiedName = (object: KubeObject): string => {
  const namespace = namespaceOf(object);
  return namespace ? `${namespace}/${nameOf(object)}` : nameOf(object);
};

/**
 * Condition and event messages from Kubernetes, the kubelet and Rancher usually end with a period; ours quote them
 * inside one sentence, so the period goes.
 */
export const withoutTrailingPeriod = (text: string): string => text.trim().replace(/\.+$/, '');
