import { causeChain } from "../../app/infra/db/pg-errors";

// One row of the "Ready for Production" list: ✓ pass, ✗ fail, – cannot be checked from here (detail says what to
// check by hand instead).
export type Status = "pass" | "fail" | "skip";
export type Row = { id: string; title: string; status: Status; detail: string };

export const pass = (detail: string) => ({ status: "pass" as const, detail });
export const fail = (detail: string) => ({ status: "fail" as const, detail });
export const skip = (detail: string) => ({ status: "skip" as const, detail });
export type Outcome = ReturnType<typeof pass | typeof fail | typeof skip>;

const MARK: Record<Status, string> = { pass: "✓", fail: "✗", skip: "–" };

/** One line per row: mark, title, what was found (or what to check by hand). */
export function formatRows(rows: Row[]): string {
  const width = Math.max(...rows.map((r) => r.title.length));
  const lines = rows.map((r) => `${MARK[r.status]} ${r.title.padEnd(width)}  ${r.detail}`);
  const failed = rows.filter((r) => r.status === "fail").length;
  const skipped = rows.filter((r) => r.status === "skip").length;
  lines.push("", failed ? `NOT READY: ${failed} failed, ${skipped} to check by hand` : `ready (${skipped} to check by hand)`);
  return lines.join("\n");
}

/**
 * The innermost cause's message (a driver wraps "connect ECONNREFUSED" in "Failed query: …"), without anything that
 * could carry a secret from a connection string.
 */
export function reason(error: unknown): string {
  const chain = [...causeChain(error)];
  const inner = chain.reverse().find((e) => typeof e.message === "string" && e.message) ?? chain[0];
  const message = inner ? `${inner.message || inner.code}` : String(error);
  return message.replace(/\/\/[^@\s/]*@/g, "//***@").slice(0, 200);
}

/** Runs `fn`, turning a thrown error or a timeout into a ✗ with its reason. */
export async function guarded(fn: () => Promise<Outcome>, timeoutMs = 10_000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<Outcome>((resolve) => {
        timer = setTimeout(() => resolve(fail(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    return fail(reason(error));
  } finally {
    clearTimeout(timer);
  }
}

/** The `status` of a health+json body (pass | warn | fail), or undefined for anything else. */
export function healthStatus(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { status?: string }).status;
  } catch {
    return undefined;
  }
}
