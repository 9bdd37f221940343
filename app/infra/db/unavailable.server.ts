// Telling "the database is unreachable or too slow right now" (worth a 503 + Retry-After: try again shortly) apart
// from a bug or a bad query (a 500). Drivers and drizzle wrap errors, so the whole `cause` chain is looked at.
import { causeChain } from "./pg-errors";

/** SQLSTATEs: connection exceptions (class 08), shutdown / terminated backend, statement and idle timeouts, overload. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|57014|25P03|53300|55P03)$/;
const UNAVAILABLE_NODE_CODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
// pg and the Neon driver raise these as plain Errors without a code ("Error connecting to database": Neon over HTTP
// could not reach the server, or its request passed its deadline).
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Query read timeout|Connection ended unexpectedly|Error connecting to database/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causeChain(error)) {
    const { code } = e;
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODE.has(code))) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is away: a restart or failover takes this long. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
