import type { Cache } from "@cloudflare/workers-types";
import { describe, expect, it } from "vitest";
import type { Entry } from "~/infra/http/page-entry";
import { cacheApiPageStore, isolatePageMemory } from "~/infra/edge/page-store.server";

// The worker's kept anonymous pages (docs/decisions/044-edge-request-costs.md): stored in the Cache API as bytes and
// remembered by the isolate no longer than that copy lives. The Cache API here is a Map of responses, with max-age.
function fakeCacheApi(now: () => number) {
  const kept = new Map<string, { body: ArrayBuffer; expiresAt: number }>();
  const cache = {
    async match(url: string) {
      const hit = kept.get(url);
      return hit && now() < hit.expiresAt ? new Response(hit.body.slice(0)) : undefined;
    },
    async put(url: string, response: Response) {
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1] ?? 0);
      kept.set(url, { body: await response.arrayBuffer(), expiresAt: now() + maxAge * 1000 });
    },
  };
  return { cache: cache as unknown as Cache, kept };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const page = (html: string[], storedAt: number): Entry => {
  const parts = html.map((p) => encoder.encode(p));
  return {
    stamp: "",
    storedAt,
    status: 200,
    headers: [["content-type", "text/html; charset=utf-8"]],
    parts,
    slots: ["nonce"],
    bytes: parts.reduce((n, p) => n + p.byteLength, 0),
  };
};

describe("the worker's kept pages", () => {
  it("a page read back from the Cache API in another isolate is the page that was stored, part for part", async () => {
    let t = 1_000_000;
    const now = () => t;
    const { cache } = fakeCacheApi(now);
    const pending: Promise<unknown>[] = [];
    const store = (memory = isolatePageMemory()) =>
      cacheApiPageStore({
        cache,
        waitUntil: (p) => void pending.push(p),
        origin: "https://shop.test",
        buildVersion: "v1",
        ttlSeconds: 30,
        memory,
        now,
      });
    store().put("/shop?texture=puree", page(['<script nonce="', '">Pürée — R 45,00</script>'], t));
    await Promise.all(pending);

    const read = await store().get("/shop?texture=puree"); // a fresh isolate: nothing remembered, so from the Cache API
    expect(read?.parts.map((p) => decoder.decode(p))).toEqual(['<script nonce="', '">Pürée — R 45,00</script>']);
    expect(read).toMatchObject({ status: 200, slots: ["nonce"], headers: [["content-type", "text/html; charset=utf-8"]] });
    expect(await store().get("/shop?texture=lumpy")).toBeNull();
    t += 31_000;
    expect(await store().get("/shop?texture=puree")).toBeNull();
  });

  it("an isolate serves a page it remembers only while the Cache API's copy would still be served", async () => {
    let t = 5_000_000;
    const now = () => t;
    const { cache, kept } = fakeCacheApi(now);
    const memory = isolatePageMemory();
    const store = cacheApiPageStore({
      cache,
      waitUntil: () => {},
      origin: "https://shop.test",
      buildVersion: "v1",
      ttlSeconds: 30,
      memory,
      now,
    });
    store.put("/packs", page(["packs"], t - 20_000)); // rendered 20 s ago
    kept.clear(); // the location's copy is gone: only the isolate's memory can answer
    expect(await store.get("/packs")).not.toBeNull();
    t += 10_000; // 30 s after it was stored
    expect(await store.get("/packs")).toBeNull();
  });

  it("the isolate's memory lets the least recently used page go first", () => {
    const memory = isolatePageMemory({ maxEntries: 2, maxBytes: 1024 });
    memory.set("a", page(["a"], 0), 60_000);
    memory.set("b", page(["b"], 0), 60_000);
    expect(memory.get("a", 1)).not.toBeNull(); // "b" is now the least recently used
    memory.set("c", page(["c"], 0), 60_000);
    expect(memory.get("b", 1)).toBeNull();
    expect(memory.get("a", 1)).not.toBeNull();
    expect(memory.get("c", 1)).not.toBeNull();
  });
});
