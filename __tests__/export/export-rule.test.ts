import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from '../../modules/framework';
import { buildOrganizationStacks } from '../../stacks/organization';
import { configFrom, defaultConfigData } from '../support/org-config';
// EventBridge's documented matching, written apart from the project's pattern helpers.
import { patternMatches } from '../remediation/chain/eventbridge';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '..', '..');
const HOME = 'us-east-1';
const MEMBER = '444455556666';

/** The export rule's event_pattern as `cdktf synth` wrote it into the security stack. */
function exportRulePattern(findingsExport: Json): string {
  const stacks = buildOrganizationStacks(Testing.app(), configFrom({ ...defaultConfigData(), findingsExport }));
  const json = JSON.parse(Testing.synth(stacks.security)) as Json;
  const rules = Object.values(json.resource.aws_cloudwatch_event_rule as Json).filter(
    (r: Json) => r.name === 'securityhub-findings-export',
  ) as Json[];
  expect(rules).toHaveLength(1);
  return rules[0].event_pattern as string;
}

/** A "Security Hub Findings - Imported" event for one finding, as it reaches the home Region's bus. */
function imported(productArn: string, region: string, account = '111122223333'): Json {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: '111122223333',
    time: '2025-02-23T10:00:00Z',
    region: HOME,
    resources: [`${productArn}/finding/1`],
    detail: {
      findings: [
        {
          SchemaVersion: '2018-10-08',
          Id: `${productArn}/finding/1`,
          ProductArn: productArn,
          AwsAccountId: account,
          Region: region,
          Compliance: { Status: 'FAILED', SecurityControlId: 'S3.1' },
          RecordState: 'ACTIVE',
          Workflow: { Status: 'NEW' },
          Severity: { Label: 'HIGH' },
        },
      ],
    },
  };
}

const EVENTS = {
  'a control finding of the home Region': imported(`arn:aws:securityhub:${HOME}::product/aws/securityhub`, HOME),
  'a control finding of a linked Region': imported(
    'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
    'eu-west-1',
  ),
  'a control finding of another linked Region': imported(
    'arn:aws:securityhub:ap-southeast-2::product/aws/securityhub',
    'ap-southeast-2',
  ),
  "a member's forged finding (its own default product)": imported(
    `arn:aws:securityhub:eu-west-1:${MEMBER}:product/${MEMBER}/default`,
    'eu-west-1',
    MEMBER,
  ),
  "a member's forged finding in the home Region": imported(
    `arn:aws:securityhub:${HOME}:${MEMBER}:product/${MEMBER}/default`,
    HOME,
    MEMBER,
  ),
  "another product's finding (GuardDuty, linked Region)": imported(
    'arn:aws:securityhub:eu-west-1::product/aws/guardduty',
    'eu-west-1',
  ),
  "a partner product's finding": imported(`arn:aws:securityhub:${HOME}::product/crowdstrike/crowdstrike-falcon`, HOME),
} as const;

const exportedBy = (pattern: string) =>
  Object.fromEntries(Object.entries(EVENTS).map(([what, event]) => [what, patternMatches(pattern, event)]));

describe("the findings export rule, as synthesized, matched with EventBridge's semantics", () => {
  test("by default: Security Hub's control findings of every Region, nothing else", () => {
    expect(exportedBy(exportRulePattern({ enabled: true }))).toEqual({
      'a control finding of the home Region': true,
      'a control finding of a linked Region': true,
      'a control finding of another linked Region': true,
      "a member's forged finding (its own default product)": false,
      "a member's forged finding in the home Region": false,
      "another product's finding (GuardDuty, linked Region)": false,
      "a partner product's finding": false,
    });
  });

  test("allProducts: every product of every Region, still not a member's own default product", () => {
    expect(exportedBy(exportRulePattern({ enabled: true, allProducts: true }))).toEqual({
      'a control finding of the home Region': true,
      'a control finding of a linked Region': true,
      'a control finding of another linked Region': true,
      "a member's forged finding (its own default product)": false,
      "a member's forged finding in the home Region": false,
      "another product's finding (GuardDuty, linked Region)": true,
      "a partner product's finding": true,
    });
  });

  test('other sources and detail types are not exported', () => {
    const pattern = exportRulePattern({ enabled: true, allProducts: true });
    const event = EVENTS['a control finding of the home Region'];
    expect(patternMatches(pattern, { ...event, 'detail-type': 'Security Hub Findings - Custom Action' })).toBe(false);
    expect(patternMatches(pattern, { ...event, source: 'custom.securityhub' })).toBe(false);
  });
});

describe('one place builds Security Hub event patterns', () => {
  /** Every .ts file under a folder of the project, but the unit tests that sit beside the code. */
  const sources = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));

  test('the EventBridge source aws.securityhub is spelled only in modules/event-patterns.ts', () => {
    const files = [...sources('domain'), ...sources('modules'), ...sources('stacks')];
    expect(files).toContain(path.join('modules', 'event-patterns.ts'));
    const spelling = files.filter(
      (f) =>
        f !== path.join('modules', 'event-patterns.ts') &&
        readFileSync(path.join(ROOT, f), 'utf8').includes('aws.securityhub'),
    );
    expect(spelling).toEqual([]);
  });
});
