import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "./config.server";

/** Where uploaded files live. Embedded mode writes under $DATA_DIR/uploads, which the static middleware serves at /uploads/. */
export type Storage = {
  /** Stores the bytes under a fresh name in `folder` and returns the public URL. */
  put(folder: string, bytes: Uint8Array, ext: string): Promise<string>;
  /** Removes a file this storage handed out earlier; anything else (seed images, foreign URLs) is left alone. */
  remove(url: string): Promise<void>;
};

export function createLocalStorage(dataDir: string): Storage {
  const root = path.resolve(dataDir, "uploads");
  return {
    async put(folder, bytes, ext) {
      if (!/^[a-z0-9-]+$/.test(folder) || !/^[a-z0-9]+$/.test(ext)) throw new Error("invalid storage folder or extension");
      const name = `${randomBytes(12).toString("hex")}.${ext}`;
      await mkdir(path.join(root, folder), { recursive: true });
      await writeFile(path.join(root, folder, name), bytes);
      return `/uploads/${folder}/${name}`;
    },
    async remove(url) {
      const match = /^\/uploads\/([a-z0-9-]+)\/([a-f0-9]{24}\.[a-z0-9]+)$/.exec(url);
      if (match) await rm(path.join(root, match[1], match[2]), { force: true });
    },
  };
}

/** The storage this deployment uses (only the local folder so far). */
export function storageFor(config: Pick<Config, "DATA_DIR">): Storage {
  return createLocalStorage(config.DATA_DIR);
}

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageCheck = { ok: true; bytes: Uint8Array; ext: "png" | "jpg" | "webp" } | { ok: false; message: string };

/**
 * Accepts PNG, JPEG or WebP up to 2 MB, judged by the file's own bytes (not its name or the browser's type claim).
 * SVG is refused: it can carry script.
 */
export async function checkImage(file: File): Promise<ImageCheck> {
  if (file.size === 0) return { ok: false, message: "The image file is empty." };
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, message: "Images can be at most 2 MB." };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { ok: true, bytes, ext: "png" };
  if (starts(0xff, 0xd8, 0xff)) return { ok: true, bytes, ext: "jpg" };
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP")
    return { ok: true, bytes, ext: "webp" };
  return { ok: false, message: "Upload a PNG, JPEG or WebP image." };
}
