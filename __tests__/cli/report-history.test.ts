import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { TrendReport } from '../../cli/report/trend';
import { FIXED, ORG_JSON, runCli, seedHistory } from './helpers';

let dir: string;
let history: string;

// The saved reports and their scores: seedHistory in helpers.ts.
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-history-'));
  history = path.join(dir, 'history.sqlite');
  await seedHistory(dir, history);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('securityhub report --save and --trend', () => {
  test('the history file holds figures only: runs, standard scores, control statuses', () => {
    const db = new Database(history, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM report_runs').get()).toEqual({ n: 4 });
      expect(
        db
          .prepare(
            "SELECT score FROM standard_scores s JOIN report_runs r ON r.id = s.run_id WHERE r.generated_at LIKE '2025-01-01%' ORDER BY s.rowid",
          )
          .all(),
      ).toEqual([{ score: 60 }, { score: 0 }, { score: 50 }, { score: 75 }]);
      const columns = (db.prepare('PRAGMA table_info(control_results)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('resource_id');
    } finally {
      db.close();
    }
  });

  /*
   * Controls that moved the score: the latest score minus the latest score had the control kept
   * its first status.
   *   PCI (latest F, P, U, F = 25):   Config.1 P -> U: with P it would be 2/4 = 50 -> -25
   *                                   KMS.4    P -> F: with P it would be 2/4 = 50 -> -25
   *   CIS5 (latest 1/5 = 20):         Config.1, KMS.4: with P each would be 2/5 = 40 -> -20 each
   *   FSBP (latest 2/6 = 33.3):       Config.1: with P 3/6 = 50 -> -16.7
   */
  test('text trend: scores per day, change per standard, the controls that moved it', async () => {
    const run = await runCli([
      'report',
      '--trend',
      '90d',
      '--as-of',
      '2025-02-23',
      '--organization',
      'acme-corp',
      '--history',
      history,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'AWS Security Hub Score Trend',
        '====================================',
        'Organization: acme-corp',
        'Period: 2024-11-25 to 2025-02-23 (3 saved reports)',
        'SCORE OVER TIME:',
        'Date        CIS v5.0  CIS v1.2  AWS FSBP v1.0  PCI DSS v3.2.1',
        '2025-01-01       60%        0%            50%             75%',
        '2025-02-01       20%        0%            33%             25%',
        '2025-02-23       20%        0%            33%             25%',
        'CHANGE SINCE 2025-01-01:',
        'CIS AWS Foundations Benchmark v5.0.0: 60% -> 20% (-40)',
        'CIS AWS Foundations Benchmark v1.2.0: 0% -> 0% (0)',
        'AWS Foundational Security Best Practices v1.0.0: 50% -> 33% (-17)',
        'PCI DSS v3.2.1: 75% -> 25% (-50)',
        'CONTROLS THAT MOVED THE SCORE MOST:',
        '[Config.1] AWS Config should be enabled and use the service-linked role for resource recording (PCI DSS v3.2.1): PASSED -> UNKNOWN, -25 points',
        '[KMS.4] AWS KMS key rotation should be enabled (PCI DSS v3.2.1): PASSED -> FAILED, -25 points',
        '[Config.1] AWS Config should be enabled and use the service-linked role for resource recording (CIS v5.0): PASSED -> UNKNOWN, -20 points',
        '[KMS.4] AWS KMS key rotation should be enabled (CIS v5.0): PASSED -> FAILED, -20 points',
        '[Config.1] AWS Config should be enabled and use the service-linked role for resource recording (AWS FSBP v1.0): PASSED -> UNKNOWN, -16.7 points',
        '',
      ].join('\n'),
    );
  });

  test('markdown trend: the same figures as the text trend, as tables', async () => {
    const run = await runCli([
      'report',
      '--trend',
      '90d',
      '--as-of',
      '2025-02-23',
      '--organization',
      'acme-corp',
      '--history',
      history,
      '--format',
      'markdown',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '# AWS Security Hub Score Trend',
        '',
        '| Field | Value |',
        '|---|---|',
        '| Organization | acme-corp |',
        '| Period | 2024-11-25 to 2025-02-23 (3 saved reports) |',
        '',
        '## Score over time',
        '',
        '| Date | CIS v5.0 | CIS v1.2 | AWS FSBP v1.0 | PCI DSS v3.2.1 |',
        '|---|---|---|---|---|',
        '| 2025-01-01 | 60% | 0% | 50% | 75% |',
        '| 2025-02-01 | 20% | 0% | 33% | 25% |',
        '| 2025-02-23 | 20% | 0% | 33% | 25% |',
        '',
        '## Change since 2025-01-01',
        '',
        '| Standard | First | Latest | Change |',
        '|---|---|---|---|',
        '| CIS AWS Foundations Benchmark v5.0.0 | 60% | 20% | -40 |',
        '| CIS AWS Foundations Benchmark v1.2.0 | 0% | 0% | 0 |',
        '| AWS Foundational Security Best Practices v1.0.0 | 50% | 33% | -17 |',
        '| PCI DSS v3.2.1 | 75% | 25% | -50 |',
        '',
        '## Controls that moved the score most',
        '',
        '| Control | Title | Standard | From | To | Points |',
        '|---|---|---|---|---|---|',
        '| Config.1 | AWS Config should be enabled and use the service-linked role for resource recording | PCI DSS v3.2.1 | PASSED | UNKNOWN | -25 |',
        '| KMS.4 | AWS KMS key rotation should be enabled | PCI DSS v3.2.1 | PASSED | FAILED | -25 |',
        '| Config.1 | AWS Config should be enabled and use the service-linked role for resource recording | CIS v5.0 | PASSED | UNKNOWN | -20 |',
        '| KMS.4 | AWS KMS key rotation should be enabled | CIS v5.0 | PASSED | FAILED | -20 |',
        '| Config.1 | AWS Config should be enabled and use the service-linked role for resource recording | AWS FSBP v1.0 | PASSED | UNKNOWN | -16.7 |',
        '',
      ].join('\n'),
    );
  });

  test('json trend, a shorter period, and another organization', async () => {
    const run = await runCli([
      'report',
      '--trend',
      '30d',
      '--as-of',
      '2025-02-23',
      '--organization',
      'acme-corp',
      '--history',
      history,
      '--format',
      'json',
    ]);
    const trend = JSON.parse(run.stdout) as TrendReport;
    expect(trend.reports).toBe(2);
    expect(trend.standards.map((s) => [s.shortName, s.points.map((p) => p.date), s.first, s.latest])).toEqual([
      ['CIS v5.0', ['2025-02-01', '2025-02-23'], 20, 20],
      ['CIS v1.2', ['2025-02-01', '2025-02-23'], 0, 0],
      ['AWS FSBP v1.0', ['2025-02-01', '2025-02-23'], 33, 33],
      ['PCI DSS v3.2.1', ['2025-02-01', '2025-02-23'], 25, 25],
    ]);
    expect(trend.movers).toEqual([]);
    const other = JSON.parse(
      (
        await runCli([
          'report',
          '--trend',
          '2025-01-01',
          '--as-of',
          '2025-02-23',
          '--organization',
          'other-org',
          '--history',
          history,
          '--format',
          'json',
        ])
      ).stdout,
    ) as TrendReport;
    expect(other.reports).toBe(1);
  });

  test('a period with nothing saved says how to save', async () => {
    const run = await runCli(['report', '--trend', '7d', '--as-of', '2024-06-01', '--history', history]);
    expect(run.stdout).toMatch(/No saved reports in this period; save one with `securityhub report --save`\.\n$/);
  });

  test('--save without --history uses $XDG_STATE_HOME/securityhub/report-history.sqlite', async () => {
    const state = path.join(dir, 'state');
    const run = await runCli(['report', '--input', ORG_JSON, ...FIXED, '--save'], {
      env: { HOME: dir, XDG_STATE_HOME: state },
    });
    expect(run.code).toBe(0);
    expect(existsSync(path.join(state, 'securityhub', 'report-history.sqlite'))).toBe(true);
  });
});
