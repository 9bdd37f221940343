import { and, desc, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, packItems, packs, productVariants, products } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, getAs, postForm, sessionCookieFor, stockOf, variantId } from "../support/admin-fixtures";

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

const productIdOf = async (slug: string) =>
  (await app.ctx.db.select({ id: products.id }).from(products).where(eq(products.slug, slug)))[0].id;
const lastAudit = async () => (await app.ctx.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0];
const shopHtml = async () => (await app.request("/shop")).text();

// A real (decodable) 2 × 2 photo: uploads are decoded and re-encoded, so a header alone no longer passes.
let PNG: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  const png = await sharp({ create: { width: 2, height: 2, channels: 4, background: "#6b8e23" } })
    .png()
    .toBuffer();
  PNG = new Uint8Array(png);
});

function productForm(
  fields: Record<string, string | string[]>,
  file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string },
) {
  const form = new FormData();
  form.set("intent", "save");
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  if (file) form.set("image", new File([file.bytes], file.name, { type: file.type }));
  return form;
}

const VALID = {
  name: "Sweetcorn & Chicken Chowder",
  slug: "",
  description: "Creamy and mild.",
  ageGroupId: "2",
  textureId: "2",
  contains: ["chicken", "milk"],
};

describe(`products and packs in the back office (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("a price edit shows on /shop at once, and is audited", async () => {
    expect(await shopHtml()).toContain("from R45"); // warms the catalogue cache
    const pid = await productIdOf("chicken-sweet-potato-carrot");
    const vid = await variantId(app, "chicken-sweet-potato-carrot", 130);
    const res = await postForm(app, `/admin/products/${pid}`, admin, { intent: "price", variantId: String(vid), price: "39.90" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/products/${pid}?saved=price`);
    const html = await shopHtml();
    expect(html).toMatch(/Chicken, Sweet Potato &amp; Carrot[\s\S]*?from R39\.90/);
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      action: "variant.price",
      entityType: "variant",
      entityId: String(vid),
      actorLabel: ADMIN_EMAIL,
    });
    expect(audit.before).toMatchObject({ priceCents: 4500 });
    expect(audit.after).toMatchObject({ priceCents: 3990 });
    // The audit page says it in words, with names and rand, not field names, cents or ids.
    const log = await (await getAs(app, "/admin/audit", admin)).text();
    expect(log).toContain("Price of Chicken, Sweet Potato &amp; Carrot 130 g changed from R45.00 to R39.90");
    expect(log).not.toMatch(/priceCents|variant \d/);
  });

  it("a bad price is a 400 with the message on the page", async () => {
    const pid = await productIdOf("chicken-sweet-potato-carrot");
    const vid = await variantId(app, "chicken-sweet-potato-carrot", 160);
    const res = await postForm(app, `/admin/products/${pid}`, admin, { intent: "price", variantId: String(vid), price: "cheap" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter a price in rand, e.g. 45.00");
  });

  it("stock adjustments need a reason, never go below zero, and are audited with the reason", async () => {
    const pid = await productIdOf("lamb-mash-potato-peas");
    const vid = await variantId(app, "lamb-mash-potato-peas", 160); // seeded with 2
    const noReason = await postForm(app, `/admin/products/${pid}`, admin, {
      intent: "stock",
      variantId: String(vid),
      delta: "10",
      reason: "",
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Say why the stock changes");
    const tooMany = await postForm(app, `/admin/products/${pid}`, admin, {
      intent: "stock",
      variantId: String(vid),
      delta: "-5",
      reason: "Spoiled",
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("only 2 in stock");
    expect(await stockOf(app, vid)).toBe(2);

    const ok = await postForm(app, `/admin/products/${pid}`, admin, {
      intent: "stock",
      variantId: String(vid),
      delta: "24",
      reason: "Cooked Tuesday batch",
    });
    expect(ok.status).toBe(303);
    expect(await stockOf(app, vid)).toBe(26);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "variant.stock_adjust", entityId: String(vid) });
    expect(audit.before).toMatchObject({ stock: 2 });
    expect(audit.after).toMatchObject({ stock: 26, delta: 24, reason: "Cooked Tuesday batch" });
    const page = await (await getAs(app, `/admin/products/${pid}`, admin)).text();
    expect(page).toContain("<strong>26</strong> in stock");
  });

  it("deactivating a product hides it from /shop at once; activating brings it back", async () => {
    const pid = await productIdOf("veggie-frittata-bites");
    expect(await shopHtml()).toContain("Veggie Frittata Bites");
    expect((await postForm(app, "/admin/products?index", admin, { intent: "deactivate", productId: String(pid) })).status).toBe(
      303,
    );
    expect(await shopHtml()).not.toContain("Veggie Frittata Bites");
    expect(await lastAudit()).toMatchObject({ action: "product.deactivate", entityType: "product", entityId: String(pid) });
    expect((await postForm(app, `/admin/products/${pid}`, admin, { intent: "activate" })).status).toBe(303);
    expect(await shopHtml()).toContain("Veggie Frittata Bites");
    expect(await lastAudit()).toMatchObject({ action: "product.activate" });
  });

  it("creating a product: field errors with 400, then a product with a variant per portion in the shop", async () => {
    const bad = await postForm(
      app,
      "/admin/products/new",
      admin,
      productForm({ ...VALID, name: "", ageGroupId: "", contains: ["chicken"], mayContain: ["chicken"] }),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Give the meal a name");
    expect(html).toContain("Choose an age group");
    // Each refused control points at its own message (conform's wiring): a screen reader reads it with the field.
    for (const [name, message] of [
      ["name", "Give the meal a name"],
      ["ageGroupId", "Choose an age group"],
    ]) {
      const control = new RegExp(`<(?:input|select)[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";
      expect(control, name).toContain('aria-invalid="true"');
      const describedBy = /aria-describedby="([^"]+)"/.exec(control)?.[1] ?? "";
      expect(html, name).toMatch(new RegExp(`id="${describedBy.split(" ")[0]}"[^>]*>${message}`));
    }

    const taken = await postForm(app, "/admin/products/new", admin, productForm({ ...VALID, slug: "cottage-pie" }));
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("Another meal already uses this slug");

    const created = await postForm(app, "/admin/products/new", admin, productForm(VALID));
    expect(created.status).toBe(303);
    const pid = await productIdOf("sweetcorn-and-chicken-chowder");
    expect(created.headers.get("location")).toBe(`/admin/products/${pid}?saved=created`);
    const variants = await app.ctx.db.select().from(productVariants).where(eq(productVariants.productId, pid));
    expect(variants.map((v) => v.priceCents).sort()).toEqual([4500, 5500, 7600]);
    expect(await shopHtml()).toContain("Sweetcorn &amp; Chicken Chowder");
    expect(await lastAudit()).toMatchObject({ action: "product.create", entityType: "product", entityId: String(pid) });
  });

  it("editing details: the slug stays unique; a PNG photo is stored under /uploads and served; other files are refused", async () => {
    const pid = await productIdOf("sweetcorn-and-chicken-chowder");
    const dup = await postForm(app, `/admin/products/${pid}`, admin, productForm({ ...VALID, slug: "cottage-pie" }));
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("Another meal already uses this slug");

    const notImage = await postForm(
      app,
      `/admin/products/${pid}`,
      admin,
      productForm(VALID, { bytes: new TextEncoder().encode("<svg onload=alert(1)>"), name: "x.png", type: "image/png" }),
    );
    expect(notImage.status).toBe(400);
    expect(await notImage.text()).toContain("Upload a PNG, JPEG or WebP image.");
    const tooBig = await postForm(
      app,
      `/admin/products/${pid}`,
      admin,
      productForm(VALID, { bytes: new Uint8Array(2 * 1024 * 1024 + 10).fill(0xff), name: "big.jpg", type: "image/jpeg" }),
    );
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain("Images can be at most 2 MB.");

    const ok = await postForm(
      app,
      `/admin/products/${pid}`,
      admin,
      productForm(
        { ...VALID, name: "Sweetcorn & Chicken Chowder (new recipe)", slug: "sweetcorn-chowder" },
        { bytes: PNG, name: "photo.png", type: "image/png" },
      ),
    );
    expect(ok.status).toBe(303);
    const [row] = await app.ctx.db.select().from(products).where(eq(products.id, pid));
    expect(row.slug).toBe("sweetcorn-chowder");
    expect(row.imageUrl).toMatch(/^\/uploads\/products\/[a-f0-9]{24}\.png$/);
    const image = await app.request(row.imageUrl!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    // Stored re-encoded (issue 22, finding 6): the same pixels, not necessarily the same bytes.
    const pixels = (bytes: Uint8Array) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const [stored, sent] = await Promise.all([pixels(new Uint8Array(await image.arrayBuffer())), pixels(PNG)]);
    expect(stored.info).toMatchObject({ width: sent.info.width, height: sent.info.height });
    expect(new Uint8Array(stored.data)).toEqual(new Uint8Array(sent.data));
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "product.update" });
    expect(audit.before).toMatchObject({ slug: "sweetcorn-and-chicken-chowder", imageUrl: null });
    expect(audit.after).toMatchObject({ slug: "sweetcorn-chowder", imageUrl: row.imageUrl });
    expect(await shopHtml()).toContain("Sweetcorn &amp; Chicken Chowder (new recipe)");
  });

  it("a large photo gets smaller WebP copies that the meal page and cards offer in srcset; removing it removes them", async () => {
    const photo = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: "#c0392b" } })
      .jpeg()
      .toBuffer();
    const fields = { ...VALID, name: "Beetroot Apple Swirl", slug: "beetroot-apple-swirl", contains: [] };
    const created = await postForm(
      app,
      "/admin/products/new",
      admin,
      productForm(fields, { bytes: new Uint8Array(photo), name: "swirl.jpg", type: "image/jpeg" }),
    );
    expect(created.status).toBe(303);
    const pid = await productIdOf("beetroot-apple-swirl");
    const [row] = await app.ctx.db.select().from(products).where(eq(products.id, pid));
    expect(row.imageUrl).toMatch(/^\/uploads\/products\/[a-f0-9]{24}-w400-800-1200-1600\.jpg$/);
    const base = row.imageUrl!.replace(/-w[\d-]+\.jpg$/, "");
    const copies = [400, 800, 1200].map((w) => `${base}-${w}w.webp`);

    const res = await app.request("/shop/beetroot-apple-swirl");
    expect(res.status).toBe(200);
    const page = await res.text();
    const srcset = /<img[^>]*\ssrcset="([^"]+)"/i.exec(page)?.[1];
    expect(srcset).toBe([...copies.map((c, i) => `${c} ${[400, 800, 1200][i]}w`), `${row.imageUrl} 1600w`].join(", "));
    expect(page).toMatch(/sizes="\(max-width: 48rem\) 100vw, 36rem"/);
    for (const [i, url] of copies.entries()) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/webp");
      const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([[400, 800, 1200][i], [250, 500, 750][i]]);
    }

    const removed = await postForm(app, `/admin/products/${pid}`, admin, productForm({ ...fields, removeImage: "on" }));
    expect(removed.status).toBe(303);
    for (const url of [row.imageUrl!, ...copies]) expect((await app.request(url)).status, url).toBe(404);
  });

  it("packs: composed from variants with their own price; invalid input is a 400; changes reach /packs and the audit log", async () => {
    const a = await variantId(app, "cottage-pie", 220);
    const b = await variantId(app, "butternut-mac-cheese", 220);
    const empty = await postForm(app, "/admin/packs/new", admin, {
      name: "Toddler Feast",
      slug: "",
      description: "",
      ageGroupId: "4",
      price: "250",
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Put at least one meal in the pack");
    const badQty = await postForm(app, "/admin/packs/new", admin, {
      name: "Toddler Feast",
      slug: "",
      description: "",
      ageGroupId: "4",
      price: "250",
      [`qty-${a}`]: "2.5",
    });
    expect(badQty.status).toBe(400);
    expect(await badQty.text()).toContain("Quantities are whole numbers from 1 to 50");

    const created = await postForm(app, "/admin/packs/new", admin, {
      name: "Toddler Feast",
      slug: "",
      description: "Four hearty dinners.",
      ageGroupId: "4",
      price: "250.00",
      [`qty-${a}`]: "2",
      [`qty-${b}`]: "2",
    });
    expect(created.status).toBe(303);
    const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "toddler-feast"));
    expect(pack.priceCents).toBe(25000);
    const items = await app.ctx.db.select().from(packItems).where(eq(packItems.packId, pack.id));
    expect(items.map((i) => [i.variantId, i.quantity]).sort()).toEqual(
      [
        [a, 2],
        [b, 2],
      ].sort(),
    );
    expect(await (await app.request("/packs")).text()).toContain("Toddler Feast");
    expect(await lastAudit()).toMatchObject({ action: "pack.create", entityType: "pack", entityId: String(pack.id) });

    const edited = await postForm(app, `/admin/packs/${pack.id}`, admin, {
      intent: "save",
      name: "Toddler Feast",
      slug: "toddler-feast",
      description: "Five hearty dinners.",
      ageGroupId: "4",
      price: "265",
      [`qty-${a}`]: "3",
      [`qty-${b}`]: "2",
    });
    expect(edited.status).toBe(303);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "pack.update" });
    expect(audit.before).toMatchObject({ priceCents: 25000 });
    expect(audit.after).toMatchObject({ priceCents: 26500 });
    expect(await (await app.request("/packs")).text()).toContain("R265");

    expect((await postForm(app, "/admin/packs?index", admin, { intent: "deactivate", packId: String(pack.id) })).status).toBe(
      303,
    );
    expect(await (await app.request("/packs")).text()).not.toContain("Toddler Feast");
    expect(await lastAudit()).toMatchObject({ action: "pack.deactivate" });
  });

  it("the audit log lists each change with who and before → after, filterable by what and who", async () => {
    const page = await (await getAs(app, "/admin/audit", admin)).text();
    for (const sentence of [
      /Price of [^<]+ 130 g changed from R45\.00 to R39\.90/,
      /Stock of [^<]+ raised by 24 \(Cooked Tuesday batch\), from 2 to 26/,
      /Created meal /,
      /Web address of [^<]+ changed from sweetcorn-and-chicken-chowder to sweetcorn-chowder/,
      / hidden from the shop/,
      /Created pack /,
    ]) {
      expect(page).toMatch(sentence);
    }
    expect(page).toContain(ADMIN_EMAIL);
    const onlyPacks = await (await getAs(app, "/admin/audit?entity=pack", admin)).text();
    expect(onlyPacks).toMatch(/of pack [^<]+ changed from/);
    expect(onlyPacks).not.toContain("Price of Chicken");
    const adminId = (await app.ctx.db.select({ id: auditLog.actorUserId }).from(auditLog).limit(1))[0].id;
    const byOther = await (await getAs(app, `/admin/audit?actor=${adminId! + 999}`, admin)).text();
    expect(byOther).toContain("No changes match.");
    const future = await (await getAs(app, "/admin/audit?from=2099-01-01", admin)).text();
    expect(future).toContain("No changes match.");
    const rows = await app.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "variant")));
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });
});
