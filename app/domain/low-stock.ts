/** Variants at or below this many portions show on the dashboard. */
export const LOW_STOCK_THRESHOLD = 5;
