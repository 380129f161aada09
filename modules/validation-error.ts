import type { IConstruct } from './framework';

/**
 * A construct's props or place in the tree are not usable. The message names the construct and
 * its path (`ConfigurationPolicy app/security/policy-baseline: standards is empty; ...`), so the
 * text after the prefix starts with the setting, what it holds and how to fix it.
 */
export class ValidationError extends Error {
  /** Path of the construct that refused its props. */
  public readonly constructPath: string;

  /**
   * @param scope the construct that refuses its props; its class name and path start the message
   * @param message what is wrong and how to fix it; with several lines, each line gets the prefix
   */
  constructor(scope: IConstruct, message: string | readonly string[]) {
    const lines = typeof message === 'string' ? [message] : message;
    super(lines.map((line) => constructMessage(scope, line)).join('\n'));
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
  }
}

/**
 * A message about a construct, prefixed with its class name and path, for errors and for
 * `Annotations` warnings alike.
 */
export function constructMessage(scope: IConstruct, message: string): string {
  return `${scope.constructor.name} ${scope.node.path}: ${message}`;
}
