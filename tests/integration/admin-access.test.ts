import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { eq } from "drizzle-orm";
import { auditLog, products } from "~/infra/db/schema";
import {
  ADMIN_EMAIL,
  CUSTOMER_EMAIL,
  getAs,
  placeTestOrder,
  postForm,
  sessionCookieFor,
  userId,
  variantId,
} from "../support/admin-fixtures";

// Every file under app/routes that belongs to /admin, turned into a URL: `admin.products.$id.tsx` → /admin/products/1,
// `admin.prep[.csv].ts` → /admin/prep.csv. New admin routes are covered the day they are added.
const ROUTES_DIR = path.resolve("app/routes");
const adminRoutes = readdirSync(ROUTES_DIR)
  .filter((f) => /^admin([.[]|\.tsx?$)/.test(f))
  .map((file) => {
    const base = file.replace(/\.(tsx|ts)$/, "");
    const segments = (base.match(/(\[[^\]]*\]|[^.])+/g) ?? [])
      .filter((s) => s !== "_index")
      .map((s) => s.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1"))
      .map((s) => (s.startsWith("$") ? "1" : s));
    const source = readFileSync(path.join(ROUTES_DIR, file), "utf8");
    const query = base.endsWith("[.csv]") ? "?date=2030-01-01" : "";
    return { file, url: `/${segments.join("/")}${query}`, hasAction: /export (async )?function action/.test(source) };
  });

let app: TestApp;
let customer: string;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  customer = await sessionCookieFor(app, CUSTOMER_EMAIL);
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

describe(`the back office is for admins only (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("finds the admin routes", () => {
    const urls = adminRoutes.map((r) => r.url);
    for (const url of [
      "/admin",
      "/admin/orders",
      "/admin/orders/1",
      "/admin/prep",
      "/admin/prep.csv?date=2030-01-01",
      "/admin/products",
      "/admin/products/new",
      "/admin/products/1",
      "/admin/packs",
      "/admin/packs/1",
      "/admin/customers",
      "/admin/customers/1",
      "/admin/settings",
      "/admin/audit",
    ]) {
      expect(urls).toContain(url);
    }
  });

  it.each(adminRoutes)("$file: an anonymous visitor is sent to log in", async ({ url }) => {
    const res = await app.request(url, { redirect: "manual" });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(url)}`);
  });

  it.each(adminRoutes)("$file: a signed-in customer gets 403", async ({ url }) => {
    const res = await getAs(app, url, customer);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain("parent@example.com"); // no admin data leaks into the error page
  });

  it.each(adminRoutes.filter((r) => r.hasAction))(
    "$file: a customer's POST is refused with 403 and changes nothing",
    async ({ url }) => {
      const res = await postForm(app, url, customer, {
        intent: "deactivate",
        productId: "1",
        packId: "1",
        action: "confirm",
        version: "1",
      });
      expect(res.status).toBe(403);
    },
  );

  it("single-fetch data requests are guarded too", async () => {
    const res = await getAs(app, "/admin/customers.data", customer);
    expect(await res.text()).not.toContain("parent@example.com");
    const anon = await app.request("/admin/customers.data", { redirect: "manual" });
    expect(await anon.text()).not.toContain("parent@example.com");
  });

  it("the refused POSTs changed nothing", async () => {
    expect(await app.ctx.db.select().from(auditLog)).toEqual([]);
    const [p] = await app.ctx.db.select({ active: products.active }).from(products).where(eq(products.id, 1));
    expect(p.active).toBe(true);
  });

  it("an admin sees every page", async () => {
    const order = await placeTestOrder(app, {
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 220) }, quantity: 1 }],
    });
    const customerId = await userId(app, CUSTOMER_EMAIL);
    const real = (url: string) =>
      url
        .replace(/^\/admin\/orders\/1$/, `/admin/orders/${order.orderId}`)
        .replace(/^\/admin\/customers\/1$/, `/admin/customers/${customerId}`);
    for (const { url, file } of adminRoutes) {
      const res = await getAs(app, real(url), admin);
      // Params this test cannot guess (another page's `$template`) may be a 404, never a 403 or a crash.
      const guessed = !file.includes("$") || /^admin\.(orders|customers|products|packs)\.\$id\./.test(file);
      if (guessed) expect(res.status, file).toBeLessThan(400);
      else expect([200, 404], file).toContain(res.status);
    }
  });
});
