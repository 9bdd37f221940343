import { eq, ilike, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

// Pieces of the WHERE clause of a filtered list (the back office's lists, the shop's meals): each returns the
// conditions to add, none when its filter is not set.

/** `column = value` for each filter that is set; a filter left empty adds no condition. */
export function equalToEach(filters: ReadonlyArray<readonly [AnyPgColumn, string | number | undefined]>): SQL[] {
  return filters.flatMap(([column, value]) => (value ? [eq(column, value)] : []));
}

/** Rows where any of `columns` contains the search text, ignoring case; `%` and `_` in it match only themselves. */
export function searchIn(q: string | undefined, ...columns: AnyPgColumn[]): SQL[] {
  const text = q?.trim();
  if (!text) return [];
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [or(...columns.map((column) => ilike(column, like)))!];
}
