import { showValue as describe } from '../../core/values';
import { InvalidEventError, invalidValue } from './errors';

/**
 * Input limits, checked before the functions make any AWS call that changes something. The
 * finding limits are Security Hub's own ASFF limits (a finding Security Hub holds never exceeds
 * them), so anything larger did not come from Security Hub; the event limits are EventBridge's
 * (an event is at most 256 KB) with room for nothing else.
 */
export const INPUT_LIMITS = {
  /** EventBridge's largest event, in characters of JSON. */
  eventCharacters: 256 * 1024,
  /** Deeper than any ASFF field (Resources[].Details.<type>.<list>[].<object>...), with room to spare. */
  depth: 32,
  /** Findings one event may carry (Security Hub sends custom actions at most 100 at a time). */
  findings: 100,
  findingId: 512,
  productArn: 512,
  title: 256,
  description: 1024,
  resources: 32,
  resourceId: 2048,
  resourceType: 256,
  /** Entries of ProductFields and of UserDefinedFields. */
  mapEntries: 50,
  mapKey: 128,
  productFieldValue: 2048,
  userDefinedFieldValue: 1024,
} as const;

/**
 * Walks a received value without recursion (a 5,000-deep object must not exhaust the stack) and
 * refuses it when it is deeper than {@link INPUT_LIMITS.depth} or larger than an EventBridge
 * event can be.
 * @param path how the value is named in the message (`event`)
 * @throws InvalidEventError naming the limit, the path reached and what was found
 */
export function checkEventShape(value: unknown, path = 'event'): void {
  let characters = 0;
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path }];
  while (stack.length > 0) {
    const node = stack.pop() as { value: unknown; depth: number; path: string };
    if (node.depth > INPUT_LIMITS.depth) {
      throw new InvalidEventError(
        `${node.path}: nested deeper than ${INPUT_LIMITS.depth} levels; no Security Hub event is, so it was refused and nothing was done.`,
      );
    }
    const v = node.value;
    if (typeof v === 'string') characters += v.length + 2;
    else if (v === null || typeof v !== 'object') characters += 8;
    else if (Array.isArray(v)) {
      characters += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], depth: node.depth + 1, path: `${node.path}[${i}]` });
    } else {
      const entries = Object.entries(v as Record<string, unknown>);
      characters += 2;
      for (let i = entries.length - 1; i >= 0; i--) {
        characters += entries[i][0].length + 4;
        stack.push({ value: entries[i][1], depth: node.depth + 1, path: `${node.path}.${entries[i][0].slice(0, 64)}` });
      }
    }
    if (characters > INPUT_LIMITS.eventCharacters) {
      throw new InvalidEventError(
        `${path}: larger than ${INPUT_LIMITS.eventCharacters} characters of JSON (the EventBridge event limit); it was refused and nothing was done.`,
      );
    }
  }
}

/**
 * Refuses a text longer than `max` characters or holding control characters.
 * @throws InvalidEventError naming the field, the length received and the limit
 */
export function checkText(value: string, path: string, max: number): void {
  if (value.length > max)
    throw new InvalidEventError(
      `${path}: ${value.length} characters, more than the ${max} Security Hub allows; it was refused and nothing was done.`,
    );
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new InvalidEventError(`${path}: holds control characters, received ${describe(value)}.`);
}

/**
 * Refuses a string map with more entries, or longer keys or values, than Security Hub allows.
 * @throws InvalidEventError naming the map and the entry
 */
export function checkStringMap(value: unknown, path: string, maxValue: number): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidValue(path, 'a map of strings', value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > INPUT_LIMITS.mapEntries)
    throw new InvalidEventError(
      `${path}: ${entries.length} entries, more than the ${INPUT_LIMITS.mapEntries} Security Hub allows.`,
    );
  for (const [key, v] of entries) {
    if (key.length > INPUT_LIMITS.mapKey)
      throw new InvalidEventError(
        `${path}: a key of ${key.length} characters, more than the ${INPUT_LIMITS.mapKey} Security Hub allows.`,
      );
    if (typeof v !== 'string') throw invalidValue(`${path}.${key.slice(0, 64)}`, 'a string', v);
    if (v.length > maxValue)
      throw new InvalidEventError(
        `${path}.${key.slice(0, 64)}: ${v.length} characters, more than the ${maxValue} Security Hub allows.`,
      );
  }
}
