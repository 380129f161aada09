import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../../cli/plan-review/render';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WORKFLOW = path.join(__dirname, '..', '..', '..', 'docs', 'examples', 'plan-review.yml');

/** The github-script step of the example workflow, run against a stand-in for the GitHub REST client it is given. */
async function runCommentStep(existing: Array<{ id: number; body: string; user: { type: string } }>, review: string) {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Json;
  const step = (workflow.jobs['plan-review'].steps as Json[]).find((s) =>
    s.uses?.startsWith('actions/github-script@'),
  )!;
  const calls: Array<[string, Json]> = [];
  const github = {
    rest: {
      issues: {
        listComments: 'listComments',
        updateComment: async (args: Json) => calls.push(['update', args]),
        createComment: async (args: Json) => calls.push(['create', args]),
      },
    },
    paginate: async (method: string, args: Json) => {
      calls.push([method, args]);
      return existing;
    },
  };
  const context = { repo: { owner: 'acme', repo: 'security' }, issue: { number: 7 } };
  const fakeRequire = (name: string) => {
    if (name !== 'fs') throw new Error(`the step requires ${name}`);
    return { readFileSync: (file: string) => (file === 'review.md' ? review : '') };
  };
  // github-script runs the script as the body of an async function with these names in scope.
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<unknown>;
  await new AsyncFunction('require', 'github', 'context', step.with.script)(fakeRequire, github, context);
  return calls.filter(([kind]) => kind !== 'listComments');
}

describe('docs/examples/plan-review.yml keeps one review comment per pull request', () => {
  const review = `${COMMENT_MARKER}\n## Security Hub plan review\n`;

  test('the marker it looks for is the one the review starts with; the steps a user needs are there', () => {
    const text = readFileSync(WORKFLOW, 'utf8');
    expect(text).toContain(`const marker = '${COMMENT_MARKER}';`);
    const steps = (parse(text) as Json).jobs['plan-review'].steps as Json[];
    expect(steps.map((s) => s.uses ?? s.name)).toEqual(
      expect.arrayContaining([
        'github/codeql-action/upload-sarif@v3',
        'actions/github-script@v7',
        'Review the plans',
        'Plan every stack',
      ]),
    );
    expect(steps.find((s) => s.name === 'Review the plans')?.run).toContain(
      '--format sarif --output plan-review.sarif',
    );
  });

  test('no earlier comment: one is created', async () => {
    expect(await runCommentStep([{ id: 1, body: 'LGTM', user: { type: 'User' } }], review)).toEqual([
      ['create', { owner: 'acme', repo: 'security', issue_number: 7, body: review }],
    ]);
  });

  test('an earlier review comment: it is updated, and a person quoting the marker is left alone', async () => {
    const calls = await runCommentStep(
      [
        { id: 2, body: `${COMMENT_MARKER}\nquoted by a person`, user: { type: 'User' } },
        { id: 3, body: `${COMMENT_MARKER}\n## old review`, user: { type: 'Bot' } },
      ],
      review,
    );
    expect(calls).toEqual([['update', { owner: 'acme', repo: 'security', comment_id: 3, body: review }]]);
  });
});
