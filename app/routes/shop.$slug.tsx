import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { ChildFitList } from "~/components/child-fit";
import { FormError, SubmitButton, TextField, useFocusFirstError, useHydrated } from "~/components/form";
import { JsonLd } from "~/components/json-ld";
import { allergenLabel } from "~/domain/allergens";
import { getProductPage } from "~/domain/catalog.server";
import { childFit } from "~/domain/child-fit";
import { listChildren, todayIn } from "~/domain/children.server";
import { formatRand, formatRandShort } from "~/domain/money";
import { addToCartAction, type AddToCartResult } from "~/infra/cart-actions.server";
import { getUser } from "~/infra/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Meal not found · Little Harvest" }];
  const { product, canonical } = data;
  const description = `${product.description} ${product.ageGroup.label}, ${product.texture.label.toLowerCase()} texture.`.slice(
    0,
    160,
  );
  return [
    { title: `${product.name} · ${product.ageGroup.label} · Little Harvest` },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: canonical },
    { property: "og:title", content: product.name },
    { property: "og:description", content: description },
    { property: "og:type", content: "product" },
    { property: "og:url", content: canonical },
  ];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const product = await getProductPage(context, params.slug ?? "");
  if (!product) throw new Response("Not found", { status: 404 });
  const user = await getUser(request, context);
  const today = todayIn(context.clock);
  const fits = user ? (await listChildren(context.db, user.id)).map((c) => childFit(c, product, today)) : [];
  const canonical = `${context.config.appUrl}/shop/${product.slug}`;
  const prices = product.variants.map((v) => v.priceCents);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    image: product.imageUrl ? `${context.config.appUrl}${product.imageUrl}` : undefined,
    sku: product.slug,
    brand: { "@type": "Brand", name: "Little Harvest" },
    offers: prices.length
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
  };
  return { product, fits, canonical, jsonLd, signedIn: Boolean(user) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const product = await getProductPage(context, params.slug ?? "");
  if (!product) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
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
  const actionData = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const result = (fetcher.data ?? actionData) as AddToCartResult | undefined;
  const errors = result && !result.ok ? result.errors : undefined;
  useFocusFirstError(formRef, errors);
  const firstInStock = product.variants.find((v) => v.stock > 0);
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
        <img
          className="product__image"
          src={product.imageUrl ?? "/favicon.svg"}
          alt={`A bowl of ${product.name}`}
          width={640}
          height={480}
        />
        <div className="product__info">
          <h1>{product.name}</h1>
          <ul className="tags" aria-label="Age and texture">
            <li className="tag">{product.ageGroup.label}</li>
            <li className="tag">{product.texture.label}</li>
          </ul>
          <p>{product.description}</p>
          <dl className="allergens">
            <dt>Contains</dt>
            <dd>{product.contains.length ? product.contains.map(allergenLabel).join(", ") : "None of the common allergens"}</dd>
            {product.mayContain.length > 0 && (
              <>
                <dt>May contain</dt>
                <dd>{product.mayContain.map(allergenLabel).join(", ")}</dd>
              </>
            )}
          </dl>
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

          <fetcher.Form method="post" ref={formRef} className="add-to-cart" noValidate>
            {hydrated && <input type="hidden" name="_js" value="1" />}
            <FormError message={errors?.form} />
            <fieldset className="portions" aria-describedby={errors?.variantId ? "variant-error" : undefined}>
              <legend>Portion size</legend>
              {product.variants.map((v) => (
                <label key={v.id} className={`portion${v.stock <= 0 ? " portion--sold-out" : ""}`}>
                  <input
                    type="radio"
                    name="variantId"
                    value={v.id}
                    defaultChecked={v.id === firstInStock?.id}
                    disabled={v.stock <= 0}
                    aria-invalid={errors?.variantId ? true : undefined}
                    autoFocus={Boolean(errors?.variantId) && v.id === firstInStock?.id}
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
            <TextField
              label="Quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              defaultValue="1"
              error={errors?.quantity}
              autoFocus={Boolean(errors?.quantity) && !errors?.variantId}
              className="quantity-input"
            />
            <SubmitButton pending={busy} pendingLabel="Adding…" disabled={soldOut}>
              {soldOut ? "Sold out" : "Add to cart"}
            </SubmitButton>
            <p role="status" className="added-message">
              {result?.ok && fetcher.state === "idle" ? (
                <>
                  {result.message} <Link to="/cart">View cart</Link>
                </>
              ) : null}
            </p>
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
