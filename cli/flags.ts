import { parseArgs } from 'node:util';
import { closestMatches } from '../core/closest';
import { UsageError } from './errors';

/** One command-line flag: how it parses and how `--help` describes it. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `input`. */
  readonly name: string;
  /** `string` flags take a value; `boolean` flags do not. */
  readonly type: 'string' | 'boolean';
  /** One-letter alias, e.g. `o` for `--output`. */
  readonly short?: string;
  /** The value's placeholder in help, e.g. `FILE`. */
  readonly value?: string;
  /** One line saying what the flag does and its default. */
  readonly description: string;
}

/** Parsed flag values: strings for value flags, true for boolean flags that were given. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Parses argv against the flag specs with node:util parseArgs (strict, no positionals).
 * @param command the command's name, for messages (`securityhub report`)
 * @throws UsageError naming the flag and saying how to get help
 */
export function parseFlags(command: string, specs: readonly FlagSpec[], argv: readonly string[]): FlagValues {
  const options = Object.fromEntries(
    specs.map((s) => [s.name, { type: s.type, ...(s.short ? { short: s.short } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw new UsageError(
        `${command}: unexpected argument ${JSON.stringify(positionals[0])}; every value goes after its flag (run \`${command} --help\`).`,
      );
    }
    return values as FlagValues;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(describeParseError(command, specs, e as Error & { code?: string }));
  }
}

/** Turns parseArgs' multi-sentence errors into one line that names the flag and the fix. */
function describeParseError(command: string, specs: readonly FlagSpec[], e: Error & { code?: string }): string {
  // parseArgs quotes the option as '-i, --input <value>' or '--colour'; name the long form.
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const name = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${command}: unknown flag ${name};${didYouMean(
        name,
        specs.map((s) => `--${s.name}`),
      )} run \`${command} --help\` for the flags it takes.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(e.message)
        ? `${command}: flag ${name} needs a value, e.g. ${name} VALUE (run \`${command} --help\`).`
        : `${command}: flag ${name} takes no value; drop the "=..." after it (run \`${command} --help\`).`;
    default:
      return `${command}: ${e.message.split('\n')[0]} (run \`${command} --help\`).`;
  }
}

/** Renders the flags as an aligned help block. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `  ${left[i].padEnd(width)}${s.description}`).join('\n');
}

/** Reads a string flag, or undefined when it was not given. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads a string flag whose value must be one of a fixed set.
 * @throws UsageError naming the flag, the value and the allowed values
 */
export function choiceFlag<T extends string>(
  command: string,
  values: FlagValues,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T;
export function choiceFlag<T extends string>(
  command: string,
  values: FlagValues,
  name: string,
  allowed: readonly T[],
): T | undefined;
export function choiceFlag<T extends string>(
  command: string,
  values: FlagValues,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T | undefined {
  const v = stringFlag(values, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(
      `${command}: --${name} ${JSON.stringify(v)} is not supported; use one of: ${allowed.join(', ')}.`,
    );
  }
  return v as T;
}

/**
 * Reads a whole-number flag within bounds.
 * @throws UsageError naming the flag, the value and the allowed range
 */
export function integerFlag(
  command: string,
  values: FlagValues,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const v = stringFlag(values, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(
      `${command}: --${name} ${JSON.stringify(v)} is not a whole number from ${min} to ${max}; e.g. --${name} ${fallback}.`,
    );
  }
  return Number(v);
}

/** ` did you mean "--format"?` when one of the candidates is close to what was typed, else empty. */
export function didYouMean(typed: string, candidates: readonly string[]): string {
  const near = closestMatches(typed, candidates);
  return near.length > 0 ? ` did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?` : '';
}

/*
 * The flags every command spells the same way. A command lists the ones it takes in its specs,
 * so `--help`, `--format`, `--output` and `--wide` mean one thing everywhere.
 */

/** `-h, --help`: the command's help on stdout, exit 0. Every command takes it. */
export const HELP_FLAG: FlagSpec = { name: 'help', type: 'boolean', short: 'h', description: 'show this help' };

/** `-o, --output FILE`: every command that renders something can write it to a file instead of stdout. */
export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  type: 'string',
  short: 'o',
  value: 'FILE',
  description: 'write the result to FILE (atomically) instead of stdout; one line on stderr names it',
};

/** `--wide`: table lines as long as their content instead of cut to the terminal width. */
export const WIDE_FLAG: FlagSpec = {
  name: 'wide',
  type: 'boolean',
  description: 'do not cut table lines to the terminal width',
};

/**
 * `-f, --format FORMAT` for a command whose formats are `formats`, the first being the default.
 * @param note what else to say, e.g. which formats another mode takes
 */
export function formatFlag(formats: readonly string[], note = ''): FlagSpec {
  return {
    name: 'format',
    type: 'string',
    short: 'f',
    value: 'FORMAT',
    description: `output format: ${formats.join(', ')} (default ${formats[0]})${note ? `; ${note}` : ''}`,
  };
}

/**
 * Reads a flag the command cannot run without.
 * @param example how the flag is given, e.g. `--input FILE (use --input - for standard input)`
 * @throws UsageError (exit 2) naming the flag and an example when it is missing
 */
export function requiredFlag(command: string, values: FlagValues, name: string, example: string): string {
  const v = stringFlag(values, name);
  if (v === undefined)
    throw new UsageError(`${command}: --${name} is required: ${example}; run \`${command} --help\` for the flags.`);
  return v;
}

/**
 * The exit-code paragraph every help ends with: 0, 1 and 2 mean the same in every command; a
 * command says what 1 means for it.
 * @param failure when the command exits 1, e.g. `high risks found`
 * @param usage what else is a usage error for this command, e.g. `, a config that does not validate`
 */
export function exitCodesHelp(failure: string, usage = ''): string {
  return `Exit codes: 0 success; 1 ${failure}; 2 usage error (bad flag, missing argument${usage}; the message says which).`;
}
