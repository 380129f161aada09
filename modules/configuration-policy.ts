import {
  SecurityhubConfigurationPolicy,
  type SecurityhubConfigurationPolicyConfigurationPolicySecurityControlsConfigurationSecurityControlCustomParameter as CustomParameter,
  type SecurityhubConfigurationPolicyConfigurationPolicySecurityControlsConfigurationSecurityControlCustomParameterParameter as ParameterValue,
  SecurityhubConfigurationPolicyAssociation,
  Annotations,
  Token,
  type ITerraformDependable,
  Construct,
} from './framework';
import { ValidationError, constructMessage } from './validation-error';
import { checkControlId, checkControlParameters } from '../domain/catalogue/control-checks';
import type { ControlParameterDefinition } from '../domain/control-catalogue';
import type { ControlParameters, DisabledControl } from '../domain/configuration-policy';
import type { SecurityStandard } from '../domain/security-standard';
import { resolveStandards, type StandardInput } from './standards-input';

export type { ControlParameters, DisabledControl } from '../domain/configuration-policy';

/** A control parameter value as config files write it. */
export type ControlParameterValue = boolean | number | string | readonly (number | string)[];

/** Properties of {@link ConfigurationPolicy}. */
export interface ConfigurationPolicyProps {
  /** Policy name as Security Hub shows it (1-128 characters). */
  readonly name: string;
  /** Policy description. @default a summary of standards and disabled controls */
  readonly description?: string;
  /** Standards the policy enables, as SecurityStandards or their ids (`standards/pci-dss/v/4.0.1`). */
  readonly standards: readonly StandardInput[];
  /** Region of the delegated administrator, for the standards' ARNs. */
  readonly region: string;
  /** Partition of that Region. @default aws */
  readonly partition?: string;
  /** Controls the policy disables. @default none */
  readonly disabledControls?: readonly DisabledControl[];
  /** Custom parameter values by control id and parameter name (checked against the catalogue). @default none */
  readonly controlParameters?: ControlParameters;
  /** Root, OU or account ids the policy is associated with. @default none */
  readonly targets?: readonly string[];
  /** The CENTRAL organization configuration; policies cannot exist before it. */
  readonly organizationConfiguration: ITerraformDependable;
  /**
   * How long Terraform waits for each association to be created or updated, as durations such
   * as `"10m"`. Security Hub applies a policy to every account of an OU
   * asynchronously, so a large OU may need longer than the provider waits by default.
   * @default the provider's timeouts
   */
  readonly associationTimeouts?: AssociationTimeouts;
}

/** Terraform's `timeouts` block of `aws_securityhub_configuration_policy_association` (provider 5.100.0 has create and update). */
export interface AssociationTimeouts {
  /** @default the provider's */
  readonly create?: string;
  /** @default the provider's */
  readonly update?: string;
}

/** A duration as Terraform's timeouts read it (Go's time.ParseDuration): `90s`, `10m`, `1h30m`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * A Security Hub central configuration policy (hub on, standards, disabled controls, control
 * parameters) and its associations. One policy governs every account and linked Region of its
 * targets, which is what keeps the Terraform size independent of the number of accounts.
 */
export class ConfigurationPolicy extends Construct {
  /** The `aws_securityhub_configuration_policy` resource. */
  public readonly policy: SecurityhubConfigurationPolicy;
  /** One association per target, keyed by target id. */
  public readonly associations: ReadonlyMap<string, SecurityhubConfigurationPolicyAssociation>;

  constructor(scope: Construct, id: string, props: ConfigurationPolicyProps) {
    super(scope, id);
    if (props.standards.length === 0) {
      throw new ValidationError(
        this,
        `standards is empty; enable at least one standard (e.g. SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0).`,
      );
    }
    const standards = resolveStandards(this, props.standards);
    // Plain text order, not compareControlIds: this list is written into every deployed policy, and
    // reordering it would show as a change in each one's plan.
    const disabled = [...(props.disabledControls ?? [])].sort((a, b) =>
      a.securityControlId.localeCompare(b.securityControlId),
    );
    for (const d of disabled) {
      const { error, warning } = checkControlId(d.securityControlId, d.notInCatalogue === true);
      if (error) throw new ValidationError(this, `disabledControls: ${error}`);
      if (warning) Annotations.of(this).addWarning(constructMessage(this, `disabledControls: ${warning}`));
    }
    const parameters = Object.entries(props.controlParameters ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([controlId, values]) =>
        customParameter(this, controlId, values as Readonly<Record<string, ControlParameterValue>>),
      );

    this.policy = new SecurityhubConfigurationPolicy(this, 'policy', {
      name: props.name,
      description: props.description ?? describe(standards, disabled),
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: standards.map((s) => s.arn(props.region, props.partition)),
        securityControlsConfiguration: {
          disabledControlIdentifiers: disabled.map((d) => d.securityControlId),
          securityControlCustomParameter: parameters.length > 0 ? parameters : undefined,
        },
      },
      dependsOn: [props.organizationConfiguration],
    });

    const timeouts = props.associationTimeouts;
    for (const [operation, value] of Object.entries(timeouts ?? {})) {
      if (value !== undefined && !DURATION.test(value)) {
        throw new ValidationError(
          this,
          `associationTimeouts.${operation} is ${JSON.stringify(value)}, which is not a duration; write it as Terraform does, e.g. "90s", "10m" or "1h30m".`,
        );
      }
    }
    const associations = new Map<string, SecurityhubConfigurationPolicyAssociation>();
    for (const target of props.targets ?? []) {
      // The target id is the construct id, so the Terraform address follows the target, not its position in a list.
      associations.set(
        target,
        new SecurityhubConfigurationPolicyAssociation(this, `association-${target}`, {
          policyId: this.policy.id,
          targetId: target,
          timeouts: timeouts ? { ...timeouts } : undefined,
        }),
      );
    }
    this.associations = associations;
  }
}

function describe(standards: readonly SecurityStandard[], disabled: readonly DisabledControl[]): string {
  const text = `${standards.map((s) => s.shortName).join(', ')}; disabled: ${disabled.map((d) => d.securityControlId).join(', ') || 'none'}`;
  return text.length > 512 ? `${text.slice(0, 509)}...` : text;
}

function customParameter(
  scope: Construct,
  securityControlId: string,
  values: Readonly<Record<string, ControlParameterValue>>,
): CustomParameter {
  const where = `controlParameters.${securityControlId}`;
  const { control, error, warning } = checkControlId(securityControlId);
  if (error || !control) throw new ValidationError(scope, `${where}: ${error ?? 'cannot be tuned.'}`);
  if (warning) Annotations.of(scope).addWarning(constructMessage(scope, `${where}: ${warning}`));
  // A value that is an unresolved token is checked by Security Hub at apply time; its name is checked here.
  const checked = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Token.isUnresolved(v) ? undefined : v]),
  );
  const problems = checkControlParameters(control, checked).filter(
    (p) => checked[p.name] !== undefined || !control.parameters.some((d) => d.name === p.name),
  );
  if (problems.length > 0)
    throw new ValidationError(
      scope,
      problems.map((p) => `${where}.${p.name}: ${p.message}`),
    );
  const parameter = Object.entries(values)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) =>
      parameterValue(
        control.parameters.find((p) => p.name === name)!,
        value,
      ),
    );
  return { securityControlId, parameter };
}

/** Maps a value onto the provider's one-block-per-type parameter shape. */
function parameterValue(definition: ControlParameterDefinition, value: ControlParameterValue): ParameterValue {
  const base = { name: definition.name, valueType: 'CUSTOM' };
  const list = (v: ControlParameterValue) => (Array.isArray(v) ? [...v] : [v]);
  if (Token.isUnresolved(value)) return { ...base, string: { value: value as string } };
  switch (definition.type) {
    case 'boolean':
      return { ...base, bool: { value: value as boolean } };
    case 'double':
      return { ...base, double: { value: value as number } };
    case 'integer':
      return { ...base, int: { value: value as number } };
    case 'string':
      return { ...base, string: { value: value as string } };
    case 'enum':
      return { ...base, enum: { value: String(value) } };
    case 'integerList':
      return { ...base, intList: { value: list(value) as number[] } };
    case 'stringList':
      return { ...base, stringList: { value: list(value) as string[] } };
    case 'enumList':
      return { ...base, enumList: { value: list(value).map(String) } };
  }
}
