import { parseArgs } from 'node:util';
import { RUN_ID_PATTERN } from '../../remediation-functions/shared/events';
import { UsageError } from '../errors';
import { parseFlags, type FlagSpec, type FlagValues } from '../flags';

/** The name the security stack gives the rollback function (`<namePrefix>-rollback`). */
export const DEFAULT_ROLLBACK_FUNCTION = 'securityhub-rollback';

/** The flag whose value may be left out. */
const VIA_FUNCTION = '--via-function';

/** A run id as the help and messages show it. */
export const RUN_ID_EXAMPLE = 'rr-20261127T120000Z-0123456789abcdef';

/** What the command line says: the run ids and the flags. */
export interface RollbackArguments {
  /** Distinct run ids, in the order given. */
  readonly runIds: readonly string[];
  readonly flags: FlagValues;
}

/**
 * Splits `securityhub rollback RUN_ID... [flags]` into run ids and flags. Flags are checked by
 * the shared parser (same messages as every command); run ids must have the ledger's form.
 * `--via-function` with no name (last, or followed by a flag or a run id) means the default
 * rollback function.
 * @throws UsageError for an unknown flag, a missing value, a malformed run id or no run id
 */
export function parseRollbackArguments(
  command: string,
  specs: readonly FlagSpec[],
  argv: readonly string[],
): RollbackArguments {
  const args = argv.map((arg, i) => {
    if (arg !== VIA_FUNCTION) return arg;
    const next = argv[i + 1];
    return next === undefined || next.startsWith('-') || RUN_ID_PATTERN.test(next)
      ? `${VIA_FUNCTION}=${DEFAULT_ROLLBACK_FUNCTION}`
      : arg;
  });
  // A lenient pass finds the positionals (the run ids); the strict shared parser then checks the rest.
  const options = Object.fromEntries(
    specs.map((s) => [s.name, { type: s.type, ...(s.short ? { short: s.short } : {}) }]),
  );
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const positional = new Set(
    tokens.filter((t) => t.kind === 'positional' || t.kind === 'option-terminator').map((t) => t.index),
  );
  const flags = parseFlags(
    command,
    specs,
    args.filter((_, i) => !positional.has(i)),
  );
  if (flags.help) return { runIds: [], flags };

  const given = tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  for (const runId of given) {
    if (!RUN_ID_PATTERN.test(runId)) {
      const hint = runId.startsWith('rr-')
        ? ''
        : " (the finding's securityhub-remediation-run field, or the notification, names it)";
      throw new UsageError(
        `${command}: ${JSON.stringify(runId)} is not a remediation run id; run ids look like ${RUN_ID_EXAMPLE}${hint}.`,
      );
    }
  }
  if (given.length === 0)
    throw new UsageError(
      `${command}: give the run id(s) to roll back, e.g. \`${command} ${RUN_ID_EXAMPLE}\` (run \`${command} --help\`).`,
    );
  return { runIds: [...new Set(given)], flags };
}
