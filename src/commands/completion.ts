import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { kubeconfigPaths } from '../cluster/kubeconfig-files.js';
import { hasUnsafeText } from '../render/escape.js';

/**
 * Shell completion through kubectl's plugin convention (kubectl ≥ 1.26, kubernetes/kubectl:
 * pkg/cmd/plugin/plugin_completion.go): for `kubectl harvester-upgrade <TAB>` kubectl runs the executable
 * `kubectl_complete-harvester_upgrade` from PATH with the words typed after the plugin name plus the word being
 * completed (possibly ""), reads one candidate per line, optionally `candidate<TAB>description`, and takes a last
 * line `:<n>` as cobra's ShellCompDirective. Our completion executable is a one-line script calling the hidden
 * `__complete` command, which answers from here.
 */

/** cobra's ShellCompDirective bits (spf13/cobra: completions.go), which kubectl passes on to the shell. */
export const DIRECTIVE = { fileCompletion: 0, noSpace: 2, noFileComp: 4 } as const;

export interface CompletableFlag {
  readonly name: string;
  readonly char?: string;
  readonly takesValue: boolean;
  readonly options?: readonly string[];
  readonly summary?: string;
}

export interface CompletableCommand {
  readonly id: string;
  readonly summary?: string;
  readonly flags: readonly CompletableFlag[];
}

export interface CompletionSources {
  readonly checkIds: readonly string[];
  /** Names in the kubeconfig: `contexts`, `clusters` or `users`, from --kubeconfig, KUBECONFIG or ~/.kube/config. */
  readonly kubeconfigNames: (section: 'contexts' | 'clusters' | 'users', kubeconfig: string | undefined) => string[];
}

export interface Completion {
  readonly candidates: readonly string[];
  readonly directive: number;
}

/** Flags whose value is a path: the shell completes files. */
const FILE_FLAGS = new Set(['bundle', 'kubeconfig', 'restore', 'backup-dir']);
/** Flags whose value is a comma-separated list of check ids. */
const CHECK_LIST_FLAGS = new Set(['only', 'skip']);
const KUBECONFIG_SECTIONS: Readonly<Record<string, 'contexts' | 'clusters' | 'users'>> = {
  context: 'contexts',
  cluster: 'clusters',
  user: 'users',
};

const ROOT_FLAGS: readonly CompletableFlag[] = [
  { name: 'help', takesValue: false, summary: 'Show help.' },
  { name: 'version', takesValue: false, summary: 'Show the version.' },
];
const HELP_FLAG: CompletableFlag = { name: 'help', takesValue: false, summary: 'Show help for the command.' };

const described = (value: string, summary: string | undefined): string =>
  summary ? `${value}\t${summary.split('\n')[0] ?? ''}` : value;

const findFlag = (flags: readonly CompletableFlag[], word: string): CompletableFlag | undefined => {
  if (word.startsWith('--')) return flags.find((flag) => flag.name === word.slice(2).split('=')[0]);
  // `-o` or `-ojson`: the short form takes its value attached or as the next word.
  return flags.find((flag) => flag.char !== undefined && word.slice(1, 2) === flag.char);
};

const valuesOf = (
  flag: CompletableFlag | undefined,
  typed: string,
  prefix: string,
  kubeconfig: string | undefined,
  sources: CompletionSources,
): Completion => {
  if (!flag) return { candidates: [], directive: DIRECTIVE.noFileComp };
  if (FILE_FLAGS.has(flag.name)) return { candidates: [], directive: DIRECTIVE.fileCompletion };
  if (CHECK_LIST_FLAGS.has(flag.name)) {
    const comma = typed.lastIndexOf(',') + 1;
    const [head, tail] = [typed.slice(0, comma), typed.slice(comma)];
    const chosen = new Set(head.split(','));
    return {
      candidates: sources.checkIds
        .filter((id) => id.startsWith(tail) && !chosen.has(id))
        .map((id) => `${prefix}${head}${id}`),
      // No space after a completed id, so the next one can follow a comma.
      directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace,
    };
  }
  const section = KUBECONFIG_SECTIONS[flag.name];
  const values = section ? sources.kubeconfigNames(section, kubeconfig) : (flag.options ?? []);
  return {
    candidates: values.filter((value) => value.startsWith(typed)).map((value) => `${prefix}${value}`),
    directive: DIRECTIVE.noFileComp,
  };
};

/** Candidates for the last of `words` (the words after the plugin name, as kubectl hands them over). */
export const complete = (
  commands: readonly CompletableCommand[],
  words: readonly string[],
  sources: CompletionSources,
): Completion => {
  const typed = words.at(-1) ?? '';
  let command: CompletableCommand | undefined;
  let pending: CompletableFlag | undefined;
  let kubeconfig: string | undefined;
  for (const word of words.slice(0, -1)) {
    const flags = command ? command.flags : ROOT_FLAGS;
    if (pending) {
      if (pending.name === 'kubeconfig') kubeconfig = word;
      pending = undefined;
    } else if (word.startsWith('-') && word !== '-' && word !== '--') {
      const flag = findFlag(flags, word);
      const attached = word.startsWith('--') ? word.includes('=') : word.length > 2;
      if (flag?.name === 'kubeconfig' && word.includes('=')) kubeconfig = word.slice(word.indexOf('=') + 1);
      if (flag?.takesValue && !attached) pending = flag;
    } else if (!command) {
      command = commands.find((candidate) => candidate.id === word);
      // An unknown command: nothing sensible to offer.
      if (!command) return { candidates: [], directive: DIRECTIVE.noFileComp };
    }
  }
  const flags = command ? [...command.flags, HELP_FLAG] : ROOT_FLAGS;
  if (pending) return valuesOf(pending, typed, '', kubeconfig, sources);
  if (typed.startsWith('--') && typed.includes('=')) {
    const name = typed.slice(0, typed.indexOf('=') + 1);
    return valuesOf(findFlag(flags, typed), typed.slice(name.length), name, kubeconfig, sources);
  }
  if (typed.startsWith('-')) {
    return {
      candidates: flags
        .map((flag) => ({ flag, word: `--${flag.name}` }))
        .filter(({ word }) => word.startsWith(typed))
        .map(({ flag, word }) => described(word, flag.summary)),
      directive: DIRECTIVE.noFileComp,
    };
  }
  if (!command) {
    return {
      candidates: commands
        .filter((candidate) => candidate.id.startsWith(typed))
        .map((candidate) => described(candidate.id, candidate.summary)),
      directive: DIRECTIVE.noFileComp,
    };
  }
  // Positional arguments are node or budget names: offering them would need the API server, and a TAB must not wait
  // on a cluster. Files make no sense there either.
  return { candidates: [], directive: DIRECTIVE.noFileComp };
};

/** Names in one section of the kubeconfig files; unreadable files give none (a TAB never prints errors). */
export const kubeconfigNames =
  (env: NodeJS.ProcessEnv) =>
  (section: 'contexts' | 'clusters' | 'users', explicit: string | undefined): string[] => {
    const names = new Set<string>();
    for (const file of kubeconfigPaths(explicit, env)) {
      try {
        const config = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
        const entries = config?.[section];
        if (!Array.isArray(entries)) continue;
        for (const entry of entries as unknown[]) {
          const name = (entry as { name?: unknown } | null)?.name;
          // The shell puts a candidate into the command line as it is: a name with control, bidi or line-breaking
          // characters would drive the terminal or forge candidates, and escaped it would name nothing. Not offered.
          if (typeof name === 'string' && !hasUnsafeText(name)) names.add(name);
        }
      } catch {
        continue;
      }
    }
    return [...names];
  };

/** cobra's output format: one candidate per line, then `:<directive>`. */
export const completionText = (completion: Completion): string =>
  [...completion.candidates, `:${String(completion.directive)}`].join('\n') + '\n';
