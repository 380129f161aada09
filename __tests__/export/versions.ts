import type { AsffFinding } from '../../cli/findings/asff';

/**
 * An earlier version of a finding: another compliance status, updated before it. Firehose would
 * have exported it when Security Hub sent it; the report must keep only the later version.
 */
export function earlierVersion(f: AsffFinding, hoursBefore: number): AsffFinding {
  const status = f.Compliance?.Status === 'FAILED' ? 'PASSED' : 'FAILED';
  return {
    ...f,
    UpdatedAt: new Date(Date.parse(f.UpdatedAt!) - hoursBefore * 3_600_000).toISOString(),
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
    ...(f.Compliance ? { Compliance: { ...f.Compliance, Status: status } } : {}),
  };
}
