import { Command } from '@oclif/core';
import { PRECHECK_GROUPS } from '../checks/precheck-checks.js';
import { complete, completionText, kubeconfigNames, type CompletableCommand } from './completion.js';

/**
 * Hidden: the answer to kubectl's plugin completion (see completion.ts). The script
 * `kubectl_complete-harvester_upgrade` runs `kubectl-harvester_upgrade __complete -- <words>`; the `--` keeps oclif
 * from reading a typed `--help` or `--version` as its own flag.
 */
export class Complete extends Command {
  static override hidden = true;
  static override strict = false;
  static override summary = 'Print shell completion candidates for kubectl (kubectl_complete-harvester_upgrade).';

  async run(): Promise<void> {
    const { argv } = await this.parse(Complete);
    const words = (argv as string[]).filter((word, index) => !(index === 0 && word === '--'));
    const commands: CompletableCommand[] = this.config.commands
      .filter((command) => !command.hidden)
      .map((command) => ({
        id: command.id,
        summary: command.summary,
        flags: Object.entries(command.flags)
          .filter(([, flag]) => !flag.hidden)
          .map(([name, flag]) => ({
            name,
            char: flag.char,
            takesValue: flag.type === 'option',
            options: flag.type === 'option' ? flag.options : undefined,
            summary: flag.summary ?? flag.description,
          })),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const checkIds = PRECHECK_GROUPS.flatMap((group) => group.checks.map((check) => check.id));
    process.stdout.write(
      completionText(
        complete(commands, words.length > 0 ? words : [''], {
          checkIds,
          kubeconfigNames: kubeconfigNames(process.env),
        }),
      ),
    );
  }
}
