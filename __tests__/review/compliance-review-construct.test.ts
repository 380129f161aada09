import { Testing, TerraformStack } from '../../modules/framework';
import { ComplianceReview, type ComplianceReviewProps } from '../../modules/compliance-review';
import { FindingNotifications } from '../../modules/notifications';
import { FUNCTION_BUNDLE_DIR } from '../../modules/remediation-assets';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesizes a review with the given props over the defaults; returns the resources. */
function synth(props: Partial<ComplianceReviewProps> = {}): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const notifications = new FindingNotifications(stack, 'notifications', {
    severities: ['CRITICAL'],
    accountId: '111122223333',
  });
  new ComplianceReview(stack, 'review', {
    accountId: '111122223333',
    region: 'eu-west-1',
    notifications,
    bundleDir: FUNCTION_BUNDLE_DIR,
    ...props,
  });
  return JSON.parse(Testing.synth(stack)).resource as Json;
}

describe('ComplianceReview', () => {
  test('defaults: Mondays 06:00 UTC, GOVERNANCE for 365 days, the Security Hub API, every standard', () => {
    const r = synth();
    expect((Object.values(r.aws_scheduler_schedule)[0] as Json).schedule_expression).toBe('cron(0 6 ? * MON *)');
    expect((Object.values(r.aws_s3_bucket_object_lock_configuration)[0] as Json).rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 365 },
    });
    const variables = (Object.values(r.aws_lambda_function)[0] as Json).environment.variables;
    expect(variables).toMatchObject({
      COMPLIANCE_REVIEW_STANDARDS: '',
      COMPLIANCE_REVIEW_LOCK_MODE: 'GOVERNANCE',
      COMPLIANCE_REVIEW_RETENTION_DAYS: '365',
    });
    expect(Object.keys(variables).filter((k) => k.includes('ATHENA') || k.includes('WINDOW'))).toEqual([]);
    expect((Object.values(r.aws_s3_bucket)[0] as Json).bucket).toBe('securityhub-evidence-111122223333-eu-west-1');
    // Without the export, no Athena, Glue or export-bucket permission.
    expect((Object.values(r.aws_iam_role_policy)[0] as Json).policy).not.toMatch(/athena:|glue:/);
  });

  test('COMPLIANCE mode, a longer retention and a rate schedule', () => {
    const r = synth({ objectLockMode: 'COMPLIANCE', retentionDays: 2555, scheduleExpression: 'rate(7 days)' });
    expect((Object.values(r.aws_s3_bucket_object_lock_configuration)[0] as Json).rule).toEqual({
      default_retention: { mode: 'COMPLIANCE', days: 2555 },
    });
    expect((Object.values(r.aws_scheduler_schedule)[0] as Json).schedule_expression).toBe('rate(7 days)');
  });

  test('refuses a bad retention, schedule or window, naming the construct, the value and the fix', () => {
    expect(() => synth({ retentionDays: 0 })).toThrow(
      'ComplianceReview test/review: retentionDays 0 is not a whole number of days in 1..36500; e.g. 365.',
    );
    expect(() => synth({ scheduleExpression: 'every monday' })).toThrow(
      /scheduleExpression "every monday" is not an EventBridge Scheduler expression; write rate\(7 days\) or cron\(0 6 \? \* MON \*\)/,
    );
    expect(() =>
      synth({ remediationWindow: { by: '2027-03-31', targets: { 'standards/pci-dss/v/4.0.1': 120 } } }),
    ).toThrow(
      /remediationWindow\.targets\["standards\/pci-dss\/v\/4\.0\.1"\] is 120; a target is a score from 0 to 100/,
    );
    expect(() => synth({ remediationWindow: { by: 'March', targets: {} } })).toThrow(
      /remediationWindow\.by "March" is not a date written YYYY-MM-DD/,
    );
  });
});
