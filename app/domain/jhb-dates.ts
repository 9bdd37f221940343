// Calendar dates ("YYYY-MM-DD") as the shop sees them: in Africa/Johannesburg. Pure; shared with the browser.
const TIME_ZONE = "Africa/Johannesburg";

const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const hourFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date in Johannesburg at this instant. */
export function johannesburgDate(instant: Date): string {
  return ymd.format(instant);
}

/** The hour (0–23) in Johannesburg at this instant. */
export function johannesburgHour(instant: Date): number {
  return Number(hourFormat.format(instant));
}

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const day = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

// Calendar dates are formatted at noon UTC, which is the same day in Johannesburg (UTC+02:00, no daylight saving).
const longDate = new Intl.DateTimeFormat("en-ZA", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const shortDateTime = new Intl.DateTimeFormat("en-ZA", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const longDateTime = new Intl.DateTimeFormat("en-ZA", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const timeOfDay = new Intl.DateTimeFormat("en-ZA", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

const toDate = (instant: string | Date) => (typeof instant === "string" ? new Date(instant) : instant);

/** "2026-03-14" → "Saturday, 14 March 2026". Throws on a string that is not a calendar date ("2026-02-30"). */
export function formatIsoDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`not a calendar date: ${isoDate}`);
  return longDate.format(new Date(`${isoDate}T12:00:00Z`));
}

/** An instant as "14 Mar 2026, 09:30" in Johannesburg: the back office's and account pages' form. */
export function formatInstant(instant: string | Date): string {
  return shortDateTime.format(toDate(instant));
}

/** An instant as "15 March 2025 at 00:30" in Johannesburg: the emails' form. */
export function formatInstantLong(instant: string | Date): string {
  return longDateTime.format(toDate(instant));
}

/** An instant's time of day in Johannesburg, "09:30:05". */
export function formatTimeOfDay(instant: string | Date): string {
  return timeOfDay.format(toDate(instant));
}
