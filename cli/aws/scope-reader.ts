import {
  BatchGetStandardsControlAssociationsCommand, GetEnabledStandardsCommand, ListMembersCommand,
  type SecurityHubClient, type StandardsControlAssociationId,
} from '@aws-sdk/client-securityhub';
import { CliError } from '../errors';
import { toStandardsId } from '../findings/asff';
import type { ComplianceTally } from '../report/compliance-tally';
import { DERIVED_SCOPE_NOTE, scopeFromFindings } from '../report/findings-scope';
import { disabledKey, type ReportScope, type ScopedStandard } from '../report/report-scope';
import { compareStandardsIds } from '../report/standard-names';
import { describeAwsError, isClientRefusal } from './securityhub-client';

/** BatchGetStandardsControlAssociations takes at most this many ids a call. */
const ASSOCIATIONS_PER_CALL = 100;

/** Standards GetEnabledStandards lists that still produce findings (not being deleted, not failed). */
const LIVE_STANDARD_STATUSES = new Set(['READY', 'PENDING', 'INCOMPLETE']);

/**
 * Reads what a report covers from the administrator's Security Hub: enabled standards
 * (GetEnabledStandards), controls disabled in them (BatchGetStandardsControlAssociations) and the
 * member accounts (ListMembers). Where the endpoint or the principal refuses one of these reads,
 * that part falls back to the findings and the report says so.
 */
export class ScopeReader {
  constructor(private readonly client: SecurityHubClient) {}

  /**
   * @param tally the findings already read (their controls are the ones whose associations are looked up)
   * @param administratorAccount the administrator from flags or config, counted in scope with the members
   * @param region the Region for derived standards ARNs, if the API gives none
   * @throws CliError when a read fails after retries for reasons other than a refusal
   */
  public async read(tally: ComplianceTally, administratorAccount: string | undefined, region: string | undefined): Promise<ReportScope> {
    const derived = scopeFromFindings(tally, region);
    const notes: string[] = [];
    let fellBack = false;
    const optional = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await read();
      } catch (e) {
        if (!isClientRefusal(e)) throw new CliError(`${what} failed: ${describeAwsError(e)}; no report was written. Retry, or raise --max-attempts.`);
        notes.push(`${what} was refused (${describeAwsError(e)}); that part of the scope was derived from the findings.`);
        fellBack = true;
        return undefined;
      }
    };

    const standards = (await optional('GetEnabledStandards', () => this.enabledStandards())) ?? derived.standards;
    const disabledControls = (await optional('BatchGetStandardsControlAssociations', () => this.disabledControls(tally, standards))) ?? new Set<string>();
    const members = await optional('ListMembers', () => this.members());
    const admin = administratorAccount ?? members?.administrator;
    const accounts = members ? [...new Set([...members.accounts, ...(admin ? [admin] : [])])].sort() : derived.accounts;
    return {
      standards,
      disabledControls,
      accounts,
      ...(admin ? { administratorAccount: admin } : {}),
      derivedFromFindings: false,
      notes: fellBack ? [...notes, DERIVED_SCOPE_NOTE] : notes,
    };
  }

  /** The administrator's enabled standards, in catalogue order. */
  private async enabledStandards(): Promise<ScopedStandard[]> {
    const out: ScopedStandard[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetEnabledStandardsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
      for (const s of page.StandardsSubscriptions ?? []) {
        if (s.StandardsArn && LIVE_STANDARD_STATUSES.has(s.StandardsStatus ?? 'READY')) {
          out.push({ standardsId: toStandardsId(s.StandardsArn), standardsArn: s.StandardsArn });
        }
      }
      token = page.NextToken;
    } while (token);
    return out.sort((a, b) => compareStandardsIds(a.standardsId, b.standardsId));
  }

  /** (standard, control) pairs whose association is DISABLED, for the controls seen in findings. */
  private async disabledControls(tally: ComplianceTally, standards: readonly ScopedStandard[]): Promise<Set<string>> {
    const ids: StandardsControlAssociationId[] = [];
    for (const [controlId, control] of tally.controls) {
      for (const s of standards) if (control.byStandard.has(s.standardsId)) ids.push({ SecurityControlId: controlId, StandardsArn: s.standardsArn });
    }
    const disabled = new Set<string>();
    for (let i = 0; i < ids.length; i += ASSOCIATIONS_PER_CALL) {
      const out = await this.client.send(new BatchGetStandardsControlAssociationsCommand({ StandardsControlAssociationIds: ids.slice(i, i + ASSOCIATIONS_PER_CALL) }));
      for (const d of out.StandardsControlAssociationDetails ?? []) {
        if (d.AssociationStatus === 'DISABLED' && d.StandardsArn && d.SecurityControlId) disabled.add(disabledKey(toStandardsId(d.StandardsArn), d.SecurityControlId));
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
      const page = await this.client.send(new ListMembersCommand({ OnlyAssociated: true, MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
      for (const m of page.Members ?? []) {
        if (m.AccountId) accounts.push(m.AccountId);
        administrator ??= m.AdministratorId ?? m.MasterId;
      }
      token = page.NextToken;
    } while (token);
    return { accounts, ...(administrator ? { administrator } : {}) };
  }
}
