import { findControl } from '../../../domain/control-catalogue';
import type { ResourceChange } from '../plan';
import { added, removed, stringsAt, unknownAt, valueAt } from '../values';
import { count, flag, inspect, shortList, type RiskFlag } from './rule';

const POLICY = 'aws_securityhub_configuration_policy';
const STANDARDS_PATH = ['configuration_policy', 'enabled_standard_arns'];
const SERVICE_ENABLED_PATH = ['configuration_policy', 'service_enabled'];
const DISABLED_CONTROLS_PATH = [
  'configuration_policy',
  'security_controls_configuration',
  'disabled_control_identifiers',
];
const ENABLED_CONTROLS_PATH = [
  'configuration_policy',
  'security_controls_configuration',
  'enabled_control_identifiers',
];

/** Standards a configuration policy stops enabling, a policy turning Security Hub off, or a standards subscription destroyed. High. */
export function standardDisabled(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (!c) return [];
  if (change.type === 'aws_securityhub_standards_subscription' && (c.kind === 'destroy' || c.kind === 'replace')) {
    const arn = String(valueAt(c.before, ['standards_arn']) ?? 'unknown standard');
    const verb =
      c.kind === 'destroy' ? 'destroyed' : 'replaced (disabled, then enabled again: its control history restarts)';
    return [
      flag('standard-disabled', 'high', change, `Standards subscription ${verb}: ${arn}.`, [`standards_arn: ${arn}`]),
    ];
  }
  if (change.type !== POLICY) return [];
  const before = stringsAt(c.before, STANDARDS_PATH);
  if (c.kind === 'destroy') {
    return before.length === 0
      ? []
      : [
          flag(
            'standard-disabled',
            'high',
            change,
            `Configuration policy destroyed: its targets stop getting ${count(before.length, 'standard')} (${shortList(before.map(shortStandard))}).`,
            before.map((arn) => `enabled_standard_arns loses ${arn}`),
          ),
        ];
  }
  const flags: RiskFlag[] = [];
  if (!unknownAt(c.afterUnknown, STANDARDS_PATH)) {
    const lost = removed(before, stringsAt(c.after, STANDARDS_PATH));
    if (lost.length > 0) {
      flags.push(
        flag(
          'standard-disabled',
          'high',
          change,
          `Stops enabling ${count(lost.length, 'standard')} for every account the policy targets: ${shortList(lost.map(shortStandard))}.`,
          lost.map((arn) => `enabled_standard_arns loses ${arn}`),
        ),
      );
    }
  }
  if (valueAt(c.before, SERVICE_ENABLED_PATH) === true && valueAt(c.after, SERVICE_ENABLED_PATH) === false) {
    flags.push(
      flag('standard-disabled', 'high', change, 'Turns Security Hub off in every account the policy targets.', [
        'service_enabled: true -> false',
      ]),
    );
  }
  return flags;
}

/** What the catalogue says of a control, so a reviewer sees what is being turned off without looking it up. */
function aboutControl(id: string): string {
  const control = findControl(id);
  if (!control) return '(not in the control catalogue)';
  return `(${control.retired ? 'retired' : control.severity}: ${control.title})`;
}

/**
 * How much disabling these controls weighs: high when one of them is CRITICAL in the catalogue
 * (turning off a critical check hides the findings that matter most), else medium.
 */
function disabledSeverity(ids: readonly string[]): 'high' | 'medium' {
  return ids.some((id) => {
    const control = findControl(id);
    return control !== undefined && !control.retired && control.severity === 'CRITICAL';
  })
    ? 'high'
    : 'medium';
}

/**
 * Controls a configuration policy newly disables (or stops enabling, for policies that list
 * enabled controls), or a standard's control turned off. High when one is CRITICAL, else medium.
 */
export function controlDisabled(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (!c || (c.kind !== 'change' && c.kind !== 'replace')) return [];
  if (
    change.type === 'aws_securityhub_standards_control' ||
    change.type === 'aws_securityhub_standards_control_association'
  ) {
    const field = change.type === 'aws_securityhub_standards_control' ? 'control_status' : 'association_status';
    if (valueAt(c.before, [field]) === 'ENABLED' && valueAt(c.after, [field]) === 'DISABLED') {
      const id = String(
        valueAt(c.before, ['security_control_id']) ??
          valueAt(c.before, ['control_id']) ??
          valueAt(c.before, ['standards_control_arn']) ??
          change.address,
      );
      const reason = valueAt(c.after, ['updated_reason']) ?? valueAt(c.after, ['disabled_reason']);
      return [
        flag(
          'control-disabled',
          disabledSeverity([id]),
          change,
          `Disables control ${id}${typeof reason === 'string' && reason ? ` (reason: ${reason})` : ''}.`,
          [`${field}: ENABLED -> DISABLED`],
        ),
      ];
    }
    return [];
  }
  if (change.type !== POLICY) return [];
  const flags: RiskFlag[] = [];
  if (!unknownAt(c.afterUnknown, DISABLED_CONTROLS_PATH)) {
    const more = added(stringsAt(c.before, DISABLED_CONTROLS_PATH), stringsAt(c.after, DISABLED_CONTROLS_PATH));
    if (more.length > 0) {
      flags.push(
        flag(
          'control-disabled',
          disabledSeverity(more),
          change,
          `Disables ${count(more.length, 'control')} for every account the policy targets: ${shortList(more)}.`,
          more.map((id) => `disabled_control_identifiers gains ${id} ${aboutControl(id)}`),
        ),
      );
    }
  }
  if (!unknownAt(c.afterUnknown, ENABLED_CONTROLS_PATH)) {
    const fewer = removed(stringsAt(c.before, ENABLED_CONTROLS_PATH), stringsAt(c.after, ENABLED_CONTROLS_PATH));
    if (fewer.length > 0) {
      flags.push(
        flag(
          'control-disabled',
          disabledSeverity(fewer),
          change,
          `Stops enabling ${count(fewer.length, 'control')} for every account the policy targets: ${shortList(fewer)}.`,
          fewer.map((id) => `enabled_control_identifiers loses ${id} ${aboutControl(id)}`),
        ),
      );
    }
  }
  return flags;
}

/** A configuration policy association destroyed: an OU or account leaves central configuration. High. */
export function configurationPolicyAssociationRemoved(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_securityhub_configuration_policy_association' || !c) return [];
  const target = String(valueAt(c.before, ['target_id']) ?? 'unknown target');
  const policy = String(valueAt(c.before, ['policy_id']) ?? 'unknown policy');
  if (c.kind === 'destroy') {
    return [
      flag(
        'configuration-policy-association-removed',
        'high',
        change,
        `Target ${target} is no longer associated with configuration policy ${policy}: its accounts fall back to the parent's policy or to self-managed settings.`,
        [`target_id: ${target}`, `policy_id: ${policy}`],
      ),
    ];
  }
  const after = valueAt(c.after, ['target_id']);
  if (c.kind === 'replace' && typeof after === 'string' && after !== target) {
    return [
      flag(
        'configuration-policy-association-removed',
        'high',
        change,
        `The association moves from target ${target} to ${after}: ${target} leaves configuration policy ${policy}.`,
        [`target_id: ${target} -> ${after}`],
      ),
    ];
  }
  return [];
}

/** The cross-Region finding aggregator destroyed or replaced: central configuration and aggregation stop. High. */
export function findingAggregatorRemoved(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_securityhub_finding_aggregator' || !c || (c.kind !== 'destroy' && c.kind !== 'replace'))
    return [];
  const mode = String(valueAt(c.before, ['linking_mode']) ?? 'unknown');
  const summary =
    c.kind === 'destroy'
      ? 'Finding aggregator destroyed: findings stop flowing to the home Region and central configuration loses its linked Regions.'
      : 'Finding aggregator replaced: it is deleted first, so aggregation and central configuration of linked Regions stop until it is created again.';
  return [
    flag('finding-aggregator-removed', 'high', change, summary, [
      `linking_mode: ${mode}`,
      ...(change.action_reason ? [`reason: ${change.action_reason}`] : []),
    ]),
  ];
}

/** The organization configuration leaving CENTRAL (changed to LOCAL, or destroyed while CENTRAL). High. */
export function organizationConfigurationLeftCentral(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_securityhub_organization_configuration' || !c) return [];
  const path = ['organization_configuration', 'configuration_type'];
  if (valueAt(c.before, path) !== 'CENTRAL') return [];
  if (c.kind === 'destroy') {
    return [
      flag(
        'organization-configuration-left-central',
        'high',
        change,
        'Organization configuration destroyed while CENTRAL: configuration policies stop governing member accounts.',
        ['configuration_type: CENTRAL -> (destroyed)'],
      ),
    ];
  }
  const after = valueAt(c.after, path);
  if (typeof after === 'string' && after !== 'CENTRAL') {
    return [
      flag(
        'organization-configuration-left-central',
        'high',
        change,
        `Organization configuration changes from CENTRAL to ${after}: configuration policies stop governing member accounts.`,
        [`configuration_type: CENTRAL -> ${after}`],
      ),
    ];
  }
  return [];
}

/** Security Hub itself disabled (the hub destroyed or replaced) in the account. High. */
export function hubDisabled(change: ResourceChange): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_securityhub_account' || !c || (c.kind !== 'destroy' && c.kind !== 'replace')) return [];
  const summary =
    c.kind === 'destroy'
      ? 'Security Hub is disabled in this account: its standards, findings and settings are deleted.'
      : 'Security Hub is disabled and enabled again in this account: its findings and settings are deleted.';
  return [
    flag('hub-disabled', 'high', change, summary, change.action_reason ? [`reason: ${change.action_reason}`] : []),
  ];
}

/** `arn:...:standards/pci-dss/v/3.2.1` -> `pci-dss/v/3.2.1`. */
function shortStandard(arn: string): string {
  return arn.replace(/^arn:[^:]+:securityhub:[^:]*::(standards|ruleset)\//, '');
}
