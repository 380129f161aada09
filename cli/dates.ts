import { UsageError } from './errors';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/** A point in time given on the command line, and whether it was a calendar day only. */
export interface GivenTime {
  /** The instant (midnight UTC for a day). */
  readonly date: Date;
  /** True when the value was `YYYY-MM-DD`. */
  readonly dateOnly: boolean;
}

/**
 * Parses `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time with a zone, rejecting days that do not
 * exist (2025-02-30) rather than letting Date roll them over.
 * @throws UsageError naming the flag, the value and the forms accepted
 */
export function parseGivenTime(flag: string, value: string): GivenTime {
  const m = DATE_ONLY.exec(value) ?? DATE_TIME.exec(value);
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  const valid =
    m !== null &&
    !Number.isNaN(date.getTime()) &&
    Number(m[2]) >= 1 &&
    Number(m[2]) <= 12 &&
    Number(m[3]) >= 1 &&
    Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2])) &&
    (m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60));
  if (!valid) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)} is not a date; use YYYY-MM-DD (e.g. 2025-02-23) or an ISO 8601 time with a zone (e.g. 2025-02-23T09:00:00Z).`,
    );
  }
  return { date, dateOnly: DATE_ONLY.test(value) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The UTC calendar month containing `date`, as [start, end) epoch milliseconds. */
export function calendarMonthOf(date: Date): { start: number; end: number } {
  return {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

/**
 * Parses a trend period: `90d` (days), `12w` (weeks) before `until`, or a start date.
 * @returns the period's start
 * @throws UsageError naming the flag, the value and the forms accepted
 */
export function parsePeriodStart(flag: string, value: string, until: Date): Date {
  const m = /^(\d{1,4})([dw])$/.exec(value);
  if (m) {
    const days = Number(m[1]) * (m[2] === 'w' ? 7 : 1);
    if (days === 0) throw new UsageError(`${flag} ${JSON.stringify(value)} is an empty period; give e.g. ${flag} 90d.`);
    return new Date(until.getTime() - days * 86_400_000);
  }
  if (DATE_ONLY.test(value)) return parseGivenTime(flag, value).date;
  throw new UsageError(
    `${flag} ${JSON.stringify(value)} is not a period; use days or weeks back (90d, 12w) or a start date (2025-01-01).`,
  );
}
