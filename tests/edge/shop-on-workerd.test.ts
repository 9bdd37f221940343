import { readdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { emailOutbox, orders, productVariants, products, users } from "~/infra/db/schema";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
import type { TestApp } from "../support/app";
import { ADMIN_EMAIL, postForm, sessionCookieFor, variantId } from "../support/admin-fixtures";
import { login, newBrowser, post as postAs, sessionOf } from "../support/accounts";
import {
  addMeal,
  checkoutFields,
  get,
  guest,
  post,
  setStock,
  signedInCustomer,
  textOf,
  variant,
  type Shopper,
} from "../support/storefront";
import { startEdgeApp, type EdgeApp } from "./worker-harness";
import { until } from "./until";

// The shop's journeys through the BUILT worker in real workerd: same routes, same middleware, Neon + Upstash + Resend.

let edge: EdgeApp;
let app: TestApp; // the storefront helpers' view of it
beforeAll(async () => {
  edge = await startEdgeApp();
  app = edge as unknown as TestApp;
});
afterAll(() => edge?.close());

const outboxRows = (to: string) => app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, to));

describe("the shop on workerd", () => {
  it("liveness, readiness against Neon and Upstash, and static assets served by Workers Static Assets", async () => {
    const live = await edge.request("/api/health-simple");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "pass" });

    const ready = await edge.request("/api/system-status");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("content-type")).toBe("application/health+json");
    const body = await ready.json();
    expect(body.status).toBe("pass");
    expect(body.checks["database:responseTime"][0]).toMatchObject({ componentId: "neon", status: "pass" });
    expect(body.checks["database:migrations"][0]).toMatchObject({ status: "pass" });
    expect(body.checks["kv:responseTime"][0]).toMatchObject({ componentId: "upstash", status: "pass" });
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");

    // Static files never reach the worker: their headers come from worker/_headers.
    const favicon = await edge.request("/favicon.svg");
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(favicon.headers.get("strict-transport-security")).toContain("max-age=31536000");
    expect(favicon.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(favicon.headers.get("cache-control")).toBe("public, max-age=86400");
    const page = await (await edge.request("/")).text();
    const script = /"(\/build\/entry\.client-[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeTruthy();
    const asset = await edge.request(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    // Every client module under its plain name (none with `$`, `[` or `]`, which Static Assets would redirect).
    const modules = readdirSync("build-edge/assets/build", { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".js"),
    );
    expect(modules.filter((f) => /[$[\]]/.test(f))).toEqual([]);
    expect(modules.some((f) => f.startsWith("routes/shop._slug-"))).toBe(true);
  });

  it("browse and filter: the catalogue, a texture filter and a product page with its prices", async () => {
    const all = textOf(await (await get(app, guest(), "/shop")).text());
    const purees = textOf(await (await get(app, guest(), "/shop?texture=puree")).text());
    expect(all).toContain("Mini Cottage Pie");
    expect(purees).toContain("Apple, Pear & Oat Breakfast Puree");
    expect(purees).not.toContain("Mini Cottage Pie");
    const product = await get(app, guest(), "/shop/cottage-pie");
    expect(product.status).toBe(200);
    expect(textOf(await product.text())).toMatch(/220 g[\s\S]*R\d+/);
    expect((await get(app, guest(), "/shop/no-such-meal")).status).toBe(404);
  });

  it("sign up and log in: argon2id in WebAssembly, and its hashes verify with Node's native hasher and back", async () => {
    const b = newBrowser("203.0.113.21");
    const email = "edge-signup@example.com";
    // The common-password list is a static asset on workerd (kept out of the bundle): a well-known one is still refused.
    const common = await postAs(app, b, "/signup", { name: "Edge Parent", email, password: "Password123", website: "" });
    expect(common.status).toBe(400);
    expect(await common.text()).toMatch(/too common/);
    const res = await postAs(app, b, "/signup", { name: "Edge Parent", email, password: "mango on a monday", website: "" });
    expect(res.status).toBe(303);
    // The same answer for a new and a taken address: check your inbox, then log in (no session yet).
    expect(res.headers.get("location")).toBe("/login?signup=1");
    expect(sessionOf(b)).toBeFalsy();
    const [row] = await app.ctx.db.select().from(users).where(eq(users.email, email));
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await nodeHasher.verify(row.passwordHash, "mango on a monday")).toBe(true); // made in workerd, checked on Node

    // The demo customer's hash was made by Node (seed); workerd checks it.
    const demo = newBrowser("203.0.113.22");
    const ok = await login(app, demo, "parent@example.com", "harvest-demo-2026");
    expect(ok.status).toBe(303);
    expect((await login(app, newBrowser("203.0.113.23"), "parent@example.com", "wrong password here")).status).toBe(400);
    expect((await login(app, newBrowser("203.0.113.24"), email, "mango on a monday")).status).toBe(303);
  });

  it("email: delivered by waitUntil after the request, and the cron delivers nothing twice", async () => {
    const email = "edge-mail@example.com";
    edge.resend.reset();
    const res = await postAs(app, newBrowser("203.0.113.31"), "/signup", {
      name: "Mail Parent",
      email,
      password: "kiwi and custard",
      website: "",
    });
    expect(res.status).toBe(303);
    // No loop runs on the edge: this can only be the waitUntil after the response.
    // Sign-up sends one email, the confirmation (the welcome waits for the confirmed address).
    await until(async () => (await outboxRows(email)).every((r) => r.status === "sent") && edge.resend.delivered.length >= 1);
    expect(edge.resend.delivered.map((m) => m.subject)).toEqual([expect.stringMatching(/confirm/i)]);
    await edge.scheduled();
    await edge.scheduled();
    expect(edge.resend.delivered.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it("email: a send that failed after the request is retried by the scheduled handler, exactly once", async () => {
    const email = "edge-retry@example.com";
    edge.resend.reset();
    edge.resend.fail(503, { times: 1 });
    await postAs(app, newBrowser("203.0.113.32"), "/signup", {
      name: "Retry",
      email,
      password: "figs for breakfast",
      website: "",
    });
    await until(async () => (await outboxRows(email)).every((r) => r.status === "pending" && r.attempts === 1));
    expect(edge.resend.delivered).toHaveLength(0);
    // Due now (the backoff would otherwise wait ~30 s); then one cron tick delivers it, a second sends nothing more.
    await app.ctx.db
      .update(emailOutbox)
      .set({ nextAttemptAt: new Date(0) })
      .where(eq(emailOutbox.toEmail, email));
    await edge.scheduled();
    expect((await outboxRows(email)).map((r) => r.status)).toEqual(["sent"]);
    await edge.scheduled();
    expect(edge.resend.delivered.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it("cart and checkout: an order is placed, stock drops and the confirmation goes out", async () => {
    const s = await signedInCustomer(app, guest("203.0.113.41"));
    const v = await variant(app, "turkey-rice-broccoli", 160);
    const added = await addMeal(app, s, "turkey-rice-broccoli", v.id, 2);
    expect(added.status).toBe(303);
    expect(textOf(await (await get(app, s, "/cart")).text())).toContain("Turkey");
    const placed = await post(app, s, "/checkout", await checkoutFields(app));
    expect(placed.status).toBe(303);
    const location = placed.headers.get("location")!;
    expect(location).toMatch(/^\/orders\/LH-\d{6}\?placed=1$/);
    expect((await get(app, s, location)).status).toBe(200);
    expect((await variant(app, "turkey-rice-broccoli", 160)).stock).toBe(v.stock - 2);
    await until(async () => (await outboxRows(s.email!)).some((r) => r.template === "order-confirmation" && r.status === "sent"));
  });

  it("20 concurrent checkouts for the last 5 units: exactly 5 orders, stock 0, the rest told it sold out", async () => {
    const v = await variant(app, "cottage-pie", 220);
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 20; i++) {
      const s = await signedInCustomer(app, guest(`198.51.100.${i + 1}`));
      await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
      shoppers.push(s);
    }
    await setStock(app, v.id, 5);
    const forms = await Promise.all(shoppers.map(() => checkoutFields(app)));
    const responses = await Promise.all(shoppers.map((s, i) => post(app, s, "/checkout", forms[i])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((st) => st === 303)).toHaveLength(5);
    expect(statuses.filter((st) => st === 400)).toHaveLength(15);
    for (const r of responses.filter((x) => x.status === 400)) expect(await r.text()).toMatch(/sold out/);
    const [after] = await app.ctx.db
      .select({ stock: productVariants.stock })
      .from(productVariants)
      .where(eq(productVariants.id, v.id));
    expect(after.stock).toBe(0);
    const ids = shoppers.map((s) => s.userId!);
    const made = (await app.ctx.db.select({ userId: orders.userId }).from(orders)).filter((o) => ids.includes(o.userId!));
    expect(made).toHaveLength(5);
  });

  it("an admin's price edit: in a signed-in page at once, in the location's kept anonymous page within its TTL", async () => {
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const parent = await signedInCustomer(app, guest("203.0.113.57"));
    const NEW_PRICE = /Chicken, Sweet Potato &amp; Carrot[\s\S]*?from R41\.50/;
    expect(await (await edge.request("/shop")).text()).toContain("from R45"); // kept in the location
    expect((await edge.request("/shop")).headers.get("x-html-cache")).toBe("edge");
    const [p] = await app.ctx.db.select().from(products).where(eq(products.slug, "chicken-sweet-potato-carrot"));
    const vid = await variantId(app, "chicken-sweet-potato-carrot", 130);
    const res = await postForm(app, `/admin/products/${p.id}`, admin, {
      intent: "price",
      variantId: String(vid),
      price: "41.50",
    });
    expect(res.status).toBe(303);
    expect(await (await get(app, parent, "/shop")).text()).toMatch(NEW_PRICE);
    // EDGE_PAGE_TTL_SECONDS (30 s, as wrangler.toml ships it) bounds how long the kept anonymous page lags.
    await until(async () => NEW_PRICE.test(await (await edge.request("/shop")).text()), "the kept page to expire");
  });

  it("admin product photos go to the R2 bucket and are served from it", async () => {
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const [p] = await app.ctx.db.select().from(products).where(eq(products.slug, "lentil-spinach-dhal"));
    // A PNG header (no decoder on workerd: the header is what is checked), 1 × 1 px.
    const pngOf = (width: number, height: number) => {
      const bytes = Uint8Array.from([
        0x89,
        0x50,
        0x4e,
        0x47,
        0x0d,
        0x0a,
        0x1a,
        0x0a,
        0,
        0,
        0,
        13,
        0x49,
        0x48,
        0x44,
        0x52,
        ...Array(17).fill(0),
      ]);
      new DataView(bytes.buffer).setUint32(16, width);
      new DataView(bytes.buffer).setUint32(20, height);
      bytes.set([8, 6], 24);
      return bytes;
    };
    const PNG = pngOf(1, 1);
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "save", name: p.name, slug: p.slug, description: p.description ?? "x" }))
      form.set(k, v);
    form.set("ageGroupId", String(p.ageGroupId));
    form.set("textureId", String(p.textureId));
    for (const a of p.contains ?? []) form.append("contains", a);
    form.set("image", new File([PNG], "photo.png", { type: "image/png" }));
    const res = await postForm(app, `/admin/products/${p.id}`, admin, form);
    expect(res.status).toBe(303);
    const [row] = await app.ctx.db.select().from(products).where(eq(products.id, p.id));
    expect(row.imageUrl).toMatch(/^\/uploads\/products\/[a-f0-9]{24}\.png$/);
    const image = await edge.request(row.imageUrl!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);

    // Over the pixel cap (issue 22, finding 6): refused from the header on the edge too, and the photo stays.
    form.set("image", new File([pngOf(20_000, 20_000)], "huge.png", { type: "image/png" }));
    const huge = await postForm(app, `/admin/products/${p.id}`, admin, form);
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain("Images can be at most 24 megapixels");
    const [after] = await app.ctx.db.select().from(products).where(eq(products.id, p.id));
    expect(after.imageUrl).toBe(row.imageUrl);
  });

  it("one isolate serves many database requests in a row (a Pool per request, ended after it)", async () => {
    const s = await signedInCustomer(app, guest("203.0.113.51"));
    for (let i = 0; i < 25; i++) {
      expect((await get(app, s, "/account")).status).toBe(200);
      expect((await edge.request("/api/system-status")).status).toBe(200);
    }
    const ready = edge.logLines.filter((l) => l.includes("app context ready (workerd isolate)"));
    expect(ready).toHaveLength(1); // all of it in one isolate
  });

  it("statements go over Neon's HTTP endpoint; placing an order is one HTTP batch, with no WebSocket", async () => {
    const s = await signedInCustomer(app, guest("203.0.113.55"));
    const [http0, ws0] = [edge.neonHttp.requests(), edge.neonWs.connections()];
    expect((await get(app, s, "/shop")).status).toBe(200);
    expect((await get(app, s, "/account")).status).toBe(200);
    expect(edge.neonHttp.requests()).toBeGreaterThan(http0);
    expect(edge.neonWs.connections()).toBe(ws0);

    const v = await variant(app, "turkey-rice-broccoli", 130);
    expect((await addMeal(app, s, "turkey-rice-broccoli", v.id, 1)).status).toBe(303);
    const fields = await checkoutFields(app);
    const batches0 = edge.neonHttp.batches();
    const placed = await post(app, s, "/checkout", fields);
    expect(placed.status).toBe(303);
    expect(edge.neonHttp.batches()).toBe(batches0 + 1);
    expect(edge.neonWs.connections()).toBe(ws0);
  });

  it("logs: JSON lines with request ids, and no password, email address or session token from inside workerd", async () => {
    const b = newBrowser("203.0.113.61");
    await postAs(app, b, "/signup", {
      name: "Log Parent",
      email: "log-me@example.com",
      password: "secret-loquat-7",
      website: "",
    });
    await login(app, newBrowser("203.0.113.62"), "log-me@example.com", "a wrong guess again");
    const lines = edge.logLines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l.msg === "request");
    expect(access.length).toBeGreaterThan(0);
    for (const l of access) expect(l).toMatchObject({ level: "info", app: "little-harvest", requestId: expect.any(String) });
    const all = edge.logLines.join("\n");
    expect(all).not.toContain("secret-loquat-7");
    expect(all).not.toContain("log-me@example.com");
    expect(all).not.toContain(sessionOf(b)!);
  });
});
