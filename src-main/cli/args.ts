export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  lists: Map<string, string[]>;
}

/**
 * A small parser for `cmd sub POS... --flag value --bool`. Flags named in `listFlags`
 * take every following word up to the next flag (`--prompts "a dog" "a cat"`).
 */
export function parseArgs(argv: readonly string[], options: { booleans?: string[]; lists?: string[] } = {}): ParsedArgs {
  const booleans = new Set(options.booleans ?? []);
  const listNames = new Set(options.lists ?? []);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--') || word === '-') {
      positionals.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (booleans.has(name)) {
      flags.set(name, true);
    } else if (listNames.has(name)) {
      const values = lists.get(name) ?? [];
      while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) values.push(argv[++i] as string);
      lists.set(name, values);
    } else if (inline !== undefined) {
      flags.set(name, inline);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      i += 1;
    }
  }
  return { positionals, flags, lists };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const value = stringFlag(args, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, not "${value}"`);
  return n;
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

export function rejectUnknown(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of [...args.flags.keys(), ...args.lists.keys()]) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}
