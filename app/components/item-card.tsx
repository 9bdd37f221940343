import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CARD_SIZES, CatalogImage } from "./catalog-image";

/** What every card shows of its meal or pack (besides what each kind adds). */
export type CardItem = { slug: string; name: string; imageUrl: string | null; ageGroup: { label: string } };

/** A meal's or a pack's card in a grid: its picture and title, both opening its page, then what `children` add. */
export function ItemCard({
  to,
  name,
  imageUrl,
  eager = false,
  children,
}: {
  to: string;
  name: string;
  imageUrl: string | null;
  /** Above the fold: load the picture at once rather than lazily. */
  eager?: boolean;
  children: ReactNode;
}) {
  return (
    <li className="card">
      {/* The picture opens the page too; one tab stop per card (the title link) is enough. */}
      <Link to={to} tabIndex={-1} aria-hidden="true" className="card__picture">
        <CatalogImage url={imageUrl} sizes={CARD_SIZES} width={400} height={300} loading={eager ? "eager" : "lazy"} />
      </Link>
      <div className="card__body">
        <h3 className="card__title">
          <Link to={to}>{name}</Link>
        </h3>
        {children}
      </div>
    </li>
  );
}
