// Drivers and drizzle wrap Postgres's errors (DrizzleQueryError → cause → the driver's error), so its SQLSTATE is
// looked for along the whole `cause` chain.

/** `error`, then what it wraps, and so on (a few levels: enough for drizzle → driver → socket). */
export function* causeChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    yield e as { code?: unknown; message?: unknown };
  }
}

/** The Postgres error with this SQLSTATE inside `error`, or null. */
export function pgErrorWithCode(error: unknown, code: string): { message: string } | null {
  for (const e of causeChain(error)) if (e.code === code) return e as { message: string };
  return null;
}

export const isUniqueViolation = (error: unknown) => pgErrorWithCode(error, "23505") !== null;
export const isForeignKeyViolation = (error: unknown) => pgErrorWithCode(error, "23503") !== null;
