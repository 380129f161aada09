import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadOrganizationConfig, parseOrganizationConfig } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { defaultConfigData } from '../support/org-config';

/** The problems config text gets, one line each, or [] when it loads. */
function problemsOfText(text: string, file = 'org.yaml'): string[] {
  try {
    parseOrganizationConfig(text, file, { today: new Date('2025-01-01T00:00:00Z') });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split('\n');
  }
}

const problemsOf = (data: unknown) => problemsOfText(stringify(data));

// zod's own sentences, which name neither the field's rule nor the fix.
const ZOD_WORDING = /Number must be|String must|Array must|Invalid email|Invalid input|Expected .*, received|Required$/;

describe('config validation reports every problem in one run', () => {
  test('a bad account id, a misspelled standard and a misspelled control: three problems, with suggestions', () => {
    const data = defaultConfigData();
    data.organization.securityAccountId = '11112222333';
    data.tiers[0].standards[0] = 'standards/aws-foundational-security-best-practices/v/1.0.1';
    data.tiers[0].disabledControls[0].securityControlId = 'IAM.66';
    const problems = problemsOf(data);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/organization\.securityAccountId: "11112222333" must be a 12-digit AWS account id/);
    expect(problems[1]).toMatch(
      /tiers\[0\]\.standards\[0\]: ".*\/v\/1\.0\.1" is not a known standard or version \(did you mean "standards\/aws-foundational-security-best-practices\/v\/1\.0\.0"\?\)/,
    );
    expect(problems[2]).toMatch(
      /tiers\[0\]\.disabledControls\[0\]\.securityControlId: "IAM\.66" is not a security control id in the catalogue .*\(did you mean "IAM\.6"/,
    );
  });

  test('cross-field rules still run next to field errors, in the same tier and in others', () => {
    const data = defaultConfigData();
    data.tiers[1].environment = 'prod'; // schema: enum
    data.tiers[1].standards.push('standards/pci-dss/v/4.0.2'); // catalogue: same tier
    data.tiers[2].name = 'staging'; // cross-field: duplicate tier name
    data.organization.homeRegion = 'us-east-l'; // schema: Region
    const problems = problemsOf(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /organization\.homeRegion: "us-east-l" is not a known AWS Region code \(did you mean "us-east-1" or "us-east-2"\?\)/,
        ),
        expect.stringMatching(/tiers: tier name "staging" is used twice/),
        expect.stringMatching(
          /tiers\[1\]\.environment: "prod" is not allowed \(did you mean "production"\?\); allowed: staging, production, sandbox, development/,
        ),
        expect.stringMatching(
          /tiers\[1\]\.standards\[\d\]: "standards\/pci-dss\/v\/4\.0\.2" is not a known standard or version \(did you mean "standards\/pci-dss\/v\/4\.0\.1"/,
        ),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  test('setting a broken field aside does not invent problems: a tier whose one account is malformed is not also "without a target"', () => {
    const data = defaultConfigData();
    data.tiers[0].organizationalUnits = [];
    data.tiers[0].accounts = ['12345'];
    data.organization.linkedRegions = ['us-east-1', 'mars-1'];
    const problems = problemsOf(data);
    expect(problems).toEqual([
      expect.stringMatching(
        /organization\.linkedRegions\[1\]: "mars-1" is not a known AWS Region code; Region codes look like us-east-1/,
      ),
      expect.stringMatching(/tiers\[0\]\.accounts\[0\]: "12345" must be a 12-digit AWS account id/),
    ]);
  });

  test('an unknown key and a control parameter get the closest allowed name', () => {
    const data = defaultConfigData();
    data.notifications.emailSubscriber = [];
    data.tiers[1].controlParameters['IAM.7'] = { MinimumPaswordLength: 14 };
    expect(problemsOf(data)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /notifications\.emailSubscriber: unknown key "emailSubscriber" \(did you mean "emailSubscribers"\?\)/,
        ),
        expect.stringMatching(
          /tiers\[1\]\.controlParameters\.IAM\.7\.MinimumPaswordLength: IAM\.7 takes no parameter "MinimumPaswordLength" \(did you mean "MinimumPasswordLength"\?\)/,
        ),
      ]),
    );
  });
});

describe('messages name the field, the value and what is allowed', () => {
  test("a YAML alias bomb is a config problem with its line, not the yaml library's error", () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(problemsOfText(bomb)).toEqual([
      expect.stringMatching(
        /^org\.yaml:2: \(top level\): malformed YAML: the aliases \(\*name\) expand to too many values/,
      ),
    ]);
  });

  test('a duplicate key names the key and where it is', () => {
    expect(problemsOfText('organization:\n  name: a\n  homeRegion: us-east-1\n  name: b\n')).toEqual([
      'org.yaml:4: organization.name: malformed YAML: key "name" appears twice in the same mapping; YAML keeps only one of them, so remove or merge the other.',
    ]);
  });

  test('a second colon on a line names the key and says to quote the value', () => {
    expect(problemsOfText('organization:\n  name: acme: corp\n')).toEqual([
      'org.yaml:2: organization.name: malformed YAML: a second ": " on one line (name: acme: corp); a value that holds ": " must be in quotes, e.g. name: "a: b".',
    ]);
  });

  test('linkedRegions of the wrong form lists the three forms', () => {
    const data = defaultConfigData();
    data.organization.linkedRegions = 42;
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(
        /organization\.linkedRegions: 42 is not allowed; linkedRegions takes ALL_REGIONS, a list of Region codes .*\[us-east-1, us-west-2\].*, or \{ allExcept: \[ap-east-1\] \}\.$/,
      ),
    ]);
    data.organization.linkedRegions = 'ALL_REGION';
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(
        /"ALL_REGION" is not allowed \(did you mean "ALL_REGIONS"\?\); linkedRegions takes ALL_REGIONS/,
      ),
    ]);
  });

  test("bounds and formats in the loader's words, never zod's", () => {
    const data = defaultConfigData();
    data.automationRules[0].order = 0;
    data.automationRules[1].order = 2.5;
    data.notifications.emailSubscribers = ['secops-at-example.com'];
    data.remediation = { ...data.remediation, rateLimitPerAccountPerHour: 5000 };
    data.customActions[0].name = '';
    data.organization.name = 'x'.repeat(65);
    const problems = problemsOf(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/automationRules\[0\]\.order: 0 must be at least 1\.$/),
        expect.stringMatching(/automationRules\[1\]\.order: 2\.5 must be a whole number\.$/),
        expect.stringMatching(
          /notifications\.emailSubscribers\[0\]: "secops-at-example\.com" is not an email address; write one address per entry, e\.g\. secops@example\.com\.$/,
        ),
        expect.stringMatching(/remediation\.rateLimitPerAccountPerHour: 5000 must be at most 1000\.$/),
        expect.stringMatching(/customActions\[0\]\.name: "" must not be empty\.$/),
        expect.stringMatching(/organization\.name: "x{20,}.*" must be at most 64 characters long\.$/),
      ]),
    );
    expect(problems).toHaveLength(6);
    for (const p of problems) expect(p).not.toMatch(ZOD_WORDING);
  });

  test('a malformed date is one problem', () => {
    const data = defaultConfigData();
    data.remediation = {
      ...data.remediation,
      exemptions: [
        {
          securityControlId: 'S3.1',
          scope: { accounts: ['123456789012'] },
          owner: 'platform',
          reason: 'legacy bucket kept for audit',
          expires: '2025-6-30',
        },
        {
          securityControlId: 'S3.1',
          scope: { accounts: ['123456789012'] },
          owner: 'platform',
          reason: 'legacy bucket kept for audit',
          expires: '2025-02-30',
        },
      ],
    };
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(
        /remediation\.exemptions\[0\]\.expires: "2025-6-30" must be a date written YYYY-MM-DD, e\.g\. "2025-06-30"\.$/,
      ),
      expect.stringMatching(/remediation\.exemptions\[1\]\.expires: "2025-02-30" is not a calendar date/),
    ]);
  });

  test('an unquoted account id: says that YAML dropped its leading zero', () => {
    const text = stringify(defaultConfigData()).replace(
      /securityAccountId: "?111122223333"?/,
      'securityAccountId: 012345678901',
    );
    expect(problemsOfText(text)).toEqual([
      expect.stringMatching(
        /organization\.securityAccountId: 012345678901 is unquoted, so YAML reads it as the number 12345678901 and drops its leading zero; write it in quotes: "012345678901"/,
      ),
    ]);
  });

  test('a 5 MB file is refused by its size and nothing of it is echoed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'big-config-'));
    const file = path.join(dir, 'org.yaml');
    const junk = `"${'x'.repeat(5 * 1024 * 1024)}": 1\n`;
    writeFileSync(file, junk);
    let message = '';
    try {
      loadOrganizationConfig(file);
    } catch (e) {
      message = (e as ConfigError).message;
    }
    expect(message).toContain(
      `: (top level): the file is ${junk.length} bytes; an organization config is a few kilobytes`,
    );
    expect(message.length).toBeLessThan(400);
  });

  test('a long key or value is cut in the message', () => {
    const data = defaultConfigData();
    data.tiers[0][`k${'y'.repeat(5000)}`] = 'z'.repeat(5000);
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0].length).toBeLessThan(1000);
  });
});

describe('any one wrong value in the example', () => {
  test("is a config problem in the loader's words, never a crash or zod's wording", () => {
    const base = defaultConfigData();
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      if (v !== null && typeof v === 'object')
        Object.entries(v).forEach(([k, c]) => walk(c, [...p, Array.isArray(v) ? Number(k) : k]));
      if (p.length > 0) leaves.push(p);
    };
    walk(base, []);
    const replacements: unknown[] = [42, 'x', [], { a: 1 }, null];
    let checked = 0;
    // Every 4th (path, value) pair: a spread over the whole file that stays quick.
    leaves
      .flatMap((p) => replacements.map((r) => [p, r] as const))
      .filter((_, i) => i % 4 === 0)
      .forEach(([p, replacement]) => {
        const data = structuredClone(base);
        let parent = data;
        for (const segment of p.slice(0, -1)) parent = parent[segment];
        parent[p[p.length - 1]] = replacement;
        let problems: string[] = [];
        expect(() => {
          problems = problemsOf(data);
        }).not.toThrow();
        for (const line of problems) expect(line).not.toMatch(ZOD_WORDING);
        checked++;
      });
    expect(checked).toBeGreaterThan(200);
  });
});

describe('the README shows the messages the loader prints', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  /** The README's example lines of a text block, without `file:line: ` and with a trailing "..." cut off. */
  const exampleLines = (after: string) => {
    const start = readme.indexOf('```text\n', readme.indexOf(after)) + '```text\n'.length;
    return readme
      .slice(start, readme.indexOf('```', start))
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('org.yaml:'))
      .map((l) => l.replace(/^org\.yaml:\d+: /, '').replace(/\.\.\.$/, ''));
  };
  const messagesOf = (problems: string[]) => problems.map((p) => p.replace(/^org\.yaml:\d+: /, ''));

  test("the quick start's three problems", () => {
    const data = defaultConfigData();
    data.organization.homeRegion = 'us-east-l';
    data.tiers[0].standards[0] = 'standards/pci-dss/v/4.0.2';
    const text = stringify(data).replace(/securityAccountId: "?111122223333"?/, 'securityAccountId: 012345678901');
    const problems = messagesOf(problemsOfText(text));
    const shown = exampleLines('A config with mistakes is refused');
    expect(shown).toHaveLength(3);
    expect(problems).toHaveLength(3);
    shown.forEach((line, i) => expect(problems[i].startsWith(line)).toBe(true));
  });

  test("the configuration reference's examples", () => {
    const shown = exampleLines('What is checked at synth time');
    const data = defaultConfigData();
    data.organization.linkedRegions = 42;
    data.tiers[0].standard = [];
    data.tiers[0].disabledControls[0].securityControlId = 'IAM.66';
    data.automationRules[0].order = 0;
    data.notifications.emailSubscribers = ['secops-at-example.com'];
    const problems = [
      ...messagesOf(problemsOf(data)),
      ...messagesOf(problemsOfText('organization:\n  name: a\n  name: b\n')),
    ];
    expect(shown).toHaveLength(6);
    for (const line of shown) expect(problems.some((p) => p.startsWith(line))).toBe(true);
  });
});
