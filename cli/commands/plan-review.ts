import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import { choiceFlag, formatFlagHelp, parseFlags, stringFlag, type FlagSpec } from '../flags';
import { appendFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic-write';
import { fitMarkdown, GITHUB_COMMENT_LIMIT, GITHUB_STEP_SUMMARY_LIMIT, runSummaryUrl } from '../plan-review/github';
import { readPlanSources } from '../plan-review/input';
import { COMMENT_MARKER, renderJson, reviewExitCode } from '../plan-review/render';
import { reviewPlans, type PlanReview } from '../plan-review/review';
import { renderSarif } from '../plan-review/sarif';
import { RISK_RULES } from '../plan-review/rules';

const NAME = 'securityhub plan-review';

/** The flags `securityhub plan-review` takes. */
export const PLAN_REVIEW_FLAGS: readonly FlagSpec[] = [
  { name: 'format', type: 'string', short: 'f', value: 'FORMAT', description: 'output format: markdown (a pull-request comment, cut to fit GitHub\'s 65,536 characters), json (for bots) or sarif (SARIF 2.1.0, for code scanning); default markdown' },
  { name: 'output', type: 'string', short: 'o', value: 'FILE', description: 'write the review to FILE (atomically) instead of stdout' },
  { name: 'help', type: 'boolean', short: 'h', description: 'show this help' },
];

const HELP = `Usage: securityhub plan-review [flags] PLAN

Reviews Terraform plans of the Security Hub stacks for a pull request: per stack, the resources
added, changed, destroyed and replaced by type, and the changes a security reviewer must see.

PLAN is the JSON of a saved plan (\`terraform show -json tfplan > security.json\`), or a directory
of them: <stack>.json files or <stack>/plan.json folders.

Flags:
${formatFlagHelp(PLAN_REVIEW_FLAGS)}

Risk rules:
${RISK_RULES.map((r) => `  ${r.name}\n      ${r.description}`).join('\n')}

With $GITHUB_STEP_SUMMARY set (GitHub Actions), the full Markdown review is appended to the job
summary too, whatever --format is. The Markdown starts with ${COMMENT_MARKER},
a hidden marker a workflow finds to update its previous comment (docs/examples/plan-review.yml).

Exit codes: 0 no high risks, 1 high risks found, 2 bad input or usage.

Examples:
  terraform plan -out=tfplan && terraform show -json tfplan > plans/security.json
  securityhub plan-review plans/ > review.md
  securityhub plan-review plans/security.json --format json
  securityhub plan-review plans/ --format sarif --output plan-review.sarif
`;

/** Flags that take a value, so the value after them is not mistaken for PLAN. */
const VALUE_FLAGS = new Set(PLAN_REVIEW_FLAGS.filter((f) => f.type === 'string').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/** Splits argv into flag arguments and positionals (`--` ends flags). */
function splitArguments(argv: readonly string[]): { flags: string[]; positionals: string[] } {
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      flags.push(arg);
      if (VALUE_FLAGS.has(arg) && i + 1 < argv.length) flags.push(argv[++i]);
    } else {
      positionals.push(arg);
    }
  }
  return { flags, positionals };
}

/** Said at the end of a job summary cut to GitHub's 1 MiB. */
const SUMMARY_CUT = `_The review was cut to fit GitHub's job summary (1 MiB). Run \`${NAME} PLAN --format json\` for every flag._`;

/** The Markdown for a pull-request comment, within GitHub's limit, pointing at the full review when cut. */
function commentMarkdown(review: PlanReview, toSummary: boolean, runUrl: string | undefined) {
  const where = toSummary
    ? `the full review is in the job summary${runUrl ? ` of [this workflow run](${runUrl})` : ' of this workflow run'}`
    : `run \`${NAME} PLAN --format json\` for every flag`;
  return fitMarkdown(review, GITHUB_COMMENT_LIMIT, `_This review was cut to fit a GitHub comment (${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters): ${where}._`);
}

/** `securityhub plan-review`: a Markdown, JSON or SARIF review of Terraform plans, with risk flags. */
export const planReviewCommand: Command = {
  name: 'plan-review',
  summary: 'review terraform plans for a pull request: changes per stack and security risks',
  help: () => HELP,
  async run(argv, io) {
    const { flags: flagArgs, positionals } = splitArguments(argv);
    const flags = parseFlags(NAME, PLAN_REVIEW_FLAGS, flagArgs);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const format = choiceFlag(NAME, flags, 'format', ['markdown', 'json', 'sarif'] as const, 'markdown');
    if (positionals.length === 0) {
      throw new UsageError(`${NAME}: give the plan to review, e.g. \`${NAME} security.json\` (the output of \`terraform show -json tfplan\`) or a directory of them.`);
    }
    if (positionals.length > 1) {
      throw new UsageError(`${NAME}: one PLAN at a time (got ${positionals.length}); put several stacks' plans in one directory as <stack>.json and pass the directory.`);
    }
    const review = reviewPlans(await readPlanSources(positionals[0]));
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    let text: string;
    if (format === 'json') {
      text = renderJson(review);
    } else if (format === 'sarif') {
      text = renderSarif(review);
    } else {
      const comment = commentMarkdown(review, summaryFile !== undefined && summaryFile !== '', runSummaryUrl(io.env));
      text = comment.text;
      if (comment.fit === 'cut' && !summaryFile) {
        io.stderr.write(`${NAME}: the review was cut to fit a GitHub comment (${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters); --format json holds every flag.\n`);
      }
    }
    const output = stringFlag(flags, 'output');
    if (output !== undefined) await writeFileAtomic(output, text);
    else await new Promise<void>((resolve, reject) => io.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    if (summaryFile) await appendFile(summaryFile, `${fitMarkdown(review, GITHUB_STEP_SUMMARY_LIMIT, SUMMARY_CUT).text}\n`);
    return reviewExitCode(review);
  },
};
