import type { PlanAction, ResourceChange } from '../../../cli/plan-review/plan';

/** Terraform's actions for each review kind. */
const ACTIONS: Record<'add' | 'change' | 'destroy' | 'replace' | 'no-op', PlanAction[]> = {
  add: ['create'],
  change: ['update'],
  destroy: ['delete'],
  replace: ['delete', 'create'],
  'no-op': ['no-op'],
};

/** A hand-written `resource_changes[]` entry, as `terraform show -json` writes one. */
export function resourceChange(
  address: string,
  kind: keyof typeof ACTIONS,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  afterUnknown: Record<string, unknown> = {},
): ResourceChange {
  const [type, name] = address.split('.');
  return {
    address,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ACTIONS[kind],
      before: kind === 'add' ? null : before,
      after: kind === 'destroy' ? null : after,
      after_unknown: afterUnknown,
    },
  };
}

/** A whole plan document around resource changes. */
export function planDocument(changes: readonly ResourceChange[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: {},
    resource_changes: changes,
    configuration: {},
    ...extra,
  });
}

/** A configuration policy's attributes as the AWS provider 5.x writes them. */
export function configurationPolicy(
  standards: readonly string[],
  disabled: readonly string[],
  serviceEnabled = true,
): Record<string, unknown> {
  return {
    name: 'production',
    configuration_policy: [
      {
        service_enabled: serviceEnabled,
        enabled_standard_arns: [...standards],
        security_controls_configuration: [
          {
            disabled_control_identifiers: [...disabled],
            enabled_control_identifiers: [],
            security_control_custom_parameter: [],
          },
        ],
      },
    ],
  };
}

/** An IAM policy document as a JSON string. */
export function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
