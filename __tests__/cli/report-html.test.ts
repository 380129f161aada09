import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { expectNonBlankPng, launchChromium, screenshot } from '../support/browser';
import { FIXED, ORG_JSON, runCli } from './helpers';

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-html-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('renders the score chart with bar widths equal to the scores, and the per-standard tables', async () => {
    const file = path.join(dir, 'report.html');
    const run = await runCli(['report', '--input', ORG_JSON, '--format', 'html', '--output', file, ...FIXED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);

    expect(await page.title()).toBe('AWS Security Hub Compliance Report 2025-02-23');
    const bars = await page.$$eval('.chart .row', (rows) => rows.map((row) => {
      const track = row.querySelector('.track')!.getBoundingClientRect();
      const bar = row.querySelector('.bar')!.getBoundingClientRect();
      return { label: row.querySelector('.label')!.textContent, ratio: bar.width / track.width, text: row.querySelector('.pct')!.textContent, visible: track.width > 100 && track.height > 5 };
    }));
    // Scores worked out in report-golden.test.ts: CIS 5.0 20%, CIS 1.2 0%, FSBP 33%, PCI 25%.
    expect(bars.map((b) => [b.label, b.text])).toEqual([
      ['CIS AWS Foundations Benchmark v5.0.0', '20%'],
      ['CIS AWS Foundations Benchmark v1.2.0', '0%'],
      ['AWS Foundational Security Best Practices v1.0.0', '33%'],
      ['PCI DSS v3.2.1', '25%'],
    ]);
    for (const [i, score] of [20, 0, 33, 25].entries()) {
      expect(bars[i].visible).toBe(true);
      expect(bars[i].ratio).toBeCloseTo(score / 100, 2);
    }

    // One table of controls per standard: failed first (most accounts first), then unknown, passed, no data; by severity, then id.
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(headings).toEqual(expect.arrayContaining(['AWS Foundational Security Best Practices v1.0.0: 33%', 'PCI DSS v3.2.1: 25%']));
    const fsbp = await page.$$eval('h2[id="standards/aws-foundational-security-best-practices/v/1.0.0"] + table tbody tr', (rows) =>
      rows.map((r) => [r.children[0].textContent, r.children[3].textContent]));
    expect(fsbp).toEqual([['S3.1', 'FAILED'], ['Athena.4', 'FAILED'], ['Config.1', 'UNKNOWN'], ['CloudTrail.1', 'UNKNOWN'], ['EC2.19', 'PASSED'], ['IAM.4', 'PASSED'], ['RDS.3', 'NO DATA']]);

    // Self-contained: the page asked for nothing but itself.
    expect(requests).toEqual([`file://${file}`]);

    expectNonBlankPng(await screenshot(page, dir, 'report.png'));
    await page.close();
  });

  test('finding titles cannot inject markup', async () => {
    const finding = JSON.parse(readFileSync(ORG_JSON, 'utf8')).Findings[16];
    finding.Title = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    const input = path.join(dir, 'evil.json');
    writeFileSync(input, JSON.stringify({ Findings: [finding] }));
    const run = await runCli(['report', '--input', input, '--format', 'html', ...FIXED]);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent(run.stdout);
    expect(await page.title()).toBe('AWS Security Hub Compliance Report 2025-02-23');
    expect(await page.$('img')).toBeNull();
    expect(await page.textContent('body')).toContain('<img src=x');
    await page.close();
  });
});
