import type { z } from 'zod';
import { pathToString, type ConfigProblem } from './problems';
import { organizationConfigSchema, type OrganizationConfig } from './schema';

/*
 * The cross-field rules (an account in two tiers, an unknown standard or control, the home Region
 * missing from the linked ones) need a config that passed the schema. So that one run reports
 * them next to the schema's own problems, the broken fields are set aside in a copy: a broken
 * optional field is dropped (its default applies), a broken required one gets a neutral
 * stand-in, and what has neither goes with the list element that holds it. The rules then run on
 * the copy, and only their problems that the setting aside cannot have caused are kept.
 */

/** A config path as keys and list indexes. */
export type Path = (string | number)[];

/** Stand-ins for required fields, by path with list indexes as `[]`. Each passes the schema and means nothing. */
const STAND_INS: Readonly<Record<string, (index: number) => unknown>> = {
  'organization.name': () => 'organization',
  'organization.managementAccountId': () => '000000000000',
  'organization.securityAccountId': () => '000000000001',
  'organization.homeRegion': () => 'us-east-1',
  'organization.linkedRegions': () => 'ALL_REGIONS',
  'tiers[].name': (i) => `set-aside-${i}`,
  'tiers[].environment': () => 'development',
  'tiers[].standards': () => ['standards/aws-foundational-security-best-practices/v/1.0.0'],
};

const REMOVED = Symbol('removed');
const MAX_ROUNDS = 8;

/**
 * The cross-field errors of a config that failed the schema, checked on a copy with the broken
 * fields set aside.
 * @param issues the schema's issues for `raw`
 * @param validate the cross-field rules
 * @param parsePath splits a rule's rendered path against `raw`
 * @returns problems with paths into `raw`; [] when too little of the config is usable
 */
export function crossFieldErrors(
  raw: unknown,
  issues: readonly z.ZodIssue[],
  validate: (config: OrganizationConfig) => readonly ConfigProblem[],
  parsePath: (rendered: string) => Path,
): ConfigProblem[] {
  const draft = structuredClone(raw);
  const setAside: Path[] = [];
  let pending = issues.flatMap(issuePaths);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const p of pending) {
      if (!setAsidePath(draft, p, setAside)) return [];
    }
    const compact = compacted(draft);
    const parsed = organizationConfigSchema.safeParse(compact);
    if (parsed.success) {
      return validate(parsed.data).flatMap((problem) => {
        const original = toOriginal(draft, parsePath(problem.path));
        return caused(original, setAside) ? [] : [{ ...problem, path: pathToString(original) }];
      });
    }
    pending = parsed.error.issues.flatMap(issuePaths).map((p) => toOriginal(draft, p));
  }
  return [];
}

function issuePaths(issue: z.ZodIssue): Path[] {
  return issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [[...issue.path]];
}

/** Sets aside the value at `p` in the draft: a stand-in, else dropped, else its list element. False when nothing can be. */
function setAsidePath(draft: unknown, p: Path, setAside: Path[]): boolean {
  if (p.length === 0) return false;
  const pattern = pathToString(p.map((s) => (typeof s === 'number' ? -1 : s))).replace(/\[-1\]/g, '[]');
  const standIn = STAND_INS[pattern];
  const already = setAside.some((s) => samePath(s, p));
  if (standIn && !already) {
    const index = [...p].reverse().find((s): s is number => typeof s === 'number') ?? 0;
    setAside.push(p);
    return put(draft, p, standIn(index));
  }
  if (!already && exists(draft, p)) {
    setAside.push(p);
    return put(draft, p, REMOVED);
  }
  // Required and without a stand-in (or still wrong): drop the list element that holds it.
  for (let n = p.length - 1; n > 0; n--) {
    if (typeof p[n] === 'number') {
      const element = p.slice(0, n + 1);
      if (setAside.some((s) => samePath(s, element))) return true;
      setAside.push(element);
      return put(draft, element, REMOVED);
    }
  }
  return false;
}

function exists(node: unknown, p: Path): boolean {
  let v: unknown = node;
  for (const s of p) {
    if (v === null || typeof v !== 'object' || !(s in (v as object))) return false;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v !== REMOVED;
}

function put(node: unknown, p: Path, value: unknown): boolean {
  let v: unknown = node;
  for (const s of p.slice(0, -1)) {
    if (v === null || typeof v !== 'object') return false;
    v = (v as Record<string | number, unknown>)[s];
  }
  if (v === null || typeof v !== 'object') return false;
  const last = p[p.length - 1];
  if (value === REMOVED && !Array.isArray(v)) delete (v as Record<string | number, unknown>)[last];
  else (v as Record<string | number, unknown>)[last] = value;
  return true;
}

/** The draft without its removed list elements: what the schema checks next. */
function compacted(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((v) => v !== REMOVED).map(compacted);
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, compacted(v)]));
  return node;
}

/** Maps a path into the compacted draft back to the draft's (and so the file's) list indexes. */
function toOriginal(draft: unknown, p: Path): Path {
  const out: Path = [];
  let node: unknown = draft;
  for (const s of p) {
    if (Array.isArray(node) && typeof s === 'number') {
      let seen = -1;
      const index = node.findIndex((v) => v !== REMOVED && ++seen === s);
      const original = index === -1 ? s : index;
      out.push(original);
      node = node[original];
    } else {
      out.push(s);
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[s] : undefined;
    }
  }
  return out;
}

/**
 * True when setting fields aside may have caused the problem: it is about a set-aside field or
 * something inside one, or about an element or field that holds one (a tier whose only account
 * was broken now "has no accounts"). Problems about whole lists (duplicate names) are kept: dropping
 * elements cannot make duplicates.
 */
function caused(problem: Path, setAside: readonly Path[]): boolean {
  return setAside.some((s) => startsWith(problem, s) || (problem.length >= 2 && startsWith(s, problem)));
}

function startsWith(p: Path, prefix: Path): boolean {
  return prefix.length <= p.length && prefix.every((s, i) => s === p[i]);
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && startsWith(a, b);
}
