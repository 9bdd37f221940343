/** "1 stop", "3 stops": a number with its noun in the right form. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
