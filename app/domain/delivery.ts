// Delivery days, pure and shared with the browser. Everything is a calendar date in Africa/Johannesburg.
//
// The rule: meals are cooked the day before delivery, so an order placed before the cut-off hour can be delivered
// from tomorrow on; at or after the cut-off it can be delivered from the day after tomorrow. Of those days only the
// shop's delivery weekdays count.
import { addDays, isoWeekday, johannesburgDate, johannesburgHour } from "./jhb-dates";

export type DeliveryRules = {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  deliveryWeekdays: readonly number[];
  /** 0–23, Johannesburg time. */
  cutoffHour: number;
};

/** The earliest calendar date an order placed at `now` can be delivered on (before the weekday filter). */
export function earliestDeliveryDate(now: Date, rules: Pick<DeliveryRules, "cutoffHour">): string {
  const today = johannesburgDate(now);
  return addDays(today, johannesburgHour(now) < rules.cutoffHour ? 1 : 2);
}

/** The next `count` delivery dates (YYYY-MM-DD) open to an order placed at `now`. */
export function nextDeliveryDates(now: Date, rules: DeliveryRules, count = 6): string[] {
  const days = new Set(rules.deliveryWeekdays.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
  if (days.size === 0) return [];
  const out: string[] = [];
  let date = earliestDeliveryDate(now, rules);
  for (let i = 0; out.length < count && i < 7 * (count + 1); i++, date = addDays(date, 1)) {
    if (days.has(isoWeekday(date))) out.push(date);
  }
  return out;
}

/**
 * The next delivery day after today: the one the kitchen prepares for and the back office shows first. It ignores
 * the cut-off on purpose — orders for tomorrow placed before today's cut-off are already in.
 */
export function nextKitchenDeliveryDate(now: Date, deliveryWeekdays: readonly number[]): string {
  const today = johannesburgDate(now);
  for (let i = 1; i <= 7; i++) {
    const candidate = addDays(today, i);
    if (deliveryWeekdays.includes(isoWeekday(candidate))) return candidate;
  }
  return addDays(today, 1);
}

/** True when `date` is one of the dates offered to an order placed at `now`. */
export function isDeliveryDateOpen(now: Date, rules: DeliveryRules, date: string, count = 6): boolean {
  return nextDeliveryDates(now, rules, count).includes(date);
}

/** Delivery fee for a subtotal: free at or above the threshold (e.g. R200.00 exactly is free); nothing for an empty cart. */
export function deliveryFeeFor(
  subtotalCents: number,
  settings: { deliveryFeeCents: number; freeDeliveryThresholdCents: number },
): number {
  if (subtotalCents <= 0) return 0;
  return subtotalCents >= settings.freeDeliveryThresholdCents ? 0 : settings.deliveryFeeCents;
}
