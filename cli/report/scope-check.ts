import type { ReportSource } from './model';
import type { ReportScope } from './report-scope';

/** What the report read, as far as judging its scope goes. */
export interface ScopeFacts {
  /** Findings read from the source. */
  readonly findingsRead: number;
  /** Where they came from: the API can say more about the caller than a file can. */
  readonly source: ReportSource['kind'];
  /** The Region read, when known. */
  readonly region?: string;
  /** The scope the report scores. */
  readonly scope: ReportScope;
}

/**
 * Sentences for a report whose scope looks wrong: one that reads nothing, or nothing enabled,
 * looks like a perfect organization ("Standards Enabled: none", no failed control) unless it says
 * so. Each names what to check. Empty when the scope looks like an organization's.
 *
 * Signs, in the order they are likely causes:
 * - no findings at all: the wrong Region, account or file, or Security Hub not enabled there;
 * - no enabled standards: Security Hub is on but scores nothing here;
 * - the API lists no member accounts: the caller is not the delegated administrator (a member or
 *   standalone account sees only itself), or no account was ever associated.
 */
export function scopeWarnings(facts: ScopeFacts): string[] {
  const where = facts.region ? ` in ${facts.region}` : '';
  const api = facts.source === 'api';
  const notes: string[] = [];
  if (facts.findingsRead === 0) {
    notes.push(
      api
        ? `Scope check: no findings were read${where}. Check the Region (--region: the aggregation Region of the delegated administrator), that the credentials are the delegated administrator's, and that Security Hub is enabled there.`
        : `Scope check: the ${facts.source} source held no findings. Check the file or path, and that it holds get-findings output of the delegated administrator.`,
    );
  }
  if (facts.scope.standards.length === 0 && (api || facts.findingsRead > 0)) {
    notes.push(
      `Scope check: no standard is enabled${api ? where : ' in the findings'}, so nothing is scored. Check the Region, and the configuration policy that enables the standards (securityhub:GetEnabledStandards).`,
    );
  }
  if (api && facts.scope.memberAccounts === 0) {
    notes.push(
      `Scope check: Security Hub lists no member accounts${where}: the caller is not the delegated administrator, or no account is associated. Run with the delegated administrator's credentials${facts.scope.administratorAccount ? ` (account ${facts.scope.administratorAccount})` : ''} and check the organization configuration (securityhub:ListMembers).`,
    );
  }
  return notes;
}
