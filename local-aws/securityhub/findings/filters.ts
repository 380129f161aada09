import { invalidInput } from '../errors';
import { isObject, type JsonObject } from '../validate';
import { FILTER_FIELDS, valuesAt } from './fields';

/** The value type of a filter attribute, which decides the shape of its filter objects. */
export type FilterKind = 'string' | 'number' | 'date' | 'map' | 'boolean' | 'ip' | 'keyword';

const NUMBER_FIELDS = [
  'SeverityProduct',
  'SeverityNormalized',
  'Confidence',
  'Criticality',
  'NetworkSourcePort',
  'NetworkDestinationPort',
  'ProcessPid',
  'ProcessParentPid',
  'FindingProviderFieldsConfidence',
  'FindingProviderFieldsCriticality',
];
const DATE_FIELDS = [
  'FirstObservedAt',
  'LastObservedAt',
  'CreatedAt',
  'UpdatedAt',
  'ProcessLaunchedAt',
  'ProcessTerminatedAt',
  'ThreatIntelIndicatorLastObservedAt',
  'ResourceAwsEc2InstanceLaunchedAt',
  'ResourceAwsIamAccessKeyCreatedAt',
  'ResourceContainerLaunchedAt',
  'NoteUpdatedAt',
];
const MAP_FIELDS = ['ProductFields', 'UserDefinedFields', 'ResourceTags', 'ResourceDetailsOther'];
const IP_FIELDS = [
  'NetworkSourceIpV4',
  'NetworkSourceIpV6',
  'NetworkDestinationIpV4',
  'NetworkDestinationIpV6',
  'ResourceAwsEc2InstanceIpV4Addresses',
  'ResourceAwsEc2InstanceIpV6Addresses',
];

/** The kind of every filter attribute GetFindings accepts. */
export const FILTER_KINDS: Readonly<Record<string, FilterKind>> = Object.fromEntries([
  ...Object.keys(FILTER_FIELDS).map((name): [string, FilterKind] => [name, 'string']),
  ...NUMBER_FIELDS.map((name): [string, FilterKind] => [name, 'number']),
  ...DATE_FIELDS.map((name): [string, FilterKind] => [name, 'date']),
  ...MAP_FIELDS.map((name): [string, FilterKind] => [name, 'map']),
  ...IP_FIELDS.map((name): [string, FilterKind] => [name, 'ip']),
  ['Sample', 'boolean'],
  ['Keyword', 'keyword'],
]);

/** A compiled filter set: true when a finding matches every attribute's filters. */
export type FindingPredicate = (finding: JsonObject) => boolean;

const POSITIVE = ['EQUALS', 'PREFIX', 'CONTAINS'] as const;
const NEGATIVE = ['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS'] as const;
const COMPARISONS: readonly string[] = [...POSITIVE, ...NEGATIVE];
type Comparison = (typeof POSITIVE)[number] | (typeof NEGATIVE)[number];

function bad(field: string, text: string): Error {
  return invalidInput(`Invalid filter for ${field}: ${text}`);
}

/**
 * Compiles AwsSecurityFindingFilters (or an automation rule's Criteria) into a predicate,
 * validating each filter on the way.
 *
 * Combination rules are the service's: different attributes are joined by AND. Within one
 * attribute, EQUALS, PREFIX and CONTAINS filters are joined by OR, and NOT_EQUALS,
 * PREFIX_NOT_EQUALS and NOT_CONTAINS filters by AND; PREFIX filters are applied first and the
 * exclusions after them. EQUALS cannot be mixed with NOT_EQUALS or PREFIX_NOT_EQUALS on one
 * attribute, and CONTAINS and NOT_CONTAINS can only be combined with their own kind: the
 * service rejects such requests, and so does this. Number, date, IP, boolean and keyword
 * filters on one attribute are joined by OR.
 * @throws InvalidInputException for unknown attributes and malformed filters
 */
export function compileFilters(
  filters: JsonObject | undefined,
  kinds: Readonly<Record<string, FilterKind>> = FILTER_KINDS,
): FindingPredicate {
  if (!filters) return () => true;
  const checks: FindingPredicate[] = [];
  for (const [field, list] of Object.entries(filters)) {
    if (list === undefined || list === null) continue;
    const kind = kinds[field];
    if (!kind) throw invalidInput(`Invalid filter attribute: ${field}`);
    if (!Array.isArray(list)) throw bad(field, 'expected a list of filters');
    if (list.length === 0) continue;
    if (list.length > 20) throw bad(field, 'at most 20 filters are allowed for one attribute');
    if (!list.every(isObject)) throw bad(field, 'each filter must be an object');
    checks.push(compileField(field, kind, list as JsonObject[]));
  }
  if (checks.length === 0) return () => true;
  return (finding) => {
    for (const check of checks) if (!check(finding)) return false;
    return true;
  };
}

function compileField(field: string, kind: FilterKind, list: JsonObject[]): FindingPredicate {
  const path = FILTER_FIELDS[field];
  switch (kind) {
    case 'string':
      return compileStrings(field, list, (finding) => valuesAt(finding, path));
    case 'map':
      return compileMap(field, path, list);
    case 'number':
      return anyOf(
        list.map((f) => compileNumber(field, f)),
        (finding) => valuesAt(finding, path),
      );
    case 'date':
      return anyOf(
        list.map((f) => compileDate(field, f)),
        (finding) => valuesAt(finding, path),
      );
    case 'ip':
      return anyOf(
        list.map((f) => compileIp(field, f)),
        (finding) => valuesAt(finding, path),
      );
    case 'boolean':
      return anyOf(
        list.map((f) => compileBoolean(field, f)),
        (finding) => valuesAt(finding, path),
      );
    case 'keyword':
      return anyOf(
        list.map((f) => compileKeyword(field, f)),
        (finding) => [finding],
      );
  }
}

/** Joins one attribute's value tests with OR: a finding matches when any value passes any test. */
function anyOf(
  tests: Array<(value: unknown) => boolean>,
  values: (finding: JsonObject) => unknown[],
): FindingPredicate {
  return (finding) => values(finding).some((value) => tests.some((test) => test(value)));
}

interface StringTest {
  readonly comparison: Comparison;
  readonly value: string;
}

function readStringTest(field: string, filter: JsonObject): StringTest {
  const { Value: value, Comparison: comparison } = filter;
  if (typeof value !== 'string' || value.length === 0) throw bad(field, 'Value must be a non-empty string');
  if (typeof comparison !== 'string' || !COMPARISONS.includes(comparison)) {
    throw bad(field, `Comparison must be one of ${COMPARISONS.join(', ')}`);
  }
  return { comparison: comparison as Comparison, value };
}

function checkCombination(field: string, tests: readonly StringTest[]): void {
  const used = new Set(tests.map((t) => t.comparison));
  if (used.has('EQUALS') && (used.has('NOT_EQUALS') || used.has('PREFIX_NOT_EQUALS'))) {
    throw bad(field, 'EQUALS cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same attribute');
  }
  if (used.has('CONTAINS') && used.size > 1)
    throw bad(field, 'CONTAINS can only be combined with other CONTAINS filters');
  if (used.has('NOT_CONTAINS') && used.size > 1)
    throw bad(field, 'NOT_CONTAINS can only be combined with other NOT_CONTAINS filters');
}

function positiveMatch(comparison: Comparison, actual: string, wanted: string): boolean {
  switch (comparison) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return actual === wanted;
    case 'PREFIX':
    case 'PREFIX_NOT_EQUALS':
      return actual.startsWith(wanted);
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      return actual.includes(wanted);
  }
}

function stringsOf(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values)
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  return out;
}

/** Tests positives (any value matches any) then negatives (no value matches any exclusion). */
function stringPredicate(tests: readonly StringTest[]): (values: string[]) => boolean {
  const positives = tests.filter((t) => (POSITIVE as readonly string[]).includes(t.comparison));
  const negatives = tests.filter((t) => (NEGATIVE as readonly string[]).includes(t.comparison));
  return (values) => {
    if (positives.length > 0 && !values.some((v) => positives.some((t) => positiveMatch(t.comparison, v, t.value))))
      return false;
    for (const t of negatives) if (values.some((v) => positiveMatch(t.comparison, v, t.value))) return false;
    return true;
  };
}

function compileStrings(
  field: string,
  list: JsonObject[],
  values: (finding: JsonObject) => unknown[],
): FindingPredicate {
  const tests = list.map((f) => readStringTest(field, f));
  checkCombination(field, tests);
  const test = stringPredicate(tests);
  return (finding) => test(stringsOf(values(finding)));
}

function compileMap(field: string, path: string, list: JsonObject[]): FindingPredicate {
  const byKey = new Map<string, StringTest[]>();
  for (const filter of list) {
    const key = filter.Key;
    if (typeof key !== 'string' || key.length === 0) throw bad(field, 'Key must be a non-empty string');
    const test = readStringTest(field, { Value: filter.Value, Comparison: filter.Comparison });
    if (test.comparison === 'PREFIX' || test.comparison === 'PREFIX_NOT_EQUALS')
      throw bad(field, 'map filters support EQUALS, NOT_EQUALS, CONTAINS and NOT_CONTAINS');
    byKey.set(key, [...(byKey.get(key) ?? []), test]);
  }
  const checks = [...byKey.entries()].map(([key, tests]) => {
    checkCombination(`${field}.${key}`, tests);
    const test = stringPredicate(tests);
    return (maps: unknown[]) => test(stringsOf(maps.map((m) => (isObject(m) ? m[key] : undefined))));
  });
  return (finding) => {
    const maps = valuesAt(finding, path);
    return checks.every((check) => check(maps));
  };
}

function compileNumber(field: string, filter: JsonObject): (value: unknown) => boolean {
  const bounds: Array<[string, (a: number, b: number) => boolean]> = [
    ['Gte', (a, b) => a >= b],
    ['Lte', (a, b) => a <= b],
    ['Eq', (a, b) => a === b],
    ['Gt', (a, b) => a > b],
    ['Lt', (a, b) => a < b],
  ];
  const tests: Array<(n: number) => boolean> = [];
  for (const [name, op] of bounds) {
    const bound = filter[name];
    if (bound === undefined || bound === null) continue;
    if (typeof bound !== 'number' || !Number.isFinite(bound)) throw bad(field, `${name} must be a number`);
    tests.push((n) => op(n, bound));
  }
  if (tests.length === 0) throw bad(field, 'a number filter needs at least one of Gte, Lte, Eq, Gt, Lt');
  return (value) => {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) && tests.every((t) => t(n));
  };
}

function parseDate(field: string, name: string, value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw bad(field, `${name} must be an ISO 8601 date-time`);
  return ms;
}

function compileDate(field: string, filter: JsonObject): (value: unknown) => boolean {
  let start = -Infinity;
  let end = Infinity;
  if (filter.Start !== undefined) start = parseDate(field, 'Start', filter.Start);
  if (filter.End !== undefined) end = parseDate(field, 'End', filter.End);
  if (filter.DateRange !== undefined) {
    const range = filter.DateRange;
    if (
      !isObject(range) ||
      typeof range.Value !== 'number' ||
      !Number.isInteger(range.Value) ||
      range.Value < 0 ||
      range.Unit !== 'DAYS'
    ) {
      throw bad(field, 'DateRange needs an integer Value of 0 or more and Unit DAYS');
    }
    // Evaluated when the filter is compiled: one query sees one consistent "now".
    const now = Date.now();
    start = Math.max(start, now - range.Value * 86_400_000);
    end = Math.min(end, now);
  }
  if (start === -Infinity && end === Infinity) throw bad(field, 'a date filter needs Start, End or DateRange');
  return (value) => {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    return !Number.isNaN(ms) && ms >= start && ms <= end;
  };
}

function compileBoolean(field: string, filter: JsonObject): (value: unknown) => boolean {
  if (typeof filter.Value !== 'boolean') throw bad(field, 'Value must be a boolean');
  const wanted = filter.Value;
  return (value) => value === wanted;
}

function compileKeyword(field: string, filter: JsonObject): (value: unknown) => boolean {
  if (typeof filter.Value !== 'string' || filter.Value.length === 0)
    throw bad(field, 'Value must be a non-empty string');
  const wanted = filter.Value;
  // Keyword filters match any string member of the finding exactly.
  const search = (node: unknown): boolean => {
    if (typeof node === 'string') return node === wanted;
    if (Array.isArray(node)) return node.some(search);
    if (isObject(node)) return Object.values(node).some(search);
    return false;
  };
  return search;
}

function compileIp(field: string, filter: JsonObject): (value: unknown) => boolean {
  if (typeof filter.Cidr !== 'string') throw bad(field, 'Cidr must be a string');
  const cidr = parseCidr(filter.Cidr);
  if (!cidr) throw bad(field, `Cidr ${filter.Cidr} is not a valid CIDR block`);
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = parseIp(value);
    return (
      ip !== undefined && ip.v6 === cidr.v6 && ip.bits >> BigInt((cidr.v6 ? 128 : 32) - cidr.prefix) === cidr.network
    );
  };
}

interface ParsedIp {
  readonly v6: boolean;
  readonly bits: bigint;
}

function parseIp(text: string): ParsedIp | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { v6: false, bits: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) };
  }
  if (!text.includes(':')) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined ? headParts.length !== 8 : missing < 0) return undefined;
  const groups = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function parseCidr(text: string): { v6: boolean; prefix: number; network: bigint } | undefined {
  const [address, prefixText] = text.split('/');
  const ip = parseIp(address);
  if (!ip) return undefined;
  const width = ip.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  return { v6: ip.v6, prefix, network: ip.bits >> BigInt(width - prefix) };
}
