import { counted, type Finding } from '../model/finding.js';
import { BACKUP_TARGET_SETTING, SETTING_CONFIGURED_CONDITION, settingNamed, settingValue } from '../model/harvester.js';
import { conditionOf, nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, longhornConditions, meaningful } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const ID = 'backup-target-unhealthy';

/** The backup-target setting's JSON (harvester/harvester: pkg/settings/settings.go BackupTarget): type and endpoint. */
const targetOf = (text: string | undefined): { type: string; endpoint: string } => {
  try {
    const parsed = JSON.parse(text ?? '') as { type?: unknown; endpoint?: unknown };
    return {
      type: typeof parsed.type === 'string' ? parsed.type : '',
      endpoint: typeof parsed.endpoint === 'string' ? parsed.endpoint : '',
    };
  } catch {
    return { type: '', endpoint: '' };
  }
};

const SETTINGS_HINT = 'Harvester UI: Advanced > Settings > backup-target';

/**
 * The way back from a node lost mid-upgrade is a VM backup, and Harvester writes backups only to its backup target
 * (an NFS or S3 endpoint). This checks that one is configured, that Harvester's backup-target controller accepted it
 * (setting condition `configured`, harvester/harvester: pkg/controller/master/backup/backup_target.go), and that
 * Longhorn reaches it (BackupTarget `available`, condition Unavailable: longhorn/longhorn-manager:
 * k8s/pkg/apis/longhorn/v1beta2/backuptarget.go). None of this stops the upgrade, hence warnings.
 */
export const backupTargetUnhealthy: Check = {
  id: ID,
  title: 'A backup target is configured and reachable',
  problem: (findings) =>
    counted(findings, 'backup target is missing or unreachable', 'backup targets are missing or unreachable'),
  description:
    'VM backups are the way back from a node lost mid-upgrade; the backup-target setting must name an NFS or S3 target that Harvester accepted and Longhorn can reach.',
  needs: ['harvesterSettings'],
  optional: ['longhornBackupTargets'],
  run: (snapshot) => {
    const setting = settingNamed(itemsOf(snapshot, 'harvesterSettings'), BACKUP_TARGET_SETTING);
    const object = setting ? refOf('Setting', setting) : { kind: 'Setting', name: BACKUP_TARGET_SETTING };
    const target = targetOf(settingValue(setting));
    if (target.type === '') {
      return [
        {
          check: ID,
          severity: 'warning',
          object,
          message: 'no backup target is configured, so no VM can be backed up off the cluster before the upgrade',
          remedy: `Configure an NFS or S3 backup target (${SETTINGS_HINT}) and back up the VMs you cannot lose.`,
        },
      ];
    }
    const where = `${target.type} backup target${target.endpoint ? ` ${target.endpoint}` : ''}`;
    const findings: Finding[] = [];
    const configured = conditionOf(setting?.status?.conditions ?? undefined, SETTING_CONFIGURED_CONDITION);
    if (configured?.status === 'False') {
      const reason = meaningful(configured.message) ?? meaningful(configured.reason);
      findings.push({
        check: ID,
        severity: 'warning',
        object,
        message: `${where} was not accepted by Harvester${reason ? `: ${reason}` : ''}`,
        remedy: `Correct the backup target (${SETTINGS_HINT}; the UI's Test connection button shows the error) before relying on backups.`,
      });
    }
    for (const backupTarget of itemsOf(snapshot, 'longhornBackupTargets')) {
      const url = meaningful(backupTarget.spec?.backupTargetURL);
      if (url === undefined || backupTarget.status?.available === true) continue;
      const unavailable = longhornConditions(backupTarget.status?.conditions).find((c) => c.type === 'Unavailable');
      const reason = meaningful(unavailable?.message) ?? meaningful(unavailable?.reason);
      findings.push({
        check: ID,
        severity: 'warning',
        object: refOf('BackupTarget', backupTarget),
        message: `Longhorn cannot reach ${url}${reason ? `: ${reason}` : ''}, so VM backups fail`,
        remedy: `Check the endpoint and its credentials from the cluster (${sh`kubectl -n ${backupTarget.metadata?.namespace ?? LONGHORN_NAMESPACE} get backuptargets.longhorn.io ${nameOf(backupTarget)} -o yaml`}); backups cannot be taken until Longhorn reports it available.`,
      });
    }
    return findings;
  },
};
