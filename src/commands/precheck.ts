import { Flags } from '@oclif/core';
import type { CheckOptions } from '../checks/check.js';
import { parseAge } from '../cluster/duration.js';
import { WEBHOOK_ANNOTATIONS } from '../facts/webhook-annotations.js';
import { UsageProblem } from '../cluster/read-snapshot.js';
import { parseHarvesterVersion } from '../path/harvester-version.js';
import { renderCheckList, renderPrecheckReport } from '../render/precheck-report.js';
import { EXIT } from '../results/exit-codes.js';
import {
  analysePrecheck,
  planPrecheck,
  precheckExitCode,
  precheckReads,
  toCheckListResult,
  toPrecheckResult,
  unknownCheckIds,
  type PrecheckPlan,
} from '../results/precheck.js';
import { KubeCommand, kubeFlags, orUsage, refuseWide } from './kube-command.js';

/** `--only a,b --only c` → [a, b, c]; every id must exist. */
const idsOf = (flag: string, values: readonly string[] | undefined): Set<string> => {
  const ids = new Set(
    (values ?? [])
      .flatMap((value) => value.split(','))
      .map((id) => id.trim())
      .filter(Boolean),
  );
  const unknown = unknownCheckIds(ids);
  if (unknown.length > 0) {
    throw new UsageProblem(
      `--${flag}: unknown check id ${unknown.join(', ')}; list the ids with 'kubectl harvester-upgrade precheck --list'`,
    );
  }
  return ids;
};

/** `--upgrade-annotation KEY=VALUE`, repeated: only the keys Harvester's upgrade webhook reads. */
const upgradeAnnotationsOf = (values: readonly string[] | undefined): Readonly<Record<string, string>> => {
  const annotations: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const key = at < 0 ? value : value.slice(0, at);
    if (at < 0 || !WEBHOOK_ANNOTATIONS.includes(key)) {
      throw new UsageProblem(`--upgrade-annotation: give KEY=VALUE with KEY one of ${WEBHOOK_ANNOTATIONS.join(', ')}`);
    }
    annotations[key] = value.slice(at + 1);
  }
  return annotations;
};

/** The flags checks depend on; a bad age is a usage error (exit 2) before anything is read. */
const checkOptions = (
  maxAge: string,
  warnOldBackups: boolean,
  to: string | undefined,
  upgradeAnnotations: readonly string[] | undefined,
): CheckOptions => {
  let backupMaxAgeMs: number;
  try {
    backupMaxAgeMs = parseAge(maxAge);
  } catch (error) {
    throw new UsageProblem(`--backup-max-age: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    backupMaxAgeMs,
    oldBackupSeverity: warnOldBackups ? 'warning' : 'info',
    ...(to === undefined ? {} : { to }),
    upgradeAnnotations: upgradeAnnotationsOf(upgradeAnnotations),
  };
};

export class Precheck extends KubeCommand {
  static override summary = 'Find every Harvester upgrade blocker at once, with the fix for each.';
  static override description = `Runs every check that Harvester's upgrade webhook and the upgrade-helpers pre-check script perform, and the ones both miss, over one read of the cluster (or a support bundle): cluster and Rancher state, nodes and kubelet version skew, Machines, pod health (a Running pod with an unready container fails; superseded upgrade-job attempts do not), Longhorn volumes, VMs and backups, drain risks such as budgets that allow no disruption and KubeVirt's control-plane placement, disk space and the API server certificate, and whether the cluster survives losing a node mid-upgrade: etcd quorum, disk health, volume redundancy and live-migration headroom with each node drained in turn, the backup target and recent VM backups (--backup-max-age, --warn-old-backups).

A check whose inputs are forbidden or absent is NOT EVALUATED, never passed. Checks made for other Harvester versions are SKIPPED and say why.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error, 3 an input could not be read.`;

  static override examples = [
    '<%= config.bin %> precheck',
    '<%= config.bin %> precheck --list',
    '<%= config.bin %> precheck --only pod-containers-not-ready,pod-pending',
    '<%= config.bin %> precheck --skip node-disk-space --fail-on warning',
    '<%= config.bin %> precheck -o json',
    '<%= config.bin %> precheck --bundle supportbundle.zip',
    '<%= config.bin %> precheck --to v1.5.0',
    '<%= config.bin %> precheck --backup-max-age 3d --warn-old-backups',
    '<%= config.bin %> precheck --upgrade-annotation harvesterhci.io/skipSingleReplicaDetachedVol=true',
  ];

  static override flags = {
    ...kubeFlags,
    list: Flags.boolean({ description: 'List the checks (id, title; -o wide adds why) and exit.' }),
    only: Flags.string({
      description: 'Run only these check ids (comma-separated or repeated).',
      multiple: true,
      exclusive: ['skip'],
    }),
    skip: Flags.string({ description: 'Leave out these check ids (comma-separated or repeated).', multiple: true }),
    to: Flags.string({
      description:
        'Evaluate the upgrade to this Harvester version: the version guard, component changes and the known problems of this path. Default: the newest Version object newer than the running version.',
    }),
    'fail-on': Flags.option({
      description: 'Lowest finding severity that makes the exit code 1.',
      options: ['error', 'warning'] as const,
      default: 'error' as const,
    })(),
    'backup-max-age': Flags.string({
      description:
        'A running VM needs a completed backup younger than this (7d, 36h, 1d12h) for vm-without-recent-backup.',
      default: '7d',
    }),
    'warn-old-backups': Flags.boolean({
      description: 'Report running VMs without a recent backup as warnings instead of info.',
    }),
    'upgrade-annotation': Flags.string({
      description:
        'An annotation you will put on the Upgrade (KEY=VALUE, repeated), which the webhook honours from v1.5.1: harvesterhci.io/skipGarbageCollectionThresholdCheck, skipSingleReplicaDetachedVol or minCertsExpirationInDay.',
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Precheck);
    const plan = this.planOf(flags);
    if (!flags.list) refuseWide(flags.output, 'precheck (without --list)');
    if (flags.list) {
      const list = toCheckListResult(plan);
      this.finish(flags, {
        result: list,
        table: (style) => renderCheckList(style, list, flags.output === 'wide'),
        exitCode: EXIT.ok,
      });
      return;
    }
    await this.pipeline(flags, precheckReads(plan), (snapshot) => {
      const analysis = orUsage(analysePrecheck(snapshot, plan));
      return {
        result: toPrecheckResult(analysis),
        table: (style) => renderPrecheckReport(style, analysis),
        exitCode: precheckExitCode(analysis),
      };
    });
  }

  /** Every flag checked before anything is read: a bad one is a usage error (exit 2). */
  private planOf(flags: {
    readonly only?: string[];
    readonly skip?: string[];
    readonly to?: string;
    readonly 'fail-on': 'error' | 'warning';
    readonly 'backup-max-age': string;
    readonly 'warn-old-backups': boolean;
    readonly 'upgrade-annotation'?: string[];
  }): PrecheckPlan {
    const options = checkOptions(
      flags['backup-max-age'],
      flags['warn-old-backups'],
      flags.to,
      flags['upgrade-annotation'],
    );
    const only = idsOf('only', flags.only);
    const skip = idsOf('skip', flags.skip);
    if (flags.to !== undefined && !parseHarvesterVersion(flags.to)) {
      throw new UsageProblem('--to: give the version to upgrade to, such as v1.5.0');
    }
    return planPrecheck(only, skip, flags.to, options, flags['fail-on']);
  }
}
