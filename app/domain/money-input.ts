// Parsing money typed by an admin ("45", "45.5", "R 1 234.50") into integer cents. Pure; shared with the browser.

/** Rand amount → cents, or null when it is not a plain non-negative amount with at most two decimals. */
export function parseRandToCents(input: string): number | null {
  const cleaned = input
    .trim()
    .replace(/^R/i, "")
    .replace(/[\s\u00a0]/g, "")
    .replace(",", ".");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [rands, fraction = ""] = cleaned.split(".");
  return Number(rands) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Cents → the plain form value an input shows ("45.00"). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}
