import { nextBaseline, windowStatus, windowText } from '../../cli/report/remediation-window';

const PCI = 'standards/pci-dss/v/3.2.1';
const window = { start: '2027-01-01', by: '2027-03-31', targets: { [PCI]: 90 } };
const at = (iso: string) => new Date(iso);

describe('the remediation window: on track is on or above the line from the baseline to the target', () => {
  const baseline = { score: 30, at: '2027-01-04T06:00:00.000Z' };

  test('half way through, the line expects half the way to the target', () => {
    // From 2027-01-04T06:00 to the end of 2027-03-31: the midpoint is 2027-02-16 ~15:00.
    const mid = windowStatus(window, PCI, 60, baseline, at('2027-02-16T15:00:00.000Z'))!;
    expect(mid.expected).toBeCloseTo(60, 0);
    expect(windowStatus(window, PCI, 62, baseline, at('2027-02-16T15:00:00.000Z'))!.verdict).toBe('on-track');
    expect(windowStatus(window, PCI, 50, baseline, at('2027-02-16T15:00:00.000Z'))!.verdict).toBe('behind');
  });

  test('met, missed, not started, no data; no target, no status', () => {
    expect(windowStatus(window, PCI, 90, baseline, at('2027-02-01T00:00:00Z'))!.verdict).toBe('met');
    expect(windowStatus(window, PCI, 89, baseline, at('2027-04-01T00:00:00Z'))!.verdict).toBe('missed');
    expect(windowStatus(window, PCI, 50, undefined, at('2026-12-20T00:00:00Z'))!.verdict).toBe('not-started');
    expect(windowStatus(window, PCI, null, baseline, at('2027-02-01T00:00:00Z'))!.verdict).toBe('no-data');
    expect(
      windowStatus(window, 'standards/cis-aws-foundations-benchmark/v/5.0.0', 50, baseline, at('2027-02-01T00:00:00Z')),
    ).toBeUndefined();
  });

  test('the first review in the window is its own baseline and is kept by the next ones', () => {
    const first = at('2027-01-04T06:00:00.000Z');
    expect(windowStatus(window, PCI, 30, undefined, first)).toMatchObject({
      verdict: 'on-track',
      expected: 30,
      baseline: { score: 30, at: first.toISOString() },
    });
    const kept = nextBaseline(window, undefined, 30, first)!;
    expect(nextBaseline(window, kept, 45, at('2027-01-11T06:00:00.000Z'))).toBe(kept);
    // A baseline from before the window is replaced; a review before the window sets none.
    expect(nextBaseline(window, { score: 10, at: '2026-12-01T00:00:00.000Z' }, 35, first)).toEqual({
      score: 35,
      at: first.toISOString(),
    });
    expect(nextBaseline(window, undefined, 35, at('2026-12-20T00:00:00Z'))).toBeUndefined();
  });

  test('the verdict as the summary words it', () => {
    expect(windowText({ verdict: 'behind', target: 90, by: '2027-03-31', expected: 62.5, baseline })).toBe(
      'target 90% by 2027-03-31: BEHIND (expected 62.5% today)',
    );
  });
});
