import { describe, expect, it } from "vitest";
import { copyUrlsOf, srcSetOf } from "./responsive-images";
import { uploadKey } from "./storage.server";

const ID = "0123456789abcdef01234567";

describe("responsive upload names", () => {
  it.each([
    [
      `/uploads/products/${ID}-w400-800-1000.png`,
      `/uploads/products/${ID}-400w.webp 400w, /uploads/products/${ID}-800w.webp 800w, /uploads/products/${ID}-w400-800-1000.png 1000w`,
    ],
    [`/uploads/products/${ID}-w400-640.jpg`, `/uploads/products/${ID}-400w.webp 400w, /uploads/products/${ID}-w400-640.jpg 640w`],
    [`/uploads/products/${ID}.png`, undefined], // stored as uploaded (workerd, or too small to copy)
    ["/images/products/cottage-pie.svg", undefined],
    [null, undefined],
    [`/uploads/products/${ID}-w.png`, undefined],
  ])("srcset of %s", (url, srcset) => {
    expect(srcSetOf(url)).toBe(srcset);
  });

  it("names the copies to remove with the upload, each a key the storage accepts", () => {
    const copies = copyUrlsOf(`/uploads/packs/${ID}-w400-800-1200-2000.webp`);
    expect(copies).toEqual([400, 800, 1200].map((w) => `/uploads/packs/${ID}-${w}w.webp`));
    expect(copies.map(uploadKey)).toEqual([400, 800, 1200].map((w) => `packs/${ID}-${w}w.webp`));
    expect(copyUrlsOf(`/uploads/packs/${ID}.png`)).toEqual([]);
    expect(uploadKey(`/uploads/packs/${ID}-w400-900.png/../x`)).toBeNull();
  });
});
