import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ShopLinks } from "~/components/shop-links";
import { PackCard } from "~/components/pack-card";
import { ProductCard } from "~/components/product-card";
import { getHomePage } from "~/domain/catalog.server";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Little Harvest · Fresh baby & toddler meals in Johannesburg" },
  {
    name: "description",
    content:
      "Freshly cooked purees, lumpy and toddler meals for 6 months to 4 years, made in Johannesburg and delivered to your door.",
  },
  ...(data ? [{ tagName: "link", rel: "canonical", href: data.canonical }] : []),
];

// The page is the same for every anonymous visitor and its loader reads only through the catalog cache,
// so its anonymous HTML may be kept and served without running it (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

export async function loader({ context }: LoaderFunctionArgs) {
  return { ...(await getHomePage(context)), canonical: `${context.config.appUrl}/` };
}

export default function Home() {
  const { featured, packs } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <div>
          <p className="eyebrow">Cooked fresh in Johannesburg</p>
          <h1>Real food for little ones, from first spoonfuls to toddler plates</h1>
          <p>
            Little Harvest cooks small batches of purees, lumpy meals and toddler dishes for every stage from 6 months to 4 years
            — no preservatives, allergens clearly labelled — and delivers them chilled to your door.
          </p>
          <ShopLinks mealsLabel="Shop meals" />
        </div>
        <img src="/images/hero.svg" alt="" width={480} height={360} />
      </section>
      <section className="page" aria-labelledby="featured-heading">
        <h2 id="featured-heading">Parents' favourites</h2>
        <ul className="grid">
          {featured.map((p) => (
            <ProductCard key={p.slug} product={p} />
          ))}
        </ul>
      </section>
      <section className="page" aria-labelledby="packs-heading">
        <h2 id="packs-heading">Weekly stage packs</h2>
        <p className="muted">Seven meals chosen for your baby's stage, for less than buying them one by one.</p>
        <ul className="grid">
          {packs.map((p) => (
            <PackCard key={p.slug} pack={p} />
          ))}
        </ul>
      </section>
    </>
  );
}
