// The header reader behind the pixel cap (issue 22, finding 6): sizes of real encodings, and null for what is not one.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageSize, withinPixelCap } from "~/infra/image-header";

const encode = async (width: number, height: number, format: "png" | "jpeg" | "webp", options: object = {}) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 40, alpha: 0.5 } } })
      .toFormat(format, options)
      .toBuffer(),
  );

describe("imageSize", () => {
  it.each([
    ["png", 37, 11, {}],
    ["jpg", 640, 480, {}],
    ["jpg", 641, 3, { progressive: true }],
    ["webp", 300, 200, { lossless: true }], // VP8L
    ["webp", 301, 199, { quality: 50, alphaQuality: 100 }], // VP8X (alpha)
    ["webp", 256, 128, { quality: 50, alphaQuality: 0 }],
  ] as const)("%s %i × %i", async (format, width, height, options) => {
    const bytes = await encode(width, height, format === "jpg" ? "jpeg" : format, options);
    expect(imageSize(format, bytes)).toEqual({ width, height });
  });

  it("a lossy WebP without alpha (VP8)", async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 123, height: 45, channels: 3, background: "#336699" } })
        .webp({ quality: 60 })
        .toBuffer(),
    );
    expect(imageSize("webp", bytes)).toEqual({ width: 123, height: 45 });
  });

  it("null for magic bytes without a header, and for truncated headers", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const png = await encode(10, 10, "png");
    expect(imageSize("png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...html]))).toBeNull();
    expect(imageSize("jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...html]))).toBeNull();
    expect(imageSize("png", png.slice(0, 20))).toBeNull();
    expect(imageSize("jpg", (await encode(10, 10, "jpeg")).slice(0, 30))).toBeNull();
  });

  it("the cap: 24 megapixels, 10 000 px a side", () => {
    expect(withinPixelCap({ width: 6000, height: 4000 })).toBe(true);
    expect(withinPixelCap({ width: 6000, height: 4001 })).toBe(false);
    expect(withinPixelCap({ width: 10_000, height: 2400 })).toBe(true);
    expect(withinPixelCap({ width: 10_001, height: 10 })).toBe(false);
  });
});
