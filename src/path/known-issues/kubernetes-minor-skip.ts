import { parseVersion } from '../../model/version.js';
import { ANY, type KnownIssue, UPGRADE_DOC, VERSION_OBJECT } from '../known-issue.js';
import { RELEASES } from '../releases.js';

/** The Kubernetes minor of an RKE2 version as one comparable number: v1.31.4+rke2r1 → 1031. */
const minorNumber = (text: string | undefined): number | undefined => {
  const version = parseVersion(text);
  return version ? version.major * 1000 + version.minor : undefined;
};
const minorText = (text: string | undefined): string => {
  const version = parseVersion(text);
  return version ? `${String(version.major)}.${String(version.minor)}` : 'unknown';
};

export const kubernetesMinorSkip: KnownIssue = {
  id: 'kubernetes-minor-skip',
  title: 'Kubernetes moves at most one minor version',
  from: ANY,
  to: ANY,
  detection: {
    kind: 'check',
    needs: [],
    // kube-apiserver may only be upgraded one minor at a time (kubernetes/website
    // content/en/releases/version-skew-policy.md); Harvester's upgrade paths are limited by it (harvester/docs
    // versioned_docs/version-v1.8/upgrade/automatic.md). RKE2's version fixes the Kubernetes version.
    problem: () => 'Kubernetes moves more than one minor version',
    run: (_snapshot, path) => {
      const from = minorNumber(path.fromRelease?.rke2);
      const to = minorNumber(path.toRelease?.rke2);
      if (from === undefined || to === undefined) {
        return {
          notEvaluated: `the RKE2 version of ${from === undefined ? path.from.text : path.to.text} is not in the release table`,
        };
      }
      if (to - from <= 1) return [];
      const hops = RELEASES.filter((row) => minorNumber(row.rke2) === from + 1).map((row) => row.harvester);
      return [
        {
          check: 'kubernetes-minor-skip',
          severity: 'error',
          object: VERSION_OBJECT(path),
          message: `the upgrade moves Kubernetes from ${minorText(path.fromRelease?.rke2)} (RKE2 ${path.fromRelease?.rke2 ?? ''}) to ${minorText(path.toRelease?.rke2)} (RKE2 ${path.toRelease?.rke2 ?? ''}), skipping ${String(to - from - 1)} minor version(s), while kube-apiserver may move only one minor at a time`,
          remedy: `Upgrade through ${hops.length > 0 ? hops.join(' or ') : 'the intermediate release'} first (${UPGRADE_DOC}index#upgrade-paths).`,
        },
      ];
    },
  },
  sources: ['https://kubernetes.io/releases/version-skew-policy/', `${UPGRADE_DOC}index#upgrade-paths`],
  remedy: 'Upgrade through a release one Kubernetes minor ahead first.',
};
