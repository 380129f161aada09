import { invalidInput } from './errors';

/** A parsed JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Messages follow the service's validation wording, so tests and users recognise them.
function constraint(value: unknown, member: string, text: string): Error {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return invalidInput(
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${text}`,
  );
}

/** Bounds for a string member. */
export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/**
 * Reads a string member, checking its type, length and pattern.
 * @returns the string, or undefined when the member is absent and not required
 */
export function readString(obj: JsonObject, member: string, rule: StringRule & { required: true }): string;
export function readString(
  obj: JsonObject,
  member: string,
  rule?: StringRule & { required?: boolean },
): string | undefined;
export function readString(
  obj: JsonObject,
  member: string,
  rule: StringRule & { required?: boolean } = {},
): string | undefined {
  const value = obj[member];
  if (value === undefined || value === null) {
    if (rule.required) throw invalidInput(`Missing required parameter: ${member}`);
    return undefined;
  }
  if (typeof value !== 'string') throw constraint(value, member, 'Member must be a string');
  if (rule.min !== undefined && value.length < rule.min)
    throw constraint(value, member, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw constraint(value, member, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value))
    throw constraint(value, member, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  return value;
}

/** Reads a boolean member. */
export function readBoolean(obj: JsonObject, member: string): boolean | undefined {
  const value = obj[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw constraint(value, member, 'Member must be a boolean');
  return value;
}

/** Bounds for an integer member. */
export interface IntegerRule {
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
}

/** Reads an integer member, checking its bounds. */
export function readInteger(obj: JsonObject, member: string, rule: IntegerRule = {}): number | undefined {
  const value = obj[member];
  if (value === undefined || value === null) {
    if (rule.required) throw invalidInput(`Missing required parameter: ${member}`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw constraint(value, member, 'Member must be an integer');
  if (rule.min !== undefined && value < rule.min)
    throw constraint(value, member, `Member must have value greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value > rule.max)
    throw constraint(value, member, `Member must have value less than or equal to ${rule.max}`);
  return value;
}

/** Reads a number member (integer or not), checking its bounds. */
export function readNumber(obj: JsonObject, member: string, rule: IntegerRule = {}): number | undefined {
  const value = obj[member];
  if (value === undefined || value === null) {
    if (rule.required) throw invalidInput(`Missing required parameter: ${member}`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw constraint(value, member, 'Member must be a number');
  if (rule.min !== undefined && value < rule.min)
    throw constraint(value, member, `Member must have value greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value > rule.max)
    throw constraint(value, member, `Member must have value less than or equal to ${rule.max}`);
  return value;
}

/** Reads a member that must be one of a fixed set of strings. */
export function readEnum<T extends string>(
  obj: JsonObject,
  member: string,
  allowed: readonly T[],
  required = false,
): T | undefined {
  const value = readString(obj, member, { required });
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw constraint(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** Bounds for a list member. */
export interface ListRule {
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
}

/** Reads a list member, checking its length; the items are checked by the caller. */
export function readList(obj: JsonObject, member: string, rule: ListRule = {}): unknown[] | undefined {
  const value = obj[member];
  if (value === undefined || value === null) {
    if (rule.required) throw invalidInput(`Missing required parameter: ${member}`);
    return undefined;
  }
  if (!Array.isArray(value)) throw constraint(value, member, 'Member must be a list');
  if (rule.min !== undefined && value.length < rule.min)
    throw constraint(value.length, member, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw constraint(value.length, member, `Member must have length less than or equal to ${rule.max}`);
  return value;
}

/** Reads a list of strings. */
export function readStringList(
  obj: JsonObject,
  member: string,
  rule: ListRule & StringRule = {},
): string[] | undefined {
  const list = readList(obj, member, rule);
  if (!list) return undefined;
  return list.map((item) => {
    if (typeof item !== 'string') throw constraint(item, member, 'Member must be a list of strings');
    if (rule.pattern && !rule.pattern.test(item))
      throw constraint(item, member, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    return item;
  });
}

/** Reads an object member. */
export function readObject(obj: JsonObject, member: string, required = false): JsonObject | undefined {
  const value = obj[member];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(`Missing required parameter: ${member}`);
    return undefined;
  }
  if (!isObject(value)) throw constraint(value, member, 'Member must be a structure');
  return value;
}

/** Reads a string-to-string map member (tags, UserDefinedFields). */
export function readStringMap(
  obj: JsonObject,
  member: string,
  maxEntries?: number,
): Record<string, string> | undefined {
  const map = readObject(obj, member);
  if (!map) return undefined;
  const entries = Object.entries(map);
  if (maxEntries !== undefined && entries.length > maxEntries) {
    throw constraint(entries.length, member, `Member must have length less than or equal to ${maxEntries}`);
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw constraint(value, `${member}.${key}`, 'Member must be a string');
  }
  return map as Record<string, string>;
}

/** The shape of tags in Security Hub requests: 1-128 character keys, up to 256 character values, 50 at most. */
export function readTags(obj: JsonObject, member = 'Tags'): Record<string, string> | undefined {
  const tags = readStringMap(obj, member, 50);
  if (!tags) return undefined;
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || key.startsWith('aws:'))
      throw constraint(
        key,
        `${member}.key`,
        'Member must be a tag key of 1 to 128 characters that does not start with aws:',
      );
    if (value.length > 256)
      throw constraint(value, `${member}.${key}`, 'Member must have length less than or equal to 256');
  }
  return tags;
}
