import { parseJson } from './json.js';
import type { Condition, KubeObject } from './kube-object.js';
import type { Version as ParsedVersion } from './version.js';

/** `settings.harvesterhci.io` (cluster-scoped) and `settings.longhorn.io` both keep the value at the top level. */
export interface Setting extends KubeObject {
  readonly value?: string;
  readonly default?: string;
  /** Harvester settings only: condition `configured` (pkg/apis/harvesterhci.io/v1beta1/setting.go). */
  readonly status?: { readonly conditions?: readonly Condition[] | null } | null;
}

/**
 * Harvester's backup-target controller sets this condition on the backup-target setting: True once the target is
 * handed to Longhorn, False with the error as message when it cannot be, and False with no message when the target
 * is reset to none (harvester/harvester: pkg/controller/master/backup/backup_target.go setConfiguredCondition).
 */
export const SETTING_CONFIGURED_CONDITION = 'configured';

/** The effective value: `value` when non-empty, else `default` (harvester/harvester pkg/settings). */
export const settingValue = (setting: Setting | undefined): string | undefined => {
  if (!setting) return undefined;
  return setting.value !== undefined && setting.value !== '' ? setting.value : setting.default;
};

/** harvester/harvester pkg/apis/harvesterhci.io/v1beta1/upgrade.go */
export interface Upgrade extends KubeObject {
  readonly spec?: { readonly version?: string; readonly image?: string };
  readonly status?: {
    readonly previousVersion?: string;
    readonly repoInfo?: string;
    /** `<namespace>/<name>` of the VirtualMachineImage holding the target's ISO, from which the repo is made. */
    readonly imageID?: string;
    readonly nodeStatuses?: Readonly<
      Record<string, { readonly state?: string; readonly reason?: string; readonly message?: string }>
    >;
    readonly conditions?: readonly Condition[];
    /** The node's name when the cluster has exactly one node (then a single-node-upgrade Job replaces the drain). */
    readonly singleNode?: string;
  };
}

export const LATEST_UPGRADE_LABEL = 'harvesterhci.io/latestUpgrade';
export const UPGRADE_STATE_LABEL = 'harvesterhci.io/upgradeState';
export const UPGRADE_CLEANUP_LABEL = 'harvesterhci.io/upgradeCleanup';

/** Upgrade V2 (harvester/upgrade-toolkit api/v1beta1/upgradeplan_types.go), cluster-scoped. */
export interface UpgradePlan extends KubeObject {
  readonly status?: {
    readonly currentPhase?: string;
    /** Per node: CamelCase states (`PreDraining`, `PreDrained`, `WaitingReboot`, `PostDrained`, …). */
    readonly nodeUpgradeStatuses?: Readonly<
      Record<string, { readonly state?: string; readonly reason?: string; readonly message?: string }>
    >;
    readonly singleNode?: string;
    readonly conditions?: readonly Condition[];
    /** When each phase was entered (UpgradePlanPhaseTransitionTimestamp). */
    readonly phaseTransitionTimestamps?: readonly {
      readonly phase?: string;
      readonly phaseTransitionTimestamp?: string;
    }[];
    readonly previousVersion?: string;
  };
  readonly spec?: { readonly version?: string };
}

export interface Version extends KubeObject {
  readonly spec?: { readonly minUpgradableVersion?: string; readonly isoURL?: string };
}

/** harvester/harvester pkg/apis/harvesterhci.io/v1beta1/addon.go */
export interface Addon extends KubeObject {
  readonly spec?: {
    readonly enabled?: boolean;
    /** The chart version the add-on installs (AddonSpec.Version). */
    readonly version?: string;
  };
  readonly status?: { readonly status?: string };
}

/** What a backup or schedule saves: `type` is `backup` or `snapshot`, `source` the VirtualMachine. */
export interface VmBackupSpec {
  readonly type?: string;
  readonly source?: { readonly apiGroup?: string; readonly kind?: string; readonly name?: string } | null;
}

/**
 * harvester/harvester: pkg/apis/harvesterhci.io/v1beta1/backup.go. Go pointers serialise as null, so the optional
 * parts may be null as well as absent.
 */
export interface VirtualMachineBackup extends KubeObject {
  readonly spec?: VmBackupSpec | null;
  readonly status?: {
    readonly readyToUse?: boolean | null;
    readonly error?: { readonly message?: string; readonly time?: string } | null;
    readonly progress?: number | null;
    /** When the backup was taken (the VolumeSnapshots' time), set by the backup controller. */
    readonly creationTime?: string | null;
  } | null;
}

/** harvester/harvester: pkg/apis/harvesterhci.io/v1beta1/schedulebackup.go */
export interface ScheduleVMBackup extends KubeObject {
  readonly spec?: {
    readonly cron?: string;
    readonly suspend?: boolean | null;
    readonly retain?: number;
    readonly maxFailure?: number;
    readonly vmbackup?: VmBackupSpec | null;
  } | null;
  /** `suspended` is set by the schedule controller once it has suspended the CronJob. */
  readonly status?: { readonly suspended?: boolean | null } | null;
}

/** The running Harvester version (harvester/harvester pkg/settings/settings.go `server-version`). */
export const SERVER_VERSION_SETTING = 'server-version';
/** JSON of the backup target: `type` (nfs, s3, …), `endpoint`, `refreshIntervalInSeconds` and more. */
export const BACKUP_TARGET_SETTING = 'backup-target';

export const settingNamed = (settings: readonly Setting[], name: string): Setting | undefined =>
  settings.find((setting) => setting.metadata?.name === name);

/** Addon states the upgrade webhook accepts (pkg/apis/harvesterhci.io/v1beta1/addon.go). */
export const ADDON_DEPLOYED = 'AddonDeploySuccessful';
export const ADDON_DISABLED = 'AddonDisabled';

/** Node promotion to management role (pkg/controller/master/node/promote_controller.go). */
export const PROMOTE_STATUS_ANNOTATION = 'harvesterhci.io/promote-status';
/** Label on the promote Job `harvester-promote-<node>` and its pod, valued with the node name. */
export const PROMOTE_NODE_LABEL = 'harvesterhci.io/promote-node';
/** Maintenance mode: `running` while VMs are moved off, `completed` once the node is in maintenance. */
export const MAINTAIN_STATUS_ANNOTATION = 'harvesterhci.io/maintain-status';
/**
 * Written by harvester/node-manager (pkg/utils/common.go AnnotationNTP, pkg/monitor/ntp.go) as JSON
 * `{"ntpSyncStatus":"synced|unsynced|disabled","currentNtpServers":"<space-separated servers>"}`.
 */
export const NTP_SERVICE_ANNOTATION = 'node.harvesterhci.io/ntp-service';

export interface NtpStatus {
  readonly syncStatus: string;
  readonly servers: string;
}

/** The node's NTP status, or undefined when the annotation is absent, unparseable or has no status. */
export const ntpStatusOf = (object: KubeObject): NtpStatus | undefined => {
  const text = object.metadata?.annotations?.[NTP_SERVICE_ANNOTATION];
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { ntpSyncStatus, currentNtpServers } = parsed as { ntpSyncStatus?: unknown; currentNtpServers?: unknown };
  if (typeof ntpSyncStatus !== 'string' || ntpSyncStatus === '') return undefined;
  return { syncStatus: ntpSyncStatus, servers: typeof currentNtpServers === 'string' ? currentNtpServers : '' };
};

/**
 * The Harvester release that ships each RKE2 version (harvester/harvester-installer scripts/version-rke2 at each
 * tag), keyed by the kubelet's major.minor.patch: it names a half-finished upgrade in Harvester's terms.
 */
const HARVESTER_BY_RKE2: Readonly<Record<string, string>> = {
  '1.26.15': 'v1.2.2',
  '1.27.10': 'v1.3.0',
  '1.27.13': 'v1.3.1',
  '1.28.12': 'v1.3.2',
  '1.29.9': 'v1.4.0',
  '1.30.7': 'v1.4.1',
  '1.31.4': 'v1.4.2',
  '1.31.7': 'v1.4.3',
  '1.32.3': 'v1.5.0',
  '1.32.4': 'v1.5.1',
  '1.32.7': 'v1.5.2',
  '1.33.3': 'v1.6.0',
  '1.33.5': 'v1.6.1',
  '1.34.2': 'v1.7.0',
  '1.34.3': 'v1.7.1',
  '1.35.2': 'v1.8.0',
  '1.35.6': 'v1.8.1',
};

export const harvesterReleaseOfKubelet = (version: ParsedVersion): string | undefined =>
  HARVESTER_BY_RKE2[`${String(version.major)}.${String(version.minor)}.${String(version.patch)}`];

/**
 * harvester/node-disk-manager: pkg/apis/harvesterhci.io/v1beta1/types.go. One per disk or partition NDM found on a
 * node, in longhorn-system. `status.state` is Active (connected), Inactive (disconnected) or Unknown;
 * `provisionPhase` (NDM ≥ 0.6, Harvester v1.3) says whether it is a Longhorn disk, older NDM says so with
 * `spec.fileSystem.provisioned`.
 */
export interface BlockDevice extends KubeObject {
  readonly spec?: {
    readonly nodeName?: string;
    readonly devPath?: string;
    readonly fileSystem?: { readonly provisioned?: boolean; readonly mountPoint?: string } | null;
  } | null;
  readonly status?: {
    readonly state?: string;
    readonly provisionPhase?: string;
    /** Mounted, Formatting, AddedToNode (wrangler conditions: type, status, reason, message). */
    readonly conditions?: readonly Condition[] | null;
    readonly deviceStatus?: {
      readonly devPath?: string;
      readonly details?: { readonly model?: string; readonly serialNumber?: string; readonly deviceType?: string };
      readonly fileSystem?: {
        readonly mountPoint?: string;
        readonly isReadOnly?: boolean;
        /** NDM ≥ 0.7: the filesystem failed its check on mount. */
        readonly corrupted?: boolean;
      } | null;
    } | null;
  } | null;
}

/** A block device NDM provisioned as a Longhorn disk: provisionPhase Provisioned, or the older spec flag. */
export const isProvisionedBlockDevice = (device: BlockDevice): boolean =>
  device.status?.provisionPhase !== undefined && device.status.provisionPhase !== ''
    ? device.status.provisionPhase !== 'Unprovisioned'
    : device.spec?.fileSystem?.provisioned === true;
