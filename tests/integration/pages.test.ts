import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe(`first pages (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("home introduces the shop with featured meals and the three stage packs", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Little Harvest");
    expect(html).toContain("Weekly Stage Pack");
    // Three packs, each linked by its title (its picture links too, hidden from assistive tech).
    expect(new Set(html.match(/href="\/packs\/weekly-stage-pack-[^"]+"/g)).size).toBe(3);
  });

  it("/shop lists every seeded product with age group, texture and a rand 'from' price", async () => {
    const html = await (await app.request("/shop")).text();
    for (const name of ["Chicken, Sweet Potato &amp; Carrot", "Beef Stew with Mixed Vegetables", "Chicken Pasta Primavera"]) {
      expect(html).toContain(name);
    }
    expect(html).toContain("from R45");
    expect(html).toContain("6–8 m");
    expect(html).toContain("Puree");
  });

  it("filters are GET parameters: free from milk hides meals that contain or may contain milk", async () => {
    const html = await (await app.request("/shop?free=milk")).text();
    expect(html).not.toContain("Fish &amp; Vegetable Medley"); // may contain milk
    expect(html).toContain("Chicken, Sweet Potato &amp; Carrot");
    const byAge = await (await app.request("/shop?age=12-24m&texture=toddler")).text();
    expect(byAge).toContain("Beef Stew with Mixed Vegetables");
    expect(byAge).not.toContain("Fish &amp; Vegetable Medley");
    const search = await (await app.request("/shop?q=primavera")).text();
    expect(search).toContain("Chicken Pasta Primavera");
    expect(search).not.toContain("Beef Stew");
  });

  it("an unknown URL is a 404 page that looks like the shop", async () => {
    const res = await app.request("/no-such-page");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("find that page");
    expect(html).toContain('href="/shop"');
  });

  it("liveness answers pass, for GET and HEAD", async () => {
    const res = await app.request("/api/health-simple");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "pass" });
    expect((await app.request("/api/health-simple", { method: "HEAD" })).status).toBe(200);
  });

  it("echoes a valid x-request-id and makes one up otherwise", async () => {
    const mine = await app.request("/api/health-simple", { headers: { "x-request-id": "test-req-12345" } });
    expect(mine.headers.get("x-request-id")).toBe("test-req-12345");
    const bogus = await app.request("/api/health-simple", { headers: { "x-request-id": "<script>" } });
    expect(bogus.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves fingerprinted build assets as immutable and public files with a short cache", async () => {
    const html = await (await app.request("/")).text();
    const asset = html.match(/href="(\/build[^/"]*\/[^"]+\.css)"/)?.[1];
    expect(asset).toBeTruthy();
    const res = await app.request(asset!);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const icon = await app.request("/favicon.svg");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    expect((await app.request("/..%2f..%2fpackage.json")).status).toBe(404);
  });
});
