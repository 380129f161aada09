import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ORG_JSON, runCli, seedHistory } from '../cli/helpers';
import { defaultConfigData } from '../support/org-config';

/*
 * `securityhub report --config` with a remediationWindow: the report says where each standard
 * stands. The baseline is the first saved report in the window (seedHistory: PCI DSS v3.2.1 75% on
 * 2025-01-01, 25% on 2025-02-01 and 2025-02-23, organization acme-corp).
 */

const PCI = 'standards/pci-dss/v/3.2.1';
let dir: string;
let history: string;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'report-window-'));
  history = path.join(dir, 'history.sqlite');
  await seedHistory(dir, history);
  const data = defaultConfigData();
  data.organization.name = 'acme-corp';
  data.remediationWindow = { start: '2025-01-01', by: '2025-03-31', targets: { [PCI]: 90 } };
  config = path.join(dir, 'org.yaml');
  writeFileSync(config, stringify(data));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('securityhub report with a remediation window', () => {
  test('text: behind the line from the first saved report in the window (75% on 2025-01-01) to 90% by 2025-03-31', async () => {
    const run = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--config',
      config,
      '--as-of',
      '2025-02-23',
      '--history',
      history,
    ]);
    expect(run.code).toBe(0);
    // 75 + (90 - 75) x (53 days / 90 days) = 83.8
    expect(run.stdout).toContain(
      'REMEDIATION WINDOW (targets due 2025-03-31):\nPCI DSS v3.2.1: 25%; target 90% by 2025-03-31: BEHIND (expected 83.8% today)\n',
    );
  });

  test('json and html carry the same verdict; without saved reports the report is its own baseline', async () => {
    const json = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--config',
      config,
      '--as-of',
      '2025-02-23',
      '--history',
      path.join(dir, 'none.sqlite'),
      '--format',
      'json',
    ]);
    expect(JSON.parse(json.stdout).remediationWindow).toEqual({
      start: '2025-01-01',
      by: '2025-03-31',
      standards: [
        {
          standardsId: PCI,
          name: 'PCI DSS v3.2.1',
          score: 25,
          verdict: 'on-track',
          target: 90,
          by: '2025-03-31',
          expected: 25,
          baseline: { score: 25, at: '2025-02-23T00:00:00.000Z' },
        },
      ],
    });
    const html = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--config',
      config,
      '--as-of',
      '2025-02-23',
      '--history',
      history,
      '--format',
      'html',
    ]);
    expect(html.stdout).toMatch(/<h2>Remediation window \(targets due 2025-03-31\)<\/h2>/);
    expect(html.stdout).toMatch(/<span class="status-FAILED">behind<\/span>/);
  });

  test('without a remediationWindow the report has no such section', async () => {
    const run = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--as-of',
      '2025-02-23',
      '--organization',
      'acme-corp',
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout).remediationWindow).toBeUndefined();
  });
});
