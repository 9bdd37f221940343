// Forgot-password must not tell who has an account (issue 11, point 6): for a known and an unknown address the server
// runs the same SQL statements in the same order, the same KV commands, and answers the same page; only the rows the
// database itself decided to write differ (a token and an outbox email for the known address, nothing otherwise).
// A statement-for-statement comparison, not a timing test.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, verificationTokens } from "~/infra/db/schema";
import type { Kv } from "~/infra/kv/prefixed";
import { createTestBackends } from "../support/backends";
import { ORIGIN, RATE_LIMITS_OFF, startAppOver } from "../support/app";
import { CUSTOMER_EMAIL } from "../support/admin-fixtures";
import { seedTestShop } from "../support/seed-shop";

let backends: Awaited<ReturnType<typeof createTestBackends>>;
let app: Awaited<ReturnType<typeof startAppOver>>;
const kvCalls: string[] = [];

beforeAll(async () => {
  backends = await createTestBackends();
  await seedTestShop(backends.dbHandle.db);
  // Every KV command the app sends is recorded by name, including those of the rate limiter's client (keys carry
  // hashed emails, so they differ by design).
  const recorded = <T extends object>(target: T, path: string): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          kvCalls.push(`${path}${String(prop)}`);
          const out = (value as (...a: unknown[]) => unknown).apply(t, args);
          return out && typeof out === "object" && !(out instanceof Promise) ? recorded(out, `${String(prop)}.`) : out;
        };
      },
    });
  const kv = recorded(backends.kv, "") as Kv;
  app = await startAppOver({ dbHandle: backends.dbHandle, kv, env: RATE_LIMITS_OFF, dataDirPrefix: "lh-parity-" });
});
afterAll(() => backends?.cleanup());

async function forgot(email: string, ip: string) {
  const statements: string[] = [];
  const stop = backends.dbHandle.observeQueries((_op, _s, statement) => statements.push(statement.replace(/\s+/g, " ").trim()));
  kvCalls.length = 0;
  const res = await app.request("/forgot-password", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }).toString(),
    ip,
  });
  const html = (await res.text())
    .replaceAll(email, "<email>")
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
  stop();
  return { status: res.status, html, statements, kv: [...kvCalls] };
}

const rows = async () => ({
  outbox: (await backends.dbHandle.db.select().from(emailOutbox)).filter((r) => r.template === "password-reset"),
  tokens: await backends.dbHandle.db.select().from(verificationTokens),
});

describe("forgot-password: the same work for known and unknown addresses", () => {
  it("same statements, same KV commands, same page; only the known address gets a token and a queued email", async () => {
    // Warm-up: the first request builds the limiters and loads their scripts; neither is per-address work.
    await forgot("warm-up@example.com", "198.51.100.3");
    const before = await rows();
    const known = await forgot(CUSTOMER_EMAIL, "198.51.100.1");
    const afterKnown = await rows();
    const unknown = await forgot(`nobody-${randomBytes(4).toString("hex")}@example.com`, "198.51.100.2");
    const afterUnknown = await rows();

    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.html).toBe(known.html);
    expect(known.html).toContain("If an account exists for that address");

    // The reset path really ran for both: a lookup, then one transaction revoking, issuing and enqueueing.
    expect(known.statements.some((s) => /insert into "email_outbox"/i.test(s))).toBe(true);
    expect(known.statements.some((s) => /insert into "verification_tokens"/i.test(s))).toBe(true);
    expect(unknown.statements).toEqual(known.statements);
    expect(known.kv.length).toBeGreaterThan(0);
    expect(unknown.kv).toEqual(known.kv);

    // Side effects: the database decided, not the code path.
    expect(afterKnown.outbox.length - before.outbox.length).toBe(1);
    expect(afterKnown.outbox.at(-1)?.toEmail).toBe(CUSTOMER_EMAIL);
    expect(afterKnown.tokens.length - before.tokens.length).toBe(1);
    expect(afterUnknown.outbox.length).toBe(afterKnown.outbox.length);
    expect(afterUnknown.tokens.length).toBe(afterKnown.tokens.length);
  });

  it("the answer does not wait for the address-dependent work (issue 22, finding 9; held, not timed)", async () => {
    // The reset's writes (a token and an email row for a known address, nothing for an unknown one) are what made a
    // known address measurably slower. Here they are held at the transaction until the answer is in: an answer that
    // waited for them would never come (the test then fails on its timeout).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = backends.dbHandle.db;
    const db = new Proxy(real, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === "transaction")
          return async (...args: unknown[]) => (await gate, (value as (...a: unknown[]) => unknown).apply(target, args));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const gated = await startAppOver({
      dbHandle: { ...backends.dbHandle, db },
      kv: backends.kv,
      env: RATE_LIMITS_OFF,
      dataDirPrefix: "lh-parity-gated-",
    });
    const tokensBefore = (await rows()).tokens.length;
    const res = await gated.immediateHandler(
      new Request(new URL("/forgot-password", ORIGIN), {
        method: "POST",
        headers: { host: new URL(ORIGIN).host, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: CUSTOMER_EMAIL }).toString(),
      }),
      { address: "198.51.100.9" },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("If an account exists for that address");
    expect((await rows()).tokens.length).toBe(tokensBefore); // answered while the work was still held
    release();
    for (let i = 0; i < 300 && (await rows()).tokens.length === tokensBefore; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await rows()).tokens.length).toBe(tokensBefore + 1);
  });
});
