/**
 * Errors the `securityhub` command reports to the user as one line, without a stack trace.
 * Anything else that escapes a command is a bug and is shown with its stack.
 */

/** A problem the user can fix by changing the data or the environment; exit code 1. */
export class CliError extends Error {
  /** The process exit code this error maps to. */
  public readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A problem with how the command was called (a flag, its value, a missing argument); exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** Exit code for a run that worked. */
export const EXIT_OK = 0;
/** Exit code for a run that failed on data, the API or the file system. */
export const EXIT_FAILURE = 1;
/** Exit code for a run that was called wrongly. */
export const EXIT_USAGE = 2;
