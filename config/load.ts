import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../core/package-root';
import { ConfigError, pathToString, showValue, type ConfigProblem } from './problems';
import { organizationConfigSchema, type OrganizationConfig } from './schema';
import { validateOrganizationConfig } from './validate';

/** The embedded example organization, used when no other config is named. */
export const DEFAULT_CONFIG_FILE = path.join(PACKAGE_ROOT, 'config', 'default-org.yaml');

/** The environment variable that names another config file. */
export const CONFIG_FILE_ENV = 'SECURITYHUB_CONFIG';

/** Options for loading a config. */
export interface LoadOptions {
  /** Called once per warning (a problem that does not stop synth). @default warnings are dropped */
  readonly onWarning?: (message: string) => void;
  /** The day exemption expiry is judged against. @default today */
  readonly today?: Date;
}

/**
 * The config file to use: the explicit path, else $SECURITYHUB_CONFIG, else the embedded default.
 */
export function resolveConfigFile(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env[CONFIG_FILE_ENV] ?? DEFAULT_CONFIG_FILE;
}

/**
 * Reads, parses and validates an organization config file.
 * @throws ConfigError listing every problem (file:line: path: message) when the file cannot be used
 */
export function loadOrganizationConfig(file: string, options: LoadOptions = {}): OrganizationConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path or set ${CONFIG_FILE_ENV}.` }]);
  }
  return parseOrganizationConfig(text, file, options);
}

/**
 * Parses and validates config text; `file` is only used in messages.
 * @throws ConfigError listing every problem when the text is not a usable config
 */
export function parseOrganizationConfig(text: string, file: string, options: LoadOptions = {}): OrganizationConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, doc.errors.map((e) => ({
      path: '',
      line: e.linePos?.[0]?.line,
      message: `malformed YAML: ${e.message.split('\n')[0]}`,
    })));
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: `${showValue(raw)} is not a config: the file must be a YAML mapping with organization and tiers (see config/default-org.yaml).` }]);
  }
  const lineOf = (p: readonly (string | number)[]) => lineOfPath(doc, lineCounter, p);

  const parsed = organizationConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(file, sortByLine(parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, lineOf))));
  }
  const { errors, warnings } = validateOrganizationConfig(parsed.data, options.today);
  const withLines = (problems: ConfigProblem[]) => problems.map((p) => ({ ...p, line: p.line ?? lineOf(parsePath(p.path)) }));
  if (errors.length > 0) throw new ConfigError(file, sortByLine(withLines(errors)));
  for (const w of withLines(warnings)) options.onWarning?.(`${file}${w.line ? `:${w.line}` : ''}: ${w.path}: warning: ${w.message}`);
  return parsed.data;
}

/** Turns one zod issue into problems that name the field, the value received and what is allowed. */
function describeIssue(issue: z.ZodIssue, raw: unknown, lineOf: (p: readonly (string | number)[]) => number | undefined): ConfigProblem[] {
  const at = (p: readonly (string | number)[], message: string): ConfigProblem => ({ path: pathToString(p), message, line: lineOf(p) });
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const allowed = allowedKeys(issue.path);
        return at([...issue.path, key], `unknown key ${showValue(key)}${allowed ? `; allowed keys here: ${allowed.join(', ')}` : ''}.`);
      });
    case 'invalid_type':
      if (issue.received === 'undefined') return [at(issue.path, `is required but missing${issue.expected ? ` (expected ${issue.expected})` : ''}.`)];
      return [at(issue.path, `${showValue(value)} ${issue.message.startsWith('must') ? issue.message : `has the wrong type: expected ${issue.expected}, got ${issue.received}`}.`)];
    case 'invalid_enum_value':
      return [at(issue.path, `${showValue(value)} is not allowed; allowed: ${issue.options.join(', ')}.`)];
    case 'invalid_literal':
      return [at(issue.path, `${showValue(value)} is not allowed; expected ${showValue(issue.expected)}.`)];
    case 'invalid_union_discriminator':
      return [at(issue.path, `${showValue(value)} is not allowed; allowed: ${issue.options.map(String).join(', ')}.`)];
    case 'invalid_union': {
      if (value === undefined) return [at(issue.path, 'is required but missing; see the configuration reference in README.md for its forms.')];
      // Report the branch that got furthest: its issues point at the real mistake.
      const deepest = issue.unionErrors
        .map((e) => e.issues)
        .filter((issues) => issues.some((i) => i.path.length > issue.path.length || i.code !== 'invalid_type'))
        .sort((a, b) => a.length - b.length)[0];
      if (deepest) return deepest.flatMap((i) => describeIssue(i, raw, lineOf));
      return [at(issue.path, `${showValue(value)} is not one of the allowed forms; see the configuration reference in README.md.`)];
    }
    default:
      return [at(issue.path, `${showValue(value)} ${issue.message.replace(/^String /, '')}${/[.]$/.test(issue.message) ? '' : '.'}`)];
  }
}

/** The keys a strict object in the schema allows at a path, for "did you mean" help. */
function allowedKeys(p: readonly (string | number)[]): string[] | undefined {
  let schema: z.ZodTypeAny | undefined = organizationConfigSchema;
  for (const segment of [...p, undefined]) {
    for (;;) {
      if (schema instanceof z.ZodDefault) schema = schema._def.innerType;
      else if (schema instanceof z.ZodOptional) schema = schema._def.innerType;
      else if (schema instanceof z.ZodEffects) schema = schema._def.schema;
      else break;
    }
    if (segment === undefined) break;
    if (typeof segment === 'number' && schema instanceof z.ZodArray) schema = schema.element;
    else if (typeof segment === 'string' && schema instanceof z.ZodObject) schema = schema.shape[segment];
    else if (typeof segment === 'string' && schema instanceof z.ZodRecord) schema = schema.valueSchema;
    else return undefined;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

function valueAt(raw: unknown, p: readonly (string | number)[]): unknown {
  let v: unknown = raw;
  for (const key of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function lineOfPath(doc: Document, lines: LineCounter, p: readonly (string | number)[]): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const parent = n === 0 ? doc.contents : doc.getIn(p.slice(0, n - 1), true);
    const key = p[n - 1];
    let node: unknown = n === 0 ? doc.contents : undefined;
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((i) => isNode(i.key) && (i.key as { value?: unknown }).value === key);
      node = pair?.key;
    } else if (n > 0) {
      node = doc.getIn(p.slice(0, n), true);
    }
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function parsePath(p: string): (string | number)[] {
  return p.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function sortByLine(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
