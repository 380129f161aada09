import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CUSTOM_ACTION_REMEDIATIONS,
  executionRolePermissions,
  REMEDIATION_FUNCTIONS,
  REMEDIATIONS,
  RUNBOOKS,
  type RunbookDefinition,
} from '../../domain/catalogue/remediations';
import { findControl } from '../../domain/control-catalogue';
import { memberRoleStatements } from '../../domain/member-permissions';
import { functionRunbooks } from '../../remediation-functions/runbooks';
import { METRIC_FILTER_PATTERNS } from '../../remediation-functions/runbooks/cloudwatch';
import { bundleFunctions, FUNCTION_ENTRY_POINTS } from '../../remediation-functions/scripts/bundle';
import { remediationDocPages } from '../../remediation-functions/scripts/docs';
import { readRunbookDocs } from '../../remediation-functions/scripts/runbook-docs';
import { renderRunbookTables, RUNBOOK_TABLES_FILE } from '../../remediation-functions/scripts/runbook-tables';
import {
  ALLOWED_STEP_ACTIONS,
  automationDocumentName,
  automationDocuments,
  type AutomationDocument,
} from '../../domain/automation-documents';

/* The catalogue, the implementations, the SSM documents, the docs pages and the bundles agree. */

const ROOT = path.resolve(__dirname, '..', '..');
const runbooks: Record<string, RunbookDefinition> = RUNBOOKS;

/** Permission problems: wildcards anywhere, or strings that are not `service:Action`. */
function permissionProblems(definitions: Record<string, RunbookDefinition>): string[] {
  return Object.values(definitions).flatMap((d) => [
    ...(d.permissions.length === 0 ? [`${d.runbook}: no permissions`] : []),
    ...d.permissions.filter((p) => p.includes('*')).map((p) => `${d.runbook}: wildcard action ${JSON.stringify(p)}`),
    ...d.permissions
      .filter((p) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(p))
      .map((p) => `${d.runbook}: ${JSON.stringify(p)} is not service:Action`),
    ...d.permissions.filter((p, i) => d.permissions.indexOf(p) !== i).map((p) => `${d.runbook}: ${p} listed twice`),
  ]);
}

/** Built-in SSM Automation variables a document may use without declaring them. */
const AUTOMATION_VARIABLES =
  /^(automation:(EXECUTION_ID|DOCUMENT_NAME|DOCUMENT_EXECUTION_ID)|global:(ACCOUNT_ID|REGION|AWS_PARTITION|DATE|DATE_TIME|URL_SUFFIX))$/;

/** Structural problems of an SSM Automation document. */
function documentProblems(doc: AutomationDocument): string[] {
  const problems: string[] = [];
  if (doc.schemaVersion !== '0.3') problems.push(`schemaVersion is ${doc.schemaVersion}, not 0.3`);
  if (doc.assumeRole !== '{{ AutomationAssumeRole }}') problems.push('assumeRole is not {{ AutomationAssumeRole }}');
  // EventBridge starts an Automation target with String parameters only (a map of names to lists of strings).
  for (const name of ['FindingId', 'ProductArn']) {
    if (doc.parameters[name]?.type !== 'String' || !doc.parameters[name]?.allowedPattern)
      problems.push(`parameter ${name} is not a String with an allowedPattern`);
  }
  for (const [name, p] of Object.entries(doc.parameters))
    if (p.type !== 'String') problems.push(`parameter ${name} is a ${p.type}; EventBridge can pass only strings`);
  if (doc.parameters.AutomationAssumeRole?.type !== 'String')
    problems.push('parameter AutomationAssumeRole is missing');
  const used = [...JSON.stringify(doc).matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]);
  for (const name of used) {
    if (!(name in doc.parameters) && !AUTOMATION_VARIABLES.test(name) && !/^[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(name))
      problems.push(`{{ ${name} }} is used but not a parameter`);
  }
  const steps = doc.mainSteps.map((s) => s.name);
  for (const step of doc.mainSteps) {
    if (!ALLOWED_STEP_ACTIONS.includes(step.action))
      problems.push(`step ${step.name} uses ${step.action}, which is not allowed`);
  }
  for (const name of used.filter((n) => /^[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(n))) {
    if (!steps.includes(name.split('.')[0])) problems.push(`{{ ${name} }} refers to no step`);
  }
  for (const output of doc.outputs)
    if (!steps.includes(output.split('.')[0])) problems.push(`output ${output} refers to no step`);
  if (new Set(steps).size !== steps.length) problems.push('step names repeat');
  return problems;
}

describe('IAM permissions in the catalogue', () => {
  test('every runbook lists exact actions: no "*" anywhere', () => {
    expect(permissionProblems(runbooks)).toEqual([]);
  });

  test('the check fails on a wildcard action', () => {
    const broken = {
      ...runbooks,
      Broken: { ...runbooks.EnableGuardDuty, runbook: 'Broken', permissions: ['*', 'guardduty:*', 'iam:PassRole'] },
    };
    expect(permissionProblems(broken)).toEqual([
      'Broken: wildcard action "*"',
      'Broken: wildcard action "guardduty:*"',
      'Broken: "*" is not service:Action',
      'Broken: "guardduty:*" is not service:Action',
    ]);
  });

  test('executionRolePermissions is the sorted union, for all runbooks or the ids a tier uses', () => {
    const all = executionRolePermissions();
    expect(all).toEqual([...new Set(Object.values(runbooks).flatMap((r) => r.permissions))].sort());
    expect(executionRolePermissions(['S3.2', 'S3.8', 'IsolateInstance'])).toEqual([
      'ec2:CreateSecurityGroup',
      'ec2:CreateTags',
      'ec2:DescribeInstances',
      'ec2:DescribeSecurityGroups',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:RevokeSecurityGroupIngress',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketTagging',
      's3:PutBucketPublicAccessBlock',
    ]);
    expect(() => executionRolePermissions(['S3.99'])).toThrow(
      'executionRolePermissions: "S3.99" is neither a control with a runbook nor a custom action runbook.',
    );
  });
});

describe('runbooks that serve a family of controls', () => {
  test('CloudWatch.1 to CloudWatch.14 share one runbook, each with its own pattern and metric', () => {
    const ids = Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`);
    for (const id of ids)
      expect({ id, runbook: REMEDIATIONS[id]?.runbook }).toEqual({ id, runbook: 'CreateLogMetricFilterAlarm' });
    expect(Object.keys(METRIC_FILTER_PATTERNS).sort()).toEqual([...ids].sort());
    expect(new Set(Object.values(METRIC_FILTER_PATTERNS).map((p) => p.pattern)).size).toBe(14);
    expect(new Set(Object.values(METRIC_FILTER_PATTERNS).map((p) => p.metric)).size).toBe(14);
    // Balanced braces and parentheses: CloudWatch Logs refuses a malformed pattern at PutMetricFilter.
    for (const { pattern } of Object.values(METRIC_FILTER_PATTERNS)) {
      expect(pattern.startsWith('{') && pattern.endsWith('}')).toBe(true);
      expect(pattern.split('(').length).toBe(pattern.split(')').length);
    }
  });

  test('the support role runbook may attach AWSSupportAccess only, to roles under its own path', () => {
    const statements = memberRoleStatements(executionRolePermissions(['IAM.18']));
    const attach = statements.find((s) => (s.Action as string[]).includes('iam:AttachRolePolicy'));
    expect(attach).toMatchObject({
      Resource: 'arn:aws:iam::*:role/securityhub-support/*',
      Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSSupportAccess' } },
    });
    expect(attach?.Action).toEqual(['iam:AttachRolePolicy', 'iam:DetachRolePolicy']);
    const create = statements.find((s) => (s.Action as string[]).includes('iam:CreateRole'));
    expect(create).toMatchObject({ Resource: 'arn:aws:iam::*:role/securityhub-support/*' });
    expect(create?.Condition).toBeUndefined();
  });

  test('credential runbooks never delete: no Delete action on keys or login profiles', () => {
    for (const id of ['IAM.3', 'IAM.8', 'IAM.22']) {
      expect(REMEDIATIONS[id].permissions.filter((p) => /^iam:Delete/.test(p))).toEqual([]);
      expect(REMEDIATIONS[id].safeToAutomate).toBe(false);
    }
  });
});

describe('catalogue and implementations', () => {
  test('every remediated control is in the control catalogue, and the catalogue joins its runbook', () => {
    for (const id of Object.keys(REMEDIATIONS)) {
      expect({ id, joined: findControl(id)?.remediation?.runbook }).toEqual({ id, joined: REMEDIATIONS[id].runbook });
    }
    expect(Object.keys(REMEDIATIONS).length).toBeGreaterThanOrEqual(60);
    for (const id of ['S3.1', 'CloudTrail.1', 'EC2.19', 'IAM.4', 'RDS.3']) expect(REMEDIATIONS[id]).toBeDefined();
    expect(CUSTOM_ACTION_REMEDIATIONS.IsolateInstance.runbook).toBe('IsolateEc2Instance');
  });

  test('IAM.4 and RDS.3 cannot be fixed in place; IsolateInstance and the traffic-cutting runbooks are not safe to automate', () => {
    expect(REMEDIATIONS['IAM.4'].fixesInPlace).toBe(false);
    expect(REMEDIATIONS['RDS.3'].fixesInPlace).toBe(false);
    for (const id of ['EC2.2', 'EC2.8', 'Lambda.1']) expect(REMEDIATIONS[id].safeToAutomate).toBe(false);
    expect(CUSTOM_ACTION_REMEDIATIONS.IsolateInstance.safeToAutomate).toBe(false);
  });

  test('each runbook is implemented in the function the catalogue names, and nowhere else', async () => {
    const tables = functionRunbooks();
    expect(Object.keys(tables).sort()).toEqual([...REMEDIATION_FUNCTIONS].sort());
    for (const [fn, table] of Object.entries(tables)) {
      for (const name of Object.keys(table))
        expect({ name, fn }).toEqual({ name, fn: runbooks[name]?.remediationFunction });
    }
    for (const definition of Object.values(runbooks)) {
      const runbook = await tables[definition.remediationFunction][definition.runbook]?.();
      expect(runbook?.name).toBe(definition.runbook);
      // Runbooks that cannot fix in place only notify: no apply, no rollback.
      expect({
        name: definition.runbook,
        apply: runbook?.apply !== undefined,
        rollback: runbook?.rollback !== undefined,
      }).toEqual({ name: definition.runbook, apply: definition.fixesInPlace, rollback: definition.fixesInPlace });
    }
  });

  test('every function has an entry point to bundle, plus the rollback router and the compliance review', () => {
    expect(Object.keys(FUNCTION_ENTRY_POINTS).sort()).toEqual(
      [...REMEDIATION_FUNCTIONS, 'rollback', 'compliance-review'].sort(),
    );
  });
});

describe('loader tables generated from the catalogue', () => {
  /** A scratch repository root whose runbooks folder holds the given files. */
  function scratchRoot(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'runbook-tables-'));
    const dir = path.join(root, 'remediation-functions', 'runbooks');
    mkdirSync(dir, { recursive: true });
    // The implementation modules only: the docs/ folder of Markdown prose is not part of the tables.
    for (const file of readdirSync(path.join(ROOT, 'remediation-functions', 'runbooks')).filter((f) =>
      f.endsWith('.ts'),
    )) {
      copyFileSync(path.join(ROOT, 'remediation-functions', 'runbooks', file), path.join(dir, file));
    }
    for (const [file, text] of Object.entries(files)) {
      if (text === '') rmSync(path.join(dir, file));
      else writeFileSync(path.join(dir, file), text);
    }
    return root;
  }

  test('the committed remediation-functions/runbooks/tables.ts is what `npm run generate:runbooks` writes', () => {
    expect(readFileSync(path.join(ROOT, RUNBOOK_TABLES_FILE), 'utf8')).toBe(renderRunbookTables(ROOT));
  });

  test('a runbook in the catalogue without an implementation is named, with the export it needs', () => {
    const root = scratchRoot({ 'kms.ts': '' });
    try {
      expect(() => renderRunbookTables(root)).toThrow(
        'runbook EnableKmsKeyRotation: no `export const enableKmsKeyRotation` in remediation-functions/runbooks/*.ts; export the implementation under that name.',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an implementation exported from two files is refused, naming both', () => {
    const root = scratchRoot({ 'kms-copy.ts': 'export const enableKmsKeyRotation = 1;\n' });
    try {
      expect(() => renderRunbookTables(root)).toThrow(
        'runbook EnableKmsKeyRotation: `enableKmsKeyRotation` is exported from kms-copy.ts and kms.ts; keep one.',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('SSM Automation documents', () => {
  const documents = automationDocuments();

  test('one per runbook', () => {
    expect(Object.keys(documents).sort()).toEqual(Object.keys(runbooks).map(automationDocumentName).sort());
  });

  test.each(Object.entries(documents))(
    '%s: parameters used exist, assumeRole is set, steps use allowed actions',
    (_name, doc) => {
      expect(documentProblems(doc)).toEqual([]);
      const step = doc.mainSteps[0];
      expect(step).toMatchObject({
        action: 'aws:invokeLambdaFunction',
        maxAttempts: 1,
        onFailure: 'Abort',
        inputs: { InvocationType: 'RequestResponse', FunctionName: '{{ RemediationFunction }}' },
      });
      // The payload is JSON once SSM substitutes the parameters with any value their patterns allow.
      const findingId =
        'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.1/finding/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
      expect(new RegExp(doc.parameters.FindingId.allowedPattern as string).test(findingId)).toBe(true);
      for (const hostile of ['x"}, "Runbook": "EnableGuardDuty', 'x\\', `${findingId}${'x'.repeat(600)}`])
        expect(new RegExp(doc.parameters.FindingId.allowedPattern as string).test(hostile)).toBe(false);
      expect(
        new RegExp(doc.parameters.ProductArn.allowedPattern as string).test(
          'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
        ),
      ).toBe(false);
      const payload = JSON.parse(
        step.inputs.Payload.replace('{{ FindingId }}', findingId).replace(/\{\{ [^}]+ \}\}/g, 'x'),
      ) as Record<string, unknown>;
      expect(payload).toMatchObject({
        FindingId: findingId,
        ProductArn: 'x',
        AutomationExecutionId: 'x',
        Trigger: 'x',
      });
      expect(runbooks[payload.Runbook as string]).toBeDefined();
    },
  );

  test('the structural check fails on an undeclared parameter, a missing assumeRole and a step action outside the allowed set', () => {
    const good = documents[automationDocumentName('EnableGuardDuty')];
    const broken: AutomationDocument = {
      ...good,
      assumeRole: '',
      mainSteps: [
        {
          ...good.mainSteps[0],
          action: 'aws:runCommand',
          inputs: { ...good.mainSteps[0].inputs, FunctionName: '{{ FunctionArn }}' },
        },
      ],
    };
    expect(documentProblems(broken)).toEqual([
      'assumeRole is not {{ AutomationAssumeRole }}',
      '{{ FunctionArn }} is used but not a parameter',
      'step Remediate uses aws:runCommand, which is not allowed',
    ]);
  });

  test('the committed JSON files are the generated ones', () => {
    const dir = path.join(ROOT, 'remediation-functions', 'ssm-documents');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(
      Object.keys(documents)
        .map((n) => `${n}.json`)
        .sort(),
    );
    for (const file of files) {
      expect({ file, doc: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }).toEqual({
        file,
        doc: documents[file.replace(/\.json$/, '')],
      });
    }
  });
});

describe('docs/remediation', () => {
  const pages = remediationDocPages();
  const docs = readRunbookDocs(Object.keys(runbooks));

  test('a page for every control and custom action with a runbook, committed as generated', () => {
    const expected = [...Object.keys(REMEDIATIONS), ...Object.keys(CUSTOM_ACTION_REMEDIATIONS)].map((id) =>
      path.join('docs', 'remediation', `${id}.md`),
    );
    expect(Object.keys(pages).sort()).toEqual(
      [...expected, path.join('docs', 'remediation', 'README.md'), path.join('docs', 'rollback.md')].sort(),
    );
    for (const [file, content] of Object.entries(pages)) {
      expect({ file, content: readFileSync(path.join(ROOT, file), 'utf8') }).toEqual({ file, content });
    }
  });

  test('the README table has a row per runbook: its controls, what it changes, every permission, its rollback', () => {
    const readme = pages[path.join('docs', 'remediation', 'README.md')];
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const definition of Object.values(runbooks)) {
      const row = rows.find((r) => r.startsWith(`| \`${definition.runbook}\` |`)) as string;
      const controls = Object.entries(REMEDIATIONS)
        .filter(([, r]) => r.runbook === definition.runbook)
        .map(([id]) => id);
      expect({ runbook: definition.runbook, row: row !== undefined }).toEqual({
        runbook: definition.runbook,
        row: true,
      });
      for (const id of controls) expect(row).toContain(`[${id}](${id}.md)`);
      for (const permission of definition.permissions) expect(row).toContain(`\`${permission}\``);
      expect(row).toContain(definition.summary.replace(/\|/g, '\\|'));
      if (definition.fixesInPlace) expect(row).toContain(docs[definition.runbook].rollback.replace(/\|/g, '\\|'));
    }
    expect(readme).toContain(
      `${Object.keys(runbooks).length} runbooks cover ${Object.keys(REMEDIATIONS).length} controls`,
    );
  });

  test.each(Object.entries(REMEDIATIONS).concat(Object.entries(CUSTOM_ACTION_REMEDIATIONS)))(
    '%s: says what it changes, needs (every permission and parameter), how to roll back, when unsafe',
    (id, definition) => {
      const text = pages[path.join('docs', 'remediation', `${id}.md`)];
      for (const heading of [
        '## What it changes',
        '## What it needs',
        '## How to roll it back',
        '## When it is unsafe',
      ])
        expect(text).toContain(heading);
      for (const permission of definition.permissions) expect(text).toContain(`\`${permission}\``);
      for (const parameter of definition.parameters) expect(text).toContain(`\`${parameter.name}\``);
      // The prose is the runbook's Markdown file, and the page says where to edit it.
      const doc = docs[definition.runbook];
      for (const prose of [doc.changes, doc.unsafeWhen, ...(definition.fixesInPlace ? [doc.rollback] : [])])
        expect(text).toContain(prose);
      expect(text).toContain(`remediation-functions/runbooks/docs/${definition.runbook}.md; edit those.`);
    },
  );
});

describe('bundles', () => {
  let dir: string;
  let bundles: Awaited<ReturnType<typeof bundleFunctions>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'remediation-bundles-'));
    bundles = await bundleFunctions(ROOT, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each function is one CommonJS file of at most 56 KB (the weekly review 400 KB) that leaves only the AWS SDK and node: modules external', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual(Object.keys(FUNCTION_ENTRY_POINTS).sort());
    for (const b of bundles) {
      // The review carries the control catalogue and the report's renderers; it runs once a week, so its cold start matters little.
      const budget = b.name === 'compliance-review' ? 400 * 1024 : 56 * 1024;
      expect({ name: b.name, withinBudget: b.bytes <= budget }).toEqual({ name: b.name, withinBudget: true });
      expect(b.externals.every((e) => e.startsWith('@aws-sdk/') || e.startsWith('node:'))).toBe(true);
    }
  });

  test('a bundle loads in a fresh node, exports handler, and rejects a malformed event without touching AWS', () => {
    const file = bundles.find((b) => b.name === 'remediate-s3')?.file as string;
    const script = `
      const { handler } = require(${JSON.stringify(file)});
      if (typeof handler !== 'function') throw new Error('no handler');
      handler({ 'detail-type': 'Security Hub Insight Results', source: 'aws.securityhub', id: 'e1' })
        .then(() => { console.log('accepted'); process.exit(1); })
        .catch((e) => { console.log(e.name + ': ' + e.message); });`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim()).toBe(
      'InvalidEventError: event.detail-type: expected "Security Hub Findings - Imported" or "Security Hub Findings - Custom Action", received "Security Hub Insight Results".',
    );
  });

  test('the compliance review bundle loads without the CDK for Terraform and stops on a missing setting before reading anything', () => {
    const file = bundles.find((b) => b.name === 'compliance-review')?.file as string;
    expect(readFileSync(file, 'utf8')).not.toMatch(/TerraformStack|require\("constructs"\)/);
    const script = `
      const { handler } = require(${JSON.stringify(file)});
      handler({}).then(() => { console.log('ran'); process.exit(1); }).catch((e) => { console.log(e.message); });`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim().split('\n').pop()).toBe(
      'environment variable COMPLIANCE_REVIEW_LOCK_MODE is not set; the ComplianceReview construct sets it',
    );
  });
});
