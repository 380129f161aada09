/**
 * How values received from outside (config files, events, findings) are checked and shown in
 * messages. Config errors, the remediation functions' event errors and the tools all use these,
 * so a value reads the same in every message.
 */

/**
 * Shows a received value in a message: strings quoted, long values cut.
 * @returns `nothing` for undefined, else the value as JSON, at most 80 characters
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify gives undefined for functions and symbols.
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** True for a JSON object (not null, not an array): what every event and policy field check starts with. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
