import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSentryStandIn } from "../support/sentry-stand-in";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// An unexpected error inside workerd: the shop's error page, one redacted log line, and a Sentry event through
// @sentry/cloudflare — the same as on Node (tests/integration/error-handling.test.ts).

let edge: EdgeApp;
let sentry: Awaited<ReturnType<typeof startSentryStandIn>>;
beforeAll(async () => {
  sentry = await startSentryStandIn();
  edge = await startEdgeApp({ env: { SENTRY_DSN: sentry.dsn } });
});
afterAll(async () => {
  await edge?.close();
  await sentry?.close();
});

describe("unexpected errors on workerd", () => {
  it("show the error page with the request id, log one redacted line and reach Sentry without the query", async () => {
    const db = edge.ctx.db;
    await edge.ctx.cache.invalidate("catalog"); // so the page reads Postgres
    await db.execute(sql.raw("alter table product_variants rename to product_variants_away"));
    try {
      const page = await edge.request("/shop/chicken-sweet-potato-carrot", { headers: { "x-request-id": "req-edge-12345" } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain("Something went wrong on our side");
      expect(html).toContain("req-edge-12345");
      expect(html).not.toMatch(/product_variants|select |\.ts:\d+|node_modules/i);
    } finally {
      await db.execute(sql.raw("alter table product_variants_away rename to product_variants"));
    }

    const event = await sentry.eventMatching((e) => e.tags?.requestId === "req-edge-12345");
    expect(event.tags?.route).toBe("routes/shop.$slug");
    expect(event.exception?.values?.[0]?.value ?? "").not.toMatch(/params:|chicken-sweet-potato-carrot/);
    expect(event.request).toBeUndefined();

    const lines = edge.logLines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const errors = lines.filter((l) => l.msg === "unhandled error" && l.requestId === "req-edge-12345");
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const l of errors) expect(JSON.stringify(l)).not.toMatch(/params:/);
  });
});
