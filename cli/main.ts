#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CommandEntry, CommandIo } from './command';
import { COMMANDS } from './commands';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';
import { didYouMean, exitCodesHelp } from './flags';

/** The package this CLI ships in, whose package.json gives `--version`. */
const PACKAGE_NAME = 'cdktf-securityhub';

/**
 * The version in the package's package.json, found by walking up from this file: the sources
 * sit one folder below it (cli/), the compiled CLI two (dist/cli/).
 */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** The top-level help: every command of the registry, so a new command is listed without a change here. */
function topHelp(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Usage: securityhub <command> [flags]

AWS Security Hub (CSPM) for a whole AWS Organization, from the command line.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Flags:
  ${'-h, --help'.padEnd(width)}this help; \`securityhub <command> --help\` for a command's flags
  ${'--version'.padEnd(width)}the version of ${PACKAGE_NAME}

${exitCodesHelp("the command failed (each command's help says when)")}
`;
}

/**
 * Runs `securityhub` with the arguments after the program name.
 * Problems the user can fix print one line to stderr, without a stack trace.
 * @returns the exit code: 0 success, 1 failure, 2 usage
 */
export async function main(
  argv: readonly string[],
  io: CommandIo,
  commands: readonly CommandEntry[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0]) return main([rest[0], '--help'], io, commands);
    (name === undefined ? io.stderr : io.stdout).write(topHelp(commands));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    const names = commands.map((c) => c.name);
    io.stderr.write(
      `securityhub: unknown command ${JSON.stringify(name)};${didYouMean(name, names)} commands: ${names.join(', ')} (run \`securityhub --help\`).\n`,
    );
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      // Messages that already name the command (`securityhub export backfill: ...`) keep their own prefix.
      io.stderr.write(
        `${e.message.startsWith(`securityhub ${name}`) ? e.message : `securityhub ${name}: ${e.message}`}\n`,
      );
      return e.exitCode;
    }
    throw e;
  }
}

/**
 * Runs `securityhub` as a program: arguments from `process.argv`, the process's streams, and the
 * exit code set on the process. The package's bin (bin/securityhub.js) calls this.
 */
export function runAsProgram(): void {
  // The SDK prints a seven-line notice on every run under Node 20 about support ending in 2027;
  // a command whose stderr carries its errors and progress keeps it quiet unless asked for.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `securityhub report | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }).then(
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

if (require.main === module) runAsProgram();
