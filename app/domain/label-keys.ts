/**
 * The keys of a vocabulary's label map, in the order written, as the non-empty tuple `z.enum` wants. The map is typed
 * `Record<Value, string>` from the database enum, so a value without a label (or a label without a value) fails tsc.
 */
export function labelKeys<K extends string>(labels: Readonly<Record<K, unknown>>): readonly [K, ...K[]] {
  return Object.keys(labels) as [K, ...K[]];
}
