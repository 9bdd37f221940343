import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PackCard } from "~/components/pack-card";
import { getPacksPage } from "~/domain/catalog.server";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Weekly stage packs · Little Harvest" },
  { name: "description", content: "A week of fresh meals matched to your baby's stage, for less than buying them one by one." },
  ...(data ? [{ tagName: "link", rel: "canonical", href: data.canonical }] : []),
];

// The page is the same for every anonymous visitor and its loader reads only through the catalog cache,
// so its anonymous HTML may be kept and served without running it (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

export async function loader({ context }: LoaderFunctionArgs) {
  return { ...(await getPacksPage(context)), canonical: `${context.config.appUrl}/packs` };
}

export default function Packs() {
  const { packs } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Weekly stage packs</h1>
      <p className="muted">Seven meals chosen for each stage, delivered together.</p>
      <ul className="grid">
        {packs.map((p) => (
          <PackCard key={p.slug} pack={p} />
        ))}
      </ul>
    </div>
  );
}
