import {
  BatchGetStandardsControlAssociationsCommand,
  GetEnabledStandardsCommand,
  ListMembersCommand,
  ListSecurityControlDefinitionsCommand,
  type SecurityHubClient,
  type StandardsControlAssociationId,
} from '@aws-sdk/client-securityhub';
import { SEVERITY_LABELS, toStandardsId, type SeverityLabelValue } from '../findings/asff';
import type { ComplianceTally } from '../report/compliance-tally';
import { scopeFromFindings } from '../report/findings-scope';
import { disabledKey, type ListedControl, type ReportScope, type ScopedStandard } from '../report/report-scope';
import { compareStandardsIds } from '../report/standard-names';
import { awsCallError, classifyAwsError, type AwsCallContext } from './aws-errors';
import { describeAwsError, isClientRefusal } from './securityhub-client';

/** BatchGetStandardsControlAssociations takes at most this many ids a call. */
const ASSOCIATIONS_PER_CALL = 100;

/** Standards GetEnabledStandards lists that still produce findings (not being deleted, not failed). */
const LIVE_STANDARD_STATUSES = new Set(['READY', 'PENDING', 'INCOMPLETE']);

/** What the report says when one scope read is refused, after the operation and the error. */
const FALLBACKS = {
  GetEnabledStandards: 'the standards were derived from the findings: a standard with no findings is not listed',
  ListSecurityControlDefinitions:
    'NO DATA counts only controls that appear in findings (an enabled control with no finding at all is not counted)',
  BatchGetStandardsControlAssociations: 'no control counts as disabled',
  ListMembers: 'N counts the accounts seen in the findings',
} as const;

/**
 * Reads what a report covers from the administrator's Security Hub: enabled standards
 * (GetEnabledStandards), every control of each (ListSecurityControlDefinitions), the controls
 * disabled in them (BatchGetStandardsControlAssociations) and the member accounts (ListMembers).
 * Where the endpoint or the principal refuses one of these reads, that part falls back to the
 * findings and the report says so.
 */
export class ScopeReader {
  /** @param where the Region and endpoint the client calls, for the fix a failure names */
  constructor(
    private readonly client: SecurityHubClient,
    private readonly where: Omit<AwsCallContext, 'operation'> = {},
  ) {}

  /**
   * @param tally the findings already read (their controls are the ones whose associations are looked up)
   * @param administratorAccount the administrator from flags or config, counted in scope with the members
   * @param region the Region for derived standards ARNs, if the API gives none
   * @throws CliError when a read fails after retries for reasons other than a refusal
   */
  public async read(
    tally: ComplianceTally,
    administratorAccount: string | undefined,
    region: string | undefined,
  ): Promise<ReportScope> {
    const derived = scopeFromFindings(tally, region);
    const notes: string[] = [];
    const optional = async <T>(what: keyof typeof FALLBACKS, read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await read();
      } catch (e) {
        // Credentials that do not work fail every read alike: say so once instead of noting four refusals.
        if (!isClientRefusal(e) || classifyAwsError(e) === 'credentials') {
          throw awsCallError(e, {
            principal: 'the delegated administrator (security account)',
            action: `securityhub:${what}`,
            ...this.where,
            operation: what,
          });
        }
        notes.push(`${what} was refused (${describeAwsError(e)}); ${FALLBACKS[what]}.`);
        return undefined;
      }
    };

    const standards = (await optional('GetEnabledStandards', () => this.enabledStandards())) ?? derived.standards;
    const standardControls = await optional('ListSecurityControlDefinitions', () => this.standardControls(standards));
    const disabledControls =
      (await optional('BatchGetStandardsControlAssociations', () =>
        this.disabledControls(tally, standards, standardControls),
      )) ?? new Set<string>();
    const members = await optional('ListMembers', () => this.members());
    const admin = administratorAccount ?? members?.administrator;
    const accounts = members ? [...new Set([...members.accounts, ...(admin ? [admin] : [])])].sort() : derived.accounts;
    return {
      standards,
      disabledControls,
      ...(standardControls ? { standardControls } : {}),
      accounts,
      ...(admin ? { administratorAccount: admin } : {}),
      ...(members ? { memberAccounts: members.accounts.length } : {}),
      derivedFromFindings: false,
      notes,
    };
  }

  /** The administrator's enabled standards, in catalogue order. */
  private async enabledStandards(): Promise<ScopedStandard[]> {
    const out: ScopedStandard[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetEnabledStandardsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
      );
      for (const s of page.StandardsSubscriptions ?? []) {
        if (s.StandardsArn && LIVE_STANDARD_STATUSES.has(s.StandardsStatus ?? 'READY')) {
          out.push({ standardsId: toStandardsId(s.StandardsArn), standardsArn: s.StandardsArn });
        }
      }
      token = page.NextToken;
    } while (token);
    return out.sort((a, b) => compareStandardsIds(a.standardsId, b.standardsId));
  }

  /** Every control of each standard, by standards id (one paged read per standard, side by side). */
  private async standardControls(standards: readonly ScopedStandard[]): Promise<Map<string, ListedControl[]>> {
    const lists = await Promise.all(
      standards.map(async (s) => {
        const controls: ListedControl[] = [];
        let token: string | undefined;
        do {
          const page = await this.client.send(
            new ListSecurityControlDefinitionsCommand({
              StandardsArn: s.standardsArn,
              MaxResults: 100,
              ...(token ? { NextToken: token } : {}),
            }),
          );
          for (const d of page.SecurityControlDefinitions ?? []) {
            if (!d.SecurityControlId) continue;
            const severity = (SEVERITY_LABELS as readonly string[]).includes(d.SeverityRating ?? '')
              ? (d.SeverityRating as SeverityLabelValue)
              : undefined;
            controls.push({
              controlId: d.SecurityControlId,
              ...(d.Title ? { title: d.Title } : {}),
              ...(severity ? { severity } : {}),
            });
          }
          token = page.NextToken;
        } while (token);
        return [s.standardsId, controls] as const;
      }),
    );
    return new Map(lists);
  }

  /**
   * (standard, control) pairs whose association is DISABLED, for every control the standards list
   * and every control seen in findings (the lists may lag behind the controls that report).
   */
  private async disabledControls(
    tally: ComplianceTally,
    standards: readonly ScopedStandard[],
    listed: ReadonlyMap<string, readonly ListedControl[]> | undefined,
  ): Promise<Set<string>> {
    const ids: StandardsControlAssociationId[] = [];
    for (const s of standards) {
      const controlIds = new Set((listed?.get(s.standardsId) ?? []).map((c) => c.controlId));
      for (const [controlId, control] of tally.controls)
        if (control.byStandard.has(s.standardsId)) controlIds.add(controlId);
      for (const controlId of controlIds) ids.push({ SecurityControlId: controlId, StandardsArn: s.standardsArn });
    }
    const disabled = new Set<string>();
    for (let i = 0; i < ids.length; i += ASSOCIATIONS_PER_CALL) {
      const out = await this.client.send(
        new BatchGetStandardsControlAssociationsCommand({
          StandardsControlAssociationIds: ids.slice(i, i + ASSOCIATIONS_PER_CALL),
        }),
      );
      for (const d of out.StandardsControlAssociationDetails ?? []) {
        if (d.AssociationStatus === 'DISABLED' && d.StandardsArn && d.SecurityControlId)
          disabled.add(disabledKey(toStandardsId(d.StandardsArn), d.SecurityControlId));
      }
    }
    return disabled;
  }

  /** Associated member accounts, and the administrator they name. */
  private async members(): Promise<{ accounts: string[]; administrator?: string }> {
    const accounts: string[] = [];
    let administrator: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListMembersCommand({ OnlyAssociated: true, MaxResults: 50, ...(token ? { NextToken: token } : {}) }),
      );
      for (const m of page.Members ?? []) {
        if (m.AccountId) accounts.push(m.AccountId);
        administrator ??= m.AdministratorId ?? m.MasterId;
      }
      token = page.NextToken;
    } while (token);
    return { accounts, ...(administrator ? { administrator } : {}) };
  }
}
