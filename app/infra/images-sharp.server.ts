import type { ImageFormat } from "./image-header";
import { MAX_IMAGE_PIXELS } from "./image-header";
import { COPY_WIDTHS } from "./responsive-images";
import { UnreadableImageError } from "./storage.server";

type ProcessedImage = { bytes: Uint8Array; width: number; copies: { width: number; bytes: Uint8Array }[] };
/**
 * Decodes an uploaded photo and encodes it again (so only pixels survive: anything appended to or hidden in the file,
 * and its metadata, is gone), plus smaller WebP copies. Throws UnreadableImageError when the bytes do not decode.
 */
export type ImageResizer = (bytes: Uint8Array, format: ImageFormat) => Promise<ProcessedImage>;

/** Node only (sharp is native): the re-encoded photo and copies at each of COPY_WIDTHS narrower than it. */
export function createSharpResizer(): ImageResizer {
  return async (bytes, format) => {
    const { default: sharp } = await import("sharp");
    // The pixel cap again, as the decoder's own limit: checkImage read it from the header, sharp enforces it on decode.
    const open = () => sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" }).rotate();
    try {
      // rotate() applies the EXIF orientation (5–8 turn the photo a quarter); the encoded files keep no EXIF.
      const { data, info } = await open()
        .toFormat(format === "jpg" ? "jpeg" : format, format === "png" ? {} : { quality: 85 })
        .toBuffer({ resolveWithObject: true });
      const widths = COPY_WIDTHS.filter((w) => w < info.width);
      const copies = await Promise.all(
        widths.map(async (w) => ({
          width: w,
          bytes: new Uint8Array(await open().resize({ width: w }).webp({ quality: 80 }).toBuffer()),
        })),
      );
      return { bytes: new Uint8Array(data), width: info.width, copies };
    } catch {
      throw new UnreadableImageError();
    }
  };
}
