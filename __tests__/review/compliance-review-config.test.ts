import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE, parseOrganizationConfig } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { defaultConfigData } from '../support/org-config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PCI = 'standards/pci-dss/v/3.2.1';

/** The problems a config gets, one line each, or [] when it loads. */
function problemsOf(changes: Json): string[] {
  try {
    parseOrganizationConfig(stringify({ ...defaultConfigData(), ...changes }), 'org.yaml', {
      today: new Date('2027-01-01T00:00:00Z'),
    });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split('\n').filter((l) => l.includes('complianceReview') || l.includes('remediationWindow'));
  }
}

describe('complianceReview and remediationWindow in the organization config', () => {
  test('an empty complianceReview gets the weekly defaults', () => {
    const config = parseOrganizationConfig(stringify({ ...defaultConfigData(), complianceReview: {} }), 'org.yaml');
    expect(config.complianceReview).toEqual({
      scheduleExpression: 'cron(0 6 ? * MON *)',
      objectLockMode: 'GOVERNANCE',
      retentionDays: 365,
      standards: [],
    });
    expect(config.remediationWindow).toBeUndefined();
  });

  test('the example organization (config/default-org.yaml) shows the review and a 90-day window: uncommented, they load as written', () => {
    const text = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
    // The commented block, from `# complianceReview:` to the blank line after the window, with its `# ` taken off.
    const start = text.indexOf('# complianceReview:');
    const block = text
      .slice(start, text.indexOf('\n\n', start))
      .split('\n')
      .map((l) => l.replace(/^# ?/, ''))
      .join('\n');
    expect(block).toMatch(/^complianceReview:\n/);
    const config = parseOrganizationConfig(`${text}\n${block}\n`, DEFAULT_CONFIG_FILE, {
      today: new Date('2027-01-01T00:00:00Z'),
    });
    expect(config.complianceReview).toEqual({
      scheduleExpression: 'cron(0 6 ? * MON *)',
      objectLockMode: 'GOVERNANCE',
      retentionDays: 365,
      standards: [],
    });
    expect(config.remediationWindow).toEqual({
      start: '2027-01-04',
      by: '2027-04-04',
      targets: { [PCI]: 90, 'standards/aws-foundational-security-best-practices/v/1.0.0': 85 },
    });
    // As shipped, the example synthesizes without them.
    expect(parseOrganizationConfig(text, DEFAULT_CONFIG_FILE).complianceReview).toBeUndefined();
  });

  test('a full review and window load as written', () => {
    expect(
      problemsOf({
        complianceReview: {
          scheduleExpression: 'rate(7 days)',
          objectLockMode: 'COMPLIANCE',
          retentionDays: 2555,
          standards: [PCI],
          bucketName: 'acme-evidence',
        },
        remediationWindow: { start: '2027-01-04', by: '2027-04-04', targets: { [PCI]: 90 } },
      }),
    ).toEqual([]);
  });

  test('bad values: each names the field, the value and the fix', () => {
    const problems = problemsOf({
      complianceReview: {
        scheduleExpression: 'weekly',
        objectLockMode: 'LEGAL_HOLD',
        retentionDays: 0,
        standards: ['standards/pci-dss/v/4.0.1'],
      },
      remediationWindow: { start: '2027-05-01', by: '2027-02-30', targets: { [PCI]: 120 } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /complianceReview\.scheduleExpression: "weekly" must be an EventBridge Scheduler expression: rate\(7 days\), or cron with six fields/,
        ),
        expect.stringMatching(/complianceReview\.objectLockMode: "LEGAL_HOLD" .*GOVERNANCE.*COMPLIANCE/),
        expect.stringMatching(/complianceReview\.retentionDays: 0 must lock objects at least 1 day/),
        expect.stringMatching(/remediationWindow\.by: "2027-02-30" is not a calendar day/),
        expect.stringMatching(
          /remediationWindow\.targets\.standards\/pci-dss\/v\/3\.2\.1: 120 must be a score from 0 to 100/,
        ),
      ]),
    );
  });

  test('a window that starts after its due date', () => {
    expect(
      problemsOf({
        complianceReview: {},
        remediationWindow: { start: '2027-05-01', by: '2027-04-01', targets: { [PCI]: 90 } },
      }),
    ).toEqual([
      expect.stringMatching(
        /remediationWindow\.start: "2027-05-01" is not before by "2027-04-01"; the window must start before its targets are due/,
      ),
    ]);
  });

  test('standards no tier enables: the review would have no findings for them', () => {
    expect(
      problemsOf({
        complianceReview: { standards: ['standards/pci-dss/v/4.0.1'] },
        remediationWindow: { by: '2027-04-01', targets: { 'standards/cis-aws-foundations-benchmark/v/3.0.0': 80 } },
      }),
    ).toEqual([
      expect.stringMatching(
        /complianceReview\.standards\[0\]: "standards\/pci-dss\/v\/4\.0\.1" is not a standard any tier enables \(did you mean "standards\/pci-dss\/v\/3\.2\.1"\?\); .*Use one of:/,
      ),
      expect.stringMatching(
        /remediationWindow\.targets\.standards\/cis-aws-foundations-benchmark\/v\/3\.0\.0: .* is not a standard any tier enables/,
      ),
    ]);
  });

  test('an unknown key gets the closest allowed name', () => {
    expect(problemsOf({ complianceReview: { retentionDay: 30 } })).toEqual([
      expect.stringMatching(/complianceReview.*retentionDay.*retentionDays/),
    ]);
  });
});
