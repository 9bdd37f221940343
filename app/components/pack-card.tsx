import { formatRandShort } from "~/domain/money";
import { ItemCard, type CardItem } from "./item-card";

type Props = {
  pack: CardItem & {
    priceCents: number;
    meals: number;
    singlesCents?: number;
  };
};

export function PackCard({ pack }: Props) {
  return (
    <ItemCard to={`/packs/${pack.slug}`} name={pack.name} imageUrl={pack.imageUrl}>
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
    </ItemCard>
  );
}
