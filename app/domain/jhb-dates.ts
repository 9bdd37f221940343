// Calendar dates ("YYYY-MM-DD") as the shop sees them: in Africa/Johannesburg. Pure; shared with the browser.
const TIME_ZONE = "Africa/Johannesburg";

const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const hourFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" });

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

/** The first delivery day after today (Johannesburg), given the ISO weekdays the shop delivers on. */
export function nextDeliveryDate(now: Date, deliveryWeekdays: readonly number[]): string {
  const today = johannesburgDate(now);
  for (let i = 1; i <= 7; i++) {
    const candidate = addDays(today, i);
    if (deliveryWeekdays.includes(isoWeekday(candidate))) return candidate;
  }
  return addDays(today, 1);
}

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

/** "2026-03-14" → "Saturday, 14 March 2026". */
export function formatIsoDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T12:00:00Z`));
}

/** An instant as "14 Mar 2026, 09:30" in Johannesburg. */
export function formatInstant(instant: string | Date): string {
  return shortDateTime.format(typeof instant === "string" ? new Date(instant) : instant);
}
