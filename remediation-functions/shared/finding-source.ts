import { GetFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { parseFinding, type SecurityHubFinding } from './finding';

/** How a finding is named in Security Hub's APIs. */
export interface FindingIdentifier {
  readonly Id: string;
  readonly ProductArn: string;
}

/** Reads findings as Security Hub holds them; {@link SecurityHubFindingSource} in production. */
export interface FindingSource {
  /** The finding, or undefined when Security Hub holds no finding with this Id and ProductArn. */
  get(identifier: FindingIdentifier): Promise<SecurityHubFinding | undefined>;
}

/**
 * Re-reads findings with GetFindings as the security account (the delegated administrator) in
 * the home Region, which with a finding aggregator sees the findings of every member account
 * and linked Region. What comes back is what Security Hub holds, not what an event claimed.
 */
export class SecurityHubFindingSource implements FindingSource {
  /** @param securityhub client of the security account in the home (aggregation) Region */
  readonly #securityhub: SecurityHubClient;

  constructor(securityhub: SecurityHubClient) {
    this.#securityhub = securityhub;
  }

  public async get(identifier: FindingIdentifier): Promise<SecurityHubFinding | undefined> {
    const response = await this.#securityhub.send(
      new GetFindingsCommand({
        Filters: {
          Id: [{ Value: identifier.Id, Comparison: 'EQUALS' }],
          ProductArn: [{ Value: identifier.ProductArn, Comparison: 'EQUALS' }],
        },
        MaxResults: 1,
      }),
    );
    const held = (response.Findings ?? []).find(
      (f) => f.Id === identifier.Id && f.ProductArn === identifier.ProductArn,
    );
    return held ? parseFinding(held, 'GetFindings.Findings[0]') : undefined;
  }
}
