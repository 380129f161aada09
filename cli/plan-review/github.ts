import { renderMarkdown } from './render';
import type { PlanReview } from './review';

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** GitHub's limit on one step's job summary (`$GITHUB_STEP_SUMMARY`): 1 MiB. */
export const GITHUB_STEP_SUMMARY_LIMIT = 1_048_576;

/** Markdown fitted to a limit, and whether anything was left out. */
export interface FittedMarkdown {
  readonly text: string;
  /** `full` when nothing was left out; `no-resource-lists` when the address lists were; `cut` when the text was cut too. */
  readonly fit: 'full' | 'no-resource-lists' | 'cut';
}

/**
 * The review's Markdown within `limit` UTF-8 bytes (a byte count is never below GitHub's
 * character count, so the result fits either way). First the collapsed lists of resource
 * addresses go (the per-type counts stay); then the text is cut at a line, an open `<details>`
 * closed, and `pointer` (where the full review is) appended.
 */
export function fitMarkdown(review: PlanReview, limit: number, pointer: string): FittedMarkdown {
  const full = renderMarkdown(review);
  if (bytes(full) <= limit) return { text: full, fit: 'full' };
  const note = `\n\n---\n${pointer}\n`;
  const lean = renderMarkdown(review, { resourceLists: false });
  if (bytes(lean) + bytes(note) <= limit) return { text: `${lean.trimEnd()}${note}`, fit: 'no-resource-lists' };
  const closing = '\n\n</details>';
  const budget = limit - bytes(note) - bytes(closing) - bytes('\n...');
  const kept: string[] = [];
  let used = 0;
  for (const line of lean.split('\n')) {
    const size = bytes(line) + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  let text = `${kept.join('\n')}\n...`;
  // A cut inside a collapsed block would swallow everything after it, the pointer included.
  const open = (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length;
  if (open > 0) text += closing;
  return { text: `${text}${note}`, fit: 'cut' };
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The link to this workflow run's summary page, from the variables GitHub Actions sets; undefined elsewhere. */
export function runSummaryUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}
