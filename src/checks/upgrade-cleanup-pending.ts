import { LATEST_UPGRADE_LABEL, UPGRADE_CLEANUP_LABEL, UPGRADE_STATE_LABEL } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * A finished Upgrade is labelled `harvesterhci.io/upgradeCleanup=Pending` until the controller has removed the
 * repo, the SUC plans and (after success) the old images, then `Succeeded`; only the Upgrade labelled
 * `harvesterhci.io/latestUpgrade=true` is cleaned up (harvester/harvester: pkg/controller/master/upgrade/
 * upgrade_controller.go, common.go markComplete). The webhook refuses a new upgrade meanwhile: "cannot proceed
 * until the following upgrades completed their cleanup process" (pkg/webhook/resources/upgrade/validator.go).
 */
export const upgradeCleanupPending: Check = {
  id: 'upgrade-cleanup-pending',
  title: 'Earlier upgrades are cleaned up',
  problem: (findings) => counted(findings, 'earlier upgrade is not cleaned up', 'earlier upgrades are not cleaned up'),
  description: "Harvester refuses a new upgrade until every finished Upgrade's cleanup has completed.",
  needs: ['upgrades'],
  run: (snapshot) =>
    itemsOf(snapshot, 'upgrades')
      .filter((upgrade) => labelOf(upgrade, UPGRADE_CLEANUP_LABEL) === 'Pending')
      .map((upgrade): Finding => {
        const state = labelOf(upgrade, UPGRADE_STATE_LABEL);
        const latest = labelOf(upgrade, LATEST_UPGRADE_LABEL) === 'true';
        const get = sh`kubectl -n ${namespaceOf(upgrade) || 'harvester-system'} get upgrades.harvesterhci.io ${nameOf(upgrade)}`;
        return {
          check: 'upgrade-cleanup-pending',
          severity: 'error',
          object: refOf('Upgrade', upgrade),
          message:
            `cleanup is still pending (${state ? `upgradeState ${state}` : 'no upgradeState label'})` +
            (latest ? '' : ' and will not run: only the latest upgrade is cleaned up'),
          remedy: latest
            ? `Wait for the post-upgrade cleanup (repo and image cleanup plan ${nameOf(upgrade)}-cleanup in cattle-system); if it stays Pending, read the harvester pods' logs in harvester-system and ${get} -o yaml.`
            : `Harvester will never clean it up; deleting it runs the cleanup: ${sh`kubectl -n ${namespaceOf(upgrade) || 'harvester-system'} delete upgrades.harvesterhci.io ${nameOf(upgrade)}`}.`,
        };
      }),
};
