/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The callbacks given to page.evaluate run in the browser, with its DOM types.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectNonBlankPng, launchChromium, screenshot } from '../support/browser';
import { ADMIN, FIXED, MEMBER_B, MEMBER_C, ORG_JSON, runCli, seedHistory } from './helpers';
import { packageVersion } from '../../cli/main';
import type { AsffFinding } from '../../cli/findings/asff';
import { calendarMonthOf } from '../../cli/dates';
import { buildReport } from '../../cli/report/build-report';
import { ComplianceTally, FindingDetails } from '../../cli/report/compliance-tally';
import { scopeFromFindings } from '../../cli/report/findings-scope';
import { renderHtml } from '../../cli/report/formats/html';
import { withPageDetails } from '../../cli/report/page-details';
import type { ReportScope } from '../../cli/report/report-scope';
import { CONTROL_CATALOGUE } from '../../domain/control-catalogue';

/** A4 pages of the printed 3-account report: its 400-odd NO DATA controls take one folded line per standard. */
const PRINTED_PAGES = 3;

const FSBP = 'standards/aws-foundational-security-best-practices/v/1.0.0';

describe('HTML report in headless Chromium: what a person sees', () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let html: string;
  /** Every URL a page asked for. */
  let requests: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-html-'));
    browser = await launchChromium();
    file = path.join(dir, 'report.html');
    const run = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--format',
      'html',
      '--output',
      file,
      '--by',
      'account',
      ...FIXED,
    ]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: `securityhub report: wrote ${file}\n` });
    html = readFileSync(file, 'utf8');
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(url = `file://${file}`): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    return page;
  }

  test('score bars as wide as the scores, with passed/total per standard', async () => {
    const page = await open();
    expect(await page.title()).toBe('AWS Security Hub Compliance Report 2025-02-23');
    const bars = await page.$$eval('.chart .row', (rows) =>
      rows.map((row) => {
        const track = row.querySelector('.track')!.getBoundingClientRect();
        const bar = row.querySelector('.bar')!.getBoundingClientRect();
        return {
          label: (row.querySelector('.label') as HTMLElement).innerText,
          ratio: bar.width / track.width,
          text: (row.querySelector('.pct') as HTMLElement).innerText,
          passed: (row.querySelector('.ratio') as HTMLElement).innerText,
          visible: track.width > 100 && track.height > 5,
        };
      }),
    );
    // Scores worked out in report-golden.test.ts: CIS 5.0 1/5 = 20%, CIS 1.2 0/1, FSBP 2/6 = 33%, PCI 1/4 = 25%.
    expect(bars.map((b) => [b.label, b.text, b.passed])).toEqual([
      ['CIS AWS Foundations Benchmark v5.0.0', '20%', '1/5 passed'],
      ['CIS AWS Foundations Benchmark v1.2.0', '0%', '0/1 passed'],
      ['AWS Foundational Security Best Practices v1.0.0', '33%', '2/6 passed'],
      ['PCI DSS v3.2.1', '25%', '1/4 passed'],
    ]);
    for (const [i, score] of [20, 0, 33, 25].entries()) {
      expect(bars[i].visible).toBe(true);
      expect(bars[i].ratio).toBeCloseTo(score / 100, 2);
    }
    expectNonBlankPng(await screenshot(page, dir, 'report.png'));
    await page.close();
  });

  test("drill-down: a score leads to its standard's controls, a failing control opens to the accounts failing it", async () => {
    const page = await open();
    await page.getByRole('link', { name: 'AWS Foundational Security Best Practices v1.0.0' }).first().click();
    expect(new URL(page.url()).hash).toBe(`#${FSBP}`);
    const heading = page.locator(`h2[id="${FSBP}"]`);
    expect(await heading.innerText()).toBe('AWS Foundational Security Best Practices v1.0.0: 33%');
    await expect(heading.isVisible()).resolves.toBe(true);
    // Scrolled to: the page moved down and the heading is in the window (at its top unless the page ends first).
    const { top, scrolled } = await heading.evaluate((h) => ({
      top: h.getBoundingClientRect().top,
      scrolled: window.scrollY,
    }));
    expect(scrolled).toBeGreaterThan(500);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(450);

    const rows = heading.locator('xpath=following-sibling::table[1]/tbody/tr');
    expect(
      await rows.evaluateAll((trs) =>
        trs.map((r) => [(r.children[0] as HTMLElement).innerText, (r.children[3] as HTMLElement).innerText]),
      ),
    ).toEqual([
      ['S3.1', 'FAILED'],
      ['Athena.4', 'FAILED'],
      ['Config.1', 'UNKNOWN'],
      ['CloudTrail.1', 'UNKNOWN'],
      ['EC2.19', 'PASSED'],
      ['IAM.4', 'PASSED'],
    ]);
    const s31 = rows.filter({ hasText: 'S3.1' });
    const resources = s31.locator('details.accounts ul.resources li');
    // Collapsed: the counts show, the accounts and resources do not.
    expect(await s31.locator('details.accounts summary').innerText()).toBe('2 (2 resources)');
    expect(await resources.first().isVisible()).toBe(false);
    await s31.locator('details.accounts summary').click();
    // Opened: each failing account with its resources, Region and resource id (f01 and f02 of the fixture).
    expect(await resources.first().isVisible()).toBe(true);
    expect(
      await resources.evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-account'), (li as HTMLElement).innerText]),
      ),
    ).toEqual([
      [ADMIN, `us-east-1 AWS::::Account:${ADMIN}`],
      [MEMBER_B, `eu-west-1 AWS::::Account:${MEMBER_B}`],
    ]);
    expect(
      await rows.filter({ hasText: 'Athena.4' }).locator('details.accounts ul.resources li').allTextContents(),
    ).toEqual([`us-east-1 arn:aws:athena:us-east-1:${MEMBER_B}:workgroup/primary`]);
    // NO DATA controls are folded into one line under the table; its toggle opens their ids.
    const noData = heading.locator('xpath=following-sibling::details[contains(@class, "nodata")][1]');
    expect(await noData.locator('summary').innerText()).toBe('1 control with NO DATA (not scored)');
    expect(await noData.locator('p').isVisible()).toBe(false);
    await noData.locator('summary').click();
    expect(await noData.locator('p').innerText()).toBe('RDS.3');
    await page.close();
  });

  test("provenance and other products' findings: source, Regions, accounts, time, version; GuardDuty, Inspector and Macie by severity", async () => {
    const page = await open();
    const meta = Object.fromEntries(
      await page
        .locator('dl.meta dt')
        .evaluateAll((dts) =>
          dts.map((dt) => [(dt as HTMLElement).innerText, (dt.nextElementSibling as HTMLElement).innerText]),
        ),
    );
    expect(meta).toMatchObject({
      'Data source': `file (${ORG_JSON})`,
      Regions: 'eu-west-1, us-east-1, us-west-2',
      Accounts: `${ADMIN}, ${MEMBER_B}, ${MEMBER_C}`,
      Generated: '2025-02-23T00:00:00.000Z',
      'Tool version': `cdktf-securityhub ${packageVersion()}`,
    });
    const other = page
      .locator('h2', { hasText: 'Findings of other products' })
      .locator('xpath=following-sibling::table[1]/tbody/tr');
    // ACTIVE, NEW or NOTIFIED findings of other products: g01, g02, g04, g05, g08 (g03 resolved, g06 suppressed, g07 archived).
    expect(
      await other.evaluateAll((trs) =>
        trs.map((r) => [
          (r.children[0] as HTMLElement).innerText,
          (r.children[1] as HTMLElement).innerText,
          (r.children[3] as HTMLElement).innerText,
        ]),
      ),
    ).toEqual([
      ['Critical', 'Inspector', MEMBER_B],
      ['High', 'GuardDuty', ADMIN],
      ['High', 'Inspector', MEMBER_C],
      ['Low', 'Macie', MEMBER_C],
      ['Informational', 'GuardDuty', MEMBER_B],
    ]);
    await page.close();
  });

  test('the saved trend is on the same page when the history has reports', async () => {
    const history = path.join(dir, 'page-history.sqlite');
    await seedHistory(dir, history);
    const withTrend = path.join(dir, 'with-trend.html');
    const run = await runCli([
      'report',
      '--input',
      ORG_JSON,
      '--format',
      'html',
      '--output',
      withTrend,
      '--history',
      history,
      ...FIXED,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: `securityhub report: wrote ${withTrend}\n` });
    const page = await open(`file://${withTrend}`);
    expect(await page.locator('h2', { hasText: 'Score trend (saved reports, last 90 days)' }).isVisible()).toBe(true);
    expect(await page.locator('svg.trend-chart g.series').count()).toBe(4);
    await page.close();
    // Without saved reports the section is left out.
    expect(html).not.toContain('Score trend');
  });

  test('printed, the report of a 3-account organization with every enabled control listed fits in 3 A4 pages', async () => {
    // The API's scope: every control of each enabled standard (ListSecurityControlDefinitions), most with no finding.
    const findings = (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: AsffFinding[] }).Findings;
    const tally = new ComplianceTally(calendarMonthOf(new Date('2025-02-23T00:00:00Z')), new FindingDetails());
    for (const f of findings) tally.add(f);
    const derived = scopeFromFindings(tally, 'us-east-1');
    const scope: ReportScope = {
      ...derived,
      derivedFromFindings: false,
      notes: [],
      standardControls: new Map(
        derived.standards.map((s) => [
          s.standardsId,
          CONTROL_CATALOGUE.filter((c) => c.standardsIds.includes(s.standardsId)).map((c) => ({
            controlId: c.securityControlId,
          })),
        ]),
      ),
    };
    const report = buildReport(tally, scope, {
      generatedAt: new Date('2025-02-23T00:00:00Z'),
      organization: 'acme-corp',
      administratorAccount: ADMIN,
      source: { kind: 'api' },
      top: 10,
    });
    expect(report.standards.reduce((n, s) => n + s.noData, 0)).toBeGreaterThan(400);
    const page = await browser.newPage();
    await page.setContent(
      renderHtml(withPageDetails(report, tally, scope, 'us-east-1', path.join(dir, 'no-history.sqlite'))),
    );
    await page.emulateMedia({ media: 'print' });
    // Printed, the failing resources are open and the NO DATA lists stay folded.
    expect(await page.locator('details.accounts ul.resources li').first().isVisible()).toBe(true);
    expect(await page.locator('details.nodata p').first().isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    if (process.env.SCREENSHOT_DIR) writeFileSync(path.join(process.env.SCREENSHOT_DIR, 'report-3-accounts.pdf'), pdf);
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(PRINTED_PAGES);
    await page.close();
  });

  test("severity chart: a bar per severity, lengths proportional to the finding summary's counts", async () => {
    const page = await open();
    const bars = await page.$$eval('svg.severity-chart g[data-severity]', (gs) =>
      gs.map((g) => ({
        severity: g.getAttribute('data-severity'),
        width: g.querySelector('rect')!.getBoundingClientRect().width,
        labels: [...g.querySelectorAll('text')].map((t) => t.textContent),
      })),
    );
    // Finding summary of the fixture: Critical 2, High 3, Medium 5, Low 2, Informational 1.
    expect(bars.map((b) => [b.severity, ...b.labels])).toEqual([
      ['CRITICAL', 'Critical', '2'],
      ['HIGH', 'High', '3'],
      ['MEDIUM', 'Medium', '5'],
      ['LOW', 'Low', '2'],
      ['INFORMATIONAL', 'Informational', '1'],
    ]);
    const perFinding = bars[2].width / 5;
    expect(perFinding).toBeGreaterThan(20);
    for (const [i, n] of [2, 3, 5, 2, 1].entries()) expect(bars[i].width).toBeCloseTo(n * perFinding, 0);
    expect(await page.locator('svg.severity-chart').isVisible()).toBe(true);
    await page.close();
  });

  test('per-account score table (--by account)', async () => {
    const page = await open();
    const table = page.locator('h2', { hasText: 'Scores by account' }).locator('xpath=following-sibling::table[1]');
    expect(await table.locator('thead th').allInnerTexts()).toEqual([
      'Account',
      'Accounts',
      'CIS v5.0',
      'CIS v1.2',
      'AWS FSBP v1.0',
      'PCI DSS v3.2.1',
    ]);
    // Worked out in report-golden.test.ts ("per-account and per-tier breakdown").
    expect(
      await table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText))),
    ).toEqual([
      [ADMIN, '1', '33% (1/3 passed)', '0% (0/1 passed)', '33% (1/3 passed)', '50% (1/2 passed)'],
      [MEMBER_B, '1', '33% (1/3 passed)', 'no data (0/0 passed)', '25% (1/4 passed)', '33% (1/3 passed)'],
      [MEMBER_C, '1', '67% (2/3 passed)', 'no data (0/0 passed)', '100% (3/3 passed)', '67% (2/3 passed)'],
    ]);
    await page.close();
  });

  test('self-contained: no URL outside the file at all, and the page asks for nothing but itself', async () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(html).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    );
    const page = await open();
    expect(requests).toEqual([`file://${file}`]);
    await page.close();
  });

  test('prints to PDF: account lists open, colours kept, headings not left at a page bottom', async () => {
    const page = await open();
    await page.emulateMedia({ media: 'print' });
    const s31 = page
      .locator(`h2[id="${FSBP}"]`)
      .locator('xpath=following-sibling::table[1]/tbody/tr')
      .filter({ hasText: 'S3.1' });
    expect(await s31.locator('details.accounts li').first().isVisible()).toBe(true);
    expect(await s31.locator('details.accounts summary').isVisible()).toBe(false);
    expect(
      await page
        .locator('.bar')
        .first()
        .evaluate((b) => getComputedStyle(b).printColorAdjust),
    ).toBe('exact');
    expect(
      await page
        .locator('h2')
        .first()
        .evaluate((h) => getComputedStyle(h).breakAfter),
    ).toBe('avoid');
    expectNonBlankPng(await screenshot(page, dir, 'report-print.png'));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(dir, 'report.pdf'), pdf);
    if (process.env.SCREENSHOT_DIR) writeFileSync(path.join(process.env.SCREENSHOT_DIR, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // More than one A4 page of content, and every page made of drawn text (fonts embedded).
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2?/);
    await page.close();
  });

  test('finding titles cannot inject markup', async () => {
    const finding = JSON.parse(readFileSync(ORG_JSON, 'utf8')).Findings[16];
    finding.Title = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    // A control the catalogue lacks, so the report shows the finding's own title.
    finding.Compliance.SecurityControlId = 'Example.99';
    const input = path.join(dir, 'evil.json');
    writeFileSync(input, JSON.stringify({ Findings: [finding] }));
    const run = await runCli(['report', '--input', input, '--format', 'html', ...FIXED]);
    const page = await browser.newPage();
    await page.setContent(run.stdout);
    expect(await page.title()).toBe('AWS Security Hub Compliance Report 2025-02-23');
    expect(await page.$('img')).toBeNull();
    expect(await page.textContent('body')).toContain('<img src=x');
    await page.close();
  });

  test('--trend --format html: the score over time as a chart, one line per standard, points where the scores are', async () => {
    const history = path.join(dir, 'history.sqlite');
    await seedHistory(dir, history);
    const trendFile = path.join(dir, 'trend.html');
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
      'html',
      '--output',
      trendFile,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: `securityhub report: wrote ${trendFile}\n` });
    expect(readFileSync(trendFile, 'utf8')).not.toMatch(/https?:\/\//);
    const page = await open(`file://${trendFile}`);
    expect(requests).toEqual([`file://${trendFile}`]);
    expect(await page.locator('h1').innerText()).toBe('AWS Security Hub Score Trend');
    const chart = page.locator('svg.trend-chart');
    expect(await chart.isVisible()).toBe(true);
    // Where the 0% and 100% grid lines are, to read each dot's score back from its height.
    const grid = await chart.locator('line.grid').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().top));
    const [zero, hundred] = [grid[0], grid[grid.length - 1]];
    const series = await chart.locator('g.series').evaluateAll((gs) =>
      gs.map((g) => ({
        standard: g.getAttribute('data-standard'),
        lines: g.querySelectorAll('polyline').length,
        dots: [...g.querySelectorAll('circle')].map((c) => {
          const r = c.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, title: c.querySelector('title')!.textContent };
        }),
      })),
    );
    expect(series.map((s) => [s.standard, s.lines, s.dots.length])).toEqual([
      ['standards/cis-aws-foundations-benchmark/v/5.0.0', 1, 3],
      ['ruleset/cis-aws-foundations-benchmark/v/1.2.0', 1, 3],
      [FSBP, 1, 3],
      ['standards/pci-dss/v/3.2.1', 1, 3],
    ]);
    // Scores per day (seedHistory): CIS5 60 -> 20 -> 20, CIS12 0, FSBP 50 -> 33 -> 33, PCI 75 -> 25 -> 25.
    const expected = [
      [60, 20, 20],
      [0, 0, 0],
      [50, 33, 33],
      [75, 25, 25],
    ];
    series.forEach((s, i) =>
      s.dots.forEach((d, j) => expect(((zero - d.y) / (zero - hundred)) * 100).toBeCloseTo(expected[i][j], 0)),
    );
    expect(series[0].dots.map((d) => d.title)).toEqual([
      'CIS v5.0 2025-01-01: 60%',
      'CIS v5.0 2025-02-01: 20%',
      'CIS v5.0 2025-02-23: 20%',
    ]);
    // x to scale: 31 days from the first to the second point, 22 from the second to the third.
    const [a, b, c] = series[0].dots.map((d) => d.x);
    expect((b - a) / (c - b)).toBeCloseTo(31 / 22, 1);
    expect(await page.locator('.legend li').allInnerTexts()).toEqual([
      'CIS v5.0 20%',
      'CIS v1.2 0%',
      'AWS FSBP v1.0 33%',
      'PCI DSS v3.2.1 25%',
    ]);
    expect(
      await page
        .locator('h2', { hasText: 'Controls that moved the score most' })
        .locator('xpath=following-sibling::table[1]/tbody/tr[1]')
        .innerText(),
    ).toMatch(/^Config\.1\t/);
    expectNonBlankPng(await screenshot(page, dir, 'trend.png'));
    await page.close();
  });
});
