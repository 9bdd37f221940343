/**
 * `table[key]` for a key from a URL or a form: only the table's own entries count, so `__proto__` or `constructor`
 * finds nothing instead of an inherited object (which React cannot render).
 */
export function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
