import { readFileSync } from 'node:fs';
import { ADMIN, ORG_JSON } from './helpers';
import type { AsffFinding } from '../../cli/findings/asff';
import { calendarMonthOf } from '../../cli/dates';
import { buildReport } from '../../cli/report/build-report';
import { ComplianceTally, FindingDetails } from '../../cli/report/compliance-tally';
import { scopeFromFindings } from '../../cli/report/findings-scope';
import { renderCsv } from '../../cli/report/formats/csv';
import { findControl } from '../../domain/control-catalogue';

/**
 * Security Hub keeps a retired control's findings for a while after it retires the control: the
 * report still scores and lists them, and says the control is retired and since when.
 */
describe('a retired control an organization still has findings for', () => {
  const at = new Date('2026-03-20T00:00:00Z');
  function reportWith(controlId: string) {
    const findings = (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: AsffFinding[] }).Findings;
    const template = findings.find((f) => f.Compliance?.SecurityControlId && f.Compliance.Status === 'FAILED')!;
    const finding: AsffFinding = {
      ...template,
      Id: `${template.Id}-retired`,
      Compliance: { ...template.Compliance, SecurityControlId: controlId, Status: 'FAILED' },
    };
    const tally = new ComplianceTally(calendarMonthOf(at), new FindingDetails());
    tally.add(finding);
    return buildReport(tally, scopeFromFindings(tally, 'us-east-1'), {
      generatedAt: at,
      organization: 'acme-corp',
      administratorAccount: ADMIN,
      source: { kind: 'file', input: 'findings.json' },
      top: 10,
    });
  }

  test('is listed, labelled with the day Security Hub retired it', () => {
    expect(findControl('MQ.3')).toMatchObject({ retired: true, retiredAt: '2026-01-12' });
    const report = reportWith('MQ.3');
    const control = report.standards.flatMap((s) => s.controls).find((c) => c.controlId === 'MQ.3');
    expect(control).toMatchObject({
      status: 'FAILED',
      title:
        'Amazon MQ brokers should have automatic minor version upgrade enabled (retired by Security Hub on 2026-01-12)',
    });
    expect(renderCsv(report)).toContain('(retired by Security Hub on 2026-01-12)');
  });

  test('a control retired on a day the sources do not give is labelled without one; a current control is not labelled', () => {
    expect(
      reportWith('S3.4')
        .standards.flatMap((s) => s.controls)
        .find((c) => c.controlId === 'S3.4')?.title,
    ).toMatch(/ \(retired by Security Hub\)$/);
    expect(
      reportWith('MQ.2')
        .standards.flatMap((s) => s.controls)
        .find((c) => c.controlId === 'MQ.2')?.title,
    ).toBe('ActiveMQ brokers should stream audit logs to CloudWatch');
  });
});
