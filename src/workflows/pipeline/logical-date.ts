// Calendar arithmetic for logical dates: the day of an instant in a time zone, local midnight, day offsets.
// Pure and deterministic for a given time zone database, so that workflows can use it; Intl supplies the zones.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DAY_MS = 86_400_000;

/** Returns the problem with a time zone name, or undefined when Intl accepts the zone. */
export function checkTimeZone(timezone: unknown): string | undefined {
  if (typeof timezone === 'string' && timezone !== '') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
      return undefined;
    } catch {
      // reported below
    }
  }
  return `timezone ${JSON.stringify(timezone)} is not a known IANA time zone: use a name such as "UTC", "Europe/Paris" or "America/New_York"`;
}

/**
 * Reads a logical date given as `YYYY-MM-DD` (midnight in the time zone) or as an ISO timestamp with `Z` or an
 * offset. Returns milliseconds since the epoch, or a problem that names the value and the accepted forms.
 */
export function parseLogicalDate(text: unknown, timezone: string): number | string {
  const problem =
    `logicalDate ${JSON.stringify(text)} is invalid: use a date such as "2024-05-01" or a timestamp with a ` +
    `zone such as "2024-05-01T06:00:00Z"`;
  if (typeof text !== 'string') return problem;
  if (DATE_ONLY.test(text)) return isCalendarDate(text) ? localMidnight(text, timezone) : problem;
  if (!TIMESTAMP.test(text) || !isCalendarDate(text.slice(0, 10))) return problem;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? problem : ms;
}

/** Returns the calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(ms: number, timezone: string): string {
  const wall = wallClock(ms, timezone);
  return new Date(wall).toISOString().slice(0, 10);
}

/**
 * Returns the instant at which a calendar day starts in a time zone. Where a DST change skips midnight, the result is
 * the hour after it.
 */
export function localMidnight(day: string, timezone: string): number {
  const asUtc = Date.parse(`${day}T00:00:00Z`);
  const firstGuess = asUtc - offsetAt(asUtc, timezone);
  return asUtc - offsetAt(firstGuess, timezone);
}

/** Adds whole calendar days to a `YYYY-MM-DD` day; negative days go back. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Formats an instant as ISO 8601 in UTC with whole seconds, such as `2024-05-01T06:00:00Z`. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isCalendarDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

/** Returns the time zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(ms: number, timezone: string): number {
  return wallClock(ms, timezone) - Math.floor(ms / 1000) * 1000;
}

/** Returns the wall-clock time of an instant in a time zone, read as if it were UTC, to the second. */
function wallClock(ms: number, timezone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  return Date.UTC(year, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}
