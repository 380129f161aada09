import type { Readable, Writable } from 'node:stream';

/**
 * The streams and environment a command runs with. Commands never touch `process` directly, so
 * tests can run them in-process with captured output and the same code serves the real binary.
 */
export interface CommandIo {
  /** Where `--input -` reads from. */
  readonly stdin: Readable;
  /** Where reports and results go. */
  readonly stdout: Writable;
  /** Where progress and per-item problems go; progress is drawn only when this is a TTY. */
  readonly stderr: Writable & { isTTY?: boolean };
  /** Environment variables (HOME and XDG_STATE_HOME locate the default history file). */
  readonly env: NodeJS.ProcessEnv;
}

/** One `securityhub` subcommand. */
export interface Command {
  /** The word after `securityhub`, e.g. `report`. */
  readonly name: string;
  /** One line for `securityhub --help`. */
  readonly summary: string;
  /** The full `securityhub <name> --help` text. */
  help(): string;
  /**
   * Runs the command.
   * @param argv the arguments after the subcommand name
   * @returns the process exit code
   * @throws CliError or UsageError for problems the user can fix; anything else is a bug
   */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/**
 * A registry entry. Commands load lazily so `securityhub import` does not pay for the report's
 * SQLite and renderer modules, and so adding a command is one line in `commands/index.ts`.
 */
export interface CommandEntry {
  /** The word after `securityhub`. */
  readonly name: string;
  /** One line for `securityhub --help`. */
  readonly summary: string;
  /** Loads the command's module. */
  readonly load: () => Promise<Command>;
}
