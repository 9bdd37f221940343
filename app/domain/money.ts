// Money is integer cents (ZAR) everywhere; these helpers are the only place it becomes text.

/** 4500 → "R45.00"; 123456 → "R1 234.56" (South African grouping with a space). */
export function formatRand(cents: number): string {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const rands = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}R${rands}.${String(abs % 100).padStart(2, "0")}`;
}

/** Whole rands without cents when there are none: 4500 → "R45", 4550 → "R45.50". */
export function formatRandShort(cents: number): string {
  return cents % 100 === 0 ? formatRand(cents).slice(0, -3) : formatRand(cents);
}
