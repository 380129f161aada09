/*
 * EventBridge as AWS documents it, for the chain harness: event pattern matching and input
 * transformers. Written from the EventBridge user guide (event patterns, content filtering,
 * input transformation), not from the project's pattern helpers, which it must be able to catch.
 *
 * Matching: every field of the pattern must match; a leaf is a list of matchers, any of which may
 * match; when the event holds an array at a path (arrays of objects included), the field matches
 * when any value reached through the array matches, each pattern field on its own (EventBridge
 * does not require two fields to match in the same array element).
 */

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf value at a path of the event, flattening arrays on the way (and at the end). */
function valuesAt(event: Json, path: readonly string[]): Json[] {
  let current: Json[] = [event];
  for (const key of path) {
    const next: Json[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (isObject(item) && key in item) next.push(item[key]);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function wildcardMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return regex.test(value);
}

/** One matcher of a leaf list against one event value. */
function matcherMatches(matcher: Json, value: Json): boolean {
  if (!isObject(matcher)) return matcher === value;
  const [kind, operand] = Object.entries(matcher)[0] ?? [];
  switch (kind) {
    case 'prefix':
      if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string')
        return typeof value === 'string' && value.toLowerCase().startsWith(operand['equals-ignore-case'].toLowerCase());
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'suffix':
      return typeof value === 'string' && typeof operand === 'string' && value.endsWith(operand);
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && wildcardMatches(operand, value);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'anything-but': {
      if (isObject(operand)) {
        if (typeof operand.prefix === 'string') return typeof value === 'string' && !value.startsWith(operand.prefix);
        if (typeof operand.suffix === 'string') return typeof value === 'string' && !value.endsWith(operand.suffix);
        if (typeof operand.wildcard === 'string')
          return typeof value === 'string' && !wildcardMatches(operand.wildcard, value);
        throw new Error(`anything-but operand not modelled: ${JSON.stringify(operand)}`);
      }
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.includes(value as never);
    }
    default:
      throw new Error(`event pattern matcher not modelled by the harness: ${JSON.stringify(matcher)}`);
  }
}

function fieldMatches(pattern: Json, event: Json, path: string[]): boolean {
  if (Array.isArray(pattern)) {
    const values = valuesAt(event, path);
    return pattern.some((matcher) => {
      if (isObject(matcher) && 'exists' in matcher) return matcher.exists === values.length > 0;
      return values.some((value) => matcherMatches(matcher, value));
    });
  }
  if (!isObject(pattern))
    throw new Error(`event pattern leaf at ${path.join('.')} must be a list, got ${JSON.stringify(pattern)}`);
  return Object.entries(pattern).every(([key, sub]) => fieldMatches(sub, event, [...path, key]));
}

/** True when the event matches the rule's event pattern (the rule's `event_pattern` JSON text). */
export function patternMatches(eventPattern: string, event: Json): boolean {
  return fieldMatches(JSON.parse(eventPattern) as Json, event, []);
}

/** The value at an InputPathsMap path (`$.detail.findings[0].Id`: dot notation and array indices). */
function valueAtJsonPath(event: Json, jsonPath: string): Json {
  if (!jsonPath.startsWith('$')) throw new Error(`InputPathsMap path must start with $: ${jsonPath}`);
  let current: Json = event;
  for (const part of jsonPath.slice(1).split('.').filter(Boolean)) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`InputPathsMap path not supported by EventBridge: ${jsonPath}`);
    current = isObject(current) ? current[m[1]] : undefined;
    for (const index of m[2].match(/\d+/g) ?? []) current = Array.isArray(current) ? current[Number(index)] : undefined;
  }
  return current;
}

/**
 * The input a target receives through an input transformer: placeholders `<name>` replaced by
 * the values of InputPathsMap. Inside a JSON string a value is inserted as text (its JSON
 * escaping kept); outside, as JSON (a string gets its quotes). A JSON template must give JSON.
 */
export function transformInput(
  transformer: { input_paths?: Record<string, string>; input_template: string },
  event: Json,
): string {
  const values = Object.fromEntries(
    Object.entries(transformer.input_paths ?? {}).map(([name, p]) => [name, valueAtJsonPath(event, p)]),
  );
  const template = transformer.input_template;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '"' && template[i - 1] !== '\\') inString = !inString;
    const placeholder = ch === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i)) : null;
    if (placeholder && placeholder[1] in values) {
      const value = values[placeholder[1]];
      if (inString)
        out +=
          value === undefined
            ? ''
            : typeof value === 'string'
              ? JSON.stringify(value).slice(1, -1)
              : JSON.stringify(value);
      else out += value === undefined ? 'null' : JSON.stringify(value);
      i += placeholder[0].length - 1;
      continue;
    }
    out += ch;
  }
  if (template.trim().startsWith('{')) JSON.parse(out);
  return out;
}
