import { imageSize, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, withinPixelCap, type ImageFormat } from "./image-header";

/**
 * Where uploaded files live, behind one interface: a folder on Node (storage-disk.server.ts, served by the static
 * middleware) and an R2 bucket on workerd (storage-r2.server.ts). Both hand out `/uploads/<folder>/<name>` URLs.
 */
export type Storage = {
  /** Stores the bytes under a fresh name in `folder` and returns the public URL. */
  put(folder: string, bytes: Uint8Array, ext: string): Promise<string>;
  /** Removes a file this storage handed out earlier; anything else (seed images, foreign URLs) is left alone. */
  remove(url: string): Promise<void>;
};

const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageCheck = { ok: true; bytes: Uint8Array; ext: ImageFormat } | { ok: false; message: string };

/** The photo could not be decoded (Node decodes and re-encodes every upload): the form says so beside the field. */
export class UnreadableImageError extends Error {
  constructor() {
    super("We couldn't read that image. Export it again as a PNG, JPEG or WebP and upload that.");
    this.name = "UnreadableImageError";
  }
}

/**
 * By name, not instanceof: the storage is built by the runtime's bundle and the domain runs in the Remix build, each
 * with its own copy of the class.
 */
export const isUnreadableImage = (error: unknown): error is UnreadableImageError =>
  error instanceof Error && error.name === "UnreadableImageError";

const PIXEL_CAP_MESSAGE = `Images can be at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels and ${MAX_IMAGE_SIDE.toLocaleString("en-ZA")} px on a side.`;

/**
 * Accepts PNG, JPEG or WebP up to 2 MB, judged by the file's own bytes (not its name or the browser's type claim), whose
 * header gives a size within the pixel cap (image-header.ts) — on both runtimes, before anything decodes it. SVG is
 * refused: it can carry script. Node then decodes and re-encodes what passes (images-sharp.server.ts).
 */
export async function checkImage(file: File): Promise<ImageCheck> {
  if (file.size === 0) return { ok: false, message: "The image file is empty." };
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, message: "Images can be at most 2 MB." };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ext: ImageFormat | null = starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
    ? "png"
    : starts(0xff, 0xd8, 0xff)
      ? "jpg"
      : starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP"
        ? "webp"
        : null;
  if (!ext) return { ok: false, message: "Upload a PNG, JPEG or WebP image." };
  const size = imageSize(ext, bytes);
  if (!size) return { ok: false, message: new UnreadableImageError().message };
  if (!withinPixelCap(size)) return { ok: false, message: PIXEL_CAP_MESSAGE };
  return { ok: true, bytes, ext };
}

/** A fresh random file name and the URL it is served at; the one naming rule both storages follow. */
export function newUploadPath(folder: string, ext: string): { key: string; url: string } {
  if (!/^[a-z0-9-]+$/.test(folder) || !/^[a-z0-9]+$/.test(ext)) throw new Error("invalid storage folder or extension");
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const name = `${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}.${ext}`;
  return { key: `${folder}/${name}`, url: `/uploads/${folder}/${name}` };
}

/** The storage key of a URL this app handed out (`folder/name`, resized copies' names included), or null otherwise. */
export function uploadKey(url: string): string | null {
  const match = /^\/uploads\/([a-z0-9-]+\/[a-f0-9]{24}(?:-w(?:\d+-)+\d+|-\d+w)?\.[a-z0-9]+)$/.exec(url);
  return match ? match[1] : null;
}
