/** Structured log fields: one flat JSON object a line, so CloudWatch Logs Insights can filter on them. */
export type LogFields = Record<string, unknown>;

/** Where the functions write what they decided and why. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function line(level: string, message: string, fields: LogFields | undefined): string {
  return JSON.stringify({ level, message, ...fields });
}

/** Writes JSON lines to stdout/stderr, which Lambda sends to CloudWatch Logs. */
export const jsonLogger: Logger = {
  info: (message, fields) => console.log(line('INFO', message, fields)),
  warn: (message, fields) => console.warn(line('WARN', message, fields)),
  error: (message, fields) => console.error(line('ERROR', message, fields)),
};

/** Turns any thrown value into loggable fields without losing the AWS error code. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    return { errorName: error.name, errorMessage: error.message };
  }
  return { errorMessage: String(error) };
}
