// Date bounds for a reliability question, in UTC. A date alone (2026-03-01) means the whole day:
// `from` starts at its first millisecond, `to` includes all of it. A full ISO-8601 time must name
// its zone (Z or ±hh:mm), so that no bound depends on the machine's time zone.
import { CoreError } from '../../../common/result';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface DateRange {
  /** Inclusive lower bound, ISO-8601 UTC; null for "from the start". */
  readonly from: string | null;
  /** Exclusive upper bound, ISO-8601 UTC; null for "until now". */
  readonly before: string | null;
}

function parseBound(text: string, end: boolean): string {
  const trimmed = text.trim();
  const date = DATE_ONLY.exec(trimmed);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const t = Date.UTC(y, m - 1, d + (end ? 1 : 0));
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
      throw new CoreError('bad_input', `"${text}" is not a date`);
    }
    return new Date(t).toISOString();
  }
  if (WITH_ZONE.test(trimmed) && Number.isFinite(Date.parse(trimmed))) {
    const t = Date.parse(trimmed);
    // An inclusive instant becomes an exclusive bound one millisecond later.
    return new Date(end ? t + 1 : t).toISOString();
  }
  throw new CoreError('bad_input', `"${text}" is not a date (YYYY-MM-DD) or an ISO-8601 time with a zone`);
}

export function parseDateRange(from: string | null | undefined, to: string | null | undefined): DateRange {
  const range = {
    from: from ? parseBound(from, false) : null,
    before: to ? parseBound(to, true) : null,
  };
  if (range.from && range.before && range.before <= range.from) throw new CoreError('bad_input', `The range ends (${to}) before it starts (${from})`);
  return range;
}

export function inRange(range: DateRange, at: string): boolean {
  return (range.from === null || at >= range.from) && (range.before === null || at < range.before);
}
