import { SecurityhubAutomationRule, SecurityhubInsight } from './framework';
import { AutomationRules } from './automation-rules';
import { Insights } from './insights';
import { synth, withHub } from '../__tests__/support/synth-constructs';

describe('AutomationRules and Insights', () => {
  test('config field names become provider blocks; actions map to FINDING_FIELDS_UPDATE', () => {
    const { resources } = synth((s) => {
      const hub = withHub(s);
      new AutomationRules(s, 'rules', {
        hub,
        rules: [
          {
            name: 'Suppress sandbox low',
            description: 'd',
            order: 10,
            criteria: {
              AwsAccountId: [{ comparison: 'EQUALS', value: '123456789012' }],
              ResourceTags: [{ key: 'env', comparison: 'EQUALS', value: 'sandbox' }],
            },
            actions: { workflowStatus: 'SUPPRESSED', note: 'by policy' },
          },
        ],
      });
      new Insights(s, 'insights', {
        hub,
        insights: [
          {
            name: 'Failed by account',
            groupBy: 'AwsAccountId',
            filters: { ComplianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }] },
          },
        ],
      });
    });
    const [rule] = Object.values(resources[SecurityhubAutomationRule.tfResourceType]);
    expect(rule).toMatchObject({
      rule_name: 'Suppress sandbox low',
      rule_order: 10,
      rule_status: 'ENABLED',
      is_terminal: false,
      criteria: [
        {
          aws_account_id: [{ comparison: 'EQUALS', value: '123456789012' }],
          resource_tags: [{ key: 'env', comparison: 'EQUALS', value: 'sandbox' }],
        },
      ],
      actions: [
        {
          type: 'FINDING_FIELDS_UPDATE',
          finding_fields_update: [
            { workflow: [{ status: 'SUPPRESSED' }], note: [{ text: 'by policy', updated_by: 'cdktf-securityhub' }] },
          ],
        },
      ],
    });
    const [insight] = Object.values(resources[SecurityhubInsight.tfResourceType]);
    expect(insight).toMatchObject({
      name: 'Failed by account',
      group_by_attribute: 'AwsAccountId',
      filters: { compliance_status: [{ comparison: 'EQUALS', value: 'FAILED' }] },
    });
  });

  test('a rule without criteria is refused', () => {
    expect(() =>
      synth(
        (s) =>
          new AutomationRules(s, 'r', {
            hub: withHub(s),
            rules: [
              { name: 'all', description: 'd', order: 1, criteria: {}, actions: { workflowStatus: 'SUPPRESSED' } },
            ],
          }),
      ),
    ).toThrow(/rule "all" has no criteria/);
  });
});
