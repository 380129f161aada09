import { checkControlId } from '../domain/catalogue/control-checks';
import { SecurityStandard } from '../domain/security-standard';
import type { ConfigProblem } from './problems';
import { didYouMean, showValue } from './problems';
import { partitionOf } from './regions';
import { validateRemediationConfig } from './remediation-schema';
import type { OrganizationConfig } from './schema';

/** What cross-field validation found: errors stop synth, warnings are printed and synth goes on. */
export interface ValidationResult {
  /** Problems that make the config unusable. */
  readonly errors: ConfigProblem[];
  /** Problems worth a look that do not stop synth. */
  readonly warnings: ConfigProblem[];
}

/**
 * Checks the rules that relate one part of a parsed config to another and to the control
 * catalogue: these are the mistakes AWS would only reject at apply time, or never.
 * @param today decides which remediation exemptions have expired
 */
export function validateOrganizationConfig(config: OrganizationConfig, today: Date = new Date()): ValidationResult {
  const remediation = validateRemediationConfig({ remediation: config.remediation, tiers: config.tiers, today });
  const errors: ConfigProblem[] = [...remediation.errors];
  const warnings: ConfigProblem[] = [...remediation.warnings];
  const org = config.organization;

  if (org.managementAccountId === org.securityAccountId) {
    errors.push({
      path: 'organization.securityAccountId',
      message: `${showValue(org.securityAccountId)} is the management account; Security Hub central configuration needs a delegated administrator other than the management account. Name a dedicated security account.`,
    });
  }

  checkRegions(config, errors);
  checkComplianceReview(config, errors, warnings);
  checkTierMembership(config, errors);
  checkAdoption(config, errors);

  config.tiers.forEach((tier, t) => {
    const at = `tiers[${t}]`;
    if (tier.organizationalUnits.length === 0 && tier.accounts.length === 0) {
      errors.push({
        path: at,
        message: `tier ${showValue(tier.name)} has no organizationalUnits and no accounts; list at least one so its configuration policy has a target.`,
      });
    }
    // The schema has checked each standard, control id and parameter value against the catalogue.
    const standards = tier.standards.map((id) => SecurityStandard.of(id));
    duplicates(tier.standards).forEach((id) =>
      errors.push({ path: `${at}.standards`, message: `${showValue(id)} is listed twice; list each standard once.` }),
    );

    const disabled = new Set<string>();
    tier.disabledControls.forEach((d, i) => {
      const path = `${at}.disabledControls[${i}].securityControlId`;
      const { control, warning } = checkControlId(d.securityControlId, d.notInCatalogue === true);
      if (disabled.has(d.securityControlId)) {
        errors.push({
          path,
          message: `${showValue(d.securityControlId)} is disabled twice in tier ${showValue(tier.name)}; keep one entry.`,
        });
      } else if (warning) warnings.push({ path, message: warning });
      else if (control && standards.length > 0 && !control.standards.some((s) => standards.includes(s))) {
        warnings.push({
          path,
          message: `${showValue(d.securityControlId)} is in none of tier ${showValue(tier.name)}'s standards, so disabling it changes nothing.`,
        });
      }
      disabled.add(d.securityControlId);
    });

    for (const controlId of Object.keys(tier.controlParameters)) {
      const path = `${at}.controlParameters.${controlId}`;
      const { warning } = checkControlId(controlId);
      if (warning) warnings.push({ path, message: warning });
      if (disabled.has(controlId)) {
        errors.push({
          path,
          message: `${showValue(controlId)} is disabled in this tier, so its parameters would never apply; remove one of the two.`,
        });
      }
    }
  });

  duplicates(config.tiers.map((t) => t.name)).forEach((name) =>
    errors.push({
      path: 'tiers',
      message: `tier name ${showValue(name)} is used twice; tier names become stack names and must be unique.`,
    }),
  );
  duplicates(config.customActions.map((a) => a.id)).forEach((id) =>
    errors.push({
      path: 'customActions',
      message: `custom action id ${showValue(id)} is used twice; ids must be unique.`,
    }),
  );
  duplicates(config.automationRules.map((r) => r.order)).forEach((order) =>
    warnings.push({
      path: 'automationRules',
      message: `rule order ${order} is used by more than one rule; Security Hub then applies them in an unspecified order.`,
    }),
  );

  config.automationRules.forEach((rule, r) => {
    (rule.criteria.ComplianceSecurityControlId ?? []).forEach((f, i) => {
      if (f.comparison !== 'EQUALS') return;
      const { error, warning } = checkControlId(f.value);
      const path = `automationRules[${r}].criteria.ComplianceSecurityControlId[${i}].value`;
      if (error) errors.push({ path, message: error });
      else if (warning) warnings.push({ path, message: warning });
    });
  });

  return { errors, warnings };
}

/** The review's standards and the window's targets name standards some tier enables: others have no findings to score. */
function checkComplianceReview(config: OrganizationConfig, errors: ConfigProblem[], warnings: ConfigProblem[]): void {
  const enabled: string[] = [...new Set(config.tiers.flatMap((t) => t.standards))];
  const check = (id: string, path: string) => {
    if (!enabled.includes(id))
      errors.push({
        path,
        message: `${showValue(id)} is not a standard any tier enables${didYouMean(id, enabled)}; it would have no findings. Use one of: ${enabled.join(', ')}.`,
      });
  };
  config.complianceReview?.standards.forEach((id, i) => check(id, `complianceReview.standards[${i}]`));
  if (config.remediationWindow) {
    for (const id of Object.keys(config.remediationWindow.targets)) check(id, `remediationWindow.targets.${id}`);
    if (!config.complianceReview) {
      warnings.push({
        path: 'remediationWindow',
        message:
          'is set but complianceReview is not, so no weekly review reports progress against it; add complianceReview: {} to run the review.',
      });
    }
  }
}

function checkRegions(config: OrganizationConfig, errors: ConfigProblem[]): void {
  const { homeRegion, linkedRegions } = config.organization;
  const partition = partitionOf(homeRegion);
  const listed = Array.isArray(linkedRegions)
    ? linkedRegions
    : linkedRegions === 'ALL_REGIONS'
      ? []
      : linkedRegions.allExcept;
  const path = Array.isArray(linkedRegions) ? 'organization.linkedRegions' : 'organization.linkedRegions.allExcept';
  if (Array.isArray(linkedRegions) && !linkedRegions.includes(homeRegion)) {
    errors.push({
      path,
      message: `${showValue(linkedRegions)} does not include the home Region ${showValue(homeRegion)}; findings are aggregated there, so list it too.`,
    });
  }
  if (
    !Array.isArray(linkedRegions) &&
    linkedRegions !== 'ALL_REGIONS' &&
    linkedRegions.allExcept.includes(homeRegion)
  ) {
    errors.push({
      path,
      message: `excludes the home Region ${showValue(homeRegion)}; the aggregation Region cannot be excluded.`,
    });
  }
  listed.forEach((r, i) => {
    if (partitionOf(r) !== partition) {
      errors.push({
        path: `${path}[${i}]`,
        message: `${showValue(r)} is in partition ${partitionOf(r)} but the home Region ${homeRegion} is in ${partition}; findings cannot be aggregated across partitions.`,
      });
    }
  });
  duplicates(listed).forEach((r) =>
    errors.push({ path, message: `${showValue(r)} is listed twice; list each Region once.` }),
  );
}

function checkTierMembership(config: OrganizationConfig, errors: ConfigProblem[]): void {
  const accountTier = new Map<string, string>();
  const ouTier = new Map<string, string>();
  config.tiers.forEach((tier, t) => {
    tier.accounts.forEach((account, i) => {
      const other = accountTier.get(account);
      if (other !== undefined && other !== tier.name) {
        errors.push({
          path: `tiers[${t}].accounts[${i}]`,
          message: `${showValue(account)} is already in tier ${showValue(other)}; an account belongs to one tier (one configuration policy), so remove it from one of them.`,
        });
      }
      if (account === config.organization.managementAccountId) {
        errors.push({
          path: `tiers[${t}].accounts[${i}]`,
          message: `${showValue(account)} is the management account; it is governed by the management stack, not a workload tier.`,
        });
      }
      accountTier.set(account, tier.name);
    });
    tier.organizationalUnits.forEach((ou, i) => {
      const other = ouTier.get(ou);
      if (other !== undefined && other !== tier.name) {
        errors.push({
          path: `tiers[${t}].organizationalUnits[${i}]`,
          message: `${showValue(ou)} is already in tier ${showValue(other)}; an OU belongs to one tier, so remove it from one of them.`,
        });
      }
      ouTier.set(ou, tier.name);
    });
  });
}

/**
 * Every adopted id must belong to an entry of the config: an import block for a resource the
 * stacks do not declare is refused by Terraform, and a typo would silently create a second copy.
 */
function checkAdoption(config: OrganizationConfig, errors: ConfigProblem[]): void {
  const a = config.adoption;
  type Keyed =
    | 'configurationPolicies'
    | 'policyAssociations'
    | 'productSubscriptions'
    | 'customActions'
    | 'automationRules'
    | 'insights';
  const known: Record<Keyed, { names: string[]; what: string }> = {
    configurationPolicies: { names: config.tiers.map((t) => t.name), what: 'tier name' },
    policyAssociations: {
      names: config.tiers.flatMap((t) => [...t.organizationalUnits, ...t.accounts]),
      what: 'OU or account of a tier',
    },
    productSubscriptions: {
      names: [...config.integrations.products, ...config.integrations.productArns],
      what: 'product of integrations.products or integrations.productArns',
    },
    customActions: { names: config.customActions.map((c) => c.id), what: 'custom action id' },
    automationRules: { names: config.automationRules.map((r) => r.name), what: 'automation rule name' },
    insights: { names: config.insights.map((i) => i.name), what: 'insight name' },
  };
  // The management stack delegates GuardDuty, Inspector and Macie in the listed linked Regions (the home Region alone otherwise).
  const administered = Array.isArray(config.organization.linkedRegions)
    ? config.organization.linkedRegions
    : [config.organization.homeRegion];
  for (const service of ['guardduty', 'inspector', 'macie'] as const) {
    a.delegatedAdministrators[service].forEach((r, i) => {
      if (!administered.includes(r)) {
        errors.push({
          path: `adoption.delegatedAdministrators.${service}[${i}]`,
          message: `${showValue(r)} is not a Region the management stack delegates ${service} in (${administered.join(', ')}); list it in organization.linkedRegions or remove it here.`,
        });
      }
    });
  }
  for (const [section, { names, what }] of Object.entries(known)) {
    for (const key of Object.keys(a[section as Keyed])) {
      if (!names.includes(key)) {
        errors.push({
          path: `adoption.${section}.${key}`,
          message: `${showValue(key)} is not a ${what} of this config${didYouMean(key, names)}; remove the entry or add what it adopts.`,
        });
      }
    }
  }
}

/** Checks one control parameter value against its definition (shared with the ConfigurationPolicy construct). */
export { checkParameterValue } from '../domain/catalogue/control-checks';

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  values.forEach((v) => (seen.has(v) ? twice.add(v) : seen.add(v)));
  return [...twice];
}
