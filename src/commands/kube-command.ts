import { Command, Flags } from '@oclif/core';
import { ClusterError } from '../cluster/errors.js';
import type { RequestLogEntry } from '../cluster/kube-client.js';
import {
  authenticate,
  readSnapshot,
  UsageProblem,
  type SnapshotRead,
  type SnapshotSourceOptions,
} from '../cluster/read-snapshot.js';
import { invalidNameReason, type NamedKind } from '../model/object-name.js';
import type { ProbeKey } from '../model/probes.js';
import type { ClusterSnapshot, ReadRequest } from '../model/snapshot.js';
import { fitToWidth } from '../render/cells.js';
import { diagnosticLine, escapeTerminal } from '../render/escape.js';
import { renderDocument, type OutputFormat } from '../render/report.js';
import type { Style } from '../render/style.js';
import type { ResultDocument } from '../results/documents.js';
import { EXIT } from '../results/exit-codes.js';
import { isUsage, type Usage } from '../results/usage.js';
import { didYouMean } from './argv.js';
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
  v: Flags.integer({
    char: 'v',
    description: "Log level, as kubectl's: from 6, each API request (method, URL, status, time) goes to stderr.",
    default: 0,
    min: 0,
    helpGroup: 'KUBECTL',
  }),
};

/** kubectl logs each request's method, URL, status and time from -v 6 (k8s.io/client-go transport/round_trippers.go). */
const REQUEST_LOG_LEVEL = 6;

const requestLine = ({ method, url, outcome, ms }: RequestLogEntry): string =>
  `request: ${escapeTerminal(`${method} ${url} ${outcome} in ${String(ms)} ms`)}\n`;

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
  readonly v: number;
}

/** Where a user finds the right name for each kind the flags name. */
const WHERE_TO_LOOK: Readonly<Partial<Record<NamedKind, string>>> = {
  Namespace: "pass a namespace as 'kubectl get namespaces' lists it",
  Node: "pass a node name as 'kubectl get nodes' lists it",
  PodDisruptionBudget: "pass a budget name as 'kubectl get pdb -n NAMESPACE' lists it",
};

/**
 * `-o wide` where a command (or this use of it) has no more columns to show is refused, as kubectl refuses an output
 * format a command does not print, rather than accepted and ignored.
 */
export const refuseWide = (output: string, what: string): void => {
  if (output === 'wide') {
    throw new UsageProblem(`-o wide: ${what} has no wider table; use -o table, json or yaml`);
  }
};

/**
 * Refuses a name the user typed that Kubernetes would never give a `kind`, before anything is read: exit 2, one
 * line that says what is wrong and where to find a real one. Names become request paths (src/cluster/api-path.ts
 * checks them again there); kubectl refuses names that are not path segments too (client-go rest/request.go).
 */
export const checkNameFlag = (flag: string, kind: NamedKind, value: string | undefined): void => {
  if (value === undefined) return;
  const reason = invalidNameReason(kind, value);
  if (reason !== undefined) {
    throw new UsageProblem(`${flag}: ${reason}${WHERE_TO_LOOK[kind] ? `; ${WHERE_TO_LOOK[kind]}` : ''}`);
  }
};

/**
 * Colour only on a terminal, never under NO_COLOR, TERM=dumb or --no-color (no-color.org); FORCE_COLOR forces it.
 * On a terminal that reports its width, the output is laid out to fit it; a pipe or a file gets every line whole.
 */
export const styleFor = (flags: KubeFlagValues, env: NodeJS.ProcessEnv, isTTY: boolean, columns?: number): Style => {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const disabled = flags['no-color'] || Boolean(env.NO_COLOR) || env.TERM === 'dumb' || env.FORCE_COLOR === '0';
  const width = isTTY && columns !== undefined && columns > 0 ? { width: columns } : {};
  return { color: !disabled && (forced || isTTY), headers: !flags['no-headers'], ...width };
};

/** oclif's parser error for a flag given without a value, or with one outside its options. */
const FLAG_VALUE_ERROR = /^Flag --[\w-]+ expects /;

/** A pure decision's usage error (src/results) as the command's: exit 2 and one line, before anything is printed. */
export const orUsage = <T extends object>(value: T | Usage): T => {
  if (isUsage(value)) throw new UsageProblem(value.usage);
  return value;
};

/** The run could not be evaluated (an input it cannot do without was not read): one line and exit 3. */
export class NotEvaluated extends Error {}

/** What a command's analysis comes to: its one result, how people see it, and its exit code. */
export interface Outcome<R extends ResultDocument> {
  readonly result: R;
  /** The table for people, drawn from the result (and the analysis it came from). */
  readonly table: (style: Style) => string;
  readonly exitCode: number;
  /** Lines for stderr after the output: why the writes stopped, the objects not restored. */
  readonly errors?: readonly string[];
}

/** What a command reads. */
export interface ReadPlan {
  readonly namespace?: string;
  readonly requests: readonly ReadRequest[];
  readonly probes?: readonly ProbeKey[];
}

export abstract class KubeCommand extends Command {
  /** Before parsing, in every mode (live, --bundle, --restore): a flag given twice is a usage error. */
  protected override async init(): Promise<void> {
    await super.init();
    const flags: Readonly<Record<string, FlagShape | undefined>> = this.ctor.flags;
    const repeated = repeatedFlag(this.argv, flags);
    if (repeated !== undefined) throw new UsageProblem(`--${repeated} was given more than once: give it once`);
  }

  /**
   * The one pipeline of every command, once its flags were parsed and checked: read → analyse (and the result of
   * it) → render → exit code.
   */
  protected async pipeline<R extends ResultDocument>(
    flags: KubeFlagValues,
    reads: ReadPlan,
    analyse: (snapshot: ClusterSnapshot) => Outcome<R> | Promise<Outcome<R>>,
  ): Promise<void> {
    const { snapshot } = await this.read(flags, reads.namespace, reads.requests, reads.probes);
    this.finish(flags, await analyse(snapshot));
  }

  /** Prints the result (a table for people, the document for scripts), then its error lines; sets the exit code. */
  protected finish(flags: KubeFlagValues, outcome: Outcome<ResultDocument>): void {
    this.emit(flags, outcome.result, () => outcome.table(this.style(flags)));
    for (const line of outcome.errors ?? []) process.stderr.write(diagnosticLine('error', line));
    process.exitCode = outcome.exitCode;
  }

  protected async read(
    flags: KubeFlagValues,
    namespace: string | undefined,
    requests: readonly ReadRequest[],
    probes: readonly ProbeKey[] = [],
  ): Promise<SnapshotRead> {
    // The request log and a spinner would share stderr.
    const interactive = (flags.output === 'table' || flags.output === 'wide') && flags.v < REQUEST_LOG_LEVEL;
    const what = flags.bundle !== undefined ? `Reading bundle ${flags.bundle}` : 'Reading cluster state';
    // Outside the spinner: an exec credential plugin may talk to the user.
    await authenticate(this.sourceOptions(flags));
    const read = await withSpinner(escapeTerminal(what), interactive, () =>
      readSnapshot({ ...this.sourceOptions(flags), namespace }, requests, probes),
    );
    for (const warning of read.warnings) process.stderr.write(diagnosticLine('warning', warning));
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
      ...(flags.v >= REQUEST_LOG_LEVEL ? { onRequest: (entry) => process.stderr.write(requestLine(entry)) } : {}),
    };
  }

  protected style(flags: KubeFlagValues): Style {
    return styleFor(flags, process.env, process.stdout.isTTY, process.stdout.columns);
  }

  /** Tables for people, one JSON or YAML document for scripts; always on stdout. */
  protected emit(flags: KubeFlagValues, document: ResultDocument, table: () => string): void {
    const text =
      flags.output === 'json' || flags.output === 'yaml'
        ? renderDocument(document, flags.output)
        : fitToWidth(table(), this.style(flags).width);
    process.stdout.write(`${text}\n`);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof ClusterError) {
      process.stderr.write(diagnosticLine('error', error.oneLine()));
      return this.exit(EXIT.notEvaluated);
    }
    if (error instanceof NotEvaluated) {
      process.stderr.write(diagnosticLine('error', error.message));
      return this.exit(EXIT.notEvaluated);
    }
    if (error instanceof UsageProblem) {
      process.stderr.write(diagnosticLine('error', error.message));
      return this.exit(EXIT.usage);
    }
    if ('parse' in error || FLAG_VALUE_ERROR.test(error.message)) {
      // oclif's flag and argument errors, a flag given without its value included: one line, a suggestion for a
      // mistyped flag, and where to look, instead of the whole usage text.
      const reason = error.message
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('See more help'))
        .join('; ');
      const typo = /^Nonexistent flags?: (-{1,2}[\w-]+)/.exec(reason)?.[1];
      const flags = Object.keys(this.ctor.flags).map((name) => `--${name}`);
      const suggestion = typo?.startsWith('--') ? didYouMean(typo, flags, '') : '';
      process.stderr.write(
        diagnosticLine('error', `${reason}${suggestion} (see '${this.config.bin} ${this.id ?? ''} --help')`),
      );
      return this.exit(EXIT.usage);
    }
    if ((error as { code?: unknown }).code === 'EEXIT') return super.catch(error);
    // Anything else (a library's own error, say) is still one line and exit 3: the result could not be produced.
    process.stderr.write(diagnosticLine('error', error.message.split('\n')[0] ?? ''));
    return this.exit(EXIT.notEvaluated);
  }
}
