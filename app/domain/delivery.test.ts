import { describe, expect, it } from "vitest";
import { deliveryFeeFor, earliestDeliveryDate, isDeliveryDateOpen, nextDeliveryDates, nextKitchenDeliveryDate } from "./delivery";

// 2026-03-09 is a Monday. Johannesburg is UTC+02:00 all year, so 22:00Z is local midnight.
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

describe("earliestDeliveryDate (cut-off 14:00)", () => {
  it.each([
    ["one second before the cut-off", "2026-03-10T11:59:59Z", "2026-03-11"],
    ["exactly at the cut-off", "2026-03-10T12:00:00Z", "2026-03-12"],
    ["local 23:59, still Tuesday in Johannesburg", "2026-03-10T21:59:59Z", "2026-03-12"],
    ["local midnight: already Wednesday although UTC says Tuesday", "2026-03-10T22:00:00Z", "2026-03-12"],
    ["local 00:59 Wednesday", "2026-03-10T22:59:00Z", "2026-03-12"],
    ["month end", "2026-03-31T08:00:00Z", "2026-04-01"],
    ["year end after the cut-off", "2026-12-31T13:00:00Z", "2027-01-02"],
    ["leap day", "2028-02-28T08:00:00Z", "2028-02-29"],
    // Europe's clocks change that night; Johannesburg's do not.
    ["the night Europe moves to summer time", "2026-03-28T22:30:00Z", "2026-03-30"],
    ["the night Europe moves back", "2026-10-24T22:30:00Z", "2026-10-26"],
  ])("%s (%s) → %s", (_what, now, expected) => {
    expect(earliestDeliveryDate(new Date(now), { cutoffHour: 14 })).toBe(expected);
  });

  it.each([
    [0, "2026-03-10T22:00:00Z", "2026-03-13"], // a 00:00 cut-off: every order is late
    [23, "2026-03-10T20:59:59Z", "2026-03-11"], // 22:59 local, before a 23:00 cut-off
    [23, "2026-03-10T21:00:00Z", "2026-03-12"],
  ])("cut-off %i at %s → %s", (cutoffHour, now, expected) => {
    expect(earliestDeliveryDate(new Date(now), { cutoffHour })).toBe(expected);
  });
});

describe("nextDeliveryDates", () => {
  it.each([
    ["Tue/Thu, Tuesday morning", [2, 4], "2026-03-10T06:00:00Z", 3, ["2026-03-12", "2026-03-17", "2026-03-19"]],
    ["Tue/Thu, Wednesday before the cut-off: Thursday is open", [2, 4], "2026-03-11T11:00:00Z", 2, ["2026-03-12", "2026-03-17"]],
    ["Tue/Thu, Wednesday at the cut-off: Thursday is gone", [2, 4], "2026-03-11T12:00:00Z", 2, ["2026-03-17", "2026-03-19"]],
    ["Saturdays only, from a Friday evening", [6], "2026-03-13T16:00:00Z", 2, ["2026-03-21", "2026-03-28"]],
    ["Sundays (7, not 0), across the year end", [7], "2026-12-30T06:00:00Z", 2, ["2027-01-03", "2027-01-10"]],
    ["every day, count 1", WEEKDAYS, "2026-03-10T06:00:00Z", 1, ["2026-03-11"]],
    ["duplicate weekdays count once", [1, 1], "2026-03-10T06:00:00Z", 2, ["2026-03-16", "2026-03-23"]],
    ["out-of-range and fractional weekdays are ignored", [0, 8, 2.5, 3], "2026-03-10T06:00:00Z", 1, ["2026-03-11"]],
    ["no valid weekday: nothing to offer", [0, 8], "2026-03-10T06:00:00Z", 3, []],
    ["no weekdays: nothing to offer", [], "2026-03-10T06:00:00Z", 3, []],
  ] as const)("%s", (_what, deliveryWeekdays, now, count, expected) => {
    expect(nextDeliveryDates(new Date(now), { deliveryWeekdays, cutoffHour: 14 }, count)).toEqual(expected);
  });

  it("offers six dates by default", () => {
    expect(nextDeliveryDates(new Date("2026-03-10T06:00:00Z"), { deliveryWeekdays: [5], cutoffHour: 14 })).toHaveLength(6);
  });
});

describe("isDeliveryDateOpen (Tue/Thu, cut-off 14:00, on Wednesday 11 March)", () => {
  const rules = { deliveryWeekdays: [2, 4], cutoffHour: 14 };
  it.each([
    ["2026-03-12", "10:00", true],
    ["2026-03-12", "14:00", false], // the cut-off closes tomorrow
    ["2026-03-11", "10:00", false], // today
    ["2026-03-10", "10:00", false], // yesterday
    ["2026-03-13", "10:00", false], // a Friday
    ["2026-03-31", "10:00", true], // the sixth Tue/Thu
    ["2026-04-02", "10:00", false], // the seventh is beyond what is offered
    ["2026-3-12", "10:00", false], // not ISO
  ])("%s ordered at %s local → %s", (date, localTime, open) => {
    const now = new Date(`2026-03-11T${localTime}:00+02:00`);
    expect(isDeliveryDateOpen(now, rules, date)).toBe(open);
  });
});

describe("nextKitchenDeliveryDate: the next delivery day after today, cut-off or not", () => {
  it.each([
    ["Tue/Thu, Monday", [2, 4], "2026-03-09T06:00:00+02:00", "2026-03-10"],
    ["Tue/Thu, Monday evening after any cut-off: orders for Tuesday are in", [2, 4], "2026-03-09T23:59:00+02:00", "2026-03-10"],
    ["Tue/Thu, on a Tuesday: today's deliveries were cooked yesterday", [2, 4], "2026-03-10T06:00:00+02:00", "2026-03-12"],
    ["Tuesdays only, on a Tuesday: a week ahead", [2], "2026-03-10T00:00:00+02:00", "2026-03-17"],
    ["local midnight moves the day on", [3], "2026-03-10T22:00:00Z", "2026-03-18"],
    ["one second before local midnight", [3], "2026-03-10T21:59:59Z", "2026-03-11"],
    ["no delivery days: tomorrow", [], "2026-03-10T06:00:00+02:00", "2026-03-11"],
  ] as const)("%s", (_what, weekdays, now, expected) => {
    expect(nextKitchenDeliveryDate(new Date(now), weekdays)).toBe(expected);
  });
});

describe("deliveryFeeFor (R35 fee, free from R200)", () => {
  const settings = { deliveryFeeCents: 3500, freeDeliveryThresholdCents: 20000 };
  it.each([
    [0, 0],
    [-100, 0],
    [1, 3500],
    [19999, 3500],
    [20000, 0],
    [20001, 0],
  ])("subtotal %i cents → fee %i", (subtotal, fee) => {
    expect(deliveryFeeFor(subtotal, settings)).toBe(fee);
  });
});
