/**
 * Reads the hand-written prose of each runbook's docs page from one Markdown file per runbook
 * (`remediation-functions/runbooks/docs/<Runbook>.md`). The docs generator (./docs.ts) puts it
 * together with what the catalogue says; only the generator reads these files, so they stay out
 * of the function bundles. The format is strict so that a typo fails the generator and the
 * catalogue test, naming the file, the line and the fix, instead of dropping text from a page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The folder of the runbook Markdown files, relative to the repository root. */
export const RUNBOOK_DOCS_DIR = path.join('remediation-functions', 'runbooks', 'docs');

/** What a runbook's docs page says beyond its catalogue entry. */
export interface RunbookDoc {
  /** What the runbook reads and changes, step by step. */
  readonly changes: string;
  /** What rollback restores, and what it cannot (one paragraph: it is also a table cell). */
  readonly rollback: string;
  /** When running it breaks something; what to do instead (exempt, shadow, manual). */
  readonly unsafeWhen: string;
  /** How its rollback detects changes made since the run, where its rollback kind's words do not say it well (one paragraph). */
  readonly drift?: string;
}

interface Section {
  readonly heading: string;
  readonly field: keyof RunbookDoc;
  readonly required: boolean;
  /** Whether the text is also a cell of a generated table, so it must be one paragraph. */
  readonly cell: boolean;
}

/** The sections of a runbook file, in the order they must appear. */
const SECTIONS: readonly Section[] = [
  { heading: 'What it changes', field: 'changes', required: true, cell: false },
  { heading: 'How to roll it back', field: 'rollback', required: true, cell: true },
  { heading: 'Drift check', field: 'drift', required: false, cell: true },
  { heading: 'When it is unsafe', field: 'unsafeWhen', required: true, cell: false },
];

/** Line starts that Markdown reads as a list, a quote, a table or a code block. */
const BLOCK_SYNTAX = /^(?: {4}|\t| {0,3}(?:[-+*>] |\d+[.)] |\||```|~~~))/;

const SECTION_LIST = SECTIONS.map((s) => `"## ${s.heading}"${s.required ? '' : ' (optional)'}`).join(', ');

/** A malformed runbook Markdown file; the message names the file (and line) and says how to fix it. */
export class RunbookDocError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookDocError';
  }
}

/**
 * The prose of one runbook file.
 *
 * The file holds a `# <Runbook>` title (the file's name without `.md`), then the sections
 * `## What it changes`, `## How to roll it back`, optionally `## Drift check`, and
 * `## When it is unsafe`, in that order, each with text. Lines of a paragraph are joined with a
 * space, so prose may be wrapped at any width; paragraphs are separated by a blank line.
 * @param file path shown in messages (relative to the repository root)
 * @param text the file's content
 * @throws RunbookDocError naming the file, the line and the fix
 */
export function parseRunbookDoc(file: string, text: string): RunbookDoc {
  const runbook = path.basename(file, '.md');
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  /** Stops with the problem, at a line (1-based) when it has one. */
  function fail(line: number | undefined, problem: string): never {
    throw new RunbookDocError(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
  }
  let index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0 || lines[index] !== `# ${runbook}`) {
    fail(
      index + 1 || 1,
      `the file must start with the title "# ${runbook}" (the runbook name, as the file is named), found ${JSON.stringify(lines[index] ?? '')}`,
    );
  }
  const bodies = new Map<Section, string[][]>();
  const headingLine = new Map<Section, number>();
  let current: Section | undefined;
  let next = 0;
  for (index += 1; index < lines.length; index += 1) {
    const line = lines[index].trimEnd();
    const at = index + 1;
    if (line.startsWith('#')) {
      const match = /^## (.+)$/.exec(line);
      const section = match ? SECTIONS.find((s) => s.heading === match[1].trim()) : undefined;
      if (!section)
        fail(
          at,
          `unknown heading ${JSON.stringify(line)}; a runbook file has only the sections ${SECTION_LIST}, in that order`,
        );
      const position = SECTIONS.indexOf(section);
      if (position < next)
        fail(
          at,
          `"## ${section.heading}" is repeated or out of order; the sections are ${SECTION_LIST}, in that order`,
        );
      current = section;
      next = position + 1;
      bodies.set(current, [[]]);
      headingLine.set(current, at);
      continue;
    }
    const paragraphs = current ? bodies.get(current) : undefined;
    if (line.trim() === '') {
      if (paragraphs && paragraphs[paragraphs.length - 1].length > 0) paragraphs.push([]);
      continue;
    }
    if (!paragraphs) fail(at, `text before the first section; put it under one of ${SECTION_LIST}`);
    // The generator joins a paragraph's lines into one, so block syntax would be flattened into the text.
    if (BLOCK_SYNTAX.test(line))
      fail(
        at,
        `a line may not start a list, quote, table or code block (${JSON.stringify(line.slice(0, 20))}); write plain paragraphs, or rewrap so the line starts with a word`,
      );
    paragraphs[paragraphs.length - 1].push(line.trim());
  }
  const doc: Partial<Record<keyof RunbookDoc, string>> = {};
  for (const section of SECTIONS) {
    const paragraphs = (bodies.get(section) ?? []).filter((p) => p.length > 0).map((p) => p.join(' '));
    if (!bodies.has(section)) {
      if (section.required)
        fail(
          undefined,
          `the section "## ${section.heading}" is missing; the sections are ${SECTION_LIST}, in that order`,
        );
      continue;
    }
    if (paragraphs.length === 0)
      fail(
        headingLine.get(section),
        `the section "## ${section.heading}" has no text; write it, or remove the heading if the section is optional`,
      );
    if (section.cell && paragraphs.length > 1) {
      fail(
        headingLine.get(section),
        `the section "## ${section.heading}" must be one paragraph (it is also a cell of the tables in docs/remediation/README.md and docs/rollback.md); join its paragraphs`,
      );
    }
    doc[section.field] = paragraphs.join('\n\n');
  }
  return doc as RunbookDoc;
}

/**
 * The prose of every runbook, read from its Markdown file.
 * @param runbooks the runbook names of the catalogue: each needs a file, and no other file may be there
 * @param root repository root
 * @throws RunbookDocError listing every missing, unexpected or malformed file, each with its fix
 */
export function readRunbookDocs(
  runbooks: readonly string[],
  root: string = path.resolve(__dirname, '..', '..'),
): Record<string, RunbookDoc> {
  const dir = path.join(root, RUNBOOK_DOCS_DIR);
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const problems: string[] = [];
  const docs: Record<string, RunbookDoc> = {};
  for (const runbook of runbooks) {
    const file = path.join(RUNBOOK_DOCS_DIR, `${runbook}.md`);
    if (!files.includes(`${runbook}.md`)) {
      problems.push(
        `${file}: missing; write the runbook's docs there with the title "# ${runbook}" and the sections ${SECTION_LIST}`,
      );
      continue;
    }
    try {
      docs[runbook] = parseRunbookDoc(file, readFileSync(path.join(root, file), 'utf8'));
    } catch (error) {
      if (!(error instanceof RunbookDocError)) throw error;
      problems.push(error.message);
    }
  }
  for (const extra of files.filter((f) => !runbooks.includes(f.replace(/\.md$/, '')) || !f.endsWith('.md'))) {
    problems.push(
      `${path.join(RUNBOOK_DOCS_DIR, extra)}: no runbook of that name in the catalogue; name the file <Runbook>.md after a RUNBOOKS entry, or delete it`,
    );
  }
  if (problems.length > 0)
    throw new RunbookDocError(
      `runbook docs: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  return docs;
}
