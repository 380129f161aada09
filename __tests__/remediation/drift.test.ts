import { describeDrift, driftSinceRun, stateDifferences } from '../../remediation-functions/shared/drift';
import { ResourceNotFoundError } from '../../remediation-functions/shared/errors';
import type { RunRecord } from '../../remediation-functions/shared/ledger';
import { rollbackResultOf } from '../../remediation-functions/shared/rollback-result';
import {
  RunbookParameters,
  type Inspection,
  type Runbook,
  type RunbookContext,
} from '../../remediation-functions/runbooks/types';

/* How a rollback tells that the resource changed since the run, by rollback kind, without AWS. */

const ctx = {
  runId: 'rr-20261127T120000Z-0123456789abcdef',
  accountId: '111122223333',
  partition: 'aws',
  region: 'us-east-1',
  resource: { Type: 'AwsAccount', Id: 'AWS::::Account:111122223333' },
  finding: { Id: 'f', ProductArn: 'p', AwsAccountId: '111122223333' },
  clients: {} as never,
  parameters: new RunbookParameters('Test', {}),
} as RunbookContext;

const run = (fields: Partial<RunRecord>): RunRecord => ({
  runId: ctx.runId,
  status: 'REMEDIATED',
  mode: 'auto',
  trigger: 'imported',
  runbook: 'Test',
  accountId: '111122223333',
  region: 'us-east-1',
  partition: 'aws',
  resourceType: 'AwsAccount',
  resourceId: 'AWS::::Account:111122223333',
  findingId: 'f',
  productArn: 'p',
  changes: ['turn on X'],
  startedAt: '2026-11-27T12:00:00Z',
  applyStartedAt: '2026-11-27T12:00:00Z',
  ...fields,
});

/** A runbook whose inspect answers with the given state and changes (or throws). */
function runbook(kind: Runbook['rollbackKind'], now: Inspection<unknown> | Error): Runbook & { reads: number } {
  const r = {
    name: 'Test',
    resourceTypes: ['AwsAccount'],
    rollbackKind: kind,
    reads: 0,
    async inspect() {
      r.reads++;
      if (now instanceof Error) throw now;
      return now;
    },
  };
  return r;
}

describe('stateDifferences', () => {
  test('names each changed setting by path with its value after the run and now; lists and missing fields as a whole', () => {
    const after = {
      configuration: { BlockPublicAcls: true, BlockPublicPolicy: true },
      interfaces: [{ id: 'eni-1', groupIds: ['sg-iso'] }],
      gone: 'x',
    };
    const now = {
      configuration: { BlockPublicAcls: true, BlockPublicPolicy: false },
      interfaces: [{ id: 'eni-1', groupIds: ['sg-forensic'] }],
      added: 1,
    };
    expect(stateDifferences(after, now)).toEqual([
      { field: 'added', now: 1 },
      { field: 'configuration.BlockPublicPolicy', afterRun: true, now: false },
      { field: 'gone', afterRun: 'x' },
      {
        field: 'interfaces',
        afterRun: [{ id: 'eni-1', groupIds: ['sg-iso'] }],
        now: [{ id: 'eni-1', groupIds: ['sg-forensic'] }],
      },
    ]);
  });

  test('the same state, however its keys are ordered and whatever undefined fields it carries, is no drift', () => {
    expect(stateDifferences({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2], d: undefined }, a: 1 })).toEqual([]);
  });

  test('describeDrift says it in one line', () => {
    expect(
      describeDrift([
        { field: 'configuration.BlockPublicPolicy', afterRun: true, now: false },
        { field: 'x', afterRun: 'a' },
      ]),
    ).toBe(
      'configuration.BlockPublicPolicy was true after the run, is false now; x was "a" after the run, is nothing now',
    );
  });
});

describe('driftSinceRun by rollback kind', () => {
  test('replace: compares with the recorded after-state; no drift when equal', async () => {
    const same = runbook('replace', { before: { on: true }, changes: [] });
    expect(await driftSinceRun(same, ctx, run({ after: { on: true } }))).toEqual([]);
    const changed = runbook(undefined, { before: { on: false }, changes: ['turn on X'] });
    expect(await driftSinceRun(changed, ctx, run({ after: { on: true } }))).toEqual([
      { field: 'on', afterRun: true, now: false },
    ]);
  });

  test("replace without a recorded after-state (an older run): the runbook's own check, whether it would act again", async () => {
    expect(await driftSinceRun(runbook('replace', { before: { on: true }, changes: [] }), ctx, run({}))).toEqual([]);
    const drift = await driftSinceRun(
      runbook('replace', { before: { on: false }, changes: ['turn on X'] }),
      ctx,
      run({}),
    );
    expect(describeDrift(drift)).toBe('the runbook would turn on X again');
  });

  test('create: what the run created no longer does its job; or differs from the after-state', async () => {
    const stopped = await driftSinceRun(
      runbook('create', { before: { trail: 't', logging: false }, changes: ['start logging on trail t'] }),
      ctx,
      run({ after: { trail: 't' } }),
    );
    expect(describeDrift(stopped)).toBe('the runbook would start logging on trail t again');
    expect(
      await driftSinceRun(
        runbook('create', { before: { trail: 't' }, changes: [] }),
        ctx,
        run({ after: { trail: 't' } }),
      ),
    ).toEqual([]);
  });

  test('additive: nothing to check, the resource is not even read', async () => {
    const r = runbook('additive', { before: { revoked: ['tcp 22 0.0.0.0/0'] }, changes: ['revoke'] });
    expect(await driftSinceRun(r, ctx, run({ after: { revoked: [] } }))).toEqual([]);
    expect(r.reads).toBe(0);
  });

  test('a resource that is gone is drift; other read errors are thrown (the rollback fails and can be tried again)', async () => {
    expect(
      describeDrift(
        await driftSinceRun(
          runbook('replace', new ResourceNotFoundError('instance i-1 no longer exists')),
          ctx,
          run({ after: {} }),
        ),
      ),
    ).toBe('instance i-1 no longer exists');
    await expect(driftSinceRun(runbook('replace', new Error('Throttling')), ctx, run({ after: {} }))).rejects.toThrow(
      'Throttling',
    );
  });

  test("a runbook's own check wins over its kind's", async () => {
    const r: Runbook = {
      ...runbook('replace', { before: { a: 2 }, changes: [] }),
      driftSince: (recorded, now) => [{ field: 'own', afterRun: recorded.after, now: now.before }],
    };
    expect(await driftSinceRun(r, ctx, run({ after: { a: 1 } }))).toEqual([
      { field: 'own', afterRun: { a: 1 }, now: { a: 2 } },
    ]);
  });
});

describe("rollbackResultOf: a result read from another function's answer", () => {
  test('takes well-formed results of every kind, and nothing else', () => {
    expect(rollbackResultOf({ kind: 'ROLLED_BACK', runId: 'r', undone: [] })).toEqual({
      kind: 'ROLLED_BACK',
      runId: 'r',
      undone: [],
    });
    expect(rollbackResultOf({ kind: 'REFUSED_DRIFT', runId: 'r', reason: 'x', drift: [] })).toBeDefined();
    expect(rollbackResultOf({ kind: 'NOT_FOUND', reason: 'x' })).toBeDefined();
    expect(rollbackResultOf({ outcome: 'ROLLED_BACK', runId: 'r', undone: [] })).toBeUndefined();
    expect(rollbackResultOf({ kind: 'REFUSED_DRIFT', runId: 'r', reason: 'x' })).toBeUndefined();
    expect(rollbackResultOf({ kind: 'DONE', reason: 'x' })).toBeUndefined();
    expect(rollbackResultOf('ROLLED_BACK')).toBeUndefined();
  });
});
