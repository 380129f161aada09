import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../core/package-root';
import { ConfigError, didYouMean, pathToString, showValue, type ConfigProblem } from './problems';
import { crossFieldErrors, type Path } from './repair';
import { organizationConfigSchema, type OrganizationConfig } from './schema';
import { validateOrganizationConfig } from './validate';
import { messageOf } from '../core/error-message';

/** The embedded example organization, used when no other config is named. */
export const DEFAULT_CONFIG_FILE = path.join(PACKAGE_ROOT, 'config', 'default-org.yaml');

/** The environment variable that names another config file. */
export const CONFIG_FILE_ENV = 'SECURITYHUB_CONFIG';

/**
 * The largest config file read. An organization config is a few kilobytes (the 50-account
 * example is 7 KB); anything near this is the wrong file, and parsing it would only echo it back.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

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
 * The line synth, diff, deploy and coverage print first, so nobody plans the embedded example
 * believing it is their organization: `config: org.yaml (from SECURITYHUB_CONFIG)`.
 * @param explicit the path given on the command line (`--config`), if any
 */
export function describeConfigSource(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = resolveConfigFile(explicit, env);
  const shown = path.relative(process.cwd(), file) || file;
  if (explicit !== undefined) return `config: ${shown} (from --config)`;
  if (env[CONFIG_FILE_ENV] !== undefined) return `config: ${shown} (from ${CONFIG_FILE_ENV})`;
  return `config: ${shown} (the embedded example; set ${CONFIG_FILE_ENV}=org.yaml for your own)`;
}

/**
 * Reads, parses and validates an organization config file.
 * @throws ConfigError listing every problem (file:line: path: message) when the file cannot be used
 */
export function loadOrganizationConfig(file: string, options: LoadOptions = {}): OrganizationConfig {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(file, [tooLarge(size)]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(file, [
      {
        path: '',
        message: `cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path or set ${CONFIG_FILE_ENV}.`,
      },
    ]);
  }
  return parseOrganizationConfig(text, file, options);
}

/**
 * Parses and validates config text; `file` is only used in messages. Every problem is collected
 * in one run: YAML syntax, the schema's field rules, and the rules that relate fields to each
 * other and to the control catalogue (checked on what remains once the broken fields are set aside).
 * @throws ConfigError listing every problem when the text is not a usable config
 */
export function parseOrganizationConfig(text: string, file: string, options: LoadOptions = {}): OrganizationConfig {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES)
    throw new ConfigError(file, [tooLarge(Buffer.byteLength(text, 'utf8'))]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, dedupe(doc.errors.map((e) => describeYamlError(e, doc, text))));
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    // The yaml library refuses documents whose aliases expand past its limit ("billion laughs").
    throw new ConfigError(file, [
      {
        path: '',
        line: firstAliasLine(doc, lineCounter),
        message: `malformed YAML: the aliases (*name) expand to too many values (${messageOf(e).toLowerCase()}); write the values out instead of nesting aliases.`,
      },
    ]);
  }
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [
      {
        path: '',
        message: `${showValue(raw)} is not a config: the file must be a YAML mapping with organization and tiers (see config/default-org.yaml).`,
      },
    ]);
  }
  const lineOf = (p: readonly (string | number)[]) => lineOfPath(doc, lineCounter, p);
  const sourceOf = (p: readonly (string | number)[]) => sourceText(doc, text, p);
  const withLines = (problems: readonly ConfigProblem[]) =>
    problems.map((p) => ({ ...p, line: p.line ?? lineOf(parsePath(raw, p.path)) }));

  const parsed = organizationConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldProblems = parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, lineOf, sourceOf));
    const crossField = crossFieldErrors(
      raw,
      parsed.error.issues,
      (config) => validateOrganizationConfig(config, options.today).errors,
      (p) => parsePath(raw, p),
    );
    throw new ConfigError(file, sortByLine(dedupe([...fieldProblems, ...withLines(crossField)])));
  }
  const { errors, warnings } = validateOrganizationConfig(parsed.data, options.today);
  if (errors.length > 0) throw new ConfigError(file, sortByLine(dedupe(withLines(errors))));
  for (const w of withLines(warnings))
    options.onWarning?.(`${file}${w.line ? `:${w.line}` : ''}: ${w.path}: warning: ${w.message}`);
  return parsed.data;
}

function tooLarge(size: number): ConfigProblem {
  return {
    path: '',
    message: `the file is ${size} bytes; an organization config is a few kilobytes (at most ${MAX_CONFIG_BYTES} bytes are read), so check that ${CONFIG_FILE_ENV} names the right file.`,
  };
}

/** One YAML syntax error as a problem at the key it is under, in words that say what to change. */
function describeYamlError(e: YAMLError, doc: Document, text: string): ConfigProblem {
  const offset = e.pos[0];
  const at = pathAtOffset(doc.contents, offset, []);
  const line = e.linePos?.[0]?.line;
  // The library's first line ends with its own "at line L, column C:"; the line is reported separately.
  const said = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const sourceLine = line === undefined ? '' : (text.split('\n')[line - 1] ?? '').trim();
  const shownLine = sourceLine.length > 80 ? `${sourceLine.slice(0, 77)}...` : sourceLine;
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      // The error points at the second key; its text names it (the path lookup finds the first).
      const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#\n]*?))\s*:/.exec(text.slice(offset, offset + 200));
      const name = key ? (key[1] ?? key[2] ?? key[3]) : String(at[at.length - 1] ?? '');
      const parent = at.length > 0 && String(at[at.length - 1]) === name ? at.slice(0, -1) : at;
      return {
        path: pathToString([...parent, name]),
        line,
        message: `malformed YAML: key ${showValue(name)} appears twice in the same mapping; YAML keeps only one of them, so remove or merge the other.`,
      };
    }
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // The error points at the text after the first ": ", which YAML took for a nested key.
      const owner = at.length > 1 ? at.slice(0, -1) : at;
      return {
        path: pathToString(owner),
        line,
        message: `malformed YAML: a second ": " on one line (${shownLine}); a value that holds ": " must be in quotes, e.g. ${String(owner[owner.length - 1] ?? 'name')}: "a: b".`,
      };
    }
    default:
      return {
        path: pathToString(at),
        line,
        message: `malformed YAML: ${said}${shownLine ? ` (in ${JSON.stringify(shownLine)})` : ''}.`,
      };
  }
}

/** The key path of the deepest node of the document that holds a text offset. */
function pathAtOffset(node: unknown, offset: number, at: Path): Path {
  if (isMap(node)) {
    for (const pair of node.items) {
      const start = isNode(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
      const end =
        isNode(pair.value) && pair.value.range
          ? pair.value.range[2]
          : isNode(pair.key) && pair.key.range
            ? pair.key.range[2]
            : undefined;
      if (start !== undefined && end !== undefined && offset >= start && offset <= end) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        return pathAtOffset(pair.value, offset, [...at, typeof key === 'number' ? String(key) : String(key)]);
      }
    }
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      if (isNode(item) && item.range && offset >= item.range[0] && offset <= item.range[2])
        return pathAtOffset(item, offset, [...at, i]);
    }
  }
  return at;
}

function firstAliasLine(doc: Document, lines: LineCounter): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) found = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return found;
}

/** Turns one zod issue into problems that name the field, the value received and what is allowed. */
function describeIssue(
  issue: z.ZodIssue,
  raw: unknown,
  lineOf: (p: readonly (string | number)[]) => number | undefined,
  sourceOf: (p: readonly (string | number)[]) => string | undefined,
): ConfigProblem[] {
  const at = (p: readonly (string | number)[], message: string): ConfigProblem => ({
    path: pathToString(p),
    message,
    line: lineOf(p),
  });
  const value = valueAt(raw, issue.path);
  const custom = isOwnMessage(issue.message);
  // The schema's checks against the catalogue word the whole problem, value included.
  if (issue.code === 'custom' && issue.params?.sentence === true) return [at(issue.path, issue.message)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const allowed = allowedKeys(issue.path);
        return at(
          [...issue.path, key],
          `unknown key ${showValue(key)}${allowed ? `${didYouMean(key, allowed)}; allowed keys here: ${allowed.join(', ')}` : ''}.`,
        );
      });
    case 'invalid_type': {
      if (issue.received === 'undefined')
        return [at(issue.path, `is required but missing${issue.expected ? ` (expected ${issue.expected})` : ''}.`)];
      const source = sourceOf(issue.path);
      if (
        issue.expected === 'string' &&
        (issue.received === 'number' || issue.received === 'boolean') &&
        source !== undefined
      ) {
        return [at(issue.path, unquoted(source, value, custom ? issue.message : undefined))];
      }
      if (issue.expected === 'integer') return [at(issue.path, `${showValue(value)} must be a whole number.`)];
      return [
        at(
          issue.path,
          `${showValue(value)} ${custom ? issue.message : `has the wrong type: expected ${issue.expected}, got ${issue.received}`}.`,
        ),
      ];
    }
    case 'invalid_enum_value':
      return [
        at(
          issue.path,
          `${showValue(value)} is not allowed${didYouMean(value, issue.options.map(String))}; allowed: ${issue.options.join(', ')}.`,
        ),
      ];
    case 'invalid_literal':
      return [at(issue.path, `${showValue(value)} is not allowed; expected ${showValue(issue.expected)}.`)];
    case 'invalid_union_discriminator':
      return [
        at(
          issue.path,
          `${showValue(value)} is not allowed${didYouMean(value, issue.options.map(String))}; allowed: ${issue.options.map(String).join(', ')}.`,
        ),
      ];
    case 'invalid_union': {
      const forms = schemaAt(issue.path)?.description;
      if (value === undefined)
        return [
          at(
            issue.path,
            `is required but missing; ${forms ?? 'see the configuration reference in README.md for its forms'}.`,
          ),
        ];
      // A branch that got past the value's shape (an element, a key inside, a list too short) points at the real mistake.
      const deepest = issue.unionErrors
        .map((e) => e.issues)
        .filter((issues) =>
          issues.some(
            (i) => i.path.length > issue.path.length || !['invalid_type', 'invalid_literal'].includes(i.code),
          ),
        )
        .sort((a, b) => a.length - b.length)[0];
      if (deepest) return deepest.flatMap((i) => describeIssue(i, raw, lineOf, sourceOf));
      const literals = issue.unionErrors
        .flatMap((e) => e.issues)
        .flatMap((i) => (i.code === 'invalid_literal' && typeof i.expected === 'string' ? [i.expected] : []));
      return [
        at(
          issue.path,
          `${showValue(value)} is not allowed${didYouMean(value, literals)}; ${forms ?? 'see the configuration reference in README.md for the allowed forms'}.`,
        ),
      ];
    }
    case 'too_small':
    case 'too_big':
      return [
        at(
          issue.path,
          `${showValue(value)} ${custom ? issue.message : sizeRule(issue)}${/[.]$/.test(issue.message) && custom ? '' : '.'}`,
        ),
      ];
    case 'invalid_string':
      if (!custom && issue.validation === 'email')
        return [at(issue.path, `${showValue(value)} is not an email address.`)];
      return [
        at(
          issue.path,
          `${showValue(value)} ${custom ? issue.message : 'does not have the allowed form; see the configuration reference in README.md'}${/[.]$/.test(issue.message) ? '' : '.'}`,
        ),
      ];
    default:
      return [
        at(
          issue.path,
          `${showValue(value)} ${custom ? issue.message : `is not allowed here (${issue.message.toLowerCase()}); see the configuration reference in README.md`}${/[.]$/.test(issue.message) ? '' : '.'}`,
        ),
      ];
  }
}

/** True for the schema's own sentences ("must be ...", "needs ...", "is not ..."), false for zod's defaults ("Number must be ..."). */
function isOwnMessage(message: string): boolean {
  return /^(must|needs|is|excludes|takes) /.test(message);
}

/** What a size bound allows, in the loader's words: "must be at least 1", "must list at least one item". */
function sizeRule(issue: z.ZodTooSmallIssue | z.ZodTooBigIssue): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.ZodTooSmallIssue).minimum : (issue as z.ZodTooBigIssue).maximum);
  const inclusive = issue.inclusive;
  const word = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.type) {
    case 'number':
      return `must be ${word} ${bound}`;
    case 'string':
      return small && bound === 1 && inclusive
        ? 'must not be empty'
        : `must be ${word} ${bound} character${bound === 1 ? '' : 's'} long`;
    case 'array':
    case 'set':
      return small && bound === 1 && inclusive
        ? 'must not be empty; list at least one item'
        : `must list ${word} ${bound} item${bound === 1 ? '' : 's'}`;
    default:
      return `must be ${word} ${bound}`;
  }
}

/** The message for a value that YAML read as a number or boolean where the config wants text. */
function unquoted(source: string, value: unknown, rule: string | undefined): string {
  const asText = String(value);
  const read =
    source === asText
      ? `${source} is unquoted, so YAML reads it as a ${typeof value}`
      : `${source} is unquoted, so YAML reads it as the ${typeof value} ${asText}${/^[-+]?0\d/.test(source) ? ' and drops its leading zero' : ''}`;
  return `${read}; write it in quotes: ${JSON.stringify(source)}${rule ? ` (${rule})` : ''}.`;
}

/** The schema node at a config path, through defaults, optionals and refinements. */
function schemaAt(p: readonly (string | number)[]): z.ZodTypeAny | undefined {
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
  return schema;
}

/** The keys a strict object in the schema allows at a path, for "did you mean" help. */
function allowedKeys(p: readonly (string | number)[]): string[] | undefined {
  const schema = schemaAt(p);
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

/** The value's text as written in the file (`012345678901`, not the number YAML made of it). */
function sourceText(doc: Document, text: string, p: readonly (string | number)[]): string | undefined {
  const node = doc.getIn(p, true);
  if (!isScalar(node) || !node.range) return undefined;
  return text.slice(node.range[0], node.range[1]).trim();
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

/**
 * Splits a rendered path (`tiers[1].controlParameters.IAM.7.MinimumLength`) against the data it
 * points into, so keys that hold dots (control ids) stay whole.
 */
function parsePath(raw: unknown, rendered: string): Path {
  const out: Path = [];
  let node: unknown = raw;
  let rest = rendered;
  while (rest.length > 0) {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index) {
      out.push(Number(index[1]));
      node = Array.isArray(node) ? node[Number(index[1])] : undefined;
      rest = rest.slice(index[0].length);
      continue;
    }
    const plain = /^[^.[]+/.exec(rest)?.[0] ?? rest;
    // The longest key of this mapping that the rest of the path starts with, else the next plain segment.
    const keys = node !== null && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
    const key =
      keys
        .filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`))
        .sort((a, b) => b.length - a.length)[0] ?? plain;
    out.push(key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    rest = rest.slice(key.length).replace(/^\./, '');
  }
  return out;
}

function sortByLine(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
