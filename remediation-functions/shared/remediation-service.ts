import { createHash } from 'node:crypto';
import { RunbookParameters, type Inspection, type Runbook, type RunbookContext } from '../runbooks/types';
import type { AccountDirectory } from './account-directory';
import { REMEDIATE_ACTION_ID } from '../../core/custom-action-ids';
import type { AwsClients } from './clients';
import {
  AssumeRoleError,
  NotRemediableError,
  RemediationFailedError,
  ResourceNotFoundError,
  RunbookNotHeldError,
} from './errors';
import type { RemediationRequest } from './events';
import type { MemberAccess } from './execution-role';
import { claimMismatch, heldStateRefusal, ownershipRefusal, productRefusal } from './claim-check';
import {
  partitionOf,
  securityControlIdOf,
  type ClaimedFinding,
  type FindingResource,
  type SecurityHubFinding,
} from './finding';
import type { FindingSource } from './finding-source';
import { markWithRuns, noteRefusal, type FindingUpdater } from './finding-updates';
import type { RemediationLedger, RunRecord } from './ledger';
import { errorFields, jsonLogger, type Logger } from './log';
import { REMEDIATION_AT_FIELD, REMEDIATION_OUTCOME_FIELD, type RemediationOutcome } from '../../core/remediation-marks';
import type { Notifier } from './notifier';
import {
  decide,
  findExemption,
  hasTagExemptionFor,
  modeOf,
  needsOrganizationalUnits,
  tierForAccount,
  type Decision,
  type ExemptionSubject,
  type PolicyExemption,
  type PolicyParameterValue,
  type RemediationMode,
  type RemediationPolicy,
} from '../../core/remediation-policy';
import type { PolicySource } from './policy-source';

/** What the remediation and rollback services are built from. */
export interface RemediationDependencies {
  readonly policy: PolicySource;
  readonly ledger: RemediationLedger;
  /** Writes marks and notes on findings. */
  readonly findings: FindingUpdater;
  /** Re-reads findings from Security Hub (home Region, security account): what the runtime acts on. */
  readonly findingSource: FindingSource;
  readonly notifier: Notifier;
  readonly roles: MemberAccess;
  readonly accounts: AccountDirectory;
  /** Region used when a finding names none (the function's own Region). */
  readonly homeRegion: string;
  /** @default JSON lines on stdout/stderr */
  readonly logger?: Logger;
  /** @default the system clock */
  readonly clock?: () => Date;
  /** Finds a runbook implementation by name (the function's own table, or every runbook for the CLI). */
  readonly runbooks: (name: string) => Promise<Runbook>;
  /** Name of the Lambda function running the services, recorded with each run so rollback reaches the function that has the runbook. */
  readonly functionName?: string;
}

/**
 * What happened to one finding. `IGNORED` findings were neither changed, marked nor recorded
 * (mode off, manual, own echo, no longer FAILED/ACTIVE/NEW/NOTIFIED in Security Hub).
 * `REFUSED` findings failed a trust check (not Security Hub's product, not held by Security Hub,
 * the event disagrees with it, a resource of another account): nothing was changed or recorded,
 * and the event goes to the dead-letter queue.
 */
export interface RunResult {
  readonly findingId: string;
  readonly id?: string;
  readonly runId?: string;
  readonly outcome: RemediationOutcome | 'IGNORED' | 'REFUSED';
  readonly changes: readonly string[];
  readonly reason?: string;
  /** True when the failure needs a person: the event goes to the on-failure destination / DLQ. */
  readonly escalate?: boolean;
}

/** What names a run: the finding, the evaluation acted on, and for runs a person asked for, the request. */
export interface RunIdentity {
  readonly productArn: string;
  readonly findingId: string;
  /** The finding's UpdatedAt as Security Hub holds it: a new evaluation is a new change. */
  readonly evaluatedAt?: string;
  /** The custom action or operator request (event id, execution id); absent for imported findings. */
  readonly requestId?: string;
  readonly actionId?: string;
}

/**
 * A run id: `rr-<time>-<16 hex>`, the hash taken over the run's identity. Runs of imported
 * findings are named by the finding and its evaluation, so a redelivered event and a retried
 * SSM execution (a new execution id) find the run in the ledger instead of starting another;
 * runs a person asked for are named by their request as well, so asking again is a new run.
 * @param at the evaluation time (imported) or request time; only the time part of the id
 */
export function runIdFor(identity: RunIdentity, at: Date): string {
  const parts = [
    identity.productArn,
    identity.findingId,
    identity.evaluatedAt ?? '',
    identity.requestId ?? '',
    identity.actionId ?? '',
  ];
  const hash = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  return `rr-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}-${hash}`;
}

/** What a recorded run reports: its finding, control or action, outcome, changes and error. */
function resultOf(run: RunRecord, outcome: RemediationOutcome, escalate: boolean): RunResult {
  return {
    findingId: run.findingId,
    id: run.securityControlId ?? run.actionId,
    runId: run.runId,
    outcome,
    changes: run.changes,
    reason: run.error,
    escalate,
  };
}

/** What every record of a run carries from the start, before its runbook is known. */
interface RunBase {
  readonly runId: string;
  readonly finding: SecurityHubFinding;
  readonly securityControlId?: string;
  readonly actionId?: string;
  readonly trigger: RemediationRequest['trigger'];
  readonly now: Date;
}

/** A step that ended the run: its result. The other steps' values never have an `ended` field. */
interface Ended {
  readonly ended: RunResult;
}

const ended = (result: RunResult): Ended => ({ ended: result });
const isEnded = <T extends object>(step: Ended | T): step is Ended => 'ended' in step;

/** Step 1's answer: the control or custom action id, and the runbook the policy names for it. */
interface ChosenRunbook {
  readonly id: string;
  readonly runbookName: string;
}

/** Step 2's answer: where the account sits, its tier's mode and what the mode does with this trigger. */
interface Placement {
  readonly organizationalUnitPath: string[];
  readonly mode: RemediationMode;
  readonly decision: Decision;
}

/** Step 3's answer: the runbook's code and the finding's resource it acts on. */
interface Target {
  readonly runbook: Runbook;
  readonly resource: FindingResource;
  readonly region: string;
  readonly partition: string;
}

/** Step 4's answer: what the remaining steps share. */
interface OpenRun {
  readonly base: RunBase;
  readonly id: string;
  /** The ledger record as the run starts (no changes, no before-state yet). */
  readonly record: RunRecord;
  /** Fields of every log line of the run. */
  readonly log: Record<string, unknown>;
  /** What exemptions are matched on, but the tags. */
  readonly subject: Omit<ExemptionSubject, 'tags'>;
  readonly parameters: Readonly<Record<string, PolicyParameterValue>>;
}

/** Step 5's answer: the runbook's context in the member account and the resource's before-state. */
interface Inspected {
  readonly ctx: RunbookContext;
  readonly inspection: Inspection<unknown>;
}

/**
 * The shared remediation runtime: for each finding of a request it picks the runbook, applies
 * the mode and the exemptions, rate-limits per account, assumes the execution role in the
 * finding's account, records the before-state, acts, verifies, marks the finding and notifies.
 * Findings are handled one by one; when any of them failed in a way a person must look at,
 * {@link handle} throws after all were handled, so the event reaches the DLQ.
 */
export class RemediationService {
  readonly #deps: RemediationDependencies;
  readonly #logger: Logger;
  readonly #clock: () => Date;

  constructor(deps: RemediationDependencies) {
    this.#deps = deps;
    this.#logger = deps.logger ?? jsonLogger;
    this.#clock = deps.clock ?? (() => new Date());
  }

  /**
   * Handles every finding of the request.
   * @throws RemediationFailedError after all findings were handled, when one or more need a person
   */
  public async handle(request: RemediationRequest): Promise<RunResult[]> {
    const policy = await this.#deps.policy.load();
    const results: RunResult[] = [];
    for (const claim of request.findings) {
      results.push(await this.#remediateClaim(policy, request, claim));
    }
    const escalated = results.filter((r) => r.escalate);
    if (escalated.length > 0) {
      throw new RemediationFailedError(
        escalated.map((r) => ({ findingId: r.findingId, runId: r.runId, reason: r.reason ?? 'failed' })),
      );
    }
    return results;
  }

  /** A finding that failed a trust check: logged, not recorded, and sent on to the dead-letter queue. */
  async #refuse(
    claim: { readonly Id: string; readonly ProductArn: string },
    reason: string,
    held?: SecurityHubFinding,
  ): Promise<RunResult> {
    this.#logger.error('finding refused; nothing was changed', {
      findingId: claim.Id,
      productArn: claim.ProductArn,
      accountId: held?.AwsAccountId,
      reason,
    });
    if (held) {
      // The finding Security Hub holds is real: say on it why the request was refused.
      await noteRefusal(
        this.#deps.findings,
        this.#logger,
        { findingId: held.Id, productArn: held.ProductArn },
        'A remediation request',
        reason,
      );
    }
    return {
      findingId: claim.Id,
      outcome: 'REFUSED',
      changes: [],
      reason: `${reason}; nothing was changed`,
      escalate: true,
    };
  }

  /**
   * The trust boundary: checks the claim, re-reads the finding from Security Hub and checks the
   * two agree, and hands on only the finding Security Hub holds.
   */
  async #remediateClaim(
    policy: RemediationPolicy,
    request: RemediationRequest,
    claim: ClaimedFinding,
  ): Promise<RunResult> {
    const customAction = request.actionId !== undefined && request.actionId !== REMEDIATE_ACTION_ID;
    const product = productRefusal(claim, customAction);
    if (product) return this.#refuse(claim, product);
    let held: SecurityHubFinding | undefined;
    try {
      held = await this.#deps.findingSource.get(claim);
    } catch (error) {
      return this.#refuse(claim, `could not re-read the finding from Security Hub: ${(error as Error).message}`);
    }
    if (!held) return this.#refuse(claim, `Security Hub holds no finding ${claim.Id} under ${claim.ProductArn}`);
    const mismatch = claimMismatch(claim, held);
    if (mismatch) return this.#refuse(claim, mismatch, held);
    const state = heldStateRefusal(held, request.trigger, customAction);
    if (state) return this.#ignore(held, securityControlIdOf(held), state);
    return this.#remediate(policy, request, held);
  }

  #ignore(finding: SecurityHubFinding, id: string | undefined, reason: string): RunResult {
    this.#logger.info('finding ignored', { findingId: finding.Id, id, accountId: finding.AwsAccountId, reason });
    return { findingId: finding.Id, id, outcome: 'IGNORED', changes: [], reason };
  }

  /** Security Hub sends an Imported event for our own BatchUpdateFindings; that update leaves UpdatedAt alone. */
  #echoOrHold(finding: SecurityHubFinding): string | undefined {
    const marks = finding.UserDefinedFields ?? {};
    const markedAt = Date.parse(marks[REMEDIATION_AT_FIELD] ?? '');
    const updatedAt = Date.parse(finding.UpdatedAt ?? '');
    if (!Number.isNaN(markedAt) && (Number.isNaN(updatedAt) || markedAt >= updatedAt)) {
      return 'the finding has not been evaluated again since the last remediation mark (this event is the echo of that mark)';
    }
    if (marks[REMEDIATION_OUTCOME_FIELD] === 'ROLLED_BACK') {
      return 'the last remediation of this finding was rolled back; automatic runs wait until a person picks the Remediate custom action or adds an exemption';
    }
    return undefined;
  }

  /** The run id of a request for a finding Security Hub holds (see runIdFor). */
  #runIdOf(request: RemediationRequest, finding: SecurityHubFinding, now: Date): string {
    const evaluatedAt =
      finding.UpdatedAt && !Number.isNaN(Date.parse(finding.UpdatedAt)) ? finding.UpdatedAt : undefined;
    if (request.trigger === 'imported') {
      return runIdFor(
        { productArn: finding.ProductArn, findingId: finding.Id, evaluatedAt },
        evaluatedAt ? new Date(evaluatedAt) : now,
      );
    }
    // An SSM step carries no request time; a retried step must name the same run, so its id takes
    // the time of the evaluation it acts on (the execution id is in the hash), never the clock.
    const at = request.requestedAt ?? evaluatedAt;
    return runIdFor(
      {
        productArn: finding.ProductArn,
        findingId: finding.Id,
        evaluatedAt,
        requestId: request.requestId,
        actionId: request.actionId,
      },
      at ? new Date(at) : now,
    );
  }

  /**
   * Acts on a finding as Security Hub holds it (re-read and checked by remediateClaim). Each step
   * either ends the run with its result or hands the next step what it found. The order is the
   * contract: the member account is entered only after the ledger was asked about the run and the
   * exemptions that need no look at the resource were checked, and the resource is changed only
   * after the run was begun in the ledger with its before-state.
   */
  async #remediate(
    policy: RemediationPolicy,
    request: RemediationRequest,
    finding: SecurityHubFinding,
  ): Promise<RunResult> {
    const now = this.#clock();
    const runId = this.#runIdOf(request, finding, now);
    if (request.trigger === 'imported') {
      const reason = this.#echoOrHold(finding);
      if (reason) return this.#ignore(finding, securityControlIdOf(finding), reason);
    }
    const base: RunBase = {
      runId,
      finding,
      securityControlId: securityControlIdOf(finding),
      actionId: request.actionId,
      trigger: request.trigger,
      now,
    };

    const chosen = await this.#chooseRunbook(policy, request, base);
    if (isEnded(chosen)) return chosen.ended;
    const placed = await this.#decideMode(policy, base, chosen);
    if (isEnded(placed)) return placed.ended;
    const target = await this.#findTarget(base, chosen);
    if (isEnded(target)) return target.ended;
    const run = this.#openRun(policy, base, chosen, placed, target);

    // A retried request: the run is in the ledger already, and only its undelivered steps are repeated.
    const existing = await this.#deps.ledger.get(runId);
    if (existing && existing.status !== 'STARTED') return this.#replay(existing, run.log);
    // Exemptions that need no look at the resource spare the member account a role assumption.
    const early = findExemption(policy, { ...run.subject, tags: target.resource.Tags ?? {} });
    if (early) return this.#exempt(run.record, early, run.log);

    const inspected = await this.#inspect(run, target);
    if (isEnded(inspected)) return inspected.ended;
    const byTag = this.#exemptionByLiveTags(policy, run, target, inspected.inspection);
    if (byTag) return this.#exempt(run.record, byTag, run.log);

    const planned: RunRecord = {
      ...run.record,
      // A resumed run keeps the changes and before-state it recorded before its first attempt acted.
      changes: existing?.changes ?? inspected.inspection.changes,
      before: existing ? existing.before : inspected.inspection.before,
      instructions: inspected.inspection.instructions,
      parameters: run.parameters,
    };
    const unchanged = this.#finishWithoutChange(
      planned,
      placed.decision,
      target.runbook,
      inspected.inspection,
      existing,
      run.log,
    );
    if (unchanged) return unchanged;

    const refused = await this.#beginChange(policy, run, planned, existing);
    if (refused) return refused;
    return this.#applyAndVerify(run, planned, target.runbook, inspected);
  }

  /**
   * Step 1, which runbook: the custom action's, or the control's as the policy names it. Only the
   * runbooks a tier runs are in the policy, and an SSM document's step must carry its own
   * runbook's findings: a finding sent to the wrong document fails instead of running there.
   */
  async #chooseRunbook(
    policy: RemediationPolicy,
    request: RemediationRequest,
    base: RunBase,
  ): Promise<Ended | ChosenRunbook> {
    const { actionId, securityControlId } = base;
    const id = actionId && actionId !== REMEDIATE_ACTION_ID ? actionId : securityControlId;
    if (!id) {
      return ended(
        await this.#failEarly(
          base,
          'the finding is not a control finding (no Compliance.SecurityControlId) and no custom action runbook was asked for',
        ),
      );
    }
    if (actionId && actionId !== REMEDIATE_ACTION_ID && !policy.customActions.includes(actionId)) {
      return ended(await this.#failEarly(base, `custom action ${JSON.stringify(actionId)} has no runbook`));
    }
    const runbookName = policy.runbooks[id];
    if (!runbookName)
      return ended(
        await this.#failEarly(
          base,
          `control ${id} has no runbook that a tier of the organization runs (the remediation policy lists only those)`,
        ),
      );
    if (request.runbook && request.runbook !== runbookName) {
      return ended(
        await this.#failEarly(
          base,
          `the SSM document for runbook ${request.runbook} received a finding of ${id}, whose runbook is ${runbookName}`,
          runbookName,
        ),
      );
    }
    return { id, runbookName };
  }

  /**
   * Step 2, the mode, from the tier of the finding's account. The account's OU path is read only
   * when a tier is defined by OUs, so an organization of listed accounts needs no Organizations call.
   */
  async #decideMode(policy: RemediationPolicy, base: RunBase, chosen: ChosenRunbook): Promise<Ended | Placement> {
    const accountId = base.finding.AwsAccountId;
    let organizationalUnitPath: string[] = [];
    try {
      if (needsOrganizationalUnits(policy, accountId))
        organizationalUnitPath = await this.#deps.accounts.organizationalUnitPath(accountId);
    } catch (error) {
      return ended(
        await this.#failEarly(
          base,
          `could not read the organizational units of account ${accountId}: ${(error as Error).message}`,
          chosen.runbookName,
        ),
      );
    }
    const tier = tierForAccount(policy, accountId, organizationalUnitPath);
    const mode = modeOf(tier, chosen.id);
    const decision = decide(mode, base.trigger);
    if (decision.action === 'ignore')
      return ended(this.#ignore(base.finding, chosen.id, `${decision.reason} (tier ${tier?.name ?? 'none'})`));
    return { organizationalUnitPath, mode, decision };
  }

  /**
   * Step 3, the runbook's code and the resource it acts on. A Remediate event reaches every
   * remediation function, so a runbook another function holds is that function's to run. Every
   * runbook acts on the resource with the finding account's role: a resource of another account
   * or Region is refused, not acted on.
   */
  async #findTarget(base: RunBase, chosen: ChosenRunbook): Promise<Ended | Target> {
    const { finding } = base;
    const { id, runbookName } = chosen;
    let runbook: Runbook;
    try {
      runbook = await this.#deps.runbooks(runbookName);
    } catch (error) {
      if (error instanceof RunbookNotHeldError && base.actionId === REMEDIATE_ACTION_ID) {
        return ended(
          this.#ignore(
            finding,
            id,
            `runbook ${runbookName} runs in another remediation function, which receives the same Remediate event`,
          ),
        );
      }
      return ended(await this.#failEarly(base, (error as Error).message, runbookName));
    }
    if (!finding.Resources || finding.Resources.length === 0)
      return ended(await this.#failEarly(base, 'the finding has no Resources', runbookName));
    const resource = finding.Resources.find((r) => runbook.resourceTypes.includes(r.Type));
    if (!resource) {
      return ended(
        await this.#failEarly(
          base,
          `the finding has no resource of type ${runbook.resourceTypes.join(' or ')} (it has ${finding.Resources.map((r) => r.Type).join(', ')})`,
          runbookName,
        ),
      );
    }
    const region = resource.Region ?? finding.Region ?? this.#deps.homeRegion;
    const foreign = ownershipRefusal(resource, finding.AwsAccountId, finding.Region ?? this.#deps.homeRegion);
    if (foreign) return ended(await this.#refuse(finding, foreign, finding));
    return { runbook, resource, region, partition: partitionOf(finding) };
  }

  /** Step 4, the run's ledger record as it starts, and the fields every log line of it carries. */
  #openRun(
    policy: RemediationPolicy,
    base: RunBase,
    chosen: ChosenRunbook,
    placed: Placement,
    target: Target,
  ): OpenRun {
    const { runId, finding, now } = base;
    const { id, runbookName } = chosen;
    const { resource, region, partition } = target;
    const accountId = finding.AwsAccountId;
    const record: RunRecord = {
      runId,
      status: 'STARTED',
      mode: placed.mode,
      trigger: base.trigger,
      securityControlId: base.securityControlId,
      actionId: base.actionId,
      runbook: runbookName,
      accountId,
      region,
      partition,
      resourceType: resource.Type,
      resourceId: resource.Id,
      findingId: finding.Id,
      productArn: finding.ProductArn,
      changes: [],
      startedAt: now.toISOString(),
      remediationFunction: this.#deps.functionName,
    };
    return {
      base,
      id,
      record,
      log: { runId, findingId: finding.Id, id, accountId, region, resourceId: resource.Id, mode: placed.mode },
      subject: {
        id,
        accountId,
        organizationalUnitPath: placed.organizationalUnitPath,
        today: now.toISOString().slice(0, 10),
      },
      parameters: policy.parameters[chosen.runbookName] ?? {},
    };
  }

  /**
   * Step 5, into the finding's account and the before-state: the runbook reads the resource with
   * the execution role. A resource that is gone or cannot be remediated is a permanent failure; a
   * role or read that failed may pass on a retry, so it escalates.
   */
  async #inspect(run: OpenRun, target: Target): Promise<Ended | Inspected> {
    const { runId, accountId } = run.record;
    const { partition, region, resource, runbook } = target;
    let clients: AwsClients;
    try {
      clients = await this.#deps.roles.clientsFor({ accountId, partition, region, runId });
    } catch (error) {
      return ended(
        await this.#fail(run.record, (error as Error).message, error instanceof AssumeRoleError, run.log, error),
      );
    }
    const ctx: RunbookContext = {
      runId,
      accountId,
      partition,
      region,
      resource,
      finding: run.base.finding,
      clients,
      parameters: new RunbookParameters(run.record.runbook, run.parameters),
    };
    try {
      return { ctx, inspection: await runbook.inspect(ctx) };
    } catch (error) {
      const permanent = error instanceof ResourceNotFoundError || error instanceof NotRemediableError;
      return ended(
        await this.#fail(
          run.record,
          `${permanent ? '' : 'inspection failed: '}${(error as Error).message}`,
          !permanent,
          run.log,
          error,
        ),
      );
    }
  }

  /** Step 6, exemptions by the resource's live tags, which only the inspection reads (the finding's tags may be stale). */
  #exemptionByLiveTags(
    policy: RemediationPolicy,
    run: OpenRun,
    target: Target,
    inspection: Inspection<unknown>,
  ): PolicyExemption | undefined {
    if (!hasTagExemptionFor(policy, run.subject)) return undefined;
    return findExemption(policy, { ...run.subject, tags: { ...target.resource.Tags, ...inspection.tags } });
  }

  /**
   * Step 7, the runs that change nothing: a shadow run says what it would change, a control that
   * cannot be fixed in place says what a person must do, and a compliant resource is remediated
   * already (a resumed run whose first attempt made the change ends here too).
   * @returns undefined when the run goes on to change the resource
   */
  #finishWithoutChange(
    planned: RunRecord,
    decision: Decision,
    runbook: Runbook,
    inspection: Inspection<unknown>,
    existing: RunRecord | undefined,
    log: Record<string, unknown>,
  ): Promise<RunResult> | undefined {
    const { runId } = planned;
    if (decision.action === 'shadow') {
      return this.#finish(
        planned,
        'SHADOW',
        log,
        `Shadow run ${runId}: ${planned.changes.length > 0 ? `would ${planned.changes.join('; ')}` : 'the resource is compliant'}. Nothing was changed.`,
      );
    }
    if (!runbook.apply) {
      return this.#finish(
        planned,
        'NOTIFIED',
        log,
        `Run ${runId}: this control cannot be fixed in place. ${inspection.instructions ?? ''}`,
      );
    }
    if (inspection.changes.length === 0) {
      const note = existing
        ? `Run ${runId} (resumed): ${planned.changes.join('; ')}. The resource is compliant.`
        : `Run ${runId}: the resource is compliant already; nothing was changed.`;
      return this.#finish({ ...planned, after: inspection.before }, 'REMEDIATED', log, note);
    }
    return undefined;
  }

  /**
   * Step 8, the rate limit per account, then the run begun in the ledger with its before-state,
   * so a rollback can restore it whatever happens next. A resumed run took its token and began
   * already. The ledger's conditional write decides between two invocations of one run.
   * @returns undefined when the run may change the resource
   */
  async #beginChange(
    policy: RemediationPolicy,
    run: OpenRun,
    planned: RunRecord,
    existing: RunRecord | undefined,
  ): Promise<RunResult | undefined> {
    if (existing) return undefined;
    const { runId, accountId } = planned;
    const { now } = run.base;
    if (!(await this.#deps.ledger.takeRateToken(accountId, policy.rateLimitPerAccountPerHour, now))) {
      return this.#fail(
        planned,
        `rate limit reached: account ${accountId} had ${policy.rateLimitPerAccountPerHour} remediation runs this hour; redrive this event from the DLQ later, or raise remediation.rateLimitPerAccountPerHour`,
        true,
        run.log,
      );
    }
    const begun = await this.#deps.ledger.begin({ ...planned, applyStartedAt: now.toISOString() });
    if (begun.created) return undefined;
    if (begun.record.status !== 'STARTED') return this.#replay(begun.record, run.log);
    // Another invocation began this run a moment ago: leave its record and marks to it, and let this event be retried.
    const reason = `run ${runId} is being carried out by another invocation`;
    this.#logger.warn('remediation already in progress', { ...run.log, reason });
    return { findingId: planned.findingId, id: run.id, runId, outcome: 'FAILED', changes: [], reason, escalate: true };
  }

  /**
   * Step 9, the change and its check: the runbook acts, then the resource is read again, which
   * both verifies the change and records the after-state a rollback compares the resource with.
   */
  async #applyAndVerify(run: OpenRun, planned: RunRecord, runbook: Runbook, inspected: Inspected): Promise<RunResult> {
    const { runId } = planned;
    const { log } = run;
    const { ctx, inspection } = inspected;
    const applyStartedAt = run.base.now.toISOString();
    let before = planned.before;
    // The state the run leaves, read back after the change: rollback compares the resource with it.
    let after: unknown;
    try {
      const extra = await runbook.apply!(ctx, inspection);
      if (extra && typeof extra === 'object') {
        before = { ...(before as object), ...extra };
        await this.#deps.ledger.update(runId, { before });
      }
      const verified = await runbook.inspect(ctx);
      after = verified.before;
      if (verified.changes.length > 0)
        throw new Error(`the resource is still not compliant after the change: ${verified.changes.join('; ')}`);
    } catch (error) {
      // One read after a failed change serves twice: the after-state a rollback compares with, and
      // whether the resource is compliant now (a concurrent run made the change). A failed check
      // of the change already read it, and found it not compliant.
      const state = after === undefined ? await runbook.inspect(ctx).catch(() => undefined) : undefined;
      after ??= state?.before;
      const concurrent = state?.changes.length === 0 ? await this.#madeBy(runId, run.base.finding) : undefined;
      if (concurrent) {
        // Another run (the Imported rule and the Remediate action at the same moment) made the change
        // first: the end state is right and its before-state is this run's, so this is no failure.
        return this.#finish(
          { ...planned, before, after, applyStartedAt },
          'REMEDIATED',
          { ...log, error: (error as Error).message },
          `Run ${runId}: the change was ${concurrent}; the resource is compliant.`,
          false,
          concurrent,
        );
      }
      return this.#fail(
        { ...planned, before, after, applyStartedAt },
        `the change failed: ${(error as Error).message}. Roll back run ${runId} to restore the recorded state`,
        true,
        log,
        error,
      );
    }
    return this.#finish(
      { ...planned, before, after, applyStartedAt },
      'REMEDIATED',
      log,
      `Remediated by run ${runId}: ${planned.changes.join('; ')}. Roll back with the run id.`,
    );
  }

  /**
   * After a failed change that left the resource compliant: who made it so. A run of the same
   * finding that began its change too (the ledger lists every run of a finding) is named;
   * otherwise the change was made by someone else at the same moment.
   * @returns why the change was found made, or undefined when the ledger cannot be read: a real failure
   */
  async #madeBy(runId: string, finding: SecurityHubFinding): Promise<string | undefined> {
    try {
      const others = (await this.#deps.ledger.runIdsOfFinding(finding.ProductArn, finding.Id)).filter(
        (id) => id !== runId,
      );
      for (const id of others.reverse()) {
        const other = await this.#deps.ledger.get(id);
        if (other?.applyStartedAt && (other.status === 'STARTED' || other.status === 'REMEDIATED'))
          return `already made by concurrent run ${id}`;
      }
      return 'already made by someone else while this run acted';
    } catch {
      return undefined;
    }
  }

  /** Records the run's outcome, marks the finding and notifies; each step is remembered so a retry repeats only what is missing. */
  async #finish(
    run: RunRecord,
    outcome: RemediationOutcome,
    log: Record<string, unknown>,
    note: string,
    escalate = false,
    reason?: string,
  ): Promise<RunResult> {
    const finishedAt = this.#clock().toISOString();
    const done: RunRecord = { ...run, status: outcome, finishedAt, note };
    const begun = await this.#deps.ledger.begin(done);
    const recorded = begun.created ? done : await this.#deps.ledger.update(run.runId, done);
    const logFields = { ...log, outcome, changes: run.changes, ...(run.error ? { error: run.error } : {}) };
    if (outcome === 'FAILED') this.#logger.error('remediation failed', logFields);
    else this.#logger.info(`remediation ${outcome.toLowerCase()}`, logFields);
    await this.#deliver(recorded);
    const result = resultOf(run, outcome, escalate);
    return reason ? { ...result, reason } : result;
  }

  async #deliver(run: RunRecord): Promise<void> {
    const note = run.note ?? '';
    if (!run.markedAt) {
      const at = this.#clock();
      await markWithRuns(this.#deps.findings, this.#deps.ledger, {
        findingId: run.findingId,
        productArn: run.productArn,
        runId: run.runId,
        outcome: run.status as RemediationOutcome,
        note,
        at,
      });
      await this.#deps.ledger.update(run.runId, { markedAt: at.toISOString() });
    }
    if (!run.notifiedAt && run.status !== 'SKIPPED_EXEMPT') {
      await this.#deps.notifier.notify(run, note);
      await this.#deps.ledger.update(run.runId, { notifiedAt: this.#clock().toISOString() });
    }
  }

  async #replay(run: RunRecord, log: Record<string, unknown>): Promise<RunResult> {
    this.#logger.info('remediation already recorded for this request; repeating only undelivered steps', {
      ...log,
      outcome: run.status,
    });
    await this.#deliver(run);
    return resultOf(run, run.status as RemediationOutcome, run.status === 'FAILED' && run.escalate === true);
  }

  #exempt(run: RunRecord, exemption: PolicyExemption, log: Record<string, unknown>): Promise<RunResult> {
    const note = `Run ${run.runId}: exempt from ${exemption.securityControlId === '*' ? 'remediation' : `${exemption.securityControlId} remediation`} until ${exemption.expires} (owner ${exemption.owner}: ${exemption.reason}). Nothing was changed.`;
    return this.#finish(
      { ...run, exemption: { owner: exemption.owner, reason: exemption.reason, expires: exemption.expires } },
      'SKIPPED_EXEMPT',
      log,
      note,
    );
  }

  #fail(
    run: RunRecord,
    reason: string,
    escalate: boolean,
    log: Record<string, unknown>,
    cause?: unknown,
  ): Promise<RunResult> {
    const changed = run.applyStartedAt !== undefined;
    const note = `Run ${run.runId} failed: ${reason}.${changed ? '' : ' Nothing was changed.'}`;
    return this.#finish(
      { ...run, error: reason, escalate },
      'FAILED',
      { ...log, ...(cause ? errorFields(cause) : {}) },
      note,
      escalate,
    );
  }

  /** A finding that cannot get as far as a runbook still gets a ledger record, a note and a notification. */
  #failEarly(base: RunBase, reason: string, runbook = 'none'): Promise<RunResult> {
    const resource: FindingResource | undefined = base.finding.Resources?.[0];
    const run: RunRecord = {
      runId: base.runId,
      status: 'STARTED',
      mode: 'off' as RemediationMode,
      trigger: base.trigger,
      securityControlId: base.securityControlId,
      actionId: base.actionId,
      runbook,
      accountId: base.finding.AwsAccountId,
      region: resource?.Region ?? base.finding.Region ?? this.#deps.homeRegion,
      partition: partitionOf(base.finding),
      resourceType: resource?.Type ?? 'unknown',
      resourceId: resource?.Id ?? 'unknown',
      findingId: base.finding.Id,
      productArn: base.finding.ProductArn,
      changes: [],
      startedAt: base.now.toISOString(),
    };
    return this.#fail(run, reason, true, {
      runId: base.runId,
      findingId: base.finding.Id,
      accountId: base.finding.AwsAccountId,
    });
  }
}
