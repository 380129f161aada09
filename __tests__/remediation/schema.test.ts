import { remediationSchema, tierRemediationSchema, validateRemediationConfig } from '../../config/remediation-schema';
import {
  activeRemediationIds,
  buildRemediationPolicy,
  controlsReceivingFindings,
  effectiveModes,
  ENVIRONMENT_POLICY_LIMIT,
  serializeRemediationPolicy,
  type RemediationTierInput,
} from '../../domain/remediation-plan';
import {
  decide,
  findExemption,
  parseRemediationPolicy,
  tierForAccount,
  type RemediationPolicy,
} from '../../core/remediation-policy';

/* The remediation part of the org config: schema, cross-checks against the catalogue and the tiers, and the runtime policy it builds. */

const STAGING = '111111111111';
const PRODUCTION = '222222222222';
const TODAY = '2025-03-01';
const TRAIL = { EnableMultiRegionCloudTrail: { TrailBucketName: 'acme-org-trail' } };

function tier(
  name: string,
  environment: string,
  remediation: unknown,
  accounts = [name === 'staging' ? STAGING : PRODUCTION],
): RemediationTierInput {
  return {
    name,
    environment,
    accounts,
    organizationalUnits: [],
    remediation: tierRemediationSchema.parse(remediation),
  };
}

function check(remediation: unknown, tiers: RemediationTierInput[], today: string | Date = TODAY) {
  return validateRemediationConfig({ remediation: remediationSchema.parse(remediation), tiers, today });
}

describe('remediation config schema', () => {
  test('GIVEN the shapes the org config uses WHEN parsed THEN defaults are filled in', () => {
    expect(tierRemediationSchema.parse({})).toEqual({ defaultMode: 'off', controls: {} });
    expect(remediationSchema.parse({})).toEqual({
      accepted: [],
      exemptions: [],
      productionOverrides: [],
      rateLimitPerAccountPerHour: 20,
      executionRoleName: 'SecurityHubRemediationExecution',
      ledger: { tableName: 'securityhub-remediation-ledger', retentionDays: 400 },
      parameters: {},
    });
  });

  test.each([
    [
      'a mode that does not exist',
      () => tierRemediationSchema.parse({ controls: { 'S3.1': 'sometimes' } }),
      /must be one of off, shadow, manual, auto/,
    ],
    [
      'an exemption with an empty scope',
      () =>
        remediationSchema.parse({
          exemptions: [
            { securityControlId: 'S3.8', scope: {}, owner: 'web', reason: 'public website', expires: '2025-12-31' },
          ],
        }),
      /needs at least one of accounts, organizationalUnits or resourceTag/,
    ],
    [
      'an exemption date that is not a date',
      () =>
        remediationSchema.parse({
          exemptions: [
            {
              securityControlId: 'S3.8',
              scope: { accounts: [STAGING] },
              owner: 'web',
              reason: 'public website',
              expires: '2025-02-30',
            },
          ],
        }),
      /is not a calendar date/,
    ],
    [
      'an exemption without a reason',
      () =>
        remediationSchema.parse({
          exemptions: [
            {
              securityControlId: 'S3.8',
              scope: { accounts: [STAGING] },
              owner: 'web',
              reason: 'x',
              expires: '2025-12-31',
            },
          ],
        }),
      /must say why/,
    ],
    [
      'an unquoted account id',
      () =>
        remediationSchema.parse({
          exemptions: [
            {
              securityControlId: 'S3.8',
              scope: { accounts: [111111111111] },
              owner: 'web',
              reason: 'public website',
              expires: '2025-12-31',
            },
          ],
        }),
      /12-digit AWS account id in quotes/,
    ],
    [
      'an override without a real reason',
      () =>
        remediationSchema.parse({
          productionOverrides: [{ securityControlId: 'S3.1', tier: 'prod', reason: 'because' }],
        }),
      /20 characters at least/,
    ],
    ['an unknown field', () => remediationSchema.parse({ rateLimit: 5 }), /Unrecognized key/],
  ])('rejects %s', (_name, parse, message) => {
    expect(parse).toThrow(message);
  });
});

describe('validateRemediationConfig', () => {
  test('GIVEN S3.1 in auto in staging and production WHEN validated THEN there is no problem', () => {
    const result = check({}, [
      tier('staging', 'staging', { controls: { 'S3.1': 'auto' } }),
      tier('prod', 'production', { controls: { 'S3.1': 'auto' } }),
    ]);
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  test('an id that is neither a control nor a custom action is an error', () => {
    const { errors } = check({}, [tier('staging', 'staging', { controls: { 'S3.99': 'auto' } })]);
    expect(errors).toEqual([
      {
        path: 'tiers[0].remediation.controls["S3.99"]',
        message:
          '"S3.99" is neither a security control id in the catalogue nor a custom action with a runbook; did you mean "S3.9" or "S3.19"?',
      },
    ]);
  });

  test('a control without a runbook may only be off', () => {
    expect(check({}, [tier('staging', 'staging', { controls: { 'Macie.1': 'off' } })]).errors).toEqual([]);
    const { errors } = check({}, [tier('staging', 'staging', { controls: { 'Macie.1': 'shadow' } })]);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('tiers[0].remediation.controls["Macie.1"]');
    expect(errors[0].message).toMatch(
      /^"shadow" needs a runbook, and Macie\.1 has none; only "off" is allowed\. Controls with runbooks: S3\.1, /,
    );
  });

  test('auto on a runbook that is not safe to automate is an error; manual is fine', () => {
    expect(check({}, [tier('staging', 'staging', { controls: { 'EC2.2': 'manual' } })]).errors).toEqual([]);
    expect(check({}, [tier('staging', 'staging', { controls: { 'EC2.2': 'auto' } })]).errors).toEqual([
      {
        path: 'tiers[0].remediation.controls["EC2.2"]',
        message:
          '"auto" is not allowed for EC2.2: runbook RemoveDefaultSecurityGroupRules is not safe to automate (Revokes every inbound and outbound rule of a VPC\'s default security group.) Use "manual" (the Remediate custom action) or "shadow".',
      },
    ]);
  });

  test('auto on a custom action is an error', () => {
    expect(
      check({}, [tier('staging', 'staging', { controls: { IsolateInstance: 'auto' } })]).errors[0].message,
    ).toMatch(/runs only when a person picks it/);
  });

  describe('staging goes first', () => {
    test('auto in production without staging is an error naming the fix', () => {
      const { errors } = check({}, [
        tier('staging', 'staging', { controls: { 'S3.1': 'shadow' } }),
        tier('prod', 'production', { controls: { 'S3.1': 'auto' } }),
      ]);
      expect(errors).toEqual([
        {
          path: 'tiers[1].remediation.controls["S3.1"]',
          message:
            '"auto" in production tier "prod", but no staging tier runs S3.1 in auto; run it in auto in a staging tier first, or add remediation.productionOverrides entries such as { securityControlId: "S3.1", tier: "prod", reason: "..." }.',
        },
      ]);
    });

    test('a default of auto in production is one error listing the controls', () => {
      const all = check({ parameters: TRAIL }, [
        tier('staging', 'staging', { controls: { 'S3.1': 'auto' } }),
        tier('prod', 'production', { defaultMode: 'auto', controls: { 'RDS.3': 'off' } }),
      ]).errors;
      // (The others are the parameters that runbooks now in use need.)
      const errors = all.filter((e) => e.path.startsWith('tiers'));
      expect(errors).toHaveLength(1);
      expect(errors[0].path).toBe('tiers[1].remediation.defaultMode');
      expect(errors[0].message).toMatch(
        /^"auto" in production tier "prod" runs S3\.2, S3\.3, S3\.8, S3\.5, CloudTrail\.1, .* but no staging tier does;/,
      );
      expect(errors[0].message).not.toMatch(/S3\.1,|RDS\.3|EC2\.2/);
    });

    test('a productionOverride with a reason allows it', () => {
      const overrides = [
        {
          securityControlId: 'S3.1',
          tier: 'prod',
          reason: 'no public buckets exist anywhere in the organization (audited 2025-02)',
        },
      ];
      expect(
        check({ productionOverrides: overrides }, [tier('prod', 'production', { controls: { 'S3.1': 'auto' } })]),
      ).toEqual({ errors: [], warnings: [] });
    });

    test('overrides that name no tier, a non-production tier or nothing to override are reported', () => {
      const reason = 'reviewed by the security team on 2025-02-20';
      const result = check(
        {
          productionOverrides: [
            { securityControlId: 'S3.1', tier: 'nope', reason },
            { securityControlId: 'S3.1', tier: 'staging', reason },
            { securityControlId: 'EC2.7', tier: 'prod', reason },
            { securityControlId: 'Macie.1', tier: 'prod', reason },
          ],
        },
        [
          tier('staging', 'staging', { controls: { 'S3.1': 'auto' } }),
          tier('prod', 'production', { controls: { 'S3.1': 'auto' } }),
        ],
      );
      expect(result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'remediation.productionOverrides[0].tier: "nope" is not a tier name; tiers: staging, prod.',
        'remediation.productionOverrides[1].tier: tier "staging" is staging, not production; overrides are only for production tiers. Remove the entry.',
        'remediation.productionOverrides[3].securityControlId: "Macie.1" has no runbook, so there is nothing to override; check the spelling.',
      ]);
      expect(result.warnings.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'remediation.productionOverrides[2]: the override for EC2.7 in "prod" is not needed (it is not in auto there); remove it.',
      ]);
    });
  });

  describe('exemption expiry (today is a parameter)', () => {
    const exemption = (expires: string) => ({
      exemptions: [
        {
          securityControlId: 'S3.8',
          scope: { resourceTag: { key: 'public', value: 'website' } },
          owner: 'web-team',
          reason: 'marketing website bucket',
          expires,
        },
      ],
    });

    test('in force: no problem', () => {
      expect(check(exemption('2025-03-01'), [])).toEqual({ errors: [], warnings: [] });
    });

    test('expired: a warning saying until when it stays one', () => {
      expect(check(exemption('2025-02-20'), [])).toEqual({
        errors: [],
        warnings: [
          {
            path: 'remediation.exemptions[0].expires',
            message:
              '"2025-02-20" has passed (9 day(s) ago), so the exemption owned by web-team no longer applies; renew it with a new date and reason, or remove it, before 2025-03-22, when this becomes an error.',
          },
        ],
      });
    });

    test('expired more than 30 days ago: an error', () => {
      expect(check(exemption('2025-01-15'), [], new Date('2025-03-01T12:00:00Z')).errors).toEqual([
        {
          path: 'remediation.exemptions[0].expires',
          message:
            '"2025-01-15" has passed (45 day(s) ago), so the exemption owned by web-team no longer applies and is past the 30-day grace period; renew it with a new date and reason, or remove it.',
        },
      ]);
    });

    test('an exemption for an unknown control is an error; for a control without runbook, a warning', () => {
      const e = (securityControlId: string) => ({
        exemptions: [
          {
            securityControlId,
            scope: { accounts: [STAGING] },
            owner: 'o',
            reason: 'long enough reason',
            expires: '2099-01-01',
          },
        ],
      });
      expect(check(e('S3.99'), []).errors[0].message).toMatch(/^"S3\.99" is neither a security control id/);
      expect(check(e('Macie.1'), []).warnings[0].message).toMatch(/has no runbook, so the exemption changes nothing/);
      expect(check(e('*'), [])).toEqual({ errors: [], warnings: [] });
    });
  });

  describe('runbook parameters', () => {
    const trailTiers = [tier('staging', 'staging', { controls: { 'CloudTrail.1': 'auto' } })];

    test('a required parameter of a runbook in use must be set', () => {
      expect(check({}, trailTiers).errors).toEqual([
        {
          path: 'remediation.parameters.EnableMultiRegionCloudTrail.TrailBucketName',
          message:
            'nothing is set, but runbook EnableMultiRegionCloudTrail needs it for CloudTrail.1 (auto in staging): S3 bucket the trail delivers to; its bucket policy must let cloudtrail.amazonaws.com write for every account of the tier. Set it, or set those controls to off.',
        },
      ]);
      expect(check({ parameters: TRAIL }, trailTiers).errors).toEqual([]);
      // Not in use: nothing needed.
      expect(check({}, [tier('staging', 'staging', { controls: { 'CloudTrail.1': 'off' } })]).errors).toEqual([]);
    });

    test('unknown runbooks and parameters, wrong types and patterns are errors', () => {
      const { errors } = check(
        {
          parameters: {
            EnableCloudTrail: { TrailBucketName: 'x' },
            EnableMultiRegionCloudTrail: { TrailBucketName: 'Not_A_Bucket', Bucket: 'acme' },
            SetStrongPasswordPolicy: { MinimumPasswordLength: 6, RequireSymbols: 'yes' },
          },
        },
        trailTiers,
      );
      expect(errors.map((e) => e.path)).toEqual([
        'remediation.parameters["EnableCloudTrail"]',
        'remediation.parameters.EnableMultiRegionCloudTrail.TrailBucketName',
        'remediation.parameters.EnableMultiRegionCloudTrail.Bucket',
        'remediation.parameters.SetStrongPasswordPolicy.MinimumPasswordLength',
        'remediation.parameters.SetStrongPasswordPolicy.RequireSymbols',
      ]);
      expect(errors[3].message).toBe('6 must be between 8 and 128 (Shortest password allowed (CIS asks for 14).).');
    });
  });

  describe('remediation.accepted', () => {
    const tiers = () => [tier('staging', 'staging', { controls: { 'S3.1': 'auto' } }), tier('prod', 'production', {})];
    const entry = (extra: Record<string, unknown>) => ({
      securityControlId: 'IAM.1',
      owner: 'iam-team',
      reason: 'granted only via permission sets',
      ...extra,
    });

    test('GIVEN a control accepted for every tier, or for named tiers THEN there is no problem', () => {
      expect(check({ accepted: [entry({}), entry({ securityControlId: 'IAM.9', tiers: ['prod'] })] }, tiers())).toEqual(
        { errors: [], warnings: [] },
      );
    });

    test('an unknown control, an unknown tier and a control accepted twice for a tier are errors', () => {
      const { errors } = check(
        {
          accepted: [
            entry({ securityControlId: 'IAM.99' }),
            entry({ tiers: ['prod', 'qa'] }),
            entry({ tiers: ['prod'] }),
          ],
        },
        tiers(),
      );
      expect(errors).toEqual([
        {
          path: 'remediation.accepted[0].securityControlId',
          message: '"IAM.99" is not a security control id in the catalogue; check the spelling, e.g. "IAM.6".',
        },
        { path: 'remediation.accepted[1].tiers', message: '"qa" is not a tier name; tiers: staging, prod.' },
        {
          path: 'remediation.accepted[2]',
          message: 'IAM.1 is accepted twice for tier "prod" (also remediation.accepted[1]); keep one entry.',
        },
      ]);
    });

    test('accepting a control a tier runs a runbook for, and an expired acceptance, are warnings', () => {
      const { errors, warnings } = check(
        { accepted: [entry({ securityControlId: 'S3.1', tiers: ['staging'] }), entry({ expires: '2025-02-01' })] },
        tiers(),
      );
      expect(errors).toEqual([]);
      expect(warnings.map((w) => w.path)).toEqual(['remediation.accepted[0]', 'remediation.accepted[1].expires']);
      expect(warnings[0].message).toBe(
        'S3.1 runs in auto in tier "staging", so accepting it there is not needed; remove the tier from the entry.',
      );
    });

    test('an acceptance without an owner or a real reason does not parse', () => {
      expect(() => remediationSchema.parse({ accepted: [entry({ owner: '' })] })).toThrow(
        /must name who answers for the accepted risk/,
      );
      expect(() => remediationSchema.parse({ accepted: [entry({ reason: 'ok' })] })).toThrow(
        /must say how the control is handled without automation/,
      );
      expect(() => remediationSchema.parse({ accepted: [entry({ tiers: [] })] })).toThrow(/lists no tier/);
    });
  });
});

describe('buildRemediationPolicy', () => {
  const tiers = [
    tier('staging', 'staging', { defaultMode: 'auto', controls: { 'RDS.13': 'shadow' } }),
    {
      ...tier('prod', 'production', { defaultMode: 'manual', controls: { 'S3.1': 'auto', 'CloudTrail.1': 'off' } }),
      accounts: [],
      organizationalUnits: ['ou-ab12-cd34ef56'],
    },
  ];
  const remediation = remediationSchema.parse({
    parameters: TRAIL,
    exemptions: [
      {
        securityControlId: 'S3.8',
        scope: { accounts: [STAGING], resourceTag: { key: 'public', value: 'website' } },
        owner: 'web-team',
        reason: 'marketing website bucket',
        expires: '2025-12-31',
      },
    ],
  });
  const policy = buildRemediationPolicy(remediation, tiers);

  test('a default of auto runs runbooks that are not safe to automate, and custom actions, in manual', () => {
    const modes = effectiveModes(tierRemediationSchema.parse({ defaultMode: 'auto' }));
    expect(modes['S3.1']).toBe('auto');
    expect(modes['EC2.2']).toBe('manual');
    expect(modes['Lambda.1']).toBe('manual');
    expect(modes.IsolateInstance).toBe('manual');
  });

  test('each tier carries the effective mode of every runbook not off', () => {
    expect(policy.tiers[0].modes).toMatchObject({
      'S3.1': 'auto',
      'RDS.13': 'shadow',
      'EC2.8': 'manual',
      IsolateInstance: 'manual',
    });
    expect(policy.tiers[1]).toMatchObject({
      name: 'prod',
      environment: 'production',
      accounts: [],
      organizationalUnits: ['ou-ab12-cd34ef56'],
    });
    expect(policy.tiers[1].modes['CloudTrail.1']).toBeUndefined();
    expect(policy.tiers[1].modes['S3.1']).toBe('auto');
  });

  test('exemptions are flattened, the runbook table covers every control and custom action a tier runs, and parameters carry defaults', () => {
    expect(policy.exemptions).toEqual([
      {
        securityControlId: 'S3.8',
        accounts: [STAGING],
        organizationalUnits: [],
        resourceTag: { key: 'public', value: 'website' },
        owner: 'web-team',
        reason: 'marketing website bucket',
        expires: '2025-12-31',
      },
    ]);
    expect(policy.runbooks['S3.8']).toBe('EnableS3BucketBlockPublicAccess');
    expect(policy.runbooks.IsolateInstance).toBe('IsolateEc2Instance');
    expect(policy.customActions).toEqual(['IsolateInstance']);
    expect(policy.parameters.EnableMultiRegionCloudTrail).toEqual({
      TrailBucketName: 'acme-org-trail',
      TrailName: 'securityhub-multi-region-trail',
    });
    expect(policy.parameters.SetStrongPasswordPolicy).toMatchObject({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
    });
  });

  test('the functions accept what the config builds, and it fits a Lambda environment variable for a small organization', () => {
    expect(parseRemediationPolicy(JSON.parse(serializeRemediationPolicy(policy)))).toEqual(policy);
    // A small organization: one tier, a few controls in auto. (Tiers that turn every runbook on go to an SSM parameter.)
    const small = buildRemediationPolicy(remediationSchema.parse({ parameters: TRAIL }), [
      tier('staging', 'staging', { controls: { 'S3.1': 'auto', 'EC2.19': 'auto', 'CloudTrail.1': 'auto' } }),
    ]);
    expect(serializeRemediationPolicy(small).length).toBeLessThan(ENVIRONMENT_POLICY_LIMIT);
    // The runbook table holds what the tier runs, so it does not grow with the catalogue.
    expect(Object.keys(small.runbooks).sort()).toEqual(['CloudTrail.1', 'EC2.19', 'S3.1']);
  });

  test('the EventBridge rule of a tier needs the controls in auto or shadow; its execution role every active id', () => {
    expect(controlsReceivingFindings(policy.tiers[1])).toEqual(['S3.1']);
    expect(controlsReceivingFindings(policy.tiers[0])).toContain('RDS.13');
    expect(controlsReceivingFindings(policy.tiers[0])).not.toContain('EC2.2');
    expect(activeRemediationIds(policy.tiers[1])).toContain('EC2.2');
  });
});

describe('runtime policy decisions', () => {
  const policy: RemediationPolicy = parseRemediationPolicy({
    version: 1,
    tiers: [
      {
        name: 'by-account',
        environment: 'staging',
        accounts: [STAGING],
        organizationalUnits: [],
        modes: { 'S3.1': 'auto' },
      },
      {
        name: 'parent-ou',
        environment: 'production',
        accounts: [],
        organizationalUnits: ['ou-root-parent00'],
        modes: { 'S3.1': 'manual' },
      },
      {
        name: 'child-ou',
        environment: 'production',
        accounts: [],
        organizationalUnits: ['ou-root-child000'],
        modes: { 'S3.1': 'shadow' },
      },
    ],
    exemptions: [
      {
        securityControlId: 'S3.8',
        accounts: [STAGING],
        organizationalUnits: [],
        resourceTag: { key: 'public', value: 'website' },
        owner: 'o',
        reason: 'r',
        expires: '2025-12-31',
      },
      {
        securityControlId: '*',
        accounts: [],
        organizationalUnits: ['ou-root-child000'],
        owner: 'o',
        reason: 'r',
        expires: '2025-01-31',
      },
    ],
    rateLimitPerAccountPerHour: 5,
    runbooks: {},
    customActions: [],
    parameters: {},
  });

  test('a tier that lists the account wins over OUs; otherwise the nearest OU', () => {
    expect(tierForAccount(policy, STAGING, ['ou-root-child000'])?.name).toBe('by-account');
    expect(tierForAccount(policy, PRODUCTION, ['ou-root-child000', 'ou-root-parent00'])?.name).toBe('child-ou');
    expect(tierForAccount(policy, PRODUCTION, ['ou-root-other000', 'ou-root-parent00'])?.name).toBe('parent-ou');
    expect(tierForAccount(policy, PRODUCTION, [])).toBeUndefined();
  });

  test('exemption criteria of different kinds must all match; expired exemptions do not apply', () => {
    const subject = { id: 'S3.8', accountId: STAGING, organizationalUnitPath: [], today: '2025-03-01' };
    expect(findExemption(policy, { ...subject, tags: { public: 'website' } })?.owner).toBe('o');
    expect(findExemption(policy, { ...subject, tags: { public: 'no' } })).toBeUndefined();
    expect(findExemption(policy, { ...subject, accountId: PRODUCTION, tags: { public: 'website' } })).toBeUndefined();
    expect(
      findExemption(policy, {
        ...subject,
        accountId: PRODUCTION,
        organizationalUnitPath: ['ou-root-child000'],
        tags: {},
        today: '2025-01-31',
      })?.securityControlId,
    ).toBe('*');
    expect(
      findExemption(policy, {
        ...subject,
        accountId: PRODUCTION,
        organizationalUnitPath: ['ou-root-child000'],
        tags: {},
        today: '2025-02-01',
      }),
    ).toBeUndefined();
  });

  test.each([
    ['off', 'imported', 'ignore'],
    ['off', 'custom-action', 'ignore'],
    ['shadow', 'imported', 'shadow'],
    ['shadow', 'custom-action', 'shadow'],
    ['manual', 'imported', 'ignore'],
    ['manual', 'custom-action', 'execute'],
    ['manual', 'operator', 'execute'],
    ['auto', 'imported', 'execute'],
    ['auto', 'custom-action', 'execute'],
  ] as const)('mode %s, trigger %s: %s', (mode, trigger, action) => {
    expect(decide(mode, trigger).action).toBe(action);
  });

  test('a hand-edited policy fails at load time with the field named', () => {
    expect(() =>
      parseRemediationPolicy({
        version: 1,
        tiers: [{ name: 't', environment: 'staging', accounts: ['1'], organizationalUnits: [], modes: {} }],
      }),
    ).toThrow('RemediationPolicy tiers[0].accounts: expected a list of strings matching /^\\d{12}$/, received ["1"].');
    expect(() => parseRemediationPolicy({ version: 2 })).toThrow('RemediationPolicy version: expected 1, received 2.');
  });
});
