import { Link } from "@remix-run/react";
import { formatRandShort } from "~/domain/money";
import { CARD_SIZES, CatalogImage } from "./catalog-image";

type Props = {
  pack: {
    slug: string;
    name: string;
    imageUrl: string | null;
    ageGroup: { label: string };
    priceCents: number;
    meals: number;
    singlesCents?: number;
  };
};

export function PackCard({ pack }: Props) {
  return (
    <li className="card">
      <Link to={`/packs/${pack.slug}`} tabIndex={-1} aria-hidden="true" className="card__picture">
        <CatalogImage url={pack.imageUrl} sizes={CARD_SIZES} width={400} height={300} loading="lazy" />
      </Link>
      <div className="card__body">
        <h3 className="card__title">
          <Link to={`/packs/${pack.slug}`}>{pack.name}</Link>
        </h3>
        <ul className="tags">
          <li className="tag">{pack.ageGroup.label}</li>
          <li className="tag">{pack.meals} meals</li>
        </ul>
        <p className="card__price">
          {formatRandShort(pack.priceCents)}
          {pack.singlesCents && pack.singlesCents > pack.priceCents ? (
            <span className="saving"> Save {formatRandShort(pack.singlesCents - pack.priceCents)}</span>
          ) : null}
        </p>
      </div>
    </li>
  );
}
