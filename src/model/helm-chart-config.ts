import type { KubeObject } from './kube-object.js';

/**
 * RKE2's `helmchartconfigs.helm.cattle.io`: extra settings for a chart RKE2 deploys itself, such as
 * `kube-system/rke2-multus`. `failurePolicy` is `reinstall` (the default) or `abort`: what the helm-install Job
 * does when an upgrade of the chart fails (k3s-io/helm-controller pkg/apis/helm.cattle.io/v1/types.go).
 */
export interface HelmChartConfig extends KubeObject {
  readonly spec?: { readonly failurePolicy?: string; readonly valuesContent?: string };
}
