import type { CommandIo } from './command';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { didYouMean } from './flags';

/** What a subcommand does with the arguments after its name. */
export type SubcommandRun = (argv: readonly string[], io: CommandIo) => Promise<number>;

/**
 * Runs the subcommand argv names (`securityhub catalogue list ...`), the same way for every
 * command that has subcommands: `--help` prints the help on stdout (exit 0); no subcommand prints
 * it on stderr (exit 2); one that does not exist is a usage error (exit 2) naming the closest one.
 * @param command the command's name, e.g. `securityhub catalogue`
 */
export async function runSubcommand(
  command: string,
  help: string,
  subcommands: Readonly<Record<string, SubcommandRun>>,
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  const [sub, ...rest] = argv;
  const names = Object.keys(subcommands);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(help);
    return EXIT_OK;
  }
  if (sub === undefined) {
    // Like a bare `securityhub`: the usage, where errors go, with the usage exit code.
    io.stderr.write(help);
    return EXIT_USAGE;
  }
  const run = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (!run) {
    throw new UsageError(
      `${command}: unknown subcommand ${JSON.stringify(sub)};${didYouMean(sub, names)} the subcommands are ${names.join(', ')} (run \`${command} --help\`).`,
    );
  }
  return run(rest, io);
}
