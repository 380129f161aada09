import { z } from 'zod';
import { accountId, organizationalUnitId } from './fields';
import { didYouMean, showValue } from './problems';
import { ALL_REGIONS } from './regions';
import { remediationSchema, tierRemediationSchema } from './remediation-schema';
import { SEVERITY_LABELS } from '../core/severity';
import { STANDARDS_ID_PATTERN } from '../domain/catalogue/catalogue-file';
import { checkControlId, checkControlParameters } from '../domain/catalogue/control-checks';
import type { ControlParameters, DisabledControl } from '../domain/configuration-policy';
import { findControl } from '../domain/control-catalogue';
import { SecurityStandard, type StandardsId } from '../domain/security-standard';

/*
 * The organization config file's shape. Field-level rules live here; rules that relate fields to
 * each other (an account in two tiers, a control the catalogue lacks) live in validate.ts so each
 * problem can be reported with its own path.
 */

/** A statement of an AWS Organizations resource policy, as `aws organizations describe-resource-policy` prints it. */
const resourcePolicyStatement = z
  .object({
    Sid: z
      .string()
      .regex(
        /^[A-Za-z0-9]{1,100}$/,
        'must be 1-100 letters or digits: every statement needs a Sid, which plan-review names when a statement would be removed',
      ),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: z.union([z.literal('*'), z.record(z.unknown())]).optional(),
    NotPrincipal: z.record(z.unknown()).optional(),
    Action: z.union([z.string(), z.array(z.string())]).optional(),
    NotAction: z.union([z.string(), z.array(z.string())]).optional(),
    Resource: z.union([z.string(), z.array(z.string())]).optional(),
    NotResource: z.union([z.string(), z.array(z.string())]).optional(),
    Condition: z.record(z.record(z.unknown())).optional(),
  })
  .strict();

/**
 * The organization's resource policy holds statements of other services too (delegated
 * administrators), and the stack writes the whole document: those statements are listed here so
 * an apply keeps them, and `importId` adopts a policy that already exists.
 */
const organizationsResourcePolicy = z
  .object({
    /** Id of the existing policy (`aws organizations describe-resource-policy`), to import instead of create. */
    importId: z
      .string()
      .regex(
        /^rp-[0-9a-z_]{4,128}$/,
        'must be the id `aws organizations describe-resource-policy` prints as ResourcePolicySummary.Id, e.g. rp-1a2b3c4d',
      )
      .optional(),
    /** Statements the stack keeps in the policy next to its own, e.g. those of the existing policy. */
    additionalStatements: z
      .array(resourcePolicyStatement)
      .default([])
      .superRefine((statements, ctx) => {
        const seen = new Set<string>();
        statements.forEach((s, i) => {
          if (seen.has(s.Sid))
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [i, 'Sid'],
              message: 'is the Sid of another statement too; give each statement its own Sid',
            });
          seen.add(s.Sid);
        });
      }),
  })
  .strict();

const region = z.string().superRefine((r, ctx) => {
  if (!ALL_REGIONS.includes(r))
    ctx.addIssue({
      code: 'custom',
      message: `is not a known AWS Region code${didYouMean(r, ALL_REGIONS)}; Region codes look like us-east-1 or eu-west-1`,
    });
});

const severityLabel = z.enum(SEVERITY_LABELS);

const tagMap = z.record(z.string().min(1).max(128), z.string().max(256));

/** String comparisons Security Hub accepts in finding filters. */
export const STRING_COMPARISONS = [
  'EQUALS',
  'PREFIX',
  'NOT_EQUALS',
  'PREFIX_NOT_EQUALS',
  'CONTAINS',
  'NOT_CONTAINS',
] as const;

const stringFilter = z
  .object({
    comparison: z.enum(STRING_COMPARISONS).default('EQUALS'),
    value: z.string().min(1),
  })
  .strict();

const mapFilter = z
  .object({
    key: z.string().min(1),
    comparison: z.enum(['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS']).default('EQUALS'),
    value: z.string().min(1),
  })
  .strict();

/**
 * Finding fields that both insights and automation rules filter on, in the API's own names
 * (AwsSecurityFindingFilters / AutomationRulesFindingFilters).
 */
export const COMMON_FINDING_FILTER_FIELDS = [
  'AwsAccountId',
  'ComplianceStatus',
  'GeneratorId',
  'ProductName',
  'RecordState',
  'ResourceId',
  'ResourceType',
  'SeverityLabel',
  'Title',
  'WorkflowStatus',
] as const;

/** Fields only automation rules filter on. */
export const AUTOMATION_RULE_ONLY_FIELDS = ['ComplianceSecurityControlId', 'ComplianceAssociatedStandardsId'] as const;

/** A finding filter as config files write it: field name -> list of comparisons. */
export type FindingFilterConfig = Partial<
  Record<string, { comparison: (typeof STRING_COMPARISONS)[number]; value: string }[]>
> & {
  ResourceTags?: { key: string; comparison: 'EQUALS' | 'NOT_EQUALS' | 'CONTAINS' | 'NOT_CONTAINS'; value: string }[];
};

// Built from a field list, so the static type is given by hand (FindingFilterConfig below).
const filterFields = (fields: readonly string[]) =>
  z
    .object({
      ...Object.fromEntries(fields.map((f) => [f, z.array(stringFilter).min(1).max(20).optional()])),
      ResourceTags: z.array(mapFilter).min(1).max(20).optional(),
    })
    .strict() as unknown as z.ZodType<FindingFilterConfig, z.ZodTypeDef, unknown>;

const insightFilters = filterFields(COMMON_FINDING_FILTER_FIELDS);
const automationRuleCriteria = filterFields([...COMMON_FINDING_FILTER_FIELDS, ...AUTOMATION_RULE_ONLY_FIELDS]);

const controlParameterValue = z.union([
  z.boolean(),
  z.number(),
  z.string(),
  z.array(z.union([z.number(), z.string()])),
]);

/*
 * Standards and control ids parse into the types the constructs take (StandardsId, DisabledControl,
 * ControlParameters): the checks against the catalogue are type guards, so the stacks pass the
 * parsed values on as they are. A refinement whose message is a whole sentence (it names the value
 * itself) says so with `params.sentence`; the loader prints it as it is.
 */

/**
 * A standard of the catalogue's standards table, parsed to its standards id: the id
 * (standards/pci-dss/v/4.0.1), its ARN or the id without `standards/` as SecurityStandard.fromId reads them.
 */
const standardsId = z.string().transform((id, ctx): StandardsId => {
  const standard = SecurityStandard.fromId(id);
  if (standard) return standard.standardsId;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `is not a known standard or version${didYouMean(id, SecurityStandard.knownIds())}; allowed: ${SecurityStandard.knownIds().join(', ')}.`,
  });
  return z.NEVER;
});

/** A disabled control as the file writes it, before its id is checked. */
interface DisabledControlEntry {
  securityControlId: string;
  reason: string;
  notInCatalogue?: true;
}

/** True when the entry's id is one the catalogue has, or the entry is marked newer than the catalogue. */
function isDisabledControl(d: DisabledControlEntry): d is DisabledControlEntry & DisabledControl {
  return d.notInCatalogue === true || findControl(d.securityControlId) !== undefined;
}

const disabledControl = z
  .object({
    securityControlId: z.string(),
    reason: z.string().min(10, 'must say why the control is disabled (10 characters at least); auditors read it'),
    /** Set for a control newer than the catalogue: its id is then not checked (a warning instead). */
    notInCatalogue: z.literal(true).optional(),
  })
  .strict()
  .refine(isDisabledControl, (d) => ({
    path: ['securityControlId'],
    message: checkControlId(d.securityControlId).error ?? `${showValue(d.securityControlId)} is not a control id.`,
    params: { sentence: true },
  }));

/** Parameter values by control id as the file writes them, before they are checked. */
type ControlParametersEntry = Record<string, Record<string, z.infer<typeof controlParameterValue>>>;

/** Every problem with a tier's control parameters: ids the catalogue lacks, names a control does not take, values out of bounds. */
function controlParameterProblems(
  parameters: ControlParametersEntry,
): { path: (string | number)[]; message: string }[] {
  return Object.entries(parameters).flatMap(([id, values]) => {
    const { control, error } = checkControlId(id);
    if (error || !control) return [{ path: [id], message: error ?? `${showValue(id)} cannot be tuned.` }];
    return checkControlParameters(control, values, showValue).map((p) => ({ path: [id, p.name], message: p.message }));
  });
}

const controlParameters = z
  .record(z.string(), z.record(z.string(), controlParameterValue))
  .superRefine((parameters, ctx): parameters is ControlParametersEntry & ControlParameters => {
    const problems = controlParameterProblems(parameters);
    for (const p of problems)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: p.path, message: p.message, params: { sentence: true } });
    return problems.length === 0;
  });

const tierSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,30}$/,
        'must be lower-case letters, digits and dashes, starting with a letter (it becomes a stack name)',
      ),
    environment: z.enum(['staging', 'production', 'sandbox', 'development']),
    organizationalUnits: z.array(organizationalUnitId).default([]),
    accounts: z.array(accountId).default([]),
    standards: z
      .array(standardsId)
      .min(1, 'needs at least one standard, e.g. standards/aws-foundational-security-best-practices/v/1.0.0'),
    disabledControls: z.array(disabledControl).default([]),
    controlParameters: controlParameters.default({}),
    /** Remediation modes of the tier's runbooks (off, shadow, manual, auto). */
    remediation: tierRemediationSchema.default({}),
  })
  .strict();

const s3Backend = z
  .object({
    type: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    region,
    keyPrefix: z.string().default('securityhub'),
    encrypt: z.boolean().default(true),
    kmsKeyId: z.string().optional(),
    useLockfile: z.boolean().default(true),
    dynamodbTable: z.string().optional(),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
      .optional(),
  })
  .strict();

const localBackend = z
  .object({
    type: z.literal('local'),
    directory: z.string().default('terraform-state'),
  })
  .strict();

const stateBackend = z.discriminatedUnion('type', [s3Backend, localBackend]);

/** A calendar day, YYYY-MM-DD, that exists. */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD, e.g. 2027-03-31')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'is not a calendar day; write a real date, e.g. 2027-03-31',
  );

/**
 * The remediation window: the score each standard should reach by a date. The weekly review says
 * whether each standard is on track (docs/compliance-review.md).
 */
const remediationWindow = z
  .object({
    /** First day of the window; the first review on or after it sets each standard's baseline. */
    start: calendarDay.optional(),
    /** The day the targets are due. */
    by: calendarDay,
    /** Target score (0-100) by standards id, e.g. standards/pci-dss/v/4.0.1: 90. */
    targets: z
      .record(
        z
          .string()
          .regex(STANDARDS_ID_PATTERN, 'must be a standards id as the tiers list them, e.g. standards/pci-dss/v/4.0.1'),
        z
          .number({ invalid_type_error: 'must be a score from 0 to 100, e.g. 90' })
          .min(0, 'must be a score from 0 to 100')
          .max(100, 'must be a score from 0 to 100'),
      )
      .refine(
        (t) => Object.keys(t).length > 0,
        'needs at least one standard and its target score, e.g. standards/pci-dss/v/4.0.1: 90',
      ),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.start !== undefined && w.start >= w.by)
      ctx.addIssue({
        code: 'custom',
        path: ['start'],
        message: `is not before by ${JSON.stringify(w.by)}; the window must start before its targets are due`,
      });
  });

/** EventBridge Scheduler's expressions: rate(...), cron(...) with six fields, or at(...). */
const scheduleExpression = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/,
    'must be an EventBridge Scheduler expression: rate(7 days), or cron with six fields such as cron(0 6 ? * MON *)',
  );

/** The weekly compliance review (docs/compliance-review.md): schedule, evidence bucket, retention. */
const complianceReview = z
  .object({
    /** When the review runs (UTC). */
    scheduleExpression: scheduleExpression.default('cron(0 6 ? * MON *)'),
    /** Object Lock mode of the evidence: GOVERNANCE (privileged users may lift it) or COMPLIANCE (nobody can, not even root). */
    objectLockMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
    /** Days each review's report and evidence are locked. */
    retentionDays: z
      .number({ invalid_type_error: 'must be a number of days, e.g. 365' })
      .int('must be a whole number of days')
      .min(1, 'must lock objects at least 1 day')
      .max(36500, 'must be at most 36500 days (100 years)')
      .default(365),
    /** Standards an evidence pack is written for; empty for every enabled standard with findings. */
    standards: z.array(standardsId).default([]),
    /** The evidence bucket's name. @default securityhub-evidence-<security account>-<home Region> */
    bucketName: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and dashes',
      )
      .optional(),
  })
  .strict();

const productName = z.enum([
  'guardduty',
  'inspector',
  'macie',
  'config',
  'access-analyzer',
  'firewall-manager',
  'health',
  'ssm-patch-manager',
]);

/** An import id as Terraform's `import` block takes it: an ARN, an account id, a policy id. */
const importId = z.string().min(1, 'must be the id Terraform imports the resource by (see docs/adopt.md)').max(2048);

/**
 * Resources that already exist and that the stacks adopt instead of creating: each entry becomes a
 * Terraform `import` block, so the first plan imports them. `securityhub adopt` writes this section
 * from the live organization (docs/adopt.md); keys name the config entry each id belongs to.
 */
const adoption = z
  .object({
    /** Account id of the delegated administrator whose hub exists (aws_securityhub_account). */
    hub: importId.optional(),
    /** ARN of the existing finding aggregator. */
    findingAggregator: importId.optional(),
    /** Account id of the delegated administrator whose organization configuration exists. */
    organizationConfiguration: importId.optional(),
    /** Account id of the existing Security Hub delegated administrator, adopted by the management stack. */
    securityHubAdministrator: importId.optional(),
    /**
     * Delegations to the security account that exist, adopted by the management stack: GuardDuty,
     * Inspector and Macie by Region, AWS Config's by service principal.
     */
    delegatedAdministrators: z
      .object({
        guardduty: z.array(region).default([]),
        inspector: z.array(region).default([]),
        macie: z.array(region).default([]),
        servicePrincipals: z
          .array(z.enum(['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com']))
          .default([]),
      })
      .strict()
      .default({}),
    /** Configuration policy id by tier name. */
    configurationPolicies: z.record(z.string(), importId).default({}),
    /** Existing policy associations by target (OU or account id); the import id is the target id. */
    policyAssociations: z.record(z.string(), importId).default({}),
    /** `PRODUCT_ARN,SUBSCRIPTION_ARN` by product name (integrations.products) or product ARN (integrations.productArns). */
    productSubscriptions: z.record(z.string(), importId).default({}),
    /** Action target ARN by custom action id. */
    customActions: z.record(z.string(), importId).default({}),
    /** Automation rule ARN by rule name. */
    automationRules: z.record(z.string(), importId).default({}),
    /** Insight ARN by insight name. */
    insights: z.record(z.string(), importId).default({}),
  })
  .strict();

/** The organization config schema (see README "Configuration reference"). */
export const organizationConfigSchema = z
  .object({
    organization: z
      .object({
        name: z.string().min(1).max(64),
        managementAccountId: accountId,
        securityAccountId: accountId,
        homeRegion: region,
        linkedRegions: z
          .union([
            z.literal('ALL_REGIONS'),
            z.array(region).min(1),
            z.object({ allExcept: z.array(region).min(1) }).strict(),
          ])
          .describe(
            'linkedRegions takes ALL_REGIONS, a list of Region codes that includes the home Region (e.g. [us-east-1, us-west-2]), or { allExcept: [ap-east-1] }',
          ),
      })
      .strict(),
    deployment: z
      .object({
        /** Role assumed in the management and security accounts; omit to use the ambient credentials. */
        roleName: z
          .string()
          .regex(/^[\w+=,.@/-]{1,64}$/)
          .optional(),
        /**
         * Let the security account read the OU structure through the organization's resource policy
         * (needed when tiers use OUs and remediation runs). Turn off when the organization's resource
         * policy is managed elsewhere, and grant the same read actions there.
         */
        delegateOrganizationsRead: z.boolean().default(true),
        /** The organization's one resource policy, which the management stack writes when it delegates reads. */
        organizationsResourcePolicy: organizationsResourcePolicy.default({}),
      })
      .strict()
      .default({}),
    tags: tagMap.default({}),
    stateBackend: stateBackend.default({ type: 'local', directory: 'terraform-state' }),
    /** Per-stack state settings, keyed by stack name (`management`, `security`, a tier name). */
    stateBackendOverrides: z
      .record(
        z.string(),
        z
          .object({
            key: z.string().optional(),
            bucket: z.string().optional(),
            region: region.optional(),
          })
          .strict(),
      )
      .default({}),
    guardrail: z
      .object({
        enabled: z.boolean().default(true),
        exemptRoleNames: z.array(z.string()).default([]),
      })
      .strict()
      .default({}),
    integrations: z
      .object({
        products: z.array(productName).default(['guardduty', 'inspector', 'macie']),
        productArns: z
          .array(
            z
              .string()
              .regex(
                /^arn:aws[a-z-]*:securityhub:[a-z0-9-]*:\d{0,12}:product\/[\w.-]+\/[\w.-]+$/,
                'must be a Security Hub product ARN (aws securityhub describe-products)',
              ),
          )
          .default([]),
      })
      .strict()
      .default({}),
    customActions: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[A-Za-z0-9]{1,20}$/, 'must be 1-20 letters or digits (Security Hub action target id)'),
            name: z.string().min(1).max(20),
            description: z.string().min(1).max(256),
          })
          .strict(),
      )
      .default([]),
    automationRules: z
      .array(
        z
          .object({
            name: z.string().min(1).max(256),
            description: z.string().min(1).max(1024),
            order: z.number().int().min(1).max(1000),
            terminal: z.boolean().default(false),
            enabled: z.boolean().default(true),
            criteria: automationRuleCriteria,
            actions: z
              .object({
                workflowStatus: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']).optional(),
                severityLabel: severityLabel.optional(),
                note: z.string().min(1).max(512).optional(),
                userDefinedFields: z.record(z.string(), z.string()).optional(),
              })
              .strict()
              .refine(
                (a) => Object.keys(a).length > 0,
                'needs at least one of workflowStatus, severityLabel, note, userDefinedFields',
              ),
          })
          .strict(),
      )
      .default([]),
    insights: z
      .array(
        z
          .object({
            name: z.string().min(1).max(128),
            groupBy: z.string().min(1),
            filters: insightFilters,
          })
          .strict(),
      )
      .default([]),
    notifications: z
      .object({
        severities: z.array(severityLabel).default(['CRITICAL', 'HIGH']),
        emailSubscribers: z
          .array(z.string().email('is not an email address; write one address per entry, e.g. secops@example.com'))
          .default([]),
      })
      .strict()
      .default({}),
    /** Export of findings to S3 for org-scale reports with Athena (docs/export.md). */
    findingsExport: z
      .object({
        enabled: z.boolean().default(false),
        /** Export every product's findings, not only Security Hub's own control findings. */
        allProducts: z.boolean().default(false),
        retentionDays: z
          .number({ invalid_type_error: 'must be a number of days, e.g. 365' })
          .int('must be a whole number of days')
          .min(1, 'must keep objects at least 1 day')
          .max(3650, 'must be at most 3650 days (10 years)')
          .default(365),
        scanLimitBytes: z
          .number({ invalid_type_error: 'must be a number of bytes, e.g. 10737418240 (10 GiB)' })
          .int('must be a whole number of bytes')
          .min(10_485_760, "must be at least 10485760 (10 MB), Athena's smallest per-query limit")
          .default(10_737_418_240),
      })
      .strict()
      .default({}),
    /** The weekly compliance review, with its Object Lock evidence bucket (docs/compliance-review.md); absent, there is none. */
    complianceReview: complianceReview.optional(),
    /** Target scores per standard and the day they are due; the weekly review says whether each standard is on track. */
    remediationWindow: remediationWindow.optional(),
    /** Exemptions, production overrides, rate limit, ledger and runbook parameters of remediation. */
    remediation: remediationSchema.default({}),
    tiers: z.array(tierSchema).min(1, 'needs at least one workload tier'),
    /** Existing resources the stacks import instead of creating (docs/adopt.md). */
    adoption: adoption.default({}),
  })
  .strict();

/** The organization config after parsing, defaults filled in. */
export type OrganizationConfig = z.infer<typeof organizationConfigSchema>;
/** One workload tier of the organization config. */
export type TierConfig = OrganizationConfig['tiers'][number];
/** Existing resources the stacks adopt, by config entry. */
export type AdoptionConfig = OrganizationConfig['adoption'];
/** Where Terraform state is kept. */
export type StateBackendConfig = z.infer<typeof stateBackend>;
