import type { Condition, KubeObject } from './kube-object.js';

/** `settings.harvesterhci.io` (cluster-scoped) and `settings.longhorn.io` both keep the value at the top level. */
export interface Setting extends KubeObject {
  readonly value?: string;
  readonly default?: string;
}

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
    readonly nodeStatuses?: Readonly<
      Record<string, { readonly state?: string; readonly reason?: string; readonly message?: string }>
    >;
    readonly conditions?: readonly Condition[];
  };
}

export const LATEST_UPGRADE_LABEL = 'harvesterhci.io/latestUpgrade';
export const UPGRADE_STATE_LABEL = 'harvesterhci.io/upgradeState';
export const UPGRADE_CLEANUP_LABEL = 'harvesterhci.io/upgradeCleanup';

/** Upgrade V2 (harvester/upgrade-toolkit api/v1beta1/upgradeplan_types.go), cluster-scoped. */
export interface UpgradePlan extends KubeObject {
  readonly status?: { readonly currentPhase?: string };
}

export interface Version extends KubeObject {
  readonly spec?: { readonly minUpgradableVersion?: string; readonly isoURL?: string };
}

export interface Addon extends KubeObject {
  readonly spec?: { readonly enabled?: boolean };
  readonly status?: { readonly status?: string };
}

export interface VirtualMachineBackup extends KubeObject {
  readonly status?: {
    readonly readyToUse?: boolean;
    readonly error?: { readonly message?: string };
    readonly progress?: number;
  };
}

export interface ScheduleVMBackup extends KubeObject {
  readonly spec?: { readonly suspend?: boolean; readonly cron?: string };
  readonly status?: { readonly suspended?: boolean };
}
