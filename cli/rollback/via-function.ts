import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { rollbackResultOf } from '../../remediation-functions/shared/rollback-result';
import { CliError } from '../errors';
import { describeCallError } from './clients';
import { runOutcomeOf, type RunOutcome } from './outcome';

/** The part of the Lambda client used here, so tests can stand in for it. */
export interface InvokeClient {
  send(command: InvokeCommand): Promise<InvokeCommandOutput>;
}

/** What the rollback function takes (the `{ runId, requestedBy?, reason? }` form of its event). */
export interface RollbackPayload {
  readonly runId: string;
  readonly requestedBy: string;
  readonly reason?: string;
  /** Restore the before-state even where the resource changed since the run. */
  readonly force?: boolean;
}

/**
 * Asks the deployed rollback function to roll back one run and reads its answer. The function
 * reads the ledger and hands the run to the remediation function that ran it, so the caller
 * needs only lambda:InvokeFunction on it.
 * @throws CliError when the function cannot be invoked at all (not found, not allowed)
 */
export async function invokeRollbackFunction(
  lambda: InvokeClient,
  functionName: string,
  payload: RollbackPayload,
): Promise<RunOutcome> {
  let response: InvokeCommandOutput;
  try {
    response = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
  } catch (e) {
    throw new CliError(
      `could not invoke ${functionName}: ${describeCallError(e)}; check --via-function, --region and that you may call lambda:InvokeFunction on it.`,
    );
  }
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  const body = parseJson(text);
  // The function answers every run with a result, refused or not; a function error means it could not run at all.
  if (response.FunctionError)
    return {
      runId: payload.runId,
      outcome: 'FAILED',
      kind: 'FAILED',
      reason: `${functionName} failed: ${String(body?.errorMessage ?? text.slice(0, 500))}`,
    };
  const answers = Array.isArray(body?.rollbacks) ? (body.rollbacks as unknown[]) : [];
  const result = answers.map(rollbackResultOf).find((r) => r?.runId === payload.runId);
  if (!result)
    return {
      runId: payload.runId,
      outcome: 'FAILED',
      kind: 'FAILED',
      reason: `${functionName} answered without a rollback result: ${text.slice(0, 200)}`,
    };
  return runOutcomeOf(payload.runId, result);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
