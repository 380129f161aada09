import { DataAwsOrganizationsOrganization, Construct } from './framework';
import { ValidationError } from './validation-error';
import { REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID } from '../domain/catalogue/remediations';
import type { CustomActions } from './custom-actions';
import type { FindingNotifications } from './notifications';
import { FUNCTION_BUNDLE_DIR } from './remediation-assets';
import { RemediationFunctions } from './remediation-functions';
import {
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_LEDGER_RETENTION_DAYS,
  DEFAULT_LEDGER_TABLE_NAME,
} from '../core/remediation-contract';
import { RemediationLedger } from './remediation-ledger';
import type { RemediationPlan } from '../domain/remediation-plan';
import { RemediationRouting, type CustomActionRoute } from './remediation-routing';
import { RemediationRunbooks } from './remediation-runbooks';

/** Properties of {@link SecurityTierRemediation}. */
export interface SecurityTierRemediationProps {
  /** What to deploy: `planRemediation({ remediation, tiers })`. */
  readonly plan: RemediationPlan;
  /** The security tier's custom actions; they must hold `Remediate` and `Rollback` (and the custom action runbooks the plan uses, e.g. `IsolateInstance`). */
  readonly customActions: CustomActions;
  /** The topic run outcomes are published to. */
  readonly notifications: FindingNotifications;
  /** The security account, its home Region and partition. */
  readonly accountId: string;
  readonly region: string;
  /** @default aws */
  readonly partition?: string;
  /** The ledger table's name. @default securityhub-remediation-ledger */
  readonly ledgerTableName?: string;
  /** Days run records are kept. @default 400 */
  readonly ledgerRetentionDays?: number;
  /** Name (optionally with a path) of the execution role in member accounts. @default SecurityHubRemediationExecution */
  readonly executionRoleName?: string;
  /** Folder of the function packages. @default the packages shipped with this library ({@link FUNCTION_BUNDLE_DIR}) */
  readonly bundleDir?: string;
  /** Folder of SSM documents to publish instead of the ones built from the catalogue. @default the documents built from the catalogue (the same as those shipped in `SSM_DOCUMENTS_DIR`) */
  readonly documentsDir?: string;
}

/**
 * Remediation in the security account's home Region, wired as docs/remediation/wiring.md
 * describes: the run ledger, the remediation functions, one SSM Automation document per runbook
 * in use, and the EventBridge rules for imported findings and for the Remediate, Rollback and
 * custom action runbooks. The member side is {@link WorkloadTierRemediation}.
 *
 * Pieces keep the ids they have as direct children of a stack (`remediation-ledger`,
 * `remediation-functions`, ...); with the id `Default` their Terraform addresses are the same.
 */
export class SecurityTierRemediation extends Construct {
  /** The run ledger. */
  public readonly ledger: RemediationLedger;
  /** The remediation functions, their roles and the dead-letter queue. */
  public readonly functions: RemediationFunctions;
  /** The SSM Automation documents and the role they run with. */
  public readonly runbooks: RemediationRunbooks;
  /** The EventBridge rules. */
  public readonly routing: RemediationRouting;

  constructor(scope: Construct, id: string, props: SecurityTierRemediationProps) {
    super(scope, id);
    const { plan } = props;
    const where = { accountId: props.accountId, region: props.region, partition: props.partition ?? 'aws' };
    const actionIds = [REMEDIATE_ACTION_ID, ROLLBACK_ACTION_ID, ...plan.customActionRunbooks.map((a) => a.actionId)];
    const missing = actionIds.filter((a) => !props.customActions.targets.has(a));
    if (missing.length > 0) {
      throw new ValidationError(
        this,
        `customActions has no ${missing.join(', ')}; add them (REMEDIATION_ACTIONS holds their default names) to the CustomActions passed in.`,
      );
    }

    this.ledger = new RemediationLedger(this, 'remediation-ledger', {
      tableName: props.ledgerTableName ?? DEFAULT_LEDGER_TABLE_NAME,
    });
    const organization = new DataAwsOrganizationsOrganization(this, 'organization');
    this.functions = new RemediationFunctions(this, 'remediation-functions', {
      ...where,
      functions: plan.functions,
      bundleDir: props.bundleDir ?? FUNCTION_BUNDLE_DIR,
      policy: plan.policyJson,
      ledger: this.ledger,
      ledgerRetentionDays: props.ledgerRetentionDays ?? DEFAULT_LEDGER_RETENTION_DAYS,
      topic: props.notifications,
      executionRoleName: props.executionRoleName ?? DEFAULT_EXECUTION_ROLE_NAME,
      organizationId: organization.id,
    });
    const fn = (name: string) => this.functions.functions.get(name)!;
    this.runbooks = new RemediationRunbooks(this, 'remediation-runbooks', {
      documentsDir: props.documentsDir,
      runbooks: plan.runbooks.map((r) => ({ runbook: r.runbook, functionArn: fn(r.function).arn })),
    });
    const actionArn = (actionId: string) => props.customActions.targets.get(actionId)!.arn;
    const customActions: CustomActionRoute[] = [
      ...[...plan.remediateActionControls.entries()].map(([name, controls]) => ({
        name: `${REMEDIATE_ACTION_ID.toLowerCase()}-${name}`,
        actionTargetArn: actionArn(REMEDIATE_ACTION_ID),
        function: fn(name),
        securityControlIds: controls,
      })),
      ...plan.customActionRunbooks.map((a) => ({
        name: a.actionId.toLowerCase(),
        actionTargetArn: actionArn(a.actionId),
        function: fn(a.function),
      })),
      {
        name: ROLLBACK_ACTION_ID.toLowerCase(),
        actionTargetArn: actionArn(ROLLBACK_ACTION_ID),
        function: fn('rollback'),
      },
    ];
    this.routing = new RemediationRouting(this, 'remediation-routing', {
      ...where,
      automatic: plan.automatic,
      customActions,
      documentNames: new Map(
        [...this.runbooks.documents.keys()].map((runbook) => [runbook, RemediationRunbooks.documentName(runbook)]),
      ),
      automationRoleArn: this.runbooks.automationRole.arn,
      deadLetterQueue: this.functions.deadLetterQueue,
    });
  }
}
