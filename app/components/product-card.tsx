import { Link } from "@remix-run/react";
import { allergenLabel } from "~/domain/allergens";
import { formatRandShort } from "~/domain/money";
import { CARD_SIZES, CatalogImage } from "./catalog-image";

type Props = {
  product: {
    slug: string;
    name: string;
    imageUrl: string | null;
    ageGroup: { label: string };
    texture: { label: string };
    contains: string[];
    mayContain: string[];
    fromPriceCents: number | null;
    inStock: boolean;
  };
  children?: React.ReactNode;
  /** Above the fold: load the picture at once rather than lazily. */
  eager?: boolean;
};

export function ProductCard({ product, children, eager = false }: Props) {
  return (
    <li className="card">
      {/* The picture opens the meal too; one tab stop per card (the title link) is enough. */}
      <Link to={`/shop/${product.slug}`} tabIndex={-1} aria-hidden="true" className="card__picture">
        <CatalogImage url={product.imageUrl} sizes={CARD_SIZES} width={400} height={300} loading={eager ? "eager" : "lazy"} />
      </Link>
      <div className="card__body">
        <h3 className="card__title">
          <Link to={`/shop/${product.slug}`}>{product.name}</Link>
        </h3>
        <ul className="tags" aria-label="Age and texture">
          <li className="tag">{product.ageGroup.label}</li>
          <li className="tag">{product.texture.label}</li>
        </ul>
        {product.contains.length > 0 && <p className="muted">Contains: {product.contains.map(allergenLabel).join(", ")}</p>}
        {product.mayContain.length > 0 && (
          <p className="muted">May contain: {product.mayContain.map(allergenLabel).join(", ")}</p>
        )}
        {children}
        <p className="card__price">
          {product.fromPriceCents === null ? "Unavailable" : `from ${formatRandShort(product.fromPriceCents)}`}
          {!product.inStock && " · Sold out"}
        </p>
      </div>
    </li>
  );
}
