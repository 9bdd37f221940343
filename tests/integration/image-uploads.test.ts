// Issue 22, finding 6: uploads are decoded and re-encoded (on Node), and a photo over the pixel cap — 24 megapixels,
// 10 000 px a side — is refused from its header alone, before anything decodes it (the same check runs on workerd).
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, postForm, sessionCookieFor } from "../support/admin-fixtures";

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

const HTML = new TextEncoder().encode("<html><body><script>alert(document.cookie)</script></body></html>");
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};

/** A PNG whose header claims `width` × `height` and whose data is a few zero bytes: tiny to send, huge if decoded. */
function pngClaiming(width: number, height: number) {
  const header = new Uint8Array(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(header.buffer).setUint32(16, width);
  new DataView(header.buffer).setUint32(20, height);
  header.set([8, 2, 0, 0, 0], 24);
  return concat(header, new Uint8Array(64));
}

let n = 0;
async function upload(bytes: Uint8Array, name: string, type: string) {
  const slug = `upload-test-${++n}`;
  const form = new FormData();
  for (const [k, v] of Object.entries({
    intent: "save",
    name: `Upload test ${n}`,
    slug,
    description: "",
    ageGroupId: "2",
    textureId: "2",
  }))
    form.set(k, v);
  form.set("image", new File([new Uint8Array(bytes)], name, { type }));
  const res = await postForm(app, "/admin/products/new", admin, form);
  const [row] = await app.ctx.db.select({ imageUrl: products.imageUrl }).from(products).where(eq(products.slug, slug));
  return { res, imageUrl: row?.imageUrl ?? null };
}

describe("uploaded images are decoded, re-encoded and capped", () => {
  it("a real photo with HTML appended is stored re-encoded: the HTML is gone, the picture is the same", async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#d35400" } })
      .png()
      .toBuffer();
    const { res, imageUrl } = await upload(concat(new Uint8Array(photo), HTML), "photo.png", "image/png");
    expect(res.status).toBe(303);
    const served = new Uint8Array(await (await app.request(imageUrl!)).arrayBuffer());
    expect(Buffer.from(served).includes(Buffer.from("<script"))).toBe(false);
    expect(await sharp(served).metadata()).toMatchObject({ format: "png", width: 300, height: 200 });
  });

  it.each([
    ["png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ["jpg", [0xff, 0xd8, 0xff, 0xe0]],
    ["webp", [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]],
  ])("%s magic bytes followed by HTML are refused with a message, and nothing is stored", async (ext, magic) => {
    const { res, imageUrl } = await upload(concat(Uint8Array.from(magic), HTML), `x.${ext}`, "image/png");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("couldn&#x27;t read that image");
    expect(imageUrl).toBeNull();
  });

  it("a real PNG header over valid-looking but broken data is refused (it does not decode)", async () => {
    const { res, imageUrl } = await upload(pngClaiming(640, 480), "broken.png", "image/png");
    expect(res.status).toBe(400);
    expect(imageUrl).toBeNull();
  });

  it.each([
    [20_000, 20_000],
    [10_001, 10],
    [6_000, 4_001],
  ])("a %i × %i image is over the cap: refused from its header, saying the limit", async (w, h) => {
    const { res, imageUrl } = await upload(pngClaiming(w, h), "huge.png", "image/png");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Images can be at most 24 megapixels and 10");
    expect(imageUrl).toBeNull();
  });
});
