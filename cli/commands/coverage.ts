import { describeConfigSource, resolveConfigFile } from '../../config/load';
import type { Command } from '../command';
import { renderJson, renderMarkdown, renderText } from '../coverage/render';
import { buildCoverageMatrix, strictGaps } from '../coverage/matrix';
import { parseGivenTime } from '../dates';
import { EXIT_FAILURE, EXIT_OK } from '../errors';
import {
  choiceFlag,
  exitCodesHelp,
  formatFlag,
  formatFlagHelp,
  HELP_FLAG,
  OUTPUT_FLAG,
  parseFlags,
  stringFlag,
  WIDE_FLAG,
  type FlagSpec,
} from '../flags';
import { fitLines, tableWidth, writeResult } from '../io/output';
import { loadOrgConfigForCli } from '../org-config';

const NAME = 'securityhub coverage';

/** The formats the matrix renders in. */
const COVERAGE_FORMATS = ['text', 'json', 'markdown'] as const;

/** The flags `securityhub coverage` takes. */
export const COVERAGE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'config',
    type: 'string',
    value: 'FILE',
    description: 'organization config (default $SECURITYHUB_CONFIG, then the embedded example)',
  },
  formatFlag(COVERAGE_FORMATS),
  {
    name: 'strict',
    type: 'boolean',
    description: 'exit 1 when an enabled CRITICAL or HIGH control of a production tier is not covered',
  },
  {
    name: 'as-of',
    type: 'string',
    value: 'YYYY-MM-DD',
    description: 'judge exemption and acceptance expiry on this day (default today, UTC)',
  },
  OUTPUT_FLAG,
  WIDE_FLAG,
  HELP_FLAG,
];

const HELP = `Usage: securityhub coverage [--config FILE] [--format text|json|markdown] [--strict]

For every tier of the organization config, every control its standards enable (from the control
catalogue), grouped by severity, and how it is covered:
  remediated  a runbook runs for it in the tier (mode shadow, manual or auto), exemptions listed
  exempted    no runbook runs, but an unexpired exemption (owner, expiry) covers it
  disabled    the tier disables it (tiers[].disabledControls, with the reason)
  accepted    handled without automation (remediation.accepted, with owner and reason)
  uncovered   none of these

Flags:
${formatFlagHelp(COVERAGE_FLAGS)}

${exitCodesHelp('with --strict, an enabled CRITICAL or HIGH control of a production tier is uncovered (each is named on stderr with the fix)', ', a config that does not validate')}

The first stderr line names the config read (--config, $SECURITYHUB_CONFIG or the embedded example).

Examples:
  securityhub coverage --config org.yaml
  securityhub coverage --config org.yaml --format markdown --strict > coverage.md
`;

/** `securityhub coverage`: the remediation coverage matrix of an org config. */
export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'controls each tier enables and whether each is remediated, exempted, disabled or accepted',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, COVERAGE_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const format = choiceFlag(NAME, flags, 'format', COVERAGE_FORMATS, 'text');
    const asOf = stringFlag(flags, 'as-of');
    const today = asOf === undefined ? new Date() : parseGivenTime(`${NAME}: --as-of`, asOf).date;
    io.stderr.write(`${NAME}: ${describeConfigSource(stringFlag(flags, 'config'), io.env)}\n`);
    const config = loadOrgConfigForCli(resolveConfigFile(stringFlag(flags, 'config'), io.env), today);
    const matrix = buildCoverageMatrix(config, today);
    const text =
      format === 'json' ? renderJson(matrix) : format === 'markdown' ? renderMarkdown(matrix) : renderText(matrix);
    const output = stringFlag(flags, 'output');
    // On a terminal the text matrix's lines (titles, owners, reasons) are cut to its width unless --wide.
    const width =
      format === 'text' && output === undefined ? tableWidth(io, flags.wide === true) : Number.POSITIVE_INFINITY;
    await writeResult(NAME, fitLines(text, width), output, io);
    if (!flags.strict) return EXIT_OK;
    const gaps = strictGaps(matrix);
    for (const g of gaps) {
      io.stderr.write(
        `${NAME}: tier ${g.tier}: ${g.control.securityControlId} (${g.control.severity}, enabled by ${g.control.standards.join(', ')}) is not remediated, exempted, disabled or accepted; ${g.fix}.\n`,
      );
    }
    return gaps.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
