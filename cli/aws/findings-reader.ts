import { GetFindingsCommand, type GetFindingsCommandOutput, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CliError } from '../errors';
import type { AsffFinding } from '../findings/asff';
import { NO_PROGRESS, type ProgressSink } from './progress';
import { describeAwsError, isMissingRegion, missingRegionError } from './securityhub-client';

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

  constructor(private readonly client: SecurityHubClient, private readonly progress: ProgressSink = NO_PROGRESS) {}

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
      .send(new GetFindingsCommand({
        Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
        MaxResults: FINDINGS_PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }))
      .catch((e: unknown) => {
        if (isMissingRegion(e)) throw missingRegionError();
        throw new CliError(`GetFindings page ${pageNumber} failed: ${describeAwsError(e)}; no report was written. Check the credentials, the Region and --endpoint-url, or raise --max-attempts.`);
      });
    // The consumer may stop early (a bad finding); the prefetched page must not become an unhandled rejection.
    request.catch(() => undefined);
    return request;
  }
}
