import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import {
  choiceFlag,
  exitCodesHelp,
  formatFlag,
  formatFlagHelp,
  HELP_FLAG,
  OUTPUT_FLAG,
  parseFlags,
  stringFlag,
  type FlagSpec,
} from '../flags';
import { appendFile } from 'node:fs/promises';
import { writeResult } from '../io/output';
import { fitMarkdown, GITHUB_COMMENT_LIMIT, GITHUB_STEP_SUMMARY_LIMIT, runSummaryUrl } from '../plan-review/github';
import { readPlanSources } from '../plan-review/input';
import { COMMENT_MARKER, renderJson, reviewExitCode } from '../plan-review/render';
import { reviewPlans, type PlanReview } from '../plan-review/review';
import { renderSarif } from '../plan-review/sarif';
import { RISK_RULES } from '../plan-review/rules';

const NAME = 'securityhub plan-review';

/** The formats a review renders in. */
const PLAN_REVIEW_FORMATS = ['markdown', 'json', 'sarif'] as const;

/** The flags `securityhub plan-review` takes. */
export const PLAN_REVIEW_FLAGS: readonly FlagSpec[] = [
  formatFlag(
    PLAN_REVIEW_FORMATS,
    "markdown is a pull-request comment cut to fit GitHub's 65,536 characters, json for bots, sarif (2.1.0) for code scanning",
  ),
  OUTPUT_FLAG,
  HELP_FLAG,
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

${exitCodesHelp('a high risk was found (stderr says how many and where)')}

Examples:
  terraform plan -out=tfplan && terraform show -json tfplan > plans/security.json
  securityhub plan-review plans/ > review.md
  securityhub plan-review plans/security.json --format json
  securityhub plan-review plans/ --format sarif --output plan-review.sarif
`;

/** Flags that take a value, so the value after them is not mistaken for PLAN. */
const VALUE_FLAGS = new Set(
  PLAN_REVIEW_FLAGS.filter((f) => f.type === 'string').flatMap((f) => [
    `--${f.name}`,
    ...(f.short ? [`-${f.short}`] : []),
  ]),
);

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

/** `3 high risks: security (2), management (1)`: why the review exits 1. */
function highRiskLine(review: PlanReview): string {
  const where = review.stacks
    .filter((st) => st.risks.some((r) => r.severity === 'high'))
    .map((st) => `${st.stack} (${st.risks.filter((r) => r.severity === 'high').length})`);
  return `${review.risks.high} high risk${review.risks.high === 1 ? '' : 's'} found, in ${where.join(', ')}; see the review.`;
}

/** Said at the end of a job summary cut to GitHub's 1 MiB. */
const SUMMARY_CUT = `_The review was cut to fit GitHub's job summary (1 MiB). Run \`${NAME} PLAN --format json\` for every flag._`;

/** The Markdown for a pull-request comment, within GitHub's limit, pointing at the full review when cut. */
function commentMarkdown(review: PlanReview, toSummary: boolean, runUrl: string | undefined) {
  const where = toSummary
    ? `the full review is in the job summary${runUrl ? ` of [this workflow run](${runUrl})` : ' of this workflow run'}`
    : `run \`${NAME} PLAN --format json\` for every flag`;
  return fitMarkdown(
    review,
    GITHUB_COMMENT_LIMIT,
    `_This review was cut to fit a GitHub comment (${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters): ${where}._`,
  );
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
    const format = choiceFlag(NAME, flags, 'format', PLAN_REVIEW_FORMATS, 'markdown');
    if (positionals.length === 0) {
      throw new UsageError(
        `${NAME}: give the plan to review, e.g. \`${NAME} security.json\` (the output of \`terraform show -json tfplan\`) or a directory of them.`,
      );
    }
    if (positionals.length > 1) {
      throw new UsageError(
        `${NAME}: one PLAN at a time (got ${positionals.length}); put several stacks' plans in one directory as <stack>.json and pass the directory.`,
      );
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
        io.stderr.write(
          `${NAME}: the review was cut to fit a GitHub comment (${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters); --format json holds every flag.\n`,
        );
      }
    }
    const output = stringFlag(flags, 'output');
    await writeResult(NAME, text, output, io);
    if (summaryFile)
      await appendFile(summaryFile, `${fitMarkdown(review, GITHUB_STEP_SUMMARY_LIMIT, SUMMARY_CUT).text}\n`);
    const code = reviewExitCode(review);
    // A failed CI step should say why without opening the review.
    if (code !== EXIT_OK) io.stderr.write(`${NAME}: exit ${code}: ${highRiskLine(review)}\n`);
    return code;
  },
};
