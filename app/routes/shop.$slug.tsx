import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChildFitList } from "~/components/child-fit";
import { ErrorSummary, SubmitButton, formProps } from "~/components/form";
import { AddedMessage, AllergenList, AllergyConfirm, buttonClass, QuantityField, useAddToCart } from "~/components/item-page";
import { itemPageMeta } from "~/components/item-meta";
import { JsonLd } from "~/components/json-ld";
import { getProductPage } from "~/domain/catalog.server";
import { getMealPage } from "~/domain/shop-pages.server";
import { formatRand, formatRandShort } from "~/domain/money";
import { addToCartAction } from "~/web/cart-actions.server";
import { productJsonLd } from "~/web/catalog-page.server";
import { withViewer } from "~/web/viewer.server";
import { readForm } from "~/infra/form.server";
import { PageImage } from "~/components/catalog-image";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";
import { foundOr404 } from "~/web/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Meal not found · Little Harvest" }];
  const { product, canonical } = data;
  return itemPageMeta({
    title: `${product.name} · ${product.ageGroup.label} · Little Harvest`,
    name: product.name,
    description: `${product.description} ${product.ageGroup.label}, ${product.texture.label.toLowerCase()} texture.`,
    canonical,
    ogType: "product",
  });
};

// The page is the same for every anonymous visitor (the child fit needs a session) and its loader reads only through
// the catalog cache, so its anonymous HTML may be kept and served without running it (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [user, page] = await withViewer(request, context, (userId) => getMealPage(context, userId, params.slug ?? ""));
  const { product, fits } = foundOr404(page);
  const canonical = `${context.config.appUrl}/shop/${product.slug}`;
  const prices = product.variants.map((v) => v.priceCents);
  const jsonLd = productJsonLd(
    context.config.appUrl,
    product,
    prices.length
      ? {
          "@type": "AggregateOffer",
          priceCurrency: "ZAR",
          lowPrice: (Math.min(...prices) / 100).toFixed(2),
          highPrice: (Math.max(...prices) / 100).toFixed(2),
          offerCount: prices.length,
          availability: product.variants.some((v) => v.stock > 0)
            ? "https://schema.org/InStock"
            : "https://schema.org/OutOfStock",
          url: canonical,
        }
      : undefined,
  );
  return { product, fits, canonical, jsonLd, signedIn: Boolean(user) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const product = foundOr404(await getProductPage(context, params.slug ?? ""));
  const form = await readForm(request);
  return addToCartAction(request, context, form, {
    kind: "meal",
    productId: product.id,
    name: product.name,
    portions: product.variants.map((v) => ({ id: v.id, label: v.portionLabel })),
  });
}

function stockNote(stock: number) {
  if (stock <= 0) return "Sold out";
  if (stock <= 5) return `Only ${stock} left`;
  return "In stock";
}

export default function ProductPage() {
  const { product, fits, jsonLd, signedIn } = useLoaderData<typeof loader>();
  const { fetcher, hydrated, formRef, form, result, errors, values } = useAddToCart();
  const firstInStock = product.variants.find((v) => v.stock > 0);
  // After a refusal the portion the shopper chose stays chosen (if it can still be chosen).
  const chosen = product.variants.find((v) => String(v.id) === values?.variantId && v.stock > 0) ?? firstInStock;
  const soldOut = !firstInStock;
  const busy = fetcher.state !== "idle";

  return (
    <article className="page product">
      <JsonLd data={jsonLd} />
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/shop">Shop</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/shop?age=${product.ageGroup.slug}`}>{product.ageGroup.label}</Link>
      </nav>
      <div className="product__layout">
        <PageImage url={product.imageUrl} alt={`A bowl of ${product.name}`} />
        <div className="product__info">
          <h1>{product.name}</h1>
          <ul className="tags" aria-label="Age and texture">
            <li className="tag">{product.ageGroup.label}</li>
            <li className="tag">{product.texture.label}</li>
          </ul>
          <p>{product.description}</p>
          <AllergenList contains={product.contains} mayContain={product.mayContain} />
          {fits.length > 0 ? (
            <ChildFitList fits={fits} />
          ) : !signedIn ? (
            <p className="muted">
              <Link to={`/login?redirectTo=/shop/${product.slug}`}>Log in</Link> to see at a glance whether this meal suits your
              children.
            </p>
          ) : (
            <p className="muted">
              <Link to="/account/children/new">Add your child's profile</Link> to see whether this meal suits them.
            </p>
          )}

          <fetcher.Form method="post" ref={formRef} className="add-to-cart" {...formProps(form)}>
            {hydrated && <input type="hidden" name="_js" value="1" />}
            <ErrorSummary errors={errors} />
            <fieldset className="portions" aria-describedby={errors?.variantId ? "variant-error" : undefined}>
              <legend>Portion size</legend>
              {product.variants.map((v) => (
                <label key={v.id} className={`portion${v.stock <= 0 ? " portion--sold-out" : ""}`}>
                  <input
                    type="radio"
                    name="variantId"
                    value={v.id}
                    defaultChecked={v.id === chosen?.id}
                    disabled={v.stock <= 0}
                    aria-invalid={errors?.variantId ? true : undefined}
                    autoFocus={Boolean(errors?.variantId) && v.id === chosen?.id}
                  />
                  <span className="portion__label">{v.portionLabel}</span>
                  <span className="portion__price">{formatRand(v.priceCents)}</span>
                  <span className={`portion__stock${v.stock > 0 && v.stock <= 5 ? " low" : ""}`}>{stockNote(v.stock)}</span>
                </label>
              ))}
              {errors?.variantId && (
                <p className="field-error" id="variant-error">
                  {errors.variantId}
                </p>
              )}
            </fieldset>
            <QuantityField
              error={errors?.quantity}
              autoFocus={Boolean(errors?.quantity) && !errors?.variantId}
              value={values?.quantity}
            />
            <AllergyConfirm fits={fits} error={errors?.allergyConfirm} />
            <SubmitButton pending={busy} pendingLabel="Adding…" disabled={soldOut} className={buttonClass(fits)}>
              {soldOut ? "Sold out" : "Add to cart"}
            </SubmitButton>
            <AddedMessage result={result} idle={fetcher.state === "idle"} />
          </fetcher.Form>
          {product.variants.length > 0 && (
            <p className="muted">
              From {formatRandShort(Math.min(...product.variants.map((v) => v.priceCents)))}. Delivered chilled in Johannesburg.
            </p>
          )}
          {product.packs.length > 0 && (
            <p>
              Also in:{" "}
              {product.packs.map((p, i) => (
                <span key={p.slug}>
                  {i > 0 && ", "}
                  <Link to={`/packs/${p.slug}`}>{p.name}</Link>
                </span>
              ))}
            </p>
          )}
        </div>
      </div>
    </article>
  );
}
