/**
 * Uploaded photos are raster, so the server keeps smaller WebP copies beside each one (Node, with sharp; see
 * images-sharp.server.ts). The upload's own name says which copies exist — `<id>-w400-800-1600.jpg` has 400 and 800 px
 * copies at `<id>-400w.webp` and `<id>-800w.webp`, and is itself 1600 px wide — so every page can write a `srcset` from
 * the URL alone, with nothing more to store or query. Uploads without copies (workerd, tiny images) keep `<id>.<ext>`.
 */
export const COPY_WIDTHS = [400, 800, 1200];

const RESIZED = /^(\/uploads\/[a-z0-9-]+\/[a-f0-9]{24})-w((?:\d+-)+\d+)\.[a-z0-9]+$/;

/** The `-w…` part of the upload's name, for copies at `widths` of an image `width` px wide. */
export const resizedSuffix = (widths: number[], width: number) => `-w${[...widths, width].join("-")}`;

/** Where the copy `width` px wide of the upload named `<base>-w….<ext>` lives. */
export const copyPath = (base: string, width: number) => `${base}-${width}w.webp`;

function parse(url: string | null | undefined) {
  const match = RESIZED.exec(url ?? "");
  if (!match) return null;
  const widths = match[2].split("-").map(Number);
  return { base: match[1], width: widths.pop()!, copies: widths };
}

/** The `srcset` for an image URL, or undefined when there is only the one file. */
export function srcSetOf(url: string | null | undefined): string | undefined {
  const image = parse(url);
  if (!image) return undefined;
  return [...image.copies.map((w) => `${copyPath(image.base, w)} ${w}w`), `${url} ${image.width}w`].join(", ");
}

/** The copies' URLs of an upload (none for an upload without copies). */
export function copyUrlsOf(url: string): string[] {
  const image = parse(url);
  return image ? image.copies.map((w) => copyPath(image.base, w)) : [];
}
