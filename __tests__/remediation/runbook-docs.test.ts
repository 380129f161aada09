import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseRunbookDoc, readRunbookDocs, RUNBOOK_DOCS_DIR } from '../../remediation-functions/scripts/runbook-docs';

/* A runbook's docs prose lives in remediation-functions/runbooks/docs/<Runbook>.md; the generator
   reads it strictly, so a typo stops the generator with the file, the line and the fix instead of
   dropping text from a page. */

const FILE = path.join(RUNBOOK_DOCS_DIR, 'EnableThing.md');

const VALID = [
  '# EnableThing',
  '',
  '## What it changes',
  '',
  'Turns the thing on,',
  'wrapped over two lines.',
  '',
  'A second paragraph.',
  '',
  '## How to roll it back',
  '',
  'Turns it off again.',
  '',
  '## When it is unsafe',
  '',
  'Never.',
  '',
].join('\n');

/** VALID with one line replaced (or removed, with `undefined`). */
function edited(line: string, replacement: string | undefined): string {
  const lines = VALID.split('\n');
  const at = lines.indexOf(line);
  if (at < 0) throw new Error(`no line ${line}`);
  if (replacement === undefined) lines.splice(at, 1);
  else lines[at] = replacement;
  return lines.join('\n');
}

describe('parseRunbookDoc', () => {
  test('joins wrapped lines with a space and keeps paragraphs apart; the drift check is optional', () => {
    expect(parseRunbookDoc(FILE, VALID)).toEqual({
      changes: 'Turns the thing on, wrapped over two lines.\n\nA second paragraph.',
      rollback: 'Turns it off again.',
      unsafeWhen: 'Never.',
    });
  });

  test('reads a drift check, and Windows line endings', () => {
    const text = edited(
      '## When it is unsafe',
      '## Drift check\n\nReads it again\nfirst.\n\n## When it is unsafe',
    ).replace(/\n/g, '\r\n');
    expect(parseRunbookDoc(FILE, text)).toEqual({
      changes: 'Turns the thing on, wrapped over two lines.\n\nA second paragraph.',
      rollback: 'Turns it off again.',
      drift: 'Reads it again first.',
      unsafeWhen: 'Never.',
    });
  });

  const sections =
    '"## What it changes", "## How to roll it back", "## Drift check" (optional), "## When it is unsafe"';
  test.each([
    [
      'a title that is not the file name',
      edited('# EnableThing', '# EnableOther'),
      `${FILE}:1: the file must start with the title "# EnableThing" (the runbook name, as the file is named), found "# EnableOther"`,
    ],
    [
      'an unknown heading',
      edited('## How to roll it back', '## Rollback'),
      `${FILE}:10: unknown heading "## Rollback"; a runbook file has only the sections ${sections}, in that order`,
    ],
    [
      'a deeper heading',
      edited('A second paragraph.', '### Details'),
      `${FILE}:8: unknown heading "### Details"; a runbook file has only the sections ${sections}, in that order`,
    ],
    [
      'sections out of order',
      VALID.replace('## How to roll it back', '## Swap')
        .replace('## When it is unsafe', '## How to roll it back')
        .replace('## Swap', '## When it is unsafe'),
      `${FILE}:14: "## How to roll it back" is repeated or out of order; the sections are ${sections}, in that order`,
    ],
    [
      'a missing section',
      VALID.slice(0, VALID.indexOf('## When it is unsafe')),
      `${FILE}: the section "## When it is unsafe" is missing; the sections are ${sections}, in that order`,
    ],
    [
      'an empty section',
      edited('Never.', ''),
      `${FILE}:14: the section "## When it is unsafe" has no text; write it, or remove the heading if the section is optional`,
    ],
    [
      'a rollback of two paragraphs',
      edited('Turns it off again.', 'Turns it off.\n\nAnd more.'),
      `${FILE}:10: the section "## How to roll it back" must be one paragraph (it is also a cell of the tables in docs/remediation/README.md and docs/rollback.md); join its paragraphs`,
    ],
    [
      'a list',
      edited('A second paragraph.', '- a list item'),
      `${FILE}:8: a line may not start a list, quote, table or code block ("- a list item"); write plain paragraphs, or rewrap so the line starts with a word`,
    ],
    [
      'an indented list',
      edited('A second paragraph.', '  1. first'),
      `${FILE}:8: a line may not start a list, quote, table or code block ("  1. first"); write plain paragraphs, or rewrap so the line starts with a word`,
    ],
    [
      'a code block',
      edited('A second paragraph.', '```sh'),
      `${FILE}:8: a line may not start a list, quote, table or code block ("\`\`\`sh"); write plain paragraphs, or rewrap so the line starts with a word`,
    ],
    [
      'text before the first section',
      edited('# EnableThing', '# EnableThing\n\nIntro.'),
      `${FILE}:3: text before the first section; put it under one of ${sections}`,
    ],
  ])('refuses %s, naming the file, the line and the fix', (_case, text, message) => {
    expect(() => parseRunbookDoc(FILE, text)).toThrow(message);
  });
});

describe('readRunbookDocs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'runbook-docs-'));
    mkdirSync(path.join(root, RUNBOOK_DOCS_DIR), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('reads one file per runbook', () => {
    writeFileSync(path.join(root, FILE), VALID);
    expect(Object.keys(readRunbookDocs(['EnableThing'], root))).toEqual(['EnableThing']);
  });

  test('lists every missing, unexpected and malformed file at once', () => {
    writeFileSync(path.join(root, FILE), edited('Never.', ''));
    writeFileSync(path.join(root, RUNBOOK_DOCS_DIR, 'EnableGone.md'), VALID.replace('EnableThing', 'EnableGone'));
    let message = '';
    try {
      readRunbookDocs(['EnableThing', 'EnableNew'], root);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'runbook docs: 3 problem(s):',
      `  ${FILE}:14: the section "## When it is unsafe" has no text; write it, or remove the heading if the section is optional`,
      `  ${path.join(RUNBOOK_DOCS_DIR, 'EnableNew.md')}: missing; write the runbook's docs there with the title "# EnableNew" and the sections "## What it changes", "## How to roll it back", "## Drift check" (optional), "## When it is unsafe"`,
      `  ${path.join(RUNBOOK_DOCS_DIR, 'EnableGone.md')}: no runbook of that name in the catalogue; name the file <Runbook>.md after a RUNBOOKS entry, or delete it`,
    ]);
  });
});
