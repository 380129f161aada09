import { createHash } from 'node:crypto';
import { RunbookParameters, type Inspection, type Runbook, type RunbookContext } from '../runbooks/types';
import type { AccountDirectory } from './account-directory';
import { REMEDIATE_ACTION_ID } from '../../core/custom-action-ids';
import type { AwsClients } from './clients';
import { AssumeRoleError, NotRemediableError, RemediationFailedError, ResourceNotFoundError, RunbookNotHeldError } from './errors';
import type { RemediationRequest } from './events';
import type { MemberAccess } from './execution-role';
import { claimMismatch, heldStateRefusal, ownershipRefusal, productRefusal } from './claim-check';
import { partitionOf, securityControlIdOf, type ClaimedFinding, type FindingResource, type SecurityHubFinding } from './finding';
import type { FindingSource } from './finding-source';
import { markWithRuns, noteRefusal, type FindingUpdater } from './finding-updates';
import type { RemediationLedger, RunRecord } from './ledger';
import { errorFields, jsonLogger, type Logger } from './log';
import { REMEDIATION_AT_FIELD, REMEDIATION_OUTCOME_FIELD, type RemediationOutcome } from '../../core/remediation-marks';
import type { Notifier } from './notifier';
import {
  decide, findExemption, hasTagExemptionFor, modeOf, needsOrganizationalUnits, tierForAccount, type PolicyExemption, type RemediationMode,
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
  const parts = [identity.productArn, identity.findingId, identity.evaluatedAt ?? '', identity.requestId ?? '', identity.actionId ?? ''];
  const hash = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  return `rr-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${hash}`;
}

/** What a recorded run reports: its finding, control or action, outcome, changes and error. */
function resultOf(run: RunRecord, outcome: RemediationOutcome, escalate: boolean): RunResult {
  return { findingId: run.findingId, id: run.securityControlId ?? run.actionId, runId: run.runId, outcome, changes: run.changes, reason: run.error, escalate };
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
      throw new RemediationFailedError(escalated.map((r) => ({ findingId: r.findingId, runId: r.runId, reason: r.reason ?? 'failed' })));
    }
    return results;
  }

  /** A finding that failed a trust check: logged, not recorded, and sent on to the dead-letter queue. */
  async #refuse(claim: { readonly Id: string; readonly ProductArn: string }, reason: string, held?: SecurityHubFinding): Promise<RunResult> {
    this.#logger.error('finding refused; nothing was changed', { findingId: claim.Id, productArn: claim.ProductArn, accountId: held?.AwsAccountId, reason });
    if (held) {
      // The finding Security Hub holds is real: say on it why the request was refused.
      await noteRefusal(this.#deps.findings, this.#logger, { findingId: held.Id, productArn: held.ProductArn }, 'A remediation request', reason);
    }
    return { findingId: claim.Id, outcome: 'REFUSED', changes: [], reason: `${reason}; nothing was changed`, escalate: true };
  }

  /**
   * The trust boundary: checks the claim, re-reads the finding from Security Hub and checks the
   * two agree, and hands on only the finding Security Hub holds.
   */
  async #remediateClaim(policy: RemediationPolicy, request: RemediationRequest, claim: ClaimedFinding): Promise<RunResult> {
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
    const evaluatedAt = finding.UpdatedAt && !Number.isNaN(Date.parse(finding.UpdatedAt)) ? finding.UpdatedAt : undefined;
    if (request.trigger === 'imported') {
      return runIdFor({ productArn: finding.ProductArn, findingId: finding.Id, evaluatedAt }, evaluatedAt ? new Date(evaluatedAt) : now);
    }
    // An SSM step carries no request time; a retried step must name the same run, so its id takes
    // the time of the evaluation it acts on (the execution id is in the hash), never the clock.
    const at = request.requestedAt ?? evaluatedAt;
    return runIdFor(
      { productArn: finding.ProductArn, findingId: finding.Id, evaluatedAt, requestId: request.requestId, actionId: request.actionId },
      at ? new Date(at) : now,
    );
  }

  /** Acts on a finding as Security Hub holds it (re-read and checked by remediateClaim). */
  async #remediate(policy: RemediationPolicy, request: RemediationRequest, finding: SecurityHubFinding): Promise<RunResult> {
    const now = this.#clock();
    const runId = this.#runIdOf(request, finding, now);

    if (request.trigger === 'imported') {
      const reason = this.#echoOrHold(finding);
      if (reason) return this.#ignore(finding, securityControlIdOf(finding), reason);
    }

    // 1. Which runbook.
    const securityControlId = securityControlIdOf(finding);
    const actionId = request.actionId;
    const id = actionId && actionId !== REMEDIATE_ACTION_ID ? actionId : securityControlId;
    const base = { runId, finding, securityControlId, actionId, trigger: request.trigger, now };
    if (!id) {
      return this.#failEarly(base, 'the finding is not a control finding (no Compliance.SecurityControlId) and no custom action runbook was asked for');
    }
    if (actionId && actionId !== REMEDIATE_ACTION_ID && !policy.customActions.includes(actionId)) {
      return this.#failEarly(base, `custom action ${JSON.stringify(actionId)} has no runbook`);
    }
    const runbookName = policy.runbooks[id];
    if (!runbookName) return this.#failEarly(base, `control ${id} has no runbook that a tier of the organization runs (the remediation policy lists only those)`);
    if (request.runbook && request.runbook !== runbookName) {
      return this.#failEarly(base, `the SSM document for runbook ${request.runbook} received a finding of ${id}, whose runbook is ${runbookName}`, runbookName);
    }

    // 2. Mode, from the tier of the finding's account.
    const accountId = finding.AwsAccountId;
    let organizationalUnitPath: string[] = [];
    try {
      if (needsOrganizationalUnits(policy, accountId)) organizationalUnitPath = await this.#deps.accounts.organizationalUnitPath(accountId);
    } catch (error) {
      return this.#failEarly(base, `could not read the organizational units of account ${accountId}: ${(error as Error).message}`, runbookName);
    }
    const tier = tierForAccount(policy, accountId, organizationalUnitPath);
    const mode = modeOf(tier, id);
    const decision = decide(mode, request.trigger);
    if (decision.action === 'ignore') return this.#ignore(finding, id, `${decision.reason} (tier ${tier?.name ?? 'none'})`);

    // 3. The resource the runbook acts on.
    let runbook: Runbook;
    try {
      runbook = await this.#deps.runbooks(runbookName);
    } catch (error) {
      if (error instanceof RunbookNotHeldError && actionId === REMEDIATE_ACTION_ID) {
        return this.#ignore(finding, id, `runbook ${runbookName} runs in another remediation function, which receives the same Remediate event`);
      }
      return this.#failEarly(base, (error as Error).message, runbookName);
    }
    if (!finding.Resources || finding.Resources.length === 0) return this.#failEarly(base, 'the finding has no Resources', runbookName);
    const resource = finding.Resources.find((r) => runbook.resourceTypes.includes(r.Type));
    if (!resource) {
      return this.#failEarly(base, `the finding has no resource of type ${runbook.resourceTypes.join(' or ')} (it has ${finding.Resources.map((r) => r.Type).join(', ')})`, runbookName);
    }
    const region = resource.Region ?? finding.Region ?? this.#deps.homeRegion;
    // Every runbook acts on ctx.resource with the finding's account's role: it must be that account's, in that Region.
    const foreign = ownershipRefusal(resource, accountId, finding.Region ?? this.#deps.homeRegion);
    if (foreign) return this.#refuse(finding, foreign, finding);
    const partition = partitionOf(finding);
    const today = now.toISOString().slice(0, 10);
    const parameters = policy.parameters[runbookName] ?? {};
    const record: RunRecord = {
      runId, status: 'STARTED', mode, trigger: request.trigger, securityControlId, actionId, runbook: runbookName, accountId, region, partition,
      resourceType: resource.Type, resourceId: resource.Id, findingId: finding.Id, productArn: finding.ProductArn, changes: [], startedAt: now.toISOString(),
      remediationFunction: this.#deps.functionName,
    };
    const log = { runId, findingId: finding.Id, id, accountId, region, resourceId: resource.Id, mode };

    // 4. A retried request: the run is in the ledger already.
    const existing = await this.#deps.ledger.get(runId);
    if (existing && existing.status !== 'STARTED') return this.#replay(existing, log);

    // 5. Exemptions that need no look at the resource.
    const subject = { id, accountId, organizationalUnitPath, today };
    const early = findExemption(policy, { ...subject, tags: resource.Tags ?? {} });
    if (early) return this.#exempt(record, early, log);

    // 6. Into the finding's account.
    let clients: AwsClients;
    try {
      clients = await this.#deps.roles.clientsFor({ accountId, partition, region, runId });
    } catch (error) {
      return this.#fail(record, (error as Error).message, error instanceof AssumeRoleError, log, error);
    }
    const ctx: RunbookContext = { runId, accountId, partition, region, resource, finding, clients, parameters: new RunbookParameters(runbookName, parameters) };

    let inspection: Inspection<unknown>;
    try {
      inspection = await runbook.inspect(ctx);
    } catch (error) {
      const permanent = error instanceof ResourceNotFoundError || error instanceof NotRemediableError;
      return this.#fail(record, `${permanent ? '' : 'inspection failed: '}${(error as Error).message}`, !permanent, log, error);
    }

    // 7. Exemptions by the resource's live tags.
    if (hasTagExemptionFor(policy, subject)) {
      const byTag = findExemption(policy, { ...subject, tags: { ...resource.Tags, ...inspection.tags } });
      if (byTag) return this.#exempt(record, byTag, log);
    }

    const planned: RunRecord = {
      ...record,
      changes: existing?.changes ?? inspection.changes,
      before: existing ? existing.before : inspection.before,
      instructions: inspection.instructions,
      parameters,
    };

    if (decision.action === 'shadow') {
      return this.#finish(planned, 'SHADOW', log, `Shadow run ${runId}: ${planned.changes.length > 0 ? `would ${planned.changes.join('; ')}` : 'the resource is compliant'}. Nothing was changed.`);
    }
    if (!runbook.apply) {
      return this.#finish(planned, 'NOTIFIED', log, `Run ${runId}: this control cannot be fixed in place. ${inspection.instructions ?? ''}`);
    }
    if (inspection.changes.length === 0) {
      const note = existing
        ? `Run ${runId} (resumed): ${planned.changes.join('; ')}. The resource is compliant.`
        : `Run ${runId}: the resource is compliant already; nothing was changed.`;
      return this.#finish({ ...planned, after: inspection.before }, 'REMEDIATED', log, note);
    }

    // 8. Rate limit per account, then act.
    if (!existing && !(await this.#deps.ledger.takeRateToken(accountId, policy.rateLimitPerAccountPerHour, now))) {
      return this.#fail(planned, `rate limit reached: account ${accountId} had ${policy.rateLimitPerAccountPerHour} remediation runs this hour; redrive this event from the DLQ later, or raise remediation.rateLimitPerAccountPerHour`, true, log);
    }
    if (!existing) {
      const begun = await this.#deps.ledger.begin({ ...planned, applyStartedAt: now.toISOString() });
      if (!begun.created) {
        if (begun.record.status !== 'STARTED') return this.#replay(begun.record, log);
        // Another invocation began this run a moment ago: leave its record and marks to it, and let this event be retried.
        const reason = `run ${runId} is being carried out by another invocation`;
        this.#logger.warn('remediation already in progress', { ...log, reason });
        return { findingId: finding.Id, id, runId, outcome: 'FAILED', changes: [], reason, escalate: true };
      }
    }
    let before = planned.before;
    // The state the run leaves, read back after the change: rollback compares the resource with it.
    let after: unknown;
    try {
      const extra = await runbook.apply(ctx, inspection);
      if (extra && typeof extra === 'object') {
        before = { ...(before as object), ...extra };
        await this.#deps.ledger.update(runId, { before });
      }
      const verified = await runbook.inspect(ctx);
      after = verified.before;
      if (verified.changes.length > 0) throw new Error(`the resource is still not compliant after the change: ${verified.changes.join('; ')}`);
    } catch (error) {
      // One read after a failed change serves twice: the after-state a rollback compares with, and
      // whether the resource is compliant now (a concurrent run made the change). A failed check
      // of the change already read it, and found it not compliant.
      const state = after === undefined ? await runbook.inspect(ctx).catch(() => undefined) : undefined;
      after ??= state?.before;
      const concurrent = state?.changes.length === 0 ? await this.#madeBy(runId, finding) : undefined;
      if (concurrent) {
        // Another run (the Imported rule and the Remediate action at the same moment) made the change
        // first: the end state is right and its before-state is this run's, so this is no failure.
        return this.#finish({ ...planned, before, after, applyStartedAt: now.toISOString() }, 'REMEDIATED', { ...log, error: (error as Error).message },
          `Run ${runId}: the change was ${concurrent}; the resource is compliant.`, false, concurrent);
      }
      return this.#fail({ ...planned, before, after, applyStartedAt: now.toISOString() }, `the change failed: ${(error as Error).message}. Roll back run ${runId} to restore the recorded state`, true, log, error);
    }
    return this.#finish({ ...planned, before, after, applyStartedAt: now.toISOString() }, 'REMEDIATED', log, `Remediated by run ${runId}: ${planned.changes.join('; ')}. Roll back with the run id.`);
  }

  /**
   * After a failed change that left the resource compliant: who made it so. A run of the same
   * finding that began its change too (the ledger lists every run of a finding) is named;
   * otherwise the change was made by someone else at the same moment.
   * @returns why the change was found made, or undefined when the ledger cannot be read: a real failure
   */
  async #madeBy(runId: string, finding: SecurityHubFinding): Promise<string | undefined> {
    try {
      const others = (await this.#deps.ledger.runIdsOfFinding(finding.ProductArn, finding.Id)).filter((id) => id !== runId);
      for (const id of others.reverse()) {
        const other = await this.#deps.ledger.get(id);
        if (other?.applyStartedAt && (other.status === 'STARTED' || other.status === 'REMEDIATED')) return `already made by concurrent run ${id}`;
      }
      return 'already made by someone else while this run acted';
    } catch {
      return undefined;
    }
  }

  /** Records the run's outcome, marks the finding and notifies; each step is remembered so a retry repeats only what is missing. */
  async #finish(run: RunRecord, outcome: RemediationOutcome, log: Record<string, unknown>, note: string, escalate = false, reason?: string): Promise<RunResult> {
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
      await markWithRuns(this.#deps.findings, this.#deps.ledger, { findingId: run.findingId, productArn: run.productArn, runId: run.runId, outcome: run.status as RemediationOutcome, note, at });
      await this.#deps.ledger.update(run.runId, { markedAt: at.toISOString() });
    }
    if (!run.notifiedAt && run.status !== 'SKIPPED_EXEMPT') {
      await this.#deps.notifier.notify(run, note);
      await this.#deps.ledger.update(run.runId, { notifiedAt: this.#clock().toISOString() });
    }
  }

  async #replay(run: RunRecord, log: Record<string, unknown>): Promise<RunResult> {
    this.#logger.info('remediation already recorded for this request; repeating only undelivered steps', { ...log, outcome: run.status });
    await this.#deliver(run);
    return resultOf(run, run.status as RemediationOutcome, run.status === 'FAILED' && run.escalate === true);
  }

  #exempt(run: RunRecord, exemption: PolicyExemption, log: Record<string, unknown>): Promise<RunResult> {
    const note = `Run ${run.runId}: exempt from ${exemption.securityControlId === '*' ? 'remediation' : `${exemption.securityControlId} remediation`} until ${exemption.expires} (owner ${exemption.owner}: ${exemption.reason}). Nothing was changed.`;
    return this.#finish({ ...run, exemption: { owner: exemption.owner, reason: exemption.reason, expires: exemption.expires } }, 'SKIPPED_EXEMPT', log, note);
  }

  #fail(run: RunRecord, reason: string, escalate: boolean, log: Record<string, unknown>, cause?: unknown): Promise<RunResult> {
    const changed = run.applyStartedAt !== undefined;
    const note = `Run ${run.runId} failed: ${reason}.${changed ? '' : ' Nothing was changed.'}`;
    return this.#finish({ ...run, error: reason, escalate }, 'FAILED', { ...log, ...(cause ? errorFields(cause) : {}) }, note, escalate);
  }

  /** A finding that cannot get as far as a runbook still gets a ledger record, a note and a notification. */
  #failEarly(
    base: { runId: string; finding: SecurityHubFinding; securityControlId?: string; actionId?: string; trigger: RemediationRequest['trigger']; now: Date },
    reason: string,
    runbook = 'none',
  ): Promise<RunResult> {
    const resource: FindingResource | undefined = base.finding.Resources?.[0];
    const run: RunRecord = {
      runId: base.runId, status: 'STARTED', mode: 'off' as RemediationMode, trigger: base.trigger, securityControlId: base.securityControlId, actionId: base.actionId,
      runbook, accountId: base.finding.AwsAccountId, region: resource?.Region ?? base.finding.Region ?? this.#deps.homeRegion, partition: partitionOf(base.finding),
      resourceType: resource?.Type ?? 'unknown', resourceId: resource?.Id ?? 'unknown', findingId: base.finding.Id, productArn: base.finding.ProductArn,
      changes: [], startedAt: base.now.toISOString(),
    };
    return this.#fail(run, reason, true, { runId: base.runId, findingId: base.finding.Id, accountId: base.finding.AwsAccountId });
  }
}
