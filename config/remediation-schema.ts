import { z } from 'zod';
import { accountId, organizationalUnitId } from './fields';
import { closestMatches } from '../core/closest';
import { findControl, KNOWN_CONTROL_IDS } from '../domain/control-catalogue';
import {
  CUSTOM_ACTION_REMEDIATIONS,
  isCustomActionRunbook,
  REMEDIATIONS,
  RUNBOOKS,
  runbookFor,
  type RunbookDefinition,
  type RunbookParameterDefinition,
} from '../domain/catalogue/remediations';
import { effectiveModes, type RemediationTierInput } from '../domain/remediation-plan';
import {
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_LEDGER_RETENTION_DAYS,
  DEFAULT_LEDGER_TABLE_NAME,
} from '../core/remediation-contract';
import { REMEDIATION_MODES, type PolicyParameterValue, type RemediationMode } from '../core/remediation-policy';
import { showValue, type ConfigProblem } from './problems';

/*
 * The `remediation` parts of the org config: per tier (`tiers[].remediation`) and top level
 * (`remediation`). The main schema imports the two zod schemas; the checks that relate them to
 * the control catalogue and to each other are the pure functions below. Planning (the runtime
 * policy and what to deploy) lives in domain/remediation-plan.ts.
 */

/** The modes a runbook can run in (see RemediationMode). */
export const remediationModeSchema = z.enum(REMEDIATION_MODES, {
  errorMap: () => ({ message: `must be one of ${REMEDIATION_MODES.join(', ')}` }),
});

/** `tiers[].remediation`: the tier's default mode and per-control (or custom action) overrides. */
export const tierRemediationSchema = z
  .object({
    /** Mode of every runbook not listed in `controls`. A default of `auto` runs runbooks that are not safe to automate in `manual`. */
    defaultMode: remediationModeSchema.default('off'),
    /** Mode by security control id (`S3.1`) or custom action id (`IsolateInstance`). */
    controls: z.record(z.string(), remediationModeSchema).default({}),
  })
  .strict();

// One check, one message: a date of the wrong form is not also reported as "not a calendar date".
const isoDate = z.string({ invalid_type_error: 'must be a date in quotes, "YYYY-MM-DD"' }).superRefine((d, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) {
    ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD, e.g. "2025-06-30"' });
  } else if (Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || !new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)) {
    ctx.addIssue({
      code: 'custom',
      message: 'is not a calendar date; write an existing day as YYYY-MM-DD, e.g. "2025-06-30"',
    });
  }
});

const exemptionSchema = z
  .object({
    /** Security control id or custom action id, or `*` for every runbook. */
    securityControlId: z.string().min(1),
    scope: z
      .object({
        accounts: z.array(accountId).optional(),
        organizationalUnits: z.array(organizationalUnitId).optional(),
        resourceTag: z
          .object({ key: z.string().min(1).max(128), value: z.string().max(256) })
          .strict()
          .optional(),
      })
      .strict()
      .refine(
        (s) => (s.accounts?.length ?? 0) > 0 || (s.organizationalUnits?.length ?? 0) > 0 || s.resourceTag !== undefined,
        {
          message:
            'needs at least one of accounts, organizationalUnits or resourceTag (to exempt everything, set the mode to off)',
        },
      ),
    owner: z.string().min(1, 'must name who answers for the exemption (a team or an address)'),
    reason: z
      .string()
      .min(10, 'must say why the resource must stay as it is (10 characters at least); auditors read it'),
    /** Last day the exemption applies (UTC). */
    expires: isoDate,
  })
  .strict();

const acceptanceSchema = z
  .object({
    /** Security control id of a control the tiers keep enabled without a runbook, exemption or disabling. */
    securityControlId: z.string().min(1),
    /** Tier names the acceptance applies to; every tier when left out. */
    tiers: z
      .array(z.string().min(1))
      .min(1, 'lists no tier; leave tiers out to accept the control in every tier')
      .optional(),
    owner: z.string().min(1, 'must name who answers for the accepted risk (a team or an address)'),
    reason: z
      .string()
      .min(10, 'must say how the control is handled without automation (10 characters at least); auditors read it'),
    /** Last day the acceptance applies (UTC); after it the control counts as uncovered again. */
    expires: isoDate.optional(),
  })
  .strict();

/** `remediation` at the top level of the org config. */
export const remediationSchema = z
  .object({
    /**
     * Controls handled without automation (a person, a ticket queue, another tool), each with an
     * owner and a reason: `securityhub coverage` counts them as covered.
     */
    accepted: z.array(acceptanceSchema).default([]),
    /** Resources and accounts the runbooks leave alone, each with an owner, a reason and an expiry date. */
    exemptions: z.array(exemptionSchema).default([]),
    /** Controls a production tier may run in auto although no staging tier does, each with a reason. */
    productionOverrides: z
      .array(
        z
          .object({
            securityControlId: z.string().min(1),
            tier: z.string().min(1),
            reason: z
              .string()
              .min(20, 'must say why production may skip staging for this control (20 characters at least)'),
          })
          .strict(),
      )
      .default([]),
    /** Runs that change something, per member account per clock hour; the rest end FAILED and wait in the DLQ. */
    rateLimitPerAccountPerHour: z.number().int().min(1).max(1000).default(20),
    /** Name (optionally with a path) of the execution role the tier StackSets create in member accounts. */
    executionRoleName: z
      .string()
      .regex(/^[\w+=,.@/-]{1,64}$/, 'must be an IAM role name, optionally with a path')
      .default(DEFAULT_EXECUTION_ROLE_NAME),
    /** The run ledger (DynamoDB, security account). */
    ledger: z
      .object({
        tableName: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')
          .default(DEFAULT_LEDGER_TABLE_NAME),
        /** Days run records are kept (DynamoDB TTL). */
        retentionDays: z.number().int().min(30).max(3650).default(DEFAULT_LEDGER_RETENTION_DAYS),
      })
      .strict()
      .default({}),
    /** Runbook parameters by runbook name, e.g. `EnableMultiRegionCloudTrail: { TrailBucketName: org-trail }`. */
    parameters: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).default({}),
  })
  .strict();

/** `tiers[].remediation` after parsing. */
export type TierRemediationConfig = z.infer<typeof tierRemediationSchema>;
/** `remediation` after parsing. */
export type RemediationConfig = z.infer<typeof remediationSchema>;
/** One exemption after parsing. */
export type RemediationExemptionConfig = z.infer<typeof exemptionSchema>;
/** One `remediation.accepted` entry after parsing. */
export type RemediationAcceptanceConfig = z.infer<typeof acceptanceSchema>;

/** What validateRemediationConfig reads. */
export interface RemediationValidationInput {
  readonly remediation: RemediationConfig;
  /** The org config's tiers, in file order (paths say `tiers[<index>]`). */
  readonly tiers: readonly RemediationTierInput[];
  /** Today (UTC) as a Date or `YYYY-MM-DD`; decides which exemptions have expired. */
  readonly today: Date | string;
}

/** Errors stop synth; warnings are printed and synth goes on. */
export interface RemediationValidationResult {
  readonly errors: ConfigProblem[];
  readonly warnings: ConfigProblem[];
}

/** Days after an exemption's expiry during which it is only a warning. */
export const EXEMPTION_GRACE_DAYS = 30;

const key = (id: string): string => `[${JSON.stringify(id)}]`;
const DAY = 86_400_000;

function dayOf(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

function checkParameter(definition: RunbookParameterDefinition, value: PolicyParameterValue): string | undefined {
  switch (definition.type) {
    case 'string':
      if (typeof value !== 'string') return `must be text (${definition.description})`;
      if (definition.pattern && !new RegExp(definition.pattern).test(value))
        return `does not match ${definition.pattern} (${definition.description})`;
      return undefined;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return `must be a whole number (${definition.description})`;
      if (
        (definition.min !== undefined && value < definition.min) ||
        (definition.max !== undefined && value > definition.max)
      ) {
        return `must be between ${definition.min} and ${definition.max} (${definition.description})`;
      }
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false (${definition.description})`;
  }
}

/**
 * Checks the remediation config against the control catalogue and the tiers:
 * - a tier names an id that is not a control or custom action, or sets a control without a
 *   runbook to anything but off (error);
 * - `auto` for a runbook that is not safe to automate, or for a custom action (error);
 * - `auto` in a production tier while no staging tier runs that control in auto, unless a
 *   productionOverride with a reason names the tier and control (error): staging goes first;
 * - an expired exemption (warning), and one expired more than 30 days (error);
 * - runbook parameters that are unknown, of the wrong type or missing when a runbook needs them (error);
 * - `accepted` entries naming an unknown control or tier, or a control twice for a tier (error),
 *   or a control a tier already runs a runbook for, or past their expiry (warning).
 * Each problem names the field path, the value received and the fix.
 */
export function validateRemediationConfig(input: RemediationValidationInput): RemediationValidationResult {
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const { remediation, tiers } = input;
  const today = dayOf(input.today);
  const modesByTier = tiers.map((t) => effectiveModes(t.remediation));

  tiers.forEach((tier, t) => {
    const at = `tiers[${t}].remediation`;
    for (const [id, mode] of Object.entries(tier.remediation?.controls ?? {})) {
      const path = `${at}.controls${key(id)}`;
      const control = findControl(id);
      const definition = runbookFor(id);
      if (!control && !definition) {
        errors.push({
          path,
          message: `${showValue(id)} is neither a security control id in the catalogue nor a custom action with a runbook; ${didYouMean(id, 'check the spelling (e.g. "S3.1", "IsolateInstance").')}`,
        });
      } else if (!definition) {
        if (mode !== 'off')
          errors.push({
            path,
            message: `${showValue(mode)} needs a runbook, and ${id} has none; only "off" is allowed. Controls with runbooks: ${Object.keys(REMEDIATIONS).join(', ')}.`,
          });
      } else if (mode === 'auto' && isCustomActionRunbook(id)) {
        errors.push({
          path,
          message: `"auto" does not apply to custom action ${id}: it runs only when a person picks it in the console. Use "manual" (or "shadow" to record what it would do).`,
        });
      } else if (mode === 'auto' && !definition.safeToAutomate) {
        errors.push({
          path,
          message: `"auto" is not allowed for ${id}: runbook ${definition.runbook} is not safe to automate (${definition.summary}) Use "manual" (the Remediate custom action) or "shadow".`,
        });
      }
    }
  });

  // Staging goes first: a control runs in auto in production only after a staging tier runs it in auto.
  const stagingAuto = new Set(
    tiers.flatMap((tier, t) =>
      tier.environment === 'staging' ? Object.keys(modesByTier[t]).filter((id) => modesByTier[t][id] === 'auto') : [],
    ),
  );
  const overrides = remediation.productionOverrides;
  tiers.forEach((tier, t) => {
    if (tier.environment !== 'production') return;
    const autoIds = Object.keys(modesByTier[t]).filter((id) => modesByTier[t][id] === 'auto' && !stagingAuto.has(id));
    const missing = autoIds.filter((id) => !overrides.some((o) => o.securityControlId === id && o.tier === tier.name));
    const listed = missing.filter((id) => tier.remediation?.controls[id] !== undefined);
    const byDefault = missing.filter((id) => tier.remediation?.controls[id] === undefined);
    const fix = (ids: string[]): string =>
      `run ${ids.length === 1 ? 'it' : 'them'} in auto in a staging tier first, or add remediation.productionOverrides entries such as { securityControlId: ${JSON.stringify(ids[0])}, tier: ${JSON.stringify(tier.name)}, reason: "..." }.`;
    for (const id of listed) {
      errors.push({
        path: `tiers[${t}].remediation.controls${key(id)}`,
        message: `"auto" in production tier ${showValue(tier.name)}, but no staging tier runs ${id} in auto; ${fix([id])}`,
      });
    }
    if (byDefault.length > 0) {
      errors.push({
        path: `tiers[${t}].remediation.defaultMode`,
        message: `"auto" in production tier ${showValue(tier.name)} runs ${byDefault.join(', ')} in auto, but no staging tier does; ${fix(byDefault)}`,
      });
    }
  });
  overrides.forEach((o, i) => {
    const path = `remediation.productionOverrides[${i}]`;
    const t = tiers.findIndex((tier) => tier.name === o.tier);
    if (!runbookFor(o.securityControlId)) {
      errors.push({
        path: `${path}.securityControlId`,
        message: `${showValue(o.securityControlId)} has no runbook, so there is nothing to override; check the spelling.`,
      });
    } else if (t < 0) {
      errors.push({
        path: `${path}.tier`,
        message: `${showValue(o.tier)} is not a tier name; tiers: ${tiers.map((x) => x.name).join(', ')}.`,
      });
    } else if (tiers[t].environment !== 'production') {
      errors.push({
        path: `${path}.tier`,
        message: `tier ${showValue(o.tier)} is ${tiers[t].environment}, not production; overrides are only for production tiers. Remove the entry.`,
      });
    } else if (modesByTier[t][o.securityControlId] !== 'auto' || stagingAuto.has(o.securityControlId)) {
      warnings.push({
        path,
        message: `the override for ${o.securityControlId} in ${showValue(o.tier)} is not needed (${modesByTier[t][o.securityControlId] !== 'auto' ? 'it is not in auto there' : 'a staging tier runs it in auto'}); remove it.`,
      });
    }
  });

  remediation.exemptions.forEach((e, i) => {
    const path = `remediation.exemptions[${i}]`;
    if (e.securityControlId !== '*' && !findControl(e.securityControlId) && !runbookFor(e.securityControlId)) {
      errors.push({
        path: `${path}.securityControlId`,
        message: `${showValue(e.securityControlId)} is neither a security control id in the catalogue nor a custom action; ${didYouMean(e.securityControlId, 'check the spelling, or use "*" for every runbook.')}`,
      });
    } else if (e.securityControlId !== '*' && !runbookFor(e.securityControlId)) {
      warnings.push({
        path: `${path}.securityControlId`,
        message: `${e.securityControlId} has no runbook, so the exemption changes nothing; remove it or suppress the findings with an automation rule instead.`,
      });
    }
    if (e.expires < today) {
      const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${e.expires}T00:00:00Z`)) / DAY);
      const problem = {
        path: `${path}.expires`,
        message: `${showValue(e.expires)} has passed (${days} day(s) ago), so the exemption owned by ${e.owner} no longer applies`,
      };
      if (days > EXEMPTION_GRACE_DAYS) {
        errors.push({
          ...problem,
          message: `${problem.message} and is past the ${EXEMPTION_GRACE_DAYS}-day grace period; renew it with a new date and reason, or remove it.`,
        });
      } else {
        const deadline = new Date(Date.parse(`${e.expires}T00:00:00Z`) + EXEMPTION_GRACE_DAYS * DAY)
          .toISOString()
          .slice(0, 10);
        warnings.push({
          ...problem,
          message: `${problem.message}; renew it with a new date and reason, or remove it, before ${deadline}, when this becomes an error.`,
        });
      }
    }
  });

  checkParameters(remediation, tiers, modesByTier, errors);
  checkAcceptances(remediation, tiers, modesByTier, today, errors, warnings);
  return { errors, warnings };
}

/**
 * `remediation.accepted`: each names a catalogue control and existing tiers, once per tier;
 * entries that a runbook mode already covers, or that have expired, are warnings.
 */
function checkAcceptances(
  remediation: RemediationConfig,
  tiers: readonly RemediationTierInput[],
  modesByTier: Record<string, RemediationMode>[],
  today: string,
  errors: ConfigProblem[],
  warnings: ConfigProblem[],
): void {
  const seen = new Map<string, number>();
  remediation.accepted.forEach((a, i) => {
    const path = `remediation.accepted[${i}]`;
    if (!findControl(a.securityControlId)) {
      errors.push({
        path: `${path}.securityControlId`,
        message: `${showValue(a.securityControlId)} is not a security control id in the catalogue; check the spelling, e.g. "IAM.6".`,
      });
      return;
    }
    const unknown = (a.tiers ?? []).filter((name) => !tiers.some((t) => t.name === name));
    for (const name of unknown) {
      errors.push({
        path: `${path}.tiers`,
        message: `${showValue(name)} is not a tier name; tiers: ${tiers.map((t) => t.name).join(', ')}.`,
      });
    }
    const names = [...new Set(a.tiers ?? tiers.map((t) => t.name))];
    for (const name of names.filter((n) => !unknown.includes(n))) {
      const earlier = seen.get(`${a.securityControlId}/${name}`);
      if (earlier !== undefined) {
        errors.push({
          path,
          message: `${a.securityControlId} is accepted twice for tier ${showValue(name)} (also remediation.accepted[${earlier}]); keep one entry.`,
        });
      }
      seen.set(`${a.securityControlId}/${name}`, i);
      const t = tiers.findIndex((tier) => tier.name === name);
      const mode = modesByTier[t][a.securityControlId];
      if (a.tiers && mode !== undefined && mode !== 'off') {
        warnings.push({
          path,
          message: `${a.securityControlId} runs in ${mode} in tier ${showValue(name)}, so accepting it there is not needed; remove the tier from the entry.`,
        });
      }
    }
    if (a.expires !== undefined && a.expires < today) {
      warnings.push({
        path: `${path}.expires`,
        message: `${showValue(a.expires)} has passed, so ${a.securityControlId} counts as uncovered again in \`securityhub coverage\`; renew the acceptance (owner ${a.owner}) or remediate the control.`,
      });
    }
  });
}

function checkParameters(
  remediation: RemediationConfig,
  tiers: readonly RemediationTierInput[],
  modesByTier: Record<string, RemediationMode>[],
  errors: ConfigProblem[],
): void {
  const runbooks: Record<string, RunbookDefinition> = RUNBOOKS;
  for (const [runbook, values] of Object.entries(remediation.parameters)) {
    const definition = runbooks[runbook];
    if (!definition) {
      errors.push({
        path: `remediation.parameters${key(runbook)}`,
        message: `${showValue(runbook)} is not a runbook name; parameters are keyed by runbook, e.g. EnableMultiRegionCloudTrail. Runbooks with parameters: ${Object.values(
          runbooks,
        )
          .filter((r) => r.parameters.length > 0)
          .map((r) => r.runbook)
          .join(', ')}.`,
      });
      continue;
    }
    for (const [name, value] of Object.entries(values)) {
      const parameter = definition.parameters.find((p) => p.name === name);
      const path = `remediation.parameters.${runbook}.${name}`;
      if (!parameter) {
        errors.push({
          path,
          message: `${showValue(name)} is not a parameter of ${runbook}; it takes ${definition.parameters.map((p) => p.name).join(', ') || 'none'}.`,
        });
        continue;
      }
      const problem = checkParameter(parameter, value);
      if (problem) errors.push({ path, message: `${showValue(value)} ${problem}.` });
    }
  }
  // Required parameters, for every runbook some tier runs in a mode other than off.
  const users = new Map<string, string[]>();
  tiers.forEach((tier, t) => {
    for (const [id, mode] of Object.entries(modesByTier[t])) {
      if (mode === 'off') continue;
      const runbook = (runbookFor(id) as RunbookDefinition).runbook;
      users.set(runbook, [...(users.get(runbook) ?? []), `${id} (${mode} in ${tier.name})`]);
    }
  });
  for (const [runbook, usedBy] of users) {
    for (const parameter of runbooks[runbook].parameters.filter((p) => p.required)) {
      if (remediation.parameters[runbook]?.[parameter.name] === undefined) {
        errors.push({
          path: `remediation.parameters.${runbook}.${parameter.name}`,
          message: `nothing is set, but runbook ${runbook} needs it for ${usedBy.slice(0, 3).join(', ')}${usedBy.length > 3 ? ` and ${usedBy.length - 3} more` : ''}: ${parameter.description} Set it, or set those controls to off.`,
        });
      }
    }
  }
}

/** "did you mean" with the closest control ids and custom actions that have runbooks, else `fallback`. */
function didYouMean(id: string, fallback: string): string {
  const near = closestMatches(id, [...KNOWN_CONTROL_IDS, ...Object.keys(CUSTOM_ACTION_REMEDIATIONS)]);
  return near.length > 0 ? `did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?` : fallback;
}
