import { allRunbooks, runbookLookup } from '../../remediation-functions/runbooks';
import { CreateBucketCommand, DeleteBucketCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { remediationSchema, tierRemediationSchema } from '../../config/remediation-schema';
import { buildRemediationPolicy } from '../../domain/remediation-plan';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { loadRunbook } from '../../remediation-functions/runbooks';
import { OrganizationsAccountDirectory } from '../../remediation-functions/shared/account-directory';
import { dependenciesFromEnvironment } from '../../remediation-functions/shared/environment';
import type { ExecutionRoles } from '../../remediation-functions/shared/execution-role';
import { SsmParameterPolicySource } from '../../remediation-functions/shared/policy-source';
import { createRollbackHandler } from '../../remediation-functions/handlers/rollback';
import { InvalidEventError, RemediationFailedError } from '../../remediation-functions/shared/errors';
import { RollbackRouter } from '../../remediation-functions/shared/rollback-router';
import { runIdFor } from '../../remediation-functions/shared/remediation-service';
import { REMEDIATION_AT_FIELD, REMEDIATION_OUTCOME_FIELD, REMEDIATION_RUN_FIELD } from '../../core/remediation-marks';
import {
  controlFinding,
  customActionEvent,
  importedEvent,
  lambdaContext,
  RemediationHarness,
  REGION,
  SECURITY_ACCOUNT,
} from './harness';

/*
 * The shared runtime against local AWS (moto_server + the Security Hub emulator): modes, bad
 * input, loop guards, retries and the rate limit. Each test uses its own member account, so
 * account-level settings do not leak between tests.
 */

const STAGING = '210000000001';
const MANUAL = '210000000002';
const OFF = '210000000003';
const SHADOW = '210000000004';
const BY_OU = '210000000005';
const LIMITED = '210000000006';
const REFUSED = '210000000007';
const ROUTED = '210000000009';

function policy(rateLimitPerAccountPerHour = 100): ReturnType<typeof buildRemediationPolicy> {
  const tier = (
    name: string,
    environment: string,
    accounts: string[],
    remediation: unknown,
    organizationalUnits: string[] = [],
  ) => ({
    name,
    environment,
    accounts,
    organizationalUnits,
    remediation: tierRemediationSchema.parse(remediation),
  });
  return buildRemediationPolicy(remediationSchema.parse({ rateLimitPerAccountPerHour }), [
    tier('staging', 'staging', [STAGING, LIMITED, REFUSED, ROUTED], { defaultMode: 'auto' }),
    tier('manual', 'production', [MANUAL], { defaultMode: 'manual' }),
    tier('off', 'sandbox', [OFF], { defaultMode: 'off' }),
    tier('shadow', 'development', [SHADOW], { defaultMode: 'shadow' }),
    tier('by-ou', 'staging', [], { defaultMode: 'auto' }, ['ou-ab12-cd34ef56']),
  ]);
}

function accountFinding(accountId: string, securityControlId = 'S3.1'): Record<string, unknown> {
  return controlFinding({
    securityControlId,
    accountId,
    resource: { Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` },
  });
}

async function accountBlockPublicAccess(
  h: RemediationHarness,
  accountId: string,
): Promise<Record<string, boolean> | undefined> {
  const clients = await h.member(accountId);
  try {
    return (
      await clients
        .get('s3control', S3ControlClient)
        .send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }))
    ).PublicAccessBlockConfiguration as Record<string, boolean>;
  } catch {
    return undefined;
  }
}

describe('remediation runtime', () => {
  let h: RemediationHarness;

  beforeAll(async () => {
    h = await RemediationHarness.start(policy());
  });
  afterAll(() => h?.stop());
  beforeEach(() => {
    h.logger.clear();
    h.policy.set(policy());
  });

  describe('modes', () => {
    test('auto: an Imported finding is remediated, the finding marked RESOLVED with the run id, and the run recorded', async () => {
      const finding = h.loadFinding(accountFinding(STAGING));
      const response = await h.handler()(importedEvent([finding]));
      const result = response.results?.[0];
      expect(result).toMatchObject({ outcome: 'REMEDIATED' });
      expect(await accountBlockPublicAccess(h, STAGING)).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });

      const stored = h.storedFinding(finding) as {
        Workflow: { Status: string };
        Note: { Text: string; UpdatedBy: string };
        UserDefinedFields: Record<string, string>;
      };
      expect(stored.Workflow.Status).toBe('RESOLVED');
      expect(stored.UserDefinedFields[REMEDIATION_RUN_FIELD]).toBe(result?.runId);
      expect(stored.UserDefinedFields[REMEDIATION_OUTCOME_FIELD]).toBe('REMEDIATED');
      expect(Date.parse(stored.UserDefinedFields[REMEDIATION_AT_FIELD])).not.toBeNaN();
      expect(stored.Note.Text).toContain(result?.runId);
      expect(stored.Note.UpdatedBy).toBe('securityhub-remediation');

      const run = (await h.runs()).find((r) => r.runId === result?.runId);
      expect(run).toMatchObject({
        status: 'REMEDIATED',
        accountId: STAGING,
        region: REGION,
        runbook: 'EnableS3AccountBlockPublicAccess',
        securityControlId: 'S3.1',
        before: {},
      });
      expect(run?.markedAt).toBeDefined();
      expect(run?.notifiedAt).toBeDefined();

      const notification = (await h.notifications()).find((n) => n.body.runId === result?.runId);
      expect(notification).toMatchObject({
        subject: `[REMEDIATED] S3.1 ${STAGING} ${REGION}`,
        attributes: { outcome: 'REMEDIATED', accountId: STAGING, runbook: 'EnableS3AccountBlockPublicAccess' },
        body: {
          status: 'REMEDIATED',
          securityControlId: 'S3.1',
          summary: expect.stringContaining('turn on BlockPublicPolicy'),
        },
      });
      expect(notification?.body.before).toBeUndefined();
    });

    test('the execution role session is named after the run', async () => {
      const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
      const clients = await h.member(STAGING);
      const identity = await clients.get('sts', STSClient).send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({
        Account: STAGING,
        Arn: `arn:aws:sts::${STAGING}:assumed-role/SecurityHubRemediationExecution/securityhub-remediation-rr-19700101T000000Z-0000000000000000`,
      });
    });

    test('manual: Imported findings are ignored; the Remediate custom action runs the runbook', async () => {
      const finding = h.loadFinding(accountFinding(MANUAL));
      const ignored = await h.handler()(importedEvent([finding]));
      expect(ignored.results?.[0]).toMatchObject({ outcome: 'IGNORED' });
      expect(ignored.results?.[0].reason).toMatch(/mode is manual/);
      expect(await accountBlockPublicAccess(h, MANUAL)).toBeUndefined();
      expect(h.storedFinding(finding).UserDefinedFields).toBeUndefined();

      const clicked = await h.handler()(customActionEvent('Remediate', [h.storedFinding(finding)]));
      expect(clicked.results?.[0]).toMatchObject({ outcome: 'REMEDIATED' });
      expect((await accountBlockPublicAccess(h, MANUAL))?.BlockPublicPolicy).toBe(true);
    });

    test('Remediate reaches every function with selected controls: each leaves the findings of the others alone', async () => {
      const finding = h.loadFinding(accountFinding(MANUAL));
      // A function whose table lacks the S3.1 runbook, as remediate-ec2-network is.
      const networkOnly = runbookLookup(
        { RevokePublicIngressHighRiskPorts: allRunbooks().RevokePublicIngressHighRiskPorts },
        'remediate-ec2-network',
      );
      const other = await h.handler(networkOnly)(customActionEvent('Remediate', [finding]));
      expect(other.results?.[0]).toMatchObject({ outcome: 'IGNORED' });
      expect(other.results?.[0].reason).toMatch(/runs in another remediation function/);
      // Not marked, so the function that holds the runbook marks it when it handles the same event.
      expect(h.storedFinding(finding).UserDefinedFields).toBeUndefined();
      // Any other trigger reaching the wrong function is a routing fault, reported as such.
      await expect(h.handler(networkOnly)(importedEvent([h.loadFinding(accountFinding(STAGING))]))).rejects.toThrow(
        /not in remediate-ec2-network; the event was routed to the wrong function/,
      );
    });

    test('off: nothing is read, changed, marked or recorded, and the log says why', async () => {
      const finding = h.loadFinding(accountFinding(OFF));
      const before = (await h.runs()).length;
      const response = await h.handler()(customActionEvent('Remediate', [finding]));
      expect(response.results?.[0]).toMatchObject({ outcome: 'IGNORED', reason: expect.stringMatching(/mode is off/) });
      expect(await accountBlockPublicAccess(h, OFF)).toBeUndefined();
      expect((await h.runs()).length).toBe(before);
      expect(h.logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'INFO',
          message: 'finding ignored',
          fields: expect.objectContaining({ accountId: OFF }),
        }),
      );
    });

    test('an account in no tier is off', async () => {
      const finding = h.loadFinding(accountFinding('219999999999'));
      expect((await h.handler()(importedEvent([finding]))).results?.[0]).toMatchObject({
        outcome: 'IGNORED',
        reason: expect.stringMatching(/tier none/),
      });
    });

    test('a tier defined by OU applies to accounts under that OU (nested OUs included)', async () => {
      h.organizationalUnits.set(BY_OU, ['ou-ab12-childchild', 'ou-ab12-cd34ef56']);
      const finding = h.loadFinding(accountFinding(BY_OU));
      expect((await h.handler()(importedEvent([finding]))).results?.[0]).toMatchObject({ outcome: 'REMEDIATED' });
      expect((await accountBlockPublicAccess(h, BY_OU))?.RestrictPublicBuckets).toBe(true);
    });
  });

  describe('loop guards and retries', () => {
    test('the Imported event caused by our own mark is ignored: no second run, no second mark', async () => {
      const finding = h.loadFinding(accountFinding(SHADOW, 'EC2.7'));
      const first = await h.handler()(importedEvent([finding]));
      expect(first.results?.[0]).toMatchObject({ outcome: 'SHADOW' });
      const marked = h.storedFinding(finding);
      const runs = (await h.runs()).length;

      // BatchUpdateFindings leaves UpdatedAt alone and makes Security Hub send an Imported event with the marked finding.
      const echo = await h.handler()(importedEvent([marked]));
      expect(echo.results?.[0]).toMatchObject({ outcome: 'IGNORED', reason: expect.stringMatching(/echo/) });
      expect((await h.runs()).length).toBe(runs);
      expect(h.storedFinding(finding).UserDefinedFields).toEqual(marked.UserDefinedFields);

      // A new evaluation (provider update, later UpdatedAt) is acted on again.
      const again = await h.handler()(importedEvent([h.reevaluate(finding)]));
      expect(again.results?.[0]).toMatchObject({ outcome: 'SHADOW' });
    });

    test('a redelivered event and a retried SSM execution start no second run: Security Hub holds the finding RESOLVED', async () => {
      const finding = h.loadFinding(accountFinding(STAGING, 'EC2.7'));
      const event = importedEvent([finding]);
      const first = await h.handler()(event);
      expect(first.results?.[0]).toMatchObject({ outcome: 'REMEDIATED' });
      const second = await h.handler()(event);
      expect(second.results?.[0]).toMatchObject({
        outcome: 'IGNORED',
        reason: expect.stringMatching(/Workflow RESOLVED/),
      });
      const retried = await h.handler()({
        FindingId: finding.Id,
        ProductArn: finding.ProductArn,
        Runbook: 'EnableEbsDefaultEncryption',
        Trigger: 'SecurityHubFindingsImported',
        AutomationExecutionId: 'retry-0002',
      });
      expect(retried.results?.[0]).toMatchObject({ outcome: 'IGNORED' });
      expect((await h.runs()).filter((r) => r.findingId === finding.Id)).toHaveLength(1);
    });

    test('the run id of an imported finding names the finding and its evaluation, not the delivery', () => {
      const identity = {
        productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
        findingId: 'f',
        evaluatedAt: '2026-01-01T00:00:00.000Z',
      };
      const at = new Date(identity.evaluatedAt);
      expect(runIdFor(identity, at)).toBe(runIdFor({ ...identity }, at));
      expect(runIdFor(identity, at)).not.toBe(runIdFor({ ...identity, evaluatedAt: '2026-01-02T00:00:00.000Z' }, at));
      expect(runIdFor(identity, at)).not.toBe(runIdFor({ ...identity, requestId: 'event-2' }, at));
      expect(runIdFor(identity, at)).toMatch(/^rr-20260101T000000Z-[0-9a-f]{16}$/);
    });

    test('rate limit: runs that would change something beyond the hourly limit end FAILED and go to the DLQ', async () => {
      h.policy.set(policy(1));
      const s3 = (await h.member(LIMITED)).get('s3', S3Client);
      await s3.send(new CreateBucketCommand({ Bucket: 'limited-a' }));
      await s3.send(new CreateBucketCommand({ Bucket: 'limited-b' }));
      const findings = ['limited-a', 'limited-b'].map((b) =>
        h.loadFinding(
          controlFinding({
            securityControlId: 'S3.8',
            accountId: LIMITED,
            resource: { Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${b}` },
          }),
        ),
      );
      const error = await h
        .handler()(importedEvent(findings))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemediationFailedError);
      expect((error as Error).message).toMatch(
        /rate limit reached: account 210000000006 had 1 remediation runs this hour/,
      );
      const outcomes = findings.map(
        (f) => (h.storedFinding(f).UserDefinedFields as Record<string, string>)[REMEDIATION_OUTCOME_FIELD],
      );
      expect(outcomes.sort()).toEqual(['FAILED', 'REMEDIATED']);
      await expect(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'limited-b' }))).rejects.toThrow();
    });
  });

  describe('bad input', () => {
    const rejected = async (event: unknown, message: RegExp) => {
      const runs = (await h.runs()).length;
      const error = await h
        .handler()(event)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toMatch(message);
      expect(h.logger.lines).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: 'event rejected; nothing was done' }),
      );
      expect((await h.runs()).length).toBe(runs);
    };

    test.each([
      ['not an object', 'hello', /event: expected a JSON object/],
      ['no findings', { ...importedEvent([]), detail: {} }, /event\.detail\.findings: expected a list/],
      ['an empty findings list', importedEvent([]), /the list is empty/],
      [
        'a finding without Id',
        importedEvent([{ ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' }]),
        /findings\[0\]\.Id: expected a non-empty string/,
      ],
      [
        'a finding with a bad account id',
        importedEvent([{ ...accountFinding(STAGING), AwsAccountId: '12345' }]),
        /12-digit account id, received "12345"/,
      ],
      [
        'another source',
        { ...importedEvent([accountFinding(STAGING)]), source: 'aws.guardduty' },
        /event\.source: expected "aws\.securityhub"/,
      ],
      [
        'an SSM payload without an execution id',
        {
          FindingId: 'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.1/finding/x',
          ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
        },
        /AutomationExecutionId/,
      ],
      [
        'an SSM payload of an old document (the whole finding)',
        { Finding: accountFinding(STAGING), AutomationExecutionId: 'e-1' },
        /pass the finding's FindingId and ProductArn, not the finding/,
      ],
      ['a payload that is neither', { hello: 'world' }, /keys \["hello"\]/],
      [
        'the Rollback custom action (the rollback function takes it)',
        customActionEvent('Rollback', [accountFinding(STAGING)]),
        /the Rollback custom action goes to the rollback function/,
      ],
      [
        'a rollback with a malformed run id',
        { runId: 'rr-1; drop', requestedBy: 'jest' },
        /runId: expected a remediation run id/,
      ],
    ])('malformed event (%s): rejected before anything is done', async (_name, event, message) => {
      await rejected(event, message);
    });

    test('an event of another detail-type is rejected', async () => {
      await rejected(
        { ...importedEvent([accountFinding(STAGING)]), 'detail-type': 'Security Hub Insight Results' },
        /detail-type: expected "Security Hub Findings - Imported" or "Security Hub Findings - Custom Action", received "Security Hub Insight Results"/,
      );
    });

    test('an event whose resources differ from the finding Security Hub holds is refused, noted and sent to the DLQ; nothing is changed', async () => {
      const finding = h.loadFinding(accountFinding(REFUSED));
      const altered = { ...finding, Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${STAGING}` }] };
      const error = await h
        .handler()(importedEvent([altered]))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemediationFailedError);
      expect((error as Error).message).toMatch(
        /the event names resources .*210000000001.*, Security Hub holds .*210000000007/,
      );
      const stored = h.storedFinding(finding) as { Note: { Text: string }; UserDefinedFields?: Record<string, string> };
      expect(stored.UserDefinedFields).toBeUndefined();
      expect(stored.Note.Text).toMatch(/A remediation request was refused: .*Nothing was changed/);
      expect(h.logger.lines).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: 'finding refused; nothing was changed' }),
      );
      expect(await accountBlockPublicAccess(h, REFUSED)).toBeUndefined();
      expect((await h.runs()).filter((r) => r.findingId === finding.Id)).toHaveLength(0);
    });

    test.each([
      [
        'a control without a runbook',
        'Macie.1',
        /control Macie\.1 has no runbook that a tier of the organization runs/,
      ],
      ['an unknown control id', 'Nope.42', /control Nope\.42 has no runbook that a tier of the organization runs/],
    ])('%s is noted FAILED and sent to the DLQ', async (_name, securityControlId, message) => {
      const finding = h.loadFinding(accountFinding(STAGING, securityControlId));
      const error = await h
        .handler()(importedEvent([finding]))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemediationFailedError);
      expect((error as Error).message).toMatch(message);
      expect((h.storedFinding(finding).UserDefinedFields as Record<string, string>)[REMEDIATION_OUTCOME_FIELD]).toBe(
        'FAILED',
      );
      // The Imported event our FAILED mark causes does not start another round.
      expect((await h.handler()(importedEvent([h.storedFinding(finding)]))).results?.[0]).toMatchObject({
        outcome: 'IGNORED',
      });
    });

    test('a custom action without a runbook is noted FAILED', async () => {
      const finding = h.loadFinding(accountFinding(STAGING));
      await expect(h.handler()(customActionEvent('SendToJira', [finding]))).rejects.toThrow(
        /custom action "SendToJira" has no runbook/,
      );
    });

    test('a resource that no longer exists: the finding is noted, nothing is changed, no DLQ', async () => {
      const s3 = (await h.member(STAGING)).get('s3', S3Client);
      await s3.send(new CreateBucketCommand({ Bucket: 'gone-bucket' }));
      await s3.send(new DeleteBucketCommand({ Bucket: 'gone-bucket' }));
      const finding = h.loadFinding(
        controlFinding({
          securityControlId: 'S3.8',
          accountId: STAGING,
          resource: { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::gone-bucket' },
        }),
      );
      const response = await h.handler()(importedEvent([finding]));
      expect(response.results?.[0]).toMatchObject({ outcome: 'FAILED', reason: 'bucket gone-bucket no longer exists' });
      expect((h.storedFinding(finding) as { Note: { Text: string } }).Note.Text).toMatch(
        /bucket gone-bucket no longer exists\. Nothing was changed/,
      );
    });

    test('a role that cannot be assumed: noted FAILED, DLQ, nothing changed, a clear log line', async () => {
      h.refuseAssumeRole.add(REFUSED);
      try {
        const finding = h.loadFinding(accountFinding(REFUSED));
        const error = await h
          .handler()(importedEvent([finding]))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RemediationFailedError);
        expect((error as Error).message).toMatch(
          /could not assume arn:aws:iam::210000000007:role\/SecurityHubRemediationExecution: AccessDenied/,
        );
        expect(h.logger.lines).toContainEqual(
          expect.objectContaining({
            level: 'ERROR',
            message: 'remediation failed',
            fields: expect.objectContaining({ accountId: REFUSED, errorName: 'AssumeRoleError' }),
          }),
        );
        expect((h.storedFinding(finding).UserDefinedFields as Record<string, string>)[REMEDIATION_OUTCOME_FIELD]).toBe(
          'FAILED',
        );
      } finally {
        h.refuseAssumeRole.delete(REFUSED);
      }
      expect(await accountBlockPublicAccess(h, REFUSED)).toBeUndefined();
    });

    test("an SSM document that receives another runbook's finding refuses it", async () => {
      const finding = h.loadFinding(accountFinding(STAGING, 'S3.1'));
      await expect(
        h.handler()({
          FindingId: finding.Id,
          ProductArn: finding.ProductArn,
          Runbook: 'EnableGuardDuty',
          Trigger: 'SecurityHubFindingsImported',
          AutomationExecutionId: 'e-0001',
        }),
      ).rejects.toThrow(/the SSM document for runbook EnableGuardDuty received a finding of S3\.1/);
    });
  });

  describe('the SSM Automation step payload', () => {
    // The chain harness (__tests__/remediation/chain) drives the documents themselves; this is the payload their step sends.
    test('FindingId and ProductArn run like the EventBridge event: the finding is read from Security Hub', async () => {
      const account = '210000000008';
      h.policy.set({
        ...policy(),
        tiers: [...policy().tiers, { ...policy().tiers[0], name: 'ssm', accounts: [account] }],
      });
      const finding = h.loadFinding(accountFinding(account, 'EC2.7'));
      const response = await h.handler()({
        FindingId: finding.Id,
        ProductArn: finding.ProductArn,
        Runbook: 'EnableEbsDefaultEncryption',
        Trigger: 'SecurityHubFindingsImported',
        AutomationExecutionId: 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
      });
      expect(response.results?.[0]).toMatchObject({ outcome: 'REMEDIATED' });
    });
  });

  describe('the rollback function', () => {
    /**
     * moto runs Lambda functions only in Docker, so a LambdaClient middleware stands in for Invoke:
     * it hands the payload to the remediation function's handler in this process, and answers as
     * Lambda does (FunctionError "Unhandled" with errorMessage when the handler throws).
     */
    function lambdaStandIn(invoked: string[]): LambdaClient {
      const lambda = new LambdaClient({
        region: REGION,
        endpoint: h.local.endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      lambda.middlewareStack.add(
        (_next, context) => async (args) => {
          if (context.commandName !== 'InvokeCommand') throw new Error(`unexpected ${context.commandName}`);
          const input = args.input as InvokeCommand['input'];
          invoked.push(input.FunctionName as string);
          const payload = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as unknown;
          const answer = await h
            .handler()(payload)
            .then(
              (r) => ({ body: r, error: undefined }),
              (e: Error) => ({ body: { errorType: e.name, errorMessage: e.message }, error: 'Unhandled' }),
            );
          return {
            output: {
              $metadata: {},
              StatusCode: 200,
              FunctionError: answer.error,
              Payload: new TextEncoder().encode(JSON.stringify(answer.body)),
            },
            response: {},
          } as never;
        },
        { step: 'initialize', name: 'invokeInProcess' },
      );
      return lambda;
    }

    test('routes the Rollback custom action to the function that ran each run, and refuses findings without a run', async () => {
      const finding = h.loadFinding(accountFinding(ROUTED));
      const run = (await h.handler()(importedEvent([finding]))).results?.[0];
      expect(run).toMatchObject({ outcome: 'REMEDIATED' });
      expect((await h.ledger.get(run?.runId as string))?.remediationFunction).toBe('remediate-test');

      const invoked: string[] = [];
      const { findings, findingSource } = h.dependencies();
      const handler = createRollbackHandler(
        async () => new RollbackRouter(h.ledger, lambdaStandIn(invoked), { findings, findingSource }, h.logger),
        h.logger,
      );
      const rollback = (event: unknown) => handler(event, lambdaContext('securityhub-remediation-rollback'));
      const response = await rollback(customActionEvent('Rollback', [h.storedFinding(finding)]));
      expect(response.rollbacks).toEqual([expect.objectContaining({ runId: run?.runId, kind: 'ROLLED_BACK' })]);
      expect(invoked).toEqual(['remediate-test']);
      expect(await accountBlockPublicAccess(h, ROUTED)).toBeUndefined();

      // Again by run id (the command's path): the answer says, as data, that the run was rolled back already.
      expect((await rollback({ runId: run?.runId, requestedBy: 'jest' })).rollbacks).toEqual([
        expect.objectContaining({
          kind: 'ALREADY_ROLLED_BACK',
          runId: run?.runId,
          reason: expect.stringMatching(/was rolled back already/),
        }),
      ]);
      // The custom action has no one waiting for its answer: a refusal fails the invocation, for the dead-letter queue.
      await expect(rollback(customActionEvent('Rollback', [h.storedFinding(finding)]))).rejects.toThrow(
        /ALREADY_ROLLED_BACK: run .* was rolled back already/,
      );
      // A finding no run has marked.
      const unmarked = h.loadFinding(accountFinding(ROUTED, 'EC2.7'));
      await expect(rollback(customActionEvent('Rollback', [unmarked]))).rejects.toThrow(
        /no run of this finding changed anything; there is nothing to roll back/,
      );
      await expect(rollback(importedEvent([unmarked]))).rejects.toThrow(InvalidEventError);
    });
  });

  describe('production wiring', () => {
    const base = () => ({
      endpoint: h.local.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });

    test('the OU path of an account comes from Organizations ListParents, nearest OU first', async () => {
      const orgs = new OrganizationsClient(base());
      await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const root = (await orgs.send(new ListRootsCommand({}))).Roots?.[0].Id as string;
      const parent = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' })))
        .OrganizationalUnit?.Id as string;
      const child = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'staging' })))
        .OrganizationalUnit?.Id as string;
      const created = await orgs.send(new CreateAccountCommand({ AccountName: 'app', Email: 'app@example.com' }));
      const accountId = (
        await orgs.send(
          new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
        )
      ).CreateAccountStatus?.AccountId as string;
      await orgs.send(
        new MoveAccountCommand({ AccountId: accountId, SourceParentId: root, DestinationParentId: child }),
      );
      expect(await new OrganizationsAccountDirectory(orgs).organizationalUnitPath(accountId)).toEqual([child, parent]);
    });

    test('the policy comes from an SSM parameter, re-read after its maximum age, and a broken one fails loudly', async () => {
      const ssm = new SSMClient(base());
      await ssm.send(
        new PutParameterCommand({
          Name: '/securityhub/remediation-policy',
          Type: 'String',
          Value: JSON.stringify(policy(7)),
        }),
      );
      let now = 0;
      const source = new SsmParameterPolicySource(ssm, '/securityhub/remediation-policy', 1000, () => now);
      expect((await source.load()).rateLimitPerAccountPerHour).toBe(7);
      await ssm.send(
        new PutParameterCommand({
          Name: '/securityhub/remediation-policy',
          Type: 'String',
          Value: JSON.stringify(policy(9)),
          Overwrite: true,
        }),
      );
      expect((await source.load()).rateLimitPerAccountPerHour).toBe(7);
      now = 1000;
      expect((await source.load()).rateLimitPerAccountPerHour).toBe(9);
      await ssm.send(
        new PutParameterCommand({ Name: '/securityhub/broken-policy', Type: 'String', Value: '{"version": 1' }),
      );
      await expect(new SsmParameterPolicySource(ssm, '/securityhub/broken-policy').load()).rejects.toThrow(
        'SSM parameter /securityhub/broken-policy is not JSON',
      );
    });

    test('a function without its configuration says which variable is missing', () => {
      expect(() => dependenciesFromEnvironment(loadRunbook, { AWS_REGION: REGION })).toThrow(
        'environment variable REMEDIATION_POLICY is not set; the remediation stack sets it on the function.',
      );
      expect(() =>
        dependenciesFromEnvironment(loadRunbook, { AWS_REGION: REGION, REMEDIATION_POLICY: JSON.stringify(policy()) }),
      ).toThrow('environment variable REMEDIATION_LEDGER_TABLE is not set');
      const deps = dependenciesFromEnvironment(loadRunbook, {
        AWS_REGION: REGION,
        REMEDIATION_POLICY_PARAMETER: '/p',
        REMEDIATION_LEDGER_TABLE: 't',
        REMEDIATION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
        AWS_LAMBDA_FUNCTION_NAME: 'remediate-s3',
      });
      expect(deps.policy).toBeInstanceOf(SsmParameterPolicySource);
      expect(deps.functionName).toBe('remediate-s3');
      expect((deps.roles as ExecutionRoles).roleArn('aws', STAGING)).toBe(
        `arn:aws:iam::${STAGING}:role/SecurityHubRemediationExecution`,
      );
    });
  });

  test("the security account is moto's default account", () => {
    expect(SECURITY_ACCOUNT).toBe('123456789012');
  });
});
