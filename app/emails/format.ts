// Dates in emails are shown in Johannesburg time, in South African English.
const TIME_ZONE = "Africa/Johannesburg";

const dateFormat = new Intl.DateTimeFormat("en-ZA", {
  timeZone: TIME_ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

const dateTimeFormat = new Intl.DateTimeFormat("en-ZA", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A calendar date "YYYY-MM-DD" as a Date at noon UTC, which is the same day in Johannesburg (UTC+2). */
function calendarDate(isoDate: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export function isCalendarDate(value: string): boolean {
  return calendarDate(value) !== null;
}

/** "2025-03-14" → "Friday, 14 March 2025". */
export function formatCalendarDate(isoDate: string): string {
  const date = calendarDate(isoDate);
  if (!date) throw new RangeError(`not a calendar date: ${isoDate}`);
  return dateFormat.format(date);
}

/** An ISO instant → "15 March 2025 at 00:30" in Johannesburg time. */
export function formatDateTime(isoInstant: string): string {
  return dateTimeFormat.format(new Date(isoInstant));
}
