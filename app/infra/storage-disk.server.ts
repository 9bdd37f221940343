import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ImageFormat } from "./image-header";
import type { ImageResizer } from "./images-sharp.server";
import { copyPath, copyUrlsOf, resizedSuffix } from "./responsive-images";
import { newUploadPath, uploadKey, type Storage } from "./storage.server";

/**
 * Node: files under $DATA_DIR/uploads, which the static middleware serves at /uploads/. With a resizer, every photo is
 * stored re-encoded (never as uploaded; one that does not decode throws UnreadableImageError), and a photo wider than
 * the smallest copy also gets its smaller WebP copies, named as responsive-images.ts describes.
 */
export function createLocalStorage(dataDir: string, resize?: ImageResizer): Storage {
  const root = path.resolve(dataDir, "uploads");
  const write = (url: string, bytes: Uint8Array) => writeFile(path.join(root, uploadKey(url)!), bytes);
  return {
    async put(folder, bytes, ext) {
      await mkdir(path.join(root, folder), { recursive: true });
      const plain = newUploadPath(folder, ext).url;
      const image = resize ? await resize(bytes, ext as ImageFormat) : null;
      if (!image?.copies.length) {
        await write(plain, image?.bytes ?? bytes);
        return plain;
      }
      const base = plain.slice(0, -`.${ext}`.length);
      await Promise.all(image.copies.map((c) => write(copyPath(base, c.width), c.bytes)));
      const url = `${base}${resizedSuffix(
        image.copies.map((c) => c.width),
        image.width,
      )}.${ext}`;
      await write(url, image.bytes);
      return url;
    },
    async remove(url) {
      for (const file of [url, ...copyUrlsOf(url)]) {
        const key = uploadKey(file);
        if (key) await rm(path.join(root, key), { force: true });
      }
    },
  };
}
