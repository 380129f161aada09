import { calendarMonthOf } from '../../dates';
import { stringFlag } from '../../flags';
import { readFindings } from '../../findings/read-findings';
import { openInput } from '../../io/input-source';
import { ComplianceTally } from '../compliance-tally';
import { scopeFromFindings } from '../findings-scope';
import { addOrExplain, idPart, type ReportSource } from './report-source';

/**
 * `--source file` (the default with `--input`): get-findings JSON or JSON Lines from a file or
 * stdin. A file says nothing about the organization, so the scope is derived from the findings.
 */
export const FILE_SOURCE: ReportSource = {
  name: 'file',
  describe: '--input',
  live: false,
  describeInput(flags) {
    const input = stringFlag(flags, 'input');
    return { kind: 'file', input: input === '-' ? 'stdin' : input };
  },
  async load(request) {
    const tally = new ComplianceTally(calendarMonthOf(request.now), request.details);
    // The registry picks this source only with --input (a usage error otherwise).
    const input = await openInput(stringFlag(request.flags, 'input')!, request.io.stdin);
    const name = `--input ${input.name}`;
    for await (const { finding, ordinal, line } of readFindings(input.stream, name)) {
      addOrExplain(request, tally, finding, () => `${name}: finding ${ordinal} (line ${line}${idPart(finding, ', ')})`);
    }
    return { tally, scope: scopeFromFindings(tally, request.connection.region) };
  },
};
