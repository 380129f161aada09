import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from '../../modules/framework';
import { closestMatches } from '../../core/closest';
import { fillFinding } from '../../cli/import/fill';
import { checkDocsParameters, parseCsv } from '../../scripts/catalogue/generate';
import { ConfigError } from '../../config/problems';
import { parseOrganizationConfig } from '../../config/load';
import {
  CATALOGUE_DATA,
  CONTROL_CATALOGUE,
  findControl,
  RETIRED_CONTROLS,
  type SecurityControlId,
} from '../../domain/control-catalogue';
import { ConfigurationPolicy, type ControlParameters, type DisabledControl } from '../../modules/configuration-policy';
import { REMEDIATIONS } from '../../domain/catalogue/remediations';
import { checkCatalogue, standardsTable } from '../../domain/catalogue/catalogue-file';
import { derivedFiles } from '../../domain/catalogue/catalogue-store';
import { STANDARDS_TABLE } from '../../domain/standards-table';
import { requirementsByStandard, standardOfRequirement } from '../../domain/catalogue/requirement-standards';
import { SecurityHub } from '../../modules/security-hub';
import { SecurityStandard } from '../../domain/security-standard';
import { buildOrganizationStacks } from '../../stacks/organization';
import { stringify } from 'yaml';
import { defaultConfigData } from '../support/org-config';

describe('the catalogue data', () => {
  /*
   * Expected counts per standard. Sources:
   * - 2025-03-25: what ListSecurityControlDefinitions --standards-arn <standard> returned for each
   *   standard that day, as exported in github.com/SooJongKim2/securityhub-controls-export
   *   (securityhub_controls_sample.csv, commit 6c07ebf0).
   * - CIS v5.0.0 and NIST SP 800-171 r2 (published after that export): the standards' own pages of
   *   the Security Hub CSPM user guide ("Controls that apply to ..."), github.com/crowecawcaw/aws-docs-history commit 33cdf3f9.
   * - Since the export: the controls the current control reference adds, retires or moves out of a
   *   standard (scripts/catalogue/docs-reference.json, read from the reference table and the
   *   change log of controls); SSM.7 from the FSBP page of the current user guide.
   */
  const EXPORTED: Record<string, number> = {
    'standards/aws-foundational-security-best-practices/v/1.0.0': 306 + 1,
    'standards/nist-800-53/v/5.0.0': 291,
    'standards/pci-dss/v/4.0.1': 144,
    'standards/aws-resource-tagging-standard/v/1.0.0': 122,
    'standards/pci-dss/v/3.2.1': 44,
    'ruleset/cis-aws-foundations-benchmark/v/1.2.0': 42,
    'standards/cis-aws-foundations-benchmark/v/1.4.0': 39,
    'standards/cis-aws-foundations-benchmark/v/3.0.0': 37,
    'standards/cis-aws-foundations-benchmark/v/5.0.0': 40,
    'standards/nist-800-171/v/2.0.0': 62,
  };
  const reference = JSON.parse(
    readFileSync(path.join(__dirname, '../../scripts/catalogue/docs-reference.json'), 'utf8'),
  ) as {
    added: Record<string, { standards: string[] }>;
    retired: Record<string, { retiredAt?: string; standards: string[] }>;
    changed: { id: string; removedFrom?: string[]; addedTo?: string[] }[];
  };
  const count = (lists: (string[] | undefined)[], standardsId: string) =>
    lists.filter((l) => l?.includes(standardsId)).length;
  const PUBLISHED: Record<string, number> = Object.fromEntries(
    Object.entries(EXPORTED).map(([standardsId, n]) => [
      standardsId,
      n +
        count(
          Object.values(reference.added).map((a) => a.standards),
          standardsId,
        ) -
        count(
          Object.values(reference.retired).map((r) => r.standards),
          standardsId,
        ) -
        count(
          reference.changed.map((c) => c.removedFrom),
          standardsId,
        ) +
        count(
          reference.changed.map((c) => c.addedTo),
          standardsId,
        ),
    ]),
  );

  test.each(Object.entries(PUBLISHED))('%s has the published number of controls', (standardsId, count) => {
    expect(CONTROL_CATALOGUE.filter((c) => c.standardsIds.includes(standardsId))).toHaveLength(count);
    expect(CATALOGUE_DATA.standards.find((s) => s.standardsId === standardsId)?.controlCount).toBe(count);
  });

  test('related requirements are kept per standard, as AWS names them, only for standards the control is in', () => {
    const byId = new Map(CONTROL_CATALOGUE.map((c) => [c.securityControlId, c]));
    // From the current control reference: what an auditor asks for ("PCI DSS 4.0.1 requirement 8.3.1").
    expect(byId.get('ElastiCache.6')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual(['PCI DSS v4.0.1/8.3.1']);
    expect(byId.get('IAM.7')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual([
      'PCI DSS v4.0.1/8.3.6',
      'PCI DSS v4.0.1/8.3.7',
      'PCI DSS v4.0.1/8.3.9',
      'PCI DSS v4.0.1/8.3.10.1',
      'PCI DSS v4.0.1/8.6.3',
    ]);
    // From the older reference's control pages.
    expect(byId.get('S3.1')?.requirements?.['standards/nist-800-53/v/5.0.0']).toContain('NIST.800-53.r5 AC-21');
    expect(byId.get('S3.1')?.requirements?.['standards/cis-aws-foundations-benchmark/v/1.4.0']).toEqual([
      'CIS AWS Foundations Benchmark v1.4.0/2.1.5',
    ]);
    let withRequirements = 0;
    for (const c of CONTROL_CATALOGUE) {
      for (const [standardsId, ids] of Object.entries(c.requirements ?? {})) {
        expect(c.standardsIds).toContain(standardsId);
        for (const id of ids)
          expect([c.securityControlId, standardOfRequirement(id)]).toEqual([c.securityControlId, standardsId]);
      }
      if (Object.keys(c.requirements ?? {}).length > 0) withRequirements++;
    }
    expect(withRequirements).toBeGreaterThan(200);
    // From the current reference's control pages: the ids of the standards a page names replace
    // the older lists of those standards; the others (here NIST SP 800-53 r5) stay as they were.
    expect(byId.get('IAM.22')?.requirements?.['standards/cis-aws-foundations-benchmark/v/5.0.0']).toEqual([
      'CIS AWS Foundations Benchmark v5.0.0/1.11',
    ]);
    expect(byId.get('CloudTrail.2')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual(['PCI DSS v4.0.1/10.3.2']);
    expect(byId.get('CloudWatch.7')?.requirements?.['standards/nist-800-171/v/2.0.0']).toEqual([
      'NIST.800-171.r2 3.13.10',
      'NIST.800-171.r2 3.13.16',
      'NIST.800-171.r2 3.14.6',
      'NIST.800-171.r2 3.14.7',
    ]);
    expect(byId.get('S3.5')?.requirements?.['standards/nist-800-53/v/5.0.0']).toContain('NIST.800-53.r5 SC-8');
    for (const standardsId of [
      'standards/pci-dss/v/4.0.1',
      'standards/nist-800-171/v/2.0.0',
      'standards/cis-aws-foundations-benchmark/v/3.0.0',
      'standards/cis-aws-foundations-benchmark/v/5.0.0',
    ]) {
      expect(CONTROL_CATALOGUE.filter((c) => c.requirements?.[standardsId]?.length).length).toBeGreaterThan(15);
    }
    expect(byId.get('SSM.7')).toMatchObject({
      severity: 'CRITICAL',
      title: 'SSM documents should have the block public sharing setting enabled',
    });
  });

  describe('requirement ids of the standards an evidence pack maps', () => {
    const reference = JSON.parse(
      readFileSync(path.join(__dirname, '../../scripts/catalogue/docs-reference.json'), 'utf8'),
    ) as {
      requirements: { withoutIds: Record<string, Record<string, { page: string; why: string }>> };
    };
    const MAPPED = [
      'standards/pci-dss/v/4.0.1',
      'standards/nist-800-53/v/5.0.0',
      'standards/nist-800-171/v/2.0.0',
      'standards/cis-aws-foundations-benchmark/v/3.0.0',
      'standards/cis-aws-foundations-benchmark/v/5.0.0',
    ];

    test.each(MAPPED)(
      'every current control of %s has one of its requirement ids, or is a documented exception',
      (standardsId) => {
        const exceptions = reference.requirements.withoutIds[standardsId] ?? {};
        const controls = CONTROL_CATALOGUE.filter((c) => !c.retired && c.standardsIds.includes(standardsId));
        const without = controls.filter((c) => !c.requirements?.[standardsId]?.length).map((c) => c.securityControlId);
        // A regression that drops ids shows up here as a control missing from the exceptions.
        expect(without).toEqual(Object.keys(exceptions));
        // And an exception whose control gained ids, or left the standard, must go from the list.
        for (const [id, e] of Object.entries(exceptions)) {
          expect([id, controls.some((c) => c.securityControlId === id)]).toEqual([id, true]);
          expect(e.page).toMatch(/^docs\/securityhub\/latest\/userguide\/[a-z0-9]+-controls\.md$/);
          expect(e.why).not.toBe('');
        }
        // Most controls of each standard are mapped: the exceptions are the few the pages name none for.
        expect(without.length).toBeLessThan(controls.length / 10);
      },
    );

    test('ids read from the current control pages, checked by hand against the page text', () => {
      const byId = new Map(CONTROL_CATALOGUE.map((c) => [c.securityControlId, c]));
      expect(byId.get('EC2.2')?.requirements).toMatchObject({
        'standards/cis-aws-foundations-benchmark/v/3.0.0': ['CIS AWS Foundations Benchmark v3.0.0/5.4'],
        'standards/cis-aws-foundations-benchmark/v/5.0.0': ['CIS AWS Foundations Benchmark v5.0.0/5.5'],
        'standards/pci-dss/v/3.2.1': ['PCI DSS v3.2.1/1.2.1', 'PCI DSS v3.2.1/1.3.4', 'PCI DSS v3.2.1/2.1'],
      });
      expect(byId.get('RDS.3')?.requirements).toMatchObject({
        'standards/cis-aws-foundations-benchmark/v/3.0.0': ['CIS AWS Foundations Benchmark v3.0.0/2.3.1'],
        'standards/cis-aws-foundations-benchmark/v/5.0.0': ['CIS AWS Foundations Benchmark v5.0.0/2.2.1'],
      });
      expect(byId.get('Lambda.1')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual(['PCI DSS v4.0.1/7.2.1']);
      expect(byId.get('EC2.6')?.requirements?.['standards/nist-800-171/v/2.0.0']).toEqual([
        'NIST.800-171.r2 3.1.20',
        'NIST.800-171.r2 3.3.1',
        'NIST.800-171.r2 3.13.1',
      ]);
      expect(byId.get('GuardDuty.1')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual(['PCI DSS v4.0.1/11.5.1']);
      // Misprints on the pages, read as the corrections in the data say.
      expect(byId.get('S3.8')?.requirements?.['standards/cis-aws-foundations-benchmark/v/3.0.0']).toEqual([
        'CIS AWS Foundations Benchmark v3.0.0/2.1.4',
      ]);
      expect(byId.get('MQ.6')?.requirements?.['standards/nist-800-53/v/5.0.0']).toContain('NIST.800-53.r5 SI-13(5)');
      // ElastiCache.2's page runs two ids together without a comma: both are read.
      expect(byId.get('ElastiCache.2')?.requirements).toMatchObject({
        'standards/nist-800-53/v/5.0.0': [
          'NIST.800-53.r5 SI-2',
          'NIST.800-53.r5 SI-2(2)',
          'NIST.800-53.r5 SI-2(4)',
          'NIST.800-53.r5 SI-2(5)',
        ],
        'standards/pci-dss/v/4.0.1': ['PCI DSS v4.0.1/6.3.3'],
      });
      // Controls added since the 2023 reference, read from their current pages.
      expect(byId.get('AppSync.2')?.requirements?.['standards/pci-dss/v/4.0.1']).toEqual(['PCI DSS v4.0.1/10.4.2']);
      expect(byId.get('SageMaker.4')?.requirements?.['standards/nist-800-53/v/5.0.0']).toEqual([
        'NIST.800-53.r5 CP-10',
        'NIST.800-53.r5 SA-13',
        'NIST.800-53.r5 SC-5',
        'NIST.800-53.r5 SC-36',
      ]);
      expect(byId.get('Macie.1')?.requirements?.['standards/nist-800-53/v/5.0.0']).toEqual([
        'NIST.800-53.r5 CA-7',
        'NIST.800-53.r5 CA-9(1)',
        'NIST.800-53.r5 RA-5',
        'NIST.800-53.r5 SA-8(19)',
        'NIST.800-53.r5 SI-4',
      ]);
    });
  });

  test('requirement ids are grouped by the standard their prefix names; unknown prefixes are set aside', () => {
    expect(
      requirementsByStandard([
        'PCI DSS v4.0.1/10.2.1',
        'NIST.800-53.r5 AC-2(1)',
        'PCI DSS v4.0.1/2.2.1',
        'NIST.800-53.r5 AC-2',
        'ISO 27001 A.9',
        'PCI DSS v4.0.1/2.2.1',
      ]),
    ).toEqual({
      byStandard: {
        'standards/nist-800-53/v/5.0.0': ['NIST.800-53.r5 AC-2', 'NIST.800-53.r5 AC-2(1)'],
        'standards/pci-dss/v/4.0.1': ['PCI DSS v4.0.1/2.2.1', 'PCI DSS v4.0.1/10.2.1'],
      },
      unknown: ['ISO 27001 A.9'],
    });
  });

  test('a data file whose requirements are not lists of ids is refused with the entry and the fix', () => {
    const bad = {
      ...CATALOGUE_DATA,
      controls: [
        { ...CATALOGUE_DATA.controls[0], requirements: { 'standards/pci-dss/v/4.0.1': 'PCI DSS v4.0.1/8.3.1' } },
      ],
    };
    expect(() => checkCatalogue(bad)).toThrow(
      'controls.json: controls[0].requirements.standards/pci-dss/v/4.0.1: expected a list of requirement ids such as "PCI DSS v4.0.1/8.3.1"; regenerate it with `securityhub catalogue refresh`.',
    );
  });

  test('the generated control types and standards table are what the data file gives (run `npm run generate:catalogue` when this fails)', () => {
    const files = derivedFiles(CATALOGUE_DATA);
    expect(files.map(([file]) => file.replace(/\\/g, '/').split('/').slice(-2).join('/'))).toEqual([
      'catalogue/control-types.ts',
      'domain/standards-table.ts',
    ]);
    for (const [file, text] of files) expect({ file, text: readFileSync(file, 'utf8') }).toEqual({ file, text });
  });

  test("the standards table is the data file's standards, in report order, with how each ARN and requirement id is written", () => {
    expect(STANDARDS_TABLE.map((s) => s.standardsId)).toEqual(CATALOGUE_DATA.standards.map((s) => s.standardsId));
    expect(SecurityStandard.ALL.map((s) => s.shortName)).toEqual([
      'CIS v5.0',
      'CIS v3.0',
      'CIS v1.4',
      'CIS v1.2',
      'AWS FSBP v1.0',
      'PCI DSS v4.0.1',
      'PCI DSS v3.2.1',
      'NIST 800-53 r5',
      'NIST 800-171 r2',
      'AWS Tagging v1.0',
    ]);
    expect(STANDARDS_TABLE.filter((s) => s.global).map((s) => s.standardsId)).toEqual([
      'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    ]);
    const pci = 'standards/pci-dss/v/4.0.1';
    const pciControls = CONTROL_CATALOGUE.filter(
      (c) => !c.retired && c.standards.some((s) => s.standardsId === pci),
    ).length;
    expect(STANDARDS_TABLE.find((s) => s.standardsId === pci)).toMatchObject({
      version: '4.0.1',
      requirementPrefix: 'PCI DSS v4.0.1/',
      controlCount: pciControls,
    });
    expect(standardOfRequirement('CIS AWS Foundations Benchmark v1.2.0/3.1')).toBe(
      'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    );
    expect(standardOfRequirement('NIST.800-171.r2 3.1.1')).toBe('standards/nist-800-171/v/2.0.0');
  });

  test("a refreshed standards table keeps each standard's place and labels, adds new ones after them and drops empty ones", () => {
    const [first, second] = CATALOGUE_DATA.standards;
    const controls = [
      {
        securityControlId: 'X.1',
        title: 'x',
        severity: 'LOW' as const,
        parameters: [],
        standards: [second.standardsId, 'standards/new-standard/v/1.0.0'],
      },
      {
        securityControlId: 'X.2',
        title: 'y',
        severity: 'LOW' as const,
        parameters: [],
        standards: [second.standardsId],
        retired: true,
      },
    ];
    expect(
      standardsTable(controls, [first, second], new Map([['standards/new-standard/v/1.0.0', 'A New Standard v1.0.0']])),
    ).toEqual([
      { ...second, controlCount: 1 },
      { standardsId: 'standards/new-standard/v/1.0.0', name: 'A New Standard v1.0.0', controlCount: 1 },
    ]);
  });

  test('a data file whose standards table is malformed is refused with the entry and the fix', () => {
    const bad = { ...CATALOGUE_DATA, standards: [{ ...CATALOGUE_DATA.standards[0], standardsId: 'pci-dss 4' }] };
    expect(() => checkCatalogue(bad)).toThrow(
      'controls.json: standards[0].standardsId: "pci-dss 4" is not a standards id such as "standards/pci-dss/v/4.0.1"; regenerate it with `securityhub catalogue refresh`.',
    );
  });

  test('every standard the data names is a SecurityStandard with its ARN', () => {
    for (const s of CATALOGUE_DATA.standards)
      expect(SecurityStandard.fromId(s.standardsId)?.arn('eu-west-1')).toMatch(
        /^arn:aws:securityhub:(eu-west-1)?::(standards|ruleset)\//,
      );
    expect(SecurityStandard.NIST_800_171_2_0_0.arn('us-east-1')).toBe(
      'arn:aws:securityhub:us-east-1::standards/nist-800-171/v/2.0.0',
    );
    expect(SecurityStandard.AWS_RESOURCE_TAGGING_STANDARD_1_0_0.arn('us-east-1')).toBe(
      'arn:aws:securityhub:us-east-1::standards/aws-resource-tagging-standard/v/1.0.0',
    );
  });

  test('every control has a title, a severity and at least one standard; ids are unique', () => {
    // 497 in the export, SSM.7, and what the current reference added and retired since.
    expect(CONTROL_CATALOGUE).toHaveLength(
      497 + 1 + Object.keys(reference.added).length - Object.keys(reference.retired).length,
    );
    for (const c of CONTROL_CATALOGUE) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']).toContain(c.severity);
    }
    // In no standard the export saw: Security Hub offers these outside its standards (central
    // configuration and the service-managed Control Tower standard can still enable them).
    expect(CONTROL_CATALOGUE.filter((c) => c.standardsIds.length === 0).map((c) => c.securityControlId)).toEqual([
      'EC2.22',
    ]);
    expect(new Set(CATALOGUE_DATA.controls.map((c) => c.securityControlId)).size).toBe(CATALOGUE_DATA.controls.length);
  });

  test('the controls real organizations disable are there, with the facts AWS publishes', () => {
    expect(findControl('ECR.3')).toMatchObject({ severity: 'MEDIUM', retired: false });
    expect(findControl('DynamoDB.6')).toMatchObject({
      title: 'DynamoDB tables should have deletion protection enabled',
      retired: false,
    });
    expect(findControl('SageMaker.1')).toMatchObject({
      severity: 'HIGH',
      title: 'Amazon SageMaker notebook instances should not have direct internet access',
    });
    expect(findControl('ELB.4')?.parameters).toEqual([]);
    expect(findControl('IAM.7')?.parameters.find((p) => p.name === 'MinimumPasswordLength')).toEqual({
      name: 'MinimumPasswordLength',
      type: 'integer',
      min: 8,
      max: 128,
      default: 8,
    });
  });

  test('retired controls are kept, marked, and in no standard; those the change log dates carry the day', () => {
    expect(RETIRED_CONTROLS.map((c) => c.securityControlId)).toEqual([
      'AppSync.1',
      'AppSync.6',
      'AutoScaling.4',
      'CloudFormation.1',
      'CloudFront.2',
      'CodeBuild.5',
      'EC2.29',
      'ECS.1',
      'IAM.20',
      'IoTEvents.1',
      'IoTEvents.2',
      'IoTEvents.3',
      'MQ.3',
      'RDS.18',
      'Redshift.9',
      'S3.4',
      'SNS.2',
    ]);
    for (const c of RETIRED_CONTROLS) expect(c.standardsIds).toEqual([]);
    expect(findControl('MQ.3')).toMatchObject({
      retired: true,
      retiredAt: '2026-01-12',
      title: 'Amazon MQ brokers should have automatic minor version upgrade enabled',
    });
    expect(findControl('AppSync.1')?.retiredAt).toBe('2026-03-09');
    expect(findControl('RDS.18')?.retiredAt).toBe('2026-06-05');
    // Retired before the 2025 export, or announced without a day: the sources give none.
    expect(findControl('S3.4')?.retiredAt).toBeUndefined();
    expect(findControl('IoTEvents.1')?.retired).toBe(true);
    expect(findControl('IoTEvents.1')?.retiredAt).toBeUndefined();
  });

  test('the data is brought up to the current control reference: new controls in, changes applied', () => {
    expect(findControl('Cognito.2')).toMatchObject({
      severity: 'MEDIUM',
      retired: false,
      title: 'Cognito identity pools should not allow unauthenticated identities',
    });
    expect(findControl('RedshiftServerless.3')?.standardsIds).toEqual([
      'standards/aws-foundational-security-best-practices/v/1.0.0',
    ]);
    expect(findControl('EC2.174')?.standardsIds).toEqual(['standards/aws-resource-tagging-standard/v/1.0.0']);
    // Severity changes of 2025-11-13, a title change of 2025-08-13, a standard left on 2025-05-30.
    expect(findControl('SNS.4')?.severity).toBe('CRITICAL');
    expect(findControl('ELB.7')?.severity).toBe('LOW');
    expect(findControl('SageMaker.5')?.title).toBe('SageMaker models should have network isolation enabled');
    expect(findControl('IAM.10')?.standardsIds).not.toContain('standards/pci-dss/v/4.0.1');
    // Added after the earlier snapshot of the reference; moved between standards in 2026; retitled.
    expect(findControl('BedrockAgentCore.1')).toMatchObject({ severity: 'HIGH', retired: false });
    expect(findControl('EFS.6')?.standardsIds).toEqual([
      'standards/nist-800-171/v/2.0.0',
      'standards/nist-800-53/v/5.0.0',
      'standards/pci-dss/v/4.0.1',
    ]);
    expect(findControl('S3.5')?.title).toBe('S3 general purpose buckets should require requests to use TLS');
    // The control list, first among the sources, dates the file: the reference's latest change.
    expect(CATALOGUE_DATA.sources[0]).toMatchObject({ origin: 'github.com/c2hans/aws-docs', takenAt: '2026-09-23' });
  });

  describe('parameters of the controls added since the export, from their pages', () => {
    const reference = JSON.parse(
      readFileSync(path.join(__dirname, '../../scripts/catalogue/docs-reference.json'), 'utf8'),
    ) as {
      added: Record<string, { takesParameters?: boolean }>;
      parameters: { readings: { control: string; parameter: string; read: string }[] };
    };

    test('every added control the reference says takes parameters has them; the others take none', () => {
      for (const [id, e] of Object.entries(reference.added)) {
        const control = findControl(id);
        expect({ id, takesParameters: (control?.parameters.length ?? 0) > 0 }).toEqual({
          id,
          takesParameters: e.takesParameters === true,
        });
      }
    });

    test("the pages' facts, checked by hand against the page text", () => {
      expect(findControl('Cognito.3')?.parameters).toEqual([
        { name: 'minLength', type: 'integer', min: 8, max: 99, default: 8 },
        { name: 'requireLowercase', type: 'boolean', default: true },
        { name: 'requireNumbers', type: 'boolean', default: true },
        { name: 'requireSymbols', type: 'boolean', default: true },
        { name: 'requireUppercase', type: 'boolean', default: true },
        { name: 'temporaryPasswordValidity', type: 'integer', min: 1, max: 365, default: 7 },
      ]);
      expect(findControl('RDS.42')?.parameters).toEqual([
        {
          name: 'logTypes',
          type: 'enumList',
          maxItems: 4,
          allowed: ['audit', 'error', 'general', 'slowquery'],
          default: ['audit', 'error'],
        },
      ]);
      expect(findControl('Transfer.4')?.parameters).toEqual([
        { name: 'requiredKeyTags', type: 'stringList', maxItems: 6 },
      ]);
      // A type read otherwise than the page writes it is recorded with why, and applied.
      for (const r of reference.parameters.readings)
        expect(findControl(r.control)?.parameters.find((p) => p.name === r.parameter)?.type).toBe(r.read);
    });

    test('a page definition that contradicts itself stops the generator', () => {
      expect(() =>
        checkDocsParameters('RDS.50', [
          { name: 'minimumBackupRetentionPeriod', type: 'integer', min: 7, max: 35, default: 1 },
        ]),
      ).toThrow(
        'generate: docs-reference.json parameters of RDS.50: "minimumBackupRetentionPeriod" has a default 1 that is not an integer in 7..35; minimumBackupRetentionPeriod takes one.',
      );
      expect(() => checkDocsParameters('SSM.5', [{ name: 'requiredKeyTags', type: 'stringList', max: 6 }])).toThrow(
        /is a stringList and takes no min or max/,
      );
    });
  });

  test('every remediation runbook is keyed by a current control', () => {
    for (const id of Object.keys(REMEDIATIONS))
      expect({ id, current: findControl(id)?.retired === false }).toEqual({ id, current: true });
  });

  test('the compiler refuses ids the catalogue lacks', () => {
    // These lines are the test: `npm run typecheck` fails if any of them stops being an error.
    // @ts-expect-error not a security control id
    const typo: SecurityControlId = 'ECR3';
    // @ts-expect-error IAM.7 takes no parameter MinLength
    const parameters: ControlParameters = { 'IAM.7': { MinLength: 14 } };
    // @ts-expect-error an unknown id needs notInCatalogue: true
    const disabled: DisabledControl = { securityControlId: 'Bedrock.99', reason: 'not used here' };
    const marked: DisabledControl = { securityControlId: 'Bedrock.99', reason: 'not used here', notInCatalogue: true };
    expect([typo, parameters, disabled, marked]).toHaveLength(4);
  });
});

describe('closestMatches', () => {
  test('suggests near misses, nearest first, never the value itself', () => {
    expect(closestMatches('ECR3', ['EC2.3', 'ECR.3', 'ECR.1', 'IAM.3'])).toEqual(['ECR.3']);
    expect(closestMatches('ECR.33', ['EC2.3', 'ECR.3', 'ECR.1', 'IAM.33'])).toEqual(['ECR.3', 'EC2.3', 'ECR.1']);
    expect(closestMatches('dynamodb.6', ['DynamoDB.6', 'DynamoDB.7'])).toEqual(['DynamoDB.6', 'DynamoDB.7']);
    expect(closestMatches('S3.1', ['S3.1', 'S3.2'])).toEqual(['S3.2']);
    expect(closestMatches('abc', ['a', 'b', 'c', 'ab', 'abd', 'abe', 'abf'], 2)).toEqual(['ab', 'abd']);
  });

  test('suggests nothing when nothing is close', () => {
    expect(closestMatches('Macie.1', ['CloudTrail.4', 'S3.1'])).toEqual([]);
    expect(closestMatches('', [])).toEqual([]);
  });
});

/** The embedded example with the production tier changed as a test needs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withProduction(change: (tier: Record<string, any>) => void): string {
  const data = defaultConfigData();
  change(data.tiers[1]);
  return stringify(data);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const DISABLE_REAL_WORLD = (t: Record<string, any>) => {
  t.disabledControls.push(
    { securityControlId: 'ECR.3', reason: 'Image lifecycle is managed by the registry team, not per repository.' },
    {
      securityControlId: 'DynamoDB.6',
      reason: 'Tables are recreated from streams; deletion protection blocks the rebuild job.',
    },
    { securityControlId: 'SageMaker.1', reason: 'Notebooks run in a sandboxed VPC with egress through the proxy.' },
  );
  t.controlParameters['ELB.13'] = { minAvailabilityZones: 3 };
};

function problems(text: string): string[] {
  try {
    parseOrganizationConfig(text, 'org.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('config: controls real organizations disable and tune', () => {
  test('ECR.3, DynamoDB.6 and SageMaker.1 disabled and ELB.13 tuned synthesize into the policy', () => {
    const config = parseOrganizationConfig(withProduction(DISABLE_REAL_WORLD), 'org.yaml');
    const stacks = buildOrganizationStacks(Testing.app(), config);
    const security = JSON.parse(Testing.synth(stacks.security));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const policy = Object.values(security.resource.aws_securityhub_configuration_policy as Record<string, any>).find(
      (p) => p.name === 'production',
    );
    const controls = policy.configuration_policy.security_controls_configuration;
    expect(controls.disabled_control_identifiers).toEqual([
      'CloudTrail.5',
      'DynamoDB.6',
      'ECR.3',
      'IAM.6',
      'SageMaker.1',
    ]);
    expect(controls.security_control_custom_parameter).toContainEqual({
      security_control_id: 'ELB.13',
      parameter: [{ name: 'minAvailabilityZones', value_type: 'CUSTOM', enum: { value: '3' } }],
    });
  });

  test('a parameter on ELB.4, which takes none, is refused with the fix', () => {
    expect(
      problems(
        withProduction((t) => {
          t.controlParameters['ELB.4'] = { dropInvalidHeaders: true };
        }),
      ),
    ).toEqual([
      'tiers[1].controlParameters.ELB.4.dropInvalidHeaders: ELB.4 takes no parameters (per the catalogue, data of 2026-09-23); remove "dropInvalidHeaders".',
    ]);
  });

  test('parameters of a control added since the export are checked as any other', () => {
    const config = parseOrganizationConfig(
      withProduction((t) => {
        t.controlParameters['Cognito.3'] = { minLength: 14, requireSymbols: false };
        t.controlParameters['RDS.42'] = { logTypes: ['audit', 'error', 'slowquery'] };
      }),
      'org.yaml',
    );
    const security = JSON.parse(Testing.synth(buildOrganizationStacks(Testing.app(), config).security));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const policy = Object.values(security.resource.aws_securityhub_configuration_policy as Record<string, any>).find(
      (p) => p.name === 'production',
    );
    const custom = policy.configuration_policy.security_controls_configuration.security_control_custom_parameter;
    expect(custom).toContainEqual({
      security_control_id: 'Cognito.3',
      parameter: [
        { name: 'minLength', value_type: 'CUSTOM', int: { value: 14 } },
        { name: 'requireSymbols', value_type: 'CUSTOM', bool: { value: false } },
      ],
    });
    expect(custom).toContainEqual({
      security_control_id: 'RDS.42',
      parameter: [{ name: 'logTypes', value_type: 'CUSTOM', enum_list: { value: ['audit', 'error', 'slowquery'] } }],
    });
    expect(
      problems(
        withProduction((t) => {
          t.controlParameters['Cognito.3'] = { minLength: 6, requireDigits: true };
          t.controlParameters['FSx.4'] = { deploymentTypes: ['SINGLE_AZ_1'] };
          t.controlParameters['Transfer.4'] = { requiredKeyTags: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] };
        }),
      ),
    ).toEqual([
      'tiers[1].controlParameters.Cognito.3.minLength: 6 is not an integer in 8..99; minLength takes one.',
      expect.stringMatching(
        /^tiers\[1\]\.controlParameters\.Cognito\.3\.requireDigits: Cognito\.3 takes no parameter "requireDigits"/,
      ),
      'tiers[1].controlParameters.FSx.4.deploymentTypes: ["SINGLE_AZ_1"] is not a list drawn from MULTI_AZ_1, MULTI_AZ_2.',
      'tiers[1].controlParameters.Transfer.4.requiredKeyTags: ["a","b","c","d","e","f","g"] has 7 items; requiredKeyTags takes at most 6.',
    ]);
  });

  test('a typo gets the closest ids', () => {
    expect(
      problems(
        withProduction((t) => {
          t.disabledControls.push({ securityControlId: 'ECR3', reason: 'lifecycle managed centrally' });
        }),
      ),
    ).toEqual([
      'tiers[1].disabledControls[2].securityControlId: "ECR3" is not a security control id in the catalogue (did you mean "ECR.3"?); if Security Hub added it after 2026-09-23 (the catalogue\'s data), run `securityhub catalogue refresh` or mark the entry with notInCatalogue: true.',
    ]);
    expect(
      problems(
        withProduction((t) => {
          t.controlParameters['IAM.7'] = { minimumPasswordLength: 14 };
        }),
      )[0],
    ).toMatch(
      /IAM\.7 takes no parameter "minimumPasswordLength" \(did you mean "MinimumPasswordLength"\?\); allowed: /,
    );
  });

  test('a control newer than the catalogue, marked, synthesizes with a warning', () => {
    const warnings: string[] = [];
    const config = parseOrganizationConfig(
      withProduction((t) => {
        t.disabledControls.push({
          securityControlId: 'BedrockAgentCore.8',
          reason: 'No agent runtimes in production yet.',
          notInCatalogue: true,
        });
      }),
      'org.yaml',
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /^org\.yaml:\d+: tiers\[1\]\.disabledControls\[2\]\.securityControlId: warning: "BedrockAgentCore\.8" is not in the control catalogue \(data of 2026-09-23\); it is used as marked notInCatalogue/,
      ),
    ]);
    const security = JSON.parse(Testing.synth(buildOrganizationStacks(Testing.app(), config).security));
    const policies = Object.values(security.resource.aws_securityhub_configuration_policy as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(
      policies.find((p) => p.name === 'production').configuration_policy.security_controls_configuration
        .disabled_control_identifiers,
    ).toContain('BedrockAgentCore.8');
  });

  test('the same id unmarked is an error; a retired control is a warning', () => {
    expect(
      problems(
        withProduction((t) => {
          t.disabledControls.push({
            securityControlId: 'BedrockAgentCore.8',
            reason: 'No agent runtimes in production yet.',
          });
        }),
      )[0],
    ).toMatch(/"BedrockAgentCore\.8" is not a security control id in the catalogue/);
    const warnings: string[] = [];
    parseOrganizationConfig(
      withProduction((t) => {
        t.disabledControls.push({ securityControlId: 'CodeBuild.5', reason: 'Build hosts need privileged mode.' });
      }),
      'org.yaml',
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings).toEqual([
      expect.stringContaining(
        '"CodeBuild.5" is a control Security Hub has retired, so naming it changes nothing; remove it.',
      ),
    ]);
  });
});

describe("ConfigurationPolicy checks parameters itself, with the config loader's messages", () => {
  function policy(props: { disabledControls?: readonly DisabledControl[]; controlParameters?: ControlParameters }) {
    const stack = new TerraformStack(Testing.app(), 'test');
    const organizationConfiguration = new SecurityHub(stack, 'hub').account;
    return new ConfigurationPolicy(stack, 'policy', {
      name: 'p',
      standards: [SecurityStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES_1_0_0],
      region: 'us-east-1',
      organizationConfiguration,
      ...props,
    });
  }

  test('a value out of bounds is refused naming the control, the parameter and the range', () => {
    expect(() => policy({ controlParameters: { 'ACM.1': { daysToExpiration: 400 } } })).toThrow(
      'ConfigurationPolicy test/policy: controlParameters.ACM.1.daysToExpiration: 400 is not an integer in 14..365; daysToExpiration takes one.',
    );
    expect(() => policy({ controlParameters: { 'EC2.18': { authorizedTcpPorts: [443, 70000] } } })).toThrow(
      /authorizedTcpPorts: \[443,70000\] is not a list of integers in 1\.\.65535/,
    );
  });

  test('a marked newer control is a warning on the construct; a fitting value passes', () => {
    const p = policy({
      disabledControls: [{ securityControlId: 'BedrockAgentCore.8', reason: 'not used', notInCatalogue: true }],
      controlParameters: { 'ACM.1': { daysToExpiration: 30 } },
    });
    const warnings = p.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^ConfigurationPolicy test\/policy: disabledControls: "BedrockAgentCore\.8" is not in the control catalogue/,
      ),
    ]);
  });
});

describe("import --fill takes a control finding's title and severity from the catalogue", () => {
  const now = new Date('2026-12-01T00:00:00Z');
  test('missing Title and Severity are filled for a known control; present ones are kept', () => {
    const { finding, filled } = fillFinding(
      { Id: 'f1', Compliance: { SecurityControlId: 'DynamoDB.6', Status: 'FAILED' } },
      { now },
    );
    expect(finding).toMatchObject({
      Title: 'DynamoDB tables should have deletion protection enabled',
      Severity: { Label: 'MEDIUM' },
    });
    expect(filled).toEqual(expect.arrayContaining(['Title', 'Severity']));
    const kept = fillFinding(
      {
        Id: 'f2',
        Title: 'Our own words',
        Severity: { Label: 'LOW' },
        Compliance: { SecurityControlId: 'SageMaker.1' },
      },
      { now },
    );
    expect(kept.finding).toMatchObject({ Title: 'Our own words', Severity: { Label: 'LOW' } });
  });

  test('a control the catalogue lacks fills nothing (the finding keeps its own title)', () => {
    const { finding, filled } = fillFinding({ Id: 'f3', Compliance: { SecurityControlId: 'Nope.1' } }, { now });
    expect(finding.Title).toBeUndefined();
    expect(filled).not.toContain('Title');
  });
});

describe('the generator reads the API export as RFC 4180 CSV', () => {
  test('quoted fields keep commas, doubled quotes and newlines', () => {
    expect(
      parseCsv(
        'id,title,params\nACM.2,"RSA keys of at least 2,048 bits","Parameter: a\nType: Integer"\r\nS3.1,"say ""hi""",\n',
      ),
    ).toEqual([
      ['id', 'title', 'params'],
      ['ACM.2', 'RSA keys of at least 2,048 bits', 'Parameter: a\nType: Integer'],
      ['S3.1', 'say "hi"', ''],
    ]);
  });
});
