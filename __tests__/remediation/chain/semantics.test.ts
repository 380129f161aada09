import { patternMatches, transformInput } from './eventbridge';
import { InvalidAutomationParametersError, SsmAutomation } from './ssm-automation';

/*
 * The chain harness's stand-ins for EventBridge and SSM Automation, held to the examples of AWS's
 * documentation (event patterns and content filtering, input transformation, Automation
 * parameters), each on a passing and a failing case.
 */

const event = {
  source: 'aws.securityhub',
  'detail-type': 'Security Hub Findings - Imported',
  detail: {
    findings: [
      {
        Id: 'f-1',
        ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
        Compliance: { Status: 'FAILED', SecurityControlId: 'S3.1' },
      },
      {
        Id: 'f-2',
        ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
        Compliance: { Status: 'PASSED', SecurityControlId: 'EC2.19' },
      },
    ],
  },
};
const match = (pattern: unknown) => patternMatches(JSON.stringify(pattern), event);

describe('EventBridge pattern matching', () => {
  test('exact values, and arrays of objects: any element may match each field', () => {
    expect(match({ source: ['aws.securityhub'], detail: { findings: { Compliance: { Status: ['FAILED'] } } } })).toBe(
      true,
    );
    expect(match({ source: ['aws.guardduty'] })).toBe(false);
    expect(match({ detail: { findings: { Compliance: { Status: ['WARNING'] } } } })).toBe(false);
    // Fields are matched on their own: FAILED from one finding, EC2.19 from the other.
    expect(match({ detail: { findings: { Compliance: { Status: ['FAILED'], SecurityControlId: ['EC2.19'] } } } })).toBe(
      true,
    );
  });

  test('prefix, suffix, wildcard, anything-but, exists', () => {
    expect(
      match({ detail: { findings: { ProductArn: [{ wildcard: 'arn:aws:securityhub:*::product/aws/securityhub' }] } } }),
    ).toBe(true);
    expect(
      match({
        detail: { findings: { ProductArn: [{ wildcard: 'arn:aws-cn:securityhub:*::product/aws/securityhub' }] } },
      }),
    ).toBe(false);
    expect(match({ detail: { findings: { Id: [{ prefix: 'f-' }] } } })).toBe(true);
    expect(match({ detail: { findings: { Id: [{ prefix: 'g-' }] } } })).toBe(false);
    expect(match({ detail: { findings: { ProductArn: [{ suffix: '/default' }] } } })).toBe(true);
    expect(match({ detail: { findings: { ProductArn: [{ suffix: '/guardduty' }] } } })).toBe(false);
    expect(match({ detail: { findings: { Id: [{ 'anything-but': ['f-1', 'f-2'] }] } } })).toBe(false);
    expect(match({ detail: { findings: { Id: [{ 'anything-but': 'f-1' }] } } })).toBe(true);
    expect(match({ detail: { findings: { Note: [{ exists: false }] } } })).toBe(true);
    expect(match({ detail: { findings: { Id: [{ exists: false }] } } })).toBe(false);
  });

  test('a matcher the harness does not model fails loudly instead of matching', () => {
    expect(() => match({ detail: { findings: { Id: [{ cidr: '10.0.0.0/8' }] } } })).toThrow(/not modelled/);
  });
});

describe('EventBridge input transformer', () => {
  test('a placeholder outside quotes is inserted as JSON, inside quotes as text', () => {
    const out = transformInput(
      {
        input_paths: { id: '$.detail.findings[0].Id', f: '$.detail.findings[0]' },
        input_template: '{"Ids": [<id>], "Text": "id <id>", "Whole": <f>}',
      },
      event,
    );
    expect(JSON.parse(out)).toEqual({ Ids: ['f-1'], Text: 'id f-1', Whole: event.detail.findings[0] });
  });

  test('a template that does not give JSON is an error', () => {
    expect(() =>
      transformInput({ input_paths: { id: '$.detail.findings[0].Id' }, input_template: '{"Ids": <id>, }' }, event),
    ).toThrow();
  });
});

describe('SSM Automation', () => {
  const document = {
    schemaVersion: '0.3',
    parameters: {
      FindingId: { type: 'String', allowedPattern: '^[a-z0-9-]{1,8}$' },
      Trigger: { type: 'String', default: 'A', allowedValues: ['A', 'B'] },
    },
    mainSteps: [
      {
        name: 'Invoke',
        action: 'aws:invokeLambdaFunction',
        inputs: {
          FunctionName: 'fn',
          Payload:
            '{"FindingId": "{{ FindingId }}", "Execution": "{{ automation:EXECUTION_ID }}", "Trigger": "{{ Trigger }}"}',
        },
      },
    ],
  };
  const payloads: unknown[] = [];
  const ssm = new SsmAutomation(
    new Map([['Doc', document as never]]),
    async (_name, payload) => {
      payloads.push(JSON.parse(payload));
      return { payload: { ok: true } };
    },
    [],
  );

  test('parameters are a map of names to lists of strings, substituted into the step; each start is a new execution', async () => {
    const a = await ssm.start('Doc', { FindingId: ['f-1'] });
    const b = await ssm.start('Doc', { FindingId: ['f-1'] });
    expect(a.status).toBe('Success');
    expect(a.executionId).not.toBe(b.executionId);
    expect(payloads[0]).toEqual({ FindingId: 'f-1', Execution: a.executionId, Trigger: 'A' });
  });

  test.each([
    ['an object instead of a list of strings', { FindingId: [{ Id: 'f-1' }] }, /must be a list of strings/],
    ['a value outside allowedPattern', { FindingId: ['F"1'] }, /does not match allowedPattern/],
    ['a value outside allowedValues', { FindingId: ['f-1'], Trigger: ['C'] }, /is not one of A, B/],
    ['an undeclared parameter', { FindingId: ['f-1'], Finding: ['{}'] }, /"Finding" is not defined/],
    ['a missing required parameter', {}, /"FindingId" is required/],
  ])('StartAutomationExecution refuses %s', async (_name, parameters, message) => {
    await expect(ssm.start('Doc', parameters)).rejects.toThrow(InvalidAutomationParametersError);
    await expect(ssm.start('Doc', parameters)).rejects.toThrow(message);
  });
});

describe('the chain harness', () => {
  test("reads what synth wrote: it imports none of the project's patterns, payloads, documents or functions", () => {
    const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const imports = readdirSync(__dirname)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(`${__dirname}/${f}`, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${f}: ${m[1]}`),
      );
    expect(imports.filter((i) => /(modules|stacks|config|core|remediation-functions|cli)\//.test(i))).toEqual([]);
  });
});
