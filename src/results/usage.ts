/** A decision that the flags asked for something this input cannot give: the command reports it as a usage error. */
export interface Usage {
  readonly usage: string;
}

export const isUsage = (value: object): value is Usage => 'usage' in value;
