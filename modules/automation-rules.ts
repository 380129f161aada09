import {
  SecurityhubAutomationRule,
  type SecurityhubAutomationRuleCriteria,
  type ITerraformDependable,
  Construct,
} from './framework';
import { ValidationError } from './validation-error';
import type { AutomationRuleDefinition } from '../domain/automation-rules';
import { toProviderFilters } from '../domain/finding-filters';

export type { AutomationRuleActions, AutomationRuleDefinition } from '../domain/automation-rules';

/** Properties of {@link AutomationRules}. */
export interface AutomationRulesProps {
  /** The rules. */
  readonly rules: readonly AutomationRuleDefinition[];
  /** The delegated administrator's hub; rules live there. */
  readonly hub: ITerraformDependable;
  /** Who the rules' notes name as author. @default cdktf-securityhub */
  readonly updatedBy?: string;
}

/**
 * Security Hub automation rules: changes Security Hub itself applies to matching findings as
 * they arrive (suppress, re-rate, annotate), before EventBridge sees them.
 */
export class AutomationRules extends Construct {
  /** The rule resources, in the order given. */
  public readonly rules: readonly SecurityhubAutomationRule[];

  constructor(scope: Construct, id: string, props: AutomationRulesProps) {
    super(scope, id);
    this.rules = props.rules.map((rule, i) => {
      const criteria = toProviderFilters(rule.criteria);
      if (Object.keys(criteria).length === 0) {
        throw new ValidationError(
          this,
          `rule ${JSON.stringify(rule.name)} has no criteria; a rule without criteria would change every finding.`,
        );
      }
      const a = rule.actions;
      return new SecurityhubAutomationRule(this, `rule-${i}-${slug(rule.name)}`, {
        ruleName: rule.name,
        description: rule.description,
        ruleOrder: rule.order,
        isTerminal: rule.terminal ?? false,
        ruleStatus: rule.enabled === false ? 'DISABLED' : 'ENABLED',
        criteria: [criteria as SecurityhubAutomationRuleCriteria],
        actions: [
          {
            type: 'FINDING_FIELDS_UPDATE',
            findingFieldsUpdate: [
              {
                workflow: a.workflowStatus ? [{ status: a.workflowStatus }] : undefined,
                severity: a.severityLabel ? [{ label: a.severityLabel }] : undefined,
                note: a.note ? [{ text: a.note, updatedBy: props.updatedBy ?? 'cdktf-securityhub' }] : undefined,
                userDefinedFields: a.userDefinedFields ? { ...a.userDefinedFields } : undefined,
              },
            ],
          },
        ],
        dependsOn: [props.hub],
      });
    });
  }
}

/** A construct-id-safe form of a name, so the Terraform address reads like the rule. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
}
