#!/usr/bin/env node
import type { CommandEntry, CommandIo } from './command';
import { COMMANDS } from './commands';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';

function topHelp(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Usage: securityhub <command> [flags]

AWS Security Hub for a whole AWS Organization: reports and finding import.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run \`securityhub <command> --help\` for a command's flags.
`;
}

/**
 * Runs `securityhub` with the arguments after the program name.
 * Problems the user can fix print one line to stderr, without a stack trace.
 * @returns the exit code: 0 success, 1 failure, 2 usage
 */
export async function main(argv: readonly string[], io: CommandIo, commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0]) return main([rest[0], '--help'], io, commands);
    (name === undefined ? io.stderr : io.stdout).write(topHelp(commands));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`securityhub: unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')} (run \`securityhub --help\`).\n`);
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`securityhub ${name}: ${e.message.replace(/^securityhub [a-z-]+: /, '')}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

if (require.main === module) {
  // The SDK prints a seven-line notice on every run under Node 20 about support ending in 2027;
  // a command whose stderr carries its errors and progress keeps it quiet unless asked for.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `securityhub report | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // Not a user error: a bug. Show everything so it can be reported.
      process.stderr.write(`securityhub: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}

