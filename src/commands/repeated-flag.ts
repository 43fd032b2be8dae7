/** The parts of an oclif flag definition that tell how it appears on a command line. */
export interface FlagShape {
  readonly char?: string;
  readonly type: string;
  readonly multiple?: boolean;
}

/**
 * The first flag given twice that takes one value (`--context a --context b`, `-o json --output yaml`), or
 * undefined. kubectl's pflag keeps the last silently; here the user meant one of them and we cannot know which,
 * so it is a usage error. Flags declared `multiple` (precheck's --only/--skip) may repeat; nothing after `--` is
 * a flag.
 */
export const repeatedFlag = (
  argv: readonly string[],
  flags: Readonly<Record<string, FlagShape | undefined>>,
): string | undefined => {
  const byChar = new Map(
    Object.entries(flags).flatMap(([name, flag]) => (flag?.char === undefined ? [] : [[flag.char, name] as const])),
  );
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? '';
    if (token === '--') break;
    let name: string | undefined;
    let inline = false;
    if (token.startsWith('--')) {
      const [head = ''] = token.slice(2).split('=', 1);
      name = head;
      inline = token.includes('=');
    } else if (/^-[^-]/.test(token)) {
      name = byChar.get(token.charAt(1));
      inline = token.length > 2;
    }
    const flag = name === undefined ? undefined : flags[name];
    if (name === undefined || flag === undefined) continue;
    if (flag.type !== 'boolean' && !inline) index += 1;
    if (flag.multiple) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
};
