import {
  claimMismatch,
  heldStateRefusal,
  ownershipRefusal,
  productRefusal,
} from '../../remediation-functions/shared/claim-check';
import { parseClaimedFinding, parseFinding } from '../../remediation-functions/shared/finding';
import { NOTE_LIMIT, noteWithRuns } from '../../remediation-functions/shared/finding-updates';
import { checkEventShape } from '../../remediation-functions/shared/limits';
import { InvalidEventError } from '../../remediation-functions/shared/errors';
import { functionHomeOf, parseRemediationEvent, parseRollbackEvent } from '../../remediation-functions/shared/events';

/*
 * The checks every remediation makes before acting, each on a passing and a failing case. The
 * chain test (./chain) shows them end to end; these pin the boundaries.
 */

const OWN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';
const ACCOUNT = '210000000001';
const held = parseFinding(
  {
    Id: `arn:aws:securityhub:us-east-1:${ACCOUNT}:security-control/S3.1/finding/1`,
    ProductArn: OWN,
    AwsAccountId: ACCOUNT,
    Region: 'us-east-1',
    UpdatedAt: '2026-01-01T00:00:00.000Z',
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.1' },
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}` }],
  },
  'held',
);
const claim = parseClaimedFinding({ ...held }, 'claim');

describe('product', () => {
  test("only Security Hub's own product, in any partition", () => {
    expect(productRefusal(claim)).toBeUndefined();
    expect(
      productRefusal({ ...claim, ProductArn: 'arn:aws-us-gov:securityhub:us-gov-west-1::product/aws/securityhub' }),
    ).toBeUndefined();
    expect(
      productRefusal({ ...claim, ProductArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default` }),
    ).toMatch(/not Security Hub's own product/);
    expect(productRefusal({ ...claim, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' })).toMatch(
      /not Security Hub's own product/,
    );
  });

  test("custom actions with their own runbook also take AWS services' products, never a member's or a partner's", () => {
    expect(productRefusal(claim, true)).toBeUndefined();
    expect(
      productRefusal({ ...claim, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' }, true),
    ).toBeUndefined();
    expect(
      productRefusal({ ...claim, ProductArn: 'arn:aws-cn:securityhub:cn-north-1::product/aws/inspector' }, true),
    ).toBeUndefined();
    for (const forged of [
      `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/aws/guardduty`,
      'arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon',
      'arn:aws:securityhub:us-east-1::product/aws/guardduty/extra',
    ])
      expect({ forged, refusal: productRefusal({ ...claim, ProductArn: forged }, true) }).toEqual({
        forged,
        refusal: expect.stringMatching(/not an AWS service's product/),
      });
  });
});

describe('claim against the finding Security Hub holds', () => {
  test('agreeing claims pass; account, control or resources that differ are named', () => {
    expect(claimMismatch(claim, held)).toBeUndefined();
    expect(claimMismatch({ Id: held.Id, ProductArn: OWN }, held)).toBeUndefined();
    expect(claimMismatch({ ...claim, AwsAccountId: '210000000002' }, held)).toMatch(
      /names account 210000000002, Security Hub holds the finding for account 210000000001/,
    );
    expect(claimMismatch({ ...claim, securityControlId: 'EC2.19' }, held)).toMatch(/names control EC2\.19/);
    expect(claimMismatch({ ...claim, resourceIds: ['AWS::::Account:210000000002'] }, held)).toMatch(/names resources/);
  });

  test.each([
    ['ARCHIVED', { RecordState: 'ARCHIVED' }, /as ARCHIVED, not ACTIVE/],
    ['PASSED', { Compliance: { Status: 'PASSED', SecurityControlId: 'S3.1' } }, /compliance status PASSED, not FAILED/],
    ['SUPPRESSED', { Workflow: { Status: 'SUPPRESSED' } }, /Workflow SUPPRESSED/],
    ['RESOLVED', { Workflow: { Status: 'RESOLVED' } }, /Workflow RESOLVED/],
  ])('a %s finding is not remediated, by any trigger', (_name, fields, reason) => {
    expect(heldStateRefusal(held, 'imported')).toBeUndefined();
    expect(heldStateRefusal({ ...held, ...fields }, 'imported')).toMatch(reason);
    expect(heldStateRefusal({ ...held, ...fields }, 'custom-action')).toMatch(reason);
  });

  test('a custom action runbook may act on a finding without a compliance status, not on a PASSED one', () => {
    const { Compliance: _none, ...noStatus } = held;
    expect(heldStateRefusal(noStatus, 'custom-action', true)).toBeUndefined();
    expect(heldStateRefusal(noStatus, 'custom-action', false)).toMatch(/compliance status none/);
    expect(heldStateRefusal({ ...held, Compliance: { Status: 'PASSED' } }, 'custom-action', true)).toMatch(/PASSED/);
  });
});

describe('ownership of the resource a runbook is told to change', () => {
  test.each([
    [`AWS::::Account:${ACCOUNT}`, undefined],
    [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`, undefined],
    ['arn:aws:iam::210000000001:user/alice', undefined],
    ['arn:aws:s3:::bucket', undefined],
    ['AWS::::Account:210000000002', /is account 210000000002, not the finding's account 210000000001/],
    ['arn:aws:ec2:us-east-1:210000000002:security-group/sg-1', /belongs to account 210000000002/],
    ['arn:aws:ec2:eu-west-1:210000000001:security-group/sg-1', /is in eu-west-1, not the finding's Region us-east-1/],
    ['sg-1', /is not an ARN/],
  ])('%s', (id, refusal) => {
    const result = ownershipRefusal({ Type: 'x', Id: id }, ACCOUNT, 'us-east-1');
    if (refusal) expect(result).toMatch(refusal);
    else expect(result).toBeUndefined();
  });

  test("an account-level resource must be in the finding's Region when it names one", () => {
    const account = `AWS::::Account:${ACCOUNT}`;
    expect(
      ownershipRefusal({ Type: 'AwsAccount', Id: account, Region: 'us-east-1' }, ACCOUNT, 'us-east-1'),
    ).toBeUndefined();
    expect(ownershipRefusal({ Type: 'AwsAccount', Id: account, Region: 'eu-west-1' }, ACCOUNT, 'us-east-1')).toMatch(
      /AWS::::Account:210000000001 is in eu-west-1, not the finding's Region us-east-1/,
    );
  });
});

describe("custom action targets: only this stack's (the function's account and Region)", () => {
  const context = { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:securityhub-remediate-ec2' };
  const event = (target: unknown) => ({
    id: 'e1',
    'detail-type': 'Security Hub Findings - Custom Action',
    source: 'aws.securityhub',
    time: '2026-01-01T00:00:00Z',
    resources: target,
    detail: { findings: [{ Id: held.Id, ProductArn: OWN }] },
  });

  test("the function's home comes from the Lambda context, qualified or not", () => {
    expect(functionHomeOf(context)).toEqual({ accountId: '123456789012', region: 'us-east-1' });
    expect(functionHomeOf({ invokedFunctionArn: `${context.invokedFunctionArn}:$LATEST` })).toEqual({
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(functionHomeOf({ functionName: 'x' })).toBeUndefined();
    expect(functionHomeOf(undefined)).toBeUndefined();
  });

  test("its own action is taken; another account's or Region's, two targets, or no context are refused", () => {
    const home = functionHomeOf(context);
    expect(
      parseRemediationEvent(event(['arn:aws:securityhub:us-east-1:123456789012:action/custom/IsolateInstance']), home),
    ).toMatchObject({ actionId: 'IsolateInstance' });
    for (const target of [
      ['arn:aws:securityhub:us-east-1:999999999999:action/custom/IsolateInstance'],
      ['arn:aws:securityhub:eu-west-1:123456789012:action/custom/IsolateInstance'],
      [
        'arn:aws:securityhub:us-east-1:123456789012:action/custom/IsolateInstance',
        'arn:aws:securityhub:us-east-1:999999999999:action/custom/IsolateInstance',
      ],
    ]) {
      expect(() => parseRemediationEvent(event(target), home)).toThrow(
        /event.resources: expected one custom action target of this stack \(arn:aws:securityhub:us-east-1:123456789012:action\/custom\/<id>\)/,
      );
    }
    expect(() =>
      parseRemediationEvent(event(['arn:aws:securityhub:us-east-1:123456789012:action/custom/IsolateInstance'])),
    ).toThrow(/<Region and account of the function>/);
    expect(() =>
      parseRollbackEvent(
        event(['arn:aws:securityhub:us-east-1:999999999999:action/custom/Rollback']),
        'Rollback',
        home,
      ),
    ).toThrow(InvalidEventError);
    expect(
      parseRollbackEvent(event(['arn:aws:securityhub:us-east-1:123456789012:action/custom/Rollback']), 'Rollback', home)
        .findings,
    ).toHaveLength(1);
  });
});

describe('input limits', () => {
  test("Security Hub's own limits pass; one character more is refused with the field and the limit", () => {
    expect(() => parseClaimedFinding({ ...held, Title: 't'.repeat(256) }, 'f')).not.toThrow();
    expect(() => parseClaimedFinding({ ...held, Title: 't'.repeat(257) }, 'f')).toThrow(
      new InvalidEventError(
        'f.Title: 257 characters, more than the 256 Security Hub allows; it was refused and nothing was done.',
      ),
    );
    expect(() =>
      parseClaimedFinding(
        { ...held, UserDefinedFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
        'f',
      ),
    ).toThrow(/51 entries, more than the 50/);
    expect(() =>
      parseClaimedFinding({ ...held, Resources: Array.from({ length: 33 }, () => held.Resources?.[0]) }, 'f'),
    ).toThrow(/33 resources, more than the 32/);
  });

  test('depth and size of the whole event are bounded without recursion', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 31; i++) deep = { next: deep };
    expect(() => checkEventShape(deep)).not.toThrow();
    for (let i = 0; i < 5000; i++) deep = { next: deep };
    expect(() => checkEventShape(deep)).toThrow(/nested deeper than 32 levels/);
    expect(() => checkEventShape({ blob: 'x'.repeat(300 * 1024) })).toThrow(/larger than 262144 characters/);
  });
});

describe('the note lists every run of the finding', () => {
  const ids = Array.from({ length: 20 }, (_, i) => `rr-20260101T0000${String(i).padStart(2, '0')}Z-0123456789abcdef`);

  test("every id while they fit, the latest ones and a count when they do not; never past Security Hub's limit", () => {
    expect(noteWithRuns('Remediated.', ids.slice(0, 3))).toBe(
      `Remediated. Runs of this finding: ${ids.slice(0, 3).join(', ')}.`,
    );
    const long = noteWithRuns('x'.repeat(600), ids);
    expect(long.length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(long).toContain(ids[19]);
    expect(long).toMatch(/\(\d+ earlier in the ledger\)/);
  });
});
