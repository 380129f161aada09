import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { loadRunbook } from '../../remediation-functions/runbooks';
import type { ClientFactory } from '../../remediation-functions/shared/clients';
import { AssumeRoleError, isAwsError, RunbookNotHeldError } from '../../remediation-functions/shared/errors';
import { ExecutionRoles } from '../../remediation-functions/shared/execution-role';
import { SecurityHubFindingUpdater } from '../../remediation-functions/shared/finding-updates';
import { RemediationLedger, type RunRecord } from '../../remediation-functions/shared/ledger';
import type { Logger } from '../../remediation-functions/shared/log';
import { SnsNotifier, type Notifier } from '../../remediation-functions/shared/notifier';
import type { RollbackRefused } from '../../remediation-functions/shared/rollback-result';
import { RollbackService } from '../../remediation-functions/shared/rollback-service';
import { isMissingRegion, missingRegionError } from '../aws/securityhub-client';
import { CliError } from '../errors';
import { describeCallError } from './clients';
import { runOutcomeOf, summarize, type RunOutcome } from './outcome';

/** Where the remediation runtime keeps its state in the security account. */
export interface LocalSettings {
  /** The security account's home Region (ledger, topic, finding updates). */
  readonly region: string;
  readonly ledgerTable: string;
  readonly executionRoleName: string;
  /** Notify this topic of each rollback, as the functions do; no notification when absent. */
  readonly topicArn?: string;
}

/** The command prints its own lines; the services' JSON log lines would only repeat them. */
const QUIET: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Used when no --topic-arn is given. */
const NO_NOTIFICATION: Notifier = { notify: async () => undefined };

/**
 * Rollbacks in this process, with the caller's credentials: the same RollbackService the
 * remediation functions run, over the same ledger, finding updater, notifier and execution roles.
 */
export class LocalRollback {
  private readonly ledger: RemediationLedger;

  constructor(
    private readonly factory: ClientFactory,
    private readonly settings: LocalSettings,
  ) {
    this.ledger = new RemediationLedger(
      factory.create('dynamodb', DynamoDBClient, { region: settings.region }),
      settings.ledgerTable,
    );
  }

  /**
   * Reads every run first, so a ledger that cannot be read stops the command before anything changes.
   * @throws CliError when the ledger table cannot be read
   */
  public async read(runIds: readonly string[]): Promise<Map<string, RunRecord | undefined>> {
    const runs = new Map<string, RunRecord | undefined>();
    for (const runId of runIds) {
      try {
        runs.set(runId, await this.ledger.get(runId));
      } catch (e) {
        if (isMissingRegion(e)) throw missingRegionError();
        const where = `ledger table ${JSON.stringify(this.settings.ledgerTable)} in ${this.settings.region}`;
        if (isAwsError(e, 'ResourceNotFoundException')) {
          throw new CliError(
            `there is no ${where}; pass --ledger-table with remediation.ledger.tableName and --region with the security account's home Region. Nothing was rolled back.`,
          );
        }
        throw new CliError(
          `could not read run ${runId} from the ${where}: ${describeCallError(e)}. Nothing was rolled back.`,
        );
      }
    }
    return runs;
  }

  /** What a rollback of each run would do, changing nothing: the checks RollbackService makes, from the ledger alone. */
  public async plan(runs: ReadonlyMap<string, RunRecord | undefined>): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    for (const [runId, run] of runs) {
      if (!run) {
        outcomes.push(this.unknown(runId));
        continue;
      }
      const refusal = await refusalOf(this.service(), run);
      const summary = summarize(run, true);
      outcomes.push(
        refusal
          ? { ...runOutcomeOf(runId, refusal), run: summary }
          : { runId, outcome: 'WOULD_ROLL_BACK', run: summary, undone: run.changes },
      );
    }
    return outcomes;
  }

  /**
   * Rolls back each run, one after the other; a refusal or failure does not stop the others.
   * @param onOutcome called as each run ends, so lines appear as the work goes
   */
  public async rollback(
    runs: ReadonlyMap<string, RunRecord | undefined>,
    requestedBy: string,
    options: { readonly reason?: string; readonly force?: boolean },
    onOutcome: (o: RunOutcome) => void,
  ): Promise<RunOutcome[]> {
    const service = this.service();
    const outcomes: RunOutcome[] = [];
    for (const [runId, run] of runs) {
      let outcome: RunOutcome;
      if (!run) {
        outcome = this.unknown(runId);
      } else {
        const summary = summarize(run, false);
        try {
          outcome = { ...runOutcomeOf(runId, await service.rollback(runId, requestedBy, options)), run: summary };
        } catch (e) {
          outcome = { runId, outcome: 'FAILED', kind: 'FAILED', reason: failureReason(e), run: summary };
        }
      }
      outcomes.push(outcome);
      onOutcome(outcome);
    }
    return outcomes;
  }

  private service(): RollbackService {
    const { region, topicArn, executionRoleName } = this.settings;
    return new RollbackService({
      ledger: this.ledger,
      findings: new SecurityHubFindingUpdater(this.factory.create('securityhub', SecurityHubClient, { region })),
      notifier: topicArn
        ? new SnsNotifier(this.factory.create('sns', SNSClient, { region }), topicArn)
        : NO_NOTIFICATION,
      roles: new ExecutionRoles(this.factory.create('sts', STSClient, { region }), this.factory, executionRoleName),
      runbooks: loadRunbook,
      logger: QUIET,
    });
  }

  private unknown(runId: string): RunOutcome {
    return {
      runId,
      outcome: 'REFUSED',
      kind: 'NOT_FOUND',
      reason: `run ${runId} is not in the ledger table ${this.settings.ledgerTable} in ${this.settings.region}; check the run id (the finding's securityhub-remediation-run field), --ledger-table and --region`,
    };
  }
}

/** Why RollbackService would refuse the run; undefined when it would go ahead as far as the ledger tells. */
async function refusalOf(service: RollbackService, run: RunRecord): Promise<RollbackRefused | undefined> {
  try {
    return await service.refusalOf(run);
  } catch (e) {
    if (e instanceof RunbookNotHeldError)
      return {
        kind: 'NOTHING_TO_ROLL_BACK',
        runId: run.runId,
        reason: `runbook ${run.runbook} is not known to this version of securityhub`,
      };
    throw e;
  }
}

/** One line for a rollback that failed part-way; the ledger keeps the error and the run can be tried again. */
function failureReason(e: unknown): string {
  if (e instanceof AssumeRoleError) {
    return `${e.message} A local rollback assumes the role with your own credentials; where the role trusts only the remediation functions, use --via-function.`;
  }
  if (e instanceof RunbookNotHeldError) return `runbook ${e.runbook} is not known to this version of securityhub`;
  return `${describeCallError(e)}; the ledger keeps the error, fix it and run the rollback again`;
}
