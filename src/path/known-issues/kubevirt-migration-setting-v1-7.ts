import { harvesterKubeVirt } from '../../facts/kubevirt-placement.js';
import type { Finding } from '../../model/finding.js';
import { isRecord } from '../../model/json.js';
import { refOf } from '../../model/kube-object.js';
import { quantityValue } from '../../model/quantity.js';
import type { ClusterSnapshot } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, UPGRADE_DOC } from '../known-issue.js';

/**
 * The kubevirt-migration setting's default (harvester/harvester pkg/settings/settings.go, v1.7.0 to v1.9.0-rc6).
 * Its syncer writes the whole value over `spec.configuration.migrations`, except `network` (owned by the
 * vm-migration-network setting) and `nodeDrainTaintKey` (the upgrade scripts rely on KubeVirt's default)
 * (pkg/controller/master/setting/kubevirt_migration.go).
 */
const SETTING_DEFAULT: Readonly<Record<string, unknown>> = {
  parallelOutboundMigrationsPerNode: 2,
  parallelMigrationsPerCluster: 5,
  allowAutoConverge: false,
  bandwidthPerMigration: 0,
  completionTimeoutPerGiB: 150,
  progressTimeout: 150,
  unsafeMigrationOverride: false,
  allowPostCopy: false,
  allowWorkloadDisruption: false,
  disableTLS: false,
  matchSELinuxLevelOnMigration: false,
};
const NOT_OWNED = new Set(['network', 'nodeDrainTaintKey']);

const sameValue = (value: unknown, fallback: unknown): boolean => {
  if (JSON.stringify(value) === JSON.stringify(fallback)) return true;
  // Quantities and counts may be written as strings ("0", "64Mi").
  const number = typeof value === 'string' ? quantityValue(value) : undefined;
  return typeof fallback === 'number' && number === fallback;
};

/** The fields set on the KubeVirt CR that the setting's default does not hold, with their values. */
const customised = (migrations: Readonly<Record<string, unknown>>): [string, unknown][] =>
  Object.entries(migrations).filter(
    ([key, value]) => !NOT_OWNED.has(key) && value !== null && !sameValue(value, SETTING_DEFAULT[key]),
  );

const detect = (snapshot: ClusterSnapshot): Finding[] => {
  const kubevirt = harvesterKubeVirt(snapshot);
  const migrations = kubevirt?.spec?.configuration?.migrations;
  const own = isRecord(migrations) ? customised(migrations) : [];
  if (!kubevirt || own.length === 0) return [];
  const fields = own.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ');
  const value = JSON.stringify({ ...SETTING_DEFAULT, ...Object.fromEntries(own) });
  return [
    {
      check: 'kubevirt-migration-setting-v1-7',
      severity: 'warning',
      object: refOf('KubeVirt', kubevirt),
      message: `spec.configuration.migrations is set on the KubeVirt CR (${fields}); after the upgrade the new kubevirt-migration setting shows its defaults instead, and the first save of that setting replaces these values`,
      remedy: `After the upgrade, set the kubevirt-migration setting (Advanced > Settings) to ${value} so that it holds what the cluster runs (${UPGRADE_DOC}v1-6-x-to-v1-7-x).`,
    },
  ];
};

export const kubevirtMigrationSettingV17: KnownIssue = {
  id: 'kubevirt-migration-setting-v1-7',
  title: "KubeVirt's live-migration tunables survive the kubevirt-migration setting",
  from: { below: 'v1.7.0-0' },
  to: { atLeast: 'v1.7.0-0' },
  detection: {
    kind: 'check',
    needs: ['kubevirts'],
    // harvester/docs v1-6-x-to-v1-7-x known issue 6 (harvester#11517): before v1.7.0 the only way to tune live
    // migration was to edit the KubeVirt CR; v1.7.0 creates the kubevirt-migration setting with an empty value,
    // which shows the default and, once saved, overwrites spec.configuration.migrations. The fix that adopts the
    // CR's values (PR #11518) is in no tag up to v1.9.0-rc6.
    problem: () => "The kubevirt-migration setting will overwrite KubeVirt's live-migration tunables",
    run: detect,
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}11517`],
  remedy: 'Copy the KubeVirt CR migrations into the kubevirt-migration setting after the upgrade.',
};
