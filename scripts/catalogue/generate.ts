/*
 * Builds domain/catalogue/controls.json (and the types derived from it) from public sources:
 *
 *   tsx scripts/catalogue/generate.ts --export <git dir> [--export-commit <sha>]
 *                                     --retired-from <git dir> --retired-commit <sha>
 *
 * --export        a checkout of github.com/SooJongKim2/securityhub-controls-export, whose
 *                 securityhub_controls_sample.csv holds what ListSecurityControlDefinitions,
 *                 GetSecurityControlDefinition and the standards' control lists returned
 *                 (ids, titles, severities, ParameterDefinitions, standards membership).
 * --retired-from  a checkout of github.com/awsdocs/aws-security-hub-user-guide; controls its
 *                 control reference listed that the export no longer has are marked retired.
 * scripts/catalogue/docs-standards.json adds the standards that the export predates
 * (CIS v5.0.0, NIST SP 800-171 r2), taken from the standards' pages of the user guide.
 * Related requirements (`PCI DSS v3.2.1/2.4`, `NIST.800-53.r5 AC-2`) come from the control pages
 * of the --retired-from reference ('**Related requirements:**'), grouped by standard from their
 * prefix; scripts/catalogue/docs-requirements.json overrides them with the current reference's
 * lists for the controls read from it, and adds controls the export predates (SSM.7).
 * scripts/catalogue/docs-reference.json brings the data up to the current control reference:
 * controls added since the export (from the reference table), controls retired since (with the
 * day from the change log of controls), and severity, title and membership changes the change
 * log records.
 *
 * Only facts are carried over (ids, titles, severities, membership, parameter definitions).
 * A user's own account is the better source: `securityhub catalogue refresh` rewrites the same file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  compareControlIds,
  parseCatalogue,
  type CatalogueControl,
  type CatalogueFile,
  type CatalogueSource,
  type ControlParameterDefault,
  type ControlParameterDefinition,
  type ControlParameterType,
  PARAMETER_TYPE_OF_OPTION,
  CONTROL_PARAMETER_TYPES,
  type SeverityLabel,
  standardsTable,
} from '../../domain/catalogue/catalogue-file';
import { CATALOGUE_FILE, writeCatalogue } from '../../domain/catalogue/catalogue-store';
import { STANDARDS_TABLE } from '../../domain/standards-table';
import { requirementsByStandard } from '../../domain/catalogue/requirement-standards';
import { checkParameterValue } from '../../domain/catalogue/control-checks';

const EXPORT_REPO = 'github.com/SooJongKim2/securityhub-controls-export';
const EXPORT_PATH = 'securityhub_controls_sample.csv';
const DOCS_REPO = 'github.com/awsdocs/aws-security-hub-user-guide';
const DOCS_PATH = 'doc_source/securityhub-controls-reference.md';

/**
 * Standard names as the export writes them -> standards ids. The export names standards as AWS
 * does (DescribeStandards' Name), which is the name column of the standards table.
 */
const EXPORT_STANDARDS: ReadonlyMap<string, string> = new Map(STANDARDS_TABLE.map((s) => [s.name, s.standardsId]));

interface DocsStandards {
  readonly source: { readonly repository: string; readonly commit: string; readonly retrievedAt: string };
  readonly standards: Readonly<Record<string, { readonly page: string; readonly controls: readonly string[] }>>;
}

interface DocsSourceFile {
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly note?: string;
  readonly latestEntry?: string;
}

interface DocsReference {
  readonly source: {
    readonly reference: DocsSourceFile;
    readonly changeLog: DocsSourceFile;
    readonly changeLogEarlier: DocsSourceFile;
    readonly latestEntry: string;
  };
  readonly added: Readonly<
    Record<
      string,
      {
        readonly title: string;
        readonly severity: SeverityLabel;
        readonly standards: readonly string[];
        readonly takesParameters?: boolean;
      }
    >
  >;
  readonly retired: Readonly<
    Record<string, { readonly retiredAt?: string; readonly standards: readonly string[]; readonly note?: string }>
  >;
  readonly changed: readonly {
    readonly id: string;
    readonly date: string;
    readonly severity?: SeverityLabel;
    readonly title?: string;
    readonly removedFrom?: readonly string[];
    readonly addedTo?: readonly string[];
  }[];
  /**
   * Related requirements read from the current reference's control pages, for the standards named
   * in each list only: they replace the older lists of those standards and leave the others.
   */
  readonly requirements: {
    readonly retrievedAt: string;
    /** Per standard, its controls that carry no requirement id of it, and why (checked by the catalogue tests). */
    readonly withoutIds: Readonly<Record<string, unknown>>;
    /** Misprinted ids on the pages and the ids read instead (applied by extract-requirements.ts). */
    readonly corrections: readonly {
      readonly control: string;
      readonly path: string;
      readonly written: string;
      readonly read: string | readonly string[];
      readonly why: string;
    }[];
    /** Written by extract-requirements.ts: each page read, with each control's ids as the page gives them. */
    readonly pages: readonly (DocsSourceFile & { readonly controls: Readonly<Record<string, readonly string[]>> })[];
  };
  /**
   * Parameter definitions of controls added since the export, from the Parameters table of each
   * control's page (the reference table says only whether a control takes any).
   */
  readonly parameters: {
    readonly retrievedAt: string;
    /** Where the page's type column is read otherwise than written, and why (a test checks each is applied). */
    readonly readings: readonly {
      readonly control: string;
      readonly parameter: string;
      readonly written: string;
      readonly read: ControlParameterType;
      readonly why: string;
    }[];
    readonly pages: readonly (DocsSourceFile & {
      readonly controls: Readonly<Record<string, readonly ControlParameterDefinition[]>>;
    })[];
  };
}

interface DocsRequirements {
  readonly source: { readonly repository: string; readonly commit: string; readonly retrievedAt: string };
  readonly controls: Readonly<
    Record<
      string,
      {
        readonly page: string;
        readonly requirements: readonly string[];
        readonly added?: {
          readonly title: string;
          readonly severity: SeverityLabel;
          readonly standards: readonly string[];
          readonly membershipPage: string;
        };
      }
    >
  >;
}

/**
 * Every control's related requirements on the reference's control pages (`<service>-controls.md`),
 * by control id. A page holds `## \\[S3\\.1\\] Title` headings, each followed by
 * `**Related requirements:** A, B, C` (Markdown-escaped, sometimes wrapped over lines).
 */
function relatedRequirementsOf(docsDir: string, commit: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pages = git(docsDir, 'ls-tree', '--name-only', commit, 'doc_source/')
    .split('\n')
    .filter((f) => /-controls\.md$/.test(f));
  for (const page of pages) {
    let control: string | undefined;
    const lines = git(docsDir, 'show', `${commit}:${page}`).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const heading = /^##\s+\\?\[(.+?)\\?\]/.exec(lines[i]);
      if (heading) control = unescapeMd(heading[1]);
      const m = /^\*\*Related requirements:\*\*\s*(.*)$/.exec(lines[i]);
      if (!m || !control) continue;
      let text = m[1];
      while (i + 1 < lines.length && lines[i + 1].trim() !== '') text += ` ${lines[++i].trim()}`;
      out.set(
        control,
        unescapeMd(text)
          .split(/,\s*/)
          .map((r) => r.replace(/\s+/g, ' ').trim())
          .filter((r) => r !== ''),
      );
    }
  }
  return out;
}

function arg(name: string, required = true): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (required && !value)
    throw new Error(`generate: --${name} is required (see the comment at the top of scripts/catalogue/generate.ts).`);
  return value;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The export's default values are Python reprs: True, 30, [80, 443], ['agent', 'error']. */
function parseDefault(raw: string, type: ControlParameterType): ControlParameterDefault | undefined {
  if (raw === 'N/A' || raw === '') return undefined;
  if (type === 'boolean') return raw === 'True' || raw === 'true';
  if (raw.startsWith('[')) {
    const items = raw
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => s.replace(/^'(.*)'$/, '$1'));
    return type === 'integerList' ? items.map(Number) : items;
  }
  if (type === 'integer' || type === 'double') return Number(raw);
  return raw;
}

function parseParameters(block: string, controlId: string): ControlParameterDefinition[] {
  return block
    .split(/^---$/m)
    .map((b) => b.trim())
    .filter((b) => b !== '')
    .map((b) => {
      const get = (key: string) =>
        /^(.+?): ?(.*)$/m.exec(b.split('\n').find((l) => l.startsWith(`${key}:`)) ?? '')?.[2]?.trim() ?? 'N/A';
      const type = PARAMETER_TYPE_OF_OPTION[get('Type')];
      if (!type)
        throw new Error(`generate: ${controlId} parameter ${get('Parameter')} has unknown type ${get('Type')}`);
      const num = (v: string) => (v === 'N/A' ? undefined : Number(v));
      const p: ControlParameterDefinition = {
        name: get('Parameter'),
        type,
        min: num(get('Min')),
        max: num(get('Max')),
        default: parseDefault(get('Default Value'), type),
      };
      return Object.fromEntries(
        Object.entries(p).filter(([, v]) => v !== undefined),
      ) as unknown as ControlParameterDefinition;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Checks the parameter definitions a control page gives for an added control: known types, bounds
 * only on numbers, allowed values only on enums, a list length only on lists, and a default that
 * the definition itself accepts.
 * @returns the definitions, sorted by name as the export's are
 */
export function checkDocsParameters(
  controlId: string,
  definitions: readonly ControlParameterDefinition[],
): ControlParameterDefinition[] {
  const numeric: readonly ControlParameterType[] = ['integer', 'double', 'integerList'];
  const lists: readonly ControlParameterType[] = ['integerList', 'stringList', 'enumList'];
  for (const d of definitions) {
    const at = `generate: docs-reference.json parameters of ${controlId}: ${JSON.stringify(d.name)}`;
    const fault = !CONTROL_PARAMETER_TYPES.includes(d.type)
      ? `has unknown type ${JSON.stringify(d.type)}`
      : (d.min !== undefined || d.max !== undefined) && !numeric.includes(d.type)
        ? `is a ${d.type} and takes no min or max`
        : d.allowed !== undefined && d.type !== 'enum' && d.type !== 'enumList'
          ? `is a ${d.type} and takes no allowed values`
          : d.maxItems !== undefined && !lists.includes(d.type)
            ? `is a ${d.type} and takes no maxItems`
            : d.default !== undefined && checkParameterValue(d, d.default) !== undefined
              ? `has a default ${JSON.stringify(d.default)} that ${checkParameterValue(d, d.default)}`
              : undefined;
    if (fault) throw new Error(`${at} ${fault}`);
  }
  if (new Set(definitions.map((d) => d.name)).size !== definitions.length)
    throw new Error(`generate: docs-reference.json names a parameter of ${controlId} twice`);
  return [...definitions].sort((a, b) => a.name.localeCompare(b.name));
}

function unescapeMd(s: string): string {
  return s.replace(/\\(.)/g, '$1').trim();
}

function main(): void {
  const exportDir = arg('export')!;
  const exportCommit = arg('export-commit', false) ?? git(exportDir, 'rev-parse', 'HEAD').trim();
  const exportDate = git(exportDir, 'log', '-1', '--format=%cs', exportCommit).trim();
  const docsDir = arg('retired-from')!;
  const docsCommit = arg('retired-commit')!;
  const docsDate = git(docsDir, 'log', '-1', '--format=%cs', docsCommit).trim();
  const supplement = JSON.parse(readFileSync(path.join(__dirname, 'docs-standards.json'), 'utf8')) as DocsStandards;

  const [header, ...rows] = parseCsv(
    git(exportDir, 'show', `${exportCommit}:${EXPORT_PATH}`).replace(/^\uFEFF/, ''),
  ).filter((r) => r.length > 1);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`generate: the export has no column ${name}`);
    return i;
  };
  const [ID, TITLE, SEV, PARAMS, STDS] = [
    'Security Control ID',
    'Title',
    'Severity Rating',
    'Parameters',
    'ImplementedInStandards',
  ].map(col);
  const controls = new Map<string, CatalogueControl>();
  for (const r of rows) {
    const id = r[ID];
    const standards =
      r[STDS] === 'N/A'
        ? []
        : r[STDS].split(', ').map((name) => {
            const s = EXPORT_STANDARDS.get(name);
            if (!s)
              throw new Error(
                `generate: ${id} names unknown standard ${name}; add it to the standards of domain/catalogue/controls.json (id, name, shortName, requirementPrefix) first`,
              );
            return s;
          });
    controls.set(id, {
      securityControlId: id,
      // The API's titles sometimes end in a full stop, the console's never do.
      title: r[TITLE].trim().replace(/\.$/, ''),
      severity: r[SEV] as SeverityLabel,
      standards,
      parameters: parseParameters(r[PARAMS], id),
    });
  }

  for (const [standardsId, entry] of Object.entries(supplement.standards)) {
    for (const id of entry.controls) {
      const c = controls.get(id);
      if (!c) throw new Error(`generate: ${entry.page} lists ${id}, which the export lacks`);
      controls.set(id, { ...c, standards: [...c.standards, standardsId] });
    }
  }

  const current = JSON.parse(readFileSync(path.join(__dirname, 'docs-requirements.json'), 'utf8')) as DocsRequirements;
  for (const [id, entry] of Object.entries(current.controls)) {
    if (!entry.added) continue;
    if (controls.has(id))
      throw new Error(`generate: docs-requirements.json adds ${id}, which the export already has; drop "added"`);
    controls.set(id, {
      securityControlId: id,
      title: entry.added.title,
      severity: entry.added.severity,
      standards: [...entry.added.standards],
      parameters: [],
    });
  }

  // The current control reference: what AWS added, changed and retired since the export.
  const reference = JSON.parse(readFileSync(path.join(__dirname, 'docs-reference.json'), 'utf8')) as DocsReference;
  // The reference table says whether a control takes parameters, not which: the control's page
  // names them. One whose page was not read gets none, and a refresh supplies them.
  const pageParameters = new Map<string, readonly ControlParameterDefinition[]>();
  for (const page of reference.parameters.pages) {
    for (const [id, definitions] of Object.entries(page.controls)) {
      if (!reference.added[id]?.takesParameters)
        throw new Error(
          `generate: docs-reference.json gives parameters of ${id} (${page.path}), which is not a control "added" with "takesParameters"`,
        );
      pageParameters.set(id, checkDocsParameters(id, definitions));
    }
  }
  for (const [id, e] of Object.entries(reference.added)) {
    if (controls.has(id)) throw new Error(`generate: docs-reference.json adds ${id}, which the export already has`);
    controls.set(id, {
      securityControlId: id,
      title: e.title,
      severity: e.severity,
      standards: [...e.standards],
      parameters: [...(pageParameters.get(id) ?? [])],
    });
  }
  // In the change log's order (oldest first), so a later change of the same control wins.
  for (const e of [...reference.changed].sort((a, b) => a.date.localeCompare(b.date))) {
    const c = controls.get(e.id);
    if (!c) throw new Error(`generate: docs-reference.json changes ${e.id}, which the export lacks`);
    const removed = e.removedFrom ?? [];
    if (removed.some((s) => !c.standards.includes(s)))
      throw new Error(
        `generate: docs-reference.json removes ${e.id} from ${removed.join(', ')} (${e.date}); it is in ${c.standards.join(', ')}`,
      );
    if ((e.addedTo ?? []).some((s) => c.standards.includes(s)))
      throw new Error(
        `generate: docs-reference.json adds ${e.id} to ${e.addedTo!.join(', ')} (${e.date}); it is already in ${c.standards.join(', ')}`,
      );
    const standards = [...c.standards.filter((s) => !removed.includes(s)), ...(e.addedTo ?? [])];
    controls.set(e.id, { ...c, title: e.title ?? c.title, severity: e.severity ?? c.severity, standards });
  }
  for (const [id, e] of Object.entries(reference.retired)) {
    const c = controls.get(id);
    if (!c) throw new Error(`generate: docs-reference.json retires ${id}, which the export lacks`);
    // The change log names the standards a retired control left: they must be the ones the export had.
    if ([...c.standards].sort().join() !== [...e.standards].sort().join())
      throw new Error(
        `generate: docs-reference.json retires ${id} from ${e.standards.join(', ')}, the export has it in ${c.standards.join(', ')}`,
      );
    controls.set(id, { ...c, standards: [], retired: true, ...(e.retiredAt ? { retiredAt: e.retiredAt } : {}) });
  }

  // Related requirements: the older reference's pages, then the current reference's where read.
  const related = relatedRequirementsOf(docsDir, docsCommit);
  for (const [id, entry] of Object.entries(current.controls)) related.set(id, [...entry.requirements]);
  for (const page of reference.requirements.pages) {
    for (const [id, ids] of Object.entries(page.controls)) {
      const fresh = requirementsByStandard(ids);
      if (fresh.unknown.length > 0)
        throw new Error(
          `generate: ${page.path} gives ${id} requirements of no known standard: ${fresh.unknown.join(', ')}`,
        );
      const older = requirementsByStandard(related.get(id) ?? []).byStandard;
      related.set(id, Object.values({ ...older, ...fresh.byStandard }).flat());
    }
  }
  let withRequirements = 0;
  for (const [id, c] of controls) {
    const ids = related.get(id);
    if (!ids || ids.length === 0) continue;
    const { byStandard, unknown } = requirementsByStandard(ids);
    if (unknown.length > 0)
      throw new Error(`generate: ${id} names requirements of no known standard: ${unknown.join(', ')}`);
    // Only standards the control belongs to: the pages also name requirements of standards whose
    // membership the export does not record (e.g. a later version), and those would not be scored.
    const kept = Object.fromEntries(Object.entries(byStandard).filter(([s]) => c.standards.includes(s)));
    if (Object.keys(kept).length === 0) continue;
    controls.set(id, { ...c, requirements: kept });
    withRequirements++;
  }

  // Retired: in the older control reference, absent from the API export.
  const table = git(docsDir, 'show', `${docsCommit}:${DOCS_PATH}`);
  let retiredCount = 0;
  for (const line of table.split('\n')) {
    const m =
      /^\|\s+\[([^\]]+)\]\([^)]*\)\s+\|[^|]*\|\s+(.+?)\s+\|\s+(CRITICAL|HIGH|MEDIUM|LOW|INFORMATIONAL)\s+\|/.exec(line);
    if (!m) continue;
    const id = unescapeMd(m[1]);
    if (controls.has(id)) continue;
    controls.set(id, {
      securityControlId: id,
      title: unescapeMd(m[2]),
      severity: m[3] as SeverityLabel,
      standards: [],
      parameters: [],
      retired: true,
    });
    retiredCount++;
  }

  const list = [...controls.values()]
    .map((c) => ({ ...c, standards: [...new Set(c.standards)].sort() }))
    .sort((a, b) => compareControlIds(a.securityControlId, b.securityControlId));
  const sources: CatalogueSource[] = [
    // First: the list of controls in active use, which dates the file.
    {
      part: `the controls in active use (ids, severities); titles and standards of the ${Object.keys(reference.added).length} added since the export`,
      origin: reference.source.reference.repository,
      commit: reference.source.reference.commit,
      path: reference.source.reference.path,
      takenAt: reference.source.latestEntry,
    },
    {
      part: 'ids, titles, severities, parameter definitions, standards membership (ListSecurityControlDefinitions, GetSecurityControlDefinition, standards control lists)',
      origin: EXPORT_REPO,
      commit: exportCommit,
      path: EXPORT_PATH,
      takenAt: exportDate,
    },
    ...Object.entries(supplement.standards).map(([standardsId, e]) => ({
      part: `membership of ${standardsId}`,
      origin: supplement.source.repository,
      commit: supplement.source.commit,
      path: e.page,
      takenAt: supplement.source.retrievedAt,
    })),
    {
      part: `retired controls (listed then, absent from the export): ${retiredCount}`,
      origin: DOCS_REPO,
      commit: docsCommit,
      path: DOCS_PATH,
      takenAt: docsDate,
    },
    {
      part: `related requirements per standard, from the control pages (the current pages below replace some lists; ${withRequirements} controls carry requirements in all)`,
      origin: DOCS_REPO,
      commit: docsCommit,
      path: 'doc_source/*-controls.md',
      takenAt: docsDate,
    },
    {
      part: `controls retired since the export: ${Object.entries(reference.retired)
        .map(([id, e]) => `${id} (${e.retiredAt ?? 'no day given'})`)
        .join(', ')}`,
      origin: reference.source.changeLog.repository,
      commit: reference.source.changeLog.commit,
      path: reference.source.changeLog.path,
      takenAt: reference.source.latestEntry,
    },
    {
      part: `severity, title and standards changes since the export: ${reference.changed.map((e) => `${e.id} (${e.date})`).join(', ')}`,
      origin: reference.source.changeLog.repository,
      commit: reference.source.changeLog.commit,
      path: reference.source.changeLog.path,
      takenAt: reference.source.latestEntry,
    },
    {
      part: 'change log entries of 2025-03-25 to 2025-11-13, as read from an earlier snapshot of the same log',
      origin: reference.source.changeLogEarlier.repository,
      commit: reference.source.changeLogEarlier.commit,
      path: reference.source.changeLogEarlier.path,
      takenAt: reference.source.changeLogEarlier.latestEntry ?? reference.source.latestEntry,
    },
    ...reference.requirements.pages.map((page) => ({
      part: `related requirements of ${Object.keys(page.controls).join(', ')}, for the standards the page names for each (they replace the older lists of those standards)`,
      origin: page.repository,
      commit: page.commit,
      path: page.path,
      takenAt: reference.requirements.retrievedAt,
    })),
    ...reference.parameters.pages.map((page) => ({
      part: `parameter definitions of ${Object.keys(page.controls).join(', ')} (added since the export), from their Parameters tables`,
      origin: page.repository,
      commit: page.commit,
      path: page.path,
      takenAt: reference.parameters.retrievedAt,
    })),
    ...Object.entries(current.controls).map(([id, e]) => ({
      part: e.added
        ? `${id}: added (title, severity, standards from ${e.added.membershipPage}) and its related requirements`
        : `${id}: related requirements`,
      origin: current.source.repository,
      commit: current.source.commit,
      path: e.page,
      takenAt: current.source.retrievedAt,
    })),
  ];
  // The standards keep the names, short names, requirement prefixes and order the file gives them.
  const previous = existsSync(CATALOGUE_FILE)
    ? parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'), CATALOGUE_FILE).standards
    : [];
  const file: CatalogueFile = { formatVersion: 1, sources, standards: standardsTable(list, previous), controls: list };
  const written = writeCatalogue(file);
  const retired = list.filter((c) => c.retired).length;
  console.log(`wrote ${written.join(', ')}: ${list.length - retired} controls, ${retired} retired`);
  for (const s of file.standards) console.log(`  ${s.standardsId}: ${s.controlCount}`);
}

if (require.main === module) main();
