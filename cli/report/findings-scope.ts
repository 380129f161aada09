import type { ComplianceTally } from './compliance-tally';
import type { ReportScope } from './report-scope';
import { compareStandardsIds, standardsArnOf } from './standard-names';

/** Said in every report whose scope comes from the findings rather than the API. */
export const DERIVED_SCOPE_NOTE =
  'Standards, controls and accounts in scope were derived from the findings alone: a standard with no findings is not listed, no control counts as disabled, NO DATA counts only controls that appear in findings (an enabled control with no finding at all is not counted), and N counts the accounts seen in the input.';

/**
 * The scope of a report read from a file: every standard any control finding names, no disabled
 * controls, and the accounts seen in the input.
 * @param region the Region for standards ARNs (--region, else the config's home Region); defaults
 *   to the Region most control findings come from, so every source names the same ARNs
 */
export function scopeFromFindings(
  tally: ComplianceTally,
  region?: string,
  extraNotes: readonly string[] = [],
): ReportScope {
  const standardsIds = new Set<string>();
  for (const control of tally.controls.values()) for (const id of control.byStandard.keys()) standardsIds.add(id);
  const seen = tally.controlRegion();
  const where = { region: region ?? seen?.region ?? '', partition: seen?.partition ?? 'aws' };
  return {
    standards: [...standardsIds].sort(compareStandardsIds).map((standardsId) => ({
      standardsId,
      standardsArn: standardsArnOf(standardsId, where.region, where.partition),
    })),
    disabledControls: new Set(),
    accounts: [...tally.accounts].sort(),
    derivedFromFindings: true,
    notes: [...extraNotes, DERIVED_SCOPE_NOTE],
  };
}
