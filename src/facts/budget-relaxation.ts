import { sh } from '../model/shell.js';

/** The relaxation, through fix-pdb: it plans first, backs the budget up, and prints the command that restores it. */
export const relaxWithFixPdb = (ns: string, name: string): string =>
  `relax it for the upgrade with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${ns} ${name}`} (shows the plan; add --yes to apply, then fix-pdb --restore puts the spec back)`;
