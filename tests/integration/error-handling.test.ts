// Unexpected errors (issue 11): the visitor sees the shop's page with a reference, never a stack or SQL — even under
// `npm start`'s development defaults — and the log gets one redacted line with request and route ids.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { startSentryStandIn } from "../support/sentry-stand-in";

let app: TestApp;
let sentry: Awaited<ReturnType<typeof startSentryStandIn>>;
beforeAll(async () => {
  sentry = await startSentryStandIn();
  // What `npm start` runs with when nothing is configured — plus a Sentry DSN pointing at the local stand-in.
  app = await startTestApp({ env: { NODE_ENV: "development", SENTRY_DSN: sentry.dsn } });
});
afterAll(async () => {
  await app?.close();
  await sentry?.close();
});

/** Breaks a table the way a bad deploy would, for the length of `fn` only. */
async function withTableMissing(table: string, fn: () => Promise<void>) {
  await app.ctx.db.execute(sql.raw(`alter table ${table} rename to ${table}_away`));
  try {
    await fn();
  } finally {
    await app.ctx.db.execute(sql.raw(`alter table ${table}_away rename to ${table}`));
  }
}

const errorLines = () =>
  app.logLines.map((l) => JSON.parse(l)).filter((l: { level: string }) => l.level === "error" || l.level === "fatal");

describe("unexpected errors", () => {
  it("show the shop's error page with the request id — no stack, no SQL — and log one redacted line", async () => {
    await withTableMissing("product_variants", async () => {
      const before = errorLines().length;
      const page = await app.request("/shop/chicken-sweet-potato-carrot", { headers: { "x-request-id": "req-page-12345" } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain("Something went wrong on our side");
      expect(html).not.toMatch(/product_variants|select |\bat \w+ \(|\.ts:\d+|node_modules/i);

      const data = await app.request("/shop/chicken-sweet-potato-carrot.data", { headers: { "x-request-id": "req-data-12345" } });
      expect(data.status).toBe(500);
      expect(await data.text()).not.toMatch(/product_variants|select |\bat \w+ \(|\.ts:\d+/i);

      const lines = errorLines().slice(before);
      expect(lines.length).toBeGreaterThanOrEqual(1);
      for (const line of lines) {
        expect(line.msg).toBe("unhandled error");
        expect(line.requestId).toMatch(/^req-(page|data)-12345$/);
        expect(line.route).toBe("routes/shop.$slug");
        expect(JSON.stringify(line)).not.toMatch(/params:/);
      }
    });
    // Sentry gets the same error, tagged with the request and route, and nothing of the query it ran.
    const event = await sentry.eventMatching((e) => e.tags?.requestId === "req-page-12345");
    expect(event.tags?.route).toBe("routes/shop.$slug");
    const message = event.exception?.values?.[0]?.value ?? "";
    expect(message).toContain("Failed query");
    expect(message).not.toMatch(/params:|chicken-sweet-potato-carrot/);
    expect(event.request).toBeUndefined();
    const metrics = await app.ctx.metrics.registry.getSingleMetricAsString("lh_unhandled_errors_total");
    expect(metrics).toMatch(/lh_unhandled_errors_total [1-9]/);
  });

  it("the root error page names the request id the visitor can quote", async () => {
    await withTableMissing("product_variants", async () => {
      const res = await app.request("/shop/chicken-sweet-potato-carrot", { headers: { "x-request-id": "req-quote-12345" } });
      expect(await res.text()).toContain("req-quote-12345");
    });
  });

  it("a failing sign-up never puts the email, name or password hash in the log", async () => {
    await withTableMissing("users", async () => {
      const res = await app.request("/signup", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          name: "Naledi Secretname",
          email: "naledi@example.com",
          password: "correct horse battery staple",
        }),
      });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toMatch(/naledi|argon2|insert into/i);
    });
    const log = app.logLines.join("\n");
    await sentry.eventMatching((e) => e.tags?.route === "routes/signup");
    const reported = JSON.stringify(sentry.events.map((e) => [e.tags, e.exception?.values?.map((v) => v.value), e.request]));
    expect(reported).not.toMatch(/naledi|Secretname|\$argon2/i);
    expect(log).not.toContain("naledi@example.com");
    expect(log).not.toContain("Secretname");
    expect(log).not.toContain("$argon2");
  });

  it("a failing sign-up prints nothing past the redacted log: no raw console lines with the query's parameters", async () => {
    // Remix's default error printing is console.error(error): a drizzle error's message holds the query's parameters.
    const printed: string[] = [];
    const spies = (["error", "warn", "log", "info"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
      }),
    );
    try {
      await withTableMissing("users", async () => {
        const res = await app.request("/signup", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            name: "Lerato Hiddenname",
            email: "lerato@example.com",
            password: "another staple battery",
          }),
        });
        expect(res.status).toBe(500);
        await res.text();
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.join("\n")).not.toMatch(/lerato|Hiddenname|\$argon2/i);
  });

  it("a visitor who goes away mid-render (after the first bytes, as node-fetch-server sees a closed socket) is not an error", async () => {
    const before = errorLines().length;
    // Timers are driven, not waited for: whatever the render leaves behind (the entry's abort after its stream timeout,
    // Remix's own) is run to the end below, so a late error cannot slip past the assertion.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
    try {
      const gone = new AbortController();
      const res = await app.handler(
        new Request("http://localhost:3000/shop", { signal: gone.signal, headers: { host: "localhost:3000" } }),
        { address: "127.0.0.1" },
      );
      const reader = res.body!.getReader();
      await reader.read(); // the shell is out; the streamed data may still be pending
      gone.abort();
      await reader.cancel(new Error("socket closed")).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(10_000); // past the entry's stream timeout (5 s, and its abort 1 s later)
    } finally {
      vi.useRealTimers();
    }
    expect(errorLines().slice(before)).toEqual([]);
  });

  it("a visitor who goes away mid-request is not an error", async () => {
    const before = errorLines().length;
    const gone = new AbortController();
    gone.abort();
    await app
      .handler(new Request("http://localhost:3000/shop", { signal: gone.signal, headers: { host: "localhost:3000" } }))
      .catch(() => undefined);
    expect(errorLines().slice(before)).toEqual([]);
  });
});
