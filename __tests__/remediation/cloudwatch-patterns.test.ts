import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REMEDIATIONS } from '../../domain/catalogue/remediations';
import { METRIC_FILTER_PATTERNS } from '../../remediation-functions/runbooks/cloudwatch';

/*
 * Security Hub passes CloudWatch.1-14 only when the metric filter is exactly the pattern the control
 * reference prescribes ("additional fields or terms cannot be added"). The reference's patterns are
 * kept as a fixture, transcribed from the user guide with its source; the runbook's table must match
 * each one, spacing aside (CloudWatch Logs ignores whitespace between terms).
 */

interface Reference {
  readonly source: Record<string, string>;
  readonly patterns: Record<string, string>;
}

const reference = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'control-reference', 'cloudwatch-filter-patterns.json'), 'utf8'),
) as Reference;
const spacing = (pattern: string): string => pattern.replace(/\s+/g, '');

describe('CreateLogMetricFilterAlarm patterns against the Security Hub control reference', () => {
  test('the runbook serves exactly the controls the catalogue maps to it', () => {
    const mapped = Object.entries(REMEDIATIONS)
      .filter(([, r]) => r.runbook === 'CreateLogMetricFilterAlarm')
      .map(([id]) => id)
      .sort();
    expect(Object.keys(METRIC_FILTER_PATTERNS).sort()).toEqual(mapped);
    expect(mapped).toEqual(Object.keys(reference.patterns).sort());
  });

  test.each(Object.keys(reference.patterns))("%s: the pattern is the reference's", (id) => {
    expect(spacing(METRIC_FILTER_PATTERNS[id].pattern)).toBe(spacing(reference.patterns[id]));
  });
});
