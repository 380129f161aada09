/**
 * The control catalogue's data file (`domain/catalogue/controls.json`): its shape, how it is
 * checked when read, how it is written, and the TypeScript types derived from it. The generator
 * (`scripts/catalogue/generate.ts`) and `securityhub catalogue refresh` both write through here, so
 * a file refreshed from a user's account has exactly the shape of the one shipped.
 */

import { compareControlIds } from '../../core/control-ids';
import { SEVERITY_LABELS, type SeverityLabel } from '../../core/severity';

/** Security Hub severity labels (ASFF `Severity.Label`), most severe first, and the order of control ids; declared in core/. */
export { compareControlIds, SEVERITY_LABELS, type SeverityLabel };

/**
 * The value types Security Hub accepts for a control parameter
 * (ParameterValue members in the API; `value_type` blocks in the AWS provider).
 */
export type ControlParameterType =
  'boolean' | 'double' | 'enum' | 'enumList' | 'integer' | 'integerList' | 'string' | 'stringList';

/**
 * The catalogue's type of a parameter, by the member of its ParameterDefinition's
 * ConfigurationOptions that AWS sets (ListSecurityControlDefinitions and its exports name them alike).
 */
export const PARAMETER_TYPE_OF_OPTION: Readonly<Record<string, ControlParameterType>> = {
  Boolean: 'boolean',
  Double: 'double',
  Enum: 'enum',
  EnumList: 'enumList',
  Integer: 'integer',
  IntegerList: 'integerList',
  String: 'string',
  StringList: 'stringList',
};

/** Every parameter type, for checking a file. */
export const CONTROL_PARAMETER_TYPES: readonly ControlParameterType[] = [
  'boolean',
  'double',
  'enum',
  'enumList',
  'integer',
  'integerList',
  'string',
  'stringList',
];

/** A parameter's default as ListSecurityControlDefinitions reports it. */
export type ControlParameterDefault = boolean | number | string | readonly (number | string)[];

/** One parameter that a security control takes, with the bounds Security Hub enforces. */
export interface ControlParameterDefinition {
  /** Parameter name exactly as Security Hub spells it, e.g. `MinimumPasswordLength`. */
  readonly name: string;
  /** The parameter's value type. */
  readonly type: ControlParameterType;
  /** Smallest allowed value, for numbers and number lists. */
  readonly min?: number;
  /** Largest allowed value, for numbers and number lists. */
  readonly max?: number;
  /** Most items a list may hold, for list types. */
  readonly maxItems?: number;
  /** Allowed values, for enums and enum lists, when the source names them. */
  readonly allowed?: readonly string[];
  /** The value Security Hub uses when a policy sets none. */
  readonly default?: ControlParameterDefault;
}

/** One control as the data file records it. */
export interface CatalogueControl {
  /** Consolidated control id, e.g. `S3.1`. */
  readonly securityControlId: string;
  /** The control's title as Security Hub shows it. */
  readonly title: string;
  /** Severity Security Hub assigns to the control's findings. */
  readonly severity: SeverityLabel;
  /** Ids (`standards/pci-dss/v/4.0.1`, `ruleset/cis-aws-foundations-benchmark/v/1.2.0`) of the standards that include it. */
  readonly standards: readonly string[];
  /** Parameters the control takes; empty when it takes none. */
  readonly parameters: readonly ControlParameterDefinition[];
  /** Set when Security Hub no longer offers the control: configs naming it get a warning. */
  readonly retired?: boolean;
  /**
   * The day (`YYYY-MM-DD`) the control was retired, when known: the date of AWS's change log
   * entry, or for a refresh the day it first found the control gone. Reports print it beside a
   * retired control that still has findings.
   */
  readonly retiredAt?: string;
  /**
   * The requirements of each standard the control helps meet, by standards id, with the ids AWS
   * gives them (`PCI DSS v4.0.1/8.3.1`, `NIST.800-53.r5 AC-2`): RelatedRequirements of
   * ListStandardsControlAssociations. Absent when the source names none.
   */
  readonly requirements?: Readonly<Record<string, readonly string[]>>;
}

/** Where and when one part of the data was taken. */
export interface CatalogueSource {
  /** What this source supplied, e.g. "ids, titles, severities, parameters". */
  readonly part: string;
  /** A repository (`github.com/owner/name`) or `securityhub-api` for a refresh from an account. */
  readonly origin: string;
  /** Commit of the repository, when the origin is one. */
  readonly commit?: string;
  /** File within the repository, or the API operations called. */
  readonly path: string;
  /** The day the facts were true (commit date, or the day of the API calls), `YYYY-MM-DD`. */
  readonly takenAt: string;
  /** Region the API was called in, for a refresh. */
  readonly region?: string;
}

/**
 * One standard the file knows, with its control count on the day the data was taken. The file's
 * standards are the project's one list of standards: their order is the order reports list them in,
 * and `standards-table.ts` (with the `StandardsId` type) is generated from them.
 */
export interface CatalogueStandardEntry {
  /** The standard's id, e.g. `standards/nist-800-53/v/5.0.0`. */
  readonly standardsId: string;
  /** The name AWS gives it. */
  readonly name: string;
  /** A short label for reports and tables, e.g. `NIST 800-53 r5`; the name when absent. */
  readonly shortName?: string;
  /**
   * How AWS's requirement ids of this standard begin (`NIST.800-53.r5 `, `PCI DSS v4.0.1/`), so the
   * control reference's one list of related requirements can be split by standard. Absent for a
   * standard whose controls name no requirements.
   */
  readonly requirementPrefix?: string;
  /** How many current (not retired) controls it includes. */
  readonly controlCount: number;
}

/** The whole data file. */
export interface CatalogueFile {
  /** Format version of the file. */
  readonly formatVersion: 1;
  /** Where each part came from; the first is the source of the list of controls, and dates the file. */
  readonly sources: readonly CatalogueSource[];
  /** The standards, with their control counts. */
  readonly standards: readonly CatalogueStandardEntry[];
  /** Every control, current and retired, in id order. */
  readonly controls: readonly CatalogueControl[];
}

/**
 * The day the data describes: that of its first source, the one the list of controls comes from
 * (the API for a refresh, the control reference for the shipped file), or `unknown`.
 */
export function catalogueDate(file: Pick<CatalogueFile, 'sources'>): string {
  return file.sources[0]?.takenAt ?? 'unknown';
}

/**
 * Builds the standards table (with counts) from the controls. A standard the previous table held
 * keeps its place, short name and requirement prefix; a new one comes after them, by id, named from
 * `names` (DescribeStandards) or else by its id. A standard no current control is in drops out.
 */
export function standardsTable(
  controls: readonly CatalogueControl[],
  previous: readonly CatalogueStandardEntry[],
  names: ReadonlyMap<string, string> = new Map(),
): CatalogueStandardEntry[] {
  const counts = new Map<string, number>();
  for (const c of controls) if (!c.retired) for (const s of c.standards) counts.set(s, (counts.get(s) ?? 0) + 1);
  const known = new Map(previous.map((s) => [s.standardsId, s]));
  const ids = [
    ...previous.map((s) => s.standardsId).filter((id) => counts.has(id)),
    ...[...counts.keys()].filter((id) => !known.has(id)).sort(),
  ];
  return ids.map((standardsId) => {
    const before = known.get(standardsId);
    return {
      standardsId,
      name: names.get(standardsId) ?? before?.name ?? standardsId,
      ...(before?.shortName !== undefined ? { shortName: before.shortName } : {}),
      ...(before?.requirementPrefix !== undefined ? { requirementPrefix: before.requirementPrefix } : {}),
      controlCount: counts.get(standardsId)!,
    };
  });
}

/** The file's text: stable JSON, one control a line, so a refresh shows up in `git diff` as the controls that changed. */
export function serializeCatalogue(file: CatalogueFile): string {
  const lines = [
    '{',
    `  "formatVersion": ${file.formatVersion},`,
    `  "sources": [\n${file.sources.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ],`,
    `  "standards": [\n${file.standards.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ],`,
    `  "controls": [\n${file.controls.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]`,
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Checks text read from a data file before anything uses it (the file may be one a user
 * regenerated or edited by hand).
 * @throws Error naming the first entry that does not fit, and what was expected
 */
export function parseCatalogue(text: string, file = 'controls.json'): CatalogueFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${file}: not JSON (${(e as Error).message}); regenerate it with \`securityhub catalogue refresh\`.`,
    );
  }
  return checkCatalogue(raw, file);
}

/**
 * Checks an already parsed data file (see {@link parseCatalogue}).
 * @throws Error naming the first entry that does not fit
 */
export function checkCatalogue(raw: unknown, file = 'controls.json'): CatalogueFile {
  const fail = (where: string, what: string): never => {
    throw new Error(`${file}: ${where}: ${what}; regenerate it with \`securityhub catalogue refresh\`.`);
  };
  if (!isRecord(raw) || raw.formatVersion !== 1) fail('formatVersion', 'expected 1');
  const obj = raw as Record<string, unknown>;
  if (!Array.isArray(obj.controls)) fail('controls', 'expected a list');
  if (!Array.isArray(obj.sources)) fail('sources', 'expected a list');
  if (!Array.isArray(obj.standards)) fail('standards', 'expected a list');
  (obj.standards as unknown[]).forEach((s, i) => {
    const at = `standards[${i}]`;
    if (!isRecord(s)) return fail(at, 'expected an object');
    if (typeof s.standardsId !== 'string' || !STANDARDS_ID_PATTERN.test(s.standardsId))
      fail(
        `${at}.standardsId`,
        `${JSON.stringify(s.standardsId)} is not a standards id such as "standards/pci-dss/v/4.0.1"`,
      );
    if (typeof s.name !== 'string' || s.name === '') fail(`${at}.name`, 'expected a non-empty string');
    for (const key of ['shortName', 'requirementPrefix'] as const) {
      if (s[key] !== undefined && (typeof s[key] !== 'string' || s[key] === ''))
        fail(`${at}.${key}`, 'expected a non-empty string when present');
    }
    if (typeof s.controlCount !== 'number' || !Number.isInteger(s.controlCount) || s.controlCount < 0)
      fail(`${at}.controlCount`, 'expected a whole number');
  });
  const seen = new Set<string>();
  (obj.controls as unknown[]).forEach((c, i) => {
    const at = `controls[${i}]`;
    if (!isRecord(c)) return fail(at, 'expected an object');
    if (typeof c.securityControlId !== 'string' || !/^[A-Za-z0-9]+\.\d+$/.test(c.securityControlId))
      fail(`${at}.securityControlId`, `${JSON.stringify(c.securityControlId)} is not a control id such as "S3.1"`);
    if (seen.has(c.securityControlId as string))
      fail(`${at}.securityControlId`, `${c.securityControlId} is listed twice`);
    seen.add(c.securityControlId as string);
    if (typeof c.title !== 'string' || c.title === '') fail(`${at}.title`, 'expected a non-empty string');
    if (!SEVERITY_LABELS.includes(c.severity as SeverityLabel))
      fail(`${at}.severity`, `${JSON.stringify(c.severity)} is not one of ${SEVERITY_LABELS.join(', ')}`);
    if (!Array.isArray(c.standards) || !c.standards.every((s) => typeof s === 'string'))
      fail(`${at}.standards`, 'expected a list of standards ids');
    if (!Array.isArray(c.parameters)) fail(`${at}.parameters`, 'expected a list');
    if (
      c.retiredAt !== undefined &&
      (c.retired !== true || typeof c.retiredAt !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.retiredAt))
    ) {
      fail(
        `${at}.retiredAt`,
        `${JSON.stringify(c.retiredAt)} must be a day such as "2026-03-09", on a control marked "retired": true`,
      );
    }
    if (c.requirements !== undefined) {
      if (!isRecord(c.requirements))
        fail(`${at}.requirements`, 'expected an object of requirement id lists by standards id');
      for (const [standardsId, ids] of Object.entries(c.requirements as Record<string, unknown>)) {
        if (!Array.isArray(ids) || !ids.every((r) => typeof r === 'string' && r !== ''))
          fail(
            `${at}.requirements.${standardsId}`,
            'expected a list of requirement ids such as "PCI DSS v4.0.1/8.3.1"',
          );
      }
    }
    (c.parameters as unknown[]).forEach((p, j) => {
      if (
        !isRecord(p) ||
        typeof p.name !== 'string' ||
        !CONTROL_PARAMETER_TYPES.includes(p.type as ControlParameterType)
      ) {
        fail(
          `${at}.parameters[${j}]`,
          `expected { name, type } with type one of ${CONTROL_PARAMETER_TYPES.join(', ')}`,
        );
      }
    });
  });
  return raw as CatalogueFile;
}

/** How a standards id is written: `standards/<name>/v/<version>`, or `ruleset/...` for CIS v1.2.0. */
export const STANDARDS_ID_PATTERN = /^(standards|ruleset)\/[a-z0-9-]+\/v\/[0-9.]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What changed between two catalogues, by control id. */
export interface CatalogueDiff {
  /** Controls the new catalogue has and the old one lacks (or had as retired). */
  readonly added: readonly CatalogueControl[];
  /** Controls in both whose title, severity, standards, parameters or requirements differ, with what changed. */
  readonly changed: readonly { readonly control: CatalogueControl; readonly fields: readonly string[] }[];
  /** Controls current in the old catalogue that the new one no longer offers. */
  readonly retired: readonly CatalogueControl[];
}

/** JSON with object keys sorted, so the order a source wrote fields in does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Compares two catalogues control by control. */
export function diffCatalogues(before: CatalogueFile, after: CatalogueFile): CatalogueDiff {
  const old = new Map(before.controls.map((c) => [c.securityControlId, c]));
  const added: CatalogueControl[] = [];
  const changed: { control: CatalogueControl; fields: string[] }[] = [];
  for (const c of after.controls) {
    if (c.retired) continue;
    const o = old.get(c.securityControlId);
    if (!o || o.retired) {
      added.push(c);
      continue;
    }
    const fields: string[] = [];
    if (o.title !== c.title) fields.push('title');
    if (o.severity !== c.severity) fields.push(`severity ${o.severity} -> ${c.severity}`);
    const oldStd = [...o.standards].sort().join(',');
    const newStd = [...c.standards].sort().join(',');
    if (oldStd !== newStd) fields.push('standards');
    if (canonical(o.parameters) !== canonical(c.parameters)) fields.push('parameters');
    if (canonical(o.requirements ?? {}) !== canonical(c.requirements ?? {})) fields.push('requirements');
    if (fields.length > 0) changed.push({ control: c, fields });
  }
  const now = new Set(after.controls.filter((c) => !c.retired).map((c) => c.securityControlId));
  const retired = before.controls.filter((c) => !c.retired && !now.has(c.securityControlId));
  return { added, changed, retired };
}

/**
 * Merges a freshly taken catalogue over the previous one: controls the fresh one lacks stay in
 * the file marked retired, so configs that still name them get a warning rather than an error,
 * with the day they were retired (kept from the previous file, else `takenAt`: the day this read
 * first found them gone); requirements of standards the fresh read did not cover are kept.
 */
export function withRetired(
  previous: CatalogueFile,
  fresh: Omit<CatalogueFile, 'standards'>,
  names: ReadonlyMap<string, string>,
  takenAt?: string,
): CatalogueFile {
  const current = new Set(fresh.controls.map((c) => c.securityControlId));
  const before = new Map(previous.controls.map((c) => [c.securityControlId, c]));
  // ListStandardsControlAssociations answers for the standards the account has enabled only: a
  // control's requirements in the other standards it belongs to are kept from the previous file.
  const withKept = fresh.controls.map((c) => {
    const unread = Object.entries(before.get(c.securityControlId)?.requirements ?? {}).filter(
      ([standardsId]) => c.standards.includes(standardsId) && !(standardsId in (c.requirements ?? {})),
    );
    if (unread.length === 0) return c;
    const requirements = Object.fromEntries(
      [...Object.entries(c.requirements ?? {}), ...unread].sort(([a], [b]) => a.localeCompare(b)),
    );
    return { ...c, requirements };
  });
  const kept = previous.controls
    .filter((c) => !current.has(c.securityControlId))
    .map((c): CatalogueControl => {
      const retiredAt = c.retired ? c.retiredAt : takenAt;
      return { ...c, standards: [], retired: true, ...(retiredAt ? { retiredAt } : {}) };
    });
  const controls = [...withKept, ...kept].sort((a, b) => compareControlIds(a.securityControlId, b.securityControlId));
  return { ...fresh, standards: standardsTable(controls, previous.standards, names), controls };
}

/** TypeScript type of a parameter's value in a configuration policy. */
function valueType(p: ControlParameterDefinition): string {
  const lit = (vs: readonly string[]) => vs.map((v) => JSON.stringify(v)).join(' | ');
  switch (p.type) {
    case 'boolean':
      return 'boolean';
    case 'double':
    case 'integer':
      return 'number';
    case 'string':
      return 'string';
    case 'enum':
      return p.allowed?.length ? lit(p.allowed) : 'string';
    case 'integerList':
      return 'readonly number[]';
    case 'stringList':
      return 'readonly string[]';
    case 'enumList':
      return p.allowed?.length ? `readonly (${lit(p.allowed)})[]` : 'readonly string[]';
  }
}

/**
 * The TypeScript module derived from a catalogue: the `SecurityControlId` union and each
 * control's parameter types, so code naming a control that does not exist fails `tsc`.
 */
export function renderControlTypes(file: CatalogueFile, dataFile: string): string {
  const current = file.controls.filter((c) => !c.retired);
  const retired = file.controls.filter((c) => c.retired);
  const ids = (cs: readonly CatalogueControl[]) =>
    cs.map((c) => `  | ${JSON.stringify(c.securityControlId)}`).join('\n') || '  never';
  const params = current
    .filter((c) => c.parameters.length > 0)
    .map(
      (c) =>
        `  readonly ${JSON.stringify(c.securityControlId)}: { ${c.parameters.map((p) => `readonly ${JSON.stringify(p.name)}?: ${valueType(p)};`).join(' ')} };`,
    );
  return [
    `// Generated from ${dataFile} by the catalogue generator (\`securityhub catalogue refresh\` or`,
    '// scripts/catalogue/generate.ts). Do not edit: regenerate.',
    '',
    '/** Every security control Security Hub offers, by consolidated control id. */',
    'export type SecurityControlId =',
    `${ids(current)};`,
    '',
    '/** Controls Security Hub has retired: still accepted, with a warning. */',
    'export type RetiredSecurityControlId =',
    `${ids(retired)};`,
    '',
    '/** The parameters each control takes, with their value types, for configuration policies. */',
    'export interface ControlParameterValues {',
    ...params,
    '}',
    '',
    '/** A control that takes parameters. */',
    'export type ParameterizedControlId = keyof ControlParameterValues;',
    '',
  ].join('\n');
}

/**
 * The TypeScript module derived from a catalogue's standards: the `StandardsId` union and the
 * table of every standard (name, short name, version, whether its ARN is the global `ruleset` one,
 * requirement prefix, control count), in the order reports list them. Everything else that names
 * standards (SecurityStandard, the config schema, the requirement mapping, the emulator) reads it.
 */
export function renderStandardsTable(file: CatalogueFile, dataFile: string): string {
  const rows = file.standards.map((s) => {
    const row = {
      standardsId: s.standardsId,
      name: s.name,
      shortName: s.shortName ?? s.name,
      version: /\/v\/([^/]+)$/.exec(s.standardsId)?.[1] ?? '',
      global: s.standardsId.startsWith('ruleset/'),
      ...(s.requirementPrefix !== undefined ? { requirementPrefix: s.requirementPrefix } : {}),
      controlCount: s.controlCount,
    };
    return `  { ${Object.entries(row)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ')} },`;
  });
  return [
    `// Generated from ${dataFile} by the catalogue generator (\`securityhub catalogue refresh\` or`,
    '// scripts/catalogue/generate.ts). Do not edit: regenerate.',
    '',
    '/** Every standard the control catalogue holds, by standards id (`standards/pci-dss/v/4.0.1`). */',
    'export type StandardsId =',
    `${file.standards.map((s) => `  | ${JSON.stringify(s.standardsId)}`).join('\n') || '  never'};`,
    '',
    '/** One standard: what AWS calls it, how its ARN is built, how its requirements are named. */',
    'export interface StandardsTableEntry {',
    "  /** The standard's path in its ARN and in findings' `StandardsId`. */",
    '  readonly standardsId: StandardsId;',
    '  /** The name the Security Hub console shows. */',
    '  readonly name: string;',
    '  /** A short label for reports and tables. */',
    '  readonly shortName: string;',
    '  /** The version in the standards id, e.g. `4.0.1`. */',
    '  readonly version: string;',
    '  /** True for the one standard with a global, Region-less `ruleset` ARN (CIS v1.2.0). */',
    '  readonly global: boolean;',
    "  /** How AWS's requirement ids of the standard begin, e.g. `PCI DSS v4.0.1/`. */",
    '  readonly requirementPrefix?: string;',
    '  /** How many current controls it included when the catalogue was taken. */',
    '  readonly controlCount: number;',
    '}',
    '',
    '/** Every standard, in the order reports list them. */',
    'export const STANDARDS_TABLE: readonly StandardsTableEntry[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}
