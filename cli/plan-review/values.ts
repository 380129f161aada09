/**
 * Reading attribute values out of plan JSON. Nested blocks are lists of objects in
 * `terraform show -json` (`configuration_policy[0].security_controls_configuration[0]...`);
 * these functions walk them without caring whether a block is a list or a single object.
 */

/** The value at a path of attribute names; list blocks are entered at their first element. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A list of strings at a path (a missing value or null is an empty list; a single string is a one-item list). */
export function stringsAt(root: unknown, path: readonly string[]): string[] {
  let current: unknown = root;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return [];
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'string') return [current];
  return Array.isArray(current) ? current.filter((v): v is string => typeof v === 'string') : [];
}

/** True when `after_unknown` marks the attribute at a path as known only after apply. */
export function unknownAt(afterUnknown: unknown, path: readonly string[]): boolean {
  let current: unknown = afterUnknown;
  for (const key of path) {
    if (current === true) return true;
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return current === true;
}

/** Items of `after` not in `before`, in `after`'s order. */
export function added(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  return [...new Set(after)].filter((v) => !had.has(v));
}

/** Items of `before` not in `after`, in `before`'s order. */
export function removed(before: readonly string[], after: readonly string[]): string[] {
  return added(after, before);
}

/** A string map (tags) at an attribute; `tags_all` is preferred since it includes the provider's default tags. */
export function tagsOf(values: Record<string, unknown> | null): Record<string, string> {
  if (!values) return {};
  const pick = (v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {};
  return { ...pick(values.tags_all), ...pick(values.tags) };
}
