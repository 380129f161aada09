/*
 * Reads each control's related requirements from the control pages of AWS's Security Hub CSPM
 * user guide (`docs/securityhub/latest/userguide/<service>-controls.md`) and records them in
 * scripts/catalogue/docs-reference.json (`requirements.pages`), which generate.ts applies.
 * Run by hand when the reference changes:
 *
 *   tsx scripts/catalogue/extract-requirements.ts --git-dir <dir> --commit <sha> [--repository github.com/owner/name] [--write]
 *   tsx scripts/catalogue/extract-requirements.ts --pages <dir> [--write]
 *
 * --git-dir/--commit  a checkout of a repository holding the guide (as a bare git directory): every
 *                     `*-controls.md` page of that commit is read.
 * --pages             a directory of pages (or excerpts of them: headings and `**Related
 *                     requirements:**` lines), each starting with a comment naming where it was
 *                     read: `<!-- github.com/owner/name <commit> <path> -->`.
 * --write             merge the result into docs-reference.json; without it, print it.
 *
 * A page holds `## [EC2.2] Title` headings, each followed by `**Related requirements:** A, B, C`
 * (sometimes wrapped over lines, sometimes without a space after a comma). Every id must start
 * with the prefix of a standard this project knows (domain/catalogue/requirement-standards.ts)
 * and have that standard's form (`AC-2(1)`, `3.13.1`, `8.3.1`). One that does not is reported and
 * stops the run, unless docs-reference.json's
 * `requirements.corrections` names it for that control and page with the id (or ids, where a
 * missing comma ran two together) to read instead:
 * nothing is guessed. Only ids are kept; no prose.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareControlIds } from '../../domain/catalogue/catalogue-file';
import { standardOfRequirement } from '../../domain/catalogue/requirement-standards';

const REFERENCE_FILE = path.join(__dirname, 'docs-reference.json');
const PAGES_DIR = 'docs/securityhub/latest/userguide/';

/** Where a page was read. */
export interface PageSource {
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
}

/**
 * A known misprint on a page: the id as written and the id read instead, or the ids, where a
 * missing comma ran two ids together.
 */
export interface RequirementCorrection {
  readonly control: string;
  readonly path: string;
  readonly written: string;
  readonly read: string | readonly string[];
  readonly why: string;
}

/** What one page says: each control's requirement ids, in the page's order. */
export interface PageRequirements extends PageSource {
  readonly controls: Record<string, string[]>;
}

/** An id no known standard's prefix matches, or malformed after it, not corrected in the data. */
export interface UnknownRequirement {
  readonly control: string;
  readonly path: string;
  readonly id: string;
}

/**
 * What follows each standard's prefix: NIST SP 800-53 controls and enhancements (`AC-2`,
 * `SI-13(5)`), NIST SP 800-171 requirements (`3.13.1`), PCI DSS and CIS section numbers.
 */
const ID_FORMS: readonly RegExp[] = [
  /^NIST\.800-53\.r5 [A-Z]{2}-\d+(\(\d+\))?$/,
  /^NIST\.800-171\.r2 \d+\.\d+\.\d+$/,
  /^PCI DSS v\d+\.\d+\.\d+\/\d+(\.\d+)*$/,
  /^CIS AWS Foundations Benchmark v\d+\.\d+\.\d+\/\d+(\.\d+)*$/,
];

/** Whether an id names a known standard and is of that standard's form. */
export function isKnownRequirementId(id: string): boolean {
  return standardOfRequirement(id) !== undefined && ID_FORMS.some((form) => form.test(id));
}

function unescapeMd(s: string): string {
  return s.replace(/\\(.)/g, '$1').trim();
}

/**
 * The `**Related requirements:**` ids of every control on one page, by control id. A control
 * whose section has no such line is absent.
 */
export function parseControlPage(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const lines = text.split('\n');
  let control: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^##\s+\\?\[([A-Za-z0-9-]+\\?\.\d+)\\?\]/.exec(lines[i]);
    if (heading) {
      control = unescapeMd(heading[1]);
      continue;
    }
    if (/^#\s/.test(lines[i])) control = undefined;
    const m = /^\*\*Related requirements:\*\*\s*(.*)$/.exec(lines[i]);
    if (!m || !control) continue;
    let text = m[1];
    // A wrapped list continues until the blank line that ends the paragraph.
    while (i + 1 < lines.length && lines[i + 1].trim() !== '' && !lines[i + 1].startsWith('**'))
      text += ` ${lines[++i].trim()}`;
    const ids = unescapeMd(text)
      .split(',')
      .map((r) => r.replace(/\s+/g, ' ').trim())
      .filter((r) => r !== '');
    out[control] = [...new Set([...(out[control] ?? []), ...ids])];
  }
  return out;
}

/**
 * Checks every id of a page against the known standards' prefixes, applying the corrections the
 * data lists for that page.
 * @returns the page with corrected ids, and the ids still unknown
 */
export function checkPage(
  page: PageRequirements,
  corrections: readonly RequirementCorrection[],
): { page: PageRequirements; unknown: UnknownRequirement[] } {
  const unknown: UnknownRequirement[] = [];
  const controls: Record<string, string[]> = {};
  for (const [control, ids] of Object.entries(page.controls)) {
    controls[control] = ids.flatMap((id) => {
      if (isKnownRequirementId(id)) return [id];
      const fix = corrections.find((c) => c.control === control && c.path === page.path && c.written === id);
      const read = fix === undefined ? [] : typeof fix.read === 'string' ? [fix.read] : fix.read;
      if (read.length > 0 && read.every(isKnownRequirementId)) return read;
      unknown.push({ control, path: page.path, id });
      return [id];
    });
  }
  return { page: { ...page, controls }, unknown };
}

/** Pages of a commit of a git directory. */
function pagesFromGit(gitDir: string, commit: string, repository: string): PageRequirements[] {
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const resolved = git('rev-parse', commit).trim();
  return git('ls-tree', '--name-only', resolved, PAGES_DIR)
    .split('\n')
    .filter((f) => /-controls\.md$/.test(f))
    .map((p) => ({
      repository,
      commit: resolved,
      path: p,
      controls: parseControlPage(git('show', `${resolved}:${p}`)),
    }));
}

/** Pages (or excerpts) saved in a directory, each naming its source in a first-line comment. */
function pagesFromDir(dir: string): PageRequirements[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const m = /^<!--\s*(\S+)\s+([0-9a-f]{40})\s+(\S+)\s*-->/.exec(text);
      if (!m || !/^github\.com\/[^/]+\/[^/]+$/.test(m[1]))
        throw new Error(
          `extract-requirements: ${f} does not start with <!-- github.com/<owner>/<name> <commit> <path> -->`,
        );
      return { repository: m[1], commit: m[2], path: m[3], controls: parseControlPage(text) };
    });
}

/**
 * Merges pages into the existing list: a page already recorded from the same repository, commit
 * and path gains the controls read now (a control read again takes the new list); two records of
 * the same page become one.
 */
export function mergePages(
  existing: readonly PageRequirements[],
  fresh: readonly PageRequirements[],
): PageRequirements[] {
  const out: PageRequirements[] = [];
  for (const page of [...existing, ...fresh]) {
    const same = out.find((p) => p.repository === page.repository && p.commit === page.commit && p.path === page.path);
    if (same) Object.assign(same.controls, page.controls);
    else out.push({ ...page, controls: { ...page.controls } });
  }
  return out.map((p) => ({
    ...p,
    controls: Object.fromEntries(Object.entries(p.controls).sort(([a], [b]) => compareControlIds(a, b))),
  }));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as {
    requirements: { pages: PageRequirements[]; corrections?: RequirementCorrection[] };
  };
  const corrections = reference.requirements.corrections ?? [];
  const gitDir = arg('git-dir');
  const dir = arg('pages');
  let pages: PageRequirements[];
  if (gitDir) {
    const commit = arg('commit');
    if (!commit) throw new Error('extract-requirements: --git-dir needs --commit');
    pages = pagesFromGit(gitDir, commit, arg('repository') ?? 'github.com/c2hans/aws-docs');
  } else if (dir) pages = pagesFromDir(dir);
  else
    throw new Error(
      'extract-requirements: give --git-dir <dir> --commit <sha>, or --pages <dir> (see the comment at the top of scripts/catalogue/extract-requirements.ts)',
    );

  const checked = pages.map((p) => checkPage(p, corrections));
  const unknown = checked.flatMap((c) => c.unknown);
  for (const u of unknown)
    console.error(
      `extract-requirements: ${u.path}: ${u.control} names "${u.id}", which is not the id of a known standard (prefix and form); add a correction to docs-reference.json requirements.corrections, or the standard to requirement-standards.ts`,
    );
  if (unknown.length > 0) process.exit(1);
  const fresh = checked.map((c) => c.page).filter((p) => Object.keys(p.controls).length > 0);
  const count = fresh.reduce((n, p) => n + Object.keys(p.controls).length, 0);
  if (process.argv.includes('--write')) {
    reference.requirements.pages = mergePages(reference.requirements.pages, fresh);
    writeFileSync(REFERENCE_FILE, `${JSON.stringify(reference, null, 2)}\n`);
    console.log(
      `extract-requirements: ${count} controls from ${fresh.length} pages merged into ${path.relative(process.cwd(), REFERENCE_FILE)}`,
    );
  } else console.log(JSON.stringify(fresh, null, 2));
}

if (require.main === module) main();
