import { describe, expect, it } from "vitest";
import {
  addDays,
  formatInstant,
  formatInstantLong,
  formatIsoDate,
  formatTimeOfDay,
  isIsoDate,
  isoWeekday,
  johannesburgDate,
  johannesburgHour,
} from "./jhb-dates";

// Johannesburg is UTC+02:00 all year: 22:00Z is local midnight, whatever Europe's clocks do.
describe("johannesburgDate and johannesburgHour", () => {
  it.each([
    ["2026-03-10T21:59:59Z", "2026-03-10", 23],
    ["2026-03-10T22:00:00Z", "2026-03-11", 0],
    ["2026-03-10T00:00:00Z", "2026-03-10", 2],
    ["2026-12-31T22:00:00Z", "2027-01-01", 0],
    ["2028-02-28T22:00:00Z", "2028-02-29", 0],
    ["2026-03-29T00:30:00Z", "2026-03-29", 2], // Europe's spring-forward night
    ["2026-10-25T00:30:00Z", "2026-10-25", 2], // and fall-back night
    ["2026-06-30T23:59:59+02:00", "2026-06-30", 23],
  ])("%s → %s, hour %i", (instant, date, hour) => {
    expect(johannesburgDate(new Date(instant))).toBe(date);
    expect(johannesburgHour(new Date(instant))).toBe(hour);
  });
});

describe("isIsoDate", () => {
  it.each([
    ["2026-03-10", true],
    ["2028-02-29", true],
    ["2026-12-31", true],
    ["2026-02-29", false], // not a leap year
    ["2100-02-29", false], // centuries are not leap years unless divisible by 400
    ["2000-02-29", true],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
    ["2026-1-01", false],
    ["2026-01-01T00:00", false],
    [" 2026-01-01", false],
    ["", false],
  ])("%j → %s", (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-03-10", 0, "2026-03-10"],
    ["2026-03-31", 1, "2026-04-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2026-03-10", -29, "2026-02-09"],
    ["2026-03-28", 1, "2026-03-29"], // a day is a calendar day even on Europe's short night
  ])("%s %+i → %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe("isoWeekday", () => {
  it.each([
    ["2026-03-09", 1],
    ["2026-03-14", 6],
    ["2026-03-15", 7], // Sunday is 7, not 0
    ["2027-01-03", 7],
    ["2028-02-29", 2],
  ])("%s → %i", (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});

describe("formatting", () => {
  it.each([
    ["2026-03-14", "Saturday, 14 March 2026"],
    ["2027-01-01", "Friday, 1 January 2027"],
  ])("formatIsoDate(%s) → %s", (date, text) => {
    expect(formatIsoDate(date)).toBe(text);
  });

  it.each(["2026-02-30", "14/03/2026", ""])("formatIsoDate refuses %j instead of rolling it over", (date) => {
    expect(() => formatIsoDate(date)).toThrow(RangeError);
  });

  it.each([
    ["2026-03-14T07:30:00Z", "14 Mar 2026, 09:30", "14 March 2026 at 09:30", "09:30:00"],
    ["2025-03-14T22:30:00Z", "15 Mar 2025, 00:30", "15 March 2025 at 00:30", "00:30:00"], // the next day locally
    ["2026-12-31T21:59:59Z", "31 Dec 2026, 23:59", "31 December 2026 at 23:59", "23:59:59"],
  ])("%s → %s / %s / %s", (instant, short, long, time) => {
    expect(formatInstant(instant)).toBe(short);
    expect(formatInstant(new Date(instant))).toBe(short);
    expect(formatInstantLong(instant)).toBe(long);
    expect(formatTimeOfDay(instant)).toBe(time);
  });
});
