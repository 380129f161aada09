import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stackNameOf } from '../../../cli/plan-review/input';
import { runCli } from '../../cli/helpers';
import { configurationPolicy, planDocument, resourceChange } from './plan-builders';

const CIS = 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0';
const PCI = 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1';

/** A plan that drops a standard (high), disables a control (medium) and adds a topic. */
const RISKY = planDocument([
  resourceChange(
    'aws_securityhub_configuration_policy.policy-production_policy_68294CCD',
    'change',
    configurationPolicy([CIS, PCI], ['IAM.6']),
    configurationPolicy([CIS], ['IAM.6', 'S3.1']),
  ),
  resourceChange('aws_sns_topic.findings', 'add', null, { name: 'findings' }),
  resourceChange('aws_sns_topic.old', 'destroy', { name: 'old' }, null),
  resourceChange('aws_kms_key.key', 'replace', { description: 'a' }, { description: 'b' }),
  resourceChange('aws_securityhub_account.hub', 'no-op', {}, {}),
]);

/** A plan with only a medium risk. */
const MEDIUM_ONLY = planDocument([
  resourceChange(
    'aws_securityhub_configuration_policy.sandbox',
    'change',
    configurationPolicy([CIS], []),
    configurationPolicy([CIS], ['Macie.1']),
  ),
]);

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'plan-review-'));
}

function file(name: string, content: string | Buffer): string {
  const f = path.join(dir(), name);
  writeFileSync(f, content);
  return f;
}

describe('securityhub plan-review: output and exit codes', () => {
  test('markdown: verdict, a section per stack with its risks and changes by type; exit 1 for a high risk', async () => {
    const run = await runCli(['plan-review', file('security.json', RISKY)]);
    // Why the step failed, without opening the review.
    expect(run.stderr).toBe('securityhub plan-review: exit 1: 1 high risk found, in security (1); see the review.\n');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '<!-- securityhub-plan-review -->',
      '## Security Hub plan review',
      '',
      "**1 high-risk change** needs a security reviewer's approval; 1 medium.",
      '',
      '1 stack: 1 to add, 1 to change, 1 to destroy, 1 to replace.',
    ]);
    expect(run.stdout).toContain(
      '### `security`: 1 to add, 1 to change, 1 to destroy, 1 to replace (1 high, 1 medium)',
    );
    expect(run.stdout).toContain(
      '| **HIGH** | standard disabled | `aws_securityhub_configuration_policy.policy-production_policy_68294CCD` (change) | Stops enabling 1 standard for every account the policy targets: pci-dss/v/3.2.1. |',
    );
    expect(run.stdout).toContain('| **MEDIUM** | control disabled |');
    expect(run.stdout).toContain(`  - enabled_standard_arns loses ${PCI}`);
    expect(run.stdout).toContain('| `aws_kms_key` | 0 | 0 | 0 | 1 |');
    expect(run.stdout).toContain('| `aws_sns_topic` | 1 | 0 | 1 | 0 |');
    expect(run.stdout).not.toContain('aws_securityhub_account');
  });

  test('json: the documented shape, stable for bots', async () => {
    const run = await runCli(['plan-review', file('security.json', RISKY), '--format', 'json']);
    expect(run.code).toBe(1);
    const review = JSON.parse(run.stdout);
    expect(Object.keys(review)).toEqual(['schemaVersion', 'exitCode', 'highestSeverity', 'totals', 'stacks']);
    expect(review).toMatchObject({
      schemaVersion: 1,
      exitCode: 1,
      highestSeverity: 'high',
      totals: { add: 1, change: 1, destroy: 1, replace: 1, high: 1, medium: 1 },
    });
    const [stack] = review.stacks;
    expect(Object.keys(stack)).toEqual(['stack', 'file', 'terraformVersion', 'counts', 'resourceTypes', 'risks']);
    expect(stack).toMatchObject({
      stack: 'security',
      terraformVersion: '1.11.4',
      counts: { add: 1, change: 1, destroy: 1, replace: 1 },
    });
    expect(stack.resourceTypes.find((t: { type: string }) => t.type === 'aws_sns_topic')).toEqual({
      type: 'aws_sns_topic',
      add: 1,
      change: 0,
      destroy: 1,
      replace: 0,
      addresses: { add: ['aws_sns_topic.findings'], change: [], destroy: ['aws_sns_topic.old'], replace: [] },
    });
    expect(stack.risks.map((r: Record<string, unknown>) => Object.keys(r))).toEqual([
      ['rule', 'severity', 'address', 'resourceType', 'change', 'summary', 'details'],
      ['rule', 'severity', 'address', 'resourceType', 'change', 'summary', 'details'],
    ]);
    expect(stack.risks.map((r: { severity: string; rule: string }) => `${r.severity} ${r.rule}`)).toEqual([
      'high standard-disabled',
      'medium control-disabled',
    ]);
  });

  test('only medium risks: exit 0; no changes: exit 0 and says so', async () => {
    const medium = await runCli(['plan-review', file('sandbox.json', MEDIUM_ONLY)]);
    expect(medium.code).toBe(0);
    expect(medium.stdout).toContain('No high-risk changes; 1 medium-risk change to look at.');
    const none = await runCli(['plan-review', file('workload-staging.json', planDocument([]))]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No risky changes flagged.');
    expect(none.stdout).toContain('No resource changes.');
  });

  test('a plan of a stack without resources (no resource_changes) is an empty plan, not bad input', async () => {
    const run = await runCli([
      'plan-review',
      file(
        'workload-sandbox.json',
        JSON.stringify({
          format_version: '1.2',
          terraform_version: '1.11.4',
          planned_values: { root_module: {} },
          applyable: false,
          complete: true,
          errored: false,
        }),
      ),
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  test('a directory: <stack>.json files and <stack>/plan.json folders, sorted by stack', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'security.json'), RISKY);
    mkdirSync(path.join(d, 'workload-sandbox'));
    writeFileSync(path.join(d, 'workload-sandbox', 'plan.json'), MEDIUM_ONLY);
    writeFileSync(path.join(d, 'README.md'), 'not a plan');
    const run = await runCli(['plan-review', d, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).stacks.map((s: { stack: string }) => s.stack)).toEqual([
      'security',
      'workload-sandbox',
    ]);
  });

  test('--output writes the review to a file and nothing to stdout', async () => {
    const out = path.join(dir(), 'review.md');
    const run = await runCli(['plan-review', '--output', out, file('security.json', MEDIUM_ONLY)]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: `securityhub plan-review: wrote ${out}\n` });
    expect(readFileSync(out, 'utf8')).toContain('## Security Hub plan review');
  });

  test('--help lists the flags, the rules and the exit codes', async () => {
    const run = await runCli(['plan-review', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: securityhub plan-review [flags] PLAN');
    expect(run.stdout).toContain('production-auto-remediation-enabled');
    expect(run.stdout).toContain(
      'Exit codes: 0 success; 1 a high risk was found (stderr says how many and where); 2 usage error',
    );
    expect((await runCli(['--help'])).stdout).toMatch(/plan-review\s+review terraform plans/);
  });

  test.each([
    ['security.plan.json', 'security'],
    ['plans/management.json', 'management'],
    ['cdktf.out/stacks/security/plan.json', 'security'],
    ['workload-production.tfplan.json', 'workload-production'],
  ])('stack name of %s is %s', (f, stack) => {
    expect(stackNameOf(f)).toBe(stack);
  });
});

/** A plan of `n` IAM policies each widened to `s3:*` on `*` (one high flag each) and as many topics added. */
function bigPlan(n: number): string {
  const changes = [];
  for (let i = 0; i < n; i++) {
    changes.push(
      resourceChange(
        `aws_iam_policy.reader_${String(i).padStart(5, '0')}`,
        'change',
        {
          name: `reader-${i}`,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }],
          }),
        },
        {
          name: `reader-${i}`,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        },
      ),
    );
    changes.push(
      resourceChange(`aws_sns_topic.topic_${String(i).padStart(5, '0')}`, 'add', null, { name: `topic-${i}` }),
    );
  }
  return planDocument(changes);
}

describe('securityhub plan-review in GitHub Actions: comment limit, job summary, SARIF, marker', () => {
  test('a review too long for a GitHub comment is cut under 65,536 characters with a pointer to the job summary, which gets the full text', async () => {
    const d = dir();
    const summary = path.join(d, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const plan = file('security.json', bigPlan(600));
    const env = {
      HOME: '/nonexistent',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/security',
      GITHUB_RUN_ID: '42',
    };
    const run = await runCli(['plan-review', plan], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'securityhub plan-review: exit 1: 600 high risks found, in security (600); see the review.\n',
    );
    expect(run.stdout.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(run.stdout)).toBeLessThanOrEqual(65_536);
    expect(
      run.stdout.startsWith(
        '<!-- securityhub-plan-review -->\n## Security Hub plan review\n\n**600 high-risk changes**',
      ),
    ).toBe(true);
    expect(
      run.stdout
        .trimEnd()
        .endsWith(
          '_This review was cut to fit a GitHub comment (65,536 characters): the full review is in the job summary of [this workflow run](https://github.com/acme/security/actions/runs/42)._',
        ),
    ).toBe(true);
    // Every <details> opened is closed, so the pointer shows.
    expect((run.stdout.match(/<details>/g) ?? []).length).toBe((run.stdout.match(/<\/details>/g) ?? []).length);
    // The job summary is appended to (the earlier step's text stays) with the whole review.
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n<!-- securityhub-plan-review -->')).toBe(true);
    expect(written.length).toBeGreaterThan(65_536);
    expect(written.length).toBeLessThanOrEqual(1_048_576 + 20);
    expect(written).toContain('`aws_iam_policy.reader_00599`');
    expect(written).toContain('- `aws_sns_topic.topic_00599`');
  });

  test('first the address lists go: a review that fits without them keeps every flag', async () => {
    const run = await runCli(['plan-review', file('security.json', bigPlan(200))]);
    expect(run.stdout.length).toBeLessThanOrEqual(65_536);
    expect(run.stdout).toContain('`aws_iam_policy.reader_00199`');
    expect(run.stdout).not.toContain('<details><summary>Resources</summary>');
    expect(run.stdout).toContain('| `aws_sns_topic` | 200 | 0 | 0 | 0 |');
    expect(run.stdout).toContain('run `securityhub plan-review PLAN --format json` for every flag');
  });

  test('without GITHUB_STEP_SUMMARY a cut review says so on stderr; a short review is never cut', async () => {
    const cut = await runCli(['plan-review', file('security.json', bigPlan(600))]);
    expect(cut.stderr).toBe(
      'securityhub plan-review: the review was cut to fit a GitHub comment (65,536 characters); --format json holds every flag.\n' +
        'securityhub plan-review: exit 1: 600 high risks found, in security (600); see the review.\n',
    );
    const short = await runCli(['plan-review', file('security.json', RISKY)]);
    expect(short.stdout).not.toContain('was cut');
  });

  test('--format sarif: SARIF 2.1.0 with every rule, one result per flag at the plan file, stable fingerprints', async () => {
    const plan = file('security.json', RISKY);
    const run = await runCli(['plan-review', plan, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif).toMatchObject({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json' });
    const [r] = sarif.runs;
    expect(r.tool.driver.name).toBe('securityhub plan-review');
    expect(r.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('organizations-resource-policy-changed');
    expect(r.results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level])).toEqual([
      ['standard-disabled', 'error'],
      ['control-disabled', 'warning'],
    ]);
    const [high] = r.results;
    expect(r.tool.driver.rules[high.ruleIndex].id).toBe('standard-disabled');
    expect(high.locations[0].physicalLocation.artifactLocation.uri).toBe(plan);
    expect(high.locations[0].logicalLocations[0]).toEqual({
      fullyQualifiedName: 'security/aws_securityhub_configuration_policy.policy-production_policy_68294CCD',
      name: 'aws_securityhub_configuration_policy.policy-production_policy_68294CCD',
      kind: 'resource',
    });
    expect(high.message.text).toMatch(
      /^aws_securityhub_configuration_policy\.policy-production_policy_68294CCD \(change\): Stops enabling 1 standard/,
    );
    expect(high.properties['security-severity']).toBe('8.0');
    const again = JSON.parse((await runCli(['plan-review', plan, '--format', 'sarif'])).stdout);
    expect(again.runs[0].results[0].partialFingerprints).toEqual(high.partialFingerprints);
  });

  test('the job summary gets the Markdown whatever --format is', async () => {
    const summary = path.join(dir(), 'summary.md');
    await runCli(
      ['plan-review', file('security.json', RISKY), '--format', 'sarif', '--output', path.join(dir(), 'out.sarif')],
      { env: { HOME: '/nonexistent', GITHUB_STEP_SUMMARY: summary } },
    );
    expect(readFileSync(summary, 'utf8')).toContain('## Security Hub plan review');
  });
});

describe('securityhub plan-review: bad input is one line naming the file and the fix, exit 2', () => {
  const expectBadInput = (run: { code: number; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).toMatch(/^securityhub plan-review: /);
    expect(run.stderr).toMatch(pattern);
  };

  test('not JSON (the text of terraform plan)', async () => {
    const f = file('security.json', 'Terraform will perform the following actions:\n');
    expectBadInput(
      await runCli(['plan-review', f]),
      new RegExp(
        `${f.replace(/[.]/g, '\\.')} is not JSON \\(.*\\); give the output of \`terraform show -json tfplan\``,
      ),
    );
  });

  test('a binary plan file', async () => {
    const f = file('tfplan', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expectBadInput(
      await runCli(['plan-review', f]),
      /is a binary plan file \(terraform plan -out\), not JSON; render it with `terraform show -json .*tfplan > plan.json`/,
    );
  });

  test('JSON that is not a plan: no format_version', async () => {
    expectBadInput(
      await runCli(['plan-review', file('security.json', '{"resources": []}')]),
      /security\.json is not a Terraform plan in JSON \(no format_version\); create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan\.json`\.\n$/,
    );
  });

  test('Terraform state instead of a plan', async () => {
    expectBadInput(
      await runCli([
        'plan-review',
        file(
          'state.json',
          JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }),
        ),
      ]),
      /state\.json is Terraform state, not a plan/,
    );
  });

  test('a plan format version other than 1.x', async () => {
    expectBadInput(
      await runCli([
        'plan-review',
        file('security.json', JSON.stringify({ format_version: '2.0', resource_changes: [] })),
      ]),
      /has plan format_version "2\.0", which plan-review does not read \(it reads 1\.x\)/,
    );
  });

  test('resource_changes entries without address or actions', async () => {
    expectBadInput(
      await runCli([
        'plan-review',
        file('security.json', JSON.stringify({ format_version: '1.2', resource_changes: [{ type: 'aws_sns_topic' }] })),
      ]),
      /resource_changes\[0\] has no address, type or change\.actions/,
    );
  });

  test('a bad plan in a directory fails the whole review, naming that file', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'security.json'), RISKY);
    writeFileSync(path.join(d, 'management.json'), '{');
    expectBadInput(await runCli(['plan-review', d]), /management\.json is not JSON/);
  });

  test('a missing file, an empty directory', async () => {
    expectBadInput(
      await runCli(['plan-review', '/nonexistent/security.json']),
      /cannot read \/nonexistent\/security\.json \(no such file or directory\)/,
    );
    expectBadInput(
      await runCli(['plan-review', dir()]),
      /holds no plans: put one `terraform show -json` file per stack in it, as <stack>\.json or <stack>\/plan\.json/,
    );
  });

  test('usage: no PLAN, two PLANs, an unknown flag, an unknown format', async () => {
    expectBadInput(await runCli(['plan-review']), /give the plan to review/);
    expectBadInput(await runCli(['plan-review', 'a.json', 'b.json']), /one PLAN at a time \(got 2\)/);
    expectBadInput(await runCli(['plan-review', '--colour', 'a.json']), /unknown flag --colour/);
    expectBadInput(
      await runCli(['plan-review', '--format', 'html', 'a.json']),
      /--format "html" is not supported; use one of: markdown, json/,
    );
  });
});
