import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { RollbackResult } from '../../remediation-functions/shared/rollback-service';
import { CliError } from '../errors';
import { describeCallError } from './clients';
import type { RunOutcome } from './outcome';

/** The part of the Lambda client used here, so tests can stand in for it. */
export interface InvokeClient {
  send(command: InvokeCommand): Promise<InvokeCommandOutput>;
}

/** What the rollback function takes (the `{ runId, requestedBy?, reason? }` form of its event). */
export interface RollbackPayload {
  readonly runId: string;
  readonly requestedBy: string;
  readonly reason?: string;
}

/** Messages the runtime uses when it refuses rather than fails. */
const REFUSAL = /is not in the ledger|rolled back already|is being rolled back|without changing anything|has no rollback|does not record which function ran it/;

/**
 * Asks the deployed rollback function to roll back one run and reads its answer. The function
 * reads the ledger and hands the run to the remediation function that ran it, so the caller
 * needs only lambda:InvokeFunction on it.
 * @throws CliError when the function cannot be invoked at all (not found, not allowed)
 */
export async function invokeRollbackFunction(lambda: InvokeClient, functionName: string, payload: RollbackPayload): Promise<RunOutcome> {
  let response: InvokeCommandOutput;
  try {
    response = await lambda.send(new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }));
  } catch (e) {
    throw new CliError(`could not invoke ${functionName}: ${describeCallError(e)}; check --via-function, --region and that you may call lambda:InvokeFunction on it.`);
  }
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  const body = parseJson(text);
  if (response.FunctionError) {
    // The function fails the invocation when any rollback was refused or failed; its message names the run.
    const message = String(body?.errorMessage ?? text).replace(/^\d+ finding\(s\) could not be remediated: /, '').replace(`${payload.runId}: `, '');
    return { runId: payload.runId, outcome: REFUSAL.test(message) ? 'REFUSED' : 'FAILED', reason: message };
  }
  const result = (body?.rollbacks as RollbackResult[] | undefined)?.find((r) => r.runId === payload.runId);
  if (!result) return { runId: payload.runId, outcome: 'FAILED', reason: `${functionName} answered without a rollback result: ${text.slice(0, 200)}` };
  return { runId: payload.runId, outcome: result.outcome, ...(result.reason ? { reason: result.reason } : {}), undone: result.undone };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
