import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCache } from "~/infra/cache.server";
import { fixedClock } from "~/infra/clock.server";
import { htmlPageCache } from "~/infra/http/html-cache.server";
import type { Handler, RequestState } from "~/infra/http/pipeline.server";
import { createKv } from "~/infra/kv.server";
import { createLogger } from "~/infra/log.server";
import { createMetrics } from "~/infra/metrics.server";

// What the anonymous HTML cache refuses to keep or serve, in front of a stand-in for Remix that renders a page with the
// request's nonce and id and counts its renders. The whole app's behaviour is in tests/integration/html-cache.test.ts.

const log = createLogger({ level: "silent" });

function setup(opts: { enabled?: boolean; maxBytes?: number; maxEntries?: number; ttlMs?: number; shareRenders?: boolean } = {}) {
  const metrics = createMetrics({ clock: fixedClock(new Date()) });
  const cache = createCache({ kv: createKv({ prefix: `t${Math.random()}:` }), log, metrics, enabled: opts.enabled });
  let clock = 0;
  const mw = htmlPageCache(
    { metrics, cacheable: (id) => id === "routes/shop._index", shareRenders: opts.shareRenders ?? true, now: () => clock },
    opts,
  );
  let renders = 0;
  let answer: (state: RequestState) => Response = (state) =>
    new Response(`<script nonce="${state.nonce}">x</script><p>${state.requestId}</p><p>${"m".repeat(1000)}</p>`, {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  const remix: Handler = async (_request, state) => {
    renders++;
    await new Promise((r) => setTimeout(r, 5));
    return answer(state);
  };
  const send = (path = "/shop", init: RequestInit & { routeId?: string } = {}) => {
    const state = {
      requestId: randomUUID(),
      nonce: randomBytes(16).toString("base64"),
      routeId: init.routeId ?? "routes/shop._index",
      clientIp: "127.0.0.1",
      proxied: false,
      log,
      db: undefined as never,
      cache,
      arrivingUser: async () => null,
      allowedToWrite: async () => {},
      afterResponse: () => {},
    } as RequestState;
    return mw(new Request(`http://localhost${path}`, init), state, remix).then(async (res) => ({
      res,
      state,
      body: await res.text(),
    }));
  };
  return {
    cache,
    send,
    renders: () => renders,
    answer: (fn: typeof answer) => (answer = fn),
    advance: (ms: number) => (clock += ms),
  };
}

describe("the anonymous HTML cache", () => {
  it("renders once, then serves each request its own nonce and request id", async () => {
    const t = setup();
    const first = await t.send();
    const second = await t.send();
    expect(t.renders()).toBe(1);
    expect(second.res.headers.get("x-html-cache")).toBe("hit");
    expect(second.body).toContain(`<script nonce="${second.state.nonce}">`);
    expect(second.body).toContain(`<p>${second.state.requestId}</p>`);
    expect(second.body).not.toContain(first.state.nonce);
    expect(second.res.headers.get("content-length")).toBe(String(Buffer.byteLength(second.body)));
  });

  it("passes through requests with any cookie, other routes, other methods, .data and over-long URLs", async () => {
    const t = setup();
    await t.send();
    const passes = [
      await t.send("/shop", { headers: { cookie: "lh_cart=abc" } }),
      await t.send("/shop", { headers: { cookie: "anything=1" } }),
      await t.send("/shop", { headers: { authorization: "Bearer x" } }),
      await t.send("/cart", { routeId: "routes/cart" }),
      await t.send("/shop", { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      await t.send("/shop.data"),
      await t.send(`/shop?q=${"a".repeat(300)}`),
    ];
    for (const p of passes) expect(p.res.headers.get("x-html-cache")).toBeNull();
    expect(t.renders()).toBe(1 + passes.length);
  });

  it("never keeps a page with Set-Cookie, Vary, private or no-store, or a status other than 200", async () => {
    const refused: HeadersInit[] = [
      { "set-cookie": "lh_cart=1; Path=/" },
      { vary: "Cookie" },
      { "cache-control": "private, no-store" },
    ];
    for (const extra of refused) {
      const t = setup();
      t.answer(() => new Response("<p>page</p>", { headers: { "content-type": "text/html", ...extra } }));
      await t.send();
      expect((await t.send()).res.headers.get("x-html-cache")).toBe("miss");
      expect(t.renders()).toBe(2);
    }
    const t = setup();
    t.answer(() => new Response("<p>gone</p>", { status: 404, headers: { "content-type": "text/html" } }));
    await t.send();
    await t.send();
    expect(t.renders()).toBe(2);
  });

  it("renders afresh after the catalog is invalidated or a key forgotten, and after the TTL", async () => {
    const t = setup({ ttlMs: 60_000 });
    await t.send();
    await t.cache.invalidate("catalog");
    expect((await t.send()).res.headers.get("x-html-cache")).toBe("miss");
    await t.cache.forget("catalog", "product:x");
    expect((await t.send()).res.headers.get("x-html-cache")).toBe("miss");
    expect((await t.send()).res.headers.get("x-html-cache")).toBe("hit");
    t.advance(60_001);
    expect((await t.send()).res.headers.get("x-html-cache")).toBe("miss");
    expect(t.renders()).toBe(4);
  });

  it("marks a render whose kept page has an old stamp as likely to miss the data cache too, and only that one", async () => {
    const t = setup();
    expect((await t.send()).state.cacheMissLikely).toBeUndefined(); // never rendered here: the shared cache is warm
    await t.cache.invalidate("catalog");
    expect((await t.send()).state.cacheMissLikely).toBe(true);
    expect((await t.send("/shop?age=6-8m")).state.cacheMissLikely).toBeUndefined();
  });

  it("keeps nothing while the cache is off (CACHE_ENABLED=false: no stamp)", async () => {
    const t = setup({ enabled: false });
    await t.send();
    const again = await t.send();
    expect(again.res.headers.get("x-html-cache")).toBeNull();
    expect(t.renders()).toBe(2);
  });

  it("stays within its byte budget, least recently used out first", async () => {
    const t = setup({ maxBytes: 2_500 });
    await t.send("/shop?a=1");
    await t.send("/shop?b=1");
    await t.send("/shop?a=1"); // a is now the most recently used
    await t.send("/shop?c=1"); // over budget: b goes
    expect(t.renders()).toBe(3);
    expect((await t.send("/shop?a=1")).res.headers.get("x-html-cache")).toBe("hit");
    expect((await t.send("/shop?b=1")).res.headers.get("x-html-cache")).toBe("miss");
  });

  it("renders a page once for concurrent first requests", async () => {
    const t = setup();
    const all = await Promise.all([t.send(), t.send(), t.send(), t.send()]);
    expect(t.renders()).toBe(1);
    for (const { body, state } of all) expect(body).toContain(`<script nonce="${state.nonce}">`);
  });

  it("on workerd (no shared renders) concurrent first requests each render, and the page is kept all the same", async () => {
    const t = setup({ shareRenders: false });
    const all = await Promise.all([t.send(), t.send(), t.send()]);
    expect(t.renders()).toBe(3);
    for (const { body, state } of all) expect(body).toContain(`<script nonce="${state.nonce}">`);
    expect((await t.send()).res.headers.get("x-html-cache")).toBe("hit");
  });

  it("serves a HEAD from a kept page without a body, and keeps nothing from a HEAD", async () => {
    const t = setup();
    expect((await t.send("/shop", { method: "HEAD" })).res.headers.get("x-html-cache")).toBe("miss");
    await t.send();
    const head = await t.send("/shop", { method: "HEAD" });
    expect(head.res.headers.get("x-html-cache")).toBe("hit");
    expect(head.body).toBe("");
    expect(t.renders()).toBe(2);
  });
});
