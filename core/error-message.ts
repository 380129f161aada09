/**
 * The text of something thrown: an Error's message, or the value itself as text when a library
 * throws a string or another value. Messages shown to users and written to logs go through this,
 * so an odd throw never prints `undefined`.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
