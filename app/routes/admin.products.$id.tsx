import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import {
  ActiveBadge,
  FieldError,
  ScrollBox,
  describedBy,
  AdminHeading,
  BackLink,
  ActiveToggleForm,
  useActiveToggle,
} from "~/components/admin/admin-ui";
import { FormError, Notice, useOutcome } from "~/components/form";
import { ProductForm } from "~/components/admin/product-form";
import {
  addVariant,
  addVariantSchema,
  adjustStock,
  saveProduct,
  setProductActive,
  setVariantActive,
  setVariantPrice,
  stockAdjustSchema,
  variantPriceSchema,
} from "~/domain/admin-catalog.server";
import { getAdminProductPage } from "~/domain/admin-catalog-pages.server";
import { fieldErrors } from "~/domain/form-errors";
import { formatRand } from "~/domain/money";
import { centsToInput } from "~/domain/money-input";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { readProductForm, redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import { readForm } from "~/infra/form.server";
import type { BodyLimit } from "~/infra/http/body-limits";
import { ownValue } from "~/domain/own-value";
import { ColumnHeads } from "~/components/column-heads";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data?.product.name ?? "Product");

const variantToggleSchema = z.object({ variantId: idNumber, active: z.enum(["true", "false"]) });

const SAVED: Record<string, string> = {
  created: "Product created.",
  saved: "Product saved.",
  price: "Price updated.",
  stock: "Stock adjusted.",
  variant: "Variant updated.",
  added: "Variant added.",
  active: "Product status updated.",
};

export const loader = (args: LoaderFunctionArgs) => loadAdminRecord(args, "Product not found", getAdminProductPage);

type Intent = "save" | "price" | "stock" | "variant-active" | "add-variant" | "activate" | "deactivate";

/** The product form carries a photo. */
export const handle = { bodyLimit: "upload" } satisfies { bodyLimit: BodyLimit };

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { admin, id: productId } = await adminRecordAction(args, "Product not found");
  // A body over the upload limit never gets here (request-guard answers 413); a photo over 2 MB inside it is refused
  // on the form by the storage check.
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const variantId = Number(form.get("variantId")) || null;
  const invalid = (errors: Record<string, string>, values?: Record<string, unknown>) =>
    invalidForm(errors, { intent, values, variantId });
  /** Runs the intent's one domain call; success goes back to the page with a notice, a refusal re-renders its form. */
  const attempt = (saved: string, change: () => Promise<unknown>, values?: Record<string, unknown>) =>
    withDomainErrors(
      async () => {
        await change();
        return redirect303(`/admin/products/${productId}`, new URLSearchParams({ saved }));
      },
      { intent, values, variantId },
    );

  switch (intent) {
    case "save": {
      const read = await readProductForm(request, form);
      if (!read.ok) return invalid(read.errors, read.values);
      const { input, image, removeImage } = read;
      return attempt("saved", () => saveProduct(context, admin, { id: productId, input, image, removeImage }), { ...input });
    }
    case "price": {
      const parsed = variantPriceSchema.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const { variantId, price } = parsed.data;
      return attempt("price", () => setVariantPrice(context, admin, productId, { variantId, priceCents: price }));
    }
    case "stock": {
      const parsed = stockAdjustSchema.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      return attempt("stock", () => adjustStock(context, admin, productId, parsed.data));
    }
    case "variant-active": {
      const parsed = variantToggleSchema.safeParse(fields);
      if (!parsed.success) return invalid({ form: "Choose a variant" });
      const { variantId, active } = parsed.data;
      return attempt("variant", () => setVariantActive(context, admin, productId, { variantId, active: active === "true" }));
    }
    case "add-variant": {
      const parsed = addVariantSchema.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const { portionSizeId, price } = parsed.data;
      return attempt("added", () => addVariant(context, admin, productId, { portionSizeId, priceCents: price }));
    }
    case "activate":
    case "deactivate":
      return attempt("active", () => setProductActive(context, admin, productId, intent === "activate"));
    default:
      return invalid({ form: "Unknown action" });
  }
}

export default function EditProduct() {
  const { product, variants, ageGroups, textures, portionSizes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saved = useOutcome("saved");
  const saveErrors = actionData?.intent === "save" ? actionData.errors : undefined;
  const values = { ...product, ...(actionData?.intent === "save" ? (actionData.values as object | undefined) : undefined) };
  const missing = portionSizes.filter((p) => !variants.some((v) => v.portionSizeId === p.id));
  const toggle = useActiveToggle(product.active);
  const { active } = toggle;
  return (
    <>
      <BackLink to="/admin/products" label="Products" />
      <AdminHeading title={product.name}>
        <ActiveBadge active={active} />
      </AdminHeading>
      {saved && <Notice>{ownValue(SAVED, saved) ?? "Saved."}</Notice>}
      <p>
        <Link to={`/shop/${product.slug}`}>View in the shop</Link>
      </p>
      <ActiveToggleForm toggle={toggle} />

      <h2>Variants</h2>
      {actionData && actionData.intent !== "save" && !actionData.variantId && <FormError message={actionData.errors.form} />}
      <ScrollBox label="Variants">
        <table>
          <ColumnHeads names={["Portion", "Price", "Stock", "Status"]} />
          <tbody>
            {variants.map((v) => (
              <VariantRow
                key={v.id}
                variant={v}
                errors={actionData?.variantId === v.id ? { intent: actionData.intent, ...actionData.errors } : undefined}
              />
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {missing.length > 0 && (
        <AddVariantForm portions={missing} errors={actionData?.intent === "add-variant" ? actionData.errors : undefined} />
      )}

      <h2>Details</h2>
      <ProductForm
        key={product.updatedAt}
        values={values}
        errors={saveErrors}
        ageGroups={ageGroups}
        textures={textures}
        submitLabel="Save product"
        busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "save"}
      />
    </>
  );
}

type Variant = ReturnType<typeof useLoaderData<typeof loader>>["variants"][number];

function VariantRow({ variant: v, errors }: { variant: Variant; errors?: Record<string, string> & { intent: string } }) {
  const price = useFetcher<typeof action>();
  const stock = useFetcher<typeof action>();
  const toggle = useFetcher<typeof action>();
  // Errors come from the fetcher (JS on) or from the page's action data (JS off).
  const priceErrors =
    (price.data?.errors as Record<string, string> | undefined) ?? (errors?.intent === "price" ? errors : undefined);
  const stockErrors =
    (stock.data?.errors as Record<string, string> | undefined) ?? (errors?.intent === "stock" ? errors : undefined);
  const pendingActive = toggle.formData?.get("active");
  const active = pendingActive ? pendingActive === "true" : v.active;
  const p = `v${v.id}`;
  return (
    <tr>
      <th scope="row">{v.portionLabel}</th>
      <td>
        <price.Form method="post" className="inline-form" key={v.priceCents}>
          <input type="hidden" name="intent" value="price" />
          <input type="hidden" name="variantId" value={v.id} />
          <label htmlFor={`${p}-price`} className="visually-hidden">
            Price for {v.portionLabel} (rand)
          </label>
          <input
            id={`${p}-price`}
            name="price"
            inputMode="decimal"
            size={7}
            defaultValue={centsToInput(v.priceCents)}
            aria-invalid={priceErrors?.price ? true : undefined}
            aria-describedby={priceErrors?.price ? `${p}-price-error` : undefined}
          />
          <button type="submit" className="link-button" disabled={price.state !== "idle"}>
            {price.state !== "idle" ? "Saving…" : `Set price`}
          </button>
          <FieldError id={`${p}-price-error`} error={priceErrors?.price ?? priceErrors?.form} />
        </price.Form>
        <small className="muted">now {formatRand(v.priceCents)}</small>
      </td>
      <td>
        <p className="stock-count">
          <strong>{v.stock}</strong> in stock
        </p>
        <stock.Form method="post" className="inline-form" key={v.stock}>
          <input type="hidden" name="intent" value="stock" />
          <input type="hidden" name="variantId" value={v.id} />
          <label htmlFor={`${p}-delta`}>Add / remove</label>
          <input
            id={`${p}-delta`}
            name="delta"
            inputMode="numeric"
            size={5}
            placeholder="+12 or -3"
            aria-invalid={stockErrors?.delta ? true : undefined}
            aria-describedby={stockErrors?.delta ? `${p}-delta-error` : undefined}
          />
          <label htmlFor={`${p}-reason`}>Reason</label>
          <input
            id={`${p}-reason`}
            name="reason"
            size={18}
            placeholder="Cooked Tuesday batch"
            aria-invalid={stockErrors?.reason ? true : undefined}
            aria-describedby={stockErrors?.reason ? `${p}-reason-error` : undefined}
          />
          <button type="submit" className="link-button" disabled={stock.state !== "idle"}>
            {stock.state !== "idle" ? "Saving…" : "Adjust stock"}
          </button>
          <FieldError id={`${p}-delta-error`} error={stockErrors?.delta ?? stockErrors?.form} />
          <FieldError id={`${p}-reason-error`} error={stockErrors?.reason} />
        </stock.Form>
      </td>
      <td>
        <ActiveBadge active={active} />
        <toggle.Form method="post">
          <input type="hidden" name="intent" value="variant-active" />
          <input type="hidden" name="variantId" value={v.id} />
          <button type="submit" name="active" value={active ? "false" : "true"} className="link-button">
            {active ? "Deactivate" : "Activate"}
            <span className="visually-hidden"> {v.portionLabel}</span>
          </button>
        </toggle.Form>
      </td>
    </tr>
  );
}

function AddVariantForm({
  portions,
  errors,
}: {
  portions: Array<{ id: number; label: string; defaultPriceCents: number }>;
  errors?: Record<string, string>;
}) {
  const fetcher = useFetcher<typeof action>();
  const shown = (fetcher.data?.errors as Record<string, string> | undefined) ?? errors;
  return (
    <fetcher.Form method="post" className="inline-form add-variant">
      <input type="hidden" name="intent" value="add-variant" />
      <label htmlFor="portionSizeId">Add a portion</label>
      <select id="portionSizeId" name="portionSizeId" {...describedBy("portionSizeId", shown)}>
        {portions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label htmlFor="new-price">Price (rand)</label>
      <input
        id="new-price"
        name="price"
        inputMode="decimal"
        size={7}
        defaultValue={centsToInput(portions[0].defaultPriceCents)}
        {...describedBy("price", shown)}
      />
      <button type="submit" className="button secondary" disabled={fetcher.state !== "idle"}>
        Add variant
      </button>
      <FieldError id="portionSizeId-error" error={shown?.portionSizeId ?? shown?.form} />
      <FieldError id="price-error" error={shown?.price} />
    </fetcher.Form>
  );
}
