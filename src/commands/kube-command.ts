import { Command, Flags } from '@oclif/core';
import { ClusterError } from '../cluster/errors.js';
import { readSnapshot, UsageProblem, type SnapshotRead, type SnapshotSourceOptions } from '../cluster/read-snapshot.js';
import type { Finding, Severity } from '../model/finding.js';
import { SEVERITY_RANK } from '../model/finding.js';
import type { ProbeKey } from '../model/probes.js';
import type { ClusterSnapshot, InputKey, ReadRequest } from '../model/snapshot.js';
import { inputOf } from '../model/snapshot.js';
import { renderDocument, type OutputFormat, type ReportDocument } from '../render/report.js';
import type { Style } from '../render/style.js';
import { EXIT } from './exit-codes.js';
import { repeatedFlag, type FlagShape } from './repeated-flag.js';
import { withSpinner } from './with-spinner.js';

/** kubectl's own flags, accepted after the plugin name (kubectl refuses flags placed before it). */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file (replaces KUBECONFIG).', helpGroup: 'KUBECTL' }),
  context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'KUBECTL' }),
  cluster: Flags.string({ description: 'The kubeconfig cluster to use.', helpGroup: 'KUBECTL' }),
  user: Flags.string({ description: 'The kubeconfig user to use.', helpGroup: 'KUBECTL' }),
  'request-timeout': Flags.string({
    description: 'Time to wait for each API request (30s, 2m, 1h; 0 = no timeout).',
    default: '0',
    helpGroup: 'KUBECTL',
  }),
  bundle: Flags.string({
    description:
      'Read a Harvester support bundle (zip or folder) or kubectl get -o yaml|json files instead of a live cluster.',
    helpGroup: 'INPUT',
  }),
  output: Flags.option({
    char: 'o',
    description: 'Output format.',
    options: ['table', 'wide', 'json', 'yaml'] as const,
    default: 'table' as const,
    helpGroup: 'OUTPUT',
  })(),
  'no-headers': Flags.boolean({ description: 'Omit table headers.', helpGroup: 'OUTPUT' }),
  'no-color': Flags.boolean({
    description: 'Never colour the output (also NO_COLOR, TERM=dumb).',
    helpGroup: 'OUTPUT',
  }),
};

export interface KubeFlagValues {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly 'request-timeout': string;
  readonly bundle?: string;
  readonly output: OutputFormat;
  readonly 'no-headers': boolean;
  readonly 'no-color': boolean;
}

/** Colour only on a terminal, never under NO_COLOR, TERM=dumb or --no-color (no-color.org); FORCE_COLOR forces it. */
export const styleFor = (flags: KubeFlagValues, env: NodeJS.ProcessEnv, isTTY: boolean): Style => {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const disabled = flags['no-color'] || Boolean(env.NO_COLOR) || env.TERM === 'dumb' || env.FORCE_COLOR === '0';
  return { color: !disabled && (forced || isTTY), headers: !flags['no-headers'] };
};

/**
 * 1 when a finding at or above `failOn` exists; otherwise 3 when an input could not be read (forbidden or
 * failed), so "nothing found" is never mistaken for "nothing wrong"; otherwise 0.
 */
export const exitCodeFor = (
  findings: readonly Finding[],
  snapshot: ClusterSnapshot,
  needed: readonly InputKey[],
  failOn: Severity = 'error',
): number => {
  if (findings.some((finding) => SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[failOn])) return EXIT.findings;
  const unreadable = needed.some((key) => ['forbidden', 'failed'].includes(inputOf(snapshot, key).status));
  return unreadable ? EXIT.notEvaluated : EXIT.ok;
};

export abstract class KubeCommand extends Command {
  /** Before parsing, in every mode (live, --bundle, --restore): a flag given twice is a usage error. */
  protected override async init(): Promise<void> {
    await super.init();
    const flags: Readonly<Record<string, FlagShape | undefined>> = this.ctor.flags;
    const repeated = repeatedFlag(this.argv, flags);
    if (repeated !== undefined) throw new UsageProblem(`--${repeated} was given more than once: give it once`);
  }

  protected async read(
    flags: KubeFlagValues,
    namespace: string | undefined,
    requests: readonly ReadRequest[],
    probes: readonly ProbeKey[] = [],
  ): Promise<SnapshotRead> {
    const interactive = flags.output === 'table' || flags.output === 'wide';
    const what = flags.bundle !== undefined ? `Reading bundle ${flags.bundle}` : 'Reading cluster state';
    const read = await withSpinner(what, interactive, () =>
      readSnapshot({ ...this.sourceOptions(flags), namespace }, requests, probes),
    );
    for (const warning of read.warnings) process.stderr.write(`warning: ${warning}\n`);
    return read;
  }

  protected sourceOptions(flags: KubeFlagValues): SnapshotSourceOptions {
    return {
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      cluster: flags.cluster,
      user: flags.user,
      requestTimeout: flags['request-timeout'],
      bundle: flags.bundle,
    };
  }

  protected style(flags: KubeFlagValues): Style {
    return styleFor(flags, process.env, process.stdout.isTTY);
  }

  /** Tables for people, one JSON or YAML document for scripts; always on stdout. */
  protected emit(flags: KubeFlagValues, document: ReportDocument, table: () => string): void {
    const text = flags.output === 'json' || flags.output === 'yaml' ? renderDocument(document, flags.output) : table();
    process.stdout.write(`${text}\n`);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof ClusterError) {
      process.stderr.write(`error: ${error.oneLine()}\n`);
      return this.exit(EXIT.notEvaluated);
    }
    if (error instanceof UsageProblem) {
      process.stderr.write(`error: ${error.message}\n`);
      return this.exit(EXIT.usage);
    }
    if ('parse' in error) {
      // oclif's flag and argument errors: one line and where to look, instead of the whole usage text.
      const reason = error.message
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('See more help'))
        .join('; ');
      process.stderr.write(`error: ${reason} (see '${this.config.bin} ${this.id ?? ''} --help')\n`);
      return this.exit(EXIT.usage);
    }
    if ((error as { code?: unknown }).code === 'EEXIT') return super.catch(error);
    // Anything else (a library's own error, say) is still one line and exit 3: the result could not be produced.
    process.stderr.write(`error: ${error.message.split('\n')[0] ?? ''}\n`);
    return this.exit(EXIT.notEvaluated);
  }
}
