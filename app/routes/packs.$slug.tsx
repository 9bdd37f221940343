import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { ChildFitList } from "~/components/child-fit";
import { FormError, SubmitButton, TextField, useFocusFirstError, useHydrated } from "~/components/form";
import { JsonLd } from "~/components/json-ld";
import { allergenLabel } from "~/domain/allergens";
import { getPackPage } from "~/domain/catalog.server";
import { childFit } from "~/domain/child-fit";
import { listChildren, todayIn } from "~/domain/children.server";
import { formatRand } from "~/domain/money";
import { addToCartAction, type AddToCartResult } from "~/infra/cart-actions.server";
import { getUser } from "~/infra/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Pack not found · Little Harvest" }];
  const { pack, canonical } = data;
  const description = `${pack.description} Save ${formatRand(pack.savingCents)} against buying the meals one by one.`.slice(
    0,
    160,
  );
  return [
    { title: `${pack.name} · Little Harvest` },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: canonical },
    { property: "og:title", content: pack.name },
    { property: "og:description", content: description },
    { property: "og:url", content: canonical },
  ];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const pack = await getPackPage(context, params.slug ?? "");
  if (!pack) throw new Response("Not found", { status: 404 });
  const user = await getUser(request, context);
  const today = todayIn(context.clock);
  const fits = user ? (await listChildren(context.db, user.id)).map((c) => childFit(c, pack, today)) : [];
  const canonical = `${context.config.appUrl}/packs/${pack.slug}`;
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: pack.name,
    description: pack.description,
    image: pack.imageUrl ? `${context.config.appUrl}${pack.imageUrl}` : undefined,
    sku: pack.slug,
    brand: { "@type": "Brand", name: "Little Harvest" },
    offers: {
      "@type": "Offer",
      priceCurrency: "ZAR",
      price: (pack.priceCents / 100).toFixed(2),
      availability: pack.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      url: canonical,
    },
  };
  return { pack, fits, canonical, jsonLd };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const pack = await getPackPage(context, params.slug ?? "");
  if (!pack) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  return addToCartAction(request, context, form, { kind: "pack", packId: pack.id, name: pack.name });
}

export default function PackPage() {
  const { pack, fits, jsonLd } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const result = (fetcher.data ?? actionData) as AddToCartResult | undefined;
  const errors = result && !result.ok ? result.errors : undefined;
  useFocusFirstError(formRef, errors);
  const meals = pack.items.reduce((n, it) => n + it.quantity, 0);

  return (
    <article className="page product">
      <JsonLd data={jsonLd} />
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/packs">Stage packs</Link>
      </nav>
      <div className="product__layout">
        <img
          className="product__image"
          src={pack.imageUrl ?? "/favicon.svg"}
          alt={`${pack.name}: a week of meals`}
          width={640}
          height={480}
        />
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
            <thead>
              <tr>
                <th scope="col">Meal</th>
                <th scope="col">Portion</th>
                <th scope="col">Qty</th>
                <th scope="col">Single price</th>
              </tr>
            </thead>
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
          <dl className="allergens">
            <dt>Contains</dt>
            <dd>{pack.contains.length ? pack.contains.map(allergenLabel).join(", ") : "None of the common allergens"}</dd>
            {pack.mayContain.length > 0 && (
              <>
                <dt>May contain</dt>
                <dd>{pack.mayContain.map(allergenLabel).join(", ")}</dd>
              </>
            )}
          </dl>
          <ChildFitList fits={fits} />

          <fetcher.Form method="post" ref={formRef} className="add-to-cart" noValidate>
            {hydrated && <input type="hidden" name="_js" value="1" />}
            <input type="hidden" name="packId" value={pack.id} />
            <FormError message={errors?.form ?? errors?.packId} />
            <p className="muted">
              {pack.available <= 0 ? "Sold out this week" : pack.available <= 5 ? `Only ${pack.available} left` : "In stock"}
            </p>
            <TextField
              label="Quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              defaultValue="1"
              error={errors?.quantity}
              autoFocus={Boolean(errors?.quantity)}
              className="quantity-input"
            />
            <SubmitButton pending={fetcher.state !== "idle"} pendingLabel="Adding…" disabled={pack.available <= 0}>
              {pack.available <= 0 ? "Sold out" : "Add pack to cart"}
            </SubmitButton>
            <p role="status" className="added-message">
              {result?.ok && fetcher.state === "idle" ? (
                <>
                  {result.message} <Link to="/cart">View cart</Link>
                </>
              ) : null}
            </p>
          </fetcher.Form>
        </div>
      </div>
    </article>
  );
}
