import { GetFindingsCommand, type GetFindingsCommandOutput, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../findings/asff';
import { awsCallError, type AwsCallContext } from './aws-errors';
import { NO_PROGRESS, type ProgressSink } from './progress';

/** GetFindings' largest page. */
export const FINDINGS_PAGE_SIZE = 100;

/**
 * Reads findings from Security Hub's GetFindings, page by page. The next page is requested while
 * the current one is being processed, so API latency and tallying overlap; at most two pages are
 * held at once, so memory does not grow with the number of findings.
 */
export class FindingsReader {
  /** Pages received so far. */
  public pages = 0;
  /** Findings received so far. */
  public findings = 0;

  /**
   * @param where the Region and endpoint the client calls, for the fix a failure names
   */
  constructor(
    private readonly client: SecurityHubClient,
    private readonly progress: ProgressSink = NO_PROGRESS,
    private readonly where: Omit<AwsCallContext, 'operation'> = {},
  ) {}

  /**
   * Yields every ACTIVE finding. Archived findings are filtered server-side: reports ignore them
   * and Security Hub keeps them for 90 days, so they would otherwise dominate the read.
   * @throws CliError naming the page that failed once the SDK's retries are spent
   */
  public async *activeFindings(): AsyncGenerator<AsffFinding> {
    try {
      let next: Promise<GetFindingsCommandOutput> | undefined = this.fetch(undefined, 1);
      while (next) {
        const page: GetFindingsCommandOutput = await next;
        this.pages++;
        const token = page.NextToken;
        next = token ? this.fetch(token, this.pages + 1) : undefined;
        const findings = page.Findings ?? [];
        this.findings += findings.length;
        this.progress.page(this.pages, this.findings);
        for (const finding of findings) yield finding as unknown as AsffFinding;
      }
    } finally {
      this.progress.done();
    }
  }

  private fetch(token: string | undefined, pageNumber: number): Promise<GetFindingsCommandOutput> {
    const request = this.client
      .send(
        new GetFindingsCommand({
          Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
          MaxResults: FINDINGS_PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
      )
      .catch((e: unknown) => {
        throw awsCallError(e, {
          principal: 'the delegated administrator (security account)',
          action: 'securityhub:GetFindings',
          ...this.where,
          operation: `GetFindings page ${pageNumber}`,
        });
      });
    // The consumer may stop early (a bad finding); the prefetched page must not become an unhandled rejection.
    request.catch(() => undefined);
    return request;
  }
}
