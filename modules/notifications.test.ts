import { SnsTopic, CloudwatchEventRule } from './framework';
import { FindingNotifications } from './notifications';
import { synth } from '../__tests__/support/synth-constructs';

describe('FindingNotifications', () => {
  test('an encrypted topic fed by a rule on new active findings of the given severities', () => {
    const { json, resources } = synth(
      (s) =>
        new FindingNotifications(s, 'n', {
          severities: ['CRITICAL', 'HIGH'],
          accountId: '111122223333',
          emailSubscribers: ['secops@example.com'],
        }),
    );
    expect(json).toHaveResourceWithProperties(SnsTopic, { name: 'securityhub-findings' });
    const [rule] = Object.values(resources[CloudwatchEventRule.tfResourceType]);
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: { Severity: { Label: ['CRITICAL', 'HIGH'] }, RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } },
      },
    });
    expect(Object.values(resources.aws_sns_topic)[0].kms_master_key_id).toMatch(/aws_kms_key\..*\.arn/);
  });

  test('no severities is refused', () => {
    expect(() => synth((s) => new FindingNotifications(s, 'n', { severities: [], accountId: '111122223333' }))).toThrow(
      /severities is empty/,
    );
  });
});
