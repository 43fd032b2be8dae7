import { Complete } from './complete.js';
import { ExplainDrain } from './explain-drain.js';
import { FixPdb } from './fix-pdb.js';
import { Machines } from './machines.js';
import { Precheck } from './precheck.js';
import { Status } from './status.js';

/** oclif's explicit command registry (the `explicit` discovery strategy), used by the single binary. */
export const COMMANDS = {
  __complete: Complete,
  'explain-drain': ExplainDrain,
  'fix-pdb': FixPdb,
  machines: Machines,
  precheck: Precheck,
  status: Status,
};
