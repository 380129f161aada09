import { Testing } from '../../../modules/framework';
import { reviewPlans } from '../../../cli/plan-review/review';
import type { ResourceChange } from '../../../cli/plan-review/plan';
import { buildOrganizationStacks } from '../../../stacks/organization';
import { configFrom, defaultConfigData } from '../../support/org-config';
import { planDocument, resourceChange } from './plan-builders';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The resources the remediation wiring writes, as `cdktf synth` writes the security stack. */
const TYPES = ['aws_cloudwatch_event_rule', 'aws_ssm_parameter'];

function securityResources(data: Json): Json {
  const stacks = buildOrganizationStacks(Testing.app(), configFrom(data));
  return JSON.parse(Testing.synth(stacks.security)).resource as Json;
}

/**
 * The plan of going from one synthesized stack to another, as `terraform show -json` writes it:
 * an attribute-for-attribute comparison of what synth wrote (no-op when equal, else update).
 */
function planBetween(before: Json, after: Json): string {
  const changes: ResourceChange[] = [];
  for (const type of TYPES) {
    const names = new Set([...Object.keys(before[type] ?? {}), ...Object.keys(after[type] ?? {})]);
    for (const name of [...names].sort()) {
      const was = before[type]?.[name] ?? null;
      const is = after[type]?.[name] ?? null;
      const kind = !was ? 'add' : !is ? 'destroy' : JSON.stringify(was) === JSON.stringify(is) ? 'no-op' : 'change';
      changes.push(resourceChange(`${type}.${name}`, kind, was, is));
    }
  }
  return planDocument(changes);
}

/** The example config with a tier's remediation modes changed. */
function withModes(tier: string, modes: Record<string, string>, data: Json = defaultConfigData()): Json {
  const t = data.tiers.find((x: Json) => x.name === tier);
  t.remediation.controls = { ...t.remediation.controls, ...modes };
  return data;
}

const review = (before: Json, after: Json) =>
  reviewPlans([{ stack: 'security', file: 'security.json', text: planBetween(before, after) }]);
const remediationFlags = (r: ReturnType<typeof review>) =>
  r.stacks[0].risks.filter((x) => x.rule === 'production-auto-remediation-enabled');

describe('production-auto-remediation-enabled on plans of the synthesized security stack', () => {
  const baseline = securityResources(defaultConfigData());

  test("S3.2: auto in production names S3.2 only, though the runbook's rule also routes CloudTrail.6, S3.3 and S3.8 (unchanged pattern)", () => {
    const after = securityResources(withModes('production', { 'S3.2': 'auto' }));
    // What makes the case: one rule per runbook; its pattern is the same before and after.
    const rule = (res: Json) =>
      Object.entries(res.aws_cloudwatch_event_rule as Json).find(
        ([, r]) => r.tags?.['securityhub:runbook'] === 'EnableS3BucketBlockPublicAccess',
      )!;
    expect(rule(after)[1].event_pattern).toBe(rule(baseline)[1].event_pattern);
    expect(JSON.parse(rule(after)[1].event_pattern).detail.findings.Compliance.SecurityControlId).toEqual([
      'CloudTrail.6',
      'S3.2',
      'S3.3',
      'S3.8',
    ]);

    const flags = remediationFlags(review(baseline, after));
    expect(flags.map((f) => [f.address, f.summary])).toEqual([
      [
        `aws_cloudwatch_event_rule.${rule(after)[0]}`,
        'Automatic remediation enabled in production by runbook EnableS3BucketBlockPublicAccess for 1 control (S3.2): resources change without a person approving.',
      ],
    ]);
    expect(flags[0].details).toEqual([
      'securityhub:remediation-mode = auto, securityhub:environment = production sandbox staging',
      'Compliance.SecurityControlId gains S3.2',
    ]);
  });

  test('then S3.3: auto too: the rule does not change at all, the policy does, and the flag is on the policy parameter naming S3.3', () => {
    const s32 = securityResources(withModes('production', { 'S3.2': 'auto' }));
    const both = securityResources(withModes('production', { 'S3.2': 'auto', 'S3.3': 'auto' }));
    const r = review(s32, both);
    // Only the policy changed: no rule has anything to apply.
    expect(r.counts).toEqual({ add: 0, change: 1, destroy: 0, replace: 0 });
    const flags = remediationFlags(r);
    expect(flags.map((f) => [f.address.split('.')[0], f.summary, f.details])).toEqual([
      [
        'aws_ssm_parameter',
        'Automatic remediation enabled in production by the remediation policy for 1 control (S3.3): the rules already route it, so resources change without a person approving.',
        ['production mode of S3.3 becomes auto'],
      ],
    ]);
  });

  test('passes: a control turned to auto in staging only, or production turned back to shadow', () => {
    expect(remediationFlags(review(baseline, securityResources(withModes('staging', { 'S3.5': 'auto' }))))).toEqual([]);
    const s32 = securityResources(withModes('production', { 'S3.2': 'auto' }));
    expect(remediationFlags(review(s32, baseline))).toEqual([]);
    expect(remediationFlags(review(baseline, baseline))).toEqual([]);
  });
});
