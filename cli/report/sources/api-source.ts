import { createSecurityHubClient } from '../../aws/securityhub-client';
import { FindingsReader } from '../../aws/findings-reader';
import { progressFor } from '../../aws/progress';
import { ScopeReader } from '../../aws/scope-reader';
import { calendarMonthOf } from '../../dates';
import { ComplianceTally } from '../compliance-tally';
import { addOrExplain, idPart, type ReportSource } from './report-source';

/**
 * `--source api` (the default without `--input`): GetFindings in the aggregation Region of the
 * delegated administrator, and the scope (enabled standards, disabled controls, member accounts)
 * from the API too, so the report scores what Security Hub scores.
 */
export const API_SOURCE: ReportSource = {
  name: 'api',
  describe: '',
  live: true,
  describeInput: () => ({ kind: 'api' }),
  async load(request) {
    const { connection, io } = request;
    const tally = new ComplianceTally(calendarMonthOf(request.now), request.details);
    const client = createSecurityHubClient(connection);
    try {
      // A failed call names the Region and endpoint it went to, for the fix.
      const where = { region: connection.region, endpointUrl: connection.endpointUrl };
      const reader = new FindingsReader(client, progressFor(io.stderr, 'GetFindings', 'findings'), where);
      for await (const finding of reader.activeFindings()) {
        addOrExplain(request, tally, finding, () => `GetFindings page ${reader.pages}: finding${idPart(finding, ' ')}`);
      }
      return {
        tally,
        scope: await new ScopeReader(client, where).read(tally, request.administratorAccount, connection.region),
      };
    } finally {
      client.destroy();
    }
  },
};
