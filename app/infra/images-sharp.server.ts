import { COPY_WIDTHS } from "./responsive-images";

type ImageCopies = { width: number; copies: { width: number; bytes: Uint8Array }[] };
/** Smaller WebP copies of an uploaded photo; null when the bytes cannot be read as an image. */
export type ImageResizer = (bytes: Uint8Array) => Promise<ImageCopies | null>;

/** Node only (sharp is native): copies at each of COPY_WIDTHS narrower than the photo itself. */
export function createSharpResizer(): ImageResizer {
  return async (bytes) => {
    const { default: sharp } = await import("sharp");
    try {
      const meta = await sharp(bytes).metadata();
      // EXIF orientations 5–8 turn the photo a quarter: it shows as wide as it is stored tall. rotate() below applies
      // the orientation to the copies, which keep no EXIF.
      const width = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
      const widths = COPY_WIDTHS.filter((w) => w < width);
      const copies = await Promise.all(
        widths.map(async (w) => ({
          width: w,
          bytes: new Uint8Array(await sharp(bytes).rotate().resize({ width: w }).webp({ quality: 80 }).toBuffer()),
        })),
      );
      return { width, copies };
    } catch {
      return null;
    }
  };
}
