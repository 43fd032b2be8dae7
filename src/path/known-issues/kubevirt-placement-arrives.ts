import { controlPlaneDeadEnds, PLACEMENT_PATCH } from '../../facts/kubevirt-placement.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { parseVersion } from '../../model/version.js';
import { HARVESTER_ISSUE, type KnownIssue } from '../known-issue.js';

export const kubevirtPlacementArrives: KnownIssue = {
  id: 'kubevirt-placement-arrives',
  title: "The target's KubeVirt lets virt-api and virt-controller leave the last schedulable control-plane node",
  from: { below: 'v1.4.2-0' },
  to: { atLeast: 'v1.4.2-0' },
  detection: {
    kind: 'check',
    needs: ['kubevirts', 'nodes'],
    // KubeVirt 1.3 requires control-plane nodes for its infra pods when spec.infra.nodePlacement is unset
    // (kubevirt/kubevirt pkg/virt-operator/resource/placement/placement.go). Harvester v1.4.2-rc1 shipped 1.3.1
    // without setting it; the chart sets `nodePlacement: {}` from v1.4.2-rc2 (PR #7725). Issue #7647: with one
    // control-plane node its drain stops at Pre-drained.
    problem: () => "The target's KubeVirt holds virt-api and virt-controller to the one schedulable control-plane node",
    run: (snapshot, path) => {
      const target = path.toRelease;
      if (target?.kubevirt === undefined || target.kubevirtNodePlacement === undefined) {
        return { notEvaluated: `the KubeVirt chart values of ${path.to.text} are not in the release table` };
      }
      const kubevirt = parseVersion(target.kubevirt);
      if (!kubevirt || kubevirt.major * 1000 + kubevirt.minor < 1003 || target.kubevirtNodePlacement) return [];
      const cr = itemsOf(snapshot, 'kubevirts').find((item) => nameOf(item) === 'kubevirt');
      if (!cr || cr.spec?.infra?.nodePlacement) return [];
      const deadEnds = controlPlaneDeadEnds(itemsOf(snapshot, 'nodes'));
      if (deadEnds.length === 0) return [];
      return [
        {
          check: 'kubevirt-placement-arrives',
          severity: 'error',
          object: refOf('KubeVirt', cr),
          message: `${path.to.text} brings KubeVirt ${target.kubevirt} without spec.infra.nodePlacement, so virt-api and virt-controller may run only on control-plane nodes, and ${deadEnds.map(nameOf).join(' or ')} is the only schedulable one: its drain will stop at Pre-drained (virt-api-pdb and virt-controller-pdb allow no disruption)`,
          remedy: `Upgrade to v1.4.2 or later instead, whose chart sets nodePlacement; or, before the upgrade: ${PLACEMENT_PATCH}`,
        },
      ];
    },
  },
  sources: [`${HARVESTER_ISSUE}7647`, 'https://github.com/harvester/harvester/pull/7725'],
  remedy: `Pick a target whose chart sets spec.infra.nodePlacement (v1.4.2 or later), or ${PLACEMENT_PATCH}`,
};
