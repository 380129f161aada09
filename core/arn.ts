/** The parts of an ARN; `resource` is everything after the fifth colon. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/**
 * Splits an ARN into its parts. Shared by the remediation functions, the Security Hub emulator
 * and the tools; it has no imports so a Lambda bundle can take it alone.
 * @returns the parts, or undefined when the string is not an ARN
 */
export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!match) return undefined;
  return { partition: match[1], service: match[2], region: match[3], account: match[4], resource: match[5] };
}
