import { allergenLabel } from "~/domain/allergens";
import { formatRandShort } from "~/domain/money";
import { ItemCard, type CardItem } from "./item-card";

type Props = {
  product: CardItem & {
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
    <ItemCard to={`/shop/${product.slug}`} name={product.name} imageUrl={product.imageUrl} eager={eager}>
      <ul className="tags" aria-label="Age and texture">
        <li className="tag">{product.ageGroup.label}</li>
        <li className="tag">{product.texture.label}</li>
      </ul>
      {product.contains.length > 0 && <p className="muted">Contains: {product.contains.map(allergenLabel).join(", ")}</p>}
      {product.mayContain.length > 0 && <p className="muted">May contain: {product.mayContain.map(allergenLabel).join(", ")}</p>}
      {children}
      <p className="card__price">
        {product.fromPriceCents === null ? "Unavailable" : `from ${formatRandShort(product.fromPriceCents)}`}
        {!product.inStock && " · Sold out"}
      </p>
    </ItemCard>
  );
}
