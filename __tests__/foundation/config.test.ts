import { stringify } from 'yaml';
import { ConfigError } from '../../config/problems';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig, parseOrganizationConfig } from '../../config/load';
import { configFrom, defaultConfigData } from '../support/org-config';

/** The problems a config gets, one line each, or [] when it loads. */
function problemsOf(data: unknown): string[] {
  try {
    configFrom(data);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split('\n');
  }
}

function problemsOfText(text: string): string[] {
  try {
    parseOrganizationConfig(text, 'bad.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split('\n');
  }
}

describe('organization config', () => {
  test('the embedded example loads: acme-corp, three tiers by OU', () => {
    const config = loadOrganizationConfig(DEFAULT_CONFIG_FILE);
    expect(config.organization.name).toBe('acme-corp');
    expect(config.organization.securityAccountId).toBe('111122223333');
    expect(config.tiers.map((t) => [t.name, t.environment, t.organizationalUnits.length, t.accounts.length])).toEqual([
      ['staging', 'staging', 1, 0],
      ['production', 'production', 2, 1],
      ['sandbox', 'sandbox', 1, 0],
    ]);
    expect(config.tiers[1].standards).toContain('standards/nist-800-53/v/5.0.0');
  });

  test('defaults are filled in: local state, default products, notifications', () => {
    const data = defaultConfigData();
    delete data.stateBackend;
    delete data.integrations;
    delete data.notifications;
    const config = configFrom(data);
    expect(config.stateBackend).toEqual({ type: 'local', directory: 'terraform-state' });
    expect(config.integrations.products).toEqual(['guardduty', 'inspector', 'macie']);
    expect(config.notifications.severities).toEqual(['CRITICAL', 'HIGH']);
  });

  test('an S3 backend gets encryption and a lock file by default', () => {
    const data = defaultConfigData();
    data.stateBackend = { type: 's3', bucket: 'acme-terraform-state', region: 'us-east-1' };
    expect(configFrom(data).stateBackend).toMatchObject({ encrypt: true, useLockfile: true, keyPrefix: 'securityhub' });
  });

  describe('bad input gets one message per problem naming the field, the value and the fix', () => {
    test('malformed YAML, with its line', () => {
      const problems = problemsOfText('organization:\n  name: acme\n tiers: [\n');
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatch(
        /^bad\.yaml:3: organization\.name: malformed YAML: All mapping items must start at the same column \(in "tiers: \["\)\.$/,
      );
    });

    test('a file that is not a mapping', () => {
      expect(problemsOfText('- just\n- a list\n')).toEqual([expect.stringContaining('is not a config')]);
    });

    test('unknown keys, with the allowed ones', () => {
      const data = defaultConfigData();
      data.tiers[0].standard = [];
      data.organisation = {};
      const problems = problemsOf(data);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /tiers\[0\]\.standard: unknown key "standard" \(did you mean "standards"\?\); allowed keys here: .*standards/,
          ),
          expect.stringMatching(
            /organisation: unknown key "organisation" \(did you mean "organization"\?\); allowed keys here: organization, /,
          ),
        ]),
      );
    });

    test('account ids that are not 12 digits', () => {
      const data = defaultConfigData();
      data.tiers[0].accounts = ['123456789012', '210000000002', '12345'];
      data.organization.securityAccountId = 111122223333; // unquoted: a number, not a string
      const problems = problemsOf(data);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/:\d+: tiers\[0\]\.accounts\[2\]: "12345" must be a 12-digit AWS account id/),
          expect.stringMatching(
            /organization\.securityAccountId: 111122223333 is unquoted, so YAML reads it as a number; write it in quotes: "111122223333" \(must be a 12-digit AWS account id in quotes/,
          ),
        ]),
      );
    });

    test('the same account in two tiers', () => {
      const data = defaultConfigData();
      data.tiers[2].accounts = ['420000000001', '310000000030'];
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(
          /tiers\[2\]\.accounts\[1\]: "310000000030" is already in tier "production"; .* remove it from one of them/,
        ),
      ]);
    });

    test('an OU id of the wrong form', () => {
      const data = defaultConfigData();
      data.tiers[1].organizationalUnits = ['production-ou'];
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(
          /tiers\[1\]\.organizationalUnits\[0\]: "production-ou" must be an OU id such as "ou-ab12-cd34ef56"/,
        ),
      ]);
    });

    test('unknown Regions', () => {
      const data = defaultConfigData();
      data.organization.linkedRegions = ['us-east-1', 'us-east-l'];
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(/organization\.linkedRegions\[1\]: "us-east-l" is not a known AWS Region code/),
      ]);
    });

    test('a home Region missing from the linked Regions', () => {
      const data = defaultConfigData();
      data.organization.linkedRegions = ['us-west-2', 'eu-west-1'];
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(
          /organization\.linkedRegions: \["us-west-2","eu-west-1"\] does not include the home Region "us-east-1"; .* list it too/,
        ),
      ]);
    });

    test('a home Region excluded with allExcept', () => {
      const data = defaultConfigData();
      data.organization.linkedRegions = { allExcept: ['us-east-1'] };
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(/organization\.linkedRegions\.allExcept: excludes the home Region "us-east-1"/),
      ]);
    });

    test('an unknown standard or version', () => {
      const data = defaultConfigData();
      data.tiers[0].standards[0] = 'standards/cis-aws-foundations-benchmark/v/4.0.0';
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(
          /tiers\[0\]\.standards\[0\]: "standards\/cis-aws-foundations-benchmark\/v\/4\.0\.0" is not a known standard or version \(did you mean "standards\/cis-aws-foundations-benchmark\/v\/5\.0\.0", "standards\/cis-aws-foundations-benchmark\/v\/3\.0\.0" or "standards\/cis-aws-foundations-benchmark\/v\/1\.4\.0"\?\); allowed: .*standards\/cis-aws-foundations-benchmark\/v\/5\.0\.0/,
        ),
      ]);
    });

    test('an unknown control id, disabled or tuned', () => {
      const data = defaultConfigData();
      data.tiers[0].disabledControls[0].securityControlId = 'IAM.600';
      data.tiers[1].controlParameters['EC2.999'] = { foo: 1 };
      const problems = problemsOf(data);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /tiers\[0\]\.disabledControls\[0\]\.securityControlId: "IAM\.600" is not a security control id in the catalogue/,
          ),
          expect.stringMatching(
            /tiers\[1\]\.controlParameters\.EC2\.999: "EC2\.999" is not a security control id in the catalogue/,
          ),
        ]),
      );
      expect(problems).toHaveLength(2);
    });

    test('a parameter a control does not take, and a value out of range', () => {
      const data = defaultConfigData();
      data.tiers[0].controlParameters['IAM.7'] = { MinimumPasswordLength: 4, MinimumLength: 14 };
      const problems = problemsOf(data);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /controlParameters\.IAM\.7\.MinimumLength: IAM\.7 takes no parameter "MinimumLength"; allowed: MaxPasswordAge, MinimumPasswordLength/,
          ),
          expect.stringMatching(/controlParameters\.IAM\.7\.MinimumPasswordLength: 4 is not an integer in 8\.\.128/),
        ]),
      );
    });

    test('the management account used as the security admin', () => {
      const data = defaultConfigData();
      data.organization.securityAccountId = data.organization.managementAccountId;
      expect(problemsOf(data)).toEqual([
        expect.stringMatching(
          /organization\.securityAccountId: "999988887777" is the management account; .*Name a dedicated security account/,
        ),
      ]);
    });

    test('no tiers', () => {
      const data = defaultConfigData();
      data.tiers = [];
      expect(problemsOf(data)).toEqual([expect.stringMatching(/tiers: \[\] needs at least one workload tier/)]);
      delete data.tiers;
      expect(problemsOf(data)).toEqual([expect.stringMatching(/tiers: is required but missing/)]);
    });

    test('duplicate tier names', () => {
      const data = defaultConfigData();
      data.tiers[2].name = 'staging';
      expect(problemsOf(data)).toEqual([expect.stringMatching(/tiers: tier name "staging" is used twice/)]);
    });

    test('several problems are all reported, in file order', () => {
      const data = defaultConfigData();
      data.organization.homeRegion = 'mars-north-1';
      data.tiers[0].accounts = ['abc'];
      data.tiers[2].environment = 'prod';
      const problems = problemsOf(data);
      expect(problems).toHaveLength(3);
      const lines = problems.map((p) => Number(p.split(':')[1]));
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      expect(problems[2]).toMatch(
        /tiers\[2\]\.environment: "prod" is not allowed \(did you mean "production"\?\); allowed: staging, production, sandbox, development/,
      );
    });

    test('an unreadable file', () => {
      expect(() => loadOrganizationConfig('/nonexistent/org.yaml')).toThrow(
        /cannot read the config file \(ENOENT\); check the path or set SECURITYHUB_CONFIG/,
      );
    });
  });

  test("a disabled control outside the tier's standards is a warning, not an error", () => {
    const data = defaultConfigData();
    data.tiers[2].disabledControls.push({
      securityControlId: 'IAM.11',
      reason: 'CIS 1.2 password rule, not used here',
    });
    const warnings: string[] = [];
    parseOrganizationConfig(stringify(data), 'test.yaml', { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      expect.stringMatching(
        /tiers\[2\]\.disabledControls\[2\]\.securityControlId: warning: "IAM\.11" is in none of tier "sandbox"'s standards/,
      ),
    ]);
  });
});
