import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PackCard } from "~/components/pack-card";
import { getPacksPage } from "~/domain/catalog.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Weekly stage packs · Little Harvest" },
  { name: "description", content: "A week of fresh meals matched to your baby's stage, for less than buying them one by one." },
  ...(data ? [{ tagName: "link", rel: "canonical", href: data.canonical }] : []),
];

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
