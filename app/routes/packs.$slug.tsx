import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ColumnHeads } from "~/components/column-heads";
import { ChildFitList } from "~/components/child-fit";
import { ErrorSummary, SubmitButton, formProps } from "~/components/form";
import { AddedMessage, AllergenList, AllergyConfirm, buttonClass, QuantityField, useAddToCart } from "~/components/item-page";
import { itemPageMeta } from "~/components/item-meta";
import { JsonLd } from "~/components/json-ld";
import { getPackPage } from "~/domain/catalog.server";
import { getStagePackPage } from "~/domain/shop-pages.server";
import { formatRand } from "~/domain/money";
import { addToCartAction } from "~/web/cart-actions.server";
import { productJsonLd } from "~/web/catalog-page.server";
import { withViewer } from "~/web/viewer.server";
import { readForm } from "~/infra/form.server";
import { PageImage } from "~/components/catalog-image";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";
import { foundOr404 } from "~/web/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Pack not found · Little Harvest" }];
  const { pack, canonical } = data;
  return itemPageMeta({
    title: `${pack.name} · Little Harvest`,
    name: pack.name,
    description: `${pack.description} Save ${formatRand(pack.savingCents)} against buying the meals one by one.`,
    canonical,
  });
};

// The page is the same for every anonymous visitor (the child fit needs a session) and its loader reads only through
// the catalog cache, so its anonymous HTML may be kept and served without running it (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [, page] = await withViewer(request, context, (userId) => getStagePackPage(context, userId, params.slug ?? ""));
  const { pack, fits } = foundOr404(page);
  const canonical = `${context.config.appUrl}/packs/${pack.slug}`;
  const jsonLd = productJsonLd(context.config.appUrl, pack, {
    "@type": "Offer",
    priceCurrency: "ZAR",
    price: (pack.priceCents / 100).toFixed(2),
    availability: pack.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    url: canonical,
  });
  return { pack, fits, canonical, jsonLd };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const pack = foundOr404(await getPackPage(context, params.slug ?? ""));
  const form = await readForm(request);
  return addToCartAction(request, context, form, { kind: "pack", packId: pack.id, name: pack.name });
}

export default function PackPage() {
  const { pack, fits, jsonLd } = useLoaderData<typeof loader>();
  const { fetcher, hydrated, formRef, form, result, errors, values } = useAddToCart();
  const meals = pack.items.reduce((n, it) => n + it.quantity, 0);

  return (
    <article className="page product">
      <JsonLd data={jsonLd} />
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/packs">Stage packs</Link>
      </nav>
      <div className="product__layout">
        <PageImage url={pack.imageUrl} alt={`${pack.name}: a week of meals`} />
        <div className="product__info">
          <h1>{pack.name}</h1>
          <ul className="tags">
            <li className="tag">{pack.ageGroup.label}</li>
            <li className="tag">{meals} meals</li>
          </ul>
          <p>{pack.description}</p>
          <p className="pack-price">
            <strong className="price">{formatRand(pack.priceCents)}</strong>{" "}
            {pack.savingCents > 0 && (
              <span className="saving">
                Save {formatRand(pack.savingCents)}{" "}
                <span className="muted">
                  (meals one by one: <s>{formatRand(pack.singlesCents)}</s>)
                </span>
              </span>
            )}
          </p>
          <h2>What's inside</h2>
          <table className="pack-contents">
            <ColumnHeads names={["Meal", "Portion", "Qty", "Single price"]} />
            <tbody>
              {pack.items.map((it) => (
                <tr key={it.variantId}>
                  <td>
                    <Link to={`/shop/${it.productSlug}`}>{it.productName}</Link>
                  </td>
                  <td>{it.portionLabel}</td>
                  <td>{it.quantity}</td>
                  <td>{formatRand(it.unitPriceCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <AllergenList contains={pack.contains} mayContain={pack.mayContain} />
          <ChildFitList fits={fits} />

          <fetcher.Form method="post" ref={formRef} className="add-to-cart" {...formProps(form)}>
            {hydrated && <input type="hidden" name="_js" value="1" />}
            <input type="hidden" name="packId" value={pack.id} />
            <ErrorSummary errors={errors} />
            <p className="muted">
              {pack.available <= 0 ? "Sold out this week" : pack.available <= 5 ? `Only ${pack.available} left` : "In stock"}
            </p>
            <QuantityField error={errors?.quantity} autoFocus={Boolean(errors?.quantity)} value={values?.quantity} />
            <AllergyConfirm fits={fits} error={errors?.allergyConfirm} />
            <SubmitButton
              pending={fetcher.state !== "idle"}
              pendingLabel="Adding…"
              disabled={pack.available <= 0}
              className={buttonClass(fits)}
            >
              {pack.available <= 0 ? "Sold out" : "Add pack to cart"}
            </SubmitButton>
            <AddedMessage result={result} idle={fetcher.state === "idle"} />
          </fetcher.Form>
        </div>
      </div>
    </article>
  );
}
