import type { ImgHTMLAttributes } from "react";
import { srcSetOf } from "~/infra/responsive-images";

type Props = Omit<ImgHTMLAttributes<HTMLImageElement>, "src" | "srcSet" | "sizes"> & {
  url: string | null;
  /** How wide the picture shows, for the browser to pick a copy (used only when the upload has copies). */
  sizes: string;
};

/** A meal's or pack's picture: the shop's drawing, or an uploaded photo offered in the sizes the server made of it. */
export function CatalogImage({ url, sizes, alt = "", ...rest }: Props) {
  const srcSet = srcSetOf(url);
  return <img src={url ?? "/favicon.svg"} srcSet={srcSet} sizes={srcSet ? sizes : undefined} alt={alt} {...rest} />;
}

export const CARD_SIZES = "(max-width: 40rem) 100vw, 20rem";
const PAGE_SIZES = "(max-width: 48rem) 100vw, 36rem";

/** The large picture at the top of a meal's or a pack's own page. */
export function PageImage({ url, alt }: { url: string | null; alt: string }) {
  return <CatalogImage className="product__image" url={url} sizes={PAGE_SIZES} alt={alt} width={640} height={480} />;
}
