// Hostile input as an attacker sends it (issue 11): every one of these was a 500, a stall or a redirect off-site.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cartItems, products } from "~/infra/db/schema";
import { ORIGIN, startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, CUSTOMER_EMAIL, sessionCookieFor } from "../support/admin-fixtures";
import { addMeal, get, guest, post, signedInCustomer, variant } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const send = (path: string, body: BodyInit | null, headers: Record<string, string> = {}, method = "POST") =>
  app.request(path, { method, body, headers, redirect: "manual" });

/** What no visitor may ever see: a stack frame, SQL, or a driver's error text. */
function expectNoLeak(body: string) {
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|select .* from|insert into|Failed query|SQLSTATE/i);
}

describe("bodies an action cannot read are a 4xx, never a 500", () => {
  const cases: Array<[string, BodyInit | null, Record<string, string>, number]> = [
    ["JSON", JSON.stringify({ email: "a@b.co" }), { "content-type": "application/json" }, 415],
    ["octet-stream", new Uint8Array([0, 1, 2, 3]), { "content-type": "application/octet-stream" }, 415],
    ["no body, no type", null, {}, 415],
    [
      "malformed multipart",
      "--x\r\nContent-Disposition: form-data\r\n\r\nbroken",
      { "content-type": "multipart/form-data; boundary=x" },
      400,
    ],
    ["multipart without boundary", "a=b", { "content-type": "multipart/form-data" }, 400],
  ];
  let cookie = "";
  beforeAll(async () => {
    cookie = await sessionCookieFor(app, CUSTOMER_EMAIL); // so the signed-in pages reach their action
  });
  for (const path of ["/login", "/signup", "/cart", "/checkout", "/shop/chicken-sweet-potato-carrot", "/account/addresses"]) {
    for (const [label, body, headers, status] of cases) {
      it(`${label} to ${path} → ${status}`, async () => {
        const res = await send(path, body, { ...headers, cookie });
        expect(res.status).toBe(status);
        expectNoLeak(await res.text());
      });
    }
  }
});

describe("characters and numbers the database cannot take", () => {
  it("a NUL byte in any text field is a 400 with a message, not Postgres 22021", async () => {
    // Every other field valid, so only the NUL can stop it: before the fix it reached the INSERT (Postgres 22021, 500).
    const res = await send(
      "/signup",
      new URLSearchParams({ name: "A\u0000B", email: "nul@example.com", password: "a perfectly fine phrase" }),
      { "content-type": "application/x-www-form-urlencoded" },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("characters we can't accept");
    expectNoLeak(html);
  });

  it("a NUL byte in a path is a 404, in a query a 400", async () => {
    const path = await app.request("/shop/%00");
    expect(path.status).toBe(404);
    expectNoLeak(await path.text());
    expect((await app.request("/shop?q=%00")).status).toBe(400);
    expect((await app.request("/shop/%E0%A4%A")).status).toBe(404);
  });

  it("ids beyond int4 and ids that are not numbers are 404s", async () => {
    const admin = await sessionCookieFor(app, "admin@littleharvest.test");
    for (const path of ["/admin/orders/99999999999", "/admin/products/99999999999", "/admin/customers/abc"]) {
      const res = await app.request(path, { headers: { cookie: admin } });
      expect(res.status, path).toBe(404);
    }
    const toggle = await send("/admin/products", new URLSearchParams({ intent: "activate", productId: "99999999999" }), {
      cookie: admin,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(toggle.status).toBeLessThan(500);
    expect(toggle.status).toBeGreaterThanOrEqual(400);
  });

  it("admin forms: an id beyond int4 and a quantity of Infinity are field errors, not 500s (issue 22, finding 5)", async () => {
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const form = (fields: Record<string, string>) => ({
      cookie: admin,
      "content-type": "application/x-www-form-urlencoded",
      body: new URLSearchParams(fields),
    });
    const packFields = { intent: "save", name: "Endless pack", slug: "", description: "", ageGroupId: "1", price: "99" };
    const { body: packBody, ...packHeaders } = form({ ...packFields, "qty-1": "Infinity" });
    const pack = await send("/admin/packs/new", packBody, packHeaders);
    expect(pack.status).toBe(400);
    expect(await pack.text()).toContain("Quantities are whole numbers from 1 to 50");
    const newMeal = { intent: "save", name: "Big id meal", slug: "", description: "", ageGroupId: "2147483648", textureId: "1" };
    const { body: mealBody, ...mealHeaders } = form(newMeal);
    const meal = await send("/admin/products/new", mealBody, mealHeaders);
    expect(meal.status).toBe(400);
    expect(await meal.text()).toContain("Choose an age group");
  });

  it("childId=abc and a child id beyond int4 are 'not found'", async () => {
    const parent = await signedInCustomer(app);
    expect((await post(app, parent, "/account/children", { intent: "remove", childId: "abc" })).status).toBe(404);
    expect((await get(app, parent, "/account/children/99999999999")).status).toBe(404);
  });

  it("a 21-character confirmation on account deletion is a field error, and the account stays", async () => {
    const parent = await signedInCustomer(app);
    const res = await post(app, parent, "/account/security", {
      intent: "delete",
      currentPassword: "whatever",
      confirm: "D".repeat(21),
    });
    expect(res.status).toBe(400);
    expect((await get(app, parent, "/account")).status).toBe(200);
  });
});

describe("methods, cookies and redirects", () => {
  it("unknown methods get 405 with Allow (TRACE: server-process.test.ts)", async () => {
    for (const method of ["PUT", "DELETE", "PATCH", "PROPFIND"]) {
      const res = await send("/", null, {}, method);
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    }
  });

  it("a malformed cart or session cookie is ignored, and every page still renders", async () => {
    for (const cookie of ["lh_cart=%E0%A4%A", "lh_session=%E0%A4%A", "lh_cart=%00abc; lh_session=%ZZ"]) {
      for (const path of ["/", "/shop", "/cart"]) {
        const res = await app.request(path, { headers: { cookie } });
        expect(res.status, `${path} with ${cookie}`).toBe(200);
      }
    }
  });

  it("redirectTo with a TAB, CR/LF or non-Latin-1 characters never leaves the site nor breaks the Location header", async () => {
    const cookie = await sessionCookieFor(app, CUSTOMER_EMAIL);
    for (const target of ["/\t/evil.example", "/\\evil.example", "//evil.example", "/caf\u20ac", "https://evil.example/"]) {
      const res = await send("/login?redirectTo=" + encodeURIComponent(target), null, { cookie }, "GET");
      expect(res.status, target).toBeLessThan(500);
      const location = res.headers.get("location");
      if (location) expect(new URL(location, ORIGIN).origin, target).toBe(ORIGIN);
    }
    // The same values posted with the login form.
    for (const target of ["/\t/evil.example", "/\r\n/evil.example", "/caf\u20ac"]) {
      const res = await send(
        "/login",
        new URLSearchParams({ email: CUSTOMER_EMAIL, password: "harvest-demo-2026", redirectTo: target }),
        { "content-type": "application/x-www-form-urlencoded" },
      );
      expect(res.status, target).toBe(303);
      expect(res.headers.get("location")).toBe("/account");
    }
  });
});

describe("the cart is untouched by a refused request", () => {
  it("a JSON or oversized add-to-cart leaves the cart as it was", async () => {
    const shopper = guest();
    const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
    await addMeal(app, shopper, "chicken-sweet-potato-carrot", meal.id, 2);
    const linesNow = () =>
      app.ctx.db
        .select({ variantId: cartItems.variantId, quantity: cartItems.quantity })
        .from(cartItems)
        .where(eq(cartItems.cartId, shopper.cookies.get("lh_cart")!));
    const before = await linesNow();
    expect(before).toEqual([{ variantId: meal.id, quantity: 2 }]);
    const cookie = [...shopper.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const json = await send("/shop/chicken-sweet-potato-carrot", JSON.stringify({ variantId: meal.id, quantity: 5 }), {
      cookie,
      "content-type": "application/json",
    });
    expect(json.status).toBe(415);
    const big = await send(
      "/shop/chicken-sweet-potato-carrot",
      new URLSearchParams({ variantId: String(meal.id), quantity: "5", pad: "x".repeat(100_000) }),
      { cookie, "content-type": "application/x-www-form-urlencoded" },
    );
    expect(big.status).toBe(413);
    expect(await linesNow()).toEqual(before);
  });

  it("an auth form over 8 KB is refused with 413 before it is parsed", async () => {
    const res = await send("/login", new URLSearchParams({ email: CUSTOMER_EMAIL, password: "p".repeat(9 * 1024) }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("text/html");
    expectNoLeak(await res.text());
  });
});

describe("webhooks take raw bodies but not forged forwarding headers", () => {
  it("a forged X-Forwarded-Host on a data request to the payment return is a 400, not Remix's CSRF 500", async () => {
    for (const path of ["/webhooks/peach-return", "/webhooks/peach-return.data"]) {
      const res = await send(path, "intent=add", {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-host": "evil.example",
      });
      expect(res.status, path).toBe(400);
      expectNoLeak(await res.text());
    }
  });
});

describe("query values that name an object's own properties", () => {
  it("?google=__proto__ or constructor on /login, ?done= and ?saved= in the back office are plain pages, not 500s", async () => {
    for (const key of ["__proto__", "constructor", "toString"]) {
      const res = await app.request(`/login?google=${key}`);
      expect(res.status, key).toBe(200);
      expectNoLeak(await res.text());
    }
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const [product] = await app.ctx.db.select({ id: products.id }).from(products).limit(1);
    for (const path of ["/admin/orders/1?done=__proto__", `/admin/products/${product.id}?saved=constructor`]) {
      const res = await app.request(path, { headers: { cookie: admin } });
      expect(res.status, path).toBeLessThan(500);
      expectNoLeak(await res.text());
    }
  });
});
